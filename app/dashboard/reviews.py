"""The review queue: every version waiting for a review in the tenant, with its author, its body
and what changed since the version before it; approve or reject it with a comment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.dashboard.execution import run_operation
from app.dashboard.filters import edges, filtered
from app.dashboard.forms import Form
from app.dashboard.page_actions import FormPage, Outcome, PageAction
from app.dashboard.rendering import render

PAGE_SIZE = 20


# A queued version shows at most this many lines of its changes; its comparison page shows more.
MAX_QUEUED_CHANGE_LINES = 200


@dataclass(frozen=True)
class QueuedChanges:
    previous_id: str
    lines: list[str]  # the unified diff's first lines, without its file names
    hidden: int  # how many lines more it has


def _previous_id(version: dict[str, Any]) -> str | None:
    """The id of the version numbered one less, among the asset's latest 100."""
    for other in edges(version["asset"], "versions"):
        if other["number"] == version["number"] - 1:
            found: str = other["id"]
            return found
    return None


async def _changes(request: Request, version: dict[str, Any]) -> QueuedChanges | None:
    """What changed since the previous version; None for a first version."""
    previous = _previous_id(version)
    if previous is None:
        return None
    data = await run_operation(request, "ReviewDiff", {"fromId": previous, "toId": version["id"]})
    lines = data["diffVersions"]["unified"].splitlines()[2:]
    return QueuedChanges(
        previous_id=previous,
        lines=lines[:MAX_QUEUED_CHANGE_LINES],
        hidden=max(0, len(lines) - MAX_QUEUED_CHANGE_LINES),
    )


async def show_queue(request: Request, outcome: Outcome) -> Response:
    after = request.query_params.get("after", "")
    filters = Form({"after": after})
    data = await filtered(
        request, "ReviewQueue", {"first": PAGE_SIZE, "after": after or None}, filters
    )
    versions = edges(data, "reviewQueue")
    return render(
        request,
        "reviews/queue.html",
        "reviews/_queue.html",
        status_code=filters.status_code if filters.errors else outcome.status_code,
        me=data["me"],
        versions=versions,
        changes={version["id"]: await _changes(request, version) for version in versions},
        page_info=(data.get("reviewQueue") or {}).get("pageInfo"),
        filters=filters,
        outcome=outcome,
    )


QUEUE = FormPage(show_queue, "review_queue")


def _review(operation: str, field: str, verb: str) -> PageAction:
    # A rejection must say why: an empty comment is sent for GraphQL to refuse beside its field.
    return QUEUE.action(
        operation,
        lambda form: {"id": form.value("versionId"), "comment": form.value("comment")},
        lambda data: "You {verb} version {number} of {asset}.".format(
            verb=verb, number=data[field]["number"], asset=data[field]["asset"]["name"]
        ),
    )


APPROVE = _review("ApproveQueuedVersion", "approveVersion", "approved")
REJECT = _review("RejectQueuedVersion", "rejectVersion", "rejected")

ROUTES = [
    Route("/reviews", QUEUE.view, name="review_queue"),
    Route("/reviews/approve", APPROVE.view, methods=["POST"], name="review_approve"),
    Route("/reviews/reject", REJECT.view, methods=["POST"], name="review_reject"),
]
