"""Submit a version for review, and approve or reject it, from the asset page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.dashboard.asset_page import act_on_asset
from app.dashboard.forms import Form


async def submit(request: Request) -> Response:
    form = await Form.read(request)
    return await act_on_asset(
        request,
        "SubmitVersion",
        {"id": form.value("versionId")},
        lambda data: f"Version {data['submitVersion']['number']} is in review.",
    )


async def approve(request: Request) -> Response:
    form = await Form.read(request)
    return await act_on_asset(
        request,
        "ApproveVersion",
        {"id": form.value("versionId"), "comment": form.optional("comment")},
        lambda data: f"You approved version {data['approveVersion']['number']}.",
    )


async def reject(request: Request) -> Response:
    form = await Form.read(request)
    return await act_on_asset(
        request,
        "RejectVersion",
        {"id": form.value("versionId"), "comment": form.value("comment")},
        lambda data: f"You rejected version {data['rejectVersion']['number']}.",
    )


ROUTES = [
    Route("/assets/{name}/submit", submit, methods=["POST"], name="version_submit"),
    Route("/assets/{name}/approve", approve, methods=["POST"], name="version_approve"),
    Route("/assets/{name}/reject", reject, methods=["POST"], name="version_reject"),
]
