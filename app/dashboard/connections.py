"""Model connections: the tenant's and the user's own, added, deleted and tested (the test lists
the models the server offers, or says why it could not). The key is typed once and never shown
again; the page knows only its last four characters."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.dashboard.forms import Form
from app.dashboard.page_actions import ON_PAGE, FormPage, Outcome, page_of

KINDS = [("OPENAI_COMPATIBLE", "OpenAI-compatible"), ("ANTHROPIC", "Anthropic")]

CONNECTIONS = FormPage(
    page_of(
        "ConnectionsPage", "connections/list.html", "connections/_connections.html", kinds=KINDS
    ),
    "connections",
)


def _new_connection(form: Form) -> dict[str, Any]:
    return {
        "input": {
            "name": form.value("name"),
            "kind": form.value("kind") or "OPENAI_COMPATIBLE",
            "baseUrl": form.value("baseUrl"),
            "apiKey": form.optional("apiKey"),
            "defaultModel": form.optional("defaultModel"),
            "scope": form.value("scope") or "USER",
            "local": bool(form.value("local")),
        }
    }


CREATE = CONNECTIONS.action(
    "CreateProviderConnection",
    _new_connection,
    lambda data: f"The connection {data['createProviderConnection']['name']} is added.",
)
DELETE = CONNECTIONS.action(
    "DeleteProviderConnection",
    lambda form: {"id": form.value("id")},
    lambda data: "The connection is deleted.",
)


async def test_connection(request: Request) -> Response:
    """Runs the check and shows the page with its answer under the connection's row (the posted
    form says which)."""
    form = await Form.read(request)
    data = await form.submit(
        request, "TestProviderConnection", {"id": form.value("id")}, inline=ON_PAGE
    )
    outcome = Outcome("TestProviderConnection", form, result=data)
    return await CONNECTIONS.show(request, outcome)


ROUTES = [
    Route("/connections", CONNECTIONS.view, name="connections"),
    Route("/connections/new", CREATE.view, methods=["POST"], name="connection_create"),
    Route("/connections/delete", DELETE.view, methods=["POST"], name="connection_delete"),
    Route("/connections/test", test_connection, methods=["POST"], name="connection_test"),
]
