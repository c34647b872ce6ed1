"""Admin: the tenant's policy, its environments, which of them are protected, how many
approvals a change request needs per risk, and whether accounts that an author created may
approve their work; with its recent changes."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.dashboard.execution import run_operation
from app.dashboard.forms import INPUT_CODES, Form
from app.dashboard.page_actions import ADMIN_PAGE, FormPage, Outcome
from app.dashboard.rendering import render
from app.identity.tenant_policy import Risk

RISKS = [risk.name for risk in Risk]
INDEPENDENT_APPROVERS = "refuseApprovalsFromAuthorCreatedAccounts"


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def _policy_form(policy: dict[str, Any]) -> Form:
    """The form filled in with the policy as it is."""
    values = {
        "environments": ", ".join(policy["environments"]),
        "protectedEnvironments": ", ".join(policy["protectedEnvironments"]),
    }
    for row in policy["approvalsRequired"]:
        values[f"approvals_{row['risk']}"] = str(row["approvals"])
    if policy[INDEPENDENT_APPROVERS]:
        values[INDEPENDENT_APPROVERS] = "on"
    return Form(values)


def _policy_input(form: Form) -> dict[str, Any]:
    approvals = []
    for risk in RISKS:
        text = form.value(f"approvals_{risk}")
        if not text.isdigit():
            form.refuse("approvalsRequired", f"approvals for {risk} risk must be a whole number")
            continue
        approvals.append({"risk": risk, "approvals": int(text)})
    return {
        "input": {
            "environments": _names(form.value("environments")),
            "protectedEnvironments": _names(form.value("protectedEnvironments")),
            "approvalsRequired": approvals,
            # A checkbox left unchecked is not sent at all.
            INDEPENDENT_APPROVERS: form.optional(INDEPENDENT_APPROVERS) is not None,
        }
    }


async def show_policy(request: Request, outcome: Outcome) -> Response:
    data = await run_operation(request, "TenantPolicyPage")
    posted = outcome.form_for("UpdateTenantPolicy")
    return render(
        request,
        ADMIN_PAGE,
        "admin/_policy.html",
        status_code=outcome.status_code,
        admin_page="policy",
        outcome=outcome,
        me=data["me"],
        auditEvents=data["auditEvents"],
        form=posted if posted.errors else _policy_form(data["tenant"]["policy"]),
        risks=RISKS,
    )


POLICY = FormPage(show_policy, "admin_policy", on_page=INPUT_CODES)
UPDATE = POLICY.action("UpdateTenantPolicy", _policy_input, lambda data: "The policy is saved.")

ROUTES = [
    Route("/admin/policy", POLICY.view, name="admin_policy"),
    Route("/admin/policy", UPDATE.view, methods=["POST"], name="admin_policy_update"),
]
