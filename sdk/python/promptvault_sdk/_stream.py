"""The activation stream, GET /v1/stream: its Server-Sent Events read line by line, and the cached
prompts that each event makes out of date. Shared by both clients."""

from __future__ import annotations

import json
from dataclasses import dataclass

from promptvault_sdk._cache import PromptCache

# The server writes a keepalive every 15 s: a stream silent for longer is dead.
STREAM_READ_TIMEOUT_SECONDS = 45.0
# A key without runtime:read will not get one soon: ask again rarely.
STREAM_REFUSED_DELAY_SECONDS = 60.0
# The stream's event names (the server's `activation` and `rollout.started`, `rollout.promoted`,
# `rollout.rolled_back`) after which cached copies are asked for again.
ACTIVATION_EVENT = "activation"
ROLLOUT_EVENT_PREFIX = "rollout."


@dataclass
class SseEvent:
    event: str = "message"
    id: str | None = None
    data: str = ""


class SseParser:
    """Server-Sent Events, one line at a time (the text/event-stream format of the HTML spec)."""

    def __init__(self) -> None:
        self.last_event_id: str | None = None
        self._event = SseEvent()
        self._data: list[str] = []

    def feed(self, line: str) -> SseEvent | str | None:
        """An event when `line` ends one, a comment's text for a comment line, else None."""
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return line[1:].removeprefix(" ")
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            self._event.event = value
        elif name == "data":
            self._data.append(value)
        elif name == "id" and "\0" not in value:
            self._event.id = value
        return None

    def _dispatch(self) -> SseEvent | None:
        event, self._event = self._event, SseEvent()
        if event.id is not None:
            self.last_event_id = event.id
        if not self._data:
            return None
        event.data, self._data = "\n".join(self._data), []
        return event


def changes_prompts(event_name: str) -> bool:
    """True for the events after which cached copies of their (assetName, environment) are asked
    for again: an activation, and any rollout event."""
    return event_name == ACTIVATION_EVENT or event_name.startswith(ROLLOUT_EVENT_PREFIX)


def invalidated_by(event: SseEvent) -> tuple[str | None, str | None] | None:
    """The (assetName, environment) whose cached copies an event makes out of date; None
    stands for any. None when the event changes no prompt."""
    if not changes_prompts(event.event):
        return None
    try:
        data = json.loads(event.data)
    except ValueError:
        return (None, None)
    if not isinstance(data, dict):
        return (None, None)
    name, environment = data.get("assetName"), data.get("environment")
    return (
        name if isinstance(name, str) else None,
        environment if isinstance(environment, str) else None,
    )


def follow_stream(cache: PromptCache, parser: SseParser, line: str) -> bool:
    """Feeds one line of /v1/stream and invalidates what an event changed; True when the line
    says the stream is connected."""
    message = parser.feed(line)
    if message == "connected":
        if parser.last_event_id is None:
            # Nothing to resume from: whatever was cached before now may have changed.
            cache.invalidate(None, None)
        return True
    if isinstance(message, SseEvent) and (target := invalidated_by(message)) is not None:
        cache.invalidate(*target)
    return False
