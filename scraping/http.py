"""The scraper's one HTTP client: public http(s) only, capped, paced per host through Redis, retried, robots-aware."""
import codecs
import hashlib
import ipaddress
import json
import random
import re
import socket
import time
import uuid
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from functools import cache

import chardet
import httpcore
import httpx
import redis
from django.conf import settings
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential_jitter

from .errors import FetchError
from .robots import robots_allows

REDIS_PREFIX = "jobscraper:http:"  # every key this module keeps in Redis starts so
MAX_REDIRECTS = 5  # hops per request (RFC 9309 asks robots.txt readers to follow five)
RETRY_INITIAL_WAIT = 1.0  # seconds before the first retry; doubled for each next one, plus up to 1 s of jitter
SLOT_WAIT_LIMIT = 300  # seconds a request waits for one of its host's concurrency slots before giving up
SLOT_LEASE_MARGIN = 10  # seconds a slot outlives the longest a holder can need, before it counts as abandoned
ROBOTS_MAX_BYTES = 512 * 1024  # bytes of robots.txt read (RFC 9309: at least 500 KiB)
ROBOTS_UNREACHABLE_TTL = 600  # seconds before a robots.txt that could not be read is tried again
META_SCAN_BYTES = 8192  # bytes at the start of a page searched for a <meta> charset
DETECT_SAMPLE_BYTES = 64 * 1024  # bytes an undeclared encoding is detected from (detection time grows with them)
DEFAULT_PORTS = {"http": 80, "https": 443}  # the only schemes fetched
HTML_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
JSON_ACCEPT = "application/json"

