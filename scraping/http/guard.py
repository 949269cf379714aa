"""Only public addresses: which addresses a host may be reached at, checked again by the backend at each connection."""
import ipaddress
import socket
import threading
from functools import cache
from urllib.parse import urlsplit

import httpcore
import httpx
from django.conf import settings


class AddressRefused(Exception):
    """A connection to a non-public address that the settings do not allow."""


class GuardedBackend(httpcore.SyncBackend):
    """Connects only to addresses the settings allow; as every connection goes through here, redirects are checked
    too, and the address checked is the one connected to (no second DNS answer to slip through)."""

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        error = None
        for address in permitted_addresses(host, port):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error


def guarded_transport() -> httpx.HTTPTransport:
    """An httpx transport whose every connection goes through GuardedBackend."""
    transport = httpx.HTTPTransport(verify=_ssl_context())
    # httpx offers no way to hand httpcore a network backend; ours checks each address before connecting.
    transport._pool._network_backend = GuardedBackend()
    return transport


def permitted_addresses(host: str, port: int) -> list[str]:
    """The addresses `host` may be connected at: AddressRefused when it resolves to any non-public one the settings
    do not allow, httpcore.ConnectError when it does not resolve."""
    if _allowed_by_name(host):
        return [host]
    try:
        addresses = _addresses(host, port)
    except (OSError, UnicodeError) as exc:
        raise httpcore.ConnectError(f"{host}: {exc}") from exc
    refusal = _refusal(host, addresses)
    if refusal:
        raise AddressRefused(refusal)
    return addresses


# How long the admin's careers URL check waits for the host's addresses. It resolves the name, with this bound, rather
# than checking only literal addresses: a name such as metadata.google.internal stands for a cloud's metadata service
# (169.254.169.254), which a literal-only check lets through. A name that does not resolve within the bound, or at
# all, is no error (its DNS may be down for now), and the scrape's connections are checked again here whatever the
# form said. The lookup left behind ends on its own daemon thread, at the resolver's own timeout.
DEFAULT_PORTS = {"http": 80, "https": 443}  # the only schemes fetched
SCHEME_REFUSAL = "only http and https URLs are fetched"
RESOLVE_WITHIN = 1.0  # seconds


def url_refusal(url: str, *, resolve_within: float = RESOLVE_WITHIN) -> str:
    """Why fetching `url` would be refused for its scheme or its host's address (the message AddressRefused carries),
    or "" when it would not be, or cannot be told within `resolve_within` seconds. Waits on no connection, only on the lookup."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in DEFAULT_PORTS:
        return SCHEME_REFUSAL
    host = parts.hostname
    if not host or _allowed_by_name(host):
        return ""
    found = []

    def lookup():
        try:
            found.extend(_addresses(host, None))
        except (OSError, UnicodeError):
            pass  # not resolvable now: the scrape says so if it stays that way

    thread = threading.Thread(target=lookup, name=f"resolve {host}", daemon=True)
    thread.start()
    thread.join(resolve_within)
    return "" if thread.is_alive() else _refusal(host, found)


def _allowed_by_name(host: str) -> bool:
    return settings.SCRAPE_ALLOW_PRIVATE_NETWORKS or host.lower().rstrip(".") in {
        allowed.lower() for allowed in settings.SCRAPE_ALLOWED_HOSTS
    }


def _addresses(host: str, port: int | None) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def _refusal(host: str, addresses: list[str]) -> str:
    """Why `host`, at `addresses`, is refused: the first non-public address; "" when all are public."""
    for address in addresses:
        kind = _non_public_kind(ipaddress.ip_address(address.split("%")[0]))
        if kind:
            named = f"{host} is" if host == address else f"{host} resolves to {address},"
            return (
                f"{named} a {kind} address; allow it with SCRAPE_ALLOW_PRIVATE_NETWORKS=true "
                f"or by naming the host in SCRAPE_ALLOWED_HOSTS"
            )
    return ""


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
