"""Ashby job-board API: one request lists every published job with its description and compensation."""
from scraping import mapping

from . import urls
from .base import Posting
from .declared import AtsApi, DeclaredSource, first_segment


def _listed(answer) -> list | None:
    """The board's jobs but the unlisted ones, reachable only through their link: the company keeps them off it."""
    jobs = answer.get("jobs") if isinstance(answer, dict) else None
    if not isinstance(jobs, list):
        return None
    return [job for job in jobs if not (isinstance(job, dict) and job.get("isListed") is False)]


def _place(name, address) -> dict | None:
    # Boards nest the parts in schema.org's `postalAddress`; Ashby's documented example puts them on `address`.
    postal = address.get("postalAddress", address) if isinstance(address, dict) else None
    postal = postal if isinstance(postal, dict) else {}
    return mapping.location_entry(name, city=postal.get("addressLocality"), region=postal.get("addressRegion"),
                                  country=postal.get("addressCountry"))


def _locations(job: dict) -> list:
    return [_place(job.get("location"), job.get("address"))] + [
        _place(secondary.get("location"), secondary.get("address"))
        for secondary in job.get("secondaryLocations") or [] if isinstance(secondary, dict)]


def _salary(job: dict) -> dict:
    """The range of the job's one Salary component; {} when there is none, or several (e.g. one per currency)."""
    compensation = job.get("compensation")
    components = compensation.get("summaryComponents") if isinstance(compensation, dict) else None
    salaries = [c for c in components or [] if isinstance(c, dict) and c.get("compensationType") == "Salary"]
    if len(salaries) != 1:
        return {}
    (salary,) = salaries
    return mapping.salary_fields(low=salary.get("minValue"), high=salary.get("maxValue"),
                                 currency=salary.get("currencyCode"),
                                 period=salary.get("interval"))  # "1 YEAR", "1 HOUR", ...


class AshbySource(DeclaredSource):
    """Source parameters: `board_token` (the job board's name) and `api_base` (tests point it at loopback)."""

    kind = "ashby"
    api = AtsApi(
        vendor="Ashby",
        base="https://api.ashbyhq.com",
        listing="/posting-api/job-board/{board_token}",
        query={"includeCompensation": "true"},
        required_params=("board_token",),
        careers_url_example="jobs.ashbyhq.com/<board_token>",
        # jobs.ashbyhq.com/acme, jobs.ashbyhq.com/acme/<job id>, api.ashbyhq.com/posting-api/job-board/acme
        params_from_url=first_segment(("jobs.ashbyhq.com",), "board_token", api_hosts=("api.ashbyhq.com",),
                                      api_marker="job-board"),
        # A job page or its form: jobs.ashbyhq.com/acme/<job id>[/application].
        posting_id_from_url=lambda parsed: urls.uuid(parsed.segment(1)),
        # The posting API has no paging and no per-job endpoint: the board answer holds every job whole.
        rows=_listed,
        no_rows="a 'jobs' list",
        id=lambda job: job["id"],
        url="jobUrl",
        html=("descriptionHtml",),
        plain="descriptionPlain",
        department=("department", "team"),
        locations=_locations,
        # Only workplaceType decides: isRemote is also true for hybrid jobs (Ramp's boards show both together).
        remote="workplaceType",  # "OnSite", "Hybrid", "Remote"
        employment_type="employmentType",  # "FullTime", "Intern"
        pay=_salary,
        date_posted="publishedAt",
    )


def posting_from_job(job: dict) -> Posting:
    """Map one job of the job-board API (with compensation) to a Posting (pure)."""
    return AshbySource().posting(job)
