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
