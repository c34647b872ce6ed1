"""Prompt runs through GraphQL against the fake providers: a saved version or a draft rendered,
sent through a connection, its answer kept with its usage and cost; resolution of the connection
and model; failures as FAILED runs with the provider's message; cancelling; the tenant's limit on
runs going at once; execution logs of a version's runs; isolation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.chat_prompts import add_version, new_asset
from tests.support.fake_providers import FakeProvider, running_fake_provider
from tests.support.graphql import TenantHandle
from tests.support.providers import create_connection, fake_input
from tests.support.registry import CREATE_VERSION, make_asset
from tests.support.runs import (
    CANCEL,
    PROMPT_RUN,
    PROMPT_RUNS,
    SET_PRICE,
    finished_run,
    output_reaches,
    run_prompt,
    run_until_ended,
    started_run,
)

KEY = "sk-test-runs-0001"
LOGS = """
query Logs($versionId: ID!) {
  executionLogs(versionId: $versionId) {
    edges {
      node { environment requestId model status latencyMs inputTokens outputTokens cost error }
    }
  }
}
"""
NODE = "query Node($id: ID!) { node(id: $id) { id ... on PromptRun { status output } } }"
AUDIT_ALL = "query { auditEvents(first: 100) { edges { node { action diff } } } }"


@pytest.fixture
def fake() -> Iterator[FakeProvider]:
    with running_fake_provider("openai", key=KEY) as fake:
        yield fake


@pytest.fixture
def anthropic() -> Iterator[FakeProvider]:
    with running_fake_provider("anthropic", key=KEY) as fake:
        yield fake


async def connection_to(tenant: TenantHandle, fake: FakeProvider, **overrides: Any) -> str:
    connection_id: str = (await create_connection(tenant, fake_input(fake, **overrides)))["id"]
    return connection_id


def of_version(version_id: str, connection_id: str, **variables: Any) -> dict[str, Any]:
    """RunPromptInput of a version made by make_asset (which takes a topic)."""
    return {
        "versionId": version_id,
        "variables": variables or {"topic": "tea"},
        "connectionId": connection_id,
    }


def of_draft(connection_id: str, body: str = "Hi", **more: Any) -> dict[str, Any]:
    return {"draft": {"body": body}, "connectionId": connection_id, **more}


async def test_a_version_runs_and_keeps_the_answer_with_its_usage(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection_id = await connection_to(tenant, fake)
    asset = await make_asset(tenant)
    started = await started_run(
        tenant, of_version(asset.version_ids[0], connection_id), role="DEVELOPER"
    )
    assert started["status"] == "RUNNING" and started["variables"] == {"topic": "tea"}
    run = await run_until_ended(tenant, started["id"], role="DEVELOPER")
    assert run["status"] == "SUCCEEDED", run
    assert run["output"] == "Hello, world." and run["error"] is None
    assert (run["inputTokens"], run["outputTokens"], run["cost"]) == (12, 4, 0)
    assert run["model"] == "fake-large"
    assert run["messages"] == [{"role": "USER", "content": f"Body 1 of {asset.name}: tea"}]
    assert run["version"]["id"] == asset.version_ids[0]
    assert run["connection"]["id"] == connection_id
    assert run["actor"]["id"] == (await tenant.user("DEVELOPER"))[0]
    assert run["latencyMs"] >= run["firstPieceMs"] >= 0 and run["finishedAt"]
    sent = fake.chat_requests()[-1].json
    assert sent["messages"] == [{"role": "user", "content": f"Body 1 of {asset.name}: tea"}]
    assert sent["model"] == "fake-large"

    node = (await tenant.gql(NODE, {"id": run["id"]}, role="REVIEWER")).ok()["node"]
    assert node == {"id": run["id"], "status": "SUCCEEDED", "output": "Hello, world."}


async def test_every_run_is_audited_with_its_variables_and_never_the_key(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection_id = await connection_to(tenant, fake)
    asset = await make_asset(tenant)
    run = await finished_run(tenant, of_version(asset.version_ids[0], connection_id))
    runs = (await tenant.gql(PROMPT_RUNS, {})).ok()["promptRuns"]["edges"]
    assert [edge["node"]["id"] for edge in runs] == [run["id"]]
    events = (await tenant.gql(AUDIT_ALL)).ok()["auditEvents"]["edges"]
    created = [e["node"] for e in events if e["node"]["action"] == "prompt_run.create"]
    assert len(created) == 1
    after = created[0]["diff"]["after"]
    assert after["variables"] == {"topic": "tea"} and after["model"] == "fake-large"
    assert after["connection"] == "fake openai" and after["version"] == asset.version_ids[0]
    assert KEY not in str(events)


async def test_a_draft_runs_without_being_saved_and_a_chat_draft_sends_its_messages(
    tenant: TenantHandle, anthropic: FakeProvider
) -> None:
    connection_id = await connection_to(tenant, anthropic)
    draft = {
        "format": "CHAT",
        "messages": [
            {"role": "SYSTEM", "content": "You answer about {{ topic }}."},
            {"role": "USER", "content": "Tell me one thing."},
        ],
        "variables": {"type": "object", "properties": {"topic": {"type": "string"}}},
        "modelConfig": {"temperature": 0.2, "maxTokens": 50},
    }
    run = await finished_run(
        tenant,
        {"draft": draft, "variables": {"topic": "tea"}, "connectionId": connection_id},
        role="DEVELOPER",
    )
    assert run["status"] == "SUCCEEDED" and run["version"] is None
    assert run["output"] == "Hello, world." and run["modelConfig"]["temperature"] == 0.2
    sent = anthropic.chat_requests()[-1].json
    assert sent["system"] == "You answer about tea."
    assert sent["messages"] == [{"role": "user", "content": "Tell me one thing."}]
    assert sent["temperature"] == 0.2 and sent["max_tokens"] == 50

    text = await finished_run(
        tenant, of_draft(connection_id, "Say {{ word }}.", variables={"word": "hi"})
    )
    assert text["messages"] == [{"role": "USER", "content": "Say hi."}]


async def test_a_draft_and_its_variables_are_checked_like_a_version(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection_id = await connection_to(tenant, fake)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"draft": {"body": "Say {{ word }}."}, "variables": {}}, "variables"),
        ({"draft": {"body": "Hi"}, "variables": {"extra": 1}}, "variables"),
        ({"draft": {"body": "  "}}, "body"),
        ({"draft": {"format": "CHAT", "body": ""}}, "messages"),
        ({"draft": {"body": "Hi", "modelConfig": {"temperature": 9}}}, "modelConfig.temperature"),
        ({"draft": {"body": "Hi"}, "modelConfig": {"colour": "red"}}, "modelConfig.colour"),
        ({}, "versionId"),
    ]
    for input, field in cases:
        result = await run_prompt(tenant, {**input, "connectionId": connection_id})
        assert result.code == "BAD_USER_INPUT", (input, result.errors)
        assert result.errors[0]["extensions"]["field"] == field, (input, result.errors)
    assert fake.chat_requests() == []


async def test_the_connection_and_model_come_from_the_input_else_the_model_config(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    await connection_to(tenant, fake, name="team", defaultModel="fake-small")
    asset = await make_asset(tenant, versions=0)
    created = await tenant.gql(
        CREATE_VERSION,
        {
            "assetId": asset.id,
            "input": {"body": "Hi", "modelConfig": {"provider": "team", "model": "fake-large"}},
        },
    )
    version_id = created.ok()["createVersion"]["id"]

    by_config = await finished_run(tenant, {"versionId": version_id})
    assert by_config["connection"]["name"] == "team" and by_config["model"] == "fake-large"
    chosen = await finished_run(tenant, {"versionId": version_id, "model": "fake-small"})
    assert chosen["model"] == "fake-small"
    overridden = await finished_run(
        tenant, {"versionId": version_id, "modelConfig": {"model": "other", "temperature": 1}}
    )
    assert overridden["model"] == "other"
    assert overridden["modelConfig"] == {"provider": "team", "model": "other", "temperature": 1}
    assert [request.json["model"] for request in fake.chat_requests()] == [
        "fake-large",
        "fake-small",
        "other",
    ]
    # No connection named anywhere; a provider name nobody has; no model at all.
    nameless = await run_prompt(tenant, {"draft": {"body": "Hi"}})
    assert nameless.code == "BAD_USER_INPUT"
    assert nameless.errors[0]["extensions"]["field"] == "connectionId"
    unknown = await run_prompt(tenant, {"draft": {"body": "Hi", "modelConfig": {"provider": "x"}}})
    assert unknown.code == "NOT_FOUND"
    bare = await connection_to(tenant, fake, name="bare", defaultModel=None)
    modelless = await run_prompt(tenant, of_draft(bare))
    assert modelless.code == "BAD_USER_INPUT"
    assert modelless.errors[0]["extensions"]["field"] == "model"


async def test_a_chat_version_runs_its_rendered_messages(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection_id = await connection_to(tenant, fake)
    asset_id, _ = await new_asset(tenant)
    prompt = {
        "format": "chat",
        "messages": [
            {"role": "system", "content": "You are terse about {{ topic }}."},
            {"role": "user", "placeholder": "history"},
            {"role": "user", "content": "And now?"},
        ],
    }
    version_id = (await add_version(tenant, asset_id, prompt)).ok()["createVersion"]["id"]
    history = [{"role": "assistant", "content": "Earlier."}]
    run = await finished_run(
        tenant, of_version(version_id, connection_id, topic="tea", history=history)
    )
    assert run["status"] == "SUCCEEDED"
    assert fake.chat_requests()[-1].json["messages"] == [
        {"role": "system", "content": "You are terse about tea."},
        {"role": "assistant", "content": "Earlier."},
        {"role": "user", "content": "And now?"},
    ]
    missing = await run_prompt(tenant, of_version(version_id, connection_id, topic="tea"))
    assert missing.code == "BAD_USER_INPUT" and "history" in missing.errors[0]["message"]


async def test_a_refused_key_fails_the_run_with_the_providers_message(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection_id = await connection_to(tenant, fake, apiKey="sk-wrong-key-9999")
    run = await finished_run(tenant, of_draft(connection_id))
    assert run["status"] == "FAILED" and run["output"] == ""
    assert "key" in run["error"] and "sk-wrong" not in run["error"]


async def test_a_rate_limit_is_waited_out_and_the_run_succeeds(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection_id = await connection_to(tenant, fake)
    fake.rate_limit(times=1)
    run = await finished_run(tenant, of_draft(connection_id))
    assert run["status"] == "SUCCEEDED" and run["output"] == "Hello, world."
    assert len(fake.chat_requests()) == 2


async def test_a_dropped_stream_fails_the_run_keeping_what_came(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection_id = await connection_to(tenant, fake)
    fake.drop_stream(after_pieces=2)
    run = await finished_run(tenant, of_draft(connection_id))
    assert run["status"] == "FAILED"
    assert run["output"] == "Hello, "
    assert "broke off" in run["error"] or "lost" in run["error"], run["error"]


async def test_a_cancelled_run_ends_failed_while_the_model_still_holds_it(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection_id = await connection_to(tenant, fake)
    fake.hold(after_pieces=1)
    started = await started_run(tenant, of_draft(connection_id))
    await output_reaches(tenant, started["id"], "Hello")

    cancelled = (await tenant.gql(CANCEL, {"id": started["id"]}, role="DEVELOPER")).ok()
    assert cancelled["cancelPromptRun"]["cancelRequested"] is True
    run = await run_until_ended(tenant, started["id"])
    assert (run["status"], run["error"], run["output"]) == ("FAILED", "cancelled", "Hello")
    # Cancelling an ended run changes nothing.
    again = (await tenant.gql(CANCEL, {"id": started["id"]})).ok()["cancelPromptRun"]
    assert again["status"] == "FAILED"
    fake.release()


async def test_a_tenant_runs_at_most_its_limit_at_once(
    tenant: TenantHandle, other_tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection_id = await connection_to(tenant, fake)
    fake.hold(after_pieces=1, times=4)
    held = [await started_run(tenant, of_draft(connection_id)) for _ in range(4)]
    for run in held:  # each one's answer is held by the fake after its first piece
        await output_reaches(tenant, run["id"], "Hello")
    refused = await run_prompt(tenant, of_draft(connection_id))
    assert refused.code == "RATE_LIMITED"
    assert "PROMPTVAULT_RUNS_PER_TENANT=4" in refused.errors[0]["message"]
    # Another tenant is not held back.
    other = await connection_to(other_tenant, fake)
    assert (await finished_run(other_tenant, of_draft(other)))["status"] == "SUCCEEDED"

    fake.release()
    for run in held:
        assert (await run_until_ended(tenant, run["id"]))["status"] == "SUCCEEDED"
    assert (await finished_run(tenant, of_draft(connection_id)))["status"] == "SUCCEEDED"


async def test_a_versions_run_is_an_execution_log_costed_from_the_price_table(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection_id = await connection_to(tenant, fake)
    fake.usage = (1000, 500)
    (await tenant.gql(SET_PRICE, {"model": "fake-large", "input": 3.0, "output": 15.0})).ok()
    asset = await make_asset(tenant)
    run = await finished_run(tenant, of_version(asset.version_ids[0], connection_id))
    assert run["cost"] == pytest.approx(1000 * 3.0 / 1e6 + 500 * 15.0 / 1e6)
    logs = (await tenant.gql(LOGS, {"versionId": asset.version_ids[0]})).ok()
    [log] = [edge["node"] for edge in logs["executionLogs"]["edges"]]
    assert log == {
        "environment": "playground",
        "requestId": run["id"],
        "model": "fake-large",
        "status": "SUCCESS",
        "latencyMs": run["latencyMs"],
        "inputTokens": 1000,
        "outputTokens": 500,
        "cost": run["cost"],
        "error": None,
    }
    # A failed run is an ERROR log; a draft's run is none.
    fake.drop_stream(after_pieces=1)
    failed = await finished_run(tenant, of_version(asset.version_ids[0], connection_id))
    await finished_run(tenant, of_draft(connection_id))
    logs = (await tenant.gql(LOGS, {"versionId": asset.version_ids[0]})).ok()
    statuses = [(e["node"]["status"], e["node"]["error"]) for e in logs["executionLogs"]["edges"]]
    assert statuses == [("ERROR", failed["error"]), ("SUCCESS", None)]


async def test_runs_are_listed_newest_first_and_by_version(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection_id = await connection_to(tenant, fake)
    asset = await make_asset(tenant, versions=2)
    ids = []
    for input in [
        of_version(asset.version_ids[0], connection_id),
        of_version(asset.version_ids[1], connection_id),
        of_draft(connection_id),
    ]:
        ids.append((await finished_run(tenant, input))["id"])
    first = (await tenant.gql(PROMPT_RUNS, {"first": 2})).ok()["promptRuns"]
    assert [edge["node"]["id"] for edge in first["edges"]] == [ids[2], ids[1]]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = (await tenant.gql(PROMPT_RUNS, {"after": first["pageInfo"]["endCursor"]})).ok()
    assert [edge["node"]["id"] for edge in rest["promptRuns"]["edges"]] == [ids[0]]
    of_v1 = (await tenant.gql(PROMPT_RUNS, {"versionId": asset.version_ids[0]})).ok()
    assert [edge["node"]["id"] for edge in of_v1["promptRuns"]["edges"]] == [ids[0]]


async def test_another_tenants_run_version_and_connection_are_not_found(
    tenant: TenantHandle, other_tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection_id = await connection_to(tenant, fake)
    asset = await make_asset(tenant)
    run = await finished_run(tenant, of_version(asset.version_ids[0], connection_id))
    theirs = await connection_to(other_tenant, fake)
    checks = [
        await other_tenant.gql(PROMPT_RUN, {"id": run["id"]}),
        await other_tenant.gql(NODE, {"id": run["id"]}),
        await other_tenant.gql(CANCEL, {"id": run["id"]}),
        await other_tenant.gql(PROMPT_RUNS, {"versionId": asset.version_ids[0]}),
        await run_prompt(other_tenant, of_version(asset.version_ids[0], theirs)),
        await run_prompt(other_tenant, of_draft(connection_id)),
    ]
    assert [result.code for result in checks] == ["NOT_FOUND"] * len(checks)
    assert (await other_tenant.gql(PROMPT_RUNS, {})).ok()["promptRuns"]["edges"] == []


async def test_a_run_through_a_users_own_connection_hides_the_connection_from_others(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    mine = await create_connection(tenant, fake_input(fake, name="mine", scope="USER"))
    run = await finished_run(tenant, of_draft(mine["id"]))
    seen = (await tenant.gql(PROMPT_RUN, {"id": run["id"]}, role="DEVELOPER")).ok()["promptRun"]
    assert seen["connection"] is None and seen["output"] == "Hello, world."
    # A colleague cannot run through it.
    refused = await run_prompt(tenant, of_draft(mine["id"]), role="DEVELOPER")
    assert refused.code == "NOT_FOUND"
