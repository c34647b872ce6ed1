"""Activate a version in an environment, or roll an environment back, from the asset page."""

from __future__ import annotations

from starlette.routing import Route

from app.dashboard.asset_page import AssetButton

ACTIVATE = AssetButton(
    "ActivateVersion",
    lambda form: {"versionId": form.value("versionId"), "environment": form.value("environment")},
    lambda data: "Version {version[number]} is now active in {environment}.".format(
        **data["activateVersion"]
    ),
)
ROLL_BACK = AssetButton(
    "RollBack",
    lambda form: {"assetId": form.value("assetId"), "environment": form.value("environment")},
    lambda data: "Rolled back: version {version[number]} is active in {environment} again.".format(
        **data["rollback"]
    ),
)

ROUTES = [
    Route("/assets/{name}/activate", ACTIVATE.view, methods=["POST"], name="activate"),
    Route("/assets/{name}/rollback", ROLL_BACK.view, methods=["POST"], name="roll_back"),
]
