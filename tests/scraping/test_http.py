"""scraping.http against a loopback server: refused addresses, robots.txt, retries, limits, revalidation, encodings."""
import gzip
import multiprocessing
import re
import socket
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from scraping.errors import FetchError
from scraping.http import decode_html, get_bytes, get_json, get_page, post_bytes, url_refusal
from tests.servers import Reply

HTML = "text/html; charset=utf-8"
# A server records a request's arrival before it answers, so a pause that starts on our side when the answer comes
# shows whole between two arrivals, whatever the load: only the rounding of Redis' millisecond expiry is allowed for.
ROUNDING = 0.01  # seconds


def _html(title: str, text: str = "") -> str:
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{title}</h1><p>{text}</p></body></html>"


def _paths(server) -> list[str]:
    return [request[1] for request in server.requests]


def _arrivals(server, path: str) -> list[float]:
    return [arrived for seen, arrived, _ in server.times if seen == path]


def test_page_is_fetched_as_us_and_says_where_it_ended(loopback, settings):
    # given a careers URL that redirects
    loopback.routes["/jobs"] = Reply(status=301, headers={"Location": "/careers/jobs"})
    loopback.routes["/careers/jobs"] = Reply.html(_html("Open roles"))

    # when
    page = get_page(f"{loopback.url}/jobs")

    # then the page comes with its final URL, after the site's robots.txt, every request naming us
    assert page.url == f"{loopback.url}/careers/jobs"
    assert "<h1>Open roles</h1>" in page.html
    assert _paths(loopback) == ["/robots.txt", "/jobs", "/careers/jobs"]
    assert {request[4]["User-Agent"] for request in loopback.requests} == {settings.SCRAPE_USER_AGENT}


# --- Safety -----------------------------------------------------------------------------------------------------


def test_loopback_is_refused_by_default(loopback, settings):
    # given the default, which this folder's fixture lifts for the other tests
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = False
    loopback.routes["/careers"] = Reply.html(_html("Careers"))

    # when, then
    with pytest.raises(FetchError, match=r"/careers is refused: 127\.0\.0\.1 is a loopback address; allow it with "
                       r"SCRAPE_ALLOW_PRIVATE_NETWORKS=true or by naming the host in SCRAPE_ALLOWED_HOSTS$"):
        get_page(f"{loopback.url}/careers")
    with pytest.raises(FetchError, match="is refused: 127.0.0.1 is a loopback address"):
        get_json(f"{loopback.url}/v1/boards/acme/jobs")
    assert loopback.requests == []


def test_name_resolving_to_loopback_is_refused(loopback, settings):
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = False
    port = loopback.httpd.server_address[1]

    with pytest.raises(FetchError, match=r"is refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address"):
        get_page(f"http://localhost:{port}/careers")
    assert loopback.requests == []


def test_name_that_resolves_elsewhere_by_the_time_we_connect_is_refused(loopback, settings, monkeypatch):
    # given a name whose DNS answer turns from a public address to loopback between the check and the connection
    # (DNS rebinding); no DNS server here, so the resolver is swapped for one that answers so
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = False
    loopback.routes["/v1/jobs"] = Reply.json({"jobs": []})
    real_getaddrinfo = socket.getaddrinfo
    answers = iter(["93.184.215.14", "127.0.0.1"])

    def rebinding_getaddrinfo(host, port, *args, **kwargs):
        return real_getaddrinfo(next(answers) if host == "jobs.rebind.example" else host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_getaddrinfo)

    # when, then the address connected to is the one checked, and it is refused
    with pytest.raises(FetchError, match="is refused: jobs.rebind.example resolves to 127.0.0.1, a loopback address"):
        get_json(f"http://jobs.rebind.example:{loopback.httpd.server_address[1]}/v1/jobs")
    assert loopback.requests == []


