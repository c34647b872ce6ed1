"""The review queue page: what waits for a review, with its diff, approved or rejected with a
comment; GraphQL's refusals (an author approving their own version, a rejection without a
reason) beside the version."""

from __future__ import annotations

import re

import pytest

from tests.dashboard.client import DashboardClient, assert_rendered
from tests.support.graphql import TenantHandle
from tests.support.registry import CREATE_VERSION, SUBMIT, make_asset

STATUS = "query Status($id: ID!) { version(id: $id) { status } }"
SCRIPT = "<script>alert(1)</script>"


async def _in_review(tenant: TenantHandle, asset_id: str, body: str, *, role: str) -> str:
    created = await tenant.gql(
        CREATE_VERSION, {"assetId": asset_id, "input": {"body": body, "message": "tone"}}, role=role
    )
    version_id: str = created.ok()["createVersion"]["id"]
    (await tenant.gql(SUBMIT, {"id": version_id}, role=role)).ok()
    return version_id


async def _queued_for_a_reviewer(browser: DashboardClient, tenant: TenantHandle) -> str:
    """A developer's version in review, and the browser signed in as a reviewer: its id."""
    asset = await make_asset(tenant, versions=0)
    version_id = await _in_review(tenant, asset.id, "one", role="DEVELOPER")
    browser.use_session(await tenant.token_for("REVIEWER"))
    return version_id


async def _status(tenant: TenantHandle, version_id: str) -> str:
    status: str = (await tenant.gql(STATUS, {"id": version_id})).ok()["version"]["status"]
    return status


async def test_the_queue_shows_each_version_in_review_with_its_author_body_and_diff(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=0, name="support-reply")
    await tenant.gql(CREATE_VERSION, {"assetId": asset.id, "input": {"body": "Hello\nOld line\n"}})
    version_id = await _in_review(tenant, asset.id, f"Hello\nNew {SCRIPT}\n", role="DEVELOPER")
    first = await make_asset(tenant, versions=0, name="greeting")
    await _in_review(tenant, first.id, "Hi there", role="DEVELOPER")
    browser.use_session(await tenant.token_for("REVIEWER"))

    page = assert_rendered(await browser.get("/reviews"), htmx)

    assert page.index("support-reply") < page.index("greeting")  # waiting longest first
    assert re.search(r"by developer-\w+@example.com", page)
    assert SCRIPT not in page and "New &lt;script&gt;alert(1)&lt;/script&gt;" in page
    rows = re.findall(r'<tr class="(added|removed|same)">.*?<pre>(.*?)</pre>', page, re.S)
    assert rows == [
        ("same", " Hello"),
        ("removed", "-Old line"),
        ("added", "+New &lt;script&gt;alert(1)&lt;/script&gt;"),
    ]
    assert "The first version of this asset" in page  # greeting v1 has nothing before it
    assert f'name="versionId" value="{version_id}"' in page
    assert "Approve support-reply v2" in page and "Approve greeting v1" in page


async def test_a_reviewer_approves_and_rejects_from_the_queue(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=0, name="billing")
    approved = await _in_review(tenant, asset.id, "one", role="DEVELOPER")
    rejected = await _in_review(tenant, asset.id, "two", role="DEVELOPER")
    browser.use_session(await tenant.token_for("REVIEWER"))

    response = await browser.post("/reviews/approve", {"versionId": approved, "comment": "Fine"})
    if htmx:
        page = assert_rendered(response, htmx)
        assert "You approved version 1 of billing." in page
        assert "Approve billing v1" not in page and "Approve billing v2" in page
    else:
        assert (response.status_code, response.headers["location"]) == (303, "/reviews")
    response = await browser.post("/reviews/reject", {"versionId": rejected, "comment": "Vague"})
    assert response.status_code == (200 if htmx else 303)

    assert await _status(tenant, approved) == "APPROVED"
    assert await _status(tenant, rejected) == "REJECTED"
    empty = assert_rendered(await browser.get("/reviews"), htmx)
    assert "No version is waiting for a review." in empty


async def test_a_rejection_without_a_comment_is_refused_beside_the_comment(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    version_id = await _queued_for_a_reviewer(browser, tenant)

    response = await browser.post("/reviews/reject", {"versionId": version_id, "comment": "  "})

    page = assert_rendered(response, htmx, status=400)
    assert re.search(r'<p class="field-error" id="review-1-comment-error">comment must not', page)
    assert await _status(tenant, version_id) == "IN_REVIEW"


async def test_the_author_is_told_why_they_cannot_approve_their_own_version(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=0, name="own-work")
    version_id = await _in_review(tenant, asset.id, "mine", role="ADMIN")

    response = await admin.post("/reviews/approve", {"versionId": version_id, "comment": "ok"})

    page = assert_rendered(response, htmx, status=403)
    assert "an author may not approve their own version" in page
    assert 'id="review-queue"' in page and ">ok</textarea>" in page  # the comment is kept
    assert await _status(tenant, version_id) == "IN_REVIEW"


@pytest.mark.parametrize("role", ["VIEWER", "DEVELOPER"])
async def test_roles_that_may_not_review_see_the_queue_without_buttons_and_are_refused(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle, role: str
) -> None:
    asset = await make_asset(tenant, versions=0)
    version_id = await _in_review(tenant, asset.id, "Body in review", role="ADMIN")
    browser.use_session(await tenant.token_for(role))

    page = assert_rendered(await browser.get("/reviews"), htmx)
    assert "Body in review" in page and "Approve " not in page and "Reject" not in page

    refused = await browser.post("/reviews/approve", {"versionId": version_id})
    page = assert_rendered(refused, htmx, status=403)
    assert f"your role ({role.lower()}) may not review" in page
    assert await _status(tenant, version_id) == "IN_REVIEW"


async def test_reviewing_needs_the_csrf_token(
    browser: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    version_id = await _queued_for_a_reviewer(browser, tenant)
    response = await browser.post("/reviews/approve", {"versionId": version_id}, csrf="")
    assert response.status_code == 403
    assert await _status(tenant, version_id) == "IN_REVIEW"


async def test_the_queue_pages_and_refuses_a_bad_cursor_beside_the_list(
    admin: DashboardClient, htmx: bool, tenant: TenantHandle
) -> None:
    asset = await make_asset(tenant, versions=0)
    for number in range(21):
        await _in_review(tenant, asset.id, f"body {number}", role="DEVELOPER")
    page = assert_rendered(await admin.get("/reviews"), htmx)
    assert page.count('<article class="version"') == 20
    cursor = re.search(r'rel="next" href="/reviews\?after=([^"]+)"', page)
    assert cursor is not None
    second = assert_rendered(await admin.get(f"/reviews?after={cursor[1]}"), htmx)
    assert second.count('<article class="version"') == 1 and "First page" in second
    bad = assert_rendered(await admin.get("/reviews", {"after": "garbage"}), htmx, status=400)
    assert "after is not a valid cursor" in bad
