"""Errors of the REST endpoints: `{"error": {"code", "message"}}` with the code's HTTP status."""

from __future__ import annotations

from starlette.responses import JSONResponse

from app.core.errors import PromptvaultError

HTTP_STATUS = {
    "BAD_USER_INPUT": 400,
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
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
