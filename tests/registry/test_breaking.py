"""Breaking detection: createVersion flags a version that drops or retypes a variable the previous
version required; callers that rendered the previous version would be refused."""

from typing import Any

import pytest

from tests.support.graphql import TenantHandle
from tests.support.registry import make_asset
from tests.support.typed_prompts import add_version

TEXT = {"type": "string"}
WHOLE = {"type": "integer"}
PREVIOUS = {
    "type": "object",
    "properties": {"name": TEXT, "count": WHOLE, "note": TEXT},
    "required": ["name", "count"],
}


def _with(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": PREVIOUS["required"] if required is None else required,
    }


async def _breaking(tenant: TenantHandle, variables: dict[str, Any]) -> bool:
    asset = await make_asset(tenant, versions=0, approved=False)
    first = (await add_version(tenant, asset.id, "{{ name }} {{ count }}", PREVIOUS)).ok()
    assert first["createVersion"]["number"] == 1
    second = await tenant.gql(
        "mutation($assetId: ID!, $input: CreateVersionInput!) {"
        " createVersion(assetId: $assetId, input: $input) { number breaking } }",
        {"assetId": asset.id, "input": {"body": "{{ name }}", "variables": variables}},
    )
    return bool(second.ok()["createVersion"]["breaking"])


@pytest.mark.parametrize(
    ("change", "variables"),
    [
        ("drop a required variable", _with({"name": TEXT, "note": TEXT}, ["name"])),
        (
            "retype a required variable",
            _with({"name": TEXT, "count": TEXT, "note": TEXT}),
        ),
        ("drop every property", {"type": "object"}),
    ],
)
async def test_dropping_or_retyping_a_required_variable_is_breaking(
    tenant: TenantHandle, change: str, variables: dict[str, Any]
) -> None:
    assert await _breaking(tenant, variables), change


@pytest.mark.parametrize(
    ("change", "variables"),
    [
        (
            "add an optional variable",
            _with({"name": TEXT, "count": WHOLE, "note": TEXT, "tone": TEXT}),
        ),
        ("drop an optional variable", _with({"name": TEXT, "count": WHOLE})),
        ("retype an optional variable", _with({"name": TEXT, "count": WHOLE, "note": WHOLE})),
        ("widen a required type", _with({"name": TEXT, "count": {"type": "number"}, "note": TEXT})),
        ("make a required variable optional", _with(PREVIOUS["properties"], ["name"])),
        ("keep the schema", PREVIOUS),
    ],
)
async def test_changes_that_keep_every_required_variable_are_not_breaking(
    tenant: TenantHandle, change: str, variables: dict[str, Any]
) -> None:
    assert not await _breaking(tenant, variables), change


async def test_a_first_version_is_never_breaking(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, versions=0, approved=False)
    created = await tenant.gql(
        "mutation($assetId: ID!, $input: CreateVersionInput!) {"
        " createVersion(assetId: $assetId, input: $input) { breaking } }",
        {"assetId": asset.id, "input": {"body": "{{ name }}", "variables": PREVIOUS}},
    )
    assert created.ok()["createVersion"]["breaking"] is False


# Chat versions: a placeholder's list is a variable callers pass, and a version whose schema
# declares no properties takes the variables its messages (or body) use.
SYSTEM = {"role": "SYSTEM", "content": "You help with {{ product }}."}
HISTORY = {"role": "USER", "placeholder": "history"}
QUESTION = {"role": "USER", "content": "{{ question }}"}


async def _chat_breaking(
    tenant: TenantHandle,
    previous: list[dict[str, Any]],
    current: list[dict[str, Any]],
    variables: dict[str, Any] | None = None,
) -> bool:
    asset = await make_asset(tenant, versions=0, approved=False)
    breaking = []
    for messages, schema in ((previous, None), (current, variables)):
        input = {"format": "CHAT", "body": "", "messages": messages, "variables": schema}
        created = await tenant.gql(
            "mutation($assetId: ID!, $input: CreateVersionInput!) {"
            " createVersion(assetId: $assetId, input: $input) { breaking } }",
            {"assetId": asset.id, "input": input},
        )
        breaking.append(created.ok()["createVersion"]["breaking"])
    assert breaking[0] is False
    return bool(breaking[1])


@pytest.mark.parametrize(
    ("change", "current", "variables"),
    [
        ("remove the placeholder message", [SYSTEM, QUESTION], None),
        (
            "retype the placeholder as a string variable",
            [SYSTEM, QUESTION],
            {"type": "object", "properties": {"history": TEXT, "product": TEXT, "question": TEXT}},
        ),
        ("stop using a variable of a message", [SYSTEM, HISTORY], None),
        (
            "rename a message's variable",
            [SYSTEM, HISTORY, {"role": "USER", "content": "{{ query }}"}],
            None,
        ),
    ],
)
async def test_removing_or_retyping_a_placeholder_or_a_messages_variable_is_breaking(
    tenant: TenantHandle, change: str, current: list[dict[str, Any]], variables: Any
) -> None:
    assert await _chat_breaking(tenant, [SYSTEM, HISTORY, QUESTION], current, variables), change


@pytest.mark.parametrize(
    ("change", "current", "variables"),
    [
        (
            "reword a message",
            [SYSTEM, HISTORY, {"role": "USER", "content": "Q: {{ question }}"}],
            None,
        ),
        ("move the placeholder", [SYSTEM, QUESTION, HISTORY], None),
        (
            "declare the placeholder as an array",
            [SYSTEM, HISTORY, QUESTION],
            {
                "type": "object",
                "properties": {"history": {"type": "array"}, "product": {}, "question": {}},
            },
        ),
    ],
)
async def test_chat_changes_that_keep_what_callers_pass_are_not_breaking(
    tenant: TenantHandle, change: str, current: list[dict[str, Any]], variables: Any
) -> None:
    assert not await _chat_breaking(tenant, [SYSTEM, HISTORY, QUESTION], current, variables), change
