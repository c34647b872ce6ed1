"""A version of a prompt as the runtime API serves it, rendered offline by the strict renderer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from promptvault_sdk.errors import RenderError
from promptvault_sdk.rendering import Message, Template, includes_of, render, render_messages


@dataclass(frozen=True, slots=True)
class Prompt:
    """A version of a prompt as the runtime API serves it; a fallback has `version` None.
    `format` is "text" (the `body` renders) or "chat" (the `messages` render, each
    `{"role", "content", "placeholder"}` with a lowercase role)."""

    name: str
    environment: str
    version: int | None
    version_id: str | None
    body: str
    variables: dict[str, Any] = field(default_factory=dict)
    model_config: dict[str, Any] = field(default_factory=dict)
    etag: str | None = None
    format: str = "text"
    messages: list[dict[str, Any]] | None = None

    @property
    def is_fallback(self) -> bool:
        return self.version is None

    def render(self, **variables: Any) -> str | list[dict[str, str]]:
        """Fills the `{{ variable }}` placeholders strictly (a missing, unknown or ill-typed
        variable raises): the body of a text prompt, as a string; for a chat prompt, each
        message's content, as a list of `{"role", "content"}` where each placeholder message is
        replaced by the list of `{"role", "content"}` given under its name. Includes
        (`{{> other}}`) are resolved by the server only."""
        template = self._template()
        if names := includes_of(template):
            raise RenderError(
                f"'{self.name}' includes {', '.join(names)}: includes are resolved by the server"
                " (renderPrompt), not by Prompt.render"
            )
        if template.is_chat:
            return render_messages(template, variables)
        return render(template, variables)

    def _template(self) -> Template:
        if self.format != "chat":
            return Template(self.name, self.body, self.variables)
        messages = [Message.from_json(message) for message in self.messages or []]
        return Template(self.name, self.body, self.variables, messages)

    @classmethod
    def from_runtime(cls, payload: dict[str, Any], etag: str | None) -> Prompt:
        return cls(
            name=payload["name"],
            environment=payload["environment"],
            version=payload["version"],
            version_id=payload["versionId"],
            body=payload["body"],
            variables=payload.get("variables") or {},
            model_config=payload.get("modelConfig") or {},
            etag=etag or payload.get("etag"),
            format=payload.get("format") or "text",
            messages=payload.get("messages"),
        )

    @classmethod
    def fallback(cls, name: str, environment: str, body: str) -> Prompt:
        return cls(name=name, environment=environment, version=None, version_id=None, body=body)
