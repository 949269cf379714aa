"""Greenhouse job-board API: one request lists every open job with its content; a job's own request gives its pay."""
import logging
import re
import time
from dataclasses import replace
from functools import partial

from scraping import mapping
from scraping.html_text import html_to_text, unescape_html
from scraping.http import get_json
from scraping.selectors import stored_pay

from . import urls
from .base import FetchResult, Posting, Source, SourceError

logger = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://boards-api.greenhouse.io"
PAY_SECONDS = 300  # seconds a run spends asking jobs for their pay: half the scrape task's soft time limit
# Greenhouse's hosts that serve boards; its other subdomains (engineering.greenhouse.io) are its own sites.
_BOARD_HOSTS = (
    "boards.greenhouse.io", "job-boards.greenhouse.io", "boards.eu.greenhouse.io", "job-boards.eu.greenhouse.io"
)


def pay_fields(ranges) -> dict:
    """Our salary fields for a job's `pay_input_ranges` ([{"min_cents", "max_cents", "currency_type", "title"}], one
    range per place or level): the span of them all, in their one currency; {} for none, or for ranges in several
    currencies, which no one span states (pure)."""
    ranges = [item for item in ranges if isinstance(item, dict)] if isinstance(ranges, list) else []
    currencies = {str(item.get("currency_type") or "").strip().upper() for item in ranges}
    if len(currencies) != 1:
        return {}
    lows = [cents / 100 for item in ranges if isinstance(cents := item.get("min_cents"), (int, float))]
    highs = [cents / 100 for item in ranges if isinstance(cents := item.get("max_cents"), (int, float))]
    titles = " ".join(str(item.get("title") or "") for item in ranges)
    period = next((name for name, pattern in _PERIOD_WORDS if pattern.search(titles)), None)
    return mapping.salary_fields(low=min(lows, default=None), high=max(highs, default=None),
                                 currency=currencies.pop(), period=period)


# A range's title says its period when it says one: "Annual Salary", "Hourly Pay Range".
_PERIOD_WORDS = (
    ("hour", re.compile(r"\bhour(?:ly)?\b", re.I)),
    ("month", re.compile(r"\bmonth(?:ly)?\b", re.I)),
    ("year", re.compile(r"\b(?:annual(?:ly)?|year(?:ly)?|salary)\b", re.I)),
)


def posting_from_job(job: dict) -> Posting:
    """Map one job of the board API (with content) to a Posting (pure)."""
    fields = {}
    if job.get("title"):
        fields["title"] = job["title"].strip()
    if job.get("company_name"):
        fields["company"] = job["company_name"].strip()
    location = (job.get("location") or {}).get("name", "").strip()
    if location:
        fields["locations"] = [{"name": location}]
    departments = [d.get("name", "").strip() for d in job.get("departments") or [] if d.get("name")]
    if departments:
        fields["department"] = departments[0]
    # The board's custom fields, named as each employer likes: "Workplace Type", "Location Type", "Time Type".
    metadata = job.get("metadata") if isinstance(job.get("metadata"), list) else []
    labelled = [(item.get("name"), item.get("value")) for item in metadata if isinstance(item, dict)]
    fields.update(mapping.custom_fields(labelled))
    fields.update(pay_fields(job.get("pay_input_ranges")))
    published = job.get("first_published") or job.get("updated_at")
    if published:
        fields["date_posted"] = str(published)[:10]
    markup = unescape_html(job.get("content") or "")
    text = html_to_text(markup)
    return Posting(
        external_id=mapping.external_id(job["id"]),
        url=str(job.get("absolute_url") or ""),
        text="\n\n".join(part for part in (fields.get("title", ""), location, text) if part),
        description_html=markup,
        fields=fields,
        # Each post of a job has its own `id`; `internal_job_id` is the job's, shared by all its posts.
        requisition_id=str(job.get("requisition_id") or ""),
        ats_job_id=str(job.get("internal_job_id") or ""),
    )


