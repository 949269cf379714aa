"""Synthetic company career sites for benchmarks, each on its own loopback address, with ETag/Last-Modified and 304s."""
import hashlib
import html
import ipaddress
import json
import random
import selectors
import socket
import struct
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench.postings import COMPANY_NAMES, LOCATIONS, TITLES, posting_html

LISTING_PATH = "/careers"
JOB_LINK_PATTERN = r"^/careers/jobs/[a-z0-9-]+$"  # the company's `job_link_pattern` source parameter
JSONLD_SHARE = 0.5  # of job pages that carry schema.org JobPosting JSON-LD; the rest are read as markdown
SERVE_POLL = 0.1  # seconds the accept loop waits per turn: how long stop() may take
# Linux stamps received data with the kernel's clock when a socket asks for it (socket(7)); accepted connections
# inherit the option from the listening socket. The stamp is when the request reached the machine, however late
# this process's threads get to it.
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
ROBOTS = b"User-agent: *\nAllow: /\n"
FIRST_JOB_ID = 4_100_000
# Every page was last changed at this moment, so a conditional request carrying it is answered 304.
LAST_MODIFIED = format_datetime(datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc), usegmt=True)
EMPLOYMENT_TYPES = ["FULL_TIME", "FULL_TIME", "FULL_TIME", "PART_TIME", "CONTRACTOR"]


def company_names(count: int) -> list[str]:
    """`count` distinct names: the pipeline bench's twenty, then their words recombined (Acme Labs, ...)."""
    firsts = [name.split()[0] for name in COMPANY_NAMES]
    seconds = [name.split()[1] for name in COMPANY_NAMES]
    if count > len(firsts) * len(seconds):
        raise ValueError(f"at most {len(firsts) * len(seconds)} companies")
    size = len(COMPANY_NAMES)
    return [f"{firsts[i % size]} {seconds[(i + i // size) % size]}" for i in range(count)]


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _chrome(*, company: str, title: str, body: str, head: str = "") -> str:
    """A company site's page around `body`: head, navigation, cookie notice and footer, as CMS templates write them."""
    name = html.escape(company)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} | {name}</title>
<meta name="description" content="{html.escape(title)} at {name}. See our open positions and apply online.">
<link rel="stylesheet" href="/static/site.css">
<style>.site-header{{display:flex;gap:2rem}}.job-meta li{{display:inline;margin-right:1rem}}</style>
<script src="/static/analytics.js" defer></script>
{head}
</head>
<body>
<header class="site-header">
  <a class="logo" href="/">{name}</a>
  <nav><ul>
    <li><a href="/">Home</a></li><li><a href="/product">Product</a></li><li><a href="/customers">Customers</a></li>
    <li><a href="/about">About us</a></li><li><a href="{LISTING_PATH}">Careers</a></li><li><a href="/blog">Blog</a></li>
  </ul></nav>
</header>
<main>
{body}
</main>
<footer class="site-footer">
  <p>&copy; 2026 {name}. All rights reserved.</p>
  <ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/imprint">Imprint</a></li>
  <li><a href="/security">Security</a></li><li><a href="/press">Press</a></li></ul>
