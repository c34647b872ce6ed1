"""What the REST endpoints share: their JSON input, and their errors as
`{"error": {"code", "message"}}` with the code's HTTP status."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse

from app.core.errors import BadUserInput, PromptvaultError
from app.core.validation import refuse_nul

HTTP_STATUS = {
    "BAD_USER_INPUT": 400,
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    # A password sign-in where the tenant signs in with single sign-on.
    "SSO_REQUIRED": 403,
    "NOT_FOUND": 404,
    "CONFLICT": 409,
    "RATE_LIMITED": 429,
}


def error_response(error: PromptvaultError) -> JSONResponse:
    status = HTTP_STATUS.get(error.code, 500)
    headers = {"www-authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(
        {"error": {"code": error.code, "message": error.message}},
        status_code=status,
        headers=headers,
    )


async def json_body(request: Request) -> object:
    """The request's body as JSON; BAD_USER_INPUT when it is not JSON or holds a NUL."""
    try:
        body = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError) as error:
        raise BadUserInput(f"the body must be JSON: {error}") from None
    except RecursionError:
        raise BadUserInput("the body must be JSON that nests less deeply") from None
    refuse_nul(body)
    return body
