"""The asset page: its versions, what is active in each environment, the activation history, and
the buttons that change them (activations.py, version_reviews.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.core.rest import HTTP_STATUS
from app.dashboard.execution import OperationFailed, run_operation
from app.dashboard.forms import Form
from app.dashboard.rendering import is_htmx, redirect, render

HISTORY_SIZE = 20
# Refusals that leave the user on the asset page, told why (the others become pages of their own).
STAY_ON_PAGE = frozenset({"FORBIDDEN", "CONFLICT", "BAD_USER_INPUT", "RATE_LIMITED"})


def asset_path(request: Request, name: str) -> str:
    return str(request.app.url_path_for("asset_page", name=name))


async def render_asset(
    request: Request,
    name: str,
    *,
    notice: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    data = await run_operation(request, "AssetPage", {"name": name})
    asset = data["asset"]
    history = await run_operation(
        request, "ActivationHistory", {"assetId": asset["id"], "first": HISTORY_SIZE}
    )
    policy = data["me"]["tenant"]["policy"]
    return render(
        request,
        "assets/show.html",
        "assets/_asset_answer.html",
        status_code=status_code,
        me=data["me"],
        asset=asset,
        versions=[edge["node"] for edge in asset["versions"]["edges"]],
        active={row["environment"]: row for row in asset["activeVersions"]},
        environments=policy["environments"],
        protected=set(policy["protectedEnvironments"]),
        history=[edge["node"] for edge in history["activationHistory"]["edges"]],
        notice=notice,
        error=error,
    )


async def asset_page(request: Request) -> Response:
    return await render_asset(request, request.path_params["name"])


@dataclass(frozen=True)
class AssetButton:
    """One of the asset page's buttons: the operation it runs with the posted form's `inputs`,
    and what to tell the user once it is `done`. `view` is its route's endpoint."""

    operation: str
    inputs: Callable[[Form], dict[str, Any]]
    done: Callable[[dict[str, Any]], str]

    async def view(self, request: Request) -> Response:
        """Runs the operation, then shows the page again: with what changed (htmx) or by a
        redirect (a plain form), or with the reason GraphQL refused."""
        name = request.path_params["name"]
        form = await Form.read(request)
        try:
            data = await run_operation(request, self.operation, self.inputs(form))
        except OperationFailed as failure:
            if failure.code not in STAY_ON_PAGE:
                raise
            return await render_asset(
                request, name, error=failure.message, status_code=HTTP_STATUS[failure.code]
            )
        if not is_htmx(request):
            return redirect(request, asset_path(request, name))
        return await render_asset(request, name, notice=self.done(data))


ROUTES = [
    Route("/assets/{name}", asset_page, name="asset_page"),
]
