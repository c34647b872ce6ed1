"""Making a prompt run's call: the "prompt_run.execute" job (main.py maps it in a lane of its
own), or inline for enhanceVersion (whose job only watches that it ends). The answer streams from
the provider; what arrived is written to the run's row and announced as pieces
(RunPieceProduced) at once for the first piece, then at most every FLUSH_SECONDS, so that a fast
model makes a few writes and NOTIFYs a second, not one per token. Between pieces the call looks
whether someone cancelled the run (the row's cancel_requested, set by any process); a long run
keeps its job's lock fresh, so that no worker takes it for abandoned.

A run's job is claimed again only when its worker stopped without ending it (the process died):
the run then ends FAILED, never left RUNNING, and is not called again (the model may have been
paid already)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import replace
from datetime import UTC, datetime
from uuid import UUID

from app.core.actor import Actor
from app.core.transactions import atomic
from app.jobs import queue
from app.jobs.models import Job
from app.providers.client import ChatMessage, ChatPiece, Problem, ProviderError, Usage
from app.providers.events import emit_finished, emit_pieces, piece_texts
from app.providers.models import PromptRun, ProviderConnection, RunStatus
from app.providers.service.connections import open_client
from app.providers.service.prices import cost_of
from app.providers.service.runs import CANCELLED
from app.settings import Settings, get_settings

logger = logging.getLogger("promptvault.runs")

FLUSH_SECONDS = 0.05
CANCEL_CHECK_SECONDS = 0.25
WORKER_LOST = "the worker stopped before the run finished"
SERVER_STOPPED = "the server stopped before the run finished"


async def execute_run(job: Job) -> None:
    """The job's handler: makes the run's call, unless the run has ended; or, if its job was
    claimed before (its worker died mid-run) or only watches a call made inline, ends the run
    FAILED."""
    run = await PromptRun.filter(id=UUID(job.payload["run_id"])).first()
    if run is None or run.status != RunStatus.RUNNING:
        return
    call = RunCall(run, job=job, settings=get_settings())
    try:
        if job.payload.get("watch_only"):
            await call.finish(RunStatus.FAILED, error=SERVER_STOPPED)
        elif job.attempts > 1:
            await call.finish(RunStatus.FAILED, error=WORKER_LOST)
        else:
            await call.make()
    except Exception:
        # The job is given up (it has one attempt): its run must not stay RUNNING.
        with contextlib.suppress(Exception):
            await call.finish(RunStatus.FAILED, error="the run failed unexpectedly")
        raise


class RunCall:
    """One run's call to its model, from the first request to the row's last write."""

    def __init__(self, run: PromptRun, *, job: Job | None, settings: Settings) -> None:
        self.run = run
        self.job = job
        self.settings = settings
        self.actor = replace(Actor.system(run.tenant_id), user_id=run.actor_id)
        self.output = run.output
        self.pending = ""
        self.seq = run.last_seq
        self.usage = Usage()
        self.started = time.perf_counter()
        self.first_piece_ms: float | None = None
        self.renew_seconds = settings.job_visibility_seconds / 4
        # Why the call's task is cancelled, if it is: the server stopping, or a time-out.
        self.interruption = SERVER_STOPPED

    async def make(self) -> None:
        """Streams the answer and ends the run, however the call ends."""
        try:
            ending = await self._stream()
        except ProviderError as error:
            ending = (RunStatus.FAILED, error.message)
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await asyncio.shield(self.finish(RunStatus.FAILED, error=self.interruption))
            raise
        except Exception as error:
            logger.exception("prompt run %s failed", self.run.id)
            ending = (RunStatus.FAILED, f"the run failed: {type(error).__name__}")
        if ending is not None:
            await self.finish(ending[0], error=ending[1])

    async def _stream(self) -> tuple[RunStatus, str | None] | None:
        """The run's ending; None when it ended elsewhere meanwhile."""
        if self.run.cancel_requested:
            return RunStatus.FAILED, CANCELLED
        connection = (
            await ProviderConnection.filter(id=self.run.connection_id).first()
            if self.run.connection_id
            else None
        )
        if connection is None:
            raise ProviderError(Problem.UNREACHABLE, "the run's connection was deleted")
        pieces: asyncio.Queue[ChatPiece | Exception] = asyncio.Queue()
        async with await open_client(connection, settings=self.settings) as client:
            messages: list[ChatMessage] = list(self.run.messages)

            async def read() -> None:
                try:
                    async for piece in client.stream_chat(
                        self.run.model, messages, self.run.model_settings
                    ):
                        pieces.put_nowait(piece)
                except Exception as error:
                    pieces.put_nowait(error)

            reader = asyncio.create_task(read())
            try:
                return await self._take(pieces)
            finally:
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await reader

    async def _take(
        self, pieces: asyncio.Queue[ChatPiece | Exception]
    ) -> tuple[RunStatus, str | None] | None:
        flush_at = 0.0
        looked_at = renewed_at = time.monotonic()
        while True:
            now = time.monotonic()
            wait = flush_at - now if self.pending else looked_at + CANCEL_CHECK_SECONDS - now
            try:
                piece = await asyncio.wait_for(pieces.get(), timeout=max(wait, 0.0))
            except TimeoutError:
                piece = None
            if isinstance(piece, Exception):
                raise piece
            if piece is not None and piece.done:
                self.usage = piece.usage or Usage()
                return RunStatus.SUCCEEDED, None
            now = time.monotonic()
            if piece is not None and piece.text:
                if self.first_piece_ms is None:
                    self.first_piece_ms = self._elapsed_ms()
                    flush_at = now  # the first piece goes out at once
                elif not self.pending:
                    flush_at = now + FLUSH_SECONDS
                self.pending += piece.text
            if self.pending and now >= flush_at:
                looked_at = now
                if not await self._flush():
                    return await self._stopped()
            elif not self.pending and now - looked_at >= CANCEL_CHECK_SECONDS:
                looked_at = now
                if await self._cancel_requested():
                    return RunStatus.FAILED, CANCELLED
            if self.job is not None and now - renewed_at >= self.renew_seconds:
                renewed_at = now
                await queue.renew(self.job)

    def _elapsed_ms(self) -> float:
        return round((time.perf_counter() - self.started) * 1000, 1)

    async def _flush(self) -> bool:
        """Writes the pending text to the run and announces it; False when the run was cancelled
        or ended meanwhile (then nothing is written)."""
        texts = piece_texts(self.pending)
        async with atomic():
            written = await PromptRun.filter(
                id=self.run.id, status=RunStatus.RUNNING, cancel_requested=False
            ).update(
                output=self.output + self.pending,
                last_seq=self.seq + len(texts),
                first_piece_ms=self.first_piece_ms,
            )
            if written:
                await emit_pieces(self.actor, self.run, texts, first_seq=self.seq + 1)
        if written:
            self.output += self.pending
            self.seq += len(texts)
            self.pending = ""
        return bool(written)

    async def _cancel_requested(self) -> bool:
        return await PromptRun.filter(id=self.run.id, cancel_requested=True).exists()

    async def _stopped(self) -> tuple[RunStatus, str | None] | None:
        """Why a write found the run changed: cancelled, or ended by someone else."""
        still_running = await PromptRun.filter(id=self.run.id, status=RunStatus.RUNNING).exists()
        return (RunStatus.FAILED, CANCELLED) if still_running else None

    async def finish(self, status: RunStatus, *, error: str | None) -> None:
        """Ends the run with what it produced (the text not yet announced goes out first), its
        usage and cost; announces its end, for subscribers and the execution log."""
        run = self.run
        run.status = status
        run.error = error
        run.output = self.output + self.pending
        texts = piece_texts(self.pending)
        run.last_seq = self.seq + len(texts)
        run.latency_ms = self._elapsed_ms()
        run.first_piece_ms = self.first_piece_ms
        run.input_tokens = self.usage.input_tokens
        run.output_tokens = self.usage.output_tokens
        run.cost = await cost_of(
            run.tenant_id,
            run.model,
            input_tokens=run.input_tokens,
            output_tokens=run.output_tokens,
        )
        run.finished_at = datetime.now(UTC)
        async with atomic():
            ended = await PromptRun.filter(id=run.id, status=RunStatus.RUNNING).update(
                status=run.status,
                error=run.error,
                output=run.output,
                last_seq=run.last_seq,
                latency_ms=run.latency_ms,
                first_piece_ms=run.first_piece_ms,
                input_tokens=run.input_tokens,
                output_tokens=run.output_tokens,
                cost=run.cost,
                finished_at=run.finished_at,
            )
            if ended:
                await emit_pieces(self.actor, run, texts, first_seq=self.seq + 1)
                await emit_finished(self.actor, run)
        self.output, self.pending, self.seq = run.output, "", run.last_seq


async def run_inline(run: PromptRun, *, settings: Settings, timeout: float) -> PromptRun:
    """Makes the run's call in this task (enhanceVersion waits for its answer), within
    `timeout` seconds; the run as it ended."""
    call = RunCall(run, job=None, settings=settings)
    task = asyncio.create_task(call.make())
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if not done:
        call.interruption = f"no answer within {timeout:g} s"
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return await PromptRun.get(id=run.id)
