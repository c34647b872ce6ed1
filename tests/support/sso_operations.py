"""Role-table cases for single sign-on (tests/test_roles.py): its configuration, which admins
alone set and read. Each is (document, variables, what an allowed call must show)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.support.graphql import Result
from tests.support.roles import State, World
from tests.support.sso import TENANT_SSO, UPDATE_TENANT_SSO, oidc_input

Variables = Callable[[World], dict[str, Any]]
Effect = Callable[[World, Result, State, State], None]
ISSUER = "http://127.0.0.1:9/role-table"


def _configured(world: World, result: Result, before: State, after: State) -> None:
    assert before["tenant"]["sso"] is None
    assert after["tenant"]["sso"] == {"issuer": ISSUER, "enabled": True}
    assert result.ok()["updateTenantSso"]["issuer"] == ISSUER


def _read_nothing_configured(world: World, result: Result, before: State, after: State) -> None:
    assert result.ok()["tenant"] == {"slug": world.tenant.slug, "sso": None}
    assert after == before


SSO_OPERATIONS: dict[str, tuple[str, Variables, Effect]] = {
    "updateTenantSso": (UPDATE_TENANT_SSO, lambda w: {"input": oidc_input(ISSUER)}, _configured),
    "tenant.sso": (TENANT_SSO, lambda w: {}, _read_nothing_configured),
}
