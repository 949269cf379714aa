"""Work out a company's source kind and parameters from its careers URL, or from the careers page it links to."""
import dataclasses
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


from jobscraper.models import Company, SourceKind
from scraping.errors import SourceError
from scraping.http import get_page
from scraping.sources.greenhouse import board_token_from_url

LEVER_EU_API_BASE = "https://api.eu.lever.co"

_SLUG_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# Workday puts the locale before the site: /en-US/External, /de-DE/Careers, /fr/External.
_WORKDAY_LOCALE_RE = re.compile(r"[a-z]{2}(?:-[A-Z]{2})?")
_WORKDAY_HOST_RE = re.compile(r"(?P<tenant>[a-z0-9][a-z0-9-]*)\.wd\d+\.myworkdayjobs\.com")
# Some tenants publish on the shared host instead: wd3.myworkdaysite.com/recruiting/<tenant>/<site>.
_WORKDAY_SITE_HOST_RE = re.compile(r"wd\d+\.myworkdaysite\.com")
_ORACLE_HOST_RE = re.compile(r"[a-z0-9-]+\.fa\.[a-z0-9-]+\.oraclecloud\.com")
_RECRUITEE_HOST_RE = re.compile(r"(?P<subdomain>[a-z0-9][a-z0-9-]*)\.recruitee\.com")
_PERSONIO_HOST_RE = re.compile(r"(?P<account>[a-z0-9][a-z0-9-]*)\.jobs\.personio\.(?:de|com)")
_WORKABLE_HOST_RE = re.compile(r"(?P<account>[a-z0-9][a-z0-9-]*)\.workable\.com")

_GREENHOUSE_HOSTS = {
    "boards.greenhouse.io", "job-boards.greenhouse.io", "boards.eu.greenhouse.io", "job-boards.eu.greenhouse.io",
    "boards-api.greenhouse.io",
}
# Subdomains of the ATS vendors' own sites (marketing, app, help), which are no company's board.
_WORKABLE_RESERVED = {"www", "apply", "jobs", "api", "app", "help", "resources", "blog", "developers", "status"}
_RECRUITEE_RESERVED = {"www", "app", "api", "blog", "career", "help", "support", "docs", "status"}

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
    url = (url or "").strip()
    if "://" not in url:
        # Operators paste what the address bar shows, often without the scheme.
        url = f"https:{url}" if url.startswith("//") else f"https://{url}"
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    for kind, name, rule in _URL_RULES:
        params = rule(url, host, segments)
        if params:
            described = ", ".join(f"{key}={value}" for key, value in params.items())
            return Detection(kind, params, f"careers URL is a {name} board ({described})")
    return None


