"""Every mutation writes an audit event with its actor, target and before/after."""

from app.core.ids import split_id
from tests.support.graphql import TenantHandle
from tests.support.registry import ACTIVATE, CREATE_VERSION, ROLLBACK, make_asset

AUDIT = """
query Audit($action: String, $actorId: ID) {
  auditEvents(first: 50, action: $action, actorId: $actorId) {
    edges { node { action targetType targetId diff hash actor { id } } }
  }
}
"""


async def _events(tenant: TenantHandle, **filters: str) -> list[dict]:
    result = await tenant.gql(AUDIT, filters)
    return [edge["node"] for edge in result.ok()["auditEvents"]["edges"]]


async def test_each_mutation_leaves_an_audit_event_newest_first(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, versions=2, approved=False)
    for version_id in asset.version_ids:
        (await tenant.gql(ACTIVATE, {"versionId": version_id, "environment": "staging"})).ok()
    (await tenant.gql(ROLLBACK, {"assetId": asset.id, "environment": "staging"})).ok()
    await tenant.gql(
        'mutation($id: ID!) { updateAsset(id: $id, input: {title: "Renamed"}) { id } }',
        {"id": asset.id},
    )

    actions = [event["action"] for event in await _events(tenant)]
    assert actions[:7] == [
        "asset.update",
        "version.rollback",
        "version.activate",
        "version.activate",
        "version.create",
        "version.create",
        "asset.create",
    ]
    update = (await _events(tenant, action="asset.update"))[0]
    assert update["diff"] == {
        "before": {"title": f"Title of {asset.name}"},
        "after": {"title": "Renamed"},
    }
    assert update["actor"]["id"] == tenant.admin_id
    assert len({event["hash"] for event in await _events(tenant)}) == len(actions)


async def test_a_refused_mutation_leaves_no_audit_event(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant)
    before = await _events(tenant)
    refused = await tenant.gql(CREATE_VERSION, {"assetId": asset.id, "input": {"body": ""}})
    assert refused.code == "BAD_USER_INPUT"
    assert await _events(tenant) == before


async def test_audit_events_filter_by_actor(tenant: TenantHandle) -> None:
    developer_id, _ = await tenant.user("DEVELOPER")
    await make_asset(tenant)
    asset = await tenant.gql(
        'mutation { createAsset(input: {name: "by-dev", title: "By dev"}) { id } }',
        role="DEVELOPER",
    )
    asset.ok()
    by_developer = await _events(tenant, actorId=developer_id)
    assert [event["action"] for event in by_developer] == ["asset.create", "user.login"]


async def test_only_admins_read_the_audit_trail(tenant: TenantHandle) -> None:
    for role in ["DEVELOPER", "REVIEWER", "VIEWER"]:
        assert (await tenant.gql(AUDIT, role=role)).code == "FORBIDDEN"


BY_TARGET = """
query ByTarget($targetId: String, $since: DateTime, $until: DateTime) {
  auditEvents(first: 50, targetId: $targetId, since: $since, until: $until) {
    edges { node { action targetType targetId createdAt } }
  }
}
"""


async def test_audit_events_filter_by_target_and_time(tenant: TenantHandle) -> None:
    first = await make_asset(tenant, versions=1)
    second = await make_asset(tenant, versions=0)
    events = (await tenant.gql(BY_TARGET, {"targetId": first.id})).ok()["auditEvents"]["edges"]
    assert [edge["node"]["action"] for edge in events] == ["asset.create"]
    assert events[0]["node"]["targetId"] == first.id

    created_at = events[0]["node"]["createdAt"]
    later = (await tenant.gql(BY_TARGET, {"since": created_at})).ok()["auditEvents"]["edges"]
    later_targets = {edge["node"]["targetId"] for edge in later}
    assert second.id in later_targets
    earlier = (await tenant.gql(BY_TARGET, {"until": created_at})).ok()["auditEvents"]["edges"]
    assert first.id not in {edge["node"]["targetId"] for edge in earlier}


ACTIVATIONS_AUDIT = """
query Activations { auditEvents(first: 10, action: "version.activate") { edges { node { diff } } } }
"""


async def test_an_activation_records_the_version_it_replaced(tenant: TenantHandle) -> None:
    asset = await make_asset(tenant, versions=2)
    for version_id in asset.version_ids:
        (await tenant.gql(ACTIVATE, {"versionId": version_id, "environment": "staging"})).ok()

    latest = (await tenant.gql(ACTIVATIONS_AUDIT)).ok()["auditEvents"]["edges"][0]["node"]
    before, after = latest["diff"]["before"]["version_id"], latest["diff"]["after"]["version_id"]
    assert before != after
    assert [before, after] == [str(split_id(version_id)[1]) for version_id in asset.version_ids]
