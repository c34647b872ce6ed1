"""Single sign-on in the dashboard: `GET /auth/sso/{tenant}` starts it with the tenant's
identity provider (OIDC here, SAML in saml_routes.py), and `GET /auth/sso/{tenant}/callback` ends
an OIDC sign-in. `GET /auth/sso?tenant=...` is where the sign-in page's SSO form goes."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app.dashboard.saml_routes import start_saml_sign_in
from app.dashboard.site import dashboard_of
from app.dashboard.sso_pages import sign_in_refused, signed_in
from app.identity.models import SsoConfig, SsoProtocol
from app.identity.service.oidc import SIGN_IN_SECONDS, finish_oidc_sign_in, start_oidc_sign_in
from app.identity.service.sso_sign_in import (
    SSO_TURNED_OFF,
    SsoRefused,
    record_sso_refusal,
    sign_in_with_identity_provider,
    sso_config_of,
)

# The sealed state, nonce and code verifier of a sign-in under way (identity/service/oidc.py).
PENDING_COOKIE = "promptvault_oidc"


def _tenant(request: Request) -> str:
    return str(request.path_params["tenant"]).strip().lower()


def _pending_cookie_path(tenant: str) -> str:
    return f"/auth/sso/{tenant}/"


def _redirect_uri(request: Request, tenant: str) -> str:
    """The callback's address, as registered at the identity provider."""
    settings = dashboard_of(request).settings
    base = settings.public_url or str(request.base_url).rstrip("/")
    return base + str(request.app.url_path_for("sso_callback", tenant=tenant))


def _client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


async def _enabled_config(request: Request, tenant: str) -> SsoConfig | Response:
    """The tenant's configuration, or the page that says there is none to use."""
    config = await sso_config_of(tenant)
    if config is None:
        return sign_in_refused(
            request,
            f"there is no organisation '{tenant}' that signs in with single sign-on; check the "
            "organisation's short name, or sign in with your password",
            status_code=404,
        )
    if not config.enabled:
        await record_sso_refusal(config, SSO_TURNED_OFF, email=None, ip=_client_ip(request))
        return sign_in_refused(request, SSO_TURNED_OFF)
    return config


async def sso_form(request: Request) -> Response:
    tenant = request.query_params.get("tenant", "").strip().lower()
    if not tenant:
        return RedirectResponse(request.app.url_path_for("sign_in"), status_code=303)
    return RedirectResponse(request.app.url_path_for("sso_start", tenant=tenant), status_code=303)


async def sso_start(request: Request) -> Response:
    tenant = _tenant(request)
    config = await _enabled_config(request, tenant)
    if isinstance(config, Response):
        return config
    if config.protocol == SsoProtocol.SAML:
        return start_saml_sign_in(request, config)
    settings = dashboard_of(request).settings
    try:
        location, pending = await start_oidc_sign_in(
            config, tenant, _redirect_uri(request, tenant), settings
        )
    except SsoRefused as refusal:
        await record_sso_refusal(config, refusal.reason, email=None, ip=_client_ip(request))
        return sign_in_refused(request, refusal.reason, status_code=502)
    response = RedirectResponse(location, status_code=303)
    response.set_cookie(
        PENDING_COOKIE,
        pending.sealed(settings),
        max_age=SIGN_IN_SECONDS,
        path=_pending_cookie_path(tenant),
        httponly=True,
        samesite="lax",  # the provider sends the browser back with a top-level GET
        secure=settings.https,
    )
    return response


async def sso_callback(request: Request) -> Response:
    tenant = _tenant(request)
    config = await _enabled_config(request, tenant)
    if isinstance(config, Response):
        return config
    settings = dashboard_of(request).settings
    ip = _client_ip(request)
    try:
        identity = await finish_oidc_sign_in(
            config,
            tenant=tenant,
            sealed_pending=request.cookies.get(PENDING_COOKIE),
            params=dict(request.query_params),
            redirect_uri=_redirect_uri(request, tenant),
            settings=settings,
        )
    except SsoRefused as refusal:
        await record_sso_refusal(config, refusal.reason, email=None, ip=ip)
        response = sign_in_refused(request, refusal.reason)
    else:
        try:
            _, token = await sign_in_with_identity_provider(
                config, identity, ip=ip, settings=settings
            )
        except SsoRefused as refusal:
            response = sign_in_refused(request, refusal.reason)
        else:
            response = signed_in(request, token)
    # One use: a sign-in is never finished twice with the same state.
    response.delete_cookie(
        PENDING_COOKIE,
        path=_pending_cookie_path(tenant),
        httponly=True,
        samesite="lax",
        secure=settings.https,
    )
    return response


ROUTES = [
    Route("/auth/sso", sso_form, methods=["GET"], name="sso_form"),
    Route("/auth/sso/{tenant}", sso_start, methods=["GET"], name="sso_start"),
    Route("/auth/sso/{tenant}/callback", sso_callback, methods=["GET"], name="sso_callback"),
]
