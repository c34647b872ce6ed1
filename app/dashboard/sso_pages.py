"""The two ends of a single sign-on in the dashboard, shared by OIDC and SAML: a sign-in that
succeeded gets the usual session cookie and goes to the dashboard; one that was refused gets a
page that says what failed, and no session."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from app.dashboard.rendering import render
from app.dashboard.session import keep_session
from app.dashboard.site import dashboard_of


def signed_in(request: Request, token: str) -> Response:
    """The session token that sign_in_with_identity_provider issued, kept as the session cookie
    (as a password sign-in keeps it), and on to the dashboard. The identity provider sent the
    browser here, so this is a plain redirect, never an htmx one."""
    response = RedirectResponse(request.app.url_path_for("asset_list"), status_code=303)
    keep_session(response, token, dashboard_of(request).settings)
    return response


def sign_in_refused(request: Request, reason: str, *, status_code: int = 403) -> Response:
    """A single sign-on that signed no one in: what failed, and the way back to signing in."""
    return render(
        request,
        "auth/sso_refused.html",
        "auth/_sso_refused.html",
        status_code=status_code,
        reason=reason,
    )
