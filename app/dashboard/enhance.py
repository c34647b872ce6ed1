"""Enhance a version: an enhancement prompt (the tenant's default, or one the user picks) rewrites
the version by the user's instructions, through a model; the rewrite is saved as a new DRAFT
version, and the page opens its diff against the version it came from."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.dashboard.execution import run_operation
from app.dashboard.filters import edges
from app.dashboard.forms import Form
from app.dashboard.page_actions import ON_PAGE
from app.dashboard.rendering import message_page, redirect, render


async def _show(request: Request, form: Form) -> Response:
    name = request.path_params["name"]
    data = await run_operation(
        request, "EnhanceForm", {"name": name, "versionId": form.value("versionId")}
    )
    version = data["version"]
    if version is None or version["asset"]["name"] != name:
        # Another asset's version: this page enhances only its own asset's.
        return message_page(
            request, status_code=404, title="Not found", message=f"{name} has no such version."
        )
    connections = await run_operation(request, "PlaygroundConnections")
    return render(
        request,
        "enhance/page.html",
        "enhance/_form.html",
        status_code=form.status_code,
        me=data["me"],
        asset=data["asset"],
        version=version,
        enhancers=[
            ("", "The tenant's default"),
            *(
                (asset["id"], f"{asset['title']} ({asset['name']})")
                for asset in edges(data, "assets")
                if asset["enhancement"]
            ),
        ],
        connections=[
            ("", "The default"),
            *((c["id"], c["name"]) for c in connections["providerConnections"]),
        ],
        form=form,
    )


async def enhance_page(request: Request) -> Response:
    return await _show(request, Form({"versionId": request.query_params.get("version", "")}))


def _inputs(form: Form) -> dict[str, Any]:
    return {
        "input": {
            "versionId": form.value("versionId"),
            "instructions": form.optional("instructions"),
            "enhancementAssetId": form.optional("enhancementAssetId"),
            "connectionId": form.optional("connectionId"),
        }
    }


async def enhance_version(request: Request) -> Response:
    """Runs the enhancement (it waits for the model's whole answer), then opens the diff of the
    new draft against the version."""
    form = await Form.read(request)
    data = await form.submit(request, "EnhanceVersion", _inputs(form), inline=ON_PAGE)
    if data is None:
        return await _show(request, form)
    draft = data["enhanceVersion"]
    diff = request.app.url_path_for("version_diff", name=request.path_params["name"])
    return redirect(request, f"{diff}?from={form.value('versionId')}&to={draft['id']}")


ROUTES = [
    Route("/assets/{name}/enhance", enhance_page, methods=["GET"], name="version_enhance"),
    Route("/assets/{name}/enhance", enhance_version, methods=["POST"], name="version_enhance_run"),
]
