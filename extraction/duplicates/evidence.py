"""Exact evidence that two postings are one job, where the sources give it (pure): the employer's requisition id on
both, the ATS's id of the job both are posts of, or a job board's row whose direct apply URL is the other posting's own
URL. It decides without scoring."""
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

# Query parameters that say who sent the visitor, not which posting it is: dropped before URLs are compared.
TRACKING_PARAMS = {
    "gh_src", "urlhash", "source", "src", "ref", "referrer", "refid", "trk", "feedid", "lever-source", "lever-origin",
    "fbclid", "gclid",
}
TRACKING_PREFIXES = ("utm_",)
# Hosts under which one ATS serves the same posting (Greenhouse moved its boards from boards. to job-boards.).
HOST_ALIASES = {
    "boards.greenhouse.io": "job-boards.greenhouse.io",
    "boards.eu.greenhouse.io": "job-boards.eu.greenhouse.io",
}
# A "requisition" that names a standing pool rather than one opening: many postings share it ("Evergreen 48",
# "Pipeline"), and one without a digit is a label ("PIP", "EG-MDR"), not a number an ATS gives one opening.
POOL_WORDS_RE = re.compile(r"\b(?:evergreen|pipeline|pool)\b", re.IGNORECASE)


def url_key(url: str) -> str:
    """A posting's URL as one page: no scheme, "www." or trailing slash, its host's other name folded, tracking
    parameters dropped and the rest sorted ("https://boards.greenhouse.io/x/jobs/1?gh_src=a" ->
    "job-boards.greenhouse.io/x/jobs/1"). A LinkedIn apply URL may carry "&urlHash=..." with no "?": read as a query."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url if "//" in url else "//" + url)
    path, query = parts.path, parts.query
    if "&" in path and not query:
        path, _, query = path.partition("&")
    host = (parts.hostname or "").removeprefix("www.")
    host = HOST_ALIASES.get(host, host)
    params = sorted({
        (name, value) for name, value in parse_qsl(query, keep_blank_values=True)
        if name.casefold() not in TRACKING_PARAMS and not name.casefold().startswith(TRACKING_PREFIXES)
    })
    return host + path.rstrip("/") + ("?" + urlencode(params) if params else "")


def requisition_key(requisition: str) -> str:
    """A requisition id as one number ("REQ #26754" -> "req26754"); "" where it names a pool or has no digit."""
    requisition = (requisition or "").strip()
    if not any(ch.isdigit() for ch in requisition) or POOL_WORDS_RE.search(requisition):
        return ""
    return re.sub(r"[\W_]+", "", requisition).casefold()


def same_posting_url(apply_url: str, other_url: str) -> bool:
    """A board row's direct apply URL is the other posting's own URL."""
    key = url_key(apply_url)
    return bool(key) and key == url_key(other_url)
