"""The playground: a version of an asset, or a draft being written, run against a model with
variables filled in a form made from its variables schema; or two of them side by side on the
same variables. Each answer streams into its pane (playground_runs.py serves the stream). A draft
can be saved as a new version of the asset.

The whole playground is one form, which comes back as posted after each of its buttons: "Run",
"List models", "Save the draft as a new version", the message rows' buttons, and a change of the
versions chosen. Choosing another asset starts afresh."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.dashboard.drafts import (
    draft_input,
    draft_version,
    move_model_config_errors,
    write_draft,
)
from app.dashboard.execution import OperationFailed, run_operation
from app.dashboard.filters import edges
from app.dashboard.forms import FORM_ERROR, Form
from app.dashboard.message_rows import ROLES, edit_rows, read_rows
from app.dashboard.page_actions import ON_PAGE
from app.dashboard.rendering import abilities, render
from app.dashboard.variable_fields import (
    PREFIX,
    VariableField,
    fields_of,
    fill_defaults,
    merged,
    template_of,
    values_of,
)

DRAFT = "draft"
VALUES = "values"  # the key of a refusal of the values as a whole, shown above their fields
COPY_VERSION = "copy-version"
LIST_MODELS = "list-models"


@dataclass(frozen=True)
class Side:
    """What one pane runs: a saved version (its content as PlaygroundVersion reads it) or the
    draft (`version` None)."""

    choice: str  # a version's id, or DRAFT
    label: str
    version: dict[str, Any] | None = None

    @property
    def is_draft(self) -> bool:
        return self.version is None


@dataclass(frozen=True)
class Pane:
    """A side's answer: the run started (then streamed), or why it could not start."""

    label: str
    run: dict[str, Any] | None = None
    error: str | None = None


@dataclass
class Playground:
    """What the page shows besides the form: the asset and its versions, the sides chosen, the
    connections the user may run with."""

    me: dict[str, Any]
    assets: list[dict[str, Any]]
    asset: dict[str, Any] | None
    versions: list[dict[str, Any]]
    sides: list[Side]
    connections: list[dict[str, Any]] = field(default_factory=list)

    @property
    def can_run(self) -> bool:
        return "USE_MODEL_CONNECTIONS" in abilities(self.me)

    def side_fields(self, form: Form) -> list[list[VariableField]]:
        """Each side's variables as fields; the draft's from its schema as typed."""
        found = []
        for side in self.sides:
            content = draft_version(form) if side.is_draft else side.version
            assert content is not None
            template = template_of(content["body"], content["messages"], content["variables"])
            found.append(fields_of(template))
        return found

    def fields(self, form: Form) -> list[VariableField]:
        return merged(*self.side_fields(form))


async def _version(request: Request, version_id: str) -> dict[str, Any]:
    data = await run_operation(request, "PlaygroundVersion", {"id": version_id})
    version: dict[str, Any] = data["version"]
    return version


def _chosen(choice: str, versions: list[dict[str, Any]], *, fallback: str) -> str:
    return choice if choice == DRAFT or any(v["id"] == choice for v in versions) else fallback


async def _side(request: Request, choice: str, versions: list[dict[str, Any]]) -> Side:
    if choice == DRAFT:
        return Side(DRAFT, "Draft")
    number = next(version["number"] for version in versions if version["id"] == choice)
    return Side(choice, f"v{number}", await _version(request, choice))


async def _load(request: Request, form: Form) -> Playground:
    """The playground for the asset and the sides the form names; a side that names nothing of
    this asset falls back to its latest version (or the draft, for an asset without any)."""
    name = form.value("asset")
    data = await run_operation(request, "PlaygroundPage", {"name": name, "withAsset": bool(name)})
    asset = data.get("asset")  # an asset that is not there is refused as NOT_FOUND: a page
    versions = edges(asset, "versions") if asset else []
    latest = versions[0]["id"] if versions else DRAFT
    form.values["a"] = _chosen(form.value("a"), versions, fallback=latest)
    form.values["b"] = _chosen(form.value("b"), versions, fallback="") if form.value("b") else ""
    sides = [await _side(request, form.value("a"), versions)]
    if form.value("b"):
        sides.append(await _side(request, form.value("b"), versions))
    playground = Playground(data["me"], edges(data, "assets"), asset, versions, sides)
    if playground.can_run:
        connections = await run_operation(request, "PlaygroundConnections")
        playground.connections = connections["providerConnections"]
        _choose_connection(form, playground)
    return playground


def _choose_connection(form: Form, playground: Playground) -> None:
    """The connection posted, else the one the first side's model configuration names, else the
    first."""
    ids = [connection["id"] for connection in playground.connections]
    if form.value("connectionId") in ids or not ids:
        return
    version = playground.sides[0].version or {}
    provider = (version.get("modelConfig") or {}).get("provider")
    named = [c["id"] for c in playground.connections if c["name"] == provider]
    form.values["connectionId"] = (named or ids)[0]


async def _show(
    request: Request,
    form: Form,
    playground: Playground | None = None,
    *,
    panes: list[Pane] | None = None,
    notice: str | None = None,
    saved: dict[str, Any] | None = None,
    models: list[str] | None = None,
) -> Response:
    playground = playground or await _load(request, form)
    fields = playground.fields(form)
    fill_defaults(form, fields)
    return render(
        request,
        "playground/page.html",
        "playground/_playground.html",
        status_code=form.status_code,
        me=playground.me,
        playground=playground,
        form=form,
        rows=read_rows(form),
        roles=ROLES,
        fields=fields,
        panes=panes or [],
        notice=notice,
        saved=saved,
        models=models or [],
        draft=DRAFT,
    )


