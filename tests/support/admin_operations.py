"""Role-table cases for the admin-only surface: API keys, asset grants, the audit trail,
webhooks and jobs. Each is (document, variables, what an allowed call must show)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.support.graphql import Result
from tests.support.roles import State, World

Variables = Callable[[World], dict[str, Any]]
Effect = Callable[[World, Result, State, State], None]

# An address nothing listens on, for an event that never fires here: no traffic is sent.
QUIET_WEBHOOK = {"url": "http://127.0.0.1:9/hook", "events": ["rollout.rolled_back"]}


def _read(check: Callable[[World, dict[str, Any]], bool]) -> Effect:
    def effect(world: World, result: Result, before: State, after: State) -> None:
        assert check(world, result.ok()), result.data
        assert after == before

    return effect


def _grew(field: str, path: Callable[[State], list[Any]]) -> Effect:
    def effect(world: World, result: Result, before: State, after: State) -> None:
        assert len(path(after)) == len(path(before)) + 1, field

    return effect


def _key_revoked(world: World, result: Result, before: State, after: State) -> None:
    revoked = {key["id"]: key["revokedAt"] for key in after["apiKeys"]}
    assert revoked[world.api_key_id] is not None


def _restricted(world: World, result: Result, before: State, after: State) -> None:
    assert (before["asset"]["restricted"], after["asset"]["restricted"]) == (False, True)


def _grant_revoked(world: World, result: Result, before: State, after: State) -> None:
    assert world.grant_id in [grant["id"] for grant in before["asset"]["grants"]]
    assert world.grant_id not in [grant["id"] for grant in after["asset"]["grants"]]


def _webhook_deleted(world: World, result: Result, before: State, after: State) -> None:
    assert [hook["id"] for hook in after["webhooks"]] == []


ADMIN_OPERATIONS: dict[str, tuple[str, Variables, Effect]] = {
    "createApiKey": (
        'mutation($scopes: [ApiKeyScope!]!) { createApiKey(name: "ci", scopes: $scopes) '
        "{ secret } }",
        lambda w: {"scopes": ["GATE_READ"]},
        _grew("apiKeys", lambda state: state["apiKeys"]),
    ),
    "apiKeys": (
        "query { apiKeys { id } }",
        lambda w: {},
        _read(lambda w, d: [key["id"] for key in d["apiKeys"]] == [w.api_key_id]),
    ),
    "revokeApiKey": (
        "mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }",
        lambda w: {"id": w.api_key_id},
        _key_revoked,
    ),
    "restrictAsset": (
        "mutation($id: ID!) { restrictAsset(id: $id, restricted: true) { restricted } }",
        lambda w: {"id": w.asset_id},
        _restricted,
    ),
    "grantAssetAccess": (
        "mutation($a: ID!, $u: ID!) { grantAssetAccess(assetId: $a, userId: $u, "
        "actions: [EDIT], effect: ALLOW) { id } }",
        lambda w: {"a": w.asset_id, "u": w.target_id},
        _grew("grants", lambda state: state["asset"]["grants"]),
    ),
    "revokeAssetGrant": (
        "mutation($id: ID!) { revokeAssetGrant(id: $id) }",
        lambda w: {"id": w.grant_id},
        _grant_revoked,
    ),
    "auditEvents": (
        "query { auditEvents(first: 5) { edges { node { action } } } }",
        lambda w: {},
        _read(lambda w, d: len(d["auditEvents"]["edges"]) == 5),
    ),
    "createWebhook": (
        "mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }",
        lambda w: {"input": QUIET_WEBHOOK},
        _grew("webhooks", lambda state: state["webhooks"]),
    ),
    "webhooks": (
        "query { webhooks { id } }",
        lambda w: {},
        _read(lambda w, d: [hook["id"] for hook in d["webhooks"]] == [w.webhook_id]),
    ),
    "deleteWebhook": (
        "mutation($id: ID!) { deleteWebhook(id: $id) }",
        lambda w: {"id": w.webhook_id},
        _webhook_deleted,
    ),
    "jobs": (
        "query { jobs(first: 5) { edges { node { id } } } }",
        lambda w: {},
        _read(lambda w, d: isinstance(d["jobs"]["edges"], list)),
    ),
}
