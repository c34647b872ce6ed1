"""Role-table cases for the platform console, which no tenant role may use: only a platform
superadmin (tests/test_roles.py runs each as one too). Each is (document, variables, what an
allowed call must show)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.support.graphql import PASSWORD, Result
from tests.support.platform import CREATE_TENANT, PLATFORM_STATS, PLATFORM_USERS, TENANTS, nodes
from tests.support.roles import State, World

Variables = Callable[[World], dict[str, Any]]
Effect = Callable[[World, Result, State, State], None]


def _read(check: Callable[[World, dict[str, Any]], bool]) -> Effect:
    def effect(world: World, result: Result, before: State, after: State) -> None:
        assert check(world, result.ok()), result.data
        assert after == before

    return effect


def _created_tenant(world: World, result: Result, before: State, after: State) -> None:
    created = result.ok()["createTenant"]
    assert (created["slug"], created["userCount"]) == (world.new_name, 1)
    assert after == before  # the world's own tenant is untouched


PLATFORM_OPERATIONS: dict[str, tuple[str, Variables, Effect]] = {
    "tenants": (
        TENANTS,
        lambda w: {"query": w.tenant.slug},
        _read(lambda w, d: [t["slug"] for t in nodes(d, "tenants")] == [w.tenant.slug]),
    ),
    "platformUsers": (
        PLATFORM_USERS,
        lambda w: {"query": w.target_email},
        _read(lambda w, d: [u["id"] for u in nodes(d, "platformUsers")] == [w.target_id]),
    ),
    "platformStats": (
        PLATFORM_STATS,
        lambda w: {},
        # The world alone holds a tenant, two assets and five versions.
        _read(
            lambda w, d: (
                d["platformStats"]["tenants"] >= 1
                and d["platformStats"]["assets"] >= 2
                and d["platformStats"]["versions"] >= 5
            )
        ),
    ),
    "createTenant": (
        CREATE_TENANT,
        lambda w: {
            "input": {"name": w.new_name, "adminEmail": w.new_email, "adminPassword": PASSWORD}
        },
        _created_tenant,
    ),
}
