"""The scraper's one HTTP client: fetch, send with retries, one attempt, capped reads, a webhook's post; each request
checked first."""
import json
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import httpcore
import httpx
import redis
from django.conf import settings
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential_jitter

from scraping.errors import FetchError, PacingFailed

from .cache import Response, cache_get, cache_put, cache_renew
from .encoding import decode_html
from .guard import DEFAULT_PORTS, SCHEME_REFUSAL, AddressRefused, guarded_transport, permitted_addresses
from .pacing import host_pause, host_slot
from .robots import robots_check

MAX_REDIRECTS = 5  # hops per request (RFC 9309 asks robots.txt readers to follow five)
RETRY_INITIAL_WAIT = 1.0  # seconds before the first retry; doubled for each next one, plus up to 1 s of jitter
HTML_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
JSON_ACCEPT = "application/json"
ANSWER_EXCERPT = 200  # bytes of an answer's body post_bytes returns: enough for an operator to read why it failed


@dataclass(frozen=True)
class FetchedPage:
    """An HTML page as get_page returns it."""

    url: str  # where the page was found, after redirects: its relative links resolve against this
    html: str  # decoded text
    # The site answered 304 to our conditional GET: `html` is the copy kept from when it last sent the page.
    not_modified: bool = False


class _Retryable(FetchError):
    """A failure worth another attempt (429, 5xx, timeout, dropped connection)."""

    def __init__(self, url: str, reason: str, *, status: int | None = None, retry_after: float | None = None):
        super().__init__(url, reason, status=status)
        self.retry_after = retry_after


def get_json(url: str, *, params: dict | None = None):
    """GET a JSON document; any failure becomes a FetchError (a SourceError).

    robots.txt is not consulted: it governs crawling a site's pages, and ATS APIs are published for programs
    to call (the job boards' own robots.txt files say nothing about them).
    """
    return _json(url, _fetch("GET", url, params=params, accept=JSON_ACCEPT))


def post_json(url: str, *, payload: dict, params: dict | None = None):
    """POST a JSON body and read a JSON answer (APIs such as Workday's CXS list jobs this way)."""
    return _json(url, _fetch("POST", url, params=params, payload=payload, accept=JSON_ACCEPT))


