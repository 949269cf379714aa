"""Generic career pages, fetched by scraping.http and read by crawl4ai: listings' job links, JSON-LD, else markdown."""
import asyncio
import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from jobscraper.provenance import ContentPart, Provenance
from scraping.boilerplate import SITE_HEADING_RE, description_markup, without_site_suffix
from scraping.errors import FetchError
from scraping.http import get_page
from scraping.jsonld import find_job_postings, job_posting_description, job_posting_fields, job_posting_identifier
from scraping.links import canonical_url, job_links, looks_like_job_url, next_listing_page, under_listing
from scraping.reading import Page, page_reader
from scraping.sitemap import sitemap_links

from .base import FetchResult, Posting, Source, SourceError

MAX_JOB_PAGES = 50  # pages fetched per listing; each costs one request to the company's site
MAX_LISTING_PAGES = 10  # listing pages followed through their "next" links, the first included; one request each
# Tried in order: a job page's <h1> is the job's title; its <title> often adds the site's name.
_TITLE_RES = (
    re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL),
    re.compile(r"<title\b[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL),
)
_TAG_RE = re.compile(r"<[^>]+>")


def page_title(page_html: str) -> str:
    """The text of the page's first <h1>, else of its <title>, unless it is the site's heading over all its postings
    ("Careers"); "" when it has neither."""
    for title_re in _TITLE_RES:
        match = title_re.search(page_html or "")
        title = html.unescape(re.sub(r"\s+", " ", _TAG_RE.sub("", match.group(1)))).strip() if match else ""
        title = without_site_suffix(title)
        if title and not SITE_HEADING_RE.fullmatch(title):
            return title
    return ""


def postings_from_page(page: Page) -> list[Posting]:
    """The page's JSON-LD JobPostings; failing those, the page itself as one posting of markdown.

    A page of one JobPosting gives the extractor what its reader sees, unless its JSON-LD says more: the visible
    page often states what the JSON-LD leaves out (the pay in a header chip), while a page its scripts have yet to
    write shows less than its JSON-LD. Each posting's `content_part` says which it was; its description leaves out
    the heading that repeats its title, which the job's own page shows.
    """
    found = find_job_postings(page.html)
    postings = []
    for index, job_posting in enumerate(found):
        markup, text = job_posting_description(job_posting)
        fields = job_posting_fields(job_posting)
        identifier = job_posting_identifier(job_posting)
        if not identifier:
            identifier = canonical_url(page.url) if len(found) == 1 else f"{canonical_url(page.url)}#{index + 1}"
        header = "\n".join(part for part in (fields.get("title", ""), fields.get("company", "")) if part)
        text, part = f"{header}\n\n{text}".strip(), ContentPart.JSONLD
        if len(found) == 1 and len(page.markdown.strip()) >= len(text):
            text, part = page.markdown.strip(), _page_part(page)
        postings.append(
            Posting(
                external_id=identifier,
                url=canonical_url(page.url),
                text=text,
                description_html=description_markup(markup, title=fields.get("title", "")),
                fields=fields,
                origin=Provenance.JSONLD,
                content_part=part,
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
            description_html=description_markup(page.cleaned_html, title=title),
            fields={"title": title} if title else {},
            origin=Provenance.PAGE,
            content_part=_page_part(page),
        )
    ]


def _page_part(page: Page) -> ContentPart:
    return ContentPart.MAIN if page.main_element else ContentPart.PAGE


class CareerPageSource(Source):
    """A careers URL read as a job page (JSON-LD JobPostings on it, or a URL shaped like a posting's) or as a listing
    whose job links, across its "next" pages, else in the site's sitemap, lead to the job pages.

    Source parameters: job_link_pattern (a regex on link paths, instead of guessing which links are postings; it
    also makes a page with JSON-LD a listing that features a job), max_pages, max_listing_pages, and browser (true
    for a site that writes its pages with JavaScript: they are then run in Chromium).
    """

    kind = "career_page"

    def fetch(self, company) -> FetchResult:
        return asyncio.run(_crawl(company.careers_url, self._options(company)))

    def fetch_changed(self, company) -> FetchResult:
        """Reads the job pages only when a listing page changed: every one answering 304 ends the crawl there."""
        return asyncio.run(_crawl(company.careers_url, self._options(company), stop_if_unchanged=True))

    def _options(self, company) -> "_Options":
        params = self.params(company)
        pattern = params.get("job_link_pattern", "")
        if pattern:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise SourceError(f"{company.name}: job_link_pattern {pattern!r} is not a valid regex: {exc}") from exc
        use_browser = params.get("browser", False)
        if not isinstance(use_browser, bool):
            raise SourceError(f"{company.name}: source parameter browser must be true or false, not {use_browser!r}")
        return _Options(
            pattern=pattern,
            max_pages=int(params.get("max_pages", MAX_JOB_PAGES)),
            max_listing_pages=int(params.get("max_listing_pages", MAX_LISTING_PAGES)),
            browser=use_browser,
        )