class GreenhouseSource(Source):
    kind = "greenhouse"
    vendor = "Greenhouse"
    required_params = ("board_token",)
    careers_url_example = "boards.greenhouse.io/<board_token>"

    @classmethod
    def params_from_url(cls, url: str) -> dict:
        """`board_token` of a board, job, embed or API URL (`acme` for all below).

        boards.greenhouse.io/acme, job-boards.greenhouse.io/acme/jobs/1,
        boards.greenhouse.io/embed/job_board?for=acme, boards-api.greenhouse.io/v1/boards/acme/jobs
        """
        parsed = urls.parse(url)
        if parsed.host in _BOARD_HOSTS and parsed.segment(0) == "embed":
            # The embed's path names the widget; the board is in the query string.
            token = urls.slug(parsed.parameter("for"))
        else:
            token = parsed.board(hosts=_BOARD_HOSTS, api_hosts=("boards-api.greenhouse.io",), api_marker="boards")
        return {"board_token": token} if token else {}

    @classmethod
    def posting_id_from_url(cls, url: str) -> str:
        """The job id of a job or application URL on a board (`123` for all below).

        job-boards.greenhouse.io/acme/jobs/123, boards.greenhouse.io/acme?gh_jid=123,
        boards.greenhouse.io/embed/job_app?for=acme&token=123
        """
        if not cls.params_from_url(url):
            return ""
        parsed = urls.parse(url)
        if parsed.segment(0) == "embed":
            return urls.number(parsed.parameter("token"))
        return urls.number(parsed.after("jobs") or parsed.parameter("gh_jid"))

    def fetch(self, company) -> FetchResult:
        params = self.params(company)
        token = params["board_token"]
        api_base = params.get("api_base", DEFAULT_API_BASE).rstrip("/")
        jobs_url = f"{api_base}/v1/boards/{token}/jobs"
        data = get_json(jobs_url, params={"content": "true", "pay_transparency": "true"})
        if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
            raise SourceError(f"{company.name}: Greenhouse answered without a 'jobs' list")
        result = FetchResult()
        known = stored_pay(company=company)
        # Every board shares Greenhouse's one API host, paced for all: a first read of a large board asks pay for as
        # long as PAY_SECONDS allows, and the next runs ask for the rest, so no run outlasts the task's time limit.
        deadline = time.monotonic() + PAY_SECONDS
        for job in data["jobs"]:
            mapping.add_posting(result, job, partial(_with_pay, jobs_url=jobs_url, known=known, deadline=deadline))
        return result


def _with_pay(job: dict, *, jobs_url: str, known: dict, deadline: float) -> Posting:
    """The job's posting with its pay. The list states pay when it gives `pay_input_ranges`; otherwise the job's
    own request does, asked only for a job new or changed since it was stored: one stored with the same content
    keeps the pay it had, and an unchanged board costs no request beyond its list. A failed request leaves the
    pay out (the list gave everything else); the job is asked again once its content changes. Past the run's
    deadline the job is not asked: it is marked detail_missing, and asked next run."""
    posting = posting_from_job(job)
    if "pay_input_ranges" in job:
        return posting
    if posting.external_id in known:
        content_hash, pay = known[posting.external_id]
        unchanged = replace(posting, fields={**posting.fields, **pay})
        if unchanged.content_hash == content_hash:
            return unchanged
    if time.monotonic() > deadline:
        return replace(posting, detail_missing=f"pay not asked: this run's {PAY_SECONDS} s for pay requests were spent")
    try:
        detail = get_json(f"{jobs_url}/{posting.external_id}", params={"pay_transparency": "true"})
    except SourceError as exc:
        logger.warning("pay of Greenhouse job %s not read: %s", posting.external_id, exc)
        return posting
    pay = pay_fields(detail.get("pay_input_ranges")) if isinstance(detail, dict) else {}
    return replace(posting, fields={**posting.fields, **pay}) if pay else posting
