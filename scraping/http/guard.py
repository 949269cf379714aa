"""Only public addresses: which addresses a host may be reached at, checked again by the backend at each connection."""
import ipaddress
import socket
from functools import cache

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
            raise AddressRefused(
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
