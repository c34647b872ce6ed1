"""What the SDK sends and how it reads the answers, without doing any I/O: the runtime read and
the execution log batches, and the backoff between tries. Shared by both clients."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from promptvault_sdk._cache import CacheKey, PromptCache
from promptvault_sdk._prompt import Prompt
from promptvault_sdk.errors import PromptNotFound, ServerUnavailable

USER_AGENT = "promptvault-python"
TIMEOUT_SECONDS = 5.0
FLUSH_TIMEOUT_SECONDS = 10.0
STATUSES = ("SUCCESS", "ERROR")


def auth_headers(api_key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {api_key}", "user-agent": USER_AGENT}


def prompt_request(
    name: str, environment: str, key: str | None, etag: str | None
) -> tuple[str, dict[str, str], dict[str, str]]:
    """The path, query parameters and extra headers of GET /v1/prompts/{name}."""
    params = {"environment": environment}
    if key is not None:
        params["key"] = key
    headers = {"if-none-match": etag} if etag else {}
    return f"/v1/prompts/{quote(name, safe='')}", params, headers


def prompt_from_response(response: httpx.Response) -> Prompt | None:
    """The prompt of a 200, None for a 304; raises PromptNotFound or ServerUnavailable."""
    if response.status_code == 304:
        return None
    if response.status_code == 200:
        try:
            return Prompt.from_runtime(response.json(), response.headers.get("etag"))
        except (ValueError, KeyError, TypeError) as error:
            raise ServerUnavailable(f"unreadable runtime answer: {error!r}") from error
    message = _error_message(response)
    if response.status_code == 404:
        raise PromptNotFound(message)
    raise ServerUnavailable(f"{response.status_code}: {message}")


def accept_prompt_response(
    cache: PromptCache, key: CacheKey, response: httpx.Response, epoch: tuple[int, int]
) -> Prompt:
    """A fetch's answer into the cache: a 200's prompt is stored, a 304 renews the entry."""
    cache.stats.fetches += 1
    prompt = prompt_from_response(response)
    if prompt is None:
        cache.stats.not_modified += 1
        renewed = cache.renew(key, epoch)
        if renewed is None:
            raise ServerUnavailable("304 for a prompt that is no longer cached")
        return renewed
    cache.store(key, prompt, epoch)
    return prompt


def _error_message(response: httpx.Response) -> str:
    try:
        error = response.json()["error"]
        return f"{error['code']}: {error['message']}"
    except (ValueError, KeyError, TypeError):
        return response.text[:200] or response.reason_phrase


def execution_payload(
    *,
    version_id: str,
    latency_ms: float,
    input_tokens: int,
    output_tokens: int,
    cost: float,
    model: str | None,
    status: str,
    error: str | None,
    request_id: str | None,
    environment: str,
) -> dict[str, Any]:
    """One item of POST /v1/executions (ExecutionInput in camelCase); absent fields are left out."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}, not {status!r}")
    payload: dict[str, Any] = {
        "versionId": version_id,
        "environment": environment,
        "latencyMs": float(latency_ms),
        "inputTokens": int(input_tokens),
        "outputTokens": int(output_tokens),
        "cost": float(cost),
        "status": status,
    }
    optional = {"model": model, "error": error, "requestId": request_id}
    payload.update({name: value for name, value in optional.items() if value is not None})
    return payload


@dataclass(frozen=True)
class BatchOutcome:
    """What became of a batch: sent; one item rejected (the rest may go again); or retry later."""

    sent: bool = False
    rejected_index: int | None = None
    rejected_unknown: bool = False  # a 400 that names no index
    retry_after: float | None = None
    reason: str = ""


_INDEX = re.compile(r"\b(?:item|index|inputs?)\b\D{0,12}(\d+)", re.IGNORECASE)


def batch_outcome(response: httpx.Response) -> BatchOutcome:
    status = response.status_code
    if status in (200, 201, 202):
        return BatchOutcome(sent=True)
    reason = f"{status}: {_error_message(response)}"
    if status in (400, 422):
        index = _rejected_index(response)
        if index is None:
            return BatchOutcome(rejected_unknown=True, reason=reason)
        return BatchOutcome(rejected_index=index, reason=reason)
    return BatchOutcome(retry_after=_retry_after(response), reason=reason)


def _rejected_index(response: httpx.Response) -> int | None:
    try:
        error = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(error, dict):
        return None
    for name in ("index", "itemIndex"):
        if isinstance(error.get(name), int):
            return int(error[name])
    match = _INDEX.search(str(error.get("message", "")))
    return int(match.group(1)) if match else None


def _retry_after(response: httpx.Response) -> float | None:
    raw = response.headers.get("retry-after", "")
    try:
        return max(0.0, float(raw))
    except ValueError:
        return None


class Backoff:
    """Exponential delays with jitter, from `first` up to `ceiling`; reset after a success."""

    def __init__(self, first: float = 0.25, ceiling: float = 5.0) -> None:
        self.first = first
        self.ceiling = ceiling
        self._next = first

    def next_delay(self) -> float:
        delay = self._next
        self._next = min(self.ceiling, self._next * 2)
        return delay * random.uniform(0.8, 1.2)

    def reset(self) -> None:
        self._next = self.first
