"""CSRF protection: every state-changing request to the dashboard carries a token, the HMAC of
the browser's session token with the secret key, in a form field or the X-CSRF-Token header that
htmx sends. Before sign-in a random cookie stands in for the session, so the sign-in and
registration forms are protected too. Without the right token: 403, and nothing runs."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from starlette.requests import HTTPConnection, Request
from starlette.responses import Response

from app.identity.service import session_token
from app.settings import Settings

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
ANONYMOUS_COOKIE = "promptvault_csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _token(secret: str, binding: str) -> str:
    return hmac.new(secret.encode(), f"csrf:{binding}".encode(), hashlib.sha256).hexdigest()


def _binding(connection: HTTPConnection) -> str | None:
    return session_token(connection) or connection.cookies.get(ANONYMOUS_COOKIE) or None


@dataclass(frozen=True)
class PageToken:
    """A page's CSRF token, and the cookie to give an anonymous browser that had none."""

    token: str
    anonymous_binding: str | None

    def remember(self, response: Response, settings: Settings) -> None:
        if self.anonymous_binding is None:
            return
        response.set_cookie(
            ANONYMOUS_COOKIE,
            self.anonymous_binding,
            path="/",
            httponly=True,
            samesite="lax",
            secure=settings.https,
        )


def page_token(request: Request, secret: str) -> PageToken:
    binding = _binding(request)
    if binding is not None:
        return PageToken(_token(secret, binding), None)
    fresh = secrets.token_urlsafe(32)
    return PageToken(_token(secret, fresh), fresh)


async def sent_csrf_token(request: Request) -> str | None:
    if token := request.headers.get(CSRF_HEADER):
        return token
    if request.headers.get("content-type", "").startswith(FORM_TYPES):
        async with request.form() as form:
            value = form.get(CSRF_FIELD)
            return value if isinstance(value, str) else None
    return None


def csrf_token_matches(request: Request, sent: str | None, secret: str) -> bool:
    binding = _binding(request)
    return bool(sent and binding and hmac.compare_digest(sent, _token(secret, binding)))