def test_redirect_to_loopback_from_an_allowed_host_is_refused(loopback, settings):
    # given a host the operator allowed by name, which redirects to an address nobody allowed
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = False
    settings.SCRAPE_ALLOWED_HOSTS = ["localhost"]
    port = loopback.httpd.server_address[1]
    loopback.routes["/careers"] = Reply(status=302, headers={"Location": f"http://127.0.0.1:{port}/admin"})
    loopback.routes["/admin"] = Reply.html(_html("Internal admin"))

    # when, then
    with pytest.raises(FetchError, match=rf"^http://localhost:{port}/careers was redirected to http://127\.0\.0\.1:"
                       rf"{port}/admin, which is refused: 127\.0\.0\.1 is a loopback address"):
        get_page(f"http://localhost:{port}/careers")
    assert _paths(loopback) == ["/robots.txt", "/careers"]


def test_allowed_host_is_fetched_though_its_address_is_private(loopback, settings):
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = False
    settings.SCRAPE_ALLOWED_HOSTS = ["127.0.0.1"]
    loopback.routes["/careers"] = Reply.html(_html("Careers"))

    assert "<h1>Careers</h1>" in get_page(f"{loopback.url}/careers").html


NON_PUBLIC = [
    ("10.1.2.3", "private"), ("172.16.5.4", "private"), ("192.168.0.10", "private"),
    ("169.254.169.254", "link-local"), ("0.0.0.0", "unspecified"), ("224.0.0.251", "multicast"),
    ("240.0.0.1", "reserved"), ("100.64.0.1", "non-public"), ("[::1]", "loopback"), ("[::]", "unspecified"),
    ("[::ffff:127.0.0.1]", "loopback"), ("[::ffff:10.0.0.1]", "private"), ("[fe80::1]", "link-local"),
    ("[fd12:3456::1]", "private"), ("[ff02::1]", "multicast"),
]


@pytest.mark.parametrize("host, kind", NON_PUBLIC)
def test_non_public_addresses_are_refused(settings, host, kind):
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = False

    with pytest.raises(FetchError, match=rf"is refused: \S+ is a {kind} address"):
        get_json(f"http://{host}:8080/v1/boards/acme/jobs")


@pytest.mark.parametrize("host, kind", NON_PUBLIC)
def test_url_refusal_tells_beforehand_what_a_fetch_would_refuse(settings, host, kind):
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = False
    url = f"http://{host}:8080/careers"

    # when the admin asks, without fetching
    refusal = url_refusal(url)

    # then it is the reason the fetch gives
    assert re.fullmatch(rf"\S+ is a {kind} address; allow it with SCRAPE_ALLOW_PRIVATE_NETWORKS=true or by naming "
                        r"the host in SCRAPE_ALLOWED_HOSTS", refusal)
    with pytest.raises(FetchError) as refused:
        get_page(url)
    assert str(refused.value).endswith(f"is refused: {refusal}")


def test_url_refusal_passes_public_allowed_and_unresolvable_hosts(settings):
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = False
    settings.SCRAPE_ALLOWED_HOSTS = ["intranet.example", "127.0.0.1"]

    assert url_refusal("https://93.184.215.14/careers") == ""
    assert url_refusal("http://127.0.0.1:8765/careers") == ""  # named in SCRAPE_ALLOWED_HOSTS
    assert url_refusal("https://Intranet.Example./jobs") == ""
    # a name that does not resolve (.invalid never does) may be down for now: not refused
    assert url_refusal("https://careers.nonexistent.invalid/") == ""
    assert re.match(r"localhost resolves to (127\.0\.0\.1|::1), a loopback address", url_refusal("http://localhost/"))


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/jobs.html", "gopher://example.com/1", "javascript:alert(1)",
            "data:text/html,<h1>Jobs</h1>"],
)
def test_other_schemes_are_refused(url):
    with pytest.raises(FetchError, match="is refused: only http and https URLs are fetched"):
        get_page(url)


def test_redirect_to_a_file_url_is_refused(loopback):
    loopback.routes["/careers"] = Reply(status=302, headers={"Location": "file:///etc/passwd"})

    # httpx gives a Location without a host the host of the page that sent it.
    with pytest.raises(FetchError, match=r"/careers was redirected to file://\S*/etc/passwd, which is refused: only"):
        get_page(f"{loopback.url}/careers")


