"""Which version a cached prompt serves while a canary runs: the rollout's share of keys, the same
side for the same key every time. (The same over HTTP, with a rollout started by
activateVersion(rollout:), is in test_canary_reads.py.)"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from app.registry.models import Rollout
from app.runtime.served import ActivePrompt, ServedVersion


def _version(number: int) -> ServedVersion:
    # Fixed ids: a key's side depends on the canary's id, so random ids would make the share
    # measured over 2,000 keys drift past its bounds in about one run of 500.
    version_id = uuid.UUID(int=number)
    return ServedVersion(version_id=version_id, etag=f'"{version_id.hex}"', document=b"{}")


def _canary(state: str = "running", share: float = 0.25) -> ActivePrompt:
    baseline, canary = _version(1), _version(2)
    rollout = Rollout(
        version_id=canary.version_id, share=share, state=state, started_at=datetime.now(UTC)
    )
    return ActivePrompt(baseline=baseline, canary=canary, rollout=rollout)


def test_a_key_falls_on_the_same_side_every_time() -> None:
    prompt = _canary()
    for key in (f"user-{n}" for n in range(200)):
        sides = {prompt.serving(key).version_id for _ in range(5)}
        assert len(sides) == 1


def test_the_canary_serves_its_share_of_keys() -> None:
    prompt = _canary(share=0.25)
    assert prompt.canary is not None
    served = [prompt.serving(f"user-{n}").version_id for n in range(2000)]
    share = served.count(prompt.canary.version_id) / len(served)
    assert 0.22 <= share <= 0.28


def test_a_rollout_that_is_not_running_serves_the_baseline() -> None:
    for state in ("promoted", "rolled_back"):
        prompt = _canary(state=state, share=1.0)
        assert prompt.serving("user-1") == prompt.baseline


def test_without_a_canary_everything_is_the_baseline() -> None:
    baseline = _version(1)
    assert ActivePrompt(baseline=baseline).serving("user-1") == baseline
    assert ActivePrompt(baseline=baseline).serving(None) == baseline
