"""The render cases of tests/render_cases.json, which the server's renderPrompt and every SDK's
render must answer alike."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CASES_FILE = Path(__file__).resolve().parents[1] / "render_cases.json"


@dataclass(frozen=True)
class RenderCase:
    name: str
    prompt: dict[str, Any]  # format, body or messages (lowercase roles), variables
    includes: dict[str, dict[str, Any]]  # the prompts it includes, by asset name
    values: dict[str, Any]
    expect: dict[str, Any]  # {"text"}, {"messages"} or {"error": {"variable", "message"}}

    @property
    def error(self) -> dict[str, Any] | None:
        error: dict[str, Any] | None = self.expect.get("error")
        return error


def render_cases() -> list[Any]:
    """The cases as pytest parameters, each with its name as its id."""
    table = json.loads(CASES_FILE.read_text())
    return [
        pytest.param(
            RenderCase(
                name=case["name"],
                prompt=case["prompt"],
                includes=case.get("includes", {}),
                values=case["values"],
                expect=case["expect"],
            ),
            id=case["name"],
        )
        for case in table["cases"]
    ]
