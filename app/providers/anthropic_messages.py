"""Anthropic's Messages API, through the `anthropic` package."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

import anthropic
import httpx2

from app.providers.client import (
    ChatMessage,
    ChatPiece,
    Problem,
    ProviderClient,
    ProviderError,
    ToolCall,
    Usage,
    headers_from_environment,
)
from app.providers.models import ProviderConnection
from app.providers.sdk_errors import translate

# The Messages API needs a limit on the answer's length; a version without maxTokens gets this.
DEFAULT_MAX_TOKENS = 4096


class AnthropicClient(ProviderClient):
    def __init__(
        self,
        connection: ProviderConnection,
        *,
        api_key: str | None,
        http_client: httpx2.AsyncClient,
        timeout: float,
        max_retries: int,
    ) -> None:
        super().__init__(connection)
        self._key = api_key
        self._timeout = timeout
        # An explicit api_key (even "") keeps the library from the server's ANTHROPIC_API_KEY,
        # its profiles and workload identity; base_url from ANTHROPIC_BASE_URL. The key goes in
        # the client's own headers too, where it replaces an Authorization of
        # ANTHROPIC_CUSTOM_HEADERS; never in a request's (which the library logs).
        self._sdk = anthropic.AsyncAnthropic(
            api_key=api_key or "",
            webhook_key="",
            base_url=connection.base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            default_headers={"Authorization": f"Bearer {api_key}"} if api_key else None,
            open_telemetry=False,
        )
        # What each request leaves out: what ANTHROPIC_CUSTOM_HEADERS adds, and for a keyless
        # server any Authorization at all.
        omitted = [
            *headers_from_environment("ANTHROPIC_CUSTOM_HEADERS"),
            "X-Api-Key",
            *([] if api_key else ["Authorization"]),
        ]
        self._headers: dict[str, Any] = dict.fromkeys(omitted, anthropic.omit)

    async def list_models(self) -> list[str]:
        try:
            return sorted(
                {model.id async for model in self._sdk.models.list(extra_headers=self._headers)}
            )
        except anthropic.AnthropicError as error:
            raise self._translated(error, started=False) from error

    async def stream_chat(
        self, model: str | None, messages: list[ChatMessage], config: Mapping[str, Any]
    ) -> AsyncIterator[ChatPiece]:
        request, extra_body = messages_request(self.model_or_default(model), messages, config)
        answer = _Answer()
        started = False
        try:
            stream = await self._sdk.messages.create(
                **request, stream=True, extra_headers=self._headers, extra_body=extra_body or None
            )
            async with stream:
                async for event in stream:
                    started = True
                    if text := answer.take(event):
                        yield ChatPiece(text=text)
        except anthropic.AnthropicError as error:
            raise self._translated(error, started=started) from error
        if not answer.stopped:  # the stream ended cleanly, but before message_stop
            raise ProviderError(
                Problem.STREAM_BROKEN, "the provider's answer broke off before its end"
            )
        yield answer.last_piece()

    def _translated(self, error: anthropic.AnthropicError, *, started: bool) -> ProviderError:
        known = translate(error, anthropic, key=self._key, started=started, timeout=self._timeout)
        return known or ProviderError(Problem.PROVIDER_FAILED, f"the provider failed: {error}")

    async def aclose(self) -> None:
        await self._sdk.close()


def messages_request(
    model: str, messages: list[ChatMessage], config: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The Messages request for a version's modelConfig, and what goes in its body beyond the
    library's parameters. System messages become `system`; tool messages (the API has no such
    role) are sent as the user's. The library no longer names `temperature` and `top_p` (recent
    models refuse them), so a version that sets them sends them as they are."""
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    request: dict[str, Any] = {
        "model": model,
        "max_tokens": config.get("maxTokens") or DEFAULT_MAX_TOKENS,
        "messages": [
            {"role": "assistant" if m["role"] == "assistant" else "user", "content": m["content"]}
            for m in messages
            if m["role"] != "system"
        ],
    }
    if system:
        request["system"] = system
    if config.get("stop"):
        request["stop_sequences"] = list(config["stop"])
    if config.get("tools"):
        request["tools"] = [
            {
                "name": tool["function"]["name"],
                "description": tool["function"].get("description", ""),
                "input_schema": tool["function"].get("parameters")
                or {"type": "object", "properties": {}},
            }
            for tool in config["tools"]
        ]
    if "responseFormat" in config:
        request["output_config"] = {
            "format": {"type": "json_schema", "schema": config["responseFormat"]}
        }
    extra_body = {
        name: config[key]
        for key, name in (("temperature", "temperature"), ("topP", "top_p"))
        if key in config
    }
    return request, extra_body


class _Answer:
    """What the events of one streamed message add up to, beyond its text."""

    def __init__(self) -> None:
        self.stopped = False
        self.stop_reason: str | None = None
        self._input_tokens = 0
        self._output_tokens = 0
        self._tools: dict[int, dict[str, str]] = {}

    def take(self, event: Any) -> str:
        """Takes in an event; answers its text."""
        if event.type == "message_start":
            self._input_tokens = event.message.usage.input_tokens or 0
        elif event.type == "content_block_start" and event.content_block.type == "tool_use":
            block = event.content_block
            self._tools[event.index] = {"id": block.id, "name": block.name, "arguments": ""}
        elif event.type == "content_block_delta":
            if event.delta.type == "text_delta":
                return str(event.delta.text)
            if event.delta.type == "input_json_delta" and event.index in self._tools:
                self._tools[event.index]["arguments"] += event.delta.partial_json
        elif event.type == "message_delta":
            self.stop_reason = event.delta.stop_reason
            self._output_tokens = event.usage.output_tokens or 0
            self._input_tokens = event.usage.input_tokens or self._input_tokens
        elif event.type == "message_stop":
            self.stopped = True
        return ""

    def last_piece(self) -> ChatPiece:
        calls = tuple(
            ToolCall(name=tool["name"], arguments=tool["arguments"] or "{}", id=tool["id"])
            for _, tool in sorted(self._tools.items())
        )
        return ChatPiece(
            done=True,
            usage=Usage(input_tokens=self._input_tokens, output_tokens=self._output_tokens),
            stop_reason=self.stop_reason,
            tool_calls=calls,
        )
