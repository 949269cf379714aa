"""crawl4ai's reading of a fetched page (markdown, cleaned HTML, links): of its HTML as fetched, or run in Chromium."""
import sqlite3
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from tenacity import retry, retry_if_exception, stop_after_attempt, wait_random

from scraping.boilerplate import posting_content, without_other_jobs
from scraping.browser import renderer
from scraping.errors import FetchError
from scraping.http import FetchedPage


@dataclass
class Page:
    """What we keep of a fetched page, with crawl4ai's reading of it; parsing tests build it without network."""

    url: str
    html: str
    markdown: str = ""
    cleaned_html: str = ""  # the page without scripts, styles and forms: what a reader of the posting sees
    links: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # "URL reason" of its own scripts and data the browser lacked
    # Read as a posting from one element of the page (its <main>, <article> or title's block), not from all of it:
    # scraping.boilerplate.posting_content.
    main_element: bool = False


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


@asynccontextmanager
async def page_reader(*, browser: bool):
    """An async function reading a fetched page into a Page: crawl4ai on its HTML as fetched, or run in Chromium.

    Read with `posting=True`, a job page's markdown and cleaned HTML are its posting's content only: without its
    site's navigation, footer, forms and cookie banners, and within the element holding its title and most of its
    text, less blocks of links around the site (scraping.boilerplate)."""
    from crawl4ai import AsyncWebCrawler, CacheMode, CrawlerRunConfig, HTTPCrawlerConfig
    from crawl4ai.async_crawler_strategy import AsyncHTTPCrawlerStrategy

    if browser:
        async with renderer() as chromium, _new_crawler(AsyncWebCrawler, chromium.strategy) as crawler:

            # `posting` changes nothing here: the page is read whole as rendered, its site's furniture included,
            # since narrowing it to its posting would take a second reading of the rendered page.
            async def render(fetched: FetchedPage, *, posting: bool = False) -> Page:
                _refuse_empty(fetched)
                rendered = await chromium.render(crawler, fetched)
                return _page(fetched.url, rendered.crawl_result, missing=rendered.missing)

            yield render
        return

    # crawl4ai is only given HTML we fetched (raw: URLs), so it never goes online itself: every request is
    # scraping.http's, with its safety checks, pacing, robots.txt and conditional GET.
    strategy = AsyncHTTPCrawlerStrategy(browser_config=HTTPCrawlerConfig())
    # One config for the whole crawl: building one costs crawl4ai ~15 ms of CPU (measured by bench/scrape.py),
    # more than reading the page. Pages are read one after another, so setting its base URL per page is safe.
    config = CrawlerRunConfig(cache_mode=CacheMode.BYPASS, verbose=False)
    async with _new_crawler(AsyncWebCrawler, strategy) as crawler:

        async def read(fetched: FetchedPage, *, posting: bool = False) -> Page:
            _refuse_empty(fetched)
            config.base_url = fetched.url
            # A job page is read narrowed to its posting; a listing whole, its links included.
            if not posting:
                return _page(fetched.url, await crawler.arun("raw:" + fetched.html, config=config), markup=fetched.html)
            content = posting_content(fetched.html, url=fetched.url)
            page = _page(fetched.url, await crawler.arun("raw:" + content.markup, config=config), markup=fetched.html)
            page.main_element = content.main_element
            # The posting's text ends where the page's list of other jobs begins.
            page.markdown = without_other_jobs(page.markdown)
            return page

        yield read


def _refuse_empty(fetched: FetchedPage) -> None:
    if not fetched.html.strip():
        raise FetchError(fetched.url, "is an empty page")


def _page(url: str, crawl_result, *, markup: str = "", missing=()) -> Page:
    """The page as crawl4ai read it, links resolved against `url`; `markup` as fetched, else as the browser left it."""
    if not crawl_result.success:
        raise FetchError(url, f"could not be read: {crawl_error(crawl_result)}")
    markdown = crawl_result.markdown
    return Page(
        url=url,
        html=markup or crawl_result.html or "",
        markdown=getattr(markdown, "raw_markdown", markdown) or "",
        cleaned_html=crawl_result.cleaned_html or "",
        links=[link.get("href", "") for link in (crawl_result.links or {}).get("internal", [])],
        missing=list(missing),
    )
