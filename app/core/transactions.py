"""Transactions with after-commit hooks: what must happen only once the change is durable, such
as publishing its events, registers with `on_commit` inside `atomic()`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar

from tortoise.transactions import in_transaction

logger = logging.getLogger("promptvault.transactions")

CommitHook = Callable[[], Awaitable[None]]
_hooks: ContextVar[list[CommitHook] | None] = ContextVar("commit_hooks", default=None)


@asynccontextmanager
async def atomic() -> AsyncIterator[None]:
    """A transaction whose on_commit hooks run after it commits; nested, it joins the outer one."""
    if _hooks.get() is not None:
        async with in_transaction():
            yield
        return
    hooks: list[CommitHook] = []
    token = _hooks.set(hooks)
    try:
        async with in_transaction():
            yield
    finally:
        _hooks.reset(token)
    for hook in hooks:
        try:
            await hook()
        except Exception:
            # The change is committed; a hook's failure must not turn it into an error.
            logger.exception("an after-commit hook failed")


def in_atomic() -> bool:
    return _hooks.get() is not None


def on_commit(hook: CommitHook) -> None:
    hooks = _hooks.get()
    if hooks is None:
        raise RuntimeError("on_commit needs an enclosing atomic() transaction")
    hooks.append(hook)
