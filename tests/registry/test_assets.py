from tests.support.graphql import TenantHandle
from tests.support.registry import CREATE_ASSET, make_asset

ASSETS = """
query Assets($filter: AssetFilter, $first: Int, $after: String) {
  assets(filter: $filter, first: $first, after: $after) {
    edges { node { name } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
ASSET_BY_NAME = """
query ByName($name: String!) { asset(name: $name) { id name title tags category archived } }
"""
UPDATE_ASSET = """
mutation Update($id: ID!, $input: UpdateAssetInput!) {
  updateAsset(id: $id, input: $input) { title description category tags updatedAt }
}
"""
ARCHIVE_ASSET = "mutation Archive($id: ID!) { archiveAsset(id: $id) { archived } }"


def _names(result: dict) -> list[str]:
    return [edge["node"]["name"] for edge in result["assets"]["edges"]]


async def test_created_asset_has_normalised_tags_and_its_creator_as_owner(
    tenant: TenantHandle,
) -> None:
    created = await tenant.gql(
        CREATE_ASSET,
        {
            "input": {
                "name": "greeter",
                "title": " Greeter ",
                "kind": "SKILL",
                "tags": ["Onboarding", "email", "email"],
                "category": "growth",
            }
        },
    )
    asset = created.ok()["createAsset"]
    assert asset["title"] == "Greeter"
    assert asset["kind"] == "SKILL"
    assert asset["tags"] == ["email", "onboarding"]
    assert asset["owner"]["id"] == tenant.admin_id
    fetched = (await tenant.gql(ASSET_BY_NAME, {"name": "greeter"})).ok()["asset"]
    assert fetched["id"] == asset["id"]


async def test_assets_filter_by_text_kind_tag_owner_and_category(tenant: TenantHandle) -> None:
    await tenant.gql(
        CREATE_ASSET,
        {
            "input": {
                "name": "summarize-email",
                "title": "Summarize an email",
                "tags": ["summary"],
                "category": "mail",
            }
        },
    )
    await tenant.gql(
        CREATE_ASSET,
        {
            "input": {
                "name": "triage",
                "title": "Triage tickets",
                "description": "Sorts incoming email by urgency",
                "kind": "WORKFLOW",
                "category": "support",
            }
        },
    )
    developer_id, _ = await tenant.user("DEVELOPER")
    await tenant.gql(
        CREATE_ASSET, {"input": {"name": "sql-helper", "title": "SQL helper"}}, role="DEVELOPER"
    )

    async def names(filter: dict) -> list[str]:
        return _names((await tenant.gql(ASSETS, {"filter": filter})).ok())

    assert await names({"query": "EMAIL"}) == ["summarize-email", "triage"]
    assert await names({"kind": "WORKFLOW"}) == ["triage"]
    assert await names({"tag": "Summary"}) == ["summarize-email"]
    assert await names({"owner": developer_id}) == ["sql-helper"]
    assert await names({"category": "support"}) == ["triage"]
    assert await names({"query": "email", "kind": "PROMPT"}) == ["summarize-email"]


async def test_assets_page_through_by_name(tenant: TenantHandle) -> None:
    for name in ["delta", "alpha", "charlie", "bravo", "echo"]:
        await make_asset(tenant, name=name, versions=0)
    first = (await tenant.gql(ASSETS, {"first": 2})).ok()
    assert _names(first) == ["alpha", "bravo"]
    assert first["assets"]["pageInfo"]["hasNextPage"] is True
    second = (
        await tenant.gql(ASSETS, {"first": 2, "after": first["assets"]["pageInfo"]["endCursor"]})
    ).ok()
    assert _names(second) == ["charlie", "delta"]
    third = (
        await tenant.gql(ASSETS, {"first": 2, "after": second["assets"]["pageInfo"]["endCursor"]})
    ).ok()
    assert _names(third) == ["echo"]
    assert third["assets"]["pageInfo"]["hasNextPage"] is False


async def test_update_changes_only_the_given_fields(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, tags=["a"])
    updated = await tenant.gql(
        UPDATE_ASSET,
        {"id": asset.id, "input": {"description": "Now described", "tags": ["b", "c"]}},
    )
    data = updated.ok()["updateAsset"]
    assert data["title"] == f"Title of {asset.name}"
    assert data["description"] == "Now described"
    assert data["tags"] == ["b", "c"]


async def test_archived_assets_leave_the_default_list_and_take_no_new_versions(
    tenant: TenantHandle,
) -> None:
    asset = await make_asset(tenant)
    assert (await tenant.gql(ARCHIVE_ASSET, {"id": asset.id})).ok()["archiveAsset"]["archived"]
    assert asset.name not in _names((await tenant.gql(ASSETS)).ok())
    archived = (await tenant.gql(ASSETS, {"filter": {"archived": True}})).ok()
    assert _names(archived) == [asset.name]
    assert (await tenant.gql(ARCHIVE_ASSET, {"id": asset.id})).code == "CONFLICT"
    new_version = await tenant.gql(
        'mutation($id: ID!) { createVersion(assetId: $id, input: {body: "x"}) { id } }',
        {"id": asset.id},
    )
    assert new_version.code == "CONFLICT"
