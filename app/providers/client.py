"""Talking to a model provider: the interface that runs, enhancement and connection checks use,
whatever the provider speaks.

    async with open_connection(actor, settings=settings, connection_id=id) as client:
        models = await client.list_models()
        async for piece in client.stream_chat(None, messages, model_config):
            if piece.done:
                record(piece.usage, piece.stop_reason, piece.tool_calls)
            else:
                show(piece.text)

(`open_connection` is in service/connections.py: it finds the connection the actor may use and
opens it.)

- `messages` are `{"role", "content"}` with roles `system`, `user`, `assistant`, `tool`: what
  rendering a version gives.
- `config` is a version's modelConfig; the keys a provider understands (`temperature`,
  `maxTokens`, `topP`, `stop`, `tools`, `responseFormat`) go into its request, the others
  (`provider`, `model`) are not sent.
- A stream yields text pieces as the provider sends them, then exactly one last piece with
  `done=True`, the usage (0 tokens when the server reports none), why it stopped and any tool
  calls. A failure at any point, before or during the stream, raises `ProviderError`, whose
  message is fit to show the user; nothing else escapes (but cancellation).
- Time-outs (each wait for an answer or a piece) and retries (on a time-out, a lost connection,
  429 and 5xx, with backoff, before a stream starts) come from the provider's client library,
  set by PROMPTVAULT_PROVIDER_TIMEOUT_SECONDS and PROMPTVAULT_PROVIDER_MAX_RETRIES.
- Every request goes to an address of the base URL's host that was checked against the
  outbound rules (app/core/outbound.py) when the client was opened (pinned_transport.py).
"""

from __future__ import annotations

import enum
import os
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from app.core.errors import PromptvaultError
from app.providers.models import ProviderConnection

# {"role": "system" | "user" | "assistant" | "tool", "content": "..."}
ChatMessage = Mapping[str, str]


class Problem(enum.StrEnum):
    """What went wrong in a call to a provider; `ProviderError.problem` and its extensions."""

    KEY_REFUSED = "KEY_REFUSED"  # 401 or 403
    RATE_LIMITED = "RATE_LIMITED"  # 429, still after the retries
    TIMED_OUT = "TIMED_OUT"
    UNREACHABLE = "UNREACHABLE"  # no connection, or it was lost before an answer
    STREAM_BROKEN = "STREAM_BROKEN"  # the answer stopped before its end
    REQUEST_REFUSED = "REQUEST_REFUSED"  # another 4xx: an unknown model, a bad setting
    PROVIDER_FAILED = "PROVIDER_FAILED"  # 5xx, still after the retries, or a garbled answer
    KEY_UNREADABLE = "KEY_UNREADABLE"  # sealed under another secret key
    ADDRESS_REFUSED = "ADDRESS_REFUSED"  # the base URL's host is private now, and not local
    NO_MODEL = "NO_MODEL"  # none named, and the connection has no default


# The codes clients see; what is not the caller's to fix is still BAD_USER_INPUT, with the
# problem saying more (the contract's codes are a closed list).
_CODES = {Problem.RATE_LIMITED: "RATE_LIMITED"}


class ProviderError(PromptvaultError):
    def __init__(self, problem: Problem, message: str) -> None:
        self.code = _CODES.get(problem, "BAD_USER_INPUT")
        super().__init__(message, problem=problem.value)
        self.problem = problem


@dataclass(frozen=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0


@dataclass(frozen=True)
class ToolCall:
    """A call of one of the config's tools that the model asks for; `arguments` is its JSON."""

    name: str
    arguments: str
    id: str | None = None


@dataclass(frozen=True)
class ChatPiece:
    """A piece of a streamed answer: text as it comes; the last one has `done` and the rest."""

    text: str = ""
    done: bool = False
    usage: Usage | None = None
    stop_reason: str | None = None
    tool_calls: tuple[ToolCall, ...] = field(default=())


def headers_from_environment(variable: str) -> list[str]:
    """The names of the headers that a client library adds to every request from this variable
    of the server's environment (OPENAI_CUSTOM_HEADERS: `Name: value` lines), so that requests can
    omit them: the operator's headers are not for a tenant's server. Authorization is left out:
    the key given to the client replaces it."""
    lines = os.environ.get(variable, "").splitlines()
    names = [line.split(":", 1)[0].strip() for line in lines if ":" in line]
    return [name for name in names if name.lower() != "authorization"]


class ProviderClient(ABC):
    """One open connection to a provider; close it (or use it with `async with`)."""

    def __init__(self, connection: ProviderConnection) -> None:
        self.connection = connection

    @abstractmethod
    async def list_models(self) -> list[str]:
        """The ids of the models the server offers, sorted."""

    @abstractmethod
    def stream_chat(
        self, model: str | None, messages: list[ChatMessage], config: Mapping[str, Any]
    ) -> AsyncIterator[ChatPiece]:
        """Asks `model` (None: the connection's default model) for the next message."""

    @abstractmethod
    async def aclose(self) -> None: ...

    def model_or_default(self, model: str | None) -> str:
        chosen = model or self.connection.default_model
        if not chosen:
            raise ProviderError(
                Problem.NO_MODEL,
                f"name a model: the connection '{self.connection.name}' has no default model",
            )
        return chosen

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
