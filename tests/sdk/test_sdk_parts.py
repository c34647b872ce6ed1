"""The SDK's parts that do no I/O: reading the stream, settling log batches, the cache's epochs,
and rendering."""

from __future__ import annotations

import time

import httpx
import pytest
from promptvault_sdk import Prompt, RenderError, schema_checks
from promptvault_sdk._cache import SETTLE_SECONDS, PromptCache
from promptvault_sdk._logs import Batch, LogQueue
from promptvault_sdk._protocol import batch_outcome
from promptvault_sdk._stream import SseParser, follow_stream


def _prompt(name: str = "greeting", version: int = 1) -> Prompt:
    return Prompt(
        name=name,
        environment="production",
        version=version,
        version_id=f"v{version}",
        body="Hello {{ who }}",
        variables={},
    )


def _items(queue: LogQueue, count: int) -> None:
    for number in range(count):
        queue.put({"n": number})


def _numbers(batch: Batch | None) -> list[int]:
    assert batch is not None
    return [item["n"] for item in batch.items]


def test_a_full_queue_drops_its_oldest_logs_and_counts_them() -> None:
    queue = LogQueue(max_queued=5, batch_size=3)
    _items(queue, 8)
    assert queue.stats.dropped == 3
    assert _numbers(queue.next_batch()) == [3, 4, 5]


def test_a_batch_stays_queued_until_the_server_takes_it() -> None:
    queue = LogQueue(max_queued=100, batch_size=3)
    _items(queue, 4)
    batch = queue.next_batch()
    assert not queue.settle(batch, batch_outcome(httpx.Response(503)))
    assert queue.next_batch() == batch
    assert queue.settle(batch, batch_outcome(httpx.Response(202, json={"accepted": 3})))
    assert _numbers(queue.next_batch()) == [3]
    assert (queue.stats.sent, queue.stats.failed_batches) == (3, 1)


def test_a_batch_goes_again_whole_and_under_its_key_while_more_logs_queue() -> None:
    queue = LogQueue(max_queued=100, batch_size=3)
    _items(queue, 2)
    batch = queue.next_batch()
    _items(queue, 2)
    assert batch is not None and not queue.settle(batch, batch_outcome(httpx.Response(503)))
    again = queue.next_batch()
    assert again is not None and (again.key, _numbers(again)) == (batch.key, [0, 1])
    assert queue.settle(again, batch_outcome(httpx.Response(202)))
    following = queue.next_batch()
    assert following is not None and following.key != batch.key
    assert _numbers(following) == [0, 1]  # the two queued later


def test_logs_dropped_while_their_batch_was_on_the_way_are_not_counted_as_sent() -> None:
    queue = LogQueue(max_queued=4, batch_size=3)
    _items(queue, 4)
    batch = queue.next_batch()  # 0, 1, 2
    _items(queue, 2)  # drops 0 and 1
    queue.settle(batch, batch_outcome(httpx.Response(202)))
    assert (queue.stats.sent, queue.stats.dropped) == (1, 2)
    assert _numbers(queue.next_batch()) == [3, 0, 1]


def test_the_item_a_400_names_is_refused_and_the_rest_go_again() -> None:
    queue = LogQueue(max_queued=100, batch_size=3)
    _items(queue, 3)
    batch = queue.next_batch()
    refusal = {"error": {"code": "BAD_USER_INPUT", "message": "item 1: versionId: no version"}}
    assert queue.settle(batch, batch_outcome(httpx.Response(400, json=refusal)))
    assert _numbers(queue.next_batch()) == [0, 2]
    assert queue.stats.rejected == 1


def test_a_400_that_names_no_item_sends_that_batch_one_log_at_a_time() -> None:
    queue = LogQueue(max_queued=100, batch_size=3)
    _items(queue, 4)
    refusal = {"error": {"code": "BAD_USER_INPUT", "message": "the body is wrong"}}
    queue.settle(queue.next_batch(), batch_outcome(httpx.Response(400, json=refusal)))
    single = queue.next_batch()
    assert single is not None and len(single.logs) == 1
    queue.settle(single, batch_outcome(httpx.Response(400, json=refusal)))
    assert queue.stats.rejected == 1
    for _ in range(2):
        queue.settle(queue.next_batch(), batch_outcome(httpx.Response(202)))
    assert _numbers(queue.next_batch()) == [3]  # past the batch: batches again


def test_retry_after_is_honoured() -> None:
    outcome = batch_outcome(httpx.Response(429, headers={"retry-after": "3"}))
    assert outcome.retry_after == 3.0


