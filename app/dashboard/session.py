"""The dashboard's session: the user's session token (the same JWT that `login` issues) kept in
the session cookie (app/identity/service/session_cookie.py reads it), HttpOnly and SameSite=Lax,
so scripts cannot read it and other sites' forms do not send it."""

from __future__ import annotations

from starlette.responses import Response

from app.identity.service import SESSION_COOKIE
from app.settings import Settings


def keep_session(response: Response, token: str, settings: Settings) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.token_ttl_seconds,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.https,
    )


def forget_session(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=settings.https
    )
