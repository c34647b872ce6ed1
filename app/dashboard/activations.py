"""Activate a version in an environment, or roll an environment back, from the asset page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.dashboard.asset_page import act_on_asset
from app.dashboard.forms import Form


async def activate(request: Request) -> Response:
    form = await Form.read(request)
    return await act_on_asset(
        request,
        "ActivateVersion",
        {"versionId": form.value("versionId"), "environment": form.value("environment")},
        lambda data: "Version {number} is now active in {environment}.".format(
            number=data["activateVersion"]["version"]["number"],
            environment=data["activateVersion"]["environment"],
        ),
    )


async def roll_back(request: Request) -> Response:
    form = await Form.read(request)
    return await act_on_asset(
        request,
        "RollBack",
        {"assetId": form.value("assetId"), "environment": form.value("environment")},
        lambda data: "Rolled back: version {number} is active in {environment} again.".format(
            number=data["rollback"]["version"]["number"],
            environment=data["rollback"]["environment"],
        ),
    )


ROUTES = [
    Route("/assets/{name}/activate", activate, methods=["POST"], name="activate"),
    Route("/assets/{name}/rollback", roll_back, methods=["POST"], name="roll_back"),
]
