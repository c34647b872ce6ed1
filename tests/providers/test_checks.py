"""testProviderConnection against fake OpenAI and Anthropic servers on 127.0.0.1: the models they
offer, and each failure answered in the check (a refused key, a rate limit, a slow or absent
server), never raised. And the key: used where it should be, and nowhere else in clear."""

from __future__ import annotations

import dataclasses
import json
import logging
import socket
import uuid
from collections.abc import Iterator

import pytest
from tortoise import connections

from app.main import create_app
from app.settings import load_settings
from tests.support.fake_providers import FakeProvider, Kind, running_fake_provider
from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.providers import (
    CONNECTIONS,
    TEST_CONNECTION,
    UPDATE_CONNECTION,
    check_connection,
    create_connection,
    fake_input,
)

KEY = "sk-test-checks-abcd1234"
AUDIT = """
query Audit { auditEvents(targetType: "ProviderConnection", first: 50) { edges { node { diff } } } }
"""


@pytest.fixture(params=["openai", "anthropic"])
def fake(request: pytest.FixtureRequest) -> Iterator[FakeProvider]:
    kind: Kind = request.param
    with running_fake_provider(kind, key=KEY) as fake:
        yield fake


def _impatient_app() -> object:
    """An app that waits 0.3 s for a provider and retries once."""
    settings = dataclasses.replace(
        load_settings(), provider_timeout_seconds=0.3, provider_max_retries=1
    )
    return create_app(settings)


async def test_a_check_lists_the_models_the_server_offers(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    fake.models = ["zeta-1", "alpha-2", "mid-3"]
    connection = await create_connection(tenant, fake_input(fake))

    check = await check_connection(tenant, connection["id"])

    assert check["ok"] is True and check["error"] is None
    assert check["models"] == ["alpha-2", "mid-3", "zeta-1"]
    assert check["latencyMs"] > 0
    [request] = fake.requests
    assert (request.method, request.path) == ("GET", "/v1/models")
    assert request.headers["authorization"] == f"Bearer {KEY}"


async def test_a_refused_key_is_said_plainly(tenant: TenantHandle, fake: FakeProvider) -> None:
    connection = await create_connection(tenant, fake_input(fake, apiKey="sk-wrong-key-0000"))

    check = await check_connection(tenant, connection["id"])

    assert check == {
        "ok": False,
        "models": [],
        "error": "the provider refused the key (401): invalid x-api-key",
        "latencyMs": None,
    }
    assert len(fake.requests) == 1  # a refused key is not retried


async def test_a_rate_limit_is_waited_out_as_the_provider_asks(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection = await create_connection(tenant, fake_input(fake))
    fake.rate_limit(times=1)

    check = await check_connection(tenant, connection["id"])

    assert check["ok"] is True and check["models"] == ["fake-large", "fake-small"]
    assert [request.path for request in fake.requests] == ["/v1/models", "/v1/models"]
    assert fake.requests[1].headers["x-stainless-retry-count"] == "1"


async def test_a_rate_limit_that_lasts_past_the_retries_is_the_answer(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection = await create_connection(tenant, fake_input(fake))
    fake.rate_limit(times=2)

    async with GraphQLClient.for_app(_impatient_app()) as impatient:
        result = await impatient(TEST_CONNECTION, {"id": connection["id"]}, token=tenant.token)

    check = result.ok()["testProviderConnection"]
    assert check["ok"] is False
    assert check["error"].startswith("the provider's rate limit is reached (429)")
    assert len(fake.requests) == 2


async def test_a_server_slower_than_the_time_out_is_given_up_on(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection = await create_connection(tenant, fake_input(fake))
    fake.stall(5, times=2)

    async with GraphQLClient.for_app(_impatient_app()) as impatient:
        result = await impatient(TEST_CONNECTION, {"id": connection["id"]}, token=tenant.token)

    check = result.ok()["testProviderConnection"]
    assert check["ok"] is False
    assert check["error"] == "the provider sent nothing for 0.3 s, still after retrying"
    assert len(fake.requests) == 2


async def test_a_server_that_is_not_there_is_said_so(tenant: TenantHandle) -> None:
    with socket.socket() as unused:  # a port that nothing listens on
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    connection = await create_connection(
        tenant, {"name": "gone", "baseUrl": f"http://127.0.0.1:{port}/v1", "local": True}
    )

    async with GraphQLClient.for_app(_impatient_app()) as impatient:
        result = await impatient(TEST_CONNECTION, {"id": connection["id"]}, token=tenant.token)

    check = result.ok()["testProviderConnection"]
    assert check["ok"] is False
    assert check["error"].startswith("the provider cannot be reached")


async def test_the_servers_own_credentials_never_reach_a_provider(
    tenant: TenantHandle, fake: FakeProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the client libraries would otherwise read from the server's environment.
    for name, value in {
        "OPENAI_API_KEY": "sk-operator-openai",
        "OPENAI_ORG_ID": "org-operator",
        "OPENAI_PROJECT_ID": "proj-operator",
        "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
        "OPENAI_CUSTOM_HEADERS": "Authorization: Bearer sk-operator\nX-Operator: secret",
        "ANTHROPIC_API_KEY": "sk-ant-operator",
        "ANTHROPIC_AUTH_TOKEN": "sk-ant-operator-token",
        "ANTHROPIC_BASE_URL": "http://127.0.0.1:9",
        "ANTHROPIC_CUSTOM_HEADERS": "X-Api-Key: sk-ant-operator\nX-Operator: secret",
    }.items():
        monkeypatch.setenv(name, value)
    keyed = await create_connection(tenant, fake_input(fake))
    keyless = await create_connection(tenant, fake_input(fake, name="keyless", apiKey=None))

    assert (await check_connection(tenant, keyed["id"]))["ok"] is True
    await check_connection(tenant, keyless["id"])  # refused: the fake wants a key

    sent = [request.headers for request in fake.requests]
    assert sent[0]["authorization"] == f"Bearer {KEY}"
    assert "authorization" not in sent[1]
    for headers in sent:
        assert "operator" not in json.dumps(headers)
        assert not {"x-api-key", "x-operator", "openai-organization"} & set(headers)


async def test_the_key_is_nowhere_in_clear_but_in_the_call_to_the_provider(
    tenant: TenantHandle, fake: FakeProvider, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    answers = []
    connection = await create_connection(tenant, fake_input(fake))
    answers.append(connection)
    answers.append(await check_connection(tenant, connection["id"]))
    name = f"renamed {uuid.uuid4().hex}"
    update = {"id": connection["id"], "input": fake_input(fake, name=name)}
    answers.append((await tenant.gql(UPDATE_CONNECTION, update)).ok())
    answers.append((await tenant.gql(CONNECTIONS, role="DEVELOPER")).ok())
    answers.append((await tenant.gql(AUDIT)).ok())
    assert fake.requests[0].key == KEY  # it was used

    assert KEY not in json.dumps(answers)
    assert KEY not in caplog.text
    db = connections.get("default")
    for table in ("provider_connection", "audit_event"):
        rows = await db.execute_query_dict(f"SELECT * FROM {table}")  # noqa: S608
        assert rows and KEY not in json.dumps(rows, default=str), table
    [row] = await db.execute_query_dict(
        "SELECT key_ciphertext, key_hint FROM provider_connection WHERE name = ?"
        if db.schema_generator.DIALECT == "sqlite"
        else "SELECT key_ciphertext, key_hint FROM provider_connection WHERE name = $1",
        [name],
    )
    assert row["key_hint"] == "1234" and row["key_ciphertext"].startswith("gAAAAA")  # Fernet
