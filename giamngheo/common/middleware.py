from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from giamngheo.common.request_context import RequestOrigin, reset_origin, set_origin

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=8)
def _trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def trusted_proxies() -> tuple[Network, ...]:
    """The reverse proxies (addresses or networks) whose X-Forwarded-For is believed: TRUSTED_PROXIES."""
    value: str | Iterable[str] = getattr(settings, "TRUSTED_PROXIES", ()) or ()
    items = value.split(",") if isinstance(value, str) else value
    return _trusted_networks(tuple(items))


def _address(text: str) -> Address | None:
    """Read one address as a header or REMOTE_ADDR gives it ("[2001:db8::1]:443" and "1.2.3.4:80" too)."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1:text.index("]")]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def client_ip(request: HttpRequest) -> str:
    """The address a request came from: REMOTE_ADDR, unless that is a trusted proxy.

    From a trusted proxy (settings.TRUSTED_PROXIES, empty by default) the address is the right-most one of
    X-Forwarded-For that is not itself a trusted proxy: each proxy appends the address it received from, so
    what lies left of that was written by the client and is never believed. A malformed entry ends the walk
    at the last trusted hop. From any other peer the header is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    networks = trusted_proxies()
    if not networks:
        return remote
    peer = _address(remote)
    if peer is None or not _trusted(peer, networks):
        return remote
    client = str(peer)
    for part in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop = _address(part)
        if hop is None:
            break
        client = str(hop)
        if not _trusted(hop, networks):
            break
    return client


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        token = set_origin(
            RequestOrigin(
                ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
                channel=channel,
            )
        )
        try:
            return self.get_response(request)
        finally:
            reset_origin(token)
