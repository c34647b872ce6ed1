"""One execution log as a client reports it, checked the same way whichever entry point took it.

POST /v1/executions hands raw JSON (camelCase, as DESIGN.md's public contract has it) to
`parse_record`; GraphQL builds the record from its typed input. Both then `check` it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.errors import BadUserInput
from app.telemetry.models import ExecutionStatus

MAX_BATCH = 1000
MAX_NAME_CHARS = 200
# Bounds far past any real call, so that statistics summed over millions of logs stay finite.
MAX_LATENCY_MS = 24 * 3600 * 1000.0
MAX_TOKENS = 100_000_000
MAX_COST = 1_000_000.0
FIELDS = frozenset(
    {
        "versionId",
        "environment",
        "requestId",
        "latencyMs",
        "inputTokens",
        "outputTokens",
        "cost",
        "model",
        "status",
        "error",
        "inputs",
        "output",
    }
)
STATUSES = {status.name: status for status in ExecutionStatus}


@dataclass(frozen=True)
class ExecutionRecord:
    version_id: str  # the version's global id
    latency_ms: float
    environment: str = "production"
    request_id: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float = 0.0
    model: str | None = None
    status: ExecutionStatus = ExecutionStatus.SUCCESS
    error: str | None = None
    inputs: Any = None
    output: str | None = None

    def check(self) -> None:
        """Refuses values no real call has; the message names the field."""
        if not 0 <= self.latency_ms <= MAX_LATENCY_MS:
            raise BadUserInput(
                f"latencyMs must be a number of milliseconds from 0 to {MAX_LATENCY_MS:.0f}"
            )
        if not 0 <= self.cost <= MAX_COST:
            raise BadUserInput(f"cost must be a number from 0 to {MAX_COST:.0f}")
        for name, tokens in (
            ("inputTokens", self.input_tokens),
            ("outputTokens", self.output_tokens),
        ):
            if not 0 <= tokens <= MAX_TOKENS:
                raise BadUserInput(f"{name} must be a whole number from 0 to {MAX_TOKENS}")
        for name, text in (("requestId", self.request_id), ("model", self.model)):
            if text is not None and len(text) > MAX_NAME_CHARS:
                raise BadUserInput(f"{name} must be at most {MAX_NAME_CHARS} characters")
        if not self.environment or len(self.environment) > 64:
            raise BadUserInput("environment must be the name of one of the tenant's environments")


def _number(raw: dict[str, Any], name: str, default: float | None) -> float:
    value = raw.get(name, default)
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        raise BadUserInput(f"{name} must be a number")
    return float(value)


def _whole(raw: dict[str, Any], name: str) -> int:
    value = raw.get(name, 0)
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadUserInput(f"{name} must be a whole number")
    return value


def _text(raw: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    value = raw.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise BadUserInput(
            f"{name} must be a string" if value is not None else f"{name} is missing"
        )
    return value


def parse_record(raw: object) -> ExecutionRecord:
    """A record from one item of a POST /v1/executions body."""
    if not isinstance(raw, dict):
        raise BadUserInput("an execution log must be a JSON object")
    unknown = sorted(set(raw) - FIELDS)
    if unknown:
        raise BadUserInput(f"unknown field '{unknown[0]}'")
    if "latencyMs" not in raw:
        raise BadUserInput("latencyMs is missing")
    status = raw.get("status", "SUCCESS")
    if not isinstance(status, str) or status not in STATUSES:
        raise BadUserInput("status must be SUCCESS or ERROR")
    return ExecutionRecord(
        version_id=_text(raw, "versionId", required=True) or "",
        latency_ms=_number(raw, "latencyMs", None),
        environment=_text(raw, "environment") or "production",
        request_id=_text(raw, "requestId"),
        input_tokens=_whole(raw, "inputTokens"),
        output_tokens=_whole(raw, "outputTokens"),
        cost=_number(raw, "cost", 0.0),
        model=_text(raw, "model"),
        status=STATUSES[status],
        error=_text(raw, "error"),
        inputs=raw.get("inputs"),
        output=_text(raw, "output"),
    )


def parse_batch(body: object) -> list[ExecutionRecord]:
    """One object or a list of them; a bad item refuses the batch, naming its index."""
    items = body if isinstance(body, list) else [body]
    if len(items) > MAX_BATCH:
        raise BadUserInput(f"a batch holds at most {MAX_BATCH} execution logs")
    records = []
    for index, item in enumerate(items):
        try:
            records.append(parse_record(item))
        except BadUserInput as error:
            raise item_error(index, error.message) from None
    return records


def item_error(index: int, message: str) -> BadUserInput:
    return BadUserInput(f"item {index}: {message}", index=index)
