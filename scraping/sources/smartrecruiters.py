"""SmartRecruiters posting API: the company's postings page by page, then each posting's job ad."""
import html
from dataclasses import replace
from functools import partial
from urllib.parse import quote

from scraping import mapping
from scraping.html_text import html_to_text
from scraping.http import get_json

from . import urls
from .base import FetchResult, Posting, Source, SourceError

# The list gives each posting's title, location and categories; only the detail has the job ad and pay.
DEFAULT_API_BASE = "https://api.smartrecruiters.com"


def _remote(location: dict) -> str | None:
    if location.get("remote") is True:
        return "remote"
    if location.get("hybrid") is True:
        return "hybrid"
    # Without the hybrid flag, remote=false does not rule out a hybrid job.
    if location.get("remote") is False and location.get("hybrid") is False:
        return "onsite"
    return None


def description_html(job: dict) -> str:
    """The job ad's sections (company, job description, qualifications, additional information) under their titles."""
    sections = (job.get("jobAd") or {}).get("sections") or {}
    parts = []
    for section in sections.values():
        if isinstance(section, dict) and section.get("text"):
            title = html.escape(str(section.get("title") or "").strip())
            parts.append((f"<h2>{title}</h2>" if title else "") + str(section["text"]))
    return "\n".join(parts)


def _dicts(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def posting_from_job(job: dict) -> Posting:
    """Map one posting (the detail, or the list entry merged with it) to a Posting (pure)."""
    fields = {}
    if title := str(job.get("name") or "").strip():
        fields["title"] = title
    if company := str((job.get("company") or {}).get("name") or "").strip():
        fields["company"] = company
    location = job.get("location") or {}
    place = mapping.location_entry(
        location.get("fullLocation"),
        city=location.get("city"),
        region=location.get("region"),
        country=location.get("country"),
    )
    if place:
        fields["locations"] = [place]
    if remote := _remote(location):
        fields["remote"] = remote
    if department := str((job.get("department") or {}).get("label") or "").strip():
        fields["department"] = department
    # Ids are the same in every language; labels follow the job ad's ("Full-time", "Vollzeit").
    kind = job.get("typeOfEmployment") or {}
    if employment := mapping.employment_type(kind.get("id")) or mapping.employment_type(kind.get("label")):
        fields["employment_type"] = employment
    level = job.get("experienceLevel") or {}
    if seniority := mapping.seniority(level.get("id")) or mapping.seniority(level.get("label")):
        fields["seniority"] = seniority
    pay = job.get("compensation") or {}
    fields.update(
        mapping.salary_fields(
            low=pay.get("min"), high=pay.get("max"), currency=pay.get("currency"), period=pay.get("period")
        )
    )
    if posted := mapping.iso_date(job.get("releasedDate")):
        fields["date_posted"] = posted
    # The employer's own fields ("Work Arrangement", "Employment Type") fill what the standard ones leave open.
    labelled = [(item.get("fieldLabel"), item.get("valueLabel")) for item in _dicts(job.get("customField"))]
    for name, value in mapping.custom_fields(labelled).items():
        fields.setdefault(name, value)
    markup = description_html(job)
    return Posting(
        external_id=mapping.external_id(job["id"]),
        url=str(job.get("postingUrl") or ""),
        text="\n\n".join(part for part in (title, place["name"] if place else "", html_to_text(markup)) if part),
        description_html=markup,
        fields=fields,
        # The job's reference number: one job may be posted several times (each post with its own id).
        requisition_id=str(job.get("refNumber") or ""),
    )


class SmartRecruitersSource(Source):
    """Source parameters: `board_token` (the company identifier) and `api_base` (tests point it at loopback)."""

    kind = "smartrecruiters"
    vendor = "SmartRecruiters"
    required_params = ("board_token",)
    careers_url_example = "careers.smartrecruiters.com/<board_token>"
    page_size = 100  # postings per list request: the most the API gives at once

    @classmethod
    def params_from_url(cls, url: str) -> dict:
        """`board_token` (the company identifier) of a careers, job, apply or API URL (`Acme` for all below).

        careers.smartrecruiters.com/Acme, jobs.smartrecruiters.com/Acme/744000000000000-engineer,
        jobs.smartrecruiters.com/oneclick-ui/company/Acme/publication/<id>, api.smartrecruiters.com/v1/companies/Acme
        """
        parsed = urls.parse(url)
        hosts = ("jobs.smartrecruiters.com", "careers.smartrecruiters.com")
        if parsed.host in hosts and parsed.segment(0) == "oneclick-ui":
            # Apply buttons link to the one-click form, which names the company further down its path.
            identifier = urls.slug(parsed.after("company"))
        else:
            identifier = parsed.board(hosts=hosts, api_hosts=("api.smartrecruiters.com",), api_marker="companies")
        return {"board_token": identifier} if identifier else {}

    @classmethod
    def posting_id_from_url(cls, url: str) -> str:
        """The posting id that opens a job page's name: jobs.smartrecruiters.com/Acme/744000000000000-engineer.

        The one-click apply form names a publication, not the posting: "".
        """
        if not cls.params_from_url(url):
            return ""
        return urls.number(urls.parse(url).segment(1).split("-", 1)[0])

    def fetch(self, company) -> FetchResult:
        params = self.params(company)
        identifier = params["board_token"]
        api_base = params.get("api_base", DEFAULT_API_BASE).rstrip("/")
        postings_url = f"{api_base}/v1/companies/{quote(identifier, safe='')}/postings"
        result = FetchResult()

        def read_page(offset: int) -> tuple[int, list]:
            page = get_json(postings_url, params={"limit": self.page_size, "offset": offset})
            if not (
                isinstance(page, dict)
                and isinstance(page.get("content"), list)
                and isinstance(page.get("totalFound"), int)
            ):
                raise SourceError(f"{company.name}: SmartRecruiters answered without 'content' and 'totalFound'")
            return page["totalFound"], page["content"]

        summaries = mapping.walk_pages(read_page, page_size=self.page_size, key="id", result=result, what="posting")
        for summary in summaries:
            posting_id = str(summary["id"])
            # The detail repeats the list entry's fields; the entry fills any the detail leaves out, and the id that
            # was listed stays the posting's identity. Without its detail, the entry alone is the posting.
            mapping.add_posting_with_detail(
                result, summary, read_detail=partial(_detail, f"{postings_url}/{quote(posting_id, safe='')}"),
                from_detail=partial(_posting_from_detail, summary), from_row=_posting_from_entry, id_key="id",
            )
        return result


def _detail(url: str) -> dict:
    detail = get_json(url)
    if not isinstance(detail, dict):
        raise SourceError(f"{url} answered without a posting")
    return detail


def _posting_from_detail(entry: dict, detail: dict) -> Posting:
    return posting_from_job({**entry, **detail, "id": str(entry["id"])})


def _posting_from_entry(entry: dict, *, detail_missing: str) -> Posting:
    return replace(posting_from_job(entry), detail_missing=detail_missing)