</footer>
<div class="cookie-notice"><p>We use cookies to understand how our site is used. You can accept or refuse them;
refusing does not limit what you can see.</p><button>Accept</button><button>Refuse</button></div>
</body>
</html>
"""


def _job_page(rng: random.Random, *, company: str, job_id: int, title: str, department: str, location: str,
              with_jsonld: bool) -> str:
    description = posting_html(rng, company=company, title=title, department=department, location=location)
    employment = rng.choice(EMPLOYMENT_TYPES)
    posted = f"2026-{rng.randint(8, 10):02d}-{rng.randint(1, 28):02d}"
    head = ""
    if with_jsonld:
        city, _, region = location.partition(", ")
        posting = {
            "@context": "https://schema.org/", "@type": "JobPosting", "title": title, "description": description,
            "identifier": {"@type": "PropertyValue", "name": company, "value": str(job_id)},
            "datePosted": posted, "validThrough": "2027-01-31T23:59", "employmentType": employment,
            "hiringOrganization": {"@type": "Organization", "name": company, "sameAs": "/"},
            "jobLocation": {"@type": "Place", "address": {
                "@type": "PostalAddress", "addressLocality": city, "addressRegion": region or city,
            }},
            "industry": department,
        }
        head = f'<script type="application/ld+json">{json.dumps(posting)}</script>'
    body = f"""<nav class="breadcrumb"><a href="/">Home</a> / <a href="{LISTING_PATH}">Careers</a> /
{html.escape(department)}</nav>
<article class="job">
<h1>{html.escape(title)}</h1>
<ul class="job-meta"><li>{html.escape(department)}</li><li>{html.escape(location)}</li>
<li>{employment.replace("_", " ").title()}</li><li>Posted {posted}</li></ul>
{description}
<p><a class="button" href="/apply?job={job_id}">Apply for this job</a></p>
</article>
<aside class="about-us"><h2>About {html.escape(company)}</h2>
<p>We are an independent company owned by the people who work here and a small group of long-term investors. We
publish our salary bands internally, we review them every year, and we explain every offer we make. Our offices are
open to everyone, but nobody has to be in one to do great work: about half of our colleagues work remotely.</p>
<p>Questions about this role, about accessibility or about how we handle your data? Write to our talent team and a
person, not a bot, will answer within two working days.</p></aside>"""
    return _chrome(company=company, title=title, body=body, head=head)


def _listing_page(*, company: str, jobs: list[tuple[str, str, str, str]]) -> str:
    """The careers page: prose, then the openings by department, each linking to its job page."""
    departments = {}
    for path, title, department, location in jobs:
        departments.setdefault(department, []).append(
            f'<li><a href="{path}">{html.escape(title)}</a> <span class="location">{html.escape(location)}</span></li>'
        )
    openings = "".join(
        f'<h3>{html.escape(name)}</h3><ul class="openings">{"".join(items)}</ul>' for name, items in departments.items()
    )
    name = html.escape(company)
    body = f"""<section class="hero"><h1>Work at {name}</h1>
<p>We are a team of people who like hard problems, write things down, and care about those who use what we build.
We do not expect you to know our industry before you join; we do expect you to be curious about it. Every new
colleague spends their first two weeks shadowing customer calls and sitting with the teams they will work with.</p>
<p>Most of our teams are small, cross-functional and own a problem end to end: they talk to customers, decide what
to build, ship it and keep it running. We review each other's work, keep meetings short, and publish our decisions
in writing so that people in other time zones are never left out.</p></section>
<section class="benefits"><h2>What we offer</h2><ul><li>Flexible hours and a home-office allowance</li>
<li>A yearly learning budget</li><li>Parental leave well beyond the legal minimum</li></ul></section>
<section class="jobs"><h2>Open positions ({len(jobs)})</h2>
<form class="filters"><select name="department"><option>All departments</option></select></form>
{openings}</section>
<p>Don't see your role? <a href="/blog/how-we-hire">Read how we hire</a> or write to jobs@example.org.</p>"""
    return _chrome(company=company, title="Careers", body=body)


def career_site(*, company: str, postings: int, rng: random.Random) -> dict[str, bytes]:
    """Path -> page of one company's site: /robots.txt, the listing at LISTING_PATH and `postings` job pages."""
    pages, jobs = {"/robots.txt": ROBOTS}, []
    for job_id in sorted(FIRST_JOB_ID + offset for offset in rng.sample(range(10**6), postings)):
        title, department = rng.choice(TITLES)
        location = rng.choice(LOCATIONS)
        path = f"{LISTING_PATH}/jobs/{_slug(title)}-{job_id}"
        with_jsonld = rng.random() < JSONLD_SHARE
        page = _job_page(rng, company=company, job_id=job_id, title=title, department=department, location=location,
                         with_jsonld=with_jsonld)
        pages[path] = page.encode("utf-8")
        jobs.append((path, title, department, location))
    pages[LISTING_PATH] = _listing_page(company=company, jobs=jobs).encode("utf-8")
    return pages


