"""Runs in the playground against a fake OpenAI server on 127.0.0.1: Run answers the panes at once,
each pane's stream serves the answer as JSON text events and ends with the run's figures; two
versions compared run together; a draft runs unsaved; the server's refusals show beside the
form; Cancel stops a run; viewers and other tenants follow and run nothing."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.dashboard.client import DashboardClient, assert_rendered
from tests.support.chat_prompts import add_version, new_asset
from tests.support.fake_providers import FakeProvider, running_fake_provider
from tests.support.graphql import TenantHandle
from tests.support.providers import create_connection, fake_input

KEY = "sk-test-playground-7777"
SCHEMA = {
    "type": "object",
    "properties": {"topic": {"type": "string"}, "count": {"type": "integer"}},
    "required": ["topic"],
}
VERSIONS = "query V($name: String!) { asset(name: $name) { versions { edges { node { id } } } } }"


@pytest.fixture
def fake() -> Iterator[FakeProvider]:
    with running_fake_provider("openai", key=KEY) as fake:
        yield fake


async def _setup(
    tenant: TenantHandle, fake: FakeProvider, *bodies: str
) -> tuple[str, list[str], str]:
    """An asset with a version per body (the schema above), and a local connection to the fake:
    the asset's name, the version ids and the connection's id."""
    asset_id, name = await new_asset(tenant)
    ids = [
        (await add_version(tenant, asset_id, {"body": body, "variables": SCHEMA})).ok()[
            "createVersion"
        ]["id"]
        for body in bodies
    ]
    connection = await create_connection(tenant, fake_input(fake))
    return name, ids, connection["id"]


def _streams(page: str) -> list[str]:
    return re.findall(r'data-run-stream="([^"]+)"', page)


def _events(stream: str) -> list[tuple[str, dict[str, Any]]]:
    """The stream's events, each (name, data as JSON); comments left out."""
    found = []
    for block in stream.strip().split("\n\n"):
        lines = [line for line in block.split("\n") if not line.startswith(":")]
        if not lines:
            continue
        name = next(line[len("event: ") :] for line in lines if line.startswith("event: "))
        data = next(line[len("data: ") :] for line in lines if line.startswith("data: "))
        found.append((name, json.loads(data)))
    return found


async def _follow(client: DashboardClient, url: str) -> tuple[str, dict[str, Any]]:
    """The whole text a stream sent, and its last event's run."""
    response = await client.http.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    events = _events(response.text)
    assert events[0][0] == "output" and events[-1][0] == "done"
    text = events[0][1]["text"] + "".join(data["text"] for name, data in events if name == "delta")
    return text, events[-1][1]


async def test_a_version_runs_and_its_answer_streams_into_the_pane(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle, fake: FakeProvider
) -> None:
    name, ids, connection_id = await _setup(tenant, fake, "Tell me about {{ topic }}.")
    fake.answer = ["Cats ", "are ", "<b>great</b>", "\nindeed."]
    fake.usage = (21, 7)

    page = assert_rendered(
        await admin.post(
            "/playground/run",
            {"asset": name, "a": ids[0], "var-topic": "cats", "connectionId": connection_id},
        ),
        htmx,
    )

    [stream] = _streams(page)
    assert "Run</button>" in page and "Cancel<span" in page
    text, run = await _follow(admin, stream)
    assert text == "Cats are <b>great</b>\nindeed."
    assert run["status"] == "SUCCEEDED" and run["output"] == text
    assert (run["inputTokens"], run["outputTokens"]) == (21, 7)
    assert run["latencyMs"] > 0 and run["error"] is None
    [sent] = fake.chat_requests()
    assert sent.json["messages"] == [{"role": "user", "content": "Tell me about cats."}]
    assert sent.json["model"] == "fake-large"  # the connection's default

    # The run's page shows the answer as text.
    run_page = assert_rendered(await admin.get(stream.removesuffix("/stream")), htmx)
    assert "Cats are &lt;b&gt;great&lt;/b&gt;\nindeed.</pre>" in run_page
    assert "<b>great</b>" not in run_page and KEY not in run_page


async def test_two_versions_compared_run_together_on_the_same_variables(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle, fake: FakeProvider
) -> None:
    name, ids, connection_id = await _setup(tenant, fake, "A: {{ topic }}", "B: {{ topic }}!")

    page = assert_rendered(
        await admin.post(
            "/playground/run",
            {
                "asset": name,
                "a": ids[0],
                "b": ids[1],
                "var-topic": "dogs",
                "connectionId": connection_id,
                "model": "fake-small",
            },
        ),
        htmx,
    )

    streams = _streams(page)
    assert len(streams) == 2 and 'class="outputs compared"' in page
    assert re.search(r'<h2 id="pane-1-title">v1 <span class="muted">· fake-small', page)
    assert re.search(r'<h2 id="pane-2-title">v2 <span class="muted">· fake-small', page)
    for stream in streams:
        text, run = await _follow(admin, stream)
        assert text == "Hello, world." and run["status"] == "SUCCEEDED"
    sent = sorted(request.json["messages"][0]["content"] for request in fake.chat_requests())
    assert sent == ["A: dogs", "B: dogs!"]
    assert {request.json["model"] for request in fake.chat_requests()} == {"fake-small"}


