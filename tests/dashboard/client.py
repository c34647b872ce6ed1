"""A client of the dashboard that behaves like a browser: it keeps cookies, reads the CSRF token
from the pages it is shown, and sends HX-Request when it plays htmx."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from app.identity.service import SESSION_COOKIE

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


class DashboardClient:
    def __init__(self, http: httpx.AsyncClient, *, htmx: bool) -> None:
        self.http = http
        self.htmx = htmx

    @classmethod
    @asynccontextmanager
    async def for_app(
        cls, app: Any, *, htmx: bool = False, scheme: str = "http"
    ) -> AsyncIterator[DashboardClient]:
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        base_url = f"{scheme}://127.0.0.1"
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as http:
            yield cls(http, htmx=htmx)

    def use_session(self, token: str) -> None:
        """Signed in with this session token, as the sign-in page leaves a browser."""
        self.http.cookies.set(SESSION_COOKIE, token, domain="127.0.0.1", path="/")

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        return {**({"hx-request": "true"} if self.htmx else {}), **(headers or {})}

    async def get(
        self,
        path: str,
        params: dict[str, str] | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        return await self.http.get(path, params=params, headers=self._headers(headers))

    async def csrf_token(self) -> str:
        """The token a page of this browser carries (the sign-in page shows one to anyone)."""
        page = await self.http.get("/sign-in")
        match = CSRF_FIELD.search(page.text)
        assert match, page.text
        return match[1]

    async def post(
        self,
        path: str,
        data: dict[str, str] | None = None,
        *,
        csrf: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """Submits a form with this browser's CSRF token, or with `csrf` if given ("" for none)."""
        token = await self.csrf_token() if csrf is None else csrf
        form = {**(data or {}), **({"csrf_token": token} if token else {})}
        return await self.http.post(path, data=form, headers=self._headers(headers))


def is_full_page(response: httpx.Response) -> bool:
    return "<html" in response.text and 'id="main"' in response.text


def assert_rendered(response: httpx.Response, htmx: bool, status: int = 200) -> str:
    """The full page or, for htmx, the partial alone, with this status; its text."""
    assert response.status_code == status, response.text
    assert is_full_page(response) is not htmx, response.text[:300]
    return response.text


def redirect_target(response: httpx.Response, htmx: bool) -> str:
    """Where a form sent the browser: HX-Redirect for htmx, a 303 for a plain form."""
    assert response.status_code == (200 if htmx else 303), response.text
    return response.headers["hx-redirect" if htmx else "location"]


def assert_done(response: httpx.Response, htmx: bool, path: str, notice: str) -> None:
    """A change from a form of a page: htmx gets the page again saying what changed, a plain form
    is sent back to the page at `path`."""
    if htmx:
        assert notice in assert_rendered(response, htmx)
    else:
        assert redirect_target(response, htmx) == path
