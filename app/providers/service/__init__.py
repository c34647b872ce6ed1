"""Providers' logic, one module per concept: connections (kept by scope and role, checked,
resolved and opened), runs (a prompt rendered and sent to a model, read, cancelled), prices (per
model, what a run costs) and enhancement (a version rewritten by an enhancement prompt). The call
itself is made by app/providers/execution.py. Callers import from here."""

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
from app.providers.service.prices import delete_price, list_prices, set_price
from app.providers.service.runs import (
    RUN_JOB,
    DraftPrompt,
    RunRequest,
    cancel_run,
    get_run,
    list_runs,
    start_run,
)

__all__ = [
    "RUN_JOB",
    "ConnectionInput",
    "DraftPrompt",
    "ProviderCheck",
    "RunRequest",
    "cancel_run",
    "check_connection",
    "create_connection",
    "delete_connection",
    "delete_price",
    "get_connection",
    "get_run",
    "list_connections",
    "list_prices",
    "list_runs",
    "open_client",
    "open_connection",
    "resolve_connection",
    "set_price",
    "start_run",
    "update_connection",
]