# Tried once, unlike every fetch, which is tried up to SCRAPE_MAX_ATTEMPTS times within seconds: its caller (a saved
# search's webhook, alerts.webhooks) retries a failed delivery with its own backoff over hours, which a receiver down
# for a deploy or a night needs, and counts each failure towards disabling the webhook, which retries here would hide.
def post_bytes(url: str, *, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    """POST `body` exactly as given (a signature covers its bytes) with `headers` added, through the same checks,
    guarded connections and pacing as every fetch; a redirect is not followed but returned like any answer. Returns
    the answer's status, whatever it is, and the start of its body (ANSWER_EXCERPT bytes, as text); a FetchError when
    no answer came (an address refused, a timeout, no connection)."""
    target = _target(url, None)
    with _pacing_failure(url):
        _check_request(url, target, obey_robots=False)
        response = _attempt(
            "POST", url, target, headers={"User-Agent": settings.SCRAPE_USER_AGENT, **headers}, payload=None,
            content=body, obey_robots=False, take_slot=True, as_answered=True,
        )
    return response.status, response.body[:ANSWER_EXCERPT].decode("utf-8", "replace")


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


def _json(url: str, response: Response):
    try:
        return json.loads(response.body)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested deeper than the parser's stack
        raise FetchError(url, f"did not return valid JSON: {exc.__class__.__name__}: {exc}") from exc


def _fetch(method: str, url: str, *, accept: str, params=None, payload=None, obey_robots=False) -> Response:
    target = _target(url, params)
    with _pacing_failure(url):
        _check_request(url, target, obey_robots=obey_robots)
        cached = cache_get(target) if method == "GET" else None
        headers = {"User-Agent": settings.SCRAPE_USER_AGENT, "Accept": accept}
        if cached and cached.etag:
            headers["If-None-Match"] = cached.etag
        if cached and cached.last_modified:
            headers["If-Modified-Since"] = cached.last_modified
        response = send(method, url, target, headers=headers, payload=payload, obey_robots=obey_robots)
        if response.status == 304 and cached:
            cache_renew(target)
            return replace(cached, status=304)
        if method == "GET":
            cache_put(target, response)
        return response


@contextmanager
def _pacing_failure(url: str):
    """Redis failing while a request waits for its turn (or reads the cache) as a FetchError, like any failure."""
    try:
        yield
    except redis.RedisError as exc:
        raise PacingFailed(url, f"could not be fetched: Redis (REDIS_URL), which paces requests, failed: {exc}") from exc


def _target(url: str, params: dict | None) -> httpx.URL:
    try:
        target = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise FetchError(url, f"is not a valid URL: {exc}") from exc
    if target.scheme in DEFAULT_PORTS and not target.host:
        raise FetchError(url, "is not a valid URL: it names no host")
    return target.copy_merge_params(params) if params else target


def send(method, url, target, *, headers, payload=None, obey_robots=False, take_slot=True) -> Response:
    """One request to `target`, attempted up to SCRAPE_MAX_ATTEMPTS times while it fails in a way worth retrying."""
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


def _attempt(method, url, target, *, headers, payload, obey_robots, take_slot, content=None,
             as_answered=False) -> Response:
    """One request: `payload` sent as JSON, or `content` as given. With `as_answered`, its first answer as it came
    (no redirect followed, no status raised); else the final answer of a success, a FetchError for the others."""
    timeout = settings.SCRAPE_TIMEOUT
    conditional = "If-None-Match" in headers or "If-Modified-Since" in headers
    on_send = []
    # The client is built first so that a request leaves as soon as its host's turn comes.
    with (
        _client(target, obey_robots=obey_robots, on_send=on_send) as client,
        host_slot(url, target.host, take_slot=take_slot) as restart_interval,
    ):
        on_send.append(restart_interval)
        try:
            with client.stream(method, target, headers=headers, json=payload, content=content, timeout=timeout,
                               follow_redirects=not as_answered) as response:
                status = response.status_code
                if not as_answered and (status == 429 or status >= 500):
                    retry_after = _retry_after(response)
                    if retry_after:
                        host_pause(target.host, retry_after)
                    raise _Retryable(url, f"answered HTTP {status}", status=status, retry_after=retry_after)
                if not as_answered and not (200 <= status < 300 or (status == 304 and conditional)):
                    raise FetchError(url, f"answered HTTP {status}", status=status)
                body = _read_capped(url, response, deadline=time.monotonic() + timeout)
        except FetchError as exc:
            if exc.url == url:
                raise
            # Refused by the check before a redirect is followed: say which page it came from.
            raise FetchError(url, f"was redirected to {exc.url}, which {exc.reason}", status=exc.status) from exc
        except AddressRefused as exc:
            raise FetchError(url, f"is refused: {exc}") from exc
        except httpx.TimeoutException as exc:
            raise _Retryable(url, f"did not answer within {timeout:g} s ({exc.__class__.__name__})") from exc
        except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            raise _Retryable(url, f"could not be fetched: {exc.__class__.__name__}: {exc}") from exc
        except httpx.HTTPError as exc:
            raise FetchError(url, f"could not be fetched: {exc.__class__.__name__}: {exc}") from exc
    return Response(
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


def _client(target: httpx.URL, *, obey_robots: bool, on_send: list) -> httpx.Client:
    """A client for one request to `target` and its redirects, each checked by _check_request before it is sent;
    the callables in `on_send` run then too."""

    def check_hop(request: httpx.Request) -> None:
        # `target` itself passed the same check before the first attempt.
        if request.url != target:
            _check_request(str(request.url), request.url, obey_robots=obey_robots)
        for hook in on_send:
            hook()

    # Given a transport, httpx ignores HTTP(S)_PROXY: every connection is one the backend checked.
    return httpx.Client(
        transport=guarded_transport(), follow_redirects=True, max_redirects=MAX_REDIRECTS,
        event_hooks={"request": [check_hop]},
    )


def _check_request(url: str, target: httpx.URL, *, obey_robots: bool) -> None:
    """What a request must pass before it is sent, the first and each redirect: an http(s) URL, an address the
    settings allow, and for a page, the site's robots.txt.

    The backend checks the address again as it connects; checking here first says that the page was refused,
    not that its robots.txt could not be read.
    """
    if target.scheme not in DEFAULT_PORTS:
        raise FetchError(url, f"is refused: {SCHEME_REFUSAL}")
    try:
        permitted_addresses(target.host, target.port or DEFAULT_PORTS[target.scheme])
    except AddressRefused as exc:
        raise FetchError(url, f"is refused: {exc}") from exc
    except httpcore.ConnectError:
        pass  # a host that does not resolve: the request reports it like any other connection failure
    if obey_robots:
        robots_check(url, target, send=send)
