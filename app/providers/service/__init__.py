"""Providers' logic, one module per concept: connections (kept by scope and role, checked,
resolved and opened), runs (a prompt rendered and sent to a model, read, cancelled), prices (per
model, what a run costs), execution (a run's call to its model, streamed) and enhancement (a
version rewritten by an enhancement prompt). Callers import from here."""

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
from app.providers.service.enhancement import EnhanceRequest, enhance_version
from app.providers.service.execution import execute_run
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
    "EnhanceRequest",
    "ProviderCheck",
    "RunRequest",
    "cancel_run",
    "check_connection",
    "create_connection",
    "delete_connection",
    "delete_price",
    "enhance_version",
    "execute_run",
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
