"""The review queue: the tenant's versions waiting for a review, whoever wrote them, those
waiting longest first, paged; a version leaves it once reviewed."""

from __future__ import annotations

from tests.support.graphql import TenantHandle
from tests.support.registry import APPROVE, CREATE_VERSION, REJECT, SUBMIT, make_asset

REVIEW_QUEUE = """
query ReviewQueue($first: Int, $after: String) {
  reviewQueue(first: $first, after: $after) {
    edges { node { id number status asset { name } author { id } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def _submitted(tenant: TenantHandle, asset_id: str, body: str, *, role: str) -> str:
    created = await tenant.gql(
        CREATE_VERSION, {"assetId": asset_id, "input": {"body": body}}, role=role
    )
    version_id: str = created.ok()["createVersion"]["id"]
    (await tenant.gql(SUBMIT, {"id": version_id}, role=role)).ok()
    return version_id


async def _queue(tenant: TenantHandle, *, role: str = "REVIEWER") -> list[str]:
    queue = (await tenant.gql(REVIEW_QUEUE, {"first": 100}, role=role)).ok()["reviewQueue"]
    return [edge["node"]["id"] for edge in queue["edges"]]


async def test_the_queue_holds_the_versions_in_review_oldest_first(tenant: TenantHandle) -> None:
    billing = await make_asset(tenant, versions=1, name="billing-reply")
    greeting = await make_asset(tenant, versions=0, name="greeting", approved=False)
    first = await _submitted(tenant, greeting.id, "Hello", role="DEVELOPER")
    await tenant.gql(CREATE_VERSION, {"assetId": greeting.id, "input": {"body": "a draft"}})
    second = await _submitted(tenant, billing.id, "Refunds take 5 days", role="ADMIN")

    for role in ("ADMIN", "DEVELOPER", "REVIEWER", "VIEWER"):
        assert await _queue(tenant, role=role) == [first, second]
    nodes = (await tenant.gql(REVIEW_QUEUE, {"first": 10})).ok()["reviewQueue"]["edges"]
    assert [(edge["node"]["asset"]["name"], edge["node"]["number"]) for edge in nodes] == [
        ("greeting", 1),
        ("billing-reply", 2),
    ]
    assert {edge["node"]["status"] for edge in nodes} == {"IN_REVIEW"}


async def test_a_reviewed_version_leaves_the_queue(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, versions=0, approved=False)
    approved = await _submitted(tenant, asset.id, "one", role="DEVELOPER")
    rejected = await _submitted(tenant, asset.id, "two", role="DEVELOPER")
    waiting = await _submitted(tenant, asset.id, "three", role="DEVELOPER")

    (await tenant.gql(APPROVE, {"id": approved}, role="REVIEWER")).ok()
    (await tenant.gql(REJECT, {"id": rejected, "comment": "Too vague"}, role="REVIEWER")).ok()

    assert await _queue(tenant) == [waiting]


async def test_the_queue_pages_with_cursors(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, versions=0, approved=False)
    submitted = [await _submitted(tenant, asset.id, f"v{n}", role="DEVELOPER") for n in range(5)]

    seen: list[str] = []
    after = None
    for _ in range(5):
        page = await tenant.gql(REVIEW_QUEUE, {"first": 2, "after": after})
        queue = page.ok()["reviewQueue"]
        seen += [edge["node"]["id"] for edge in queue["edges"]]
        if not queue["pageInfo"]["hasNextPage"]:
            break
        after = queue["pageInfo"]["endCursor"]
    assert seen == submitted
    bad = await tenant.gql(REVIEW_QUEUE, {"first": 2, "after": "not-a-cursor"})
    assert bad.code == "BAD_USER_INPUT"
    assert (await tenant.gql(REVIEW_QUEUE, {"first": 0})).code == "BAD_USER_INPUT"


async def test_another_tenants_versions_are_not_in_the_queue(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    theirs = await make_asset(other_tenant, versions=0, approved=False)
    await _submitted(other_tenant, theirs.id, "theirs", role="DEVELOPER")
    assert await _queue(tenant) == []
    assert len(await _queue(other_tenant)) == 1


async def test_api_keys_cannot_read_the_queue(tenant: TenantHandle) -> None:
    created = await tenant.gql(
        'mutation { createApiKey(name: "ci", scopes: [GATE_READ]) { secret } }'
    )
    secret = created.ok()["createApiKey"]["secret"]
    refused = await tenant.api(REVIEW_QUEUE, {"first": 5}, token=secret)
    assert refused.code == "FORBIDDEN"
