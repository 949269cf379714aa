"""Pages run in Debian's Chromium by crawl4ai's browser strategy, every request they make answered via scraping.http."""
import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import tempfile
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from scraping.errors import FetchError, SourceError
from scraping.http import FetchedPage, get_resource

CHROMIUM = "/usr/lib/chromium/chromium"  # Debian's binary itself: /usr/bin/chromium is a script adding its own flags
CHROMIUM_START_TIMEOUT = 20.0  # seconds for Chromium to open its DevTools port
CHROMIUM_STOP_TIMEOUT = 5.0  # seconds Chromium is given to exit before it is killed
RENDER_TIMEOUT = 60.0  # seconds for a page's document and the scripts it waits for (each request has SCRAPE_TIMEOUT)
SETTLE_TIMEOUT = 10.0  # seconds then waited for the page's scripts to stop fetching; after that it is read as it is
# What a page's scripts need to write its content; pictures, fonts, styles and media add no text, and frames are
# not read.
FETCHED_RESOURCE_TYPES = frozenset({"script", "xhr", "fetch"})
CHROMIUM_FLAGS = (
    "--headless", "--disable-gpu", "--remote-debugging-port=0", "--no-first-run",
    # None of Chromium's own traffic (updates, sync, field trials): it has no business with the sites we read.
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
    # WebRTC could send UDP to any address around the proxy that stops whatever escapes interception (see _chromium).
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
)


@dataclass
class Rendered:
    """crawl4ai's result for a page run in the browser, and what the page could not get of its own."""

    crawl_result: object
    missing: list[str] = field(default_factory=list)  # "URL reason" of the page's own scripts and data that failed


class Renderer:
    """crawl4ai's browser strategy on a Chromium of our own, which never goes online itself: the page is the one
    get_page fetched, and each script or data request it makes is fetched by get_resource, with the same address
    policy, robots.txt, pacing and size cap as any page, before the browser sees the answer."""

    def __init__(self, cdp_url: str):
        from crawl4ai import BrowserConfig
        from crawl4ai.async_crawler_strategy import AsyncPlaywrightCrawlerStrategy

        config = BrowserConfig(browser_mode="cdp", cdp_url=cdp_url, cdp_cleanup_on_close=True, cdp_close_delay=0,
                               verbose=False)
        self.strategy = AsyncPlaywrightCrawlerStrategy(browser_config=config)
        self.strategy.set_hook("on_page_context_created", self._intercept)
        self.strategy.set_hook("before_retrieve_html", self._settle)
        self._document: FetchedPage | None = None  # what the next navigation is answered with
        self._site = ""  # the host of the page being rendered
        self._missing: list[str] = []

    async def render(self, crawler, fetched: FetchedPage) -> Rendered:
        """Run `fetched` in the browser at its own URL, so that its scripts and relative links work as they should."""
        from crawl4ai import CacheMode, CrawlerRunConfig

        self._document, self._site, self._missing = fetched, urlsplit(fetched.url).netloc, []
        config = CrawlerRunConfig(
            # Not "load": an async script from a host that never answers would hold it, and fail the page.
            cache_mode=CacheMode.BYPASS, wait_until="domcontentloaded", page_timeout=int(RENDER_TIMEOUT * 1000),
            verbose=False,
        )
        try:
            crawl_result = await crawler.arun(fetched.url, config=config)
        finally:
            self._document = None
        return Rendered(crawl_result=crawl_result, missing=self._missing)

    async def _intercept(self, page, context, **kwargs):
        # On the context, not the page: a window the page opens is answered the same way. Pages are reused.
        if not getattr(context, "_jobscraper_intercepted", False):
            await context.route("**/*", self._answer)
            context._jobscraper_intercepted = True
        return page

    async def _settle(self, page, **kwargs):
        from playwright.async_api import TimeoutError as PlaywrightTimeoutError

        try:
            await page.wait_for_load_state("networkidle", timeout=SETTLE_TIMEOUT * 1000)
        except PlaywrightTimeoutError:
            pass  # a page that keeps polling is read as it stands
        return page

    async def _answer(self, route):
        request = route.request
        if request.resource_type == "document" and self._document is not None:
            # The navigation render() started: answered with the page get_page already fetched, and only once, so
            # that a frame or a script's redirect is not.
            document, self._document = self._document, None
            await route.fulfill(status=200, content_type="text/html; charset=utf-8", body=document.html)
            return
        if request.method != "GET" or request.resource_type not in FETCHED_RESOURCE_TYPES:
            # Reading a page sends no forms and no events.
            await route.abort()
            return
        try:
            body, content_type = await asyncio.to_thread(get_resource, request.url)
        except FetchError as exc:
            # Another site's failing script is an analytics or chat widget; the page's own are its content.
            if urlsplit(request.url).netloc == self._site:
                self._missing.append(f"{request.url} {exc.reason}")
            await route.abort()
            return
        # Playwright adds the CORS headers that let the page read an answer from another origin (its API's).
        await route.fulfill(status=200, headers={"Content-Type": content_type} if content_type else {}, body=body)


