"""Provider connections through GraphQL: the tenant's, kept by admins and used by developers; a
user's own, seen by nobody else; addresses checked against the outbound rules unless an admin
marks a connection local; every change audited."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from app.core import outbound
from tests.support.fake_providers import FakeProvider, running_fake_provider
from tests.support.graphql import TenantHandle
from tests.support.providers import (
    CONNECTIONS,
    CREATE_CONNECTION,
    DELETE_CONNECTION,
    PUBLIC_BASE_URL,
    TEST_CONNECTION,
    UPDATE_CONNECTION,
    check_connection,
    create_connection,
    fake_input,
    names_seen,
)

NODE = "query Node($id: ID!) { node(id: $id) { id ... on ProviderConnection { name } } }"
AUDIT = """
query Audit($targetId: String!) {
  auditEvents(targetType: "ProviderConnection", targetId: $targetId) {
    edges { node { action diff actor { id } } }
  }
}
"""
REBINDING_HOST = "rebinding.promptvault.test"
CHECKED = "127.0.0.3"  # stands for a public address (see tests/webhooks/test_dns_rebinding.py)


@pytest.fixture
def fake() -> Iterator[FakeProvider]:
    with running_fake_provider("openai", key="sk-test-connections-0001") as fake:
        yield fake


def public(name: str, **overrides: Any) -> dict[str, Any]:
    return {"name": name, "baseUrl": PUBLIC_BASE_URL, "apiKey": "sk-public-9876", **overrides}


async def test_an_admins_tenant_connection_is_seen_and_used_by_developers(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    created = await create_connection(tenant, fake_input(fake, name="team openai"))
    assert created["scope"] == "TENANT" and created["owner"] is None
    assert created["kind"] == "OPENAI_COMPATIBLE" and created["local"] is True
    assert created["keyHint"] == "0001" and created["defaultModel"] == "fake-large"

    assert await names_seen(tenant, role="DEVELOPER") == ["team openai"]
    check = await check_connection(tenant, created["id"], role="DEVELOPER")
    assert check["ok"] is True and check["models"] == ["fake-large", "fake-small"]

    # But only admins change it.
    update = {"id": created["id"], "input": fake_input(fake, name="renamed")}
    assert (await tenant.gql(UPDATE_CONNECTION, update, role="DEVELOPER")).code == "FORBIDDEN"
    deleted = await tenant.gql(DELETE_CONNECTION, {"id": created["id"]}, role="DEVELOPER")
    assert deleted.code == "FORBIDDEN"
    renamed = (await tenant.gql(UPDATE_CONNECTION, update)).ok()["updateProviderConnection"]
    assert renamed["name"] == "renamed" and renamed["createdAt"] == created["createdAt"]
    assert (await tenant.gql(DELETE_CONNECTION, {"id": created["id"]})).ok()
    assert await names_seen(tenant, role="DEVELOPER") == []


async def test_a_users_own_connection_is_seen_by_nobody_else(tenant: TenantHandle) -> None:
    mine = await create_connection(tenant, public("my openai", scope="USER"), role="DEVELOPER")
    developer_id, _ = await tenant.user("DEVELOPER")
    assert mine["scope"] == "USER" and mine["owner"] == {"id": developer_id}
    assert await names_seen(tenant, role="DEVELOPER") == ["my openai"]

    _, colleague = await tenant.new_user("DEVELOPER")
    for token in (colleague, tenant.token):  # another developer, and the tenant's admin
        assert (await tenant.api(CONNECTIONS, token=token)).ok()["providerConnections"] == []
        for document, variables in [
            (UPDATE_CONNECTION, {"id": mine["id"], "input": public("taken", scope="USER")}),
            (DELETE_CONNECTION, {"id": mine["id"]}),
            (TEST_CONNECTION, {"id": mine["id"]}),
            (NODE, {"id": mine["id"]}),
        ]:
            assert (await tenant.api(document, variables, token=token)).code == "NOT_FOUND"

    update = {"id": mine["id"], "input": public("still mine", scope="USER")}
    renamed = await tenant.gql(UPDATE_CONNECTION, update, role="DEVELOPER")
    assert renamed.ok()["updateProviderConnection"]["name"] == "still mine"
    assert (await tenant.gql(DELETE_CONNECTION, {"id": mine["id"]}, role="DEVELOPER")).ok()


async def test_another_tenants_connection_is_not_found(
    tenant: TenantHandle, other_tenant: TenantHandle, fake: FakeProvider
) -> None:
    theirs = await create_connection(other_tenant, fake_input(fake))
    for document, variables in [
        (UPDATE_CONNECTION, {"id": theirs["id"], "input": fake_input(fake, name="taken")}),
        (DELETE_CONNECTION, {"id": theirs["id"]}),
        (TEST_CONNECTION, {"id": theirs["id"]}),
        (NODE, {"id": theirs["id"]}),
    ]:
        assert (await tenant.gql(document, variables)).code == "NOT_FOUND", document
    assert await names_seen(tenant) == []
    assert await names_seen(other_tenant) == ["fake openai"]
    assert fake.requests == []


async def test_reviewers_and_viewers_neither_keep_nor_use_connections(
    tenant: TenantHandle,
) -> None:
    theirs = await create_connection(tenant, public("team"))
    for role in ("REVIEWER", "VIEWER"):
        for document, variables in [
            (CONNECTIONS, {}),
            (CREATE_CONNECTION, {"input": public("own", scope="USER")}),
            (TEST_CONNECTION, {"id": theirs["id"]}),
        ]:
            assert (await tenant.gql(document, variables, role=role)).code == "FORBIDDEN"
    assert await names_seen(tenant) == ["team"]


async def test_names_are_unique_among_the_tenants_and_among_each_users_own(
    tenant: TenantHandle,
) -> None:
    await create_connection(tenant, public("openai"))
    again = await tenant.gql(CREATE_CONNECTION, {"input": public("openai")})
    assert again.code == "CONFLICT"
    # A user's own may share a tenant connection's name (it comes first for that user).
    await create_connection(tenant, public("openai", scope="USER"), role="DEVELOPER")
    twice = await tenant.gql(
        CREATE_CONNECTION, {"input": public("openai", scope="USER")}, role="DEVELOPER"
    )
    assert twice.code == "CONFLICT"
    other = await create_connection(tenant, public("other"))
    renamed = await tenant.gql(UPDATE_CONNECTION, {"id": other["id"], "input": public("openai")})
    assert renamed.code == "CONFLICT"
    assert sorted(await names_seen(tenant, role="DEVELOPER")) == ["openai", "openai", "other"]


async def test_a_scope_stays_as_it_was_created(tenant: TenantHandle) -> None:
    mine = await create_connection(tenant, public("mine", scope="USER"), role="DEVELOPER")
    moved = await tenant.gql(
        UPDATE_CONNECTION, {"id": mine["id"], "input": public("mine")}, role="DEVELOPER"
    )
    assert moved.code == "BAD_USER_INPUT"
    assert moved.errors[0]["extensions"]["field"] == "scope"


@pytest.mark.parametrize(
    "base_url",
    [
        "http://127.0.0.1:11434/v1",  # Ollama on the server's own host
        "http://localhost:1234/v1",  # LM Studio
        "http://10.0.0.7:8080/v1",  # llama.cpp on the private network
        "http://169.254.169.254/latest",  # cloud metadata
        "http://[::1]:8000/v1",
    ],
)
async def test_private_addresses_are_refused_unless_an_admin_marks_the_connection_local(
    tenant: TenantHandle, base_url: str
) -> None:
    refused = await tenant.gql(CREATE_CONNECTION, {"input": public("local", baseUrl=base_url)})
    assert refused.code == "BAD_USER_INPUT"
    assert refused.errors[0]["extensions"]["field"] == "baseUrl"
    assert "mark the connection local" in refused.errors[0]["message"]

    # Only an admin may mark one local, even a developer's own.
    own = public("local", baseUrl=base_url, scope="USER", local=True)
    forbidden = await tenant.gql(CREATE_CONNECTION, {"input": own}, role="DEVELOPER")
    assert forbidden.code == "FORBIDDEN"
    assert "only admins" in forbidden.errors[0]["message"]
    created = await create_connection(tenant, public("local", baseUrl=base_url, local=True))
    assert created["local"] is True

    # Unmarking it checks the address again.
    unmarked = {"id": created["id"], "input": public("local", baseUrl=base_url)}
    assert (await tenant.gql(UPDATE_CONNECTION, unmarked)).code == "BAD_USER_INPUT"


async def test_a_connection_must_be_an_http_url_with_a_host(tenant: TenantHandle) -> None:
    for base_url in ["ftp://1.2.3.4/v1", "1.2.3.4/v1", "http:///v1", "http://1.2.3.4:0/v1"]:
        refused = await tenant.gql(CREATE_CONNECTION, {"input": public("x", baseUrl=base_url)})
        assert refused.code == "BAD_USER_INPUT", base_url
        assert refused.errors[0]["extensions"]["field"] == "baseUrl"


async def test_every_call_checks_the_address_again(
    tenant: TenantHandle, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The host resolves to a "public" address when the connection is saved, and to the fake on
    # 127.0.0.1 afterwards (DNS rebinding): the check refuses to call it.
    real_getaddrinfo = socket.getaddrinfo
    answers: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in (REBINDING_HOST, REBINDING_HOST.encode()):
            return real_getaddrinfo(host, port, *args, **kwargs)
        answers.append(CHECKED if not answers else "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (answers[-1], port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(outbound, "_is_public", lambda address: address == CHECKED)
    port = fake.url.split(":")[2].split("/")[0]
    connection = await create_connection(
        tenant, fake_input(fake, baseUrl=f"http://{REBINDING_HOST}:{port}/v1", local=False)
    )

    check = await check_connection(tenant, connection["id"])

    assert check["ok"] is False and check["models"] == []
    assert "private, loopback or link-local" in check["error"]
    assert answers == [CHECKED, "127.0.0.1"]
    assert fake.requests == []


async def test_an_update_without_a_key_keeps_it_and_an_empty_one_drops_it(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection = await create_connection(tenant, fake_input(fake))
    kept = (
        await tenant.gql(
            UPDATE_CONNECTION,
            {"id": connection["id"], "input": fake_input(fake, apiKey=None, name="kept")},
        )
    ).ok()["updateProviderConnection"]
    assert kept["keyHint"] == "0001"
    assert (await check_connection(tenant, connection["id"]))["ok"] is True
    assert fake.requests[-1].key == fake.key

    dropped = (
        await tenant.gql(
            UPDATE_CONNECTION, {"id": connection["id"], "input": fake_input(fake, apiKey="")}
        )
    ).ok()["updateProviderConnection"]
    assert dropped["keyHint"] is None
    check = await check_connection(tenant, connection["id"])
    assert check["ok"] is False and "refused the key (401)" in check["error"]
    assert fake.requests[-1].key is None  # a keyless connection sends no Authorization


async def test_every_change_is_audited_without_the_key(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection = await create_connection(tenant, fake_input(fake))
    update = {"id": connection["id"], "input": fake_input(fake, apiKey="sk-second-key-0002")}
    (await tenant.gql(UPDATE_CONNECTION, update)).ok()
    await check_connection(tenant, connection["id"])
    (await tenant.gql(DELETE_CONNECTION, {"id": connection["id"]})).ok()

    edges = (await tenant.gql(AUDIT, {"targetId": connection["id"]})).ok()
    events = [edge["node"] for edge in edges["auditEvents"]["edges"]]
    assert [event["action"] for event in events] == [
        "provider_connection.delete",
        "provider_connection.test",
        "provider_connection.update",
        "provider_connection.create",
    ]
    delete, test, update_event, create = (event["diff"] for event in events)
    assert create["after"]["apiKey"] == "set" and create["after"]["keyHint"] == "0001"
    assert create["after"]["local"] is True and create["after"]["scope"] == "tenant"
    assert update_event == {
        "before": {"keyHint": "0001"},
        "after": {"keyHint": "0002", "apiKey": "changed"},
    }
    # The fake knows only the first key: the check's failure is audited too.
    error = "the provider refused the key (401): invalid x-api-key"
    assert test == {"after": {"ok": False, "models": 0, "error": error}}
    assert delete["before"]["name"] == "fake openai"
    assert "sk-test" not in str(events) and "sk-second" not in str(events)
