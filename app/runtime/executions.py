"""POST /v1/executions: execution logs from applications and the SDK, one or a batch.

The body is one object or a list of objects with ExecutionInput's fields in camelCase; the answer
is 202 {"accepted": n}. A batch is stored whole or not at all; a bad item answers 400 naming its
index. A batch sent again under the same Idempotency-Key header is stored once
(telemetry/service/batch_keys.py). Authenticated by an API key with logs:write, or a developer's or
admin's token; the logs are telemetry's to store (telemetry/service/).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.core.actor import Actor
from app.core.errors import BadUserInput, PromptvaultError
from app.core.metrics import EXECUTION_BATCHES_REJECTED
from app.core.rest import error_response, json_body
from app.runtime.state import RuntimeState
from app.telemetry.service import parse_batch, record_execution_batch, require_log_writer


def execution_ingest(runtime: RuntimeState) -> Callable[[Request], Awaitable[Response]]:
    async def log_writer(request: Request) -> Actor:
        # The runtime's verified keys: a sender's batches authenticate from memory, as reads do.
        actor = await runtime.authenticate(request)
        require_log_writer(actor)
        return actor

    async def ingest(request: Request) -> Response:
        try:
            actor = await log_writer(request)
            try:
                records = parse_batch(await json_body(request))
            except BadUserInput:
                EXECUTION_BATCHES_REJECTED.inc()
                raise
            accepted = await record_execution_batch(
                actor,
                records,
                default_payload_chars=runtime.settings.max_log_payload_chars,
                idempotency_key=request.headers.get("idempotency-key"),
            )
        except PromptvaultError as error:
            return error_response(error)
        return JSONResponse({"accepted": accepted}, status_code=202)

    return ingest
