"""Admin pages for webhooks (secret shown once, deliveries with their status and response code,
redelivery) and the audit trail (paged, filtered by action and actor)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.dashboard.client import DashboardClient, assert_rendered, redirect_target
from tests.support.graphql import TenantHandle
from tests.support.receiver import Receiver, running_receiver
from tests.support.registry import make_asset
from tests.support.webhooks import create_webhook, deliveries_of, received, settled_deliveries

WEBHOOKS = "query Webhooks { webhooks { id url events } }"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as receiver:
        yield receiver


async def _webhooks(tenant: TenantHandle) -> list[dict[str, object]]:
    found: list[dict[str, object]] = (await tenant.gql(WEBHOOKS)).ok()["webhooks"]
    return found


async def test_a_new_webhook_shows_its_secret_once_and_receives_its_events(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle, receiver: Receiver
) -> None:
    response = await admin.post(
        "/admin/webhooks/new", {"url": receiver.url, "event_asset.created": "on"}
    )
    page = assert_rendered(response, htmx)
    assert response.headers["cache-control"] == "no-store"
    secret = re.search(r'id="new-secret" type="text" readonly value="([0-9a-f]{64})"', page)
    assert secret is not None and f"Webhook to {receiver.url} is created." in page
    await make_asset(tenant, versions=0)
    [request] = await received(receiver, 1)
    assert request.headers["x-promptvault-signature"]
    [webhook] = await _webhooks(tenant)
    assert webhook["events"] == ["asset.created"]
    listing = assert_rendered(await admin.get("/admin/webhooks"), htmx)
    assert secret[1] not in listing and f'data-webhook="{receiver.url}"' in listing


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"url": "ftp://example.com/hook", "event_asset.created": "on"}, "url", "http or https"),
        ({"url": "http://127.0.0.1:9/hook"}, "events", "at least one event"),
    ],
    ids=["bad-url", "no-event"],
)
async def test_a_refused_webhook_shows_the_reason_beside_its_field(
    admin: DashboardClient,
    htmx: bool,
    tenant: TenantHandle,
    form: dict[str, str],
    field: str,
    message: str,
) -> None:
    page = assert_rendered(await admin.post("/admin/webhooks/new", form), htmx, status=400)
    error = re.search(rf'<p class="field-error" id="error-{field}">([^<]+)</p>', page)
    assert error is not None and message in error[1]
    assert f'value="{form["url"]}"' in page and "new-secret" not in page
    assert await _webhooks(tenant) == []


async def test_deliveries_show_status_and_response_code_and_can_be_sent_again(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle, receiver: Receiver
) -> None:
    receiver.fail_next(1)
    webhook_id, _ = await create_webhook(tenant, receiver.url)
    await make_asset(tenant, versions=0)
    [delivery] = await settled_deliveries(tenant, webhook_id)
    path = f"/admin/webhooks/{webhook_id}"

    page = assert_rendered(await admin.get(path), htmx)
    row = re.search(rf'<tr data-delivery="{delivery["id"]}">(.*?)</tr>', page, re.S)
    assert row is not None
    cells = [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row[1], re.S)
    ]
    assert cells[:4] == ["asset.created", "succeeded", "2", "200"]

    response = await admin.post(f"{path}/redeliver", {"deliveryId": delivery["id"]})
    if htmx:
        assert "The asset.created event is queued to be sent again." in assert_rendered(
            response, htmx
        )
    else:
        assert redirect_target(response, htmx) == path
    await received(receiver, 3)
    assert len(await deliveries_of(tenant, webhook_id)) == 2


async def test_deleting_a_webhook_removes_it(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    webhook_id, _ = await create_webhook(tenant, "http://127.0.0.1:9/hook", ["rollout.rolled_back"])
    response = await admin.post("/admin/webhooks/delete", {"id": webhook_id})
    assert response.status_code == (200 if htmx else 303)
    assert await _webhooks(tenant) == []
    page = assert_rendered(await admin.get(f"/admin/webhooks/{webhook_id}"), htmx, status=404)
    assert "Webhook not found" in page


async def test_the_audit_trail_filters_by_action_and_actor(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    developer_id, _ = await tenant.user("DEVELOPER")
    mine = await make_asset(tenant, versions=0, name="by-admin")
    await tenant.gql(
        'mutation { createAsset(input: {name: "by-developer", title: "D"}) { id } }',
        role="DEVELOPER",
    )
    browser.use_session(tenant.token)

    page = assert_rendered(await browser.get("/admin/audit"), htmx)
    assert "<code>tenant.create</code>" in page and "<code>asset.create</code>" in page
    created = assert_rendered(await browser.get("/admin/audit", {"action": "asset.create"}), htmx)
    assert created.count("<code>asset.create</code>") == 2 and "user.create" not in created
    by_developer = assert_rendered(
        await browser.get("/admin/audit", {"action": "asset.create", "actorId": developer_id}),
        htmx,
    )
    assert by_developer.count("<code>asset.create</code>") == 1
    assert "by-developer" in by_developer and mine.name not in by_developer
    assert f'<option value="{developer_id}" selected>' in by_developer


async def test_the_audit_trail_pages_and_refuses_bad_filters_beside_them(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    for number in range(50):
        await tenant.gql(
            f'mutation {{ createApiKey(name: "k{number}", scopes: [GATE_READ]) {{ secret }} }}'
        )
    page = assert_rendered(await admin.get("/admin/audit"), htmx)
    assert page.count("<time ") == 50
    cursor = re.search(r'rel="next" href="/admin/audit\?([^"]+)"', page)
    assert cursor is not None
    second = assert_rendered(
        await admin.get(f"/admin/audit?{cursor[1].replace('&amp;', '&')}"), htmx
    )
    assert "<code>tenant.create</code>" in second and "First page" in second

    bad_cursor = await admin.get("/admin/audit", {"after": "garbage"})
    assert "after is not a valid cursor" in assert_rendered(bad_cursor, htmx, status=400)
    unknown_actor = await admin.get("/admin/audit", {"actorId": "nobody"})
    page = assert_rendered(unknown_actor, htmx, status=404)
    assert (
        re.search(r'class="alert" role="alert">no object with id &#39;nobody&#39;', page)
        and "<table" not in page
    )