def test_the_stream_parser_reads_events_comments_and_ids() -> None:
    parser = SseParser()
    lines = [": connected", "", "event: activation", "id: 7", 'data: {"a":', "data: 1}", ""]
    messages = [parser.feed(line) for line in lines]
    assert messages[0] == "connected"
    event = messages[-1]
    assert event is not None and not isinstance(event, str)
    assert (event.event, event.id, event.data) == ("activation", "7", '{"a":\n1}')
    assert parser.last_event_id == "7"


def test_an_activation_invalidates_its_name_and_environment_only() -> None:
    cache = PromptCache(ttl=3600)
    for name in ("greeting", "farewell"):
        for environment in ("production", "staging"):
            cache.store((name, environment, None), _prompt(name), cache.epoch((name, "", None)))
    parser = SseParser()
    data = '{"assetName":"greeting","environment":"production","version":2}'
    for line in ("event: activation", "id: 1", f"data: {data}", ""):
        follow_stream(cache, parser, line)
    invalid = {key for key, entry in cache.entries.items() if entry.invalid}
    assert invalid == {("greeting", "production", None)}


def test_rollout_events_invalidate_too_and_a_fresh_stream_invalidates_everything() -> None:
    cache = PromptCache(ttl=3600)
    key = ("greeting", "production", "user-1")
    cache.store(key, _prompt(), cache.epoch(key))
    follow_stream(cache, SseParser(), "event: rollout.rolled_back")
    parser = SseParser()
    for line in ("event: rollout.rolled_back", 'data: {"assetName":"greeting"}', ""):
        follow_stream(cache, parser, line)
    assert cache.entries[key].invalid
    cache.store(key, _prompt(), cache.epoch(key))
    assert follow_stream(cache, SseParser(), ": connected")
    assert cache.entries[key].invalid


def test_a_fetch_that_began_before_an_invalidation_is_stored_as_invalid() -> None:
    cache = PromptCache(ttl=3600)
    key = ("greeting", "production", None)
    epoch = cache.epoch(key)
    cache.invalidate("greeting", "production")
    cache.store(key, _prompt(), epoch)
    assert cache.entries[key].invalid
    cache.store(key, _prompt(), cache.epoch(key))
    assert not cache.entries[key].invalid


def test_what_is_fetched_just_after_an_invalidation_is_soon_asked_for_again() -> None:
    cache = PromptCache(ttl=3600)
    key = ("greeting", "production", None)
    cache.invalidate("greeting", "production")
    cache.store(key, _prompt(), cache.epoch(key))
    assert cache.entries[key].fresh_until <= time.monotonic() + SETTLE_SECONDS
    other = ("farewell", "production", None)
    cache.store(other, _prompt("farewell"), cache.epoch(other))
    assert cache.entries[other].fresh_until > time.monotonic() + 3000


def test_the_cache_keeps_at_most_its_size_dropping_the_oldest() -> None:
    cache = PromptCache(ttl=3600, max_entries=2)
    for user in ("a", "b", "c"):
        key = ("greeting", "production", user)
        cache.store(key, _prompt(), cache.epoch(key))
    assert [key[2] for key in cache.entries] == ["b", "c"]


def test_render_is_strict() -> None:
    prompt = _prompt()
    assert prompt.render(who="Ada") == "Hello Ada"
    with pytest.raises(RenderError) as missing:
        prompt.render()
    assert missing.value.variable == "who"
    with pytest.raises(RenderError) as unknown:
        prompt.render(who="Ada", mood="glad")
    assert unknown.value.variable == "mood"


def test_render_checks_the_declared_types() -> None:
    typed = Prompt(
        name="count",
        environment="production",
        version=1,
        version_id="v1",
        body="{{ n }} items",
        variables={"type": "object", "properties": {"n": {"type": "integer"}}},
    )
    assert typed.render(n=3) == "3 items"
    with pytest.raises(RenderError, match="'n'"):
        typed.render(n="three")


def test_render_leaves_includes_to_the_server() -> None:
    including = Prompt(
        name="outer", environment="production", version=1, version_id="v1", body="{{> inner }}"
    )
    with pytest.raises(RenderError, match="renderPrompt"):
        including.render()


def test_the_server_matches_patterns_with_re2() -> None:
    """The server installs the SDK with its re2 extra: tenants' patterns match in linear time."""
    assert schema_checks.PATTERN_ENGINE == "re2"
