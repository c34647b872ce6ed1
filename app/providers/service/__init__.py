"""Providers' logic, one module per concept: connections (kept by scope and role, checked,
resolved and opened), runs (a prompt rendered and sent to a model, streamed, cancelled), prices
(per model, what a run costs) and enhancement (a version rewritten by an enhancement prompt).
Callers import from here."""

from app.providers.service.connections import (
    ConnectionInput,
    ProviderCheck,
    check_connection,
    create_connection,
    delete_connection,
    get_connection,
    list_connections,
    open_client,
    open_connection,
    resolve_connection,
    update_connection,
)

__all__ = [
    "ConnectionInput",
    "ProviderCheck",
    "check_connection",
    "create_connection",
    "delete_connection",
    "get_connection",
    "list_connections",
    "open_client",
    "open_connection",
    "resolve_connection",
    "update_connection",
]