async def test_the_draft_runs_unsaved_beside_a_version(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle, fake: FakeProvider
) -> None:
    name, ids, connection_id = await _setup(tenant, fake, "Saved {{ topic }}")
    form = {
        "asset": name,
        "a": ids[0],
        "b": "draft",
        "format": "CHAT",
        "messages-0-role": "SYSTEM",
        "messages-0-content": "Be brief about {{ topic }}.",
        "messages-0-placeholder": "",
        "messages-1-role": "USER",
        "messages-1-content": "",
        "messages-1-placeholder": "history",
        "variables": json.dumps(SCHEMA),
        "modelConfig": '{"temperature": 0.1}',
        "var-topic": "owls",
        "var-history": '[{"role": "user", "content": "Hi"}]',
        "connectionId": connection_id,
    }

    page = assert_rendered(await admin.post("/playground/run", form), htmx)

    streams = _streams(page)
    assert len(streams) == 2
    for stream in streams:
        await _follow(admin, stream)
    draft = next(r.json for r in fake.chat_requests() if r.json["messages"][0]["role"] == "system")
    assert draft["messages"] == [
        {"role": "system", "content": "Be brief about owls."},
        {"role": "user", "content": "Hi"},
    ]
    assert draft["temperature"] == 0.1
    assert len(await _version_ids(tenant, name)) == 1  # nothing saved


async def _version_ids(tenant: TenantHandle, name: str) -> list[str]:
    versions = (await tenant.gql(VERSIONS, {"name": name})).ok()["asset"]["versions"]["edges"]
    return [edge["node"]["id"] for edge in versions]


async def test_refused_values_show_beside_their_fields_and_nothing_runs(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle, fake: FakeProvider
) -> None:
    name, ids, connection_id = await _setup(tenant, fake, "About {{ topic }} x{{ count }}")
    form = {"asset": name, "a": ids[0], "connectionId": connection_id}

    not_a_number = await admin.post("/playground/run", {**form, "var-count": "many"})
    page = assert_rendered(not_a_number, htmx, status=400)
    assert re.search(r'<p class="field-error" id="var-1-error">count must be a number</p>', page)

    missing = await admin.post("/playground/run", {**form, "var-count": "2"})
    page = assert_rendered(missing, htmx, status=400)
    error = re.search(r'<p class="field-error" id="var-0-error">([^<]+)</p>', page)
    assert error is not None and "missing variable &#39;topic&#39;" in error[1]
    assert 'value="2"' in page  # what was typed is kept

    unknown = await admin.post(
        "/playground/run", {**form, "var-topic": "x", "moreVariables": '{"other": 1}'}
    )
    page = assert_rendered(unknown, htmx, status=400)
    assert re.search(r"unknown variable &#39;other&#39;", page)
    assert _streams(page) == [] and fake.chat_requests() == []


async def test_cancel_stops_a_run_in_the_middle_of_its_answer(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle, fake: FakeProvider
) -> None:
    name, ids, connection_id = await _setup(tenant, fake, "About {{ topic }}")
    fake.stall(60, after_pieces=2)  # far longer than the test: only Cancel ends it
    page = assert_rendered(
        await admin.post(
            "/playground/run",
            {"asset": name, "a": ids[0], "var-topic": "x", "connectionId": connection_id},
        ),
        htmx,
    )
    [stream] = _streams(page)
    cancel = re.search(r'<form method="post" action="([^"]+/cancel)"', page)
    assert cancel is not None

    cancelled = await admin.post(cancel[1])

    if htmx:
        assert cancelled.status_code == 204
    else:
        assert cancelled.status_code == 303
        assert cancelled.headers["location"] == stream.removesuffix("/stream")
    text, run = await _follow(admin, stream)
    assert run["status"] == "FAILED" and run["error"] == "cancelled"
    assert text == run["output"]


async def test_viewers_run_nothing_and_follow_nothing(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle, fake: FakeProvider
) -> None:
    name, ids, connection_id = await _setup(tenant, fake, "About {{ topic }}")
    browser.use_session(tenant.token)
    page = await browser.post(
        "/playground/run",
        {"asset": name, "a": ids[0], "var-topic": "x", "connectionId": connection_id},
    )
    [stream] = _streams(page.text)
    await _follow(browser, stream)

    browser.use_session(await tenant.token_for("VIEWER"))
    refused = await browser.post("/playground/run", {"asset": name, "a": ids[0], "var-topic": "x"})
    assert refused.status_code == 403
    assert "may not use model provider connections" in refused.text
    assert _streams(refused.text) == []
    assert (await browser.http.get(stream)).status_code == 403
    assert len(fake.chat_requests()) == 1


async def test_another_tenants_run_is_not_found(
    browser: DashboardClient,
    htmx: bool,
    tenant: TenantHandle,
    other_tenant: TenantHandle,
    fake: FakeProvider,
) -> None:
    name, ids, connection_id = await _setup(tenant, fake, "About {{ topic }}")
    browser.use_session(tenant.token)
    page = await browser.post(
        "/playground/run",
        {"asset": name, "a": ids[0], "var-topic": "x", "connectionId": connection_id},
    )
    [stream] = _streams(page.text)

    browser.use_session(other_tenant.token)
    assert (await browser.http.get(stream)).status_code == 404
    assert (await browser.get(stream.removesuffix("/stream"))).status_code == 404
    browser.http.cookies.clear()
    assert (await browser.http.get(stream)).status_code == 401


async def test_list_models_offers_what_the_connection_serves(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle, fake: FakeProvider
) -> None:
    name, ids, connection_id = await _setup(tenant, fake, "About {{ topic }}")
    fake.models = ["fake-<large>", "fake-tiny"]
    form = {"asset": name, "a": ids[0], "var-topic": "kept", "connectionId": connection_id}

    page = assert_rendered(await admin.post("/playground", {**form, "action": "list-models"}), htmx)

    assert '<option value="fake-&lt;large&gt;">' in page and '<option value="fake-tiny">' in page
    assert "<code>fake-&lt;large&gt;</code>" in page
    assert ">kept</textarea>" in page
