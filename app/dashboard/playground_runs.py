"""A playground run followed: its answer as Server-Sent Events for the pane's EventSource
(static/js/playground.js), its Cancel button, and the run as a page of its own (a link to share,
and what a browser without scripts sees).

The stream reads realtime's follow_run_output, as the promptRunOutput subscription does, signed in
with the session cookie (an EventSource sends it and no other header). Every event's data is JSON:
the text is never HTML, and the script puts it in as text."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from app.core.errors import PromptvaultError, Unauthenticated
from app.core.ids import decode_id
from app.core.rest import error_response
from app.dashboard.execution import run_operation
from app.dashboard.rendering import is_htmx, message_page, redirect, render
from app.dashboard.site import dashboard_of
from app.identity.service import authenticate_bearer, session_token
from app.realtime.run_output import RunOutputChunk, follow_run_output
from app.realtime.state import realtime_of

SSE_HEADERS = {"cache-control": "no-store", "x-accel-buffering": "no"}


def sse_event(name: str, payload: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(payload, separators=(',', ':'))}\n\n"


def finished(chunk: RunOutputChunk) -> dict[str, Any]:
    """The run as it ended, in GraphQL's names."""
    run = chunk.run
    assert run is not None
    return {
        "status": run.status.name,
        "output": run.output,
        "error": run.error,
        "latencyMs": run.latency_ms,
        "inputTokens": run.input_tokens,
        "outputTokens": run.output_tokens,
        "cost": run.cost,
    }


async def _events(
    first: RunOutputChunk, chunks: AsyncIterator[RunOutputChunk], heartbeat: float
) -> AsyncIterator[str]:
    """ "output" (everything so far), then a "delta" per piece, then "done"; a comment when
    nothing has come for `heartbeat` seconds, so that proxies keep the connection open."""
    yield sse_event("output", {"text": first.delta})
    chunk: RunOutputChunk | None = first
    next_chunk: asyncio.Future[RunOutputChunk | None] | None = None
    try:
        while chunk is not None and not chunk.done:
            # Waited on as a task: a heartbeat must not cancel the read of the next chunk.
            next_chunk = asyncio.ensure_future(anext(chunks, None))
            while not next_chunk.done():
                await asyncio.wait({next_chunk}, timeout=heartbeat)
                if not next_chunk.done():
                    yield ": keepalive\n\n"
            chunk = next_chunk.result()
            if chunk is not None and chunk.delta:
                yield sse_event("delta", {"text": chunk.delta})
    finally:
        # The browser went away: stop listening for the run (the follower leaves the bus).
        if next_chunk is not None and not next_chunk.done():
            next_chunk.cancel()
    if chunk is not None:
        yield sse_event("done", finished(chunk))


async def run_stream(request: Request) -> Response:
    """GET /playground/runs/{id}/stream: the run's answer as it comes. Refusals (not signed in,
    not the tenant's run, a role that reads no runs) are answered before the stream starts."""
    settings = dashboard_of(request).settings
    try:
        token = session_token(request)
        if token is None:
            raise Unauthenticated("sign in to follow a run")
        client = request.client.host if request.client else None
        actor = await authenticate_bearer(token, settings=settings, ip=client)
        run_id = decode_id(request.path_params["id"], "PromptRun")
        chunks = follow_run_output(realtime_of(request).bus, actor, run_id)
        first = await anext(chunks)
    except PromptvaultError as error:
        return error_response(error)
    return StreamingResponse(
        _events(first, chunks, settings.sse_heartbeat_seconds),
        media_type="text/event-stream",
        headers=SSE_HEADERS,
    )


async def cancel_run(request: Request) -> Response:
    """Asks the run to stop; the pane hears it end. A plain form is sent to the run's page."""
    run_id = request.path_params["id"]
    await run_operation(request, "CancelPlaygroundRun", {"id": run_id})
    if is_htmx(request):
        return Response(status_code=204)
    return redirect(request, str(request.app.url_path_for("playground_run_page", id=run_id)))


async def run_page(request: Request) -> Response:
    data = await run_operation(request, "PlaygroundRun", {"id": request.path_params["id"]})
    run = data["promptRun"]
    if run is None:
        return message_page(request, status_code=404, title="Not found", message="No such run.")
    return render(request, "playground/run.html", "playground/_run.html", me=data["me"], run=run)


ROUTES = [
    Route("/playground/runs/{id}", run_page, methods=["GET"], name="playground_run_page"),
    Route("/playground/runs/{id}/stream", run_stream, name="playground_run_stream"),
    Route(
        "/playground/runs/{id}/cancel", cancel_run, methods=["POST"], name="playground_run_cancel"
    ),
]
