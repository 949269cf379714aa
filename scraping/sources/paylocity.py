"""Paylocity Recruiting's public job list (recruiting.paylocity.com/Recruiting/Jobs/All/<company guid>): the page's
`window.pageData` script holds its jobs (all of them, as the page's name says; it does not page), each with its place,
remote flag, date and the first words of its description, which are all the text read; each job's page is
/Recruiting/Jobs/Details/<JobId>.

A job's page is not read (no recorded one to test against), and its URL names no company, so it detects no board.
"""
from . import urls
from .declared import AtsApi, DeclaredSource, dig, place
from .page_data import assigned_json

_HOSTS = ("recruiting.paylocity.com",)
_ALPHA_2 = {"USA": "US"}  # JobLocation.Country as recorded; our places keep ISO alpha-2 codes only


def _params(parsed: urls.CareersUrl) -> dict:
    """/Recruiting/Jobs/All/<company guid>[/<Company-Name>], in any case."""
    company = urls.uuid(parsed.segment(3))
    return {"company": company} if parsed.host in _HOSTS and parsed.begins_with("recruiting", "jobs", "all") \
        and company else {}


_PLACE = place(name="LocationName", city="JobLocation.City", region="JobLocation.State",
               country=lambda job: _ALPHA_2.get(str(dig(job, "JobLocation.Country"))))


def _shown_place(job: dict) -> list:
    """The job's place, unless the company hides it (ShouldDisplayLocation false)."""
    return [] if job.get("ShouldDisplayLocation") is False else _PLACE(job)


class PaylocitySource(DeclaredSource):
    kind = "paylocity"
    api = AtsApi(
        vendor="Paylocity",
        base=f"https://{_HOSTS[0]}",
        listing="/Recruiting/Jobs/All/{company}",
        required_params=("company",),
        careers_url_example=f"{_HOSTS[0]}/Recruiting/Jobs/All/<company guid>",
        params_from_url=_params,
        page=assigned_json("window.pageData"),
        rows="Jobs",
        id="JobId",
        title="JobTitle",
        page_url="{base}/Recruiting/Jobs/Details/{id}",
        locations=_shown_place,  # "West Coast region", "Pittsburg, PA"
        remote=lambda job: "remote" if job.get("IsRemote") is True else None,  # false says nothing of hybrid
        department="HiringDepartment",
        date_posted="PublishedDate",
        plain="Description",  # a teaser cut mid-word; the job's page has the rest
    )
