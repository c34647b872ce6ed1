"""renderPrompt answers each case of tests/render_cases.json as the table says: the same table
that the SDKs' render reads."""

from __future__ import annotations

import pytest

from tests.support.chat_prompts import RENDER, live, lowercase_roles
from tests.support.graphql import TenantHandle
from tests.support.render_cases import RenderCase, render_cases


@pytest.mark.parametrize("case", render_cases())
async def test_render_prompt_renders_each_case_as_the_table_says(
    tenant: TenantHandle, case: RenderCase
) -> None:
    for name, included in case.includes.items():
        await live(tenant, included, name=name)
    prompt = await live(tenant, case.prompt)

    result = await tenant.gql(
        RENDER, {"name": prompt.name, "environment": "staging", "variables": case.values}
    )

    if case.error is not None:
        assert result.code == "BAD_USER_INPUT", result.errors
        error = result.errors[0]
        assert error["extensions"].get("variable") == case.error["variable"]
        assert case.error["message"] in error["message"]
        return
    rendered = result.ok()["renderPrompt"]
    if "text" in case.expect:
        assert (rendered["text"], rendered["messages"]) == (case.expect["text"], None)
    else:
        assert lowercase_roles(rendered["messages"]) == case.expect["messages"]
        assert rendered["version"]["format"] == "CHAT"
