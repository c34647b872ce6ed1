"""Following a prompt run's answer as it streams: what it has so far, then each new piece, then
its end. The promptRunOutput subscription and the dashboard's playground both read it here.

It subscribes to the bus before it reads the run, so that no piece falls between the two: the
pieces it then hears are skipped up to the seq that the row held (the row is written in the
transaction that announces each piece). A gap in the seqs (a subscriber too slow for its queue,
or a LISTEN connection lost a moment) is filled from the row; so is a quiet spell, in case the
end was missed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from uuid import UUID

from app.core.actor import Actor
from app.core.events import RunFinished, RunPieceProduced
from app.core.ids import encode_id
from app.providers.models import PromptRun, RunStatus
from app.providers.service import get_run
from app.realtime.bus import EventBus

# With no event for this long, the run is read again.
QUIET_SECONDS = 5.0


@dataclass(frozen=True)
class RunOutputChunk:
    """Text the run produced since the last chunk; the last chunk has `done` and the run as it
    ended (its whole output included)."""

    delta: str
    done: bool = False
    run: PromptRun | None = None


async def follow_run_output(
    bus: EventBus, actor: Actor, run_id: UUID
) -> AsyncIterator[RunOutputChunk]:
    """The run's output so far (one chunk, done if the run has ended), then each new piece,
    then a last chunk, done, with the run. A run the actor may not read is NOT_FOUND (another
    tenant's) or FORBIDDEN (viewers), raised before the first chunk."""
    global_id = encode_id("PromptRun", run_id)
    async with bus.subscribe(actor.tenant_id) as events:
        run = await get_run(actor, run_id)
        if run.status != RunStatus.RUNNING:
            yield RunOutputChunk(delta=run.output, done=True, run=run)
            return
        sent, seq = run.output, run.last_seq
        yield RunOutputChunk(delta=sent)
        while True:
            try:
                event = await asyncio.wait_for(events.get(), timeout=QUIET_SECONDS)
            except TimeoutError:
                event = None
            if event is not None and event.data.get("runId") != global_id:
                continue
            if event is not None and event.kind == RunPieceProduced.name:
                if event.data["seq"] <= seq:
                    continue  # in the output read already
                if event.data["seq"] == seq + 1:
                    seq += 1
                    sent += event.data["delta"]
                    yield RunOutputChunk(delta=event.data["delta"])
                    continue
            if event is None or event.kind in (RunPieceProduced.name, RunFinished.name):
                # A gap, a quiet spell or the end: the row says where the run is.
                run = await get_run(actor, run_id)
                delta = run.output[len(sent) :] if run.output.startswith(sent) else ""
                if run.status != RunStatus.RUNNING:
                    yield RunOutputChunk(delta=delta, done=True, run=run)
                    return
                if delta:
                    yield RunOutputChunk(delta=delta)
                sent, seq = run.output, run.last_seq
