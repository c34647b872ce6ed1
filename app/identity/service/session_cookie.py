"""The session cookie: the dashboard keeps the user's session token in it (app/dashboard/
session.py writes it), and a browser sends it where it cannot set an Authorization header (the
dashboard's pages, their EventSource on /v1/stream)."""

from __future__ import annotations

from starlette.requests import HTTPConnection

SESSION_COOKIE = "promptvault_session"


def session_token(connection: HTTPConnection) -> str | None:
    return connection.cookies.get(SESSION_COOKIE) or None
