"""The cap on the subscriptions that one user or API key holds open at once in this process."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

from app.core.actor import Actor
from app.core.errors import RateLimited


class OpenSubscriptions:
    """The subscriptions open in this process, per user or API key: each event is delivered to
    every one of them, so their number is what an activation costs."""

    def __init__(self, per_user: int) -> None:
        self.per_user = per_user
        self._open: Counter[UUID] = Counter()

    @contextmanager
    def holding(self, actor: Actor) -> Iterator[None]:
        holder = actor.api_key_id or actor.user_id
        if holder is None:  # the system actor subscribes to nothing over GraphQL
            yield
            return
        if self._open[holder] >= self.per_user:
            raise RateLimited(
                f"at most {self.per_user} subscriptions are open at once for one user or API "
                "key; complete one first"
            )
        self._open[holder] += 1
        try:
            yield
        finally:
            self._open[holder] -= 1
            if not self._open[holder]:
                del self._open[holder]