@asynccontextmanager
async def renderer():
    """A Renderer on a Chromium started for it, stopped and its profile removed on the way out."""
    async with _chromium() as cdp_url:
        yield Renderer(cdp_url)


@asynccontextmanager
async def _chromium():
    """Chromium, headless, with a fresh profile; yields its DevTools URL.

    Every request is answered by the Renderer; whatever escapes interception (a service worker's fetch, a
    WebSocket) goes to a proxy port bound here and never listened on, so it is refused, loopback included.
    """
    # A helper process of Chromium's may still be writing to the profile for a moment after the group is killed:
    # a leftover file in the temporary folder must not fail a scrape that already succeeded.
    with tempfile.TemporaryDirectory(prefix="jobscraper-chromium-", ignore_cleanup_errors=True) as folder, \
            socket.socket() as dead_end:
        dead_end.bind(("127.0.0.1", 0))
        profile = Path(folder) / "profile"
        args = [
            CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
            f"--proxy-server=http://127.0.0.1:{dead_end.getsockname()[1]}", "--proxy-bypass-list=<-loopback>",
        ]
        if os.geteuid() == 0:
            args.append("--no-sandbox")  # Chromium refuses to start its sandbox as root
        with open(Path(folder) / "chromium.log", "wb") as log:
            try:
                # Its own process group, so stopping it stops its zygote, renderer and crashpad processes too.
                process = subprocess.Popen(
                    [*args, "about:blank"], stdin=subprocess.DEVNULL, stdout=log, stderr=log, process_group=0
                )
            except OSError as exc:
                message = f"browser rendering needs Chromium at {CHROMIUM} (Debian package chromium): {exc}"
                raise SourceError(message) from exc
            try:
                yield await _devtools_url(process, profile, Path(log.name))
            finally:
                process.terminate()
                try:
                    process.wait(CHROMIUM_STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    pass
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


async def _devtools_url(process: subprocess.Popen, profile: Path, log: Path) -> str:
    """The browser's DevTools URL, which Chromium writes to its profile once it listens (on a port of its choosing)."""
    port_file = profile / "DevToolsActivePort"
    deadline = asyncio.get_running_loop().time() + CHROMIUM_START_TIMEOUT
    while asyncio.get_running_loop().time() < deadline:
        if process.poll() is not None:
            said = "".join(log.read_text(errors="replace").strip().splitlines()[-1:])
            raise SourceError(f"Chromium ({CHROMIUM}) exited at start with status {process.returncode}: {said}")
        lines = port_file.read_text().splitlines() if port_file.exists() else []
        if len(lines) >= 2:
            return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
        await asyncio.sleep(0.05)  # seconds between looks at the profile
    raise SourceError(f"Chromium ({CHROMIUM}) did not open its DevTools port within {CHROMIUM_START_TIMEOUT:g} s")