def test_page_that_never_answers_fails_within_the_timeout(loopback, settings):
    # given a server that takes far longer than the timeout
    settings.SCRAPE_TIMEOUT = 0.3
    settings.SCRAPE_MAX_ATTEMPTS = 2
    server_delay = 60  # seconds: a client that waited for the answer, and only such a client, takes this long
    loopback.routes["/careers"] = Reply(body=_html("Careers"), headers={"Content-Type": HTML}, delay=server_delay)

    # when, then it fails as a timeout, after both attempts, without waiting for the server
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"/careers did not answer within 0\.3 s \(ReadTimeout\)$"):
        get_page(f"{loopback.url}/careers")
    assert time.monotonic() - started < server_delay
    assert len(loopback.hits("/careers")) == 2


def _large_page(size: int) -> str:
    paragraph = "<p>We are hiring engineers, designers and writers in every one of our offices.</p>\n"
    return _html("Careers", paragraph * (size // len(paragraph)))


def test_page_above_the_size_cap_is_refused(loopback, settings):
    settings.SCRAPE_MAX_RESPONSE_BYTES = 1024 * 1024
    loopback.routes["/careers"] = Reply.html(_large_page(5 * 1024 * 1024))

    too_large = r"/careers is refused: larger than 1,048,576 bytes \(SCRAPE_MAX_RESPONSE_BYTES\)$"
    with pytest.raises(FetchError, match=too_large):
        get_page(f"{loopback.url}/careers")


def test_compressed_page_is_capped_at_its_decompressed_size(loopback, settings):
    # given 5 MB that travel as a few kilobytes of gzip
    settings.SCRAPE_MAX_RESPONSE_BYTES = 1024 * 1024
    body = gzip.compress(_large_page(5 * 1024 * 1024).encode())
    loopback.routes["/careers"] = Reply(body=body, headers={"Content-Type": HTML, "Content-Encoding": "gzip"})
    assert len(body) < settings.SCRAPE_MAX_RESPONSE_BYTES

    # when, then
    with pytest.raises(FetchError, match="is refused: larger than 1,048,576 bytes"):
        get_page(f"{loopback.url}/careers")


def test_page_below_the_size_cap_is_read_whole(loopback, settings):
    settings.SCRAPE_MAX_RESPONSE_BYTES = 10 * 1024 * 1024
    markup = _large_page(5 * 1024 * 1024)
    loopback.routes["/careers"] = Reply.html(markup)

    assert get_page(f"{loopback.url}/careers").html == markup


# --- Retries ------------------------------------------------------------------------------------------------------


def test_429_is_retried_after_its_retry_after(loopback, settings):
    settings.SCRAPE_RETRY_MAX_WAIT = 5
    loopback.routes["/careers"] = [Reply(status=429, headers={"Retry-After": "1"}), Reply.html(_html("Careers"))]

    page = get_page(f"{loopback.url}/careers")

    assert "<h1>Careers</h1>" in page.html
    first, second = _arrivals(loopback, "/careers")
    assert second - first >= 1 - ROUNDING


def test_retry_after_as_a_date_is_honoured(loopback, settings):
    settings.SCRAPE_RETRY_MAX_WAIT = 5
    when = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=2)
    # the server's clock is time.monotonic(): the date on it
    when_on_server_clock = time.monotonic() + (when - datetime.now(timezone.utc)).total_seconds()
    loopback.routes["/v1/jobs"] = [Reply(status=503, headers={"Retry-After": format_datetime(when, usegmt=True)}),
                                   Reply.json({"jobs": []})]

    assert get_json(f"{loopback.url}/v1/jobs") == {"jobs": []}
    _, second = _arrivals(loopback, "/v1/jobs")
    assert second >= when_on_server_clock - ROUNDING


def test_retry_after_beyond_the_cap_is_waited_only_up_to_the_cap(loopback, settings):
    settings.SCRAPE_RETRY_MAX_WAIT = 0.2
    loopback.routes["/careers"] = [Reply(status=429, headers={"Retry-After": "3600"}), Reply.html(_html("Careers"))]

    assert "<h1>Careers</h1>" in get_page(f"{loopback.url}/careers").html
    first, second = _arrivals(loopback, "/careers")
    assert second - first >= 0.2 - ROUNDING


def test_server_errors_are_retried_until_an_answer(loopback):
    loopback.routes["/careers"] = [Reply(status=500), Reply(status=502), Reply.html(_html("Careers"))]

    assert "<h1>Careers</h1>" in get_page(f"{loopback.url}/careers").html
    assert len(loopback.hits("/careers")) == 3


def test_server_errors_end_after_the_last_attempt(loopback, settings):
    loopback.routes["/v1/jobs"] = Reply(status=503)

    with pytest.raises(FetchError, match=r"/v1/jobs answered HTTP 503$") as caught:
        get_json(f"{loopback.url}/v1/jobs")
    assert caught.value.status == 503
    assert len(loopback.hits("/v1/jobs")) == settings.SCRAPE_MAX_ATTEMPTS


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410])
def test_client_errors_are_not_retried(loopback, status):
    loopback.routes["/v1/jobs"] = Reply(status=status)

    with pytest.raises(FetchError, match=rf"answered HTTP {status}$"):
        get_json(f"{loopback.url}/v1/jobs")
    assert len(loopback.hits("/v1/jobs")) == 1


