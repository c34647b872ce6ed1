"""Chat versions in the dashboard: the new-version form creates one from message rows (added and
removed by the form's own buttons) with a model configuration, refusals show beside their
fields, and the asset page shows messages role by role and the model configuration, as text."""

from __future__ import annotations

import re
from typing import Any

from tests.dashboard.client import DashboardClient, assert_rendered, redirect_target
from tests.support.chat_prompts import add_version, new_asset
from tests.support.graphql import TenantHandle

LATEST = """
query Latest($name: String!) {
  asset(name: $name) {
    versions { edges { node { number format messages { role content placeholder } modelConfig } } }
  }
}
"""
CHAT = {
    "format": "chat",
    "messages": [
        {
            "role": "system",
            "content": "Answer <b>briefly</b> for {{ product }}.",
            "placeholder": None,
        },
        {"role": "user", "content": "", "placeholder": "history"},
        {"role": "user", "content": "{{ question }}", "placeholder": None},
    ],
    "modelConfig": {"model": "gpt-<4o>", "temperature": 0.2},
}


def _rows(*rows: tuple[str, str, str]) -> dict[str, str]:
    fields = {}
    for number, (role, content, placeholder) in enumerate(rows):
        fields[f"messages-{number}-role"] = role
        fields[f"messages-{number}-content"] = content
        fields[f"messages-{number}-placeholder"] = placeholder
    return fields


async def _versions(tenant: TenantHandle, name: str) -> list[dict[str, Any]]:
    latest = (await tenant.gql(LATEST, {"name": name})).ok()["asset"]["versions"]
    return [edge["node"] for edge in latest["edges"]]


def _row_count(page: str) -> int:
    return len(re.findall(r'<div class="message-row" data-message="\d+">', page))


async def test_the_form_creates_a_chat_version_with_a_model_configuration(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset_id, name = await new_asset(tenant)

    response = await admin.post(
        f"/assets/{name}/versions/new",
        {
            "assetId": asset_id,
            "format": "CHAT",
            "body": "",
            **_rows(
                ("SYSTEM", "You help with {{ product }}.\n", ""),
                ("USER", "", "history"),
                ("USER", "{{ question }}", ""),
                ("ASSISTANT", "", ""),  # a row left blank is no message
            ),
            "modelConfig": '{"model": "gpt-4o-mini", "temperature": 0.3}',
            "message": "chat",
        },
    )

    assert redirect_target(response, htmx) == f"/assets/{name}"
    [version] = await _versions(tenant, name)
    assert version["format"] == "CHAT"
    assert version["messages"] == [
        {"role": "SYSTEM", "content": "You help with {{ product }}.\n", "placeholder": None},
        {"role": "USER", "content": "", "placeholder": "history"},
        {"role": "USER", "content": "{{ question }}", "placeholder": None},
    ]
    assert version["modelConfig"] == {"model": "gpt-4o-mini", "temperature": 0.3}


async def test_add_and_remove_buttons_change_the_rows_and_create_nothing(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset_id, name = await new_asset(tenant)
    path = f"/assets/{name}/versions/new"
    rows = _rows(("SYSTEM", "Kept system", ""), ("USER", "Second", ""))

    added = assert_rendered(
        await admin.post(
            path, {"assetId": asset_id, "format": "CHAT", **rows, "action": "add-message"}
        ),
        htmx,
    )
    removed = assert_rendered(
        await admin.post(
            path, {"assetId": asset_id, "format": "CHAT", **rows, "action": "remove-message-1"}
        ),
        htmx,
    )

    assert _row_count(added) == 3 and _row_count(removed) == 1
    assert "Kept system</textarea>" in added and "Second</textarea>" in added
    assert "Kept system</textarea>" in removed and "Second</textarea>" not in removed
    assert '<option value="CHAT" selected>' in added
    assert await _versions(tenant, name) == []


async def test_the_form_starts_from_a_chat_versions_messages(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset_id, name = await new_asset(tenant)
    (await add_version(tenant, asset_id, CHAT)).ok()

    form = assert_rendered(await admin.get(f"/assets/{name}/versions/new"), htmx)

    assert _row_count(form) == 3
    assert '<option value="CHAT" selected>' in form
    assert "Answer &lt;b&gt;briefly&lt;/b&gt; for {{ product }}.</textarea>" in form
    assert 'name="messages-1-placeholder" type="text" value="history"' in form
    assert re.search(r'name="messages-2-role">.*?<option value="USER" selected>', form, re.S)
    assert "&#34;model&#34;: &#34;gpt-&lt;4o&gt;&#34;" in form


async def test_refusals_show_beside_the_messages_and_the_model_configuration(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset_id, name = await new_asset(tenant)
    path = f"/assets/{name}/versions/new"
    base = {"assetId": asset_id, "format": "CHAT", "body": ""}

    no_messages = await admin.post(path, {**base, **_rows(("SYSTEM", " ", ""))})
    bad_setting = await admin.post(
        path, {**base, **_rows(("USER", "Hi", "")), "modelConfig": '{"temperature": 3}'}
    )
    text_with_messages = await admin.post(
        path, {**base, "format": "TEXT", "body": "Hi", **_rows(("USER", "Kept", ""))}
    )

    page = assert_rendered(no_messages, htmx, status=400)
    assert 'id="error-messages"' in page and "a CHAT version needs messages" in page
    page = assert_rendered(bad_setting, htmx, status=400)
    error = re.search(r'<p class="field-error" id="error-modelConfig">([^<]+)</p>', page)
    assert error is not None and error[1] == "modelConfig.temperature must be between 0 and 2"
    assert "{&#34;temperature&#34;: 3}</textarea>" in page
    page = assert_rendered(text_with_messages, htmx, status=400)
    assert 'id="error-messages"' in page and "messages are for CHAT versions" in page
    assert "Kept</textarea>" in page
    assert await _versions(tenant, name) == []


async def test_the_asset_page_shows_messages_role_by_role_and_the_model_config_as_text(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset_id, name = await new_asset(tenant)
    (await add_version(tenant, asset_id, CHAT)).ok()

    page = assert_rendered(await admin.get(f"/assets/{name}"), htmx)

    messages = re.findall(r'<li class="message[^"]*">(.*?)</li>', page, re.S)
    assert len(messages) == 3
    assert '<span class="role">system</span>' in messages[0]
    assert "Answer &lt;b&gt;briefly&lt;/b&gt; for {{ product }}." in messages[0]
    assert "<code>history</code>" in messages[1]
    assert '<span class="role">user</span><pre class="body">{{ question }}</pre>' in messages[2]
    assert "Model configuration of v1: <code>gpt-&lt;4o&gt;</code>" in page
    assert "&#34;model&#34;: &#34;gpt-&lt;4o&gt;&#34;" in page
    assert "<b>briefly</b>" not in page
