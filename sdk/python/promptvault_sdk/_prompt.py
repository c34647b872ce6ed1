"""A version of a prompt as the runtime API serves it, rendered offline by the strict renderer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from promptvault_sdk.errors import RenderError
from promptvault_sdk.rendering import Template, includes, render


@dataclass(frozen=True, slots=True)
class Prompt:
    """A version of a prompt as the runtime API serves it; a fallback has `version` None."""

    name: str
    environment: str
    version: int | None
    version_id: str | None
    body: str
    variables: dict[str, Any] = field(default_factory=dict)
    model_config: dict[str, Any] = field(default_factory=dict)
    etag: str | None = None

    @property
    def is_fallback(self) -> bool:
        return self.version is None

    def render(self, **variables: Any) -> str:
        """Fills the body's `{{ variable }}` placeholders strictly: a missing, unknown or
        ill-typed variable raises. Includes (`{{> other}}`) are resolved by the server only."""
        if names := includes(self.body):
            raise RenderError(
                f"'{self.name}' includes {', '.join(names)}: includes are resolved by the server"
                " (renderPrompt), not by Prompt.render"
            )
        return render(Template(self.name, self.body, self.variables), variables)

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
        )

    @classmethod
    def fallback(cls, name: str, environment: str, body: str) -> Prompt:
        return cls(name=name, environment=environment, version=None, version_id=None, body=body)
