"""The playground's page: the asset and versions to choose, a variables form made from the
version's schema, a draft edited with the new-version form's pieces and saved as a version, and
who may run. Runs and their streams are in test_playground_runs.py."""

from __future__ import annotations

import re
from typing import Any

from tests.dashboard.client import DashboardClient, assert_rendered
from tests.support.chat_prompts import add_version, new_asset
from tests.support.graphql import TenantHandle

SCHEMA = {
    "type": "object",
    "properties": {
        "topic": {"type": "string", "description": "What to write <b>about</b>"},
        "title": {"type": "string", "maxLength": 80},
        "count": {"type": "integer", "default": 3},
        "ratio": {"type": "number"},
        "tone": {"enum": ["plain", "warm"]},
        "formal": {"type": "boolean"},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["topic", "tone"],
}
BODY = "{{ count }} on {{ topic }}: {{ title }} {{ ratio }} {{ tone }} {{ formal }} {{ tags }}"
VERSIONS = """
query Versions($name: String!) {
  asset(name: $name) { versions { edges { node { id number status body message modelConfig } } } }
}
"""


async def _asset(tenant: TenantHandle, *prompts: dict[str, Any]) -> tuple[str, str, list[str]]:
    """An asset with these versions (the runtime API's shape): its id, name and version ids."""
    asset_id, name = await new_asset(tenant)
    ids = []
    for prompt in prompts:
        ids.append((await add_version(tenant, asset_id, prompt)).ok()["createVersion"]["id"])
    return asset_id, name, ids


async def _versions(tenant: TenantHandle, name: str) -> list[dict[str, Any]]:
    data = (await tenant.gql(VERSIONS, {"name": name})).ok()["asset"]["versions"]
    return [edge["node"] for edge in data["edges"]]


def _field(page: str, variable: str) -> str:
    pattern = rf'<div class="field[^"]*" data-variable="{variable}">(.*?)</div>'
    found = re.search(pattern, page, re.S)
    assert found is not None, page
    return found[1]


def _selected(page: str, select_id: str) -> str | None:
    select = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None, page
    chosen = re.search(r'<option value="([^"]*)" selected>', select[1])
    return chosen[1] if chosen else None


async def test_the_playground_opens_on_the_latest_version_with_the_draft_copied_from_it(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    _, name, ids = await _asset(
        tenant, {"body": "First {{ topic }}"}, {"body": "Second <i>{{ topic }}</i>"}
    )

    page = assert_rendered(await admin.get("/playground", {"asset": name}), htmx)

    assert _selected(page, "playground-asset") == name
    assert _selected(page, "playground-a") == ids[1]
    assert _selected(page, "playground-b") is None
    assert ">Second &lt;i&gt;{{ topic }}&lt;/i&gt;</textarea>" in page  # the draft, as text
    assert 'name="var-topic"' in page and "Run</button>" in page


async def test_the_variables_form_is_made_from_the_versions_schema(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    _, name, ids = await _asset(tenant, {"body": BODY, "variables": SCHEMA})

    page = assert_rendered(await admin.get("/playground", {"asset": name}), htmx)

    topic = _field(page, "topic")
    assert "<textarea" in topic and 'aria-required="true"' in topic
    assert "What to write &lt;b&gt;about&lt;/b&gt;" in topic
    assert '<input id="var-2" name="var-title" type="text"' in _field(page, "title")
    assert 'type="number" step="1" value="3"' in _field(page, "count")
    assert 'type="number" step="any" value=""' in _field(page, "ratio")
    tone = _field(page, "tone")
    assert '<option value="&#34;plain&#34;">plain</option>' in tone
    assert '<option value="">' not in tone  # required: no empty choice
    assert 'type="checkbox"' in _field(page, "formal")
    # In the order the text uses them, on PostgreSQL too (its JSONB keeps no order of keys).
    assert re.findall(r'data-variable="(\w+)"', page) == [
        "count",
        "topic",
        "title",
        "ratio",
        "tone",
        "formal",
        "tags",
    ]
    assert 'class="code"' in _field(page, "tags") and "JSON" in _field(page, "tags")


async def test_a_placeholder_is_json_and_a_version_without_schema_asks_for_what_it_uses(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    chat = {
        "format": "chat",
        "messages": [
            {"role": "system", "content": "Help with {{ product }}."},
            {"role": "user", "content": "", "placeholder": "history"},
        ],
    }
    _, name, _ = await _asset(tenant, chat)

    page = assert_rendered(await admin.get("/playground", {"asset": name}), htmx)

    assert "<textarea" in _field(page, "product")
    history = _field(page, "history")
    assert 'class="code"' in history and "A list of messages" in history
    assert '<option value="CHAT" selected>' in page  # the draft is a chat draft
    assert "Help with {{ product }}.</textarea>" in page


async def test_compare_shows_the_variables_of_both_sides(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    _, name, ids = await _asset(tenant, {"body": "A {{ topic }}"}, {"body": "B {{ audience }}"})

    page = assert_rendered(
        await admin.get("/playground", {"asset": name, "version": ids[0], "compare": ids[1]}),
        htmx,
    )

    assert _selected(page, "playground-a") == ids[0]
    assert _selected(page, "playground-b") == ids[1]
    assert 'data-variable="topic"' in page and 'data-variable="audience"' in page
    assert "Run both</button>" in page


async def test_the_draft_keeps_what_was_typed_and_its_schema_makes_the_fields(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    _, name, ids = await _asset(tenant, {"body": "Old {{ topic }}"})
    form = {
        "asset": name,
        "a": "draft",
        "format": "TEXT",
        "body": "  New {{ subject }}\n",
        "variables": '{"type": "object", "properties": {"subject": {"enum": ["a", "b"]}}}',
        "var-subject": '"b"',
        "action": "refresh",
    }

    page = assert_rendered(await admin.post("/playground", form), htmx)

    assert _selected(page, "playground-a") == "draft"
    assert ">  New {{ subject }}\n</textarea>" in page
    assert '<option value="&#34;b&#34;" selected>b</option>' in _field(page, "subject")
    assert 'data-variable="topic"' not in page

    added = assert_rendered(
        await admin.post("/playground", {**form, "format": "CHAT", "action": "add-message"}),
        htmx,
    )
    assert len(re.findall(r'<div class="message-row"', added)) == 1  # none typed: one added

    copied = assert_rendered(
        await admin.post("/playground", {**form, "a": ids[0], "action": "copy-version"}), htmx
    )
    assert ">Old {{ topic }}</textarea>" in copied


async def test_a_draft_is_saved_as_a_new_version_and_linked(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    _, name, _ = await _asset(tenant, {"body": "Old {{ topic }}"})
    form = {
        "asset": name,
        "a": "draft",
        "format": "TEXT",
        "body": "Saved {{ topic }}",
        "modelConfig": '{"temperature": 0.4}',
        "message": "tried in the playground",
    }

    page = assert_rendered(await admin.post("/playground/save", form), htmx)

    assert f"The draft is saved as version 2 of {name}." in page
    assert f'href="/assets/{name}#v2"' in page
    latest = (await _versions(tenant, name))[0]
    assert latest["number"] == 2 and latest["status"] == "DRAFT"
    assert latest["body"] == "Saved {{ topic }}" and latest["message"] == "tried in the playground"
    assert latest["modelConfig"] == {"temperature": 0.4}
    assert 'name="message" type="text" value=""' in page  # ready for the next one


async def test_a_refused_draft_says_why_beside_its_field_and_saves_nothing(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    _, name, _ = await _asset(tenant, {"body": "Old"})
    form = {"asset": name, "a": "draft", "format": "TEXT", "body": "New"}

    bad_json = await admin.post("/playground/save", {**form, "modelConfig": "{nope"})
    page = assert_rendered(bad_json, htmx, status=400)
    assert re.search(r'id="error-modelConfig">modelConfig is not valid JSON', page)

    bad_setting = await admin.post("/playground/save", {**form, "modelConfig": '{"topP": 7}'})
    page = assert_rendered(bad_setting, htmx, status=400)
    error = re.search(r'<p class="field-error" id="error-modelConfig">([^<]+)</p>', page)
    assert error is not None and "topP" in error[1]
    assert len(await _versions(tenant, name)) == 1


async def test_an_asset_that_does_not_exist_is_said(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    page = assert_rendered(await admin.get("/playground", {"asset": "no-such"}), htmx, 404)
    assert "no asset named &#39;no-such&#39;" in page


async def test_viewers_read_the_playground_but_have_no_run_button(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    _, name, _ = await _asset(tenant, {"body": "Hi {{ topic }}"})
    browser.use_session(await tenant.token_for("VIEWER"))

    page = assert_rendered(await browser.get("/playground", {"asset": name}), htmx)

    assert 'name="var-topic"' in page
    assert "Run</button>" not in page and "Save the draft" not in page
    assert "may read prompts here but run none" in page
    assert 'href="/playground"' not in (await browser.http.get("/assets")).text
    browser.use_session(await tenant.token_for("DEVELOPER"))
    assert 'href="/playground"' in (await browser.http.get("/assets")).text
