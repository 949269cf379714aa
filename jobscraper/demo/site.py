"""The bundled demo careers site on loopback: a Greenhouse-style board API, its job pages, career pages."""
import json
import logging
import re
import threading
from html import escape, unescape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

ROOT = (Path(__file__).parent / "site").resolve()
# Content files write absolute URLs with this origin; the server puts its own in its place.
SITE_URL_MARK = "http://demo-site.invalid"
_API_RE = re.compile(r"/v1/boards/([a-z0-9-]+)/jobs/?(?:(\d+)/?)?")
_BOARD_RE = re.compile(r"/boards/([a-z0-9-]+)/(?:jobs/(\d+)/?)?")
HTML, JSON = "text/html; charset=utf-8", "application/json; charset=utf-8"


def _board_api(token: str, site_url: str) -> str | None:
    """The board's `jobs?content=true` answer: its file is the response as the API sends it."""
    path = ROOT / "boards" / f"{token}.json"
    return path.read_text(encoding="utf-8").replace(SITE_URL_MARK, site_url) if path.is_file() else None


def _board_page(token: str, jobs: list[dict], job_id: str | None) -> str | None:
    """The hosted board's HTML, rendered from the API's jobs: the job list, or one job (its absolute_url)."""
    company = jobs[0]["company_name"]
    if job_id is None:
        items = "\n".join(
            f'<li><a href="/boards/{token}/jobs/{job["id"]}">{escape(job["title"])}</a>'
            f'<p>{escape(job["departments"][0]["name"])} · {escape(job["location"]["name"])}</p></li>'
            for job in jobs
        )
        title, body = f"Jobs at {company}", f'<section class="openings"><h2>Open roles</h2><ul>{items}</ul></section>'
    else:
        job = next((job for job in jobs if str(job["id"]) == job_id), None)
        if job is None:
            return None
        title = job["title"]
        body = (
            f'<article><p class="location">{escape(job["location"]["name"])}</p>{unescape(job["content"])}'
            f'<p><a class="apply" href="#apply">Apply for this job</a></p></article>'
        )
    page = Template((ROOT / "boards" / "page.html").read_text(encoding="utf-8"))
    return page.substitute(title=escape(title), company=escape(company), body=body)


def respond(path: str, site_url: str) -> tuple[int, str, str]:
    """(status, content type, body) for a GET of `path` on the site served at `site_url`."""
    if match := _API_RE.fullmatch(path):
        answer = _board_api(match.group(1), site_url)
        if answer is not None and match.group(2) is None:
            return 200, JSON, answer
        # One job's own answer, as the API gives it: the job of the list.
        jobs = json.loads(answer)["jobs"] if answer is not None else []
        if job := next((job for job in jobs if str(job["id"]) == match.group(2)), None):
            return 200, JSON, json.dumps(job)
    elif match := _BOARD_RE.fullmatch(path):
        answer = _board_api(match.group(1), site_url)
        page = _board_page(match.group(1), json.loads(answer)["jobs"], match.group(2)) if answer is not None else None
        if page is not None:
            return 200, HTML, page
    else:
        page = (ROOT / path.strip("/") / "index.html").resolve()
        if page.is_relative_to(ROOT) and page.is_file():
            return 200, HTML, page.read_text(encoding="utf-8").replace(SITE_URL_MARK, site_url)
    return 404, HTML, (ROOT / "404.html").read_text(encoding="utf-8")


class _Handler(BaseHTTPRequestHandler):
    server_version = "DemoCareers/1.0"

    def do_GET(self):
        status, content_type, body = respond(urlsplit(self.path).path, self.server.site_url)
        payload = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):
        logger.debug("demo site: " + format, *args)


class DemoSite:
    """The demo site on 127.0.0.1, served by a background thread; port 0 takes any free port."""

    def __init__(self, port: int = 0):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.site_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def url(self) -> str:
        return self.httpd.site_url

    def start(self) -> "DemoSite":
        threading.Thread(target=self.httpd.serve_forever, name="demo-site", daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
