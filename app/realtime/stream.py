"""GET /v1/stream: the tenant's activations as Server-Sent Events, for SDKs and the dashboard.

Last-Event-ID (or ?lastEventId=) resumes from the replay buffer. The stream subscribes to the bus
before it replays, and then skips the live events that the replay already sent: nothing is
missed or sent twice at the switch. Event ids are the tenant's own sequence (replay.py), in
commit order, so what the replay did not see has a larger id.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from app.core.actor import Actor, ApiKeyScope, require_scope
from app.core.errors import BadUserInput, PromptvaultError, Unauthenticated
from app.core.events import VersionActivated
from app.core.rest import error_response
from app.identity.service import authenticate_bearer, bearer_token, session_token
from app.realtime.feed import CredentialRevoked, tenant_feed
from app.realtime.replay import events_after
from app.realtime.state import realtime_of
from app.settings import Settings

SSE_FIELDS = ("assetName", "environment", "version", "versionId", "previousVersion", "actor", "at")
SSE_HEADERS = {"cache-control": "no-cache", "x-accel-buffering": "no"}


def activation_message(stream_id: int, data: dict[str, Any]) -> str:
    payload = json.dumps({name: data.get(name) for name in SSE_FIELDS}, separators=(",", ":"))
    return f"event: activation\nid: {stream_id}\ndata: {payload}\n\n"


def _last_event_id(request: Request) -> int | None:
    raw = request.headers.get("last-event-id") or request.query_params.get("lastEventId")
    if not raw:
        return None
    if not raw.isdigit():
        raise BadUserInput("Last-Event-ID must be an event id from this stream")
    return int(raw)


async def _stream_reader(request: Request, settings: Settings) -> Actor:
    authorization = request.headers.get("authorization")
    # A browser's EventSource cannot set headers: the dashboard's pages send their session cookie.
    token = bearer_token(authorization) if authorization else session_token(request)
    if token is None:
        raise Unauthenticated("send Authorization: Bearer <API key or token>")
    client = request.client.host if request.client else None
    actor = await authenticate_bearer(token, settings=settings, ip=client)
    require_scope(actor, ApiKeyScope.RUNTIME_READ)
    return actor


async def _messages(
    request: Request, actor: Actor, last_event_id: int | None, heartbeat: float
) -> AsyncIterator[str]:
    realtime = realtime_of(request)
    try:
        async with tenant_feed(realtime.bus, realtime.credentials, actor) as feed:
            yield ": connected\n\n"
            replayed_up_to = -1 if last_event_id is None else last_event_id
            if last_event_id is not None:
                async for row in events_after(
                    actor.tenant_id, VersionActivated.name, last_event_id
                ):
                    yield activation_message(row.seq, row.data)
                    replayed_up_to = row.seq
            last_write = time.monotonic()
            while True:
                event = await feed.next(timeout=max(0.0, last_write + heartbeat - time.monotonic()))
                if event is None:
                    yield ": keepalive\n\n"
                elif (
                    event.kind == VersionActivated.name
                    and event.stream_id is not None
                    and event.stream_id > replayed_up_to
                ):
                    yield activation_message(event.stream_id, event.data)
                else:
                    continue
                last_write = time.monotonic()
    except CredentialRevoked:
        return  # the session or key no longer authenticates: the stream ends


def activation_stream(settings: Settings) -> Callable[[Request], Awaitable[Response]]:
    async def stream(request: Request) -> Response:
        try:
            actor = await _stream_reader(request, settings)
            last_event_id = _last_event_id(request)
        except PromptvaultError as error:
            return error_response(error)
        return StreamingResponse(
            _messages(request, actor, last_event_id, settings.sse_heartbeat_seconds),
            media_type="text/event-stream",
            headers=SSE_HEADERS,
        )

    return stream
