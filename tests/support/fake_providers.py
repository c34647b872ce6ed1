"""Fake model providers: real HTTP servers on 127.0.0.1, each in a thread of its own, speaking
OpenAI's chat completions API or Anthropic's Messages API the way the real ones do on the wire
(GET /v1/models; a chat answer streamed as Server-Sent Events in chunked HTTP, usage at its end).

    with running_fake_provider("openai", key="sk-test-...") as fake:
        fake.url              # the base URL a connection takes (…/v1 for OpenAI, as its docs say)
        fake.models = [...]   # what GET /v1/models lists
        fake.answer = [...]   # the pieces a chat answer streams
        fake.usage = (12, 3)  # (input tokens, output tokens) it reports
        fake.tool_call = ("lookup", '{"q": "x"}')  # also ask for a tool call, at the end
        fake.requests         # every request: method, path, headers (lower-case names), json

A request without the right key (Authorization: Bearer, or x-api-key for Anthropic) gets 401 with
the provider's error JSON. On demand, the next requests misbehave, in the order asked:
`rate_limit(times)` answers 429 with Retry-After; `stall(seconds, times, after_pieces)` waits
before answering (or, with after_pieces, in the middle of the stream); `hold(after_pieces, times)`
stops in the middle of the stream until `release()` (or the fake's end); `drop_stream(after_pieces)`
cuts the connection in the middle of the stream; `end_stream_early(after_pieces)` ends the
stream cleanly but without its last events ([DONE], message_stop).

`shared_fake_provider(kind)` is one fake per kind for the whole test session, for tests that only
need something to answer (the role table)."""

from __future__ import annotations

import json
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

Kind = Literal["openai", "anthropic"]
# One Server-Sent Event, and whether it carries a piece of the answer's text.
_Event = tuple[bytes, bool]
CREATED = 1_764_000_000


@dataclass(frozen=True)
class ProviderRequest:
    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    json: Any

    @property
    def key(self) -> str | None:
        """The key the request carried, in either header."""
        bearer = self.headers.get("authorization", "")
        if bearer.startswith("Bearer "):
            return bearer.removeprefix("Bearer ")
        return self.headers.get("x-api-key")


@dataclass
class _Mishap:
    what: Literal["rate_limit", "stall", "hold", "drop", "end_early"]
    seconds: float = 0.0
    after_pieces: int | None = None
    retry_after_ms: int = 10


@dataclass
class FakeProvider:
    kind: Kind
    key: str | None
    url: str = ""
    models: list[str] = field(default_factory=lambda: ["fake-large", "fake-small"])
    answer: list[str] = field(default_factory=lambda: ["Hello", ", ", "world", "."])
    usage: tuple[int, int] = (12, 4)
    tool_call: tuple[str, str] | None = None
    requests: list[ProviderRequest] = field(default_factory=list)
    _mishaps: list[_Mishap] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _closing: threading.Event = field(default_factory=threading.Event)
    _released: threading.Event = field(default_factory=threading.Event)

    def rate_limit(self, times: int = 1, *, retry_after_ms: int = 10) -> None:
        with self._lock:
            self._mishaps += [_Mishap("rate_limit", retry_after_ms=retry_after_ms)] * times

    def stall(self, seconds: float, *, times: int = 1, after_pieces: int | None = None) -> None:
        with self._lock:
            self._mishaps += [_Mishap("stall", seconds=seconds, after_pieces=after_pieces)] * times

    def hold(self, *, after_pieces: int = 1, times: int = 1) -> None:
        with self._lock:
            self._released.clear()
            self._mishaps += [_Mishap("hold", after_pieces=after_pieces)] * times

    def release(self) -> None:
        """Lets every held stream go on."""
        self._released.set()

    def drop_stream(self, *, after_pieces: int = 1) -> None:
        with self._lock:
            self._mishaps.append(_Mishap("drop", after_pieces=after_pieces))

    def end_stream_early(self, *, after_pieces: int = 1) -> None:
        with self._lock:
            self._mishaps.append(_Mishap("end_early", after_pieces=after_pieces))

    def chat_requests(self) -> list[ProviderRequest]:
        path = "/v1/chat/completions" if self.kind == "openai" else "/v1/messages"
        return [request for request in self.requests if request.path == path]

    def _take(self, request: ProviderRequest) -> _Mishap | None:
        with self._lock:
            self.requests.append(request)
            return self._mishaps.pop(0) if self._mishaps else None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(_ProviderHandler):
            provider = fake

        return Handler