# Browsers read these labels as the wider encodings (WHATWG Encoding Standard), and pages depend on it:
# "iso-8859-1" pages are full of windows-1252 quotes and dashes.
_BROWSER_ENCODINGS = {
    "iso8859-1": "cp1252", "ascii": "cp1252", "shift_jis": "cp932", "gb2312": "gb18030", "gbk": "gb18030",
    "euc_kr": "cp949",
}
_CHARSET_RE = re.compile(r"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_META_CHARSET_RE = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# The interval counted again from a request's send: unless another holder's turn or a Retry-After pause (which must
# not be shortened) has replaced ours meanwhile.
_RESTART_INTERVAL_LUA = """
local holder = redis.call('GET', KEYS[1])
if (not holder) or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
"""
# Holders of a host's concurrency slots: a sorted set of tokens scored by when their lease ends (ms, Redis clock).
_TAKE_SLOT_LUA = """
local now_parts = redis.call('TIME')
local now = now_parts[1] * 1000 + math.floor(now_parts[2] / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 1
end
return 0
"""


@dataclass(frozen=True)
class FetchedPage:
    """An HTML page as get_page returns it."""

    url: str  # where the page was found, after redirects: its relative links resolve against this
    html: str  # decoded text
    # The site answered 304 to our conditional GET: `html` is the copy kept from when it last sent the page.
    not_modified: bool = False


@dataclass(frozen=True)
class _Response:
    """A response read whole, or remembered for conditional GET."""

    url: str
    status: int
    content_type: str
    etag: str
    last_modified: str
    body: bytes


class _Retryable(FetchError):
    """A failure worth another attempt (429, 5xx, timeout, dropped connection)."""

    def __init__(self, url: str, reason: str, *, status: int | None = None, retry_after: float | None = None):
        super().__init__(url, reason, status=status)
        self.retry_after = retry_after


class _AddressRefused(Exception):
    """A connection to a non-public address that the settings do not allow."""


def get_json(url: str, *, params: dict | None = None):
    """GET a JSON document; any failure becomes a FetchError (a SourceError).

    robots.txt is not consulted: it governs crawling a site's pages, and ATS APIs are published for programs
    to call (the job boards' own robots.txt files say nothing about them).
    """
    return _json(url, _fetch("GET", url, params=params, accept=JSON_ACCEPT))


def post_json(url: str, *, payload: dict, params: dict | None = None):
    """POST a JSON body and read a JSON answer (APIs such as Workday's CXS list jobs this way)."""
    return _json(url, _fetch("POST", url, params=params, payload=payload, accept=JSON_ACCEPT))


def get_bytes(url: str, *, params: dict | None = None, accept: str = "*/*") -> bytes:
    """GET a document's bytes, such as an XML feed whose parser reads its own encoding; an API, like get_json."""
    return _fetch("GET", url, params=params, accept=accept).body


def get_page(url: str) -> FetchedPage:
    """GET an HTML page as text once the site's robots.txt allows it, with the URL it ended at."""
    response = _fetch("GET", url, accept=HTML_ACCEPT, obey_robots=True)
    return FetchedPage(
        url=response.url, html=decode_html(response.body, response.content_type), not_modified=response.status == 304
    )


def get_resource(url: str) -> tuple[bytes, str]:
    """GET what a page needs to show itself in a browser (its scripts, the JSON they load) as (body, Content-Type),
    once the site's robots.txt allows it, like a page."""
    response = _fetch("GET", url, accept="*/*", obey_robots=True)
    return response.body, response.content_type


def decode_html(body: bytes, content_type: str = "") -> str:
    """A page's text in the encoding it declares (byte-order mark, then Content-Type, then <meta>), else UTF-8 when
    the bytes are valid UTF-8, else the encoding chardet detects."""
    for label in _declared_encodings(body, content_type):
        text = _decoded(body, label)
        if text is not None:
            return text
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # chardet rather than charset_normalizer: measured here, the latter read a French windows-1252 page as cp775
    # and a Japanese Shift_JIS one as Korean.
    detected = chardet.detect(body[:DETECT_SAMPLE_BYTES])["encoding"]
    text = _decoded(body, detected) if detected else None
    return text if text is not None else body.decode("utf-8", errors="replace")


def _declared_encodings(body: bytes, content_type: str):
    if body.startswith(codecs.BOM_UTF8):
        yield "utf-8-sig"
    elif body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield "utf-16"
    if match := _CHARSET_RE.search(content_type):
        yield match.group(1)
    if match := _META_CHARSET_RE.search(body[:META_SCAN_BYTES]):
        label = match.group(1).decode("ascii")
        # A <meta> that could be read as ASCII is not in UTF-16, whatever it says (WHATWG: read such pages as UTF-8).
        yield "utf-8" if label.lower().startswith("utf-16") else label


def _decoded(body: bytes, label: str) -> str | None:
    """`body` read as browsers read the encoding `label` names; None when no text codec goes by that name."""
    try:
        name = codecs.lookup(label).name
        return body.decode(_BROWSER_ENCODINGS.get(name, name), errors="replace")
    except LookupError:  # an unknown label, or a codec that is not a text encoding, such as "base64"
        return None


def _json(url: str, response: _Response):
    try:
        return json.loads(response.body)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested deeper than the parser's stack
        raise FetchError(url, f"did not return valid JSON: {exc.__class__.__name__}: {exc}") from exc


def _fetch(method: str, url: str, *, accept: str, params=None, payload=None, obey_robots=False) -> _Response:
    target = _target(url, params)
    try:
        _check_request(url, target, obey_robots=obey_robots)
        cached = _cache_get(target) if method == "GET" else None
        headers = {"User-Agent": settings.SCRAPE_USER_AGENT, "Accept": accept}
        if cached and cached.etag:
            headers["If-None-Match"] = cached.etag
        if cached and cached.last_modified:
            headers["If-Modified-Since"] = cached.last_modified
        response = _send(method, url, target, headers=headers, payload=payload, obey_robots=obey_robots)
        if response.status == 304 and cached:
            _redis().expire(_cache_key(target), settings.SCRAPE_CACHE_TTL)
            return replace(cached, status=304)
        if method == "GET":
            _cache_put(target, response)
        return response
    except redis.RedisError as exc:
        raise FetchError(url, f"could not be fetched: Redis (REDIS_URL), which paces requests, failed: {exc}") from exc


def _target(url: str, params: dict | None) -> httpx.URL:
    try:
        target = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise FetchError(url, f"is not a valid URL: {exc}") from exc
    if target.scheme in DEFAULT_PORTS and not target.host:
        raise FetchError(url, "is not a valid URL: it names no host")
    return target.copy_merge_params(params) if params else target


def _send(method, url, target, *, headers, payload=None, obey_robots=False, take_slot=True) -> _Response:
    retrying = Retrying(
        retry=retry_if_exception_type(_Retryable), wait=_retry_wait,
        stop=stop_after_attempt(settings.SCRAPE_MAX_ATTEMPTS), reraise=True,
    )
    return retrying(
        _attempt, method, url, target, headers=headers, payload=payload, obey_robots=obey_robots, take_slot=take_slot
    )


def _retry_wait(retry_state) -> float:
    cap = settings.SCRAPE_RETRY_MAX_WAIT
    retry_after = getattr(retry_state.outcome.exception(), "retry_after", None)
    if retry_after is not None:
        return min(retry_after, cap)
    return wait_exponential_jitter(initial=RETRY_INITIAL_WAIT, max=cap)(retry_state)


def _attempt(method, url, target, *, headers, payload, obey_robots, take_slot) -> _Response:
    timeout = settings.SCRAPE_TIMEOUT
    conditional = "If-None-Match" in headers or "If-Modified-Since" in headers
    on_send = []
    # The client is built first so that a request leaves as soon as its host's turn comes.
    with (
        _client(target, obey_robots=obey_robots, on_send=on_send) as client,
        _host_slot(url, target.host, take_slot=take_slot) as restart_interval,
    ):
        on_send.append(restart_interval)
        try:
            with client.stream(method, target, headers=headers, json=payload, timeout=timeout) as response:
                status = response.status_code
                if status == 429 or status >= 500:
                    retry_after = _retry_after(response)
                    if retry_after:
                        _host_pause(target.host, retry_after)
                    raise _Retryable(url, f"answered HTTP {status}", status=status, retry_after=retry_after)
                if not (200 <= status < 300 or (status == 304 and conditional)):
                    raise FetchError(url, f"answered HTTP {status}", status=status)
                body = _read_capped(url, response, deadline=time.monotonic() + timeout)
        except FetchError as exc:
            if exc.url == url:
                raise
            # Refused by the check before a redirect is followed: say which page it came from.
            raise FetchError(url, f"was redirected to {exc.url}, which {exc.reason}", status=exc.status) from exc
        except _AddressRefused as exc:
            raise FetchError(url, f"is refused: {exc}") from exc
        except httpx.TimeoutException as exc:
            raise _Retryable(url, f"did not answer within {timeout:g} s ({exc.__class__.__name__})") from exc
        except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            raise _Retryable(url, f"could not be fetched: {exc.__class__.__name__}: {exc}") from exc
        except httpx.HTTPError as exc:
            raise FetchError(url, f"could not be fetched: {exc.__class__.__name__}: {exc}") from exc
    return _Response(
        url=str(response.url), status=status, content_type=response.headers.get("Content-Type", ""),
        etag=response.headers.get("ETag", ""), last_modified=response.headers.get("Last-Modified", ""), body=body,
    )


def _read_capped(url: str, response: httpx.Response, *, deadline: float) -> bytes:
    """The body, refused once it passes SCRAPE_MAX_RESPONSE_BYTES (counted decompressed) or takes past `deadline`."""
    cap = settings.SCRAPE_MAX_RESPONSE_BYTES
    too_large = FetchError(url, f"is refused: larger than {cap:,} bytes (SCRAPE_MAX_RESPONSE_BYTES)")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > cap:
        raise too_large
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > cap:
            raise too_large
        # The read timeout bounds each wait for bytes; a server trickling them could still take forever.
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("the body took too long", request=response.request)
    return bytes(body)


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds, given as seconds or as an HTTP date; None when absent or unreadable."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


# --- Safety: only public addresses, checked at each connection --------------------------------------------------


class _GuardedBackend(httpcore.SyncBackend):
    """Connects only to addresses the settings allow; as every connection goes through here, redirects are checked
    too, and the address checked is the one connected to (no second DNS answer to slip through)."""

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        error = None
        for address in _permitted_addresses(host, port):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error


def _permitted_addresses(host: str, port: int) -> list[str]:
    if settings.SCRAPE_ALLOW_PRIVATE_NETWORKS or host.lower().rstrip(".") in {
        allowed.lower() for allowed in settings.SCRAPE_ALLOWED_HOSTS
    }:
        return [host]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise httpcore.ConnectError(f"{host}: {exc}") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for address in addresses:
        kind = _non_public_kind(ipaddress.ip_address(address.split("%")[0]))
        if kind:
            named = f"{host} is" if host == address else f"{host} resolves to {address},"
            raise _AddressRefused(
                f"{named} a {kind} address; allow it with SCRAPE_ALLOW_PRIVATE_NETWORKS=true "
                f"or by naming the host in SCRAPE_ALLOWED_HOSTS"
            )
    return addresses


def _non_public_kind(address) -> str:
    """What makes an address non-public ("loopback", "private", ...), or "" for a public one."""
    if address.version == 6:
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded:
            return _non_public_kind(embedded)
    for kind, flag in (
        ("unspecified", address.is_unspecified), ("loopback", address.is_loopback),
        ("link-local", address.is_link_local), ("multicast", address.is_multicast),
        ("reserved", address.is_reserved), ("private", address.is_private), ("non-public", not address.is_global),
    ):
        if flag:
            return kind
    return ""


@cache
def _ssl_context():
    return httpx.create_ssl_context()


def _client(target: httpx.URL, *, obey_robots: bool, on_send: list) -> httpx.Client:
    """A client for one request to `target` and its redirects, each checked by _check_request before it is sent;
    the callables in `on_send` run then too."""
    transport = httpx.HTTPTransport(verify=_ssl_context())
    # httpx offers no way to hand httpcore a network backend; ours checks each address before connecting.
    transport._pool._network_backend = _GuardedBackend()

    def check_hop(request: httpx.Request) -> None:
        # `target` itself passed the same check before the first attempt.
        if request.url != target:
            _check_request(str(request.url), request.url, obey_robots=obey_robots)
        for hook in on_send:
            hook()

    # Given a transport, httpx ignores HTTP(S)_PROXY: every connection is one the backend checked.
    return httpx.Client(
        transport=transport, follow_redirects=True, max_redirects=MAX_REDIRECTS, event_hooks={"request": [check_hop]}
    )


def _check_request(url: str, target: httpx.URL, *, obey_robots: bool) -> None:
    """What a request must pass before it is sent, the first and each redirect: an http(s) URL, an address the
    settings allow, and for a page, the site's robots.txt.

    The backend checks the address again as it connects; checking here first says that the page was refused,
    not that its robots.txt could not be read.
    """
    if target.scheme not in DEFAULT_PORTS:
        raise FetchError(url, "is refused: only http and https URLs are fetched")
    try:
        _permitted_addresses(target.host, target.port or DEFAULT_PORTS[target.scheme])
    except _AddressRefused as exc:
        raise FetchError(url, f"is refused: {exc}") from exc
    except httpcore.ConnectError:
        pass  # a host that does not resolve: the request reports it like any other connection failure
    if obey_robots:
        _robots_check(url, target)


# --- Politeness: pacing per host, robots.txt, conditional GET ----------------------------------------------------


def _redis() -> redis.Redis:
    return _redis_for(settings.REDIS_URL)


@cache
def _redis_for(url: str) -> redis.Redis:
    return redis.Redis.from_url(url)


@contextmanager
def _host_slot(url: str, host: str, *, take_slot: bool):
    """Hold one of the host's SCRAPE_HOST_CONCURRENCY slots (unless `take_slot` is false), then start no sooner
    than SCRAPE_HOST_INTERVAL after the host's previous request; shared by every process through Redis.

    Yields a callable to call as the request is sent: the interval then starts again from that moment, so that a
    request delayed between its turn and its send (a busy core, a slow connect) does not shorten the next one's gap.
    """
    client = _redis()
    slots_key, token = f"{REDIS_PREFIX}slots:{host}", uuid.uuid4().hex
    if take_slot:
        # The longest a holder can need: connect and read timeouts and the body's deadline, a Retry-After pause,
        # and its turn at the interval behind the other holders. A slot left by a killed process frees itself then.
        lease = (
            3 * settings.SCRAPE_TIMEOUT + settings.SCRAPE_RETRY_MAX_WAIT
            + settings.SCRAPE_HOST_CONCURRENCY * settings.SCRAPE_HOST_INTERVAL + SLOT_LEASE_MARGIN
        )
        deadline = time.monotonic() + SLOT_WAIT_LIMIT
        while not client.eval(_TAKE_SLOT_LUA, 1, slots_key, token, settings.SCRAPE_HOST_CONCURRENCY, int(lease * 1000)):
            if time.monotonic() > deadline:
                raise FetchError(url, f"is not fetched: {host} had no free request slot for {SLOT_WAIT_LIMIT} s")
            time.sleep(random.uniform(0.02, 0.1))  # seconds; jittered so that waiters do not poll in step
    try:
        next_key = f"{REDIS_PREFIX}next:{host}"
        # The key lives for the interval after each request starts (or for a Retry-After pause, which holds even
        # with no interval set): whoever sets it may start now.
        interval_ms = max(round(settings.SCRAPE_HOST_INTERVAL * 1000), 1)
        while not client.set(next_key, token, nx=True, px=interval_ms):
            time.sleep(max(client.pttl(next_key), 1) / 1000)
        yield lambda: client.eval(_RESTART_INTERVAL_LUA, 1, next_key, token, interval_ms)
    finally:
        if take_slot:
            client.zrem(slots_key, token)


def _host_pause(host: str, seconds: float) -> None:
    """Hold every process's next request to `host` back for its Retry-After (capped), not only this one's."""
    pause_ms = round(min(seconds, settings.SCRAPE_RETRY_MAX_WAIT) * 1000)
    next_key = f"{REDIS_PREFIX}next:{host}"
    client = _redis()
    if pause_ms > 0 and client.pttl(next_key) < pause_ms:
        client.set(next_key, "retry-after", px=pause_ms)


def _robots_check(url: str, target: httpx.URL) -> None:
    origin = f"{target.scheme}://{target.netloc.decode('ascii')}"
    rules = _robots_rules(origin)
    if "unreachable" in rules:
        raise FetchError(url, f"is not fetched: {origin}/robots.txt {rules['unreachable']}")
    if not robots_allows(rules["text"], settings.SCRAPE_USER_AGENT, str(target)):
        raise FetchError(url, f"is disallowed by {origin}/robots.txt for user agent {settings.SCRAPE_USER_AGENT!r}")


def _robots_rules(origin: str) -> dict:
    """{"text": robots.txt} or {"unreachable": why}, cached per origin for SCRAPE_ROBOTS_TTL."""
    key = f"{REDIS_PREFIX}robots:{origin}"
    stored = _redis().get(key)
    if stored is not None:
        return json.loads(stored)
    robots_url = f"{origin}/robots.txt"
    headers = {"User-Agent": settings.SCRAPE_USER_AGENT, "Accept": "text/plain"}
    ttl = settings.SCRAPE_ROBOTS_TTL
    try:
        # No concurrency slot: a page fetch redirected to a new origin asks for its robots.txt while holding one.
        response = _send("GET", robots_url, httpx.URL(robots_url), headers=headers, take_slot=False)
        rules = {"text": response.body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")}
    except FetchError as exc:
        if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
            # RFC 9309: a robots.txt that is not there (4xx) sets no rules.
            rules = {"text": ""}
        else:
            # RFC 9309: one that cannot be read (5xx, network) means nothing may be crawled for now.
            rules, ttl = {"unreachable": exc.reason}, min(ttl, ROBOTS_UNREACHABLE_TTL)
    _redis().set(key, json.dumps(rules), ex=ttl)
    return rules


def _cache_key(target: httpx.URL) -> str:
    return f"{REDIS_PREFIX}cache:{hashlib.sha256(str(target.copy_with(fragment=None)).encode()).hexdigest()}"


def _cache_get(target: httpx.URL) -> _Response | None:
    entry = _redis().hgetall(_cache_key(target))
    if not entry:
        return None
    fields = {name.decode(): value for name, value in entry.items()}
    return _Response(
        url=fields["url"].decode(), status=200, content_type=fields["content_type"].decode(),
        etag=fields["etag"].decode(), last_modified=fields["last_modified"].decode(),
        body=zlib.decompress(fields["body"]),
    )


def _cache_put(target: httpx.URL, response: _Response) -> None:
    """Remember a body with its validators for the next conditional GET; forget it when the server sends none."""
    key = _cache_key(target)
    if not (response.etag or response.last_modified) or len(response.body) > settings.SCRAPE_CACHE_MAX_BYTES:
        _redis().delete(key)
        return
    entry = {
        "url": response.url, "content_type": response.content_type, "etag": response.etag,
        "last_modified": response.last_modified, "body": zlib.compress(response.body),
    }
    _redis().pipeline().delete(key).hset(key, mapping=entry).expire(key, settings.SCRAPE_CACHE_TTL).execute()
