"""The events of prompt runs: the pieces of an answer as it streams, and the run's end."""

from __future__ import annotations

import json

from app.core.actor import Actor
from app.core.events import RunFinished, RunPieceProduced, emit
from app.core.ids import encode_id
from app.providers.models import PromptRun

# A piece crosses processes in a PostgreSQL NOTIFY, whose payload must stay under 8,000 bytes:
# a longer batch of text goes as several pieces, each at most this long as JSON.
MAX_PIECE_JSON = 4000
MAX_ERROR_CHARS = 1000


def piece_texts(text: str) -> list[str]:
    """`text` cut into pieces that each fit in an event (non-ASCII characters take up to 12
    bytes of JSON: cut by measure, not by count)."""
    pieces: list[str] = []
    while text:
        size = min(len(text), MAX_PIECE_JSON)
        while len(json.dumps(text[:size])) > MAX_PIECE_JSON:
            size //= 2
        pieces.append(text[:size])
        text = text[size:]
    return pieces


async def emit_pieces(actor: Actor, run: PromptRun, texts: list[str], *, first_seq: int) -> None:
    run_id = encode_id("PromptRun", run.id)
    for seq, text in enumerate(texts, start=first_seq):
        await emit(actor, RunPieceProduced(run_id=run_id, seq=seq, delta=text))


async def emit_finished(actor: Actor, run: PromptRun) -> None:
    await emit(
        actor,
        RunFinished(
            run_id=encode_id("PromptRun", run.id),
            version_id=encode_id("AssetVersion", run.version_id) if run.version_id else None,
            status=run.status.name,
            model=run.model,
            input_tokens=run.input_tokens,
            output_tokens=run.output_tokens,
            cost=run.cost,
            latency_ms=run.latency_ms or 0.0,
            error=run.error[:MAX_ERROR_CHARS] if run.error else None,
        ),
    )
