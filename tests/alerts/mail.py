"""A real SMTP server on loopback (aiosmtpd) that keeps what it accepts: the tests' mailbox for alert emails. It can
refuse chosen addresses (550) and hold a message at the end of its DATA, unanswered, until released."""
import asyncio
import re
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    """A loopback port just bound and let go: nothing listens there until someone binds it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MailServer:
    def __init__(self):
        self.accepted: list[EmailMessage] = []  # answered 250: the server took them
        self.refuse: set[str] = set()  # addresses answered 550 at RCPT
        self.refused: list[str] = []
        self.held = threading.Event()  # set while a message is held at its end of DATA
        self._hold_at = 0  # the DATA, counted from 1, to hold; 0: none
        self._datas = 0
        self._release = threading.Event()
        self._lock = threading.Lock()
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self) -> "MailServer":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._release.set()
        self._controller.stop()

    def settings(self) -> dict:
        """The environment (and Django settings) that send through this server."""
        return {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(self.port), "EMAIL_USE_TLS": "false", "EMAIL_TIMEOUT": "10"}

    def hold_at(self, number: int) -> None:
        """Hold the `number`th message from now at the end of its DATA; once released it is answered 451 (not taken),
        as when the connection to its sender is lost before the server accepts it."""
        self._hold_at, self._datas = number, 0

    def release(self) -> None:
        self._release.set()

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.accepted if address in message["To"]]

    # aiosmtpd's handler hooks
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            self.refused.append(address)
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self._datas += 1
        if self._datas == self._hold_at:
            self.held.set()
            await asyncio.get_running_loop().run_in_executor(None, self._release.wait)
            return "451 4.3.0 Not taken: held by the test"
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.accepted.append(message)
        return "250 Message accepted for delivery"


def body_text(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link(message: EmailMessage, path: str) -> str:
    """The first URL in the message's text whose path starts with `path` (e.g. "/alerts/confirm/")."""
    found = re.search(rf"https?://[^\s]+{re.escape(path)}[^\s]+", body_text(message))
    assert found, f"no {path} link in:\n{body_text(message)}"
    return found.group(0)


@pytest.fixture
def mail_server(settings):
    """A MailServer for one test, with Django in the test's process sending through it."""
    server = MailServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, False, 10
    settings.SITE_URL = "http://testserver"
    yield server
    server.stop()
