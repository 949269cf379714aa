"""A webhook receiver on 127.0.0.1, as an integrator would write one: it verifies each post's signature with the
standardwebhooks package and its secret, answering 401 to a post that fails, then answers as scripted."""
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


@dataclass(frozen=True)
class Post:
    headers: dict  # names in lower case
    body: bytes
    payload: dict | None  # as verify() parsed it; None for a post whose signature failed
    status: int  # what the receiver answered


class Receiver:
    """Posts to any path are verified with `secret`; a verified one gets the next of `statuses` (the last repeats)."""

    def __init__(self, secret: str, statuses=(200,)):
        self.secret, self.statuses, self.posts = secret, list(statuses), []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {name.lower(): value for name, value in self.headers.items()}
                try:
                    payload = Webhook(receiver.secret).verify(body, headers)
                    status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                except WebhookVerificationError:
                    payload, status = None, 401
                receiver.posts.append(Post(headers, body, payload, status))
                answer = b"taken" if status < 300 else f"not taken: {status}".encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/hooks/jobs"

    @property
    def taken(self) -> list[Post]:
        """The verified posts it answered 2xx."""
        return [post for post in self.posts if post.payload is not None and post.status < 300]

    def start(self) -> "Receiver":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
