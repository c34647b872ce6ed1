"""Role-table cases for model provider connections. The world's tenant connection ("team
models") answers from a shared fake provider on 127.0.0.1. Each is (document, variables, what an
allowed call must show); the state is what the tenant's admin sees."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.support.fake_providers import shared_fake_provider
from tests.support.graphql import Result
from tests.support.roles import State, World

Variables = Callable[[World], dict[str, Any]]
Effect = Callable[[World, Result, State, State], None]

CONNECTION = "id name scope owner { id }"


def _names(state: State) -> list[str]:
    return sorted(connection["name"] for connection in state["providerConnections"])


def _read(check: Callable[[World, dict[str, Any]], bool]) -> Effect:
    def effect(world: World, result: Result, before: State, after: State) -> None:
        assert check(world, result.ok()), result.data
        assert after == before

    return effect


def _created_tenant_connection(world: World, result: Result, before: State, after: State) -> None:
    assert result.ok()["createProviderConnection"]["scope"] == "TENANT"
    assert _names(after) == ["new models", "team models"]


def _created_own_connection(world: World, result: Result, before: State, after: State) -> None:
    created = result.ok()["createProviderConnection"]
    assert created["scope"] == "USER" and created["owner"] == {"id": world.actor_id}
    # Nobody else sees it: not even the admin, unless it is the admin's.
    expected = ["my models", "team models"] if world.role == "ADMIN" else ["team models"]
    assert _names(after) == expected


def _renamed(world: World, result: Result, before: State, after: State) -> None:
    assert (_names(before), _names(after)) == (["team models"], ["renamed models"])


def _deleted(world: World, result: Result, before: State, after: State) -> None:
    assert (_names(before), _names(after)) == (["team models"], [])


def _public_connection(name: str, **more: Any) -> dict[str, Any]:
    return {"name": name, "baseUrl": "https://1.2.3.4/v1", **more}  # never called


PROVIDER_OPERATIONS: dict[str, tuple[str, Variables, Effect]] = {
    "providerConnections": (
        "query { providerConnections { name } }",
        lambda w: {},
        _read(lambda w, d: d["providerConnections"] == [{"name": "team models"}]),
    ),
    "createProviderConnection": (
        "mutation($input: ProviderConnectionInput!) "
        f"{{ createProviderConnection(input: $input) {{ {CONNECTION} }} }}",
        lambda w: {"input": _public_connection("new models")},
        _created_tenant_connection,
    ),
    "createProviderConnection(scope: USER)": (
        "mutation($input: ProviderConnectionInput!) "
        f"{{ createProviderConnection(input: $input) {{ {CONNECTION} }} }}",
        lambda w: {"input": _public_connection("my models", scope="USER")},
        _created_own_connection,
    ),
    "updateProviderConnection": (
        "mutation($id: ID!, $input: ProviderConnectionInput!) "
        "{ updateProviderConnection(id: $id, input: $input) { name } }",
        lambda w: {
            "id": w.provider_connection_id,
            "input": {
                "name": "renamed models",
                "baseUrl": shared_fake_provider("openai").url,
                "local": True,
            },
        },
        _renamed,
    ),
    "deleteProviderConnection": (
        "mutation($id: ID!) { deleteProviderConnection(id: $id) }",
        lambda w: {"id": w.provider_connection_id},
        _deleted,
    ),
    "testProviderConnection": (
        "mutation($id: ID!) { testProviderConnection(id: $id) { ok models error } }",
        lambda w: {"id": w.provider_connection_id},
        _read(lambda w, d: d["testProviderConnection"]["ok"] is True),
    ),
}
