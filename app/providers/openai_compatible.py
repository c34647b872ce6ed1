"""OpenAI's chat completions API, through the `openai` package: OpenAI, Azure OpenAI (its /openai/v1
API), Ollama, LM Studio, llama.cpp's server, vLLM and the like."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

import httpx2
import openai

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


class OpenAICompatibleClient(ProviderClient):
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
        # Every credential and address is given, so that the library reads none from the
        # server's environment (OPENAI_API_KEY, OPENAI_BASE_URL, ...): the operator's key must
        # never go to a tenant's server. The key goes in the client's own headers too, where it
        # replaces an Authorization of OPENAI_CUSTOM_HEADERS; never in a request's (which client
        # libraries log).
        self._sdk = openai.AsyncOpenAI(
            api_key=api_key or "unused",
            admin_api_key="",
            webhook_secret="",
            base_url=connection.base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            default_headers={"Authorization": f"Bearer {api_key}"} if api_key else None,
        )
        # What each request leaves out: what the library took from OPENAI_ORG_ID,
        # OPENAI_PROJECT_ID and OPENAI_CUSTOM_HEADERS, and for a keyless server (Ollama) any
        # Authorization at all.
        omitted = [
            *headers_from_environment("OPENAI_CUSTOM_HEADERS"),
            "OpenAI-Organization",
            "OpenAI-Project",
            *([] if api_key else ["Authorization"]),
        ]
        self._headers: dict[str, Any] = dict.fromkeys(omitted, openai.omit)

    async def list_models(self) -> list[str]:
        try:
            return sorted(
                {model.id async for model in self._sdk.models.list(extra_headers=self._headers)}
            )
        except openai.OpenAIError as error:
            raise self._translated(error, started=False) from error

    async def stream_chat(
        self, model: str | None, messages: list[ChatMessage], config: Mapping[str, Any]
    ) -> AsyncIterator[ChatPiece]:
        request = chat_request(self.model_or_default(model), messages, config)
        answer = _Answer()
        started = False
        try:
            stream = await self._sdk.chat.completions.create(
                **request,
                stream=True,
                stream_options={"include_usage": True},
                extra_headers=self._headers,
            )
            async with stream:
                async for chunk in stream:
                    started = True
                    if text := answer.take(chunk):
                        yield ChatPiece(text=text)
        except openai.OpenAIError as error:
            raise self._translated(error, started=started) from error
        if answer.stop_reason is None:  # the stream ended cleanly, but before the answer did
            raise ProviderError(
                Problem.STREAM_BROKEN, "the provider's answer broke off before its end"
            )
        yield answer.last_piece()

    def _translated(self, error: openai.OpenAIError, *, started: bool) -> ProviderError:
        known = translate(error, openai, key=self._key, started=started, timeout=self._timeout)
        return known or ProviderError(Problem.PROVIDER_FAILED, f"the provider failed: {error}")

    async def aclose(self) -> None:
        await self._sdk.close()


def chat_request(
    model: str, messages: list[ChatMessage], config: Mapping[str, Any]
) -> dict[str, Any]:
    """The chat completion request for a version's modelConfig: `maxTokens` is `max_tokens` (which
    every compatible server knows), `responseFormat` a strict `json_schema` response format."""
    request: dict[str, Any] = {
        "model": model,
        "messages": [{"role": m["role"], "content": m["content"]} for m in messages],
    }
    if "temperature" in config:
        request["temperature"] = config["temperature"]
    if "maxTokens" in config:
        request["max_tokens"] = config["maxTokens"]
    if "topP" in config:
        request["top_p"] = config["topP"]
    if config.get("stop"):
        request["stop"] = list(config["stop"])
    if config.get("tools"):
        request["tools"] = list(config["tools"])  # already OpenAI's shape
    if "responseFormat" in config:
        request["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "response", "schema": config["responseFormat"]},
        }
    return request


class _Answer:
    """What the chunks of one streamed answer add up to, beyond its text."""

    def __init__(self) -> None:
        self.stop_reason: str | None = None
        self.usage = Usage()
        self._tools: dict[int, dict[str, str]] = {}

    def take(self, chunk: Any) -> str:
        """Takes in a chunk; answers its text."""
        if chunk.usage is not None:
            self.usage = Usage(
                input_tokens=chunk.usage.prompt_tokens or 0,
                output_tokens=chunk.usage.completion_tokens or 0,
            )
        text = ""
        for choice in chunk.choices[:1]:  # one answer was asked for
            if choice.finish_reason:
                self.stop_reason = choice.finish_reason
            text = choice.delta.content or ""
            for call in choice.delta.tool_calls or []:
                tool = self._tools.setdefault(call.index, {"id": "", "name": "", "arguments": ""})
                tool["id"] = call.id or tool["id"]
                if call.function is not None:
                    tool["name"] += call.function.name or ""
                    tool["arguments"] += call.function.arguments or ""
        return text

    def last_piece(self) -> ChatPiece:
        calls = tuple(
            ToolCall(name=tool["name"], arguments=tool["arguments"], id=tool["id"] or None)
            for _, tool in sorted(self._tools.items())
        )
        return ChatPiece(
            done=True, usage=self.usage, stop_reason=self.stop_reason, tool_calls=calls
        )