class _ProviderHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    provider: FakeProvider

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _serve(self) -> None:
        fake = self.provider
        length = int(self.headers.get("content-length", 0))
        raw = self.rfile.read(length) if length else b""
        request = ProviderRequest(
            method=self.command,
            path=self.path.split("?", 1)[0],
            headers={name.lower(): value for name, value in self.headers.items()},
            json=json.loads(raw) if raw else None,
        )
        mishap = fake._take(request)
        if fake.key is not None and request.key != fake.key:
            return self._error(401, "authentication_error", "invalid x-api-key", "invalid_api_key")
        if mishap is not None and mishap.what == "rate_limit":
            headers = {
                "retry-after-ms": str(mishap.retry_after_ms),
                "retry-after": str(max(1, mishap.retry_after_ms // 1000)),
            }
            return self._error(429, "rate_limit_error", "Rate limit reached", None, headers)
        if mishap is not None and mishap.what == "stall" and mishap.after_pieces is None:
            if fake._closing.wait(mishap.seconds):
                return
        if request.path == "/v1/models" and request.method == "GET":
            return self._json(200, _models_page(fake))
        chat_path = "/v1/chat/completions" if fake.kind == "openai" else "/v1/messages"
        if request.path != chat_path or request.method != "POST":
            return self._error(404, "not_found_error", f"no route {request.path}", None)
        body = request.json or {}
        if not body.get("stream"):
            return self._json(200, _whole_answer(fake, body))
        events = _openai_events(fake, body) if fake.kind == "openai" else _anthropic_events(fake)
        self._stream(events, mishap)

    def _stream(self, events: list[_Event], mishap: _Mishap | None) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        pieces_sent = 0
        for event, is_piece in events:
            if is_piece and mishap is not None and mishap.after_pieces == pieces_sent:
                if mishap.what == "drop":  # cut the connection inside the chunked body
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                if mishap.what == "end_early":
                    break
                if mishap.what == "stall" and self.provider._closing.wait(mishap.seconds):
                    return
                if mishap.what == "hold":
                    while not self.provider._released.wait(0.05):
                        if self.provider._closing.is_set():
                            return
            self._chunk(event)
            pieces_sent += is_piece
        self.wfile.write(b"0\r\n\r\n")  # the chunked body's proper end
        self.wfile.flush()

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _error(
        self,
        status: int,
        anthropic_type: str,
        message: str,
        openai_code: str | None,
        headers: dict[str, str] | None = None,
    ) -> None:
        if self.provider.kind == "anthropic":
            payload: dict[str, Any] = {
                "type": "error",
                "error": {"type": anthropic_type, "message": message},
            }
        else:
            payload = {
                "error": {
                    "message": message,
                    "type": "invalid_request_error" if status == 401 else "requests",
                    "param": None,
                    "code": openai_code,
                }
            }
        self._json(status, payload, headers)


def _models_page(fake: FakeProvider) -> dict[str, Any]:
    if fake.kind == "openai":
        return {
            "object": "list",
            "data": [
                {"id": model, "object": "model", "created": CREATED, "owned_by": "fake"}
                for model in fake.models
            ],
        }
    return {
        "data": [
            {
                "type": "model",
                "id": model,
                "display_name": model,
                "created_at": "2025-11-24T00:00:00Z",
            }
            for model in fake.models
        ],
        "has_more": False,
        "first_id": fake.models[0] if fake.models else None,
        "last_id": fake.models[-1] if fake.models else None,
    }


def _sse(data: dict[str, Any], event: str | None = None) -> bytes:
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {json.dumps(data)}\n\n".encode()


def _anthropic(data: dict[str, Any]) -> _Event:
    """An event of the Messages stream, named by its type as Anthropic names them."""
    is_piece = data["type"] == "content_block_delta" and data["delta"]["type"] == "text_delta"
    return _sse(data, data["type"]), is_piece


def _openai_events(fake: FakeProvider, body: dict[str, Any]) -> list[_Event]:
    with_usage = bool((body.get("stream_options") or {}).get("include_usage"))

    def chunk(choices: list[dict[str, Any]], usage: dict[str, int] | None = None) -> _Event:
        data: dict[str, Any] = {
            "id": "chatcmpl-fake",
            "object": "chat.completion.chunk",
            "created": CREATED,
            "model": body.get("model"),
            "choices": choices,
        }
        if with_usage:
            data["usage"] = usage
        is_piece = bool(choices and choices[0]["delta"].get("content"))
        return _sse(data), is_piece

    def delta(content: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {"index": 0, "delta": content, "logprobs": None, "finish_reason": finish}

    events = [chunk([delta({"role": "assistant", "content": ""})])]
    events += [chunk([delta({"content": piece})]) for piece in fake.answer]
    finish = "stop"
    if fake.tool_call is not None:
        name, arguments = fake.tool_call
        call = {"index": 0, "id": "call_fake", "type": "function"}
        events.append(chunk([delta({"tool_calls": [{**call, "function": {"name": name}}]})]))
        events.append(
            chunk([delta({"tool_calls": [{"index": 0, "function": {"arguments": arguments}}]})])
        )
        finish = "tool_calls"
    events.append(chunk([delta({}, finish)]))
    if with_usage:
        prompt, completion = fake.usage
        usage = {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        }
        events.append(chunk([], usage))
    events.append((b"data: [DONE]\n\n", False))
    return events


def _anthropic_events(fake: FakeProvider) -> list[_Event]:
    input_tokens, output_tokens = fake.usage
    message = {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": "fake",
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {"input_tokens": input_tokens, "output_tokens": 1},
    }
    text_block = {"type": "text", "text": ""}
    events = [
        _anthropic({"type": "message_start", "message": message}),
        _anthropic({"type": "content_block_start", "index": 0, "content_block": text_block}),
        _anthropic({"type": "ping"}),
    ]
    events += [
        _anthropic(
            {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": t}}
        )
        for t in fake.answer
    ]
    events.append(_anthropic({"type": "content_block_stop", "index": 0}))
    stop_reason = "end_turn"
    if fake.tool_call is not None:
        name, arguments = fake.tool_call
        tool_block = {"type": "tool_use", "id": "toolu_fake", "name": name, "input": {}}
        json_delta = {"type": "input_json_delta", "partial_json": arguments}
        events += [
            _anthropic({"type": "content_block_start", "index": 1, "content_block": tool_block}),
            _anthropic({"type": "content_block_delta", "index": 1, "delta": json_delta}),
            _anthropic({"type": "content_block_stop", "index": 1}),
        ]
        stop_reason = "tool_use"
    last_delta = {"stop_reason": stop_reason, "stop_sequence": None}
    usage = {"output_tokens": output_tokens}
    events += [
        _anthropic({"type": "message_delta", "delta": last_delta, "usage": usage}),
        _anthropic({"type": "message_stop"}),
    ]
    return events


def _whole_answer(fake: FakeProvider, body: dict[str, Any]) -> dict[str, Any]:
    text = "".join(fake.answer)
    input_tokens, output_tokens = fake.usage
    if fake.kind == "openai":
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": CREATED,
            "model": body.get("model"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": input_tokens,
                "completion_tokens": output_tokens,
                "total_tokens": input_tokens + output_tokens,
            },
        }
    return {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": body.get("model"),
        "content": [{"type": "text", "text": text}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens},
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that gave up waiting
            super().handle_error(request, client_address)


@contextmanager
def running_fake_provider(kind: Kind, *, key: str | None = None) -> Iterator[FakeProvider]:
    fake = FakeProvider(kind=kind, key=key)
    server = _Server(("127.0.0.1", 0), fake._handler())
    port = server.server_address[1]
    # OpenAI's clients take the base URL with /v1; Anthropic's without (it asks for /v1/...).
    fake.url = f"http://127.0.0.1:{port}" + ("/v1" if kind == "openai" else "")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake._closing.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


_shared: dict[Kind, FakeProvider] = {}
# Held so that the servers live on: a context manager that is collected runs its `finally`.
_shared_contexts: list[AbstractContextManager[FakeProvider]] = []
_shared_lock = threading.Lock()


def shared_fake_provider(kind: Kind) -> FakeProvider:
    """One keyless fake of this kind for the whole session, started at first use; tests that
    share it must not change its behaviour."""
    with _shared_lock:
        if kind not in _shared:
            context = running_fake_provider(kind)
            _shared[kind] = context.__enter__()  # ends with the process (a daemon thread)
            _shared_contexts.append(context)
        return _shared[kind]
