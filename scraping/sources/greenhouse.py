"""Greenhouse job-board API: one request lists every open job with its content."""
import re
from urllib.parse import urlparse

from scraping.html_text import html_to_text, unescape_html
from scraping.http import get_json

from .base import FetchResult, Posting, Source, SourceError

DEFAULT_API_BASE = "https://boards-api.greenhouse.io"
_BOARD_URL_RE = re.compile(r"^/(?:embed/job_board\?for=)?([A-Za-z0-9_-]+)")


def board_token_from_url(url: str) -> str:
    """`boards.greenhouse.io/acme` or `job-boards.greenhouse.io/acme/...` -> `acme`."""
    parsed = urlparse(url)
    if "greenhouse.io" not in parsed.netloc:
        return ""
    match = _BOARD_URL_RE.match(parsed.path)
    return match.group(1) if match else ""


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
