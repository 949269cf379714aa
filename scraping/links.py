"""Which links on a careers page lead to job postings, and which to the listing's next page (pure: no network)."""
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qsl, unquote, urldefrag, urljoin, urlsplit

from scraping.html_text import TolerantHTMLParser

# Path segments that open a careers site's job section: a posting's URL has one, then the posting's slug or id
# (/careers/data-engineer, /jobs/4012001, /en/job/4012001/data-engineer).
JOB_WORDS = frozenset({
    "job", "jobs", "career", "careers", "position", "positions", "opening", "openings", "vacancy", "vacancies",
    "role", "roles", "posting", "postings", "job-openings", "open-positions", "open-roles", "current-openings",
})
# A slug made of these is a list of jobs, not one (/careers/all-jobs, /careers/open-positions); job titles
# seldom hold them.
_LISTING_TOKENS = frozenset({"jobs", "careers", "positions", "openings", "vacancies", "roles", "postings"})
# Pages of a careers site that are not postings, by how their slug starts (/careers/life-at-acme,
# /careers/how-we-hire). Only beginnings no job title has: "team-lead-data" and "office-manager" are postings.
_SECTION_SLUG_RE = re.compile(
    r"^(life|how|why|our|meet|about|all|search|saved|page|faqs?|privacy|cookies?|terms|job-alerts?"
    r"|talent-(community|network|pool)|early-careers?|hiring-process|recruitment-fraud|working-at|join-us"
    r"|work-with-us)([-_ ]|$)"
)
# Folders that group postings into pages of their own (/careers/teams/data-platform is a team's page).
_SECTION_FOLDERS = frozenset({
    "team", "teams", "department", "departments", "location", "locations", "office", "offices", "category",
    "categories", "tag", "tags", "search", "page", "blog", "news", "events", "stories",
})
# A link ending in, or passing through, one of these is an action on a posting, not the posting.
_ACTION_SEGMENTS = frozenset({
    "apply", "apply-now", "application", "applications", "candidates", "login", "log-in", "signin", "sign-in",
    "signup", "sign-up", "register", "logout", "oauth", "auth", "account", "share", "print", "email", "refer",
    "referral", "save", "subscribe", "unsubscribe", "alert", "alerts",
})
# Query parameters that name one posting on a page that shows any (Greenhouse's embed: /careers?gh_jid=4012001).
_POSTING_PARAMS = frozenset({
    "gh_jid", "jid", "jobid", "job_id", "job", "id", "positionid", "position_id", "vacancyid", "vacancy_id",
    "postingid", "posting_id", "req", "reqid", "requisitionid",
})
# A segment that names one posting: a slug of two words or more ("senior-engineer", "Data Engineer (m/w/d)"), or an
# id of three characters or more with a digit (4012001, R-10442, afb2f865-cdfb-4a86-b08a-aee3e31c8cf7). A lone word
# is a section (/careers/engineering).
_WORD_RE = re.compile(r"[^\W\d_]+")
_ID_RE = re.compile(r"^(?=.*\d)[A-Za-z0-9][A-Za-z0-9_-]{2,}$")
# Page suffixes that still name a page (/jobs/data-engineer.html); any other suffix is a file (.pdf, .png, .css).
_PAGE_SUFFIX_RE = re.compile(r"\.(html?|php|aspx?|jsp)$", re.IGNORECASE)
# How listings number their pages: ?page=2, ?p=2, WordPress's /page/2/.
_PAGE_PARAMS = frozenset({"page", "p", "pg", "paged", "pagenum", "page_num"})
_PATH_PAGE_RE = re.compile(r"/page/(\d+)/?$")
# What a link to the next page says, once arrows and punctuation are set aside.
_NEXT_WORDS = frozenset({"next", "next page", "weiter", "nächste", "nächste seite", "suivant", "siguiente", "volgende"})
_NOT_WORDS_RE = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Anchor:
    """A link as the page writes it: <a> or <link>, with its rel words and what it says."""

    href: str
    rel: frozenset[str]
    text: str  # lower case, whitespace collapsed
    label: str  # its aria-label, else its title: what an arrow ("›") says to a screen reader


def canonical_url(url: str) -> str:
    return urldefrag(url)[0]


def absolute_url(base: str, href: str) -> str:
    """`href` resolved against `base`, without its fragment; "" when it is no URL ("http://[::1"): a page's links are
    whatever its author wrote."""
    try:
        return canonical_url(urljoin(base, href))
    except ValueError:
        return ""


def _split(url: str) -> SplitResult:
    """The URL's parts; those of "" when it is no URL, so that it matches no host and no path."""
    try:
        return urlsplit(url)
    except ValueError:
        return _NO_URL


_NO_URL = urlsplit("")