@dataclass(frozen=True)
class _Options:
    pattern: str
    max_pages: int
    max_listing_pages: int
    browser: bool


async def _crawl(url: str, options: _Options, *, stop_if_unchanged: bool = False) -> FetchResult:
    result = FetchResult()
    async with page_reader(browser=options.browser) as read:
        # get_page blocks this event loop while it fetches, which is harmless: nothing else runs on it then.
        fetched = get_page(url)
        first = _noted(result, await read(fetched))
        # JSON-LD decides first: a page that carries JobPostings is a job page (or a listing that gives every job
        # in full), and its links are "similar jobs", not the company's list. So is a page at a posting's URL.
        if not options.pattern and (find_job_postings(first.html) or looks_like_job_url(first.url)):
            if stop_if_unchanged and fetched.not_modified:
                return FetchResult(listing_unchanged=True)
            # Read again as a posting, without its site's furniture; Chromium's reading would not change.
            posting = first if options.browser else await read(fetched, posting=True)
            result.postings.extend(postings_from_page(posting))
            return result
        listing_unchanged = [fetched.not_modified]
        links = await _listing_links(read, first, options, result, listing_unchanged)
        if stop_if_unchanged and links and all(listing_unchanged) and result.complete:
            return FetchResult(listing_unchanged=True)
        if not links:
            found = sitemap_links(first.url, _sitemap_filter(first.url, options.pattern))
            links = found.urls
            if found.errors:
                result.complete = False
                result.errors.extend(found.errors)
        if not links:
            # More often a changed page layout than a company with no openings: close nothing.
            result.complete = False
            result.errors.append(_no_links_error(url, options))
        if len(links) > options.max_pages:
            # The postings beyond the cap were not read, so they must not be closed as gone.
            result.complete = False
            result.errors.append(
                f"{url}: {len(links)} job links, only the first {options.max_pages} fetched; "
                f"raise source parameter max_pages"
            )
            links = links[: options.max_pages]
        for link in links:
            try:
                page = await read(get_page(link), posting=True)
            except FetchError as exc:
                # A page that failed, or that robots.txt disallows, was not read: its posting must not close.
                result.complete = False
                result.errors.append(f"{link}: {exc.reason}")
                continue
            result.postings.extend(postings_from_page(_noted(result, page)))
    return result


async def _listing_links(read, first: Page, options: _Options, result: FetchResult, not_modified: list) -> list[str]:
    """The job links of the listing and of its next pages, up to max_listing_pages pages; the postings a listing
    page features in its own JSON-LD are added to `result`, and whether each next page was not modified to
    `not_modified`."""
    listing_urls, links, page, pages_read = [first.url], [], first, 1
    while True:
        if find_job_postings(page.html):
            # A listing may feature a job in its own JSON-LD; its links are still the full list.
            result.postings.extend(postings_from_page(page))
        next_url = next_listing_page(page.url, page.html)
        found = job_links(page.url, page.links, pattern=options.pattern, exclude=[*listing_urls, next_url])
        new = [link for link in found if link not in links]
        # Some listings answer any page number with their last page: one that adds nothing ends the list.
        if page is not first and not new:
            return links
        links += new
        if not next_url or next_url in listing_urls:
            return links
        if pages_read >= options.max_listing_pages:
            result.complete = False
            result.errors.append(
                f"{first.url}: more listing pages after the first {pages_read}; "
                f"raise source parameter max_listing_pages"
            )
            return links
        try:
            fetched = get_page(next_url)
            not_modified.append(fetched.not_modified)
            page = _noted(result, await read(fetched))
        except FetchError as exc:
            # The jobs on that page and after it are unknown: none may close.
            result.complete = False
            result.errors.append(f"{next_url}: {exc.reason}")
            return links
        listing_urls += [next_url, page.url]
        pages_read += 1


def _sitemap_filter(listing_url: str, pattern: str):
    """Which sitemap URLs are job pages: those matching the operator's pattern, else job-looking ones in the
    listing's folder (a site's sitemap lists all of it)."""
    if pattern:
        regex = re.compile(pattern)
        return lambda url: bool(regex.search(urlsplit(url).path))
    return lambda url: under_listing(url, listing_url) and looks_like_job_url(url)


def _no_links_error(url: str, options: _Options) -> str:
    if options.pattern:
        return f"{url}: no links matched job_link_pattern {options.pattern!r}"
    hint = "" if options.browser else ", or source parameter browser: true if the page lists its jobs with JavaScript"
    return (
        f"{url}: no job links found, on the page or in the site's sitemap; set source parameter job_link_pattern{hint}"
    )


def _noted(result: FetchResult, page: Page) -> Page:
    """`page`, its failed scripts and data (browser only) noted in `result`: what it showed may lack postings."""
    if page.missing:
        result.complete = False
        result.errors.extend(f"{page.url}: rendered without {missing}" for missing in page.missing)
    return page
