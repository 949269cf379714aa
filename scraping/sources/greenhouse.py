"""Greenhouse job-board API: one request lists every open job with its content."""
import re
from urllib.parse import parse_qs, urlparse

from scraping.html_text import html_to_text, unescape_html
from scraping.http import get_json

from .base import FetchResult, Posting, Source, SourceError

DEFAULT_API_BASE = "https://boards-api.greenhouse.io"
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]+")


def board_token_from_url(url: str) -> str:
    """The board token of a Greenhouse board, embed or API URL (`acme` for all below); "" for others.

    boards.greenhouse.io/acme, job-boards.greenhouse.io/acme/jobs/1,
    boards.greenhouse.io/embed/job_board?for=acme, boards-api.greenhouse.io/v1/boards/acme/jobs
    """
    parsed = urlparse(url)
    host = parsed.hostname or ""
    if host != "greenhouse.io" and not host.endswith(".greenhouse.io"):
        return ""
    segments = [segment for segment in parsed.path.split("/") if segment]
    if segments[:1] == ["embed"]:
        # The embed's path names the widget; the board is in the query string.
        token = parse_qs(parsed.query).get("for", [""])[0]
    elif segments[:2] == ["v1", "boards"]:
        token = segments[2] if len(segments) > 2 else ""
    else:
        token = segments[0] if segments else ""
    return token if _TOKEN_RE.fullmatch(token) else ""


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
    published = job.get("first_published") or job.get("updated_at")
    if published:
        fields["date_posted"] = str(published)[:10]
    markup = unescape_html(job.get("content") or "")
    text = html_to_text(markup)
    return Posting(
        external_id=str(job["id"]),
        url=job.get("absolute_url") or "",
        text="\n\n".join(part for part in (fields.get("title", ""), location, text) if part),
        description_html=markup,
        fields=fields,
    )


class GreenhouseSource(Source):
    kind = "greenhouse"

    def fetch(self, company) -> FetchResult:
        params = self.params(company)
        token = params.get("board_token") or board_token_from_url(company.careers_url)
        if not token:
            raise SourceError(
                f"{company.name}: no Greenhouse board token; set source parameter board_token "
                f"or use a boards.greenhouse.io/<token> careers URL."
            )
        api_base = params.get("api_base", DEFAULT_API_BASE).rstrip("/")
        data = get_json(f"{api_base}/v1/boards/{token}/jobs", params={"content": "true"})
        if not isinstance(data, dict) or not isinstance(data.get("jobs"), list):
            raise SourceError(f"{company.name}: Greenhouse answered without a 'jobs' list")
        result = FetchResult()
        for job in data["jobs"]:
            try:
                result.postings.append(posting_from_job(job))
            except (KeyError, TypeError, AttributeError) as exc:
                result.complete = False
                result.errors.append(f"job {job.get('id', '?') if isinstance(job, dict) else '?'}: malformed ({exc!r})")
        return result
