"""The value of a tenant's governance policy, as its Tenant.policy column holds it: environments,
which are protected, approvals per risk, and whether accounts that a version's author created may
approve it. access/ changes it and enforces it; here it is only read."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class Risk(enum.StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


@dataclass(frozen=True)
class TenantPolicy:
    environments: list[str]
    protected_environments: list[str]
    approvals_required: dict[Risk, int]
    # An admin could approve their own work through a second account they created.
    refuse_approvals_from_author_created_accounts: bool = False

    @classmethod
    def from_json(cls, policy: dict[str, Any]) -> TenantPolicy:
        approvals = policy.get("approvals_required", {})
        return cls(
            environments=list(policy.get("environments", [])),
            protected_environments=list(policy.get("protected_environments", [])),
            approvals_required={risk: int(approvals.get(risk.value, 1)) for risk in Risk},
            refuse_approvals_from_author_created_accounts=bool(
                policy.get("refuse_approvals_from_author_created_accounts", False)
            ),
        )

    def to_json(self) -> dict[str, Any]:
        """The shape stored in Tenant.policy."""
        return {
            "environments": list(self.environments),
            "protected_environments": list(self.protected_environments),
            "approvals_required": {
                risk.value: count for risk, count in self.approvals_required.items()
            },
            "refuse_approvals_from_author_created_accounts": (
                self.refuse_approvals_from_author_created_accounts
            ),
        }

    def is_protected(self, environment: str) -> bool:
        return environment in self.protected_environments
