"""The dashboard's session: the user's session token (the same JWT that `login` issues) in an
HttpOnly, SameSite=Lax cookie, which scripts cannot read and other sites' forms do not send."""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.responses import Response

from app.settings import Settings

SESSION_COOKIE = "promptvault_session"


def session_token(connection: HTTPConnection) -> str | None:
    return connection.cookies.get(SESSION_COOKIE) or None


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
