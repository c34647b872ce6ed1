"""Change request pages: the list by status and page, one request with its versions, reviews and
the CI gate's verdict with a reason per request and per version, and its review."""

from __future__ import annotations

import re

import pytest

from tests.dashboard.client import DashboardClient, assert_rendered
from tests.support.governance import REPOSITORY, open_change_request
from tests.support.graphql import TenantHandle
from tests.support.registry import make_asset

STATUS = "query Status($id: ID!) { node(id: $id) { ... on ChangeRequest { status } } }"


async def _status(tenant: TenantHandle, change_request_id: str) -> str:
    status: str = (await tenant.gql(STATUS, {"id": change_request_id})).ok()["node"]["status"]
    return status


async def test_the_list_filters_by_status_and_links_each_request(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=2)
    opened = await open_change_request(tenant, asset.version_ids[:1], title="Warmer tone")
    passed = await open_change_request(tenant, asset.version_ids[1:], title="Shorter")
    browser.use_session(await tenant.token_for("REVIEWER"))
    await browser.post(
        f"/change-requests/{passed['id']}/review", {"id": passed["id"], "decision": "APPROVE"}
    )

    page = assert_rendered(await browser.get("/change-requests"), htmx)
    assert page.index("Shorter") < page.index("Warmer tone")  # newest first
    assert f'href="/change-requests/{opened["id"]}"' in page
    assert f"<code>{opened['commitSha'][:10]}</code>" in page and REPOSITORY in page
    only_open = assert_rendered(await browser.get("/change-requests", {"status": "OPEN"}), htmx)
    assert "Warmer tone" in only_open and "Shorter" not in only_open
    assert '<option value="OPEN" selected>' in only_open
    merged = assert_rendered(await browser.get("/change-requests", {"status": "MERGED"}), htmx)
    assert "No change request is merged." in merged


async def test_a_status_that_does_not_exist_is_refused_beside_the_filters(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    page = assert_rendered(
        await admin.get("/change-requests", {"status": "LOST"}), htmx, status=400
    )
    assert re.search(r'class="alert" role="alert">[^<]*LOST', page)
    assert "<table" not in page


async def test_the_list_pages_with_cursors(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=1)
    for number in range(21):
        await open_change_request(tenant, asset.version_ids, title=f"Change {number:02}")
    page = assert_rendered(await admin.get("/change-requests"), htmx)
    assert page.count("<tr>") == 21  # the header row and 20 requests
    cursor = re.search(r'rel="next" href="/change-requests\?status=&amp;after=([^"]+)"', page)
    assert cursor is not None
    second = assert_rendered(await admin.get(f"/change-requests?after={cursor[1]}"), htmx)
    assert "Change 00" in second and "Change 20" not in second


async def test_a_request_shows_its_versions_reviews_and_gate_with_reasons(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=1, name="support-reply")
    draft = await make_asset(tenant, versions=1, name="greeting", approved=False)
    request = await open_change_request(
        tenant, [asset.version_ids[0], draft.version_ids[0]], risk="HIGH", title="Tone"
    )
    browser.use_session(await tenant.token_for("REVIEWER"))
    path = f"/change-requests/{request['id']}"

    page = assert_rendered(await browser.get(path), htmx)

    assert '<strong class="status status-rejected">FAIL</strong>' in page
    reasons = re.findall(r"<li>(change request|version) ([^<]+)</li>", page)
    assert reasons == [
        ("change request", "&#39;Tone&#39; (high risk): 0 of 2 approvals"),
        ("version", "greeting@v1: DRAFT, not reviewed"),
        ("version", "support-reply@v1: approved"),
    ]
    assert "(0 of 2 approvals)" in page and "No reviews yet." in page
    assert 'href="/assets/support-reply"' in page and "Approve change request" in page


async def test_reviewing_a_request_records_the_review_and_updates_the_gate(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=1)
    request = await open_change_request(tenant, asset.version_ids, title="Tone")
    browser.use_session(await tenant.token_for("REVIEWER"))
    path = f"/change-requests/{request['id']}"

    response = await browser.post(
        f"{path}/review", {"id": request["id"], "decision": "APPROVE", "comment": "Clear"}
    )

    if htmx:
        page = assert_rendered(response, htmx)
        assert "You reviewed &#39;Tone&#39;: it is approved." in page
    else:
        assert (response.status_code, response.headers["location"]) == (303, path)
        page = assert_rendered(await browser.get(path), htmx)
    assert '<strong class="status status-approved">PASS</strong>' in page
    assert "(1 of 1 approvals)" in page and "Clear" in page
    assert await _status(tenant, request["id"]) == "APPROVED"


async def test_the_author_of_a_request_is_told_they_cannot_review_it(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=1)
    request = await open_change_request(tenant, asset.version_ids, role="ADMIN")
    response = await admin.post(
        f"/change-requests/{request['id']}/review",
        {"id": request["id"], "decision": "APPROVE", "comment": "mine"},
    )
    page = assert_rendered(response, htmx, status=403)
    assert "an author may not review their own change request" in page
    assert ">mine</textarea>" in page
    assert await _status(tenant, request["id"]) == "OPEN"


async def test_a_review_comment_too_long_is_refused_beside_the_comment(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=1)
    request = await open_change_request(tenant, asset.version_ids)
    response = await admin.post(
        f"/change-requests/{request['id']}/review",
        {"id": request["id"], "decision": "REJECT", "comment": "x" * 5001},
    )
    page = assert_rendered(response, htmx, status=400)
    assert 'id="error-comment">comment must be at most 5000 characters' in page
    assert await _status(tenant, request["id"]) == "OPEN"


@pytest.mark.parametrize("role", ["VIEWER", "DEVELOPER"])
async def test_roles_that_may_not_review_see_no_form_and_are_refused(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle, role: str
) -> None:
    asset = await make_asset(tenant, versions=1)
    request = await open_change_request(tenant, asset.version_ids, role="ADMIN")
    browser.use_session(await tenant.token_for(role))
    path = f"/change-requests/{request['id']}"
    page = assert_rendered(await browser.get(path), htmx)
    assert "Approve change request" not in page
    refused = await browser.post(f"{path}/review", {"id": request["id"], "decision": "APPROVE"})
    assert f"your role ({role.lower()}) may not review" in assert_rendered(
        refused, htmx, status=403
    )
    missing_csrf = await browser.post(
        f"{path}/review", {"id": request["id"], "decision": "APPROVE"}, csrf=""
    )
    assert missing_csrf.status_code == 403
    assert await _status(tenant, request["id"]) == "OPEN"


async def test_another_tenants_request_is_not_found(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    theirs = await make_asset(other_tenant, versions=1)
    request = await open_change_request(other_tenant, theirs.version_ids)
    page = assert_rendered(await admin.get(f"/change-requests/{request['id']}"), htmx, 404)
    assert "ChangeRequest not found" in page
    asset = await make_asset(tenant, versions=1)
    not_a_request = await admin.get(f"/change-requests/{asset.id}")
    assert "No change request has this id." in assert_rendered(not_a_request, htmx, 404)