def test_posted_bytes_go_as_given_once_and_any_answer_comes_back(loopback):
    # given a receiver that fails, redirects, then takes the post
    loopback.routes["/hook"] = [Reply(status=503, body="down for a deploy " + "x" * 500), Reply(status=200, body="ok")]
    loopback.routes["/moved"] = Reply(status=308, headers={"Location": "/hook"})
    body = '{"b": 1,  "a": "é"}'.encode()  # not as json.dumps would write it

    # when each is posted once, then each answer comes back as it is: no retry, no redirect followed
    status, excerpt = post_bytes(f"{loopback.url}/hook", body=body, headers={"Content-Type": "application/json",
                                                                             "webhook-id": "msg_1"})
    assert (status, excerpt) == (503, ("down for a deploy " + "x" * 500)[:200])
    assert post_bytes(f"{loopback.url}/moved", body=body, headers={})[0] == 308
    assert post_bytes(f"{loopback.url}/hook", body=body, headers={}) == (200, "ok")
    assert [path for _, path, *_ in loopback.requests] == ["/hook", "/moved", "/hook"]
    method, _, _, sent, headers = loopback.requests[0]
    assert (method, sent, headers["webhook-id"]) == ("POST", body, "msg_1")


def test_posting_to_a_refused_address_sends_nothing(loopback, settings):
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = False

    with pytest.raises(FetchError, match="is refused: 127.0.0.1 is a loopback address"):
        post_bytes(f"{loopback.url}/hook", body=b"{}", headers={})
    assert loopback.requests == []


# --- robots.txt -------------------------------------------------------------------------------------------------


def test_page_disallowed_by_robots_txt_is_not_fetched(loopback):
    # given
    loopback.routes["/robots.txt"] = Reply(body="User-agent: *\nDisallow: /private/\n")
    loopback.routes["/private/salaries"] = Reply.html(_html("Salaries"))
    loopback.routes["/careers"] = Reply.html(_html("Careers"))

    # when, then
    with pytest.raises(FetchError, match=r"/private/salaries is disallowed by http://127\.0\.0\.1:\d+/robots\.txt "
                       r"for user agent 'jobscraper/"):
        get_page(f"{loopback.url}/private/salaries")
    assert "<h1>Careers</h1>" in get_page(f"{loopback.url}/careers").html
    # robots.txt was read once for both pages, and the disallowed page never asked for
    assert _paths(loopback) == ["/robots.txt", "/careers"]


def test_robots_group_naming_us_overrides_the_wildcard_group(loopback):
    loopback.routes["/robots.txt"] = Reply(
        body="User-agent: *\nAllow: /\n\nUser-agent: JobScraper\nDisallow: /jobs/\nAllow: /jobs/open$\n"
    )
    for path in ("/jobs/open", "/jobs/closed", "/about"):
        loopback.routes[path] = Reply.html(_html(path))

    assert get_page(f"{loopback.url}/jobs/open").html
    assert get_page(f"{loopback.url}/about").html
    with pytest.raises(FetchError, match="is disallowed by"):
        get_page(f"{loopback.url}/jobs/closed")