def host_address(network: str, index: int) -> str:
    """The `index`-th address (from 0) of a loopback network such as 127.1.0.0/16: one per simulated domain."""
    net = ipaddress.ip_network(network)
    if not net.subnet_of(ipaddress.ip_network("127.0.0.0/8")):
        raise ValueError(f"{network} is not loopback")
    return str(net.network_address + 1 + index)


@dataclass(frozen=True)
class Hit:
    """One request as the site saw it; times are time.time() seconds, the clock Redis and Celery stamp with."""

    host: str
    path: str
    status: int
    arrived: float  # the kernel received the request's first bytes
    answered: float  # the answer was written


class CareerSites:
    """Several sites, each on its own loopback address (which the scraper paces as its own host), served by one
    accept loop; every answer waits `latency` seconds, carries ETag and Last-Modified, and is 304 when the request's
    validators match. Every request is appended to `hits`."""

    def __init__(self, *, latency: float):
        self.latency = latency
        self.hits: list[Hit] = []
        self._servers = {}  # host -> (ThreadingHTTPServer, {path: (body, etag)})
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="career-sites", daemon=True)

    def add(self, host: str, pages: dict[str, bytes]) -> str:
        """Serve `pages` on host:<free port> (host must be a loopback address); returns the site's base URL."""
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError(f"{host} is not a loopback address")
        site = {path: (body, f'"{hashlib.sha1(body).hexdigest()[:20]}"') for path, body in pages.items()}
        server = ThreadingHTTPServer((host, 0), self._handler(host, site))
        server.daemon_threads = True
        server.socket.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        self._servers[host] = server
        return f"http://{host}:{server.server_address[1]}"

    def _handler(self, host: str, site: dict):
        sites = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def handle(self):
                self.arrived = _received_at(self.connection)
                if self.arrived is not None:  # None: the client closed without a request
                    super().handle()

            def do_GET(self):
                arrived = self.arrived
                path = self.path.split("?", 1)[0]
                page = site.get(path)
                time.sleep(max(0.0, arrived + sites.latency - time.time()))  # answer `latency` after the arrival
                if page is None:
                    status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
                else:
                    body, etag = page
                    kind = "text/plain" if path.endswith(".txt") else "text/html; charset=utf-8"
                    headers = {"Content-Type": kind, "ETag": etag, "Last-Modified": LAST_MODIFIED,
                               "Cache-Control": "no-cache"}
                    status = 304 if _not_modified(self.headers, etag) else 200
                # One request per connection, so that the connection's receive time is this request's arrival
                # (scraping.http opens a connection per request in any case).
                headers["Connection"] = "close"
                self.close_connection = True
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)
                sites.hits.append(Hit(host, path, status, arrived, time.time()))

        return Handler

    def _serve(self):
        # One thread waits on every site's socket (not one serve_forever thread each); handle_request() then
        # accepts the connection and hands it to a thread of its own.
        with selectors.DefaultSelector() as selector:
            for server in self._servers.values():
                server.timeout = 0
                selector.register(server.socket, selectors.EVENT_READ, server)
            while not self._stopping.is_set():
                for key, _ in selector.select(SERVE_POLL):
                    key.data.handle_request()

    def start(self) -> "CareerSites":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()
        for server in self._servers.values():
            server.server_close()


def _received_at(connection: socket.socket) -> float | None:
    """When the kernel received the first bytes waiting on `connection` (time.time() seconds), which stay unread;
    None when the connection closed before sending any."""
    data, ancillary, _, _ = connection.recvmsg(1, socket.CMSG_SPACE(16), socket.MSG_PEEK)
    if not data:
        return None
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
            seconds, nanoseconds = struct.unpack("qq", data[:16])
            return seconds + nanoseconds / 1e9
    raise RuntimeError("the kernel gave no receive timestamp (SO_TIMESTAMPNS): Linux is required")


def _not_modified(headers, etag: str) -> bool:
    """RFC 9110 section 13.1: If-None-Match (weak comparison) decides when present, else If-Modified-Since."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return "*" in tags or etag in tags
    if_modified_since = headers.get("If-Modified-Since")
    if if_modified_since:
        try:
            return parsedate_to_datetime(if_modified_since) >= parsedate_to_datetime(LAST_MODIFIED)
        except (TypeError, ValueError):
            return False
    return False
