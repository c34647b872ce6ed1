"""SAML sign-in in the dashboard: the start (`GET /auth/sso/{tenant}` calls start_saml_sign_in
when the tenant's protocol is SAML), our SP metadata, and the assertion consumer service (ACS)
where the identity provider's page posts its response."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app.dashboard.rendering import message_page
from app.dashboard.site import dashboard_of
from app.dashboard.sso_pages import sign_in_refused, signed_in
from app.identity.models import SsoConfig, SsoProtocol
from app.identity.service.saml import (
    REQUEST_TTL_SECONDS,
    ServiceProvider,
    authentication_request,
    sealed_request_id,
    service_provider_metadata,
    unsealed_request_id,
    verified_identity,
)
from app.identity.service.sso_sign_in import (
    SsoRefused,
    record_sso_refusal,
    sign_in_with_identity_provider,
    sso_config_of,
)

REQUEST_COOKIE = "promptvault_saml_request"
ACS_PATH = "/auth/saml/{tenant}/acs"


def _service_provider(request: Request, tenant_slug: str) -> ServiceProvider:
    base_url = dashboard_of(request).settings.public_url or str(request.base_url)
    return ServiceProvider.of(base_url, tenant_slug)


def _request_cookie_path(sp: ServiceProvider) -> str:
    return ACS_PATH.format(tenant=sp.tenant_slug)


def _tenant_slug(request: Request) -> str:
    return str(request.path_params["tenant"]).strip().lower()


def start_saml_sign_in(request: Request, config: SsoConfig) -> Response:
    """To the identity provider with an AuthnRequest; the browser keeps the request's id, sealed,
    for the ACS to match against the response's InResponseTo.

    The identity provider's page posts the response from its own site, and browsers send a
    SameSite=Lax (or Strict) cookie on no cross-site POST: this cookie must be SameSite=None,
    which browsers take only when Secure (they do over http on localhost). Its path is the ACS
    alone, and it is HttpOnly: nothing else ever sees it."""
    sp = _service_provider(request, _tenant_slug(request))
    try:
        request_id, location = authentication_request(config, sp)
    except SsoRefused as refusal:
        return sign_in_refused(request, refusal.reason)
    response = RedirectResponse(location, status_code=303)
    response.set_cookie(
        REQUEST_COOKIE,
        sealed_request_id(sp, request_id, dashboard_of(request).settings.secret_key),
        max_age=REQUEST_TTL_SECONDS,
        path=_request_cookie_path(sp),
        httponly=True,
        samesite="none",
        secure=True,
    )
    return response


async def _saml_config(tenant_slug: str) -> SsoConfig | None:
    config = await sso_config_of(tenant_slug)
    return config if config is not None and config.protocol == SsoProtocol.SAML else None


def _not_set_up(request: Request) -> Response:
    return message_page(
        request,
        status_code=404,
        title="Not found",
        message="This organisation has no SAML single sign-on.",
    )


async def saml_metadata(request: Request) -> Response:
    tenant_slug = _tenant_slug(request)
    if await _saml_config(tenant_slug) is None:
        return _not_set_up(request)
    try:
        metadata = service_provider_metadata(_service_provider(request, tenant_slug))
    except SsoRefused as refusal:
        return message_page(request, status_code=503, title="Unavailable", message=refusal.reason)
    return Response(metadata, media_type="application/samlmetadata+xml")


def _answered(response: Response, sp: ServiceProvider) -> Response:
    """A request is answered once, signed in or not: its cookie goes."""
    response.delete_cookie(
        REQUEST_COOKIE, path=_request_cookie_path(sp), httponly=True, samesite="none", secure=True
    )
    return response


async def assertion_consumer_service(request: Request) -> Response:
    tenant_slug = _tenant_slug(request)
    config = await _saml_config(tenant_slug)
    if config is None:
        return _not_set_up(request)
    sp = _service_provider(request, tenant_slug)
    secret = dashboard_of(request).settings.secret_key
    request_id = unsealed_request_id(sp, request.cookies.get(REQUEST_COOKIE), secret)
    async with request.form() as form:
        saml_response = form.get("SAMLResponse")
    ip = request.client.host if request.client else None
    try:
        identity = await verified_identity(
            config, sp, saml_response if isinstance(saml_response, str) else None, request_id
        )
    except SsoRefused as refusal:
        await record_sso_refusal(config, refusal.reason, email=None, ip=ip)
        return _answered(sign_in_refused(request, refusal.reason), sp)
    try:
        _, token = await sign_in_with_identity_provider(config, identity, ip=ip)
    except SsoRefused as refusal:  # audited where it was refused
        return _answered(sign_in_refused(request, refusal.reason), sp)
    return _answered(signed_in(request, token), sp)


ROUTES = [
    Route("/auth/saml/{tenant}/metadata", saml_metadata, methods=["GET"], name="saml_metadata"),
    Route(ACS_PATH, assertion_consumer_service, methods=["POST"], name="saml_acs"),
]
