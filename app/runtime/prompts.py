"""GET /v1/prompts/{name}?environment=production&key=<sticky key>: the prompt an application
sends to its model, as ../shared/DESIGN.md gives it. Served from memory: a cached read does no
SQL (see cache.py and verified_keys.py)."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.core.actor import ApiKeyScope, require_scope
from app.core.errors import NotFound, PromptvaultError, RateLimited
from app.core.rest import error_response
from app.runtime.limits import Surface
from app.runtime.served import NoPrompt
from app.runtime.state import RuntimeState

DEFAULT_ENVIRONMENT = "production"
# Clients may keep a copy but must ask again (with If-None-Match) before using it.
CACHE_CONTROL = "private, no-cache"


def rate_limited(wait: float, what: str) -> JSONResponse:
    seconds = max(1, math.ceil(wait))
    response = error_response(
        RateLimited(f"the tenant's {what} rate limit is reached; retry in {seconds} s")
    )
    response.headers["retry-after"] = str(seconds)
    return response


def _matches(if_none_match: str, etag: str) -> bool:
    if if_none_match.strip() == "*":
        return True
    candidates = (candidate.strip() for candidate in if_none_match.split(","))
    return any(candidate.removeprefix("W/") == etag for candidate in candidates)


def prompt_endpoint(runtime: RuntimeState) -> Callable[[Request], Awaitable[Response]]:
    async def read_prompt(request: Request) -> Response:
        return await _read_prompt(runtime, request)

    return read_prompt


async def _read_prompt(runtime: RuntimeState, request: Request) -> Response:
    try:
        actor = await runtime.authenticate(request)
        require_scope(actor, ApiKeyScope.RUNTIME_READ)
        wait = await runtime.limits.admit(actor.tenant_id, Surface.RUNTIME)
        if wait:
            return rate_limited(wait, "runtime API")
        environment = request.query_params.get("environment") or DEFAULT_ENVIRONMENT
        prompt = await runtime.prompts.lookup(
            actor.tenant_id, request.path_params["name"], environment
        )
        if isinstance(prompt, NoPrompt):
            raise NotFound(prompt.message)
    except PromptvaultError as error:
        return error_response(error)
    served = prompt.serving(request.query_params.get("key"))
    headers = {"etag": served.etag, "cache-control": CACHE_CONTROL}
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None and _matches(if_none_match, served.etag):
        return Response(status_code=304, headers=headers)
    return Response(served.document, media_type="application/json", headers=headers)
