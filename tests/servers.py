"""Loopback HTTP servers for tests: serve fixture files, scripted answers, or a handler function."""
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from tests.polling import wait_for


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering, to simulate a slow endpoint

    @classmethod
    def json(cls, data, status=200, **headers):
        return cls(status=status, body=json.dumps(data), headers={"Content-Type": "application/json", **headers})

    @classmethod
    def html(cls, markup, status=200):
        return cls(status=status, body=markup, headers={"Content-Type": "text/html; charset=utf-8"})


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 with a route table (path -> Reply, list of Replies, or callable).

    A list is answered in order, its last item repeating; a callable gets (method, path, query, body)
    and returns a Reply. Every request is recorded in `requests`, and in `times` as (path, arrived, answered) in
    time.monotonic() seconds, for tests of how requests are spaced. Every connection accepted is recorded in
    `accepted`, by its client's address, whether or not a request came on it (see connection_count).
    """

    def __init__(self):
        self.routes = {}
        self.requests = []
        self.times = []
        self.accepted = []
        self._probes = set()  # indices in `accepted` of connection_count's own connections
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _answer(self, method):
                arrived = time.monotonic()
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                server.requests.append((method, parts.path, parts.query, body, dict(self.headers)))
                reply = server._reply_for(method, parts.path, parts.query, body)
                if reply.delay:
                    threading.Event().wait(reply.delay)
                payload = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                # Answered before the body goes: a client may have it all, and send its next request, before this
                # thread runs again.
                server.times.append((parts.path, arrived, time.monotonic()))
                self.wfile.write(payload)

            def do_GET(self):
                self._answer("GET")

            def do_POST(self):
                self._answer("POST")

        class CountingHTTPServer(ThreadingHTTPServer):
            def process_request(self, request, client_address):
                # Called in accept order, before the connection's thread starts.
                server.accepted.append(client_address)
                super().process_request(request, client_address)

        self.httpd = CountingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        # A short poll interval makes stop() quick: each test starts and stops its own server.
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def _reply_for(self, method, path, query, body):
        route = self.routes.get(path)
        if route is None:
            return Reply(status=404, body="not found")
        if callable(route):
            return route(method, path, query, body)
        if isinstance(route, list):
            return route.pop(0) if len(route) > 1 else route[0]
        return route

    @property
    def url(self):
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def hits(self, path):
        return [r for r in self.requests if r[1] == path]

    def connection_count(self) -> int:
        """Connections made to the server before this call, its own probes left out, none missed: a connection still
        waiting in the listen queue is accepted before the probe this call sends in behind it, which it waits for."""
        start = len(self.accepted)
        with socket.create_connection(self.httpd.server_address[:2]) as probe:
            mine = probe.getsockname()
            wait_for(lambda: mine in self.accepted[start:], 10, interval=0.01, message="the server to accept its probe")
        self._probes.add(start + self.accepted[start:].index(mine))
        return len(self.accepted) - len(self._probes)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
