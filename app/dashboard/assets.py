"""The asset list (search as you type, filters, pages) and the new-asset form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from app.dashboard.execution import run_operation
from app.dashboard.forms import Form
from app.dashboard.rendering import redirect, render
from app.registry.models import AssetKind

PAGE_SIZE = 50
KINDS = [(kind.name, kind.name.replace("_", " ").capitalize()) for kind in AssetKind]


@dataclass(frozen=True)
class AssetFilters:
    text: str = ""
    kind: str = ""
    tag: str = ""
    after: str = ""

    @classmethod
    def from_query(cls, params: QueryParams) -> AssetFilters:
        return cls(
            text=params.get("q", "").strip(),
            kind=params.get("kind", "").strip().upper(),
            tag=params.get("tag", "").strip(),
            after=params.get("after", "").strip(),
        )

    def variables(self) -> dict[str, Any]:
        return {
            "first": PAGE_SIZE,
            "after": self.after or None,
            "filter": {
                "query": self.text or None,
                "kind": self.kind or None,
                "tag": self.tag or None,
            },
        }

    def query_string(self, *, after: str | None = None) -> str:
        """These filters as a query string, on the page after the cursor `after` if given."""
        params = {"q": self.text, "kind": self.kind, "tag": self.tag, "after": after or ""}
        return urlencode({name: value for name, value in params.items() if value})

    @property
    def active(self) -> bool:
        return bool(self.text or self.kind or self.tag)


async def find_assets(request: Request, filters: AssetFilters) -> dict[str, Any]:
    # The search box matches names, titles and descriptions (assets(filter: {query})). When the
    # schema's semantic `search` lands, this is the one place to switch: run a search operation
    # for filters.text and keep AssetList for filters without text.
    return await run_operation(request, "AssetList", filters.variables())


async def home(request: Request) -> Response:
    return RedirectResponse(request.app.url_path_for("asset_list"), status_code=303)


async def asset_list(request: Request) -> Response:
    filters = AssetFilters.from_query(request.query_params)
    data = await find_assets(request, filters)
    return render(
        request,
        "assets/list.html",
        "assets/_results.html",
        me=data["me"],
        assets=[edge["node"] for edge in data["assets"]["edges"]],
        page_info=data["assets"]["pageInfo"],
        filters=filters,
        kinds=KINDS,
    )


def _new_asset_form(request: Request, me: dict[str, Any], form: Form) -> Response:
    return render(
        request,
        "assets/new.html",
        "assets/_form.html",
        me=me,
        form=form,
        kinds=KINDS,
        status_code=form.status_code,
    )


async def new_asset_page(request: Request) -> Response:
    data = await run_operation(request, "NewAssetForm")
    return _new_asset_form(request, data["me"], Form({"kind": "PROMPT"}))


async def create_asset(request: Request) -> Response:
    form = await Form.read(request)
    created = await form.submit(
        request,
        "CreateAsset",
        {
            "input": {
                "name": form.value("name"),
                "kind": form.value("kind") or "PROMPT",
                "title": form.value("title"),
                "description": form.value("description"),
                "category": form.optional("category"),
                "tags": [tag.strip() for tag in form.value("tags").split(",") if tag.strip()],
            }
        },
    )
    if created is None:
        data = await run_operation(request, "NewAssetForm")
        return _new_asset_form(request, data["me"], form)
    name = created["createAsset"]["name"]
    return redirect(request, str(request.app.url_path_for("asset_page", name=name)))


ROUTES = [
    Route("/", home, name="home"),
    Route("/assets", asset_list, name="asset_list"),
    Route("/new-asset", new_asset_page, methods=["GET"], name="asset_new"),
    Route("/new-asset", create_asset, methods=["POST"], name="asset_create"),
]
