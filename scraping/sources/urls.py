"""Careers URLs taken apart for the adapters' `params_from_url` and `posting_id_from_url`: host, path, names (pure)."""
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

# What ATS vendors allow in a board's name: no slash, no percent-encoding, no leading dot or dash.
_SLUG_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_LABEL = r"[a-z0-9][a-z0-9-]*"
_UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def slug(value: str) -> str:
    """`value` when it can name a board (acme, WesternDigital, CX_1001), else ""."""
    return value if _SLUG_RE.fullmatch(value or "") else ""


def number(value: str) -> str:
    """`value` when it is a posting number of ASCII digits (744000140949875), else ""."""
    return value if value.isascii() and value.isdigit() else ""


def uuid(value: str) -> str:
    """`value` in lower case, as APIs write ids, when it is a UUID; else "" (a board's /apply, /embed pages)."""
    return value.lower() if _UUID_RE.fullmatch(value) else ""


@dataclass(frozen=True)
class CareersUrl:
    host: str  # lower case, without the trailing dot of a fully qualified name
    segments: tuple[str, ...]  # the path's non-empty segments, as written
    query: str

    def segment(self, index: int) -> str:
        """The path segment at `index`, or ""."""
        return self.segments[index] if index < len(self.segments) else ""

    def after(self, marker: str, offset: int = 1) -> str:
        """The segment `offset` places after the first `marker` (case-insensitive), or ""."""
        lowered = [segment.lower() for segment in self.segments]
        return self.segment(lowered.index(marker) + offset) if marker in lowered else ""

    def begins_with(self, *prefix: str) -> bool:
        """Whether the path's first segments are `prefix` (lower case; compared case-insensitively)."""
        return tuple(segment.lower() for segment in self.segments[: len(prefix)]) == prefix

    def parameter(self, name: str) -> str:
        """The first value of query parameter `name`, or ""."""
        return parse_qs(self.query).get(name, [""])[0]

    def board(self, *, hosts, api_hosts=(), api_marker: str = "") -> str:
        """The board a URL names: the first path segment on `hosts` (jobs.lever.co/acme), the segment after
        `api_marker` on `api_hosts` (api.lever.co/v0/postings/acme); "" elsewhere or when it is no name."""
        if self.host in hosts:
            return slug(self.segment(0))
        return slug(self.after(api_marker)) if self.host in api_hosts else ""

    def subdomain(self, domain: str, *, reserved=frozenset()) -> str:
        """The label of a host <label>.<domain> (`domain` a regex), or "": a reserved label is the vendor's own site
        (www, app, help), no company's board."""
        match = re.fullmatch(rf"({_LABEL})\.{domain}", self.host)
        return match[1] if match and match[1] not in reserved else ""


def parse(url: str) -> CareersUrl:
    """An http(s) URL taken apart; other schemes and what is no URL get no host, so match no vendor."""
    url = (url or "").strip()
    if "://" not in url:
        # Operators paste what the address bar shows, often without the scheme.
        url = f"https:{url}" if url.startswith("//") else f"https://{url}"
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:  # "https://[::1" and other malformed hosts
        return _NOWHERE
    if parts.scheme not in ("http", "https"):
        return _NOWHERE
    return CareersUrl(host, tuple(segment for segment in parts.path.split("/") if segment), parts.query)


_NOWHERE = CareersUrl("", (), "")