def detect_from_html(page_url: str, html: str) -> Detection | None:
    """The ATS board a careers page embeds or links to, or None (pure).

    Every ATS URL on the page (links, script and iframe sources, URLs in scripts and JSON-LD) votes
    for its board. An embed (a script or iframe loading the board, or an ATS embed URL) outranks any
    number of links: a page that hosts a board is that board's page, whatever else it links to.
    Between boards with no embed, the one with the most links wins, so stray links to a partner's or
    a portfolio company's board do not decide. A tie is ambiguous: None, and the page stays a
    generic career page for the operator to settle.
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
    if not boards:
        return None
    ranked = sorted(boards, key=lambda key: (embeds[key], links[key]), reverse=True)
    best = ranked[0]
    if len(ranked) > 1 and (embeds[ranked[1]], links[ranked[1]]) == (embeds[best], links[best]):
        return None
    detection = boards[best]
    name = _NAMES[detection.kind]
    described = ", ".join(f"{key}={value}" for key, value in detection.params.items())
    if embeds[best]:
        reason = f"careers page embeds a {name} board ({described})"
    else:
        reason = f"careers page links to a {name} board ({described}; {links[best]} of {sum(links.values())} ATS links)"
    return Detection(detection.kind, detection.params, reason)


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


def _fetch_html(url: str) -> tuple[str, str]:
    page = get_page(url)
    return page.url, page.html


class _UrlCollector(HTMLParser):
    """Collects (absolute URL, embedded) for every URL a page carries, in attributes or in text."""

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


def _slug(value: str) -> str:
    return value if _SLUG_RE.fullmatch(value or "") else ""


def _after(segments: list[str], marker: str) -> str:
    """The segment after `marker` (case-insensitive), or ""."""
    lowered = [segment.lower() for segment in segments]
    index = lowered.index(marker) + 1 if marker in lowered else len(segments)
    return segments[index] if index < len(segments) else ""


def _greenhouse(url, host, segments):
    # board_token_from_url trusts any *.greenhouse.io host; only these serve boards.
    token = board_token_from_url(url) if host in _GREENHOUSE_HOSTS else ""
    return {"board_token": token} if token else None


def _lever(url, host, segments):
    if host in ("api.lever.co", "api.eu.lever.co"):
        site = _after(segments, "postings")
    elif host in ("jobs.lever.co", "jobs.eu.lever.co"):
        site = segments[0] if segments else ""
    else:
        return None
    if not _slug(site):
        return None
    # EU accounts are served by a separate API host.
    return {"board_token": site, "api_base": LEVER_EU_API_BASE} if ".eu." in host else {"board_token": site}


def _ashby(url, host, segments):
    if host == "api.ashbyhq.com":
        board = _after(segments, "job-board")
    elif host == "jobs.ashbyhq.com":
        board = segments[0] if segments else ""
    else:
        return None
    return {"board_token": board} if _slug(board) else None


def _smartrecruiters(url, host, segments):
    if host == "api.smartrecruiters.com":
        company = _after(segments, "companies")
    elif host in ("jobs.smartrecruiters.com", "careers.smartrecruiters.com"):
        # Apply buttons link to /oneclick-ui/company/<company>/publication/<id>.
        company = _after(segments, "company") if segments[:1] == ["oneclick-ui"] else (segments[:1] or [""])[0]
    else:
        return None
    return {"board_token": company} if _slug(company) else None


def _workable(url, host, segments):
    if host == "apply.workable.com":
        if segments[:1] == ["api"]:
            account = _after(segments, "accounts")
        else:
            # /j/<shortcode> links name a job, not the account; /careers is Workable's own page.
            account = segments[0] if segments and segments[0] not in ("j", "careers") else ""
    else:
        match = _WORKABLE_HOST_RE.fullmatch(host)
        account = match["account"] if match and match["account"] not in _WORKABLE_RESERVED else ""
    return {"account": account} if _slug(account) else None


def _workday(url, host, segments):
    match = _WORKDAY_HOST_RE.fullmatch(host)
    if match:
        tenant = match["tenant"]
        if [segment.lower() for segment in segments[:2]] == ["wday", "cxs"]:
            tenant, site = (segments[2:] + ["", ""])[:2]
        else:
            if segments and _WORKDAY_LOCALE_RE.fullmatch(segments[0]):
                segments = segments[1:]
            site = segments[0] if segments else ""
    elif _WORKDAY_SITE_HOST_RE.fullmatch(host) and "recruiting" in segments:
        tenant, site = (segments[segments.index("recruiting") + 1:] + ["", ""])[:2]
    else:
        return None
    if not (_slug(tenant) and _slug(site)):
        return None
    return {"base": f"https://{host}", "tenant": tenant, "site": site}


def _recruitee(url, host, segments):
    match = _RECRUITEE_HOST_RE.fullmatch(host)
    return {"subdomain": match["subdomain"]} if match and match["subdomain"] not in _RECRUITEE_RESERVED else None


def _personio(url, host, segments):
    match = _PERSONIO_HOST_RE.fullmatch(host)
    return {"account": match["account"]} if match else None


def _oracle(url, host, segments):
    if not _ORACLE_HOST_RE.fullmatch(host):
        return None
    lowered = [segment.lower() for segment in segments]
    if lowered[:2] != ["hcmui", "candidateexperience"]:
        return None
    site = _after(segments, "sites")
    return {"base": f"https://{host}", "site": site} if _slug(site) else None


# (kind, name shown to operators, rule): a rule maps (url, host, path segments) to params or None.
_URL_RULES = (
    (SourceKind.GREENHOUSE, "Greenhouse", _greenhouse),
    (SourceKind.LEVER, "Lever", _lever),
    (SourceKind.ASHBY, "Ashby", _ashby),
    (SourceKind.SMARTRECRUITERS, "SmartRecruiters", _smartrecruiters),
    (SourceKind.WORKABLE, "Workable", _workable),
    (SourceKind.WORKDAY, "Workday", _workday),
    (SourceKind.RECRUITEE, "Recruitee", _recruitee),
    (SourceKind.PERSONIO, "Personio", _personio),
    (SourceKind.ORACLE, "Oracle Recruiting Cloud", _oracle),
)
_NAMES = {kind: name for kind, name, _ in _URL_RULES}
