"""Generic career pages, fetched by scraping.http and read by crawl4ai: JSON-LD JobPosting first, else markdown."""
import asyncio
import html
import re
import sqlite3
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlparse

from tenacity import retry, retry_if_exception, stop_after_attempt, wait_random

from scraping.errors import FetchError
from scraping.http import FetchedPage, get_page
from scraping.jsonld import find_job_postings, job_posting_description, job_posting_fields, job_posting_identifier

from .base import FetchResult, Posting, Source, SourceError

MAX_JOB_PAGES = 50  # pages fetched per listing; each costs one request to the company's site
# Tried in order: a job page's <h1> is the job's title; its <title> often adds the site's name.
_TITLE_RES = (
    re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL),
    re.compile(r"<title\b[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL),
)
_TAG_RE = re.compile(r"<[^>]+>")


@dataclass
class Page:
    """What we keep of a fetched page, with crawl4ai's reading of it; parsing tests build it without network."""

    url: str
    html: str
    markdown: str = ""
    cleaned_html: str = ""  # the page without scripts, styles and forms: what a reader of the posting sees
    links: list[str] = field(default_factory=list)


def canonical_url(url: str) -> str:
    return urldefrag(url)[0]


def page_title(page_html: str) -> str:
    """The text of the page's first <h1>, else of its <title>; "" when it has neither."""
    for title_re in _TITLE_RES:
        match = title_re.search(page_html or "")
        title = html.unescape(re.sub(r"\s+", " ", _TAG_RE.sub("", match.group(1)))).strip() if match else ""
        if title:
            return title
    return ""


def postings_from_page(page: Page) -> list[Posting]:
    """The page's JSON-LD JobPostings; failing those, the page itself as one posting of markdown."""
    found = find_job_postings(page.html)
    postings = []
    for index, job_posting in enumerate(found):
        markup, text = job_posting_description(job_posting)
        fields = job_posting_fields(job_posting)
        identifier = job_posting_identifier(job_posting)
        if not identifier:
            identifier = canonical_url(page.url) if len(found) == 1 else f"{canonical_url(page.url)}#{index + 1}"
        header = "\n".join(part for part in (fields.get("title", ""), fields.get("company", "")) if part)
        postings.append(
            Posting(
                external_id=identifier,
                url=canonical_url(page.url),
                text=f"{header}\n\n{text}".strip(),
                description_html=markup,
                fields=fields,
                origin="jsonld",
            )
        )
    if postings:
        return postings
    title = page_title(page.html)
    return [
        Posting(
            external_id=canonical_url(page.url),
            url=canonical_url(page.url),
            text=page.markdown.strip(),
            description_html=page.cleaned_html,
            fields={"title": title} if title else {},
            origin="page",
        )
    ]


def job_links(page: Page, pattern: str) -> list[str]:
    """Same-site links whose path matches `pattern`, in page order, without duplicates."""
    host = urlparse(page.url).netloc
    regex = re.compile(pattern)
    seen = []
    for href in page.links:
        url = canonical_url(urljoin(page.url, href))
        parsed = urlparse(url)
        if parsed.scheme in ("http", "https") and parsed.netloc == host and regex.search(parsed.path):
            if url not in seen and url != canonical_url(page.url):
                seen.append(url)
    return seen


class CareerPageSource(Source):
    kind = "career_page"

    def fetch(self, company) -> FetchResult:
        params = self.params(company)
        pattern = params.get("job_link_pattern", "")
        if pattern:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise SourceError(f"{company.name}: job_link_pattern {pattern!r} is not a valid regex: {exc}") from exc
        return asyncio.run(self._crawl(company.careers_url, pattern, int(params.get("max_pages", MAX_JOB_PAGES))))

    async def _crawl(self, url: str, pattern: str, max_pages: int) -> FetchResult:
        from crawl4ai import AsyncWebCrawler, HTTPCrawlerConfig
        from crawl4ai.async_crawler_strategy import AsyncHTTPCrawlerStrategy

        # crawl4ai is only given HTML we fetched (raw: URLs), so it never goes online itself: every request is
        # scraping.http's, with its safety checks, pacing, robots.txt and conditional GET.
        strategy = AsyncHTTPCrawlerStrategy(browser_config=HTTPCrawlerConfig())
        async with _new_crawler(AsyncWebCrawler, strategy) as crawler:
            # get_page blocks this event loop while it fetches, which is harmless: nothing else runs on it.
            listing_page = await _read(crawler, get_page(url))
            if not pattern:
                return FetchResult(postings=postings_from_page(listing_page))
            # A listing may feature a job in its own JSON-LD; its links are still the full list.
            result = FetchResult(postings=postings_from_page(listing_page) if find_job_postings(listing_page.html) else [])
            links = job_links(listing_page, pattern)
            if not links:
                # More often a changed page layout than a company with no openings: close nothing.
                result.complete = False
                result.errors.append(f"{url}: no links matched job_link_pattern {pattern!r}")
            if len(links) > max_pages:
                # The postings beyond the cap were not read, so they must not be closed as gone.
                result.complete = False
                result.errors.append(
                    f"{url}: {len(links)} job links, only the first {max_pages} fetched; "
                    f"raise source parameter max_pages"
                )
                links = links[:max_pages]
            for link in links:
                try:
                    page = await _read(crawler, get_page(link))
                except FetchError as exc:
                    # A page that failed, or that robots.txt disallows, was not read: its posting must not close.
                    result.complete = False
                    result.errors.append(f"{link}: {exc.reason}")
                    continue
                result.postings.extend(postings_from_page(page))
            return result


def _sqlite_locked(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


# Each new crawler opens crawl4ai's shared SQLite file (its robots.txt cache, unused as crawl4ai fetches nothing
# here, but opened all the same) and sets WAL mode: two scrape workers starting at once find it locked for a
# moment, which is worth a short wait, not a failed run.
@retry(retry=retry_if_exception(_sqlite_locked), wait=wait_random(0.05, 0.5), stop=stop_after_attempt(20), reraise=True)
def _new_crawler(crawler_class, strategy):
    return crawler_class(crawler_strategy=strategy, verbose=False)


def crawl_error(crawl_result) -> str:
    """One line saying why crawl4ai failed a page; its messages append a multi-line excerpt of its own code."""
    lines = [line.strip() for line in (crawl_result.error_message or "").splitlines() if line.strip()]
    reasons = [line.removeprefix("Error: ") for line in lines if line.startswith("Error: ")] or lines
    return reasons[0] if reasons else f"HTTP {crawl_result.status_code}"


async def _read(crawler, fetched: FetchedPage) -> Page:
    """The fetched page with crawl4ai's markdown, cleaned HTML and links, resolved against the page's own URL."""
    from crawl4ai import CacheMode, CrawlerRunConfig

    if not fetched.html.strip():
        raise FetchError(fetched.url, "is an empty page")
    config = CrawlerRunConfig(cache_mode=CacheMode.BYPASS, base_url=fetched.url, verbose=False)
    crawl_result = await crawler.arun("raw:" + fetched.html, config=config)
    if not crawl_result.success:
        raise FetchError(fetched.url, f"could not be read: {crawl_error(crawl_result)}")
    markdown = crawl_result.markdown
    return Page(
        url=fetched.url,
        html=fetched.html,
        markdown=getattr(markdown, "raw_markdown", markdown) or "",
        cleaned_html=crawl_result.cleaned_html or "",
        links=[link.get("href", "") for link in (crawl_result.links or {}).get("internal", [])],
    )
