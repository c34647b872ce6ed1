"""What wraps every dashboard route: refusal of requests without the CSRF token, and the pages
that GraphQL's refusals become; and what wraps every answer of the site: headers that forbid
framing and MIME sniffing."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.rest import HTTP_STATUS
from app.dashboard.csrf import SAFE_METHODS, csrf_token_matches, sent_csrf_token
from app.dashboard.execution import OperationFailed
from app.dashboard.rendering import message_page, redirect
from app.dashboard.session import forget_session
from app.dashboard.site import dashboard_of

TITLES = {
    "NOT_FOUND": "Not found",
    "FORBIDDEN": "Not allowed",
    "CONFLICT": "That cannot be done now",
    "RATE_LIMITED": "Too many requests",
    "BAD_USER_INPUT": "That request was not understood",
}


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A receive that hands the app the body already read, then what the client sends next."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


# The SAML assertion consumer service takes a form that the identity provider's page posts from
# its own site, which cannot know our CSRF token. What stands in for it there: the response must
# answer (InResponseTo) the request id sealed in a cookie that only this browser holds, signed
# by the identity provider (app/identity/service/saml.py).
CSRF_EXEMPT_PATH = re.compile(r"/auth/saml/[^/]+/acs")


class CsrfProtection:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] in SAFE_METHODS
            or CSRF_EXEMPT_PATH.fullmatch(scope["path"])
        ):
            await self.app(scope, receive, send)
            return
        body = await _body(receive)
        request = Request(scope, _replaying(body, receive))
        secret = dashboard_of(request).settings.secret_key
        if csrf_token_matches(request, await sent_csrf_token(request), secret):
            await self.app(scope, _replaying(body, receive), send)
            return
        refusal = message_page(
            request,
            status_code=403,
            title="This form has expired",
            message="Reload the page and try again.",
        )
        await refusal(scope, receive, send)


def sign_in_again(request: Request) -> Response:
    """To the sign-in page, coming back here after; the cookie that failed is dropped."""
    sign_in = str(request.app.url_path_for("sign_in"))
    target = (
        f"{sign_in}?{urlencode({'next': request.url.path})}" if request.method == "GET" else sign_in
    )
    response = redirect(request, target)
    forget_session(response, dashboard_of(request).settings)
    return response


def refusal_page(request: Request, failure: OperationFailed) -> Response:
    if failure.code == "UNAUTHENTICATED":
        return sign_in_again(request)
    return message_page(
        request,
        status_code=HTTP_STATUS.get(failure.code, 500),
        title=TITLES.get(failure.code, "Something went wrong"),
        message=failure.message,
    )


class OperationErrorPages:
    """GraphQL's refusals as pages: sign in again, not found, not allowed, or why not."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        except OperationFailed as failure:
            await refusal_page(Request(scope, receive), failure)(scope, receive, send)


# No other site may frame a page (clickjacking of buttons such as Activate), and browsers take
# a response's content type as sent rather than guessing it from the body.
UNFRAMEABLE_HEADERS = {
    "x-frame-options": "DENY",
    "content-security-policy": "frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
}


class UnframeableAnswers:
    """Adds UNFRAMEABLE_HEADERS to every HTTP answer that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_unframeable(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in UNFRAMEABLE_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_unframeable)
