"""Who may use the form, and the headers, limits and log lines that keep patient data in the page.

- Users: a reverse proxy's user header, believed only from ``[serve] trusted_proxies``; or built-in
  basic auth against ``[serve] users`` (scrypt hashes made by ``docgen serve --hash-password``).
  With neither configured the app serves the loopback address only, as the local user.
- CSRF: a POST whose ``Origin`` or ``Sec-Fetch-Site`` says another site is refused, and every form
  carries the session's token (the session is a signed cookie).
- Logs: one access line per request (method, path without query, status, milliseconds); never a
  query string, a body or a header value. Capability tokens in paths are masked.
"""

from __future__ import annotations

import base64
import binascii
import getpass
import hashlib
import hmac
import ipaddress
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

from docgen.model.settings import Serve

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ACCESS_LOG = logging.getLogger("docgen.serve.access")
ERROR_LOG = logging.getLogger("docgen.serve")
MAX_BODY = 64 * 1024  # the form is a few hundred bytes; anything near this is not a nurse typing
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}

#: Every response: no framing, nothing from elsewhere, no referrer, no sniffing.
BASE_HEADERS = {
    "content-security-policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'none'; object-src 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
}
#: The PDF itself is shown in the preview page's frame (same origin only).
PDF_HEADERS = {
    **BASE_HEADERS,
    "content-security-policy": "default-src 'none'; frame-ancestors 'self'",
    "x-frame-options": "SAMEORIGIN",
}


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash`` (base64) for ``[serve] users``."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        want = base64.b64decode(digest)
        got = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(want)
        )
    except (ValueError, binascii.Error):
        return False
    return hmac.compare_digest(got, want)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _in_proxies(client: str, proxies: list[str]) -> bool:
    try:
        address = ipaddress.ip_address(client)
        return any(address in ipaddress.ip_network(p, strict=False) for p in proxies)
    except ValueError:
        return False


def web_user(serve: Serve, client: str | None, headers: dict[str, str]) -> str | None:
    """The signed-in user's name, or None: not signed in."""
    header = serve.user_header.lower()
    if serve.trusted_proxies and client and _in_proxies(client, serve.trusted_proxies):
        name = headers.get(header, "").strip()
        if name:
            return name[:200]
    if serve.users:
        auth = headers.get("authorization", "")
        if auth[:6].lower() == "basic ":
            try:
                user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
            except (ValueError, binascii.Error, UnicodeDecodeError):
                return None
            stored = serve.users.get(user)
            if stored and verify_password(password, stored):
                return user
    if not serve.authenticated:
        try:
            return f"{getpass.getuser()} (web)"
        except (KeyError, OSError):
            return "local (web)"
    return None


def cross_site(headers: dict[str, str], own_origin: str) -> bool:
    """A request another site's page sent (the browser says so in Sec-Fetch-Site or Origin).

    Browsers that send Sec-Fetch-Site are judged by it alone: with ``Referrer-Policy: no-referrer``
    Chromium sends ``Origin: null`` even for the app's own form. Older ones are judged by Origin."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = headers.get("origin")
    return origin not in (None, "null", own_origin)


def new_token() -> str:
    return secrets.token_urlsafe(32)


_TOKEN_IN_PATH = re.compile(r"^/(pdf|print)/[^/]+")


def log_path(path: str) -> str:
    """The path as logged: capability tokens masked (the query string is never passed in)."""
    return _TOKEN_IN_PATH.sub(lambda m: f"/{m.group(1)}/*", path)


class Guard:
    """ASGI middleware: request size limit, security headers on every response, the access log."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        started_response = False
        path = scope.get("path", "")
        extra = PDF_HEADERS if path.startswith("/pdf/") else BASE_HEADERS

        async def send_guarded(message: Message) -> None:
            nonlocal status, started_response
            if message["type"] == "http.response.start":
                status, started_response = message["status"], True
                names = {k.lower() for k, _ in message.get("headers", [])}
                headers = list(message.get("headers", []))
                for key, value in extra.items():
                    if key.encode() not in names:
                        headers.append((key.encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        try:
            if scope["method"] == "POST" and not self._size_ok(scope):
                await _plain(send_guarded, 413, "The form is too large.")
                return
            seen = 0

            async def receive_bounded() -> Message:
                nonlocal seen
                message = await receive()
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge(413, "The form is too large.")
                return message

            await self.app(scope, receive_bounded, send_guarded)
        except _TooLarge:
            if not started_response:
                await _plain(send_guarded, 413, "The form is too large.")
        except Exception as exc:  # a bug: its message may hold patient data, so only its type is logged
            what = type(exc).__name__
            ERROR_LOG.error("internal error (%s) on %s %s", what, scope["method"], log_path(path))
            if not started_response:
                await _plain(send_guarded, 500, "Something went wrong inside docgen. No document was made.")
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            ACCESS_LOG.info("%s %s %d %.0fms", scope["method"], log_path(path), status, elapsed)

    def _size_ok(self, scope: Scope) -> bool:
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    return int(value) <= self.max_body
                except ValueError:
                    return False
        return True  # chunked: counted as it arrives


class _TooLarge(HTTPException):
    """A body larger than the limit, found while reading it (the app's error page answers 413)."""


async def _plain(send: Send, status: int, text: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": text.encode()})
