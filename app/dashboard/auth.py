"""Sign in, register a tenant, sign out."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.dashboard.execution import OperationFailed, run_operation
from app.dashboard.forms import INPUT_CODES, Form
from app.dashboard.rendering import redirect, render
from app.dashboard.session import forget_session, keep_session
from app.dashboard.site import dashboard_of

SIGN_IN_REFUSALS = frozenset({"BAD_USER_INPUT", "UNAUTHENTICATED", "RATE_LIMITED", "SSO_REQUIRED"})
SIGN_IN_TEMPLATES = ("auth/sign_in.html", "auth/_sign_in_form.html")
REGISTER_TEMPLATES = ("auth/register.html", "auth/_register_form.html")


def _is_local_path(value: str) -> bool:
    """A path on this site, as a browser reads it too. Browsers drop tabs and newlines from a URL
    and read a backslash as a slash, so `/<tab>/host` is `//host`, another site; a control
    character or a non-ASCII one would also break the header it is sent in. Only printable
    ASCII without backslashes passes."""
    return (
        value.startswith("/")
        and not value.startswith("//")
        and all("!" <= character <= "~" and character != "\\" for character in value)
    )


def _landing(request: Request, next_path: str | None) -> str:
    """Where to go once signed in: back where the user was, but only ever on this site."""
    if next_path and _is_local_path(next_path):
        return next_path
    return str(request.app.url_path_for("asset_list"))


async def _session_form(
    request: Request,
    operation: str,
    fields: tuple[str, ...],
    *,
    inline: frozenset[str],
    templates: tuple[str, str],
) -> Response:
    """Signs in through `operation` (login or register) with the form's `fields`; on a refusal,
    the form again with the reason."""
    form = await Form.read(request)
    data = await form.submit(
        request, operation, {"input": {name: form.value(name) for name in fields}}, inline=inline
    )
    if data is None:
        return render(request, *templates, form=form, status_code=form.status_code)
    [payload] = data.values()
    response = redirect(request, _landing(request, form.optional("next")))
    keep_session(response, payload["token"], dashboard_of(request).settings)
    return response


async def sign_in_page(request: Request) -> Response:
    params = request.query_params
    form = Form({"tenant": params.get("tenant", ""), "next": params.get("next", "")})
    return render(request, *SIGN_IN_TEMPLATES, form=form)


async def sign_in(request: Request) -> Response:
    return await _session_form(
        request,
        "SignIn",
        ("tenant", "email", "password"),
        inline=SIGN_IN_REFUSALS,
        templates=SIGN_IN_TEMPLATES,
    )


async def register_page(request: Request) -> Response:
    return render(request, *REGISTER_TEMPLATES, form=Form())


async def register(request: Request) -> Response:
    return await _session_form(
        request,
        "RegisterTenant",
        ("tenantName", "email", "password"),
        inline=INPUT_CODES,
        templates=REGISTER_TEMPLATES,
    )


async def sign_out(request: Request) -> Response:
    try:
        await run_operation(request, "SignOut")
    except OperationFailed as failure:
        if failure.code != "UNAUTHENTICATED":  # an expired session is signed out already
            raise
    response = redirect(request, str(request.app.url_path_for("sign_in")))
    forget_session(response, dashboard_of(request).settings)
    return response


ROUTES = [
    Route("/sign-in", sign_in_page, methods=["GET"], name="sign_in"),
    Route("/sign-in", sign_in, methods=["POST"], name="sign_in_submit"),
    Route("/register", register_page, methods=["GET"], name="register"),
    Route("/register", register, methods=["POST"], name="register_submit"),
    Route("/sign-out", sign_out, methods=["POST"], name="sign_out"),
]
