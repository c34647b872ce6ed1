"""Submit a version for review, and approve or reject it, from the asset page."""

from __future__ import annotations

from starlette.routing import Route

from app.dashboard.asset_page import AssetButton

SUBMIT = AssetButton(
    "SubmitVersion",
    lambda form: {"id": form.value("versionId")},
    lambda data: f"Version {data['submitVersion']['number']} is in review.",
)
APPROVE = AssetButton(
    "ApproveVersion",
    lambda form: {"id": form.value("versionId"), "comment": form.optional("comment")},
    lambda data: f"You approved version {data['approveVersion']['number']}.",
)
REJECT = AssetButton(
    "RejectVersion",
    lambda form: {"id": form.value("versionId"), "comment": form.value("comment")},
    lambda data: f"You rejected version {data['rejectVersion']['number']}.",
)

ROUTES = [
    Route("/assets/{name}/submit", SUBMIT.view, methods=["POST"], name="version_submit"),
    Route("/assets/{name}/approve", APPROVE.view, methods=["POST"], name="version_approve"),
    Route("/assets/{name}/reject", REJECT.view, methods=["POST"], name="version_reject"),
]
