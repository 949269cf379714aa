"""Teamtailor's public JSON Feed (jobs.json): a page of 100 postings with `next_url` to the next, each with its
schema.org JobPosting."""
import re

from scraping.jsonld import job_posting_fields

from . import urls
from .declared import AtsApi, DeclaredSource, Paging, subdomain

_JOB_PAGE_RE = re.compile(r"(\d+)(?:-|$)")


def _job_id(item: dict):
    """The job's number, which its page's URL shows (/jobs/8461370-vendeur); the feed's `id` is a UUID no URL shows."""
    identifier = (item.get("_jobposting") or {}).get("identifier") or {}
    return identifier.get("value") if isinstance(identifier, dict) else None


def _posting_id(parsed: urls.CareersUrl) -> str:
    match = _JOB_PAGE_RE.match(parsed.after("jobs"))
    return match[1] if match else ""


class TeamtailorSource(DeclaredSource):
    kind = "teamtailor"
    api = AtsApi(
        vendor="Teamtailor",
        base="https://{company}.teamtailor.com",
        listing="/jobs.json",
        required_params=("company",),
        careers_url_example="<company>.teamtailor.com/jobs",
        params_from_url=subdomain(r"teamtailor\.com", "company"),
        posting_id_from_url=_posting_id,
        rows="items",
        paging=Paging.NEXT_URL,
        next_url="next_url",
        id=_job_id,
        html=("content_html",),
        date_posted="date_published",
        # Places, pay, employment type and remote as the feed's JobPosting states them, read as JSON-LD is.
        more=lambda item: job_posting_fields(item.get("_jobposting") or {}),
    )