async def playground_page(request: Request) -> Response:
    """The playground as a link opens it: ?asset=<name>&version=<id or draft>&compare=<…>. The
    draft starts as a copy of the first version chosen, or of the asset's latest."""
    query = request.query_params
    form = Form(
        {
            "asset": query.get("asset", ""),
            "a": query.get("version", ""),
            "b": query.get("compare", ""),
        }
    )
    playground = await _load(request, form)
    base = next((side.version for side in playground.sides if not side.is_draft), None)
    if base is None and playground.versions:
        base = await _version(request, playground.versions[0]["id"])
    write_draft(form, base)
    return await _show(request, form, playground)


async def edit_playground(request: Request) -> Response:
    """The form again, as the button pressed changed it: a message row added or removed, the
    draft copied from the first version, the models of the connection listed; or only the
    versions chosen."""
    form = await Form.read(request)
    action = form.value("action")
    if edit_rows(form, action):
        return await _show(request, form)
    playground = await _load(request, form)
    models = None
    if action == COPY_VERSION and (base := playground.sides[0].version) is not None:
        write_draft(form, base)
    elif action == LIST_MODELS and form.value("connectionId"):
        models = await _listed_models(request, form)
    return await _show(request, form, playground, models=models)


async def _listed_models(request: Request, form: Form) -> list[str] | None:
    check = await form.submit(
        request, "TestProviderConnection", {"id": form.value("connectionId")}, inline=ON_PAGE
    )
    if check is None:
        return None
    answer = check["testProviderConnection"]
    if not answer["ok"]:
        form.refuse("connectionId", answer["error"] or "The connection did not answer.")
        return None
    models: list[str] = answer["models"]
    return models


# Fields of a run's refusals that the form has under the same name: the draft's and the model's.
FIELDS_OF_THE_FORM = frozenset(
    {"format", "body", "messages", "modelConfig", "connectionId", "model"}
)


def refuse_run(form: Form, failure: OperationFailed) -> None:
    """GraphQL's refusals of a run beside the fields they name: a variable's beside its field, the
    values' above the fields, the draft's and the model's beside theirs, the others above the
    form."""
    for error in failure.errors:
        extensions = error.extensions or {}
        variable = extensions.get("variable")
        name = str(extensions.get("field") or "").removeprefix("draft.")
        if isinstance(variable, str):
            form.refuse(PREFIX + variable, error.message, failure.code)
        elif name == "variables":
            form.refuse(VALUES, error.message, failure.code)
        elif name.split(".")[0] in FIELDS_OF_THE_FORM:
            form.refuse(name, error.message, failure.code)
        else:
            form.refuse(FORM_ERROR, error.message, failure.code)
    move_model_config_errors(form)


async def _start(
    request: Request, form: Form, side: Side, run_input: dict[str, Any], draft: dict[str, Any]
) -> Pane:
    source = {"draft": draft} if side.is_draft else {"versionId": side.choice}
    try:
        data = await run_operation(
            request, "StartPlaygroundRun", {"input": {**run_input, **source}}
        )
    except OperationFailed as failure:
        if failure.code not in ON_PAGE:
            raise
        refuse_run(form, failure)
        return Pane(side.label, error=failure.message)
    return Pane(side.label, run=data["runPrompt"])


async def run_playground(request: Request) -> Response:
    """Starts a run for each side, on the same values; their panes then stream the answers."""
    form = await Form.read(request)
    playground = await _load(request, form)
    side_fields = playground.side_fields(form)
    values = values_of(form, merged(*side_fields))
    draft = draft_input(form) if any(side.is_draft for side in playground.sides) else {}
    if form.errors:
        return await _show(request, form, playground)
    run_input = {"connectionId": form.optional("connectionId"), "model": form.optional("model")}
    panes = []
    for side, fields in zip(playground.sides, side_fields, strict=True):
        # A side is not sent the fields only the other side has: it would refuse them as
        # unknown. The other variables (JSON) go to both.
        others = {field.name for field in merged(*side_fields)} - {f.name for f in fields}
        own = {name: value for name, value in values.items() if name not in others}
        panes.append(await _start(request, form, side, {**run_input, "variables": own}, draft))
    return await _show(request, form, playground, panes=panes)


async def save_draft(request: Request) -> Response:
    """The draft as a new version of the asset (a DRAFT, to go through review), then a link to
    it; the form stays as it was."""
    form = await Form.read(request)
    playground = await _load(request, form)
    draft = draft_input(form)
    if playground.asset is None:
        form.refuse(FORM_ERROR, "Choose an asset to save the draft to.")
    if form.errors:
        return await _show(request, form, playground)
    assert playground.asset is not None
    message = form.value("message") or "written in the playground"
    created = await form.submit(
        request,
        "SavePlaygroundDraft",
        {"assetId": playground.asset["id"], "input": {**draft, "message": message}},
    )
    if created is None:
        move_model_config_errors(form)
        return await _show(request, form, playground)
    form.values.pop("message", None)
    version = created["createVersion"]
    notice = f"The draft is saved as version {version['number']} of {playground.asset['name']}."
    return await _show(request, form, notice=notice, saved=version)


ROUTES = [
    Route("/playground", playground_page, methods=["GET"], name="playground"),
    Route("/playground", edit_playground, methods=["POST"], name="playground_edit"),
    Route("/playground/run", run_playground, methods=["POST"], name="playground_run"),
    Route("/playground/save", save_draft, methods=["POST"], name="playground_save"),
]
