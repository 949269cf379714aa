"""Job URLs from a site's sitemaps (robots.txt Sitemap: lines, else /sitemap.xml, indexes followed) by scraping.http."""
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from scraping.errors import FetchError
from scraping.http import get_bytes
from scraping.links import JOB_WORDS, absolute_url

MAX_SITEMAPS = 10  # sitemap files read per scrape, indexes included: each is one request of up to 50 MB
SITEMAP_MAX_BYTES = 50 * 1024 * 1024  # bytes of an uncompressed sitemap (the protocol's own limit)
SITEMAP_ACCEPT = "application/xml,text/xml;q=0.9,*/*;q=0.8"
_SITEMAP_LINE_RE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class SitemapLinks:
    urls: list[str] = field(default_factory=list)
    # Sitemaps that were declared but could not be read: the URLs they hold are unknown.
    errors: list[str] = field(default_factory=list)


def sitemap_declarations(robots_txt: str) -> list[str]:
    """The sitemaps a robots.txt names on its Sitemap: lines, in order."""
    return list(dict.fromkeys(_SITEMAP_LINE_RE.findall(robots_txt)))


def parse_sitemap(body: bytes) -> tuple[str, list[str]]:
    """("urlset" or "sitemapindex", the <loc> of each entry); gzip-compressed sitemaps are read too.

    Raises ValueError for what is not a sitemap.
    """
    if body.startswith(_GZIP_MAGIC):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            body = inflater.decompress(body, SITEMAP_MAX_BYTES)
        except zlib.error as exc:
            raise ValueError(f"is not valid gzip: {exc}") from exc
        if inflater.unconsumed_tail:
            raise ValueError(f"larger than {SITEMAP_MAX_BYTES:,} bytes once decompressed")
    try:
        root = fromstring(body)
    except (ParseError, DefusedXmlException) as exc:
        raise ValueError(f"is not XML: {exc}") from exc
    kind = _local_name(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise ValueError(f"is not a sitemap: its root element is <{kind}>")
    # Only an entry's own <loc>: an image or video extension nests its own <loc> deeper.
    locs = [
        child.text.strip() for entry in root for child in entry
        if _local_name(child.tag) == "loc" and child.text and child.text.strip()
    ]
    return kind, locs


def sitemap_links(listing_url: str, wanted: Callable[[str], bool]) -> SitemapLinks:
    """The URLs in the listing site's sitemaps that `wanted` accepts, on the listing's host, in sitemap order.

    When an index lists sitemaps named for jobs (sitemap-jobs.xml), only those are read: the others list the
    rest of the site.
    """
    parts = urlsplit(listing_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    found = SitemapLinks()
    declared = _declared_sitemaps(origin)
    queue, read = declared or [f"{origin}/sitemap.xml"], set()
    while queue:
        if len(read) == MAX_SITEMAPS:
            found.errors.append(f"{origin}: {len(queue)} more sitemaps not read (at most {MAX_SITEMAPS} per scrape)")
            break
        sitemap_url = queue.pop(0)
        read.add(sitemap_url)
        try:
            kind, locs = parse_sitemap(get_bytes(sitemap_url, accept=SITEMAP_ACCEPT))
        except FetchError as exc:
            # An undeclared /sitemap.xml that is not there (4xx) only means the site has none.
            if declared or not (exc.status and 400 <= exc.status < 500):
                found.errors.append(f"{sitemap_url}: {exc.reason}")
            continue
        except ValueError as exc:
            if declared:  # an undeclared one may be any page the site answers with
                found.errors.append(f"{sitemap_url} {exc}")
            continue
        if kind == "sitemapindex":
            resolved = dict.fromkeys(absolute_url(sitemap_url, loc) for loc in locs)
            children = [url for url in resolved if url and url not in read]
            queue.extend(url for url in _job_sitemaps(children) or children if url not in queue)
            continue
        for loc in locs:
            url = absolute_url(sitemap_url, loc)
            if url and urlsplit(url).netloc == parts.netloc and wanted(url):
                found.urls.append(url)
    # A sitemap holds up to 50,000 URLs: duplicates go once all are in, not by searching the list for each.
    found.urls = list(dict.fromkeys(found.urls))
    return found


def _declared_sitemaps(origin: str) -> list[str]:
    try:
        robots_txt = get_bytes(f"{origin}/robots.txt", accept="text/plain").decode("utf-8", errors="replace")
    except FetchError:
        return []  # no robots.txt names none; /sitemap.xml is then where sitemaps are by convention
    return [url for url in (absolute_url(origin, declared) for declared in sitemap_declarations(robots_txt)) if url]


def _job_sitemaps(urls: list[str]) -> list[str]:
    """The sitemaps whose file name says they list jobs (sitemap-jobs.xml, careers_sitemap.xml.gz)."""
    return [url for url in urls if JOB_WORDS & set(re.split(r"[\W_]+", urlsplit(url).path.rsplit("/", 1)[-1].lower()))]


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
