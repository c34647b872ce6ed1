from tests.support.graphql import TenantHandle
from tests.support.registry import CREATE_VERSION, make_asset

DIFF = """
query Diff($from: ID!, $to: ID!) {
  diffVersions(fromId: $from, toId: $to) { from { number } to { number } unified }
}
"""
VERSIONS = """
query Versions($id: ID!) {
  asset(id: $id) {
    latestVersion { number }
    versions(first: 10) { edges { node { number status author { id } } } }
  }
}
"""


async def test_versions_are_numbered_per_asset_and_hash_their_content(
    tenant: TenantHandle,
) -> None:
    first_asset = await make_asset(tenant, versions=0)
    second_asset = await make_asset(tenant, versions=0)
    content = {
        "body": "Hello {{ name }}",
        "variables": {"type": "object"},
        "modelConfig": {"model": "gpt-4o", "temperature": 0.2},
        "message": "first",
        "semver": "1.0.0",
    }
    one = (await tenant.gql(CREATE_VERSION, {"assetId": first_asset.id, "input": content})).ok()
    two = (await tenant.gql(CREATE_VERSION, {"assetId": first_asset.id, "input": content})).ok()
    other = (await tenant.gql(CREATE_VERSION, {"assetId": second_asset.id, "input": content})).ok()

    assert [one["createVersion"]["number"], two["createVersion"]["number"]] == [1, 2]
    assert other["createVersion"]["number"] == 1
    version = one["createVersion"]
    assert version["status"] == "DRAFT"
    assert version["modelConfig"] == {"model": "gpt-4o", "temperature": 0.2}
    assert version["semver"] == "1.0.0"
    assert len(version["contentHash"]) == 64
    assert version["contentHash"] == two["createVersion"]["contentHash"]

    listed = (await tenant.gql(VERSIONS, {"id": first_asset.id})).ok()["asset"]
    assert listed["latestVersion"]["number"] == 2
    assert [edge["node"]["number"] for edge in listed["versions"]["edges"]] == [2, 1]


async def test_a_different_body_gets_a_different_hash(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, versions=2)
    hashes = set()
    for version_id in asset.version_ids:
        result = await tenant.gql(
            "query($id: ID!) { version(id: $id) { contentHash } }", {"id": version_id}
        )
        hashes.add(result.ok()["version"]["contentHash"])
    assert len(hashes) == 2


async def test_diff_versions_gives_a_unified_diff(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, versions=0)
    ids = []
    for body in ["line one\nline two\n", "line one\nline 2\nline three\n"]:
        result = await tenant.gql(CREATE_VERSION, {"assetId": asset.id, "input": {"body": body}})
        ids.append(result.ok()["createVersion"]["id"])
    diff = (await tenant.gql(DIFF, {"from": ids[0], "to": ids[1]})).ok()["diffVersions"]
    assert diff["from"]["number"] == 1 and diff["to"]["number"] == 2
    assert diff["unified"].splitlines() == [
        f"--- {asset.name}@v1",
        f"+++ {asset.name}@v2",
        "@@ -1,2 +1,3 @@",
        " line one",
        "-line two",
        "+line 2",
        "+line three",
    ]


async def test_a_diff_too_costly_to_pair_shows_the_changed_middle_removed_and_added_whole(
    tenant: TenantHandle,
) -> None:
    # Lines that repeat in another order (none the same at the start or end of the middle):
    # pairing them would take difflib seconds.
    middle = 7_999
    head, tail = "".join(f"head {n}\n" for n in range(5)), "".join(f"tail {n}\n" for n in range(5))
    old = head + "".join(f"l{n % 100}\n" for n in range(1, middle + 1)) + tail
    new = head + "".join(f"l{n * 7 % 100}\n" for n in range(1, middle + 1)) + tail
    asset = await make_asset(tenant, versions=0)
    ids = [
        (await tenant.gql(CREATE_VERSION, {"assetId": asset.id, "input": {"body": body}})).ok()[
            "createVersion"
        ]["id"]
        for body in (old, new)
    ]

    unified = (
        (await tenant.gql(DIFF, {"from": ids[0], "to": ids[1]}))
        .ok()["diffVersions"]["unified"]
        .splitlines()
    )

    assert unified[2] == f"@@ -3,{middle + 6} +3,{middle + 6} @@"
    assert unified[3:6] == [" head 2", " head 3", " head 4"]
    assert unified[6 : 6 + middle] == ["-" + line for line in old.splitlines()[5:-5]]
    assert unified[6 + middle : 6 + 2 * middle] == ["+" + line for line in new.splitlines()[5:-5]]
    assert unified[6 + 2 * middle :] == [" tail 0", " tail 1", " tail 2"]


async def test_versions_cannot_be_edited_through_the_api(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    result = await tenant.gql(
        'mutation($id: ID!) { updateVersion(id: $id, input: {body: "changed"}) { id } }',
        {"id": asset.version_ids[0]},
    )
    assert result.code == "BAD_USER_INPUT"
    body = await tenant.gql(
        "query($id: ID!) { version(id: $id) { body } }", {"id": asset.version_ids[0]}
    )
    assert body.ok()["version"]["body"].startswith("Body 1")
