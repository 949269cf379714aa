"""Lever postings API: every published posting with its full content, read page by page."""
import html
import re
from urllib.parse import quote

from scraping import mapping
from scraping.html_text import html_to_text
from scraping.http import get_json

from . import urls
from .base import FetchResult, Posting, Source, SourceError

# One list request carries each posting whole: Lever documents its single-posting endpoint as giving the
# same fields as the list, so there is no detail request to make.
DEFAULT_API_BASE = "https://api.lever.co"
EU_API_BASE = "https://api.eu.lever.co"  # sites on Lever's EU instance (jobs.eu.lever.co) have their own API
# Lever writes pay intervals as "per-year-salary", "per-hour-wage"; the last word names the kind of pay, not the
# period, so it is dropped before the period is read.
_INTERVAL_KIND_RE = re.compile(r"-(salary|wage)$")


def _locations(job: dict) -> list[dict]:
    categories = job.get("categories") or {}
    primary = str(categories.get("location") or "").strip()
    names = [str(name or "").strip() for name in categories.get("allLocations") or []] or [primary]
    # `country` is the posting's; with several locations only the primary one is known to be in it.
    return mapping.distinct_locations(
        mapping.location_entry(name, country=job.get("country") if name == primary else "") for name in names
    )


def _html_or_plain(job: dict, key: str) -> str:
    """`key`'s HTML, or its plain-text twin (`descriptionPlain`, `additionalPlain`) as paragraphs when the HTML is
    missing or has no text."""
    markup = job.get(key) or ""
    if isinstance(markup, str) and html_to_text(markup):
        return markup
    plain = job.get(f"{key}Plain")
    if not isinstance(plain, str) or not plain.strip():
        return ""
    return "".join(f"<p>{html.escape(block.strip())}</p>" for block in re.split(r"\n\s*\n", plain) if block.strip())


def description_html(job: dict) -> str:
    """The posting as Lever's job site shows it: description, each list under its heading, pay note, closing."""
    parts = [_html_or_plain(job, "description")]
    for block in [block for block in job.get("lists") or [] if isinstance(block, dict)]:
        heading = html.escape(str(block.get("text") or "").strip())
        parts.append((f"<h3>{heading}</h3>" if heading else "") + f"<ul>{block.get('content') or ''}</ul>")
    parts += [job.get("salaryDescription") or "", _html_or_plain(job, "additional")]
    return "\n".join(part for part in parts if part)


def posting_from_job(job: dict) -> Posting:
    """Map one posting of the postings API (JSON mode) to a Posting (pure)."""
    fields = {}
    if title := str(job.get("text") or "").strip():
        fields["title"] = title
    if locations := _locations(job):
        fields["locations"] = locations
    if remote := mapping.remote_mode(job.get("workplaceType")):
        fields["remote"] = remote
    categories = job.get("categories") or {}
    if kind := mapping.employment_type_in(categories.get("commitment")):
        fields["employment_type"] = kind
    # A department groups teams; companies that use only teams leave it out.
    if department := str(categories.get("department") or categories.get("team") or "").strip():
        fields["department"] = department
    salary = job.get("salaryRange") or {}
    fields.update(
        mapping.salary_fields(
            low=salary.get("min"),
            high=salary.get("max"),
            currency=salary.get("currency"),
            period=_INTERVAL_KIND_RE.sub("", str(salary.get("interval") or "")),
        )
    )
    if posted := mapping.date_from_epoch_ms(job.get("createdAt")):
        fields["date_posted"] = posted
    markup = description_html(job)
    places = "; ".join(location["name"] for location in locations)
    return Posting(
        external_id=mapping.external_id(job["id"]),
        url=str(job.get("hostedUrl") or ""),
        text="\n\n".join(part for part in (title, places, html_to_text(markup)) if part),
        description_html=markup,
        fields=fields,
    )


class LeverSource(Source):
    """Source parameters: `board_token` (the Lever site) and `api_base` (the EU API for a jobs.eu.lever.co
    careers URL, the global one otherwise; tests point it at loopback).
    """

    kind = "lever"
    vendor = "Lever"
    required_params = ("board_token",)
    careers_url_example = "jobs.lever.co/<board_token>"
    page_size = 100  # postings per request; Lever documents no maximum, and each posting carries its full text

    @classmethod
    def params_from_url(cls, url: str) -> dict:
        """`board_token` (the Lever site) of a job-site or API URL, with the EU `api_base` for EU-hosted sites.

        jobs.lever.co/acme, jobs.eu.lever.co/acme/<posting id>, api.lever.co/v0/postings/acme?mode=json
        """
        parsed = urls.parse(url)
        site = parsed.board(
            hosts=("jobs.lever.co", "jobs.eu.lever.co"),
            api_hosts=("api.lever.co", "api.eu.lever.co"),
            api_marker="postings",
        )
        if not site:
            return {}
        return {"board_token": site, "api_base": EU_API_BASE} if ".eu." in parsed.host else {"board_token": site}

    @classmethod
    def posting_id_from_url(cls, url: str) -> str:
        """The posting id of a job-site posting or its form: jobs.lever.co/acme/<posting id>[/apply]."""
        return urls.uuid(urls.parse(url).segment(1)) if cls.params_from_url(url) else ""

    def fetch(self, company) -> FetchResult:
        params = self.params(company)
        site = params["board_token"]
        api_base = (params.get("api_base") or DEFAULT_API_BASE).rstrip("/")
        url = f"{api_base}/v0/postings/{quote(site, safe='')}"
        result = FetchResult()
        # Lever states no total, so each page starts with the last posting of the one before: when a posting
        # before it is withdrawn during the walk, the list shifts and one posting would go unread (and be closed).
        # A page that does not start with that posting, nor with any other already read, shows the shift.
        overlap = 1 if self.page_size > 1 else 0
        skip, last_id = 0, None
        while True:
            page = get_json(url, params={"mode": "json", "skip": skip, "limit": self.page_size})
            if not isinstance(page, list):
                raise SourceError(f"{company.name}: Lever answered without a list of postings")
            known = {posting.external_id for posting in result.postings}
            ids = [str(job.get("id")) if isinstance(job, dict) else None for job in page]
            if last_id is not None and ids and ids[0] != last_id and ids[0] not in known and result.complete:
                result.complete = False
                result.errors.append(f"{url} changed while it was read (at skip={skip}); closing nothing this time")
            fresh = [job for job, job_id in zip(page, ids) if job_id not in known]
            if ids == [last_id]:  # only the posting the last page ended with: the list ends there
                return result
            if page and not fresh:
                # A server that ignores `skip` would send this page forever; what it hides stays open.
                result.complete = False
                result.errors.append(f"{url} repeated earlier postings at skip={skip}; stopped reading")
                return result
            for job in fresh:
                mapping.add_posting(result, job, posting_from_job)
            if len(page) < self.page_size:
                return result
            last_id = ids[-1]
            skip += len(page) - overlap
