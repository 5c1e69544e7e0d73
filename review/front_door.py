"""What every request and response of the review app passes: the Host check, HEAD, and the security headers.

A page on another site can point its own name at 127.0.0.1 (DNS rebinding) and
then talk to the loopback app as a same-origin page; the browser still sends
that foreign name as `Host`, so any Host the app was not started for gets a 400.
Every response forbids framing and MIME sniffing and carries a
Content-Security-Policy that allows only the scripts and styles the package
serves (the pages have no inline script or style).
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from review.security import is_loopback

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
WILDCARD_HOSTS = ("0.0.0.0", "::")  # every interface: no client names it, so --allowed-host must
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
    "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'",
))
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]


def host_name(host_header: str) -> str:
    """`127.0.0.1:8765` → `127.0.0.1`, `[::1]:8765` → `::1`, `Example.org.` → `example.org`."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0].rstrip(".") if host.count(":") == 1 else host.rstrip(".")


class FrontDoor:
    """ASGI middleware: refuse a Host the app does not answer to, answer HEAD like GET, add the security headers."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str]):
        self.app = app
        self.hosts = frozenset(host_name(host) for host in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        host = Headers(scope=scope).get("host", "")
        if host_name(host) not in self.hosts:
            refused = PlainTextResponse(f"this app does not answer to Host {host!r}; start it with --allowed-host for that name",
                                        status_code=400)
            await refused(scope, receive, secured)
            return
        await self.app({**scope, "method": "GET"} if head else scope, receive, secured)


def hosts_for(bound: str, allowed: Iterable[str] = ()) -> list[str]:
    """The Host names an app bound to `bound` answers to: that address, the names given, and loopback's own names."""
    hosts = [host for host in (bound, *allowed) if host_name(host) not in WILDCARD_HOSTS]
    return hosts + list(LOOPBACK_HOSTS) if is_loopback(bound) else hosts
