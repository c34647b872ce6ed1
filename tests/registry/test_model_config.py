"""A version's model configuration is checked key by key wherever a version is created
(createVersion, cloneAsset): an unknown key or a bad value is BAD_USER_INPUT naming the key."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.chat_prompts import CREATE_VERSION, new_asset
from tests.support.graphql import TenantHandle
from tests.support.typed_prompts import CLONE

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The weather in a city",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}
FULL = {
    "provider": "openai-prod",
    "model": "gpt-4o-mini",
    "temperature": 0.7,
    "maxTokens": 512,
    "topP": 1,
    "stop": ["\n\n", "END"],
    "tools": [WEATHER_TOOL],
    "responseFormat": {
        "type": "object",
        "properties": {"answer": {"type": "string"}},
        "required": ["answer"],
    },
}


def _tool(**function: Any) -> dict[str, Any]:
    return {"type": "function", "function": {**WEATHER_TOOL["function"], **function}}


async def _create(tenant: TenantHandle, config: Any) -> Any:
    asset_id, _ = await new_asset(tenant)
    input = {"body": "Hi {{ name }}", "modelConfig": config}
    return await tenant.gql(CREATE_VERSION, {"assetId": asset_id, "input": input})


async def test_every_setting_is_kept_as_given(tenant: TenantHandle) -> None:
    result = await _create(tenant, FULL)

    assert result.ok()["createVersion"]["modelConfig"] == FULL


@pytest.mark.parametrize(
    ("config", "key", "words"),
    [
        ({"temperatur": 0.2}, "temperatur", "is not a setting: use provider, model, temperature"),
        ({"max_tokens": 10}, "max_tokens", "is not a setting"),
        ({"temperature": 2.5}, "temperature", "must be between 0 and 2"),
        ({"temperature": -0.1}, "temperature", "must be between 0 and 2"),
        ({"temperature": "hot"}, "temperature", "must be between 0 and 2"),
        ({"temperature": True}, "temperature", "must be between 0 and 2"),
        ({"topP": 1.5}, "topP", "must be between 0 and 1"),
        ({"maxTokens": 0}, "maxTokens", "must be a whole number of at least 1"),
        ({"maxTokens": 12.5}, "maxTokens", "must be a whole number of at least 1"),
        ({"model": ""}, "model", "must be a non-empty string"),
        ({"model": 4}, "model", "must be a non-empty string"),
        ({"provider": ["a"]}, "provider", "must be a non-empty string"),
        ({"stop": ["a", "b", "c", "d", "e"]}, "stop", "a list of at most 4 strings"),
        ({"stop": "END"}, "stop", "a list of at most 4 strings"),
        ({"stop": ["END", 3]}, "stop", "non-empty strings only"),
        ({"tools": {"name": "x"}}, "tools", "must be a list of at most 128 function definitions"),
        ({"tools": [{"name": "get_weather"}]}, "tools", '[0] must be {"type": "function"'),
        ({"tools": [_tool(name="get weather")]}, "tools", "[0] function.name must be 1 to 64"),
        ({"tools": [WEATHER_TOOL, WEATHER_TOOL]}, "tools", "[1] function.name 'get_weather' is"),
        ({"tools": [_tool(strict=True)]}, "tools", "[0] function has an unknown key 'strict'"),
        (
            {"tools": [_tool(parameters={"type": "objekt"})]},
            "tools",
            "[0] function.parameters must be a valid JSON Schema",
        ),
        (
            {"tools": [_tool(parameters="city")]},
            "tools",
            "[0] function.parameters must be a JSON Schema (an object)",
        ),
        (
            {"responseFormat": {"type": "object", "required": "answer"}},
            "responseFormat",
            "must be a valid JSON Schema",
        ),
        ({"responseFormat": "json"}, "responseFormat", "must be a JSON Schema (an object)"),
    ],
)
async def test_a_bad_setting_is_refused_naming_its_key(
    tenant: TenantHandle, config: dict[str, Any], key: str, words: str
) -> None:
    result = await _create(tenant, config)

    assert result.code == "BAD_USER_INPUT", result.errors
    error = result.errors[0]
    assert error["message"].startswith(f"modelConfig.{key} "), error["message"]
    assert words in error["message"]
    assert error["extensions"]["field"] == f"modelConfig.{key}"


async def test_a_model_config_that_is_not_an_object_is_refused(tenant: TenantHandle) -> None:
    result = await _create(tenant, ["gpt-4o"])

    assert result.code == "BAD_USER_INPUT"
    assert result.errors[0]["message"] == "modelConfig must be a JSON object"


async def test_a_clone_checks_the_model_config_it_is_given(tenant: TenantHandle) -> None:
    template_id, _ = await new_asset(tenant)
    input = {"body": "Hi", "modelConfig": {"temperature": 0.2}}
    (await tenant.gql(CREATE_VERSION, {"assetId": template_id, "input": input})).ok()

    refused = await tenant.gql(
        CLONE,
        {"templateId": template_id, "input": {"name": "copy", "modelConfig": {"topP": 7}}},
    )

    assert refused.code == "BAD_USER_INPUT"
    assert refused.errors[0]["message"] == "modelConfig.topP must be between 0 and 1"