def looks_like_job_url(url: str) -> bool:
    """Whether `url` looks like one job posting's page: a job section word in its path, then the posting's slug or
    id (or a query parameter naming it), with no action (apply, login) or file (.pdf) at the end."""
    parts = _split(url)
    segments = [unquote(segment).lower() for segment in parts.path.split("/") if segment]
    if any(segment in _ACTION_SEGMENTS for segment in segments):
        return False
    starts = [index for index, segment in enumerate(segments) if segment in JOB_WORDS]
    if not starts:
        return False
    if any(name.lower() in _POSTING_PARAMS and _names_one(value) for name, value in parse_qsl(parts.query)):
        return True
    name = _PAGE_SUFFIX_RE.sub("", segments[-1])
    if starts[0] == len(segments) - 1 or "." in name:
        return False
    if _SECTION_SLUG_RE.match(name) or _LISTING_TOKENS & set(_WORD_RE.findall(name)):
        return False
    if any(segment in _SECTION_FOLDERS for segment in segments[starts[0] + 1 : -1]):
        return False
    return _names_one(name)


def _names_one(value: str) -> bool:
    return len(_WORD_RE.findall(value)) >= 2 or bool(_ID_RE.match(value))


def under_listing(url: str, listing_url: str) -> bool:
    """Whether `url` lies in the listing's folder: /careers/… for /careers or /careers/, /en/… for /en/careers.html."""
    path = _split(listing_url).path
    folder = path.rsplit("/", 1)[0] if "." in path.rsplit("/", 1)[-1] else path.rstrip("/")
    return _split(url).path.startswith(f"{folder}/")


def job_links(page_url: str, hrefs: Iterable[str], *, pattern: str = "", exclude: Iterable[str] = ()) -> list[str]:
    """The page's same-site links to job postings, absolute and without fragments, in page order, each once.

    With `pattern` (the operator's regex on link paths) a link is a posting when its path matches; without it,
    when it looks like one (looks_like_job_url). The page itself and the URLs in `exclude` never are.
    """
    host = _split(page_url).netloc
    regex = re.compile(pattern) if pattern else None
    skip = {canonical_url(page_url), *(canonical_url(url) for url in exclude)}
    found = []
    for href in hrefs:
        url = absolute_url(page_url, href)
        parts = _split(url)
        if parts.scheme not in ("http", "https") or parts.netloc != host or url in skip or url in found:
            continue
        if regex.search(parts.path) if regex else looks_like_job_url(url):
            found.append(url)
    return found


def anchors(page_html: str) -> list[Anchor]:
    """Every <a href> and <link href> of the page, in page order."""
    parser = _AnchorParser()
    parser.feed(page_html or "")
    parser.close()
    return parser.anchors


def next_listing_page(page_url: str, page_html: str) -> str:
    """The listing's next page: a rel="next" link, else a link saying "Next", else the link to page N+1 of the same
    listing (?page=N+1, /page/N+1/); "" on the last page. Only same-site links count."""
    host = _split(page_url).netloc
    current = canonical_url(page_url)
    candidates = [
        (anchor, url) for anchor in anchors(page_html)
        if _split(url := absolute_url(page_url, anchor.href)).netloc == host and url != current
    ]
    for anchor, url in candidates:
        if "next" in anchor.rel:
            return url
    for anchor, url in candidates:
        if {_NOT_WORDS_RE.sub(" ", anchor.text).strip(), _NOT_WORDS_RE.sub(" ", anchor.label).strip()} & _NEXT_WORDS:
            return url
    listing, number = _page_number(current)
    for _, url in candidates:
        if _page_number(url) == (listing, number + 1):
            return url
    return ""


def _page_number(url: str) -> tuple[tuple, int]:
    """(what identifies the listing, the page number) of a listing page's URL: page 1 when it names none."""
    parts = _split(url)
    number, path = 1, parts.path
    if match := _PATH_PAGE_RE.search(path):
        number, path = int(match.group(1)), path[: match.start()] or "/"
    query = []
    for name, value in parse_qsl(parts.query):
        if name.lower() in _PAGE_PARAMS and value.isdigit():
            number = int(value)
        else:
            query.append((name, value))
    return (parts.netloc, path.rstrip("/") or "/", tuple(sorted(query))), number


class _AnchorParser(TolerantHTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.anchors: list[Anchor] = []
        self._open: dict | None = None  # the <a> being read, until its </a>

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag not in ("a", "link") or not attributes.get("href"):
            return
        if tag == "a":
            self._close_anchor()
            self._open = {**attributes, "text": ""}
        else:
            self._add(attributes, "")

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._close_anchor()

    def close(self):
        super().close()
        self._close_anchor()

    def _close_anchor(self):
        if self._open is not None:
            self._add(self._open, self._open.pop("text"))
            self._open = None

    def _add(self, attributes: dict, text: str):
        label = attributes.get("aria-label") or attributes.get("title") or ""
        self.anchors.append(
            Anchor(
                href=attributes["href"].strip(),
                rel=frozenset(attributes.get("rel", "").lower().split()),
                text=" ".join(text.split()).lower(),
                label=" ".join(label.split()).lower(),
            )
        )
