"""Admin: API keys for applications and CI; a new key's secret is shown once, then never again."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from app.core.actor import ApiKeyScope
from app.dashboard.forms import INPUT_CODES, Form
from app.dashboard.page_actions import ADMIN_PAGE, FormPage, page_of

SCOPES = [(scope.name, scope.value) for scope in ApiKeyScope]

API_KEYS = FormPage(
    page_of(
        "ApiKeysPage", ADMIN_PAGE, "admin/_api_keys.html", admin_page="api_keys", scopes=SCOPES
    ),
    "admin_api_keys",
    on_page=INPUT_CODES,
)


def _new_key(form: Form) -> dict[str, Any]:
    # One checkbox per scope, each a field of its own (scope_RUNTIME_READ=on).
    chosen = [name for name, _ in SCOPES if form.value(f"scope_{name}")]
    return {"name": form.value("name"), "scopes": chosen}


CREATE = API_KEYS.action(
    "CreateApiKey",
    _new_key,
    lambda data: f"API key '{data['createApiKey']['apiKey']['name']}' is created.",
    shows_result=True,
)
REVOKE = API_KEYS.action(
    "RevokeApiKey",
    lambda form: {"id": form.value("id")},
    lambda data: f"API key '{data['revokeApiKey']['name']}' is revoked: it opens nothing now.",
)

ROUTES = [
    Route("/admin/api-keys", API_KEYS.view, name="admin_api_keys"),
    Route("/admin/api-keys/new", CREATE.view, methods=["POST"], name="admin_api_key_create"),
    Route("/admin/api-keys/revoke", REVOKE.view, methods=["POST"], name="admin_api_key_revoke"),
]
