"""Governance's logic, one module per concept: version reviews, change requests, the CI gate that
reads them, and reading (and verifying) the audit trail. Callers import from here."""

from app.governance.service.audit import AuditQuery, list_audit_events, verify_audit_chains
from app.governance.service.change_requests import (
    create_change_request,
    get_change_request,
    list_change_requests,
    review_change_request,
    reviews_of,
    versions_of,
)
from app.governance.service.gate import GateOutcome, GateResult, gate_check
from app.governance.service.reviews import list_review_queue, review_version, submit_version

__all__ = [
    "AuditQuery",
    "GateOutcome",
    "GateResult",
    "create_change_request",
    "gate_check",
    "get_change_request",
    "list_audit_events",
    "list_change_requests",
    "list_review_queue",
    "review_change_request",
    "review_version",
    "reviews_of",
    "submit_version",
    "verify_audit_chains",
    "versions_of",
]
