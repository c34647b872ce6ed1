"""cloneAsset: a new asset from a template, inheriting its latest version's body, variables and
model config unless overridden, and remembering its template."""

import pytest

from tests.support.graphql import TenantHandle
from tests.support.registry import CREATE_ASSET
from tests.support.typed_prompts import CLONE, add_version
from tests.support.webhooks import create_webhook, deliveries_of

SCHEMA = {"type": "object", "properties": {"topic": {"type": "string"}}, "required": ["topic"]}
AUDIT = """
query { auditEvents(first: 5, action: "asset.create") { edges { node { targetId diff } } } }
"""


async def _template(tenant: TenantHandle) -> str:
    created = await tenant.gql(
        CREATE_ASSET,
        {
            "input": {
                "name": "support-reply",
                "kind": "SKILL",
                "title": "Support reply",
                "description": "Answers a ticket",
                "category": "support",
                "tags": ["support", "email"],
            }
        },
    )
    template_id = str(created.ok()["createAsset"]["id"])
    (await add_version(tenant, template_id, "Old {{ topic }}", SCHEMA)).ok()
    latest = await tenant.gql(
        "mutation($assetId: ID!, $input: CreateVersionInput!) {"
        " createVersion(assetId: $assetId, input: $input) { id } }",
        {
            "assetId": template_id,
            "input": {
                "body": "Reply about {{ topic }}",
                "variables": SCHEMA,
                "modelConfig": {"model": "gpt-4o", "temperature": 0.1},
            },
        },
    )
    latest.ok()
    return template_id


async def test_a_clone_inherits_the_templates_latest_version_and_remembers_it(
    tenant: TenantHandle,
) -> None:
    template_id = await _template(tenant)

    result = await tenant.gql(CLONE, {"templateId": template_id, "input": {"name": "billing"}})

    clone = result.ok()["cloneAsset"]
    assert clone["name"] == "billing"
    assert (clone["kind"], clone["title"], clone["description"], clone["category"]) == (
        "SKILL",
        "Support reply",
        "Answers a ticket",
        "support",
    )
    assert clone["tags"] == ["email", "support"]
    assert clone["template"] == {"id": template_id, "name": "support-reply"}
    assert clone["owner"]["id"] == tenant.admin_id
    version = clone["latestVersion"]
    assert version["number"] == 1
    assert version["body"] == "Reply about {{ topic }}"
    assert version["variables"] == SCHEMA
    assert version["modelConfig"] == {"model": "gpt-4o", "temperature": 0.1}
    assert version["message"] == "cloned from support-reply version 2"


async def test_a_clone_overrides_title_body_variables_and_model_config(
    tenant: TenantHandle,
) -> None:
    template_id = await _template(tenant)
    overrides = {
        "name": "billing",
        "title": "Billing reply",
        "body": "Bill for {{ amount }}",
        "variables": {"type": "object", "properties": {"amount": {"type": "number"}}},
        "modelConfig": {"model": "small"},
    }

    result = await tenant.gql(CLONE, {"templateId": template_id, "input": overrides})

    clone = result.ok()["cloneAsset"]
    assert clone["title"] == "Billing reply"
    assert clone["latestVersion"]["body"] == "Bill for {{ amount }}"
    assert clone["latestVersion"]["variables"] == overrides["variables"]
    assert clone["latestVersion"]["modelConfig"] == {"model": "small"}
    assert clone["template"]["id"] == template_id


async def test_a_clone_is_audited_and_announced_as_a_created_asset(tenant: TenantHandle) -> None:
    template_id = await _template(tenant)
    webhook_id, _ = await create_webhook(tenant, "http://127.0.0.1:9/hook")

    clone = await tenant.gql(CLONE, {"templateId": template_id, "input": {"name": "billing"}})
    clone_id = clone.ok()["cloneAsset"]["id"]

    [created, _] = [edge["node"] for edge in (await tenant.gql(AUDIT)).ok()["auditEvents"]["edges"]]
    assert created["diff"]["after"]["name"] == "billing"
    assert created["diff"]["after"]["template"] == "support-reply"
    deliveries = await deliveries_of(tenant, webhook_id)
    assert [delivery["event"] for delivery in deliveries] == ["asset.created"]
    assert clone_id


async def test_a_clone_needs_a_free_name_and_a_valid_override(tenant: TenantHandle) -> None:
    template_id = await _template(tenant)

    taken = await tenant.gql(CLONE, {"templateId": template_id, "input": {"name": "support-reply"}})
    empty = await tenant.gql(
        CLONE, {"templateId": template_id, "input": {"name": "b", "body": " "}}
    )
    assets = await tenant.gql("{ assets { edges { node { name } } } }")

    assert taken.code == "CONFLICT"
    assert empty.code == "BAD_USER_INPUT"
    assert [edge["node"]["name"] for edge in assets.ok()["assets"]["edges"]] == ["support-reply"]


async def test_another_tenants_template_is_not_found(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    theirs = await _template(other_tenant)

    result = await tenant.gql(CLONE, {"templateId": theirs, "input": {"name": "mine"}})

    assert result.code == "NOT_FOUND"


@pytest.mark.parametrize(
    ("role", "code"),
    [("ADMIN", None), ("DEVELOPER", None), ("REVIEWER", "FORBIDDEN"), ("VIEWER", "FORBIDDEN")],
)
async def test_roles_that_may_create_assets_may_clone_them(
    tenant: TenantHandle, role: str, code: str | None
) -> None:
    template_id = await _template(tenant)

    result = await tenant.gql(
        CLONE, {"templateId": template_id, "input": {"name": "by-role"}}, role=role
    )

    assert result.code == code
