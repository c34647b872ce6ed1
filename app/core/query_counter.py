"""Counts the SQL statements the ORM sends, from Tortoise's query log. Tests and benchmarks use it
to show that a page costs the same number of queries whatever its size."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

SQL_VERBS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")

# The statements of the block being counted. A context variable, so that only the block's task
# and the tasks it starts (DataLoader batches) count, not background tasks such as the job worker.
_collecting: ContextVar[list[str] | None] = ContextVar("collecting_statements", default=None)


class _StatementCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)

    def emit(self, record: logging.LogRecord) -> None:
        statements = _collecting.get()
        message = record.getMessage().lstrip()
        if statements is not None and message.upper().startswith(SQL_VERBS):
            statements.append(message)


@contextmanager
def count_queries() -> Iterator[list[str]]:
    """Yields the list that collects every SQL statement sent inside the block."""
    logger = logging.getLogger("tortoise.db_client")
    counter = _StatementCounter()
    statements: list[str] = []
    token = _collecting.set(statements)
    previous_level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    try:
        yield statements
    finally:
        logger.removeHandler(counter)
        logger.setLevel(previous_level)
        _collecting.reset(token)
