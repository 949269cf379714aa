"""Work out a company's source kind and parameters from its careers URL, or from the careers page it links to."""
import dataclasses
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from jobscraper.models import Company, SourceKind
from scraping.errors import SourceError
from scraping.html_text import TolerantHTMLParser
from scraping.http import get_page
from scraping.sources import SOURCES

# Absolute URLs in text and script bodies (JSON-LD, inline embed loaders, onclick handlers).
_ABSOLUTE_URL_RE = re.compile(r"https?://[^\s\"'<>\\]+", re.IGNORECASE)
_URL_ATTRIBUTES = {"href", "src", "action"}
_TRAILING_PUNCTUATION = ".,;:!?)]}"


@dataclass(frozen=True)
class Detection:
    """A source kind, the parameters its adapter needs, and why: the operator sees the reason."""

    kind: str
    params: dict
    reason: str


def detect_from_url(url: str) -> Detection | None:
    """The ATS board a careers URL belongs to, or None when it is no ATS board we know (pure)."""
    # Vendors' hosts are disjoint, so at most one source claims a URL; SOURCES' fixed order (by module
    # name) would settle it should two ever do.
    for source in SOURCES.values():
        params = source.params_from_url(url)
        if params:
            return Detection(source.kind, params, f"careers URL is {_article(source.vendor)} {source.vendor} board ({_described(params)})")
    return None


def detect_from_html(page_url: str, html: str) -> Detection | None:
    """The ATS board a careers page embeds or links to, or None (pure).

    Every ATS URL on the page (links, script and iframe sources, URLs in scripts and JSON-LD) votes
    for its board. An embed (a script or iframe loading the board, or an ATS embed URL) outranks any
    number of links: a page that hosts a board is that board's page, whatever else it links to.
    A page that is itself a career site built on an ATS (Source.params_from_page: the vendor's scripts on the
    company's own domain) is that site, unless it embeds a board. Between boards with no embed, the one with the
    most links wins, so stray links to a partner's or a portfolio company's board do not decide. A tie is
    ambiguous: None, and the page stays a generic career page for the operator to settle.

    The page is read in time linear in its length; get_page caps it at SCRAPE_MAX_RESPONSE_BYTES.
    """
    collector = _UrlCollector(page_url)
    collector.feed(html or "")
    collector.close()
    embeds, links, boards = Counter(), Counter(), {}
    for url, embedded in collector.urls:
        detection = detect_from_url(url)
        if detection is None:
            continue
        key = (detection.kind, tuple(sorted(detection.params.items())))
        boards[key] = detection
        (embeds if embedded else links)[key] += 1
    ranked = sorted(boards, key=lambda key: (embeds[key], links[key]), reverse=True)
    if not (ranked and embeds[ranked[0]]) and (site := _site_detected(page_url, html or "")):
        return site  # a site built on an ATS is its board, whatever boards it links to
    if not boards:
        return None
    best = ranked[0]
    if len(ranked) > 1 and (embeds[ranked[1]], links[ranked[1]]) == (embeds[best], links[best]):
        return None
    detection = boards[best]
    name, described = SOURCES[detection.kind].vendor, _described(detection.params)
    if embeds[best]:
        reason = f"careers page embeds {_article(name)} {name} board ({described})"
    else:
        reason = f"careers page links to {_article(name)} {name} board ({described}; {links[best]} of {sum(links.values())} ATS links)"
    return Detection(detection.kind, detection.params, reason)


def _site_detected(page_url: str, html: str) -> Detection | None:
    """The kind whose career site the page is, by its markup (params_from_page); None for none, or for two."""
    found = [(source, params) for source in SOURCES.values() if (params := source.params_from_page(page_url, html))]
    if len(found) != 1:
        return None
    source, params = found[0]
    return Detection(source.kind, params, f"careers page is {_article(source.vendor)} {source.vendor} site on its own "
                                          f"domain (its markup loads the vendor's scripts; {_described(params)})")


def company_detect_source(
    *, company: Company, fetch_html: Callable[[str], tuple[str, str]] | None = None
) -> Detection:
    """The source a company's careers URL calls for: its ATS board when the URL or page shows one.

    `fetch_html(url)` returns (final URL after redirects, page text) and raises SourceError; the
    default GETs the page. A page that cannot be fetched leaves a generic career page, and the
    reason says why, so the operator sees it rather than a silent fallback.
    """
    detection = detect_from_url(company.careers_url)
    if detection:
        return detection
    try:
        final_url, html = (fetch_html or _fetch_html)(company.careers_url)
    except SourceError as exc:
        return Detection(SourceKind.CAREER_PAGE, {}, f"no ATS recognised: the careers page could not be read ({exc})")
    # Careers URLs often redirect to the ATS board itself (acme.com/careers -> jobs.lever.co/acme).
    redirected = detect_from_url(final_url)
    if redirected:
        return dataclasses.replace(redirected, reason=f"careers URL redirects to {final_url}; {redirected.reason}")
    return detect_from_html(final_url, html) or Detection(SourceKind.CAREER_PAGE, {}, "no ATS recognised")


def _described(params: dict) -> str:
    return ", ".join(f"{key}={value}" for key, value in params.items())


def _fetch_html(url: str) -> tuple[str, str]:
    page = get_page(url)
    return page.url, page.html


class _UrlCollector(TolerantHTMLParser):
    """Collects (absolute URL, embedded) for every URL a page carries, in attributes or in text.

    Tolerant: the standard parser would take hours over a hostile page (a 10 MB page is read in time linear in its
    length, as tests/fuzz/test_hostile.py checks) or raise on a "<![" section it does not know.
    """

    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.urls: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            if name in _URL_ATTRIBUTES:
                self._add(value.strip(), embedded=tag in ("script", "iframe") and name == "src")
            else:
                # data-url, meta refresh's content, onclick="window.open('…')": URLs inside other values.
                self._add_all_in(value)

    def handle_data(self, data):
        self._add_all_in(data)

    def _add_all_in(self, text: str):
        # Scripts escape slashes in JSON strings ("https:\/\/jobs.lever.co\/acme").
        for match in _ABSOLUTE_URL_RE.finditer(text.replace("\\/", "/")):
            self._add(match.group().rstrip(_TRAILING_PUNCTUATION), embedded=False)

    def _add(self, reference: str, *, embedded: bool):
        try:
            url = urljoin(self.page_url, reference)
            parts = urlsplit(url)
        except ValueError:  # a malformed href such as "http://[oops" is no link
            return
        if parts.scheme not in ("http", "https"):
            return
        # Embed URLs (Greenhouse's /embed/job_board, Ashby's /<board>/embed) load a board into the page.
        embed_url = "embed" in (segment.lower() for segment in parts.path.split("/"))
        self.urls.append((url, embedded or embed_url))


def _article(name: str) -> str:
    if name[:2].isupper():  # an initialism is read letter by letter: "an ADP", "a UKG"
        return "an" if name[0] in "AEFHILMNORSX" else "a"
    return "an" if name[:1].lower() in "aeiou" else "a"
