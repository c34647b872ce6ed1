"""The new-version form (a text version's body, or a chat version's messages as rows; the model
configuration as JSON) and the side-by-side diff of two versions."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.dashboard.asset_page import asset_path
from app.dashboard.diff import MAX_SHOWN_ROWS, side_by_side
from app.dashboard.drafts import draft_input, move_model_config_errors, write_draft
from app.dashboard.execution import run_operation
from app.dashboard.forms import Form
from app.dashboard.message_rows import ROLES, edit_rows, read_rows
from app.dashboard.rendering import redirect, render


async def _version_form(request: Request, form: Form | None = None) -> Response:
    """The form as the user left it, or, new, filled in from the latest version."""
    data = await run_operation(request, "NewVersionForm", {"name": request.path_params["name"]})
    if form is None:
        form = Form()
        write_draft(form, data["asset"]["latestVersion"])
    return render(
        request,
        "versions/new.html",
        "versions/_form.html",
        me=data["me"],
        asset=data["asset"],
        form=form,
        rows=read_rows(form),
        roles=ROLES,
        status_code=form.status_code,
    )


async def new_version_page(request: Request) -> Response:
    return await _version_form(request)


async def create_version(request: Request) -> Response:
    form = await Form.read(request)
    if edit_rows(form, form.value("action")):  # "Add a message" or "Remove": the form again
        return await _version_form(request, form)
    # Rows left blank are no messages; a text version sent with messages is refused, and said.
    draft = draft_input(form)
    if form.errors:
        return await _version_form(request, form)
    created = await form.submit(
        request,
        "CreateVersion",
        {
            "assetId": form.value("assetId"),
            "input": {**draft, "message": form.value("message"), "semver": form.optional("semver")},
        },
    )
    if created is None:
        move_model_config_errors(form)
        return await _version_form(request, form)
    return redirect(request, asset_path(request, request.path_params["name"]))


async def diff_page(request: Request) -> Response:
    name = request.path_params["name"]
    from_id, to_id = request.query_params.get("from"), request.query_params.get("to")
    if from_id and to_id:
        data = await run_operation(
            request, "VersionDiff", {"name": name, "fromId": from_id, "toId": to_id}
        )
    else:
        data = await run_operation(request, "DiffChoices", {"name": name})
    diff = data.get("diffVersions")
    rows = side_by_side(diff["unified"]) if diff else []
    return render(
        request,
        "versions/diff.html",
        "versions/_diff.html",
        me=data["me"],
        asset=data["asset"],
        versions=[edge["node"] for edge in data["asset"]["versions"]["edges"]],
        diff=diff,
        rows=rows[:MAX_SHOWN_ROWS],
        hidden_rows=max(0, len(rows) - MAX_SHOWN_ROWS),
    )


ROUTES = [
    Route("/assets/{name}/versions/new", new_version_page, methods=["GET"], name="version_new"),
    Route("/assets/{name}/versions/new", create_version, methods=["POST"], name="version_create"),
    Route("/assets/{name}/diff", diff_page, name="version_diff"),
]
