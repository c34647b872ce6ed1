"""The SDK renders the cases of tests/render_cases.json as the server does: Prompt.render for a
prompt as the runtime API serves it; a prompt with includes through promptvault_sdk.rendering,
given the included prompts (Prompt.render leaves includes to the server)."""

from __future__ import annotations

from typing import Any

import pytest
from promptvault_sdk import Prompt, RenderError
from promptvault_sdk.rendering import Message, Template, render, render_messages

from tests.support.render_cases import RenderCase, render_cases


def _served(name: str, prompt: dict[str, Any]) -> Prompt:
    """The prompt as Prompt.from_runtime reads the runtime API's JSON."""
    payload = {
        "name": name,
        "environment": "production",
        "version": 1,
        "versionId": "QXNzZXRWZXJzaW9uOjE=",
        "format": prompt["format"],
        "body": prompt.get("body", ""),
        "messages": prompt.get("messages"),
        "variables": prompt["variables"],
        "modelConfig": {},
    }
    return Prompt.from_runtime(payload, etag='"case"')


def _template(name: str, prompt: dict[str, Any]) -> Template:
    messages = prompt.get("messages")
    return Template(
        name=name,
        body=prompt.get("body", ""),
        variables=prompt["variables"],
        messages=None if messages is None else [Message.from_json(m) for m in messages],
    )


def _rendered(case: RenderCase) -> str | list[dict[str, str]]:
    if not case.includes:
        return _served("case-prompt", case.prompt).render(**case.values)
    root = _template("case-prompt", case.prompt)
    included = {name: _template(name, prompt) for name, prompt in case.includes.items()}
    if root.is_chat:
        return render_messages(root, case.values, included)
    return render(root, case.values, included)


def _expected(case: RenderCase) -> str | list[dict[str, str]]:
    return case.expect["text"] if "text" in case.expect else case.expect["messages"]


@pytest.mark.parametrize("case", render_cases())
def test_the_sdk_renders_each_case_as_the_table_says(case: RenderCase) -> None:
    if case.error is None:
        assert _rendered(case) == _expected(case)
        return
    with pytest.raises(RenderError) as refused:
        _rendered(case)
    assert refused.value.variable == case.error["variable"]
    assert case.error["message"] in refused.value.message


@pytest.mark.parametrize("case", [c for c in render_cases() if c.values[0].includes])
def test_prompt_render_leaves_includes_to_the_server(case: RenderCase) -> None:
    with pytest.raises(RenderError, match="includes are resolved by the server"):
        _served("case-prompt", case.prompt).render(**case.values)