def test_redirect_into_a_disallowed_path_is_not_followed(loopback):
    loopback.routes["/robots.txt"] = Reply(body="User-agent: *\nDisallow: /internal/\n")
    loopback.routes["/careers"] = Reply(status=302, headers={"Location": "/internal/careers"})

    with pytest.raises(FetchError, match=r"/careers was redirected to http://127\.0\.0\.1:\d+/internal/careers, "
                       r"which is disallowed by"):
        get_page(f"{loopback.url}/careers")
    assert not loopback.hits("/internal/careers")


def test_no_page_is_fetched_while_robots_txt_cannot_be_read(loopback):
    loopback.routes["/robots.txt"] = Reply(status=503, body="Service Unavailable")
    loopback.routes["/careers"] = Reply.html(_html("Careers"))

    with pytest.raises(FetchError, match=r"/careers is not fetched: http://127\.0\.0\.1:\d+/robots\.txt answered "
                       r"HTTP 503$"):
        get_page(f"{loopback.url}/careers")
    assert not loopback.hits("/careers")


def test_json_apis_are_not_subject_to_robots_txt(loopback):
    loopback.routes["/robots.txt"] = Reply(body="User-agent: *\nDisallow: /\n")
    loopback.routes["/v1/boards/acme/jobs"] = Reply.json({"jobs": []})

    assert get_json(f"{loopback.url}/v1/boards/acme/jobs") == {"jobs": []}
    assert _paths(loopback) == ["/v1/boards/acme/jobs"]


# --- Conditional GET --------------------------------------------------------------------------------------------


def test_unchanged_page_costs_one_304_and_gives_the_remembered_body(loopback):
    # given a page sent with validators, then unchanged
    validators = {"ETag": '"v1"', "Last-Modified": "Mon, 02 Nov 2026 10:00:00 GMT"}
    loopback.routes["/careers"] = [
        Reply(body=_html("Careers", "Three open roles"), headers={"Content-Type": HTML, **validators}),
        Reply(status=304),
    ]

    # when it is fetched twice
    first = get_page(f"{loopback.url}/careers")
    second = get_page(f"{loopback.url}/careers")

    # then the second fetch asked whether it changed and got the remembered page back, marked as not modified
    assert (second.url, second.html) == (first.url, first.html)
    assert (first.not_modified, second.not_modified) == (False, True)
    assert "Three open roles" in second.html
    asked, revalidated = [request[4] for request in loopback.hits("/careers")]
    assert "If-None-Match" not in asked
    assert (revalidated["If-None-Match"], revalidated["If-Modified-Since"]) == ('"v1"', validators["Last-Modified"])


def test_changed_document_replaces_the_remembered_one(loopback):
    loopback.routes["/v1/jobs"] = [
        Reply.json({"jobs": [1]}, ETag='"v1"'), Reply.json({"jobs": [1, 2]}, ETag='"v2"'), Reply(status=304),
    ]
    url = f"{loopback.url}/v1/jobs"

    assert [get_json(url), get_json(url), get_json(url)] == [{"jobs": [1]}, {"jobs": [1, 2]}, {"jobs": [1, 2]}]
    assert [request[4].get("If-None-Match") for request in loopback.hits("/v1/jobs")] == [None, '"v1"', '"v2"']


def test_feed_bytes_come_as_sent_and_are_revalidated_too(loopback):
    feed = '<?xml version="1.0" encoding="ISO-8859-1"?><jobs><name>Café</name></jobs>'.encode("latin-1")
    loopback.routes["/xml"] = [
        Reply(body=feed, headers={"Content-Type": "application/xml", "Last-Modified": "Mon, 02 Nov 2026 10:00:00 GMT"}),
        Reply(status=304),
    ]
    url = f"{loopback.url}/xml"

    assert get_bytes(url, params={"language": "en"}, accept="application/xml") == feed
    assert get_bytes(url, params={"language": "en"}, accept="application/xml") == feed
    first, second = loopback.hits("/xml")
    assert (first[2], first[4]["Accept"]) == ("language=en", "application/xml")
    assert second[4]["If-Modified-Since"] == "Mon, 02 Nov 2026 10:00:00 GMT"


# --- Encodings --------------------------------------------------------------------------------------------------


