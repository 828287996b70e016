"""The guard in front of every page (ASGI middleware): the access token, the upload cap, the session
cookie and the security headers; and how the server runs (:class:`Settings`).

- **Token**: when one is set, a request carries it as ``?token=…`` once (kept in an HttpOnly cookie
  and dropped from the address), as the cookie, or as ``Authorization: Bearer …`` / the password of
  the browser's login box; otherwise 401.
- **Upload cap**: a request whose Content-Length passes it is answered 413 before it is read; one sent
  without a length is counted as it arrives (:class:`TooLarge` past the cap).
- **Session**: each browser gets a random session cookie (HttpOnly, SameSite=Strict); its CSRF token
  is checked by :meth:`compliance.web.base.Web.form`.
"""

from __future__ import annotations

import base64
import hmac
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from compliance.i18n import M, Message, Num
from compliance.web.state import Sessions
from compliance.web.text import WORDS

SESSION_COOKIE = "compliance_session"
AUTH_COOKIE = "compliance_auth"


@dataclass(frozen=True)
class Settings:
    """How the server runs: address, access token (None: no token; required off 127.0.0.1), the history
    database rounds are stored in (None: not stored), the upload cap in MB, background workers."""

    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    db: Path | None = None
    max_upload_mb: float = 50.0
    workers: int = 2

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)


class TooLarge(Exception):
    """The request body passed the upload cap (answered 413)."""


HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                 b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
]


class Guard:
    """ASGI middleware in front of the application (see the module docstring)."""

    def __init__(self, app, settings: Settings, sessions: Sessions):
        self.app, self.settings, self.sessions = app, settings, sessions

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        cookies = _cookies(headers.get("cookie", ""))
        extra: list[tuple[bytes, bytes]] = []
        token = self.settings.token
        if token:
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            if _same(query.get("token"), token):  # first visit with ?token=…: keep it in a cookie, drop it from the URL
                rest = urlencode({k: v for k, v in query.items() if k != "token"})
                location = scope["path"] + (f"?{rest}" if rest else "")
                return await _send_plain(send, 303, b"", [(b"location", location.encode("latin-1")), _auth_cookie(token)])
            if not (_same(cookies.get(AUTH_COOKIE), token) or _header_token(headers.get("authorization", ""), token)):
                body = both(WORDS["unauthorised"]).encode()
                return await _send_plain(send, 401, body, [(b"www-authenticate", b'Basic realm="compliance", charset="UTF-8"'),
                                                           (b"content-type", b"text/plain; charset=utf-8")])
        cap = self.settings.max_upload_bytes
        length = headers.get("content-length")
        if length and length.isdigit() and int(length) > cap:
            return await _send_plain(send, 413, both(too_large(cap)).encode(), [(b"content-type", b"text/plain; charset=utf-8"),
                                                                                 (b"connection", b"close")])
        session = self.sessions.get(cookies.get(SESSION_COOKIE))
        if session is None:
            session = self.sessions.new()
            extra.append((b"set-cookie", f"{SESSION_COOKIE}={session.id}; Path=/; HttpOnly; SameSite=Strict".encode()))
        scope.setdefault("state", {})["session"] = session
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    raise TooLarge()
            return message

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + HEADERS + extra
            await send(message)

        await self.app(scope, counted, send_with_headers)


def _cookies(text: str) -> dict[str, str]:
    out = {}
    for part in text.split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            out[name] = value
    return out


def _same(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def _header_token(value: str, token: str) -> bool:
    """``Authorization: Bearer TOKEN``, or Basic with the token as the password (any user name)."""
    kind, _, rest = value.partition(" ")
    if kind.lower() == "bearer":
        return _same(rest.strip(), token)
    if kind.lower() == "basic":
        try:
            decoded = base64.b64decode(rest.strip(), validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return False
        return _same(decoded.partition(":")[2], token)
    return False


def _auth_cookie(token: str) -> tuple[bytes, bytes]:
    return b"set-cookie", f"{AUTH_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict".encode()


def too_large(cap: int) -> Message:
    """The line for an upload over the cap of ``cap`` bytes, in the page's terms."""
    return M("the upload is larger than the {mb} MB this server accepts: send fewer or smaller files",
             mb=Num(round(cap / (1024 * 1024), 1)))


def both(message: Message) -> str:
    """A message in Vietnamese, then English: for the plain answers sent before a session (and its
    language) is known."""
    return f"{message.get('vi')} / {message.get('en')}"


async def _send_plain(send, status: int, body: bytes, headers: list) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": headers + HEADERS + [(b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
