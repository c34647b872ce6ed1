"""Operations endpoints: /health (the process is up), /ready (the database answers) and
/metrics (Prometheus text of the server's workers)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from prometheus_client import CONTENT_TYPE_LATEST
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from tortoise import connections

from app.runtime.metrics import exposition

logger = logging.getLogger("promptvault.ops")


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


def readiness(timeout: float) -> Callable[[Request], Awaitable[JSONResponse]]:
    """GET /ready: 200 when the database answers a trivial query within `timeout`, else 503."""

    async def ready(request: Request) -> JSONResponse:
        try:
            connection = connections.get("default")
            await asyncio.wait_for(connection.execute_query("SELECT 1"), timeout)
        except Exception as error:
            logger.warning("not ready: the database did not answer: %r", error)
            return JSONResponse(
                {"status": "unavailable", "database": "unreachable"}, status_code=503
            )
        return JSONResponse({"status": "ready", "database": "ok"})

    return ready


async def metrics(request: Request) -> Response:
    return Response(exposition(), media_type=CONTENT_TYPE_LATEST)