def test_windows_1252_page_declaring_its_charset_only_in_meta_is_decoded(loopback):
    text = "Café “Le Zinc” – barista, 25 € de l’heure"
    markup = f'<html><head><meta charset="windows-1252"><title>Jobs</title></head><body><p>{text}</p></body></html>'
    loopback.routes["/careers"] = Reply(body=markup.encode("cp1252"), headers={"Content-Type": "text/html"})

    assert text in get_page(f"{loopback.url}/careers").html


def test_shift_jis_page_declaring_its_charset_in_http_equiv_is_decoded(loopback):
    text = "東京オフィスでバックエンドエンジニアを募集しています"
    markup = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><title>採用情報</title>'
        f"</head><body><p>{text}</p></body></html>"
    )
    loopback.routes["/careers"] = Reply(body=markup.encode("shift_jis"), headers={"Content-Type": "text/html"})

    assert text in get_page(f"{loopback.url}/careers").html


def test_content_type_charset_wins_and_latin_1_reads_as_browsers_read_it():
    # Pages labelled iso-8859-1 are windows-1252 in practice: browsers show 0x93/0x94 as curly quotes.
    body = '<meta charset="utf-8"><p>“Senior” engineer</p>'.encode("cp1252")

    assert "<p>“Senior” engineer</p>" in decode_html(body, "text/html; charset=ISO-8859-1")


@pytest.mark.parametrize(
    "encoding, text",
    [
        ("cp1252", "Nous recrutons un développeur « full-stack » à Lyon – expérience requise, salaire négocié."),
        ("shift_jis", "弊社では、東京と大阪のオフィスで働くエンジニアを募集しています。経験は問いません。"),
        ("cp1251", "Мы ищем разработчика в Москве. Опыт работы от трёх лет, зарплата по договорённости."),
    ],
)
def test_undeclared_encoding_is_detected(encoding, text):
    body = f"<html><head><title>Jobs</title></head><body><h1>Careers</h1><p>{text}</p></body></html>".encode(encoding)

    assert text in decode_html(body, "text/html")


def test_undeclared_utf_8_is_read_as_utf_8():
    assert decode_html("<p>Zürich – 東京</p>".encode(), "text/html") == "<p>Zürich – 東京</p>"


def test_meta_claiming_utf_16_on_an_ascii_compatible_page_is_read_as_utf_8():
    markup = '<meta charset="utf-16"><p>Zürich</p>'

    assert decode_html(markup.encode(), "text/html") == markup


# --- Pacing per host --------------------------------------------------------------------------------------------


def _fetch_pages(urls: list[str]) -> None:
    for url in urls:
        get_page(url)


@pytest.mark.parametrize("concurrency, interval, processes", [(1, 0.4, 2), (2, 0.2, 3)])
def test_requests_to_one_host_keep_its_pace_across_processes(loopback, settings, concurrency, interval, processes):
    # given a host that answers slowly, paced by the settings
    settings.SCRAPE_HOST_CONCURRENCY = concurrency
    settings.SCRAPE_HOST_INTERVAL = interval
    pages = [f"/jobs/{number}" for number in range(3 * processes)]
    for path in pages:
        loopback.routes[path] = Reply(body=_html(path), headers={"Content-Type": HTML}, delay=0.2)

    # when several worker processes fetch pages of it at once
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=_fetch_pages, args=([f"{loopback.url}{path}" for path in pages[index::processes]],))
        for index in range(processes)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0] * processes

    # then the server never had more of them in flight than allowed
    served = [(arrived, answered) for path, arrived, answered in loopback.times if path in pages]
    assert len(served) == len(pages)
    for arrived, _ in served:
        in_flight = sum(1 for other_arrived, other_answered in served if other_arrived <= arrived < other_answered)
        assert in_flight <= concurrency
    # and requests (robots.txt's included) started the interval apart. The server sees a request some time after it
    # started, longer on a loaded machine: a gap between two arrivals is short of the interval by up to the first one's
    # delay, so each gap is held to half the interval, and the whole walk, which only the first delay can shorten, to
    # all of its intervals but a half.
    starts = sorted(arrived for _, arrived, _ in loopback.times)
    assert min(later - earlier for earlier, later in zip(starts, starts[1:])) >= interval / 2
    assert starts[-1] - starts[0] >= (len(starts) - 1 - 0.5) * interval
