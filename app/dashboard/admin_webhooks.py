"""Admin: webhooks, the events each receives, and their deliveries; a new webhook's signing
secret is shown once. A delivery can be sent again."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.core.events import WEBHOOK_EVENTS
from app.dashboard.execution import run_operation
from app.dashboard.forms import INPUT_CODES, Form
from app.dashboard.page_actions import ADMIN_PAGE, FormPage, Outcome, page_of
from app.dashboard.rendering import message_page, render

DELIVERIES_SHOWN = 50

WEBHOOKS = FormPage(
    page_of(
        "WebhooksPage",
        ADMIN_PAGE,
        "admin/_webhooks.html",
        admin_page="webhooks",
        events=[(event, event) for event in WEBHOOK_EVENTS],
    ),
    "admin_webhooks",
    on_page=INPUT_CODES,
)


def _new_webhook(form: Form) -> dict[str, Any]:
    # One checkbox per event, each a field of its own (event_version.activated=on).
    chosen = [event for event in WEBHOOK_EVENTS if form.value(f"event_{event}")]
    return {"input": {"url": form.value("url"), "events": chosen}}


async def show_webhook(request: Request, outcome: Outcome) -> Response:
    webhook_id = request.path_params["id"]
    data = await run_operation(
        request, "WebhookPage", {"id": webhook_id, "first": DELIVERIES_SHOWN}
    )
    webhook = next((hook for hook in data["webhooks"] if hook["id"] == webhook_id), None)
    if webhook is None:  # deliveries of a webhook that no longer exists
        return message_page(
            request, status_code=404, title="Not found", message="This webhook no longer exists."
        )
    return render(
        request,
        ADMIN_PAGE,
        "admin/_webhook.html",
        status_code=outcome.status_code,
        admin_page="webhook",
        outcome=outcome,
        me=data["me"],
        webhook=webhook,
        deliveries=data["webhookDeliveries"],
    )


WEBHOOK = FormPage(show_webhook, "admin_webhook", on_page=INPUT_CODES)

CREATE = WEBHOOKS.action(
    "CreateWebhook",
    _new_webhook,
    lambda data: f"Webhook to {data['createWebhook']['webhook']['url']} is created.",
    shows_result=True,
)
DELETE = WEBHOOKS.action(
    "DeleteWebhook",
    lambda form: {"id": form.value("id")},
    lambda data: "The webhook is deleted, with its deliveries.",
)
REDELIVER = WEBHOOK.action(
    "RedeliverWebhook",
    lambda form: {"deliveryId": form.value("deliveryId")},
    lambda data: f"The {data['redeliverWebhook']['event']} event is queued to be sent again.",
)

ROUTES = [
    Route("/admin/webhooks", WEBHOOKS.view, name="admin_webhooks"),
    Route("/admin/webhooks/new", CREATE.view, methods=["POST"], name="admin_webhook_create"),
    Route("/admin/webhooks/delete", DELETE.view, methods=["POST"], name="admin_webhook_delete"),
    Route("/admin/webhooks/{id}", WEBHOOK.view, name="admin_webhook"),
    Route(
        "/admin/webhooks/{id}/redeliver",
        REDELIVER.view,
        methods=["POST"],
        name="admin_webhook_redeliver",
    ),
]
