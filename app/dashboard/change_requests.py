"""Change requests: the list (by status, paged), one request with its versions, reviews and the
CI gate's verdict on its commit, and its review."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.dashboard.execution import run_operation
from app.dashboard.filters import edges, filtered
from app.dashboard.forms import Form
from app.dashboard.page_actions import FormPage, Outcome
from app.dashboard.rendering import message_page, render
from app.governance.models import ChangeRequestStatus

PAGE_SIZE = 20
STATUSES = [(status.name, status.name.capitalize()) for status in ChangeRequestStatus]


async def change_request_list(request: Request) -> Response:
    params = request.query_params
    filters = Form({"status": params.get("status", ""), "after": params.get("after", "")})
    variables = {
        "first": PAGE_SIZE,
        "after": filters.optional("after"),
        "status": filters.optional("status"),
    }
    data = await filtered(request, "ChangeRequestList", variables, filters)
    return render(
        request,
        "change_requests/list.html",
        "change_requests/_list.html",
        status_code=filters.status_code,
        me=data["me"],
        change_requests=edges(data, "changeRequests"),
        page_info=(data.get("changeRequests") or {}).get("pageInfo"),
        filters=filters,
        statuses=STATUSES,
    )


def _approvals(change_request: dict[str, Any], policy: dict[str, Any]) -> tuple[int, int]:
    """How many people approved, and how many the request's risk needs."""
    approvers = {
        review["reviewer"]["email"]
        for review in change_request["reviews"]
        if review["decision"] == "APPROVE"
    }
    needed = {row["risk"]: row["approvals"] for row in policy["approvalsRequired"]}
    return len(approvers), needed[change_request["risk"]]


async def show_change_request(request: Request, outcome: Outcome) -> Response:
    data = await run_operation(request, "ChangeRequestPage", {"id": request.path_params["id"]})
    change_request = data["changeRequest"]
    if not change_request:  # the id is of something else that exists
        return message_page(
            request, status_code=404, title="Not found", message="No change request has this id."
        )
    gate = await run_operation(
        request,
        "GateStatus",
        {"commitSha": change_request["commitSha"], "repository": change_request["repository"]},
    )
    return render(
        request,
        "change_requests/show.html",
        "change_requests/_request.html",
        status_code=outcome.status_code,
        me=data["me"],
        change_request=change_request,
        approvals=_approvals(change_request, data["me"]["tenant"]["policy"]),
        gate=gate["gateCheck"],
        outcome=outcome,
    )


CHANGE_REQUEST = FormPage(show_change_request, "change_request_page")
REVIEW = CHANGE_REQUEST.action(
    "ReviewChangeRequest",
    lambda form: {
        "id": form.value("id"),
        "decision": form.value("decision"),
        "comment": form.optional("comment"),
    },
    lambda data: "You reviewed '{title}': it is {status}.".format(
        title=data["reviewChangeRequest"]["title"],
        status=data["reviewChangeRequest"]["status"].lower(),
    ),
)

ROUTES = [
    Route("/change-requests", change_request_list, name="change_request_list"),
    Route("/change-requests/{id}", CHANGE_REQUEST.view, name="change_request_page"),
    Route(
        "/change-requests/{id}/review", REVIEW.view, methods=["POST"], name="change_request_review"
    ),
]
