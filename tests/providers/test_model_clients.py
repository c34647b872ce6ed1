"""The model clients that runs and enhancement use (app/providers/client.py, opened by the service's
open_connection), against fake OpenAI and Anthropic servers on 127.0.0.1: a chat answer streamed
piece by piece with its usage at the end, a version's modelConfig carried into each provider's
request, and a broken or stalled stream raised as a ProviderError. Connections are made through
GraphQL; the actor is the one the API signs in."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from app.core.errors import Forbidden, NotFound
from app.core.ids import decode_id
from app.providers.client import ChatPiece, Problem, ProviderError
from app.providers.service import open_connection
from app.settings import Settings, load_settings
from tests.support.fake_providers import FakeProvider, Kind, running_fake_provider
from tests.support.graphql import TenantHandle
from tests.support.providers import actor_of, create_connection, fake_input

KEY = "sk-test-clients-5678"
MESSAGES = [
    {"role": "system", "content": "You answer briefly."},
    {"role": "user", "content": "Say hello."},
    {"role": "assistant", "content": "Hello?"},
    {"role": "user", "content": "To the world."},
]
LOOKUP = {
    "type": "function",
    "function": {
        "name": "lookup",
        "description": "Looks a word up.",
        "parameters": {"type": "object", "properties": {"word": {"type": "string"}}},
    },
}
CONFIG: dict[str, Any] = {
    "provider": "ignored here",
    "model": "ignored here",
    "temperature": 0.3,
    "maxTokens": 256,
    "topP": 0.9,
    "stop": ["END"],
    "tools": [LOOKUP],
    "responseFormat": {"type": "object", "properties": {"answer": {"type": "string"}}},
}


@pytest.fixture(params=["openai", "anthropic"])
def fake(request: pytest.FixtureRequest) -> Iterator[FakeProvider]:
    kind: Kind = request.param
    with running_fake_provider(kind, key=KEY) as fake:
        yield fake


async def _stream(
    tenant: TenantHandle,
    connection_id: str | None = None,
    *,
    model: str | None = None,
    config: dict[str, Any] | None = None,
    role: str = "ADMIN",
    provider_name: str | None = None,
    settings: Settings | None = None,
) -> list[ChatPiece]:
    actor = await actor_of(tenant, role)
    pieces = []
    async with open_connection(
        actor,
        settings=settings or load_settings(),
        connection_id=_uuid(connection_id) if connection_id else None,
        provider_name=provider_name,
    ) as client:
        async for piece in client.stream_chat(model, MESSAGES, config or {}):
            pieces.append(piece)
    return pieces


def _uuid(global_id: str) -> UUID:
    return decode_id(global_id, "ProviderConnection")


async def test_an_answer_streams_piece_by_piece_then_its_usage(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection = await create_connection(tenant, fake_input(fake))
    fake.answer = ["Hello", ", ", "world", "."]
    fake.usage = (31, 7)

    pieces = await _stream(tenant, connection["id"], role="DEVELOPER")

    assert [piece.text for piece in pieces[:-1]] == ["Hello", ", ", "world", "."]
    last = pieces[-1]
    assert last.done and last.text == "" and last.tool_calls == ()
    assert (last.usage.input_tokens, last.usage.output_tokens) == (31, 7)  # type: ignore[union-attr]
    assert last.stop_reason == ("stop" if fake.kind == "openai" else "end_turn")
    [request] = fake.chat_requests()
    assert request.json["model"] == "fake-large"  # the connection's default model
    assert request.json["stream"] is True
    assert request.headers["authorization"] == f"Bearer {KEY}"


async def test_openai_requests_carry_the_model_configuration(tenant: TenantHandle) -> None:
    with running_fake_provider("openai", key=KEY) as fake:
        connection = await create_connection(tenant, fake_input(fake))
        await _stream(tenant, connection["id"], model="fake-small", config=CONFIG)
    [request] = fake.chat_requests()
    assert request.json == {
        "model": "fake-small",
        "messages": MESSAGES,
        "stream": True,
        "stream_options": {"include_usage": True},
        "temperature": 0.3,
        "max_tokens": 256,
        "top_p": 0.9,
        "stop": ["END"],
        "tools": [LOOKUP],
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "response", "schema": CONFIG["responseFormat"]},
        },
    }


async def test_anthropic_requests_carry_the_model_configuration(tenant: TenantHandle) -> None:
    with running_fake_provider("anthropic", key=KEY) as fake:
        connection = await create_connection(tenant, fake_input(fake))
        await _stream(tenant, connection["id"], model="fake-small", config=CONFIG)
        await _stream(tenant, connection["id"])  # no configuration
    configured, bare = fake.chat_requests()
    assert (
        configured.json
        == {
            "model": "fake-small",
            "system": "You answer briefly.",  # system messages go in `system`
            "messages": MESSAGES[1:],
            "stream": True,
            "max_tokens": 256,
            "temperature": 0.3,
            "top_p": 0.9,
            "stop_sequences": ["END"],
            "tools": [
                {
                    "name": "lookup",
                    "description": "Looks a word up.",
                    "input_schema": LOOKUP["function"]["parameters"],
                }
            ],
            "output_config": {
                "format": {"type": "json_schema", "schema": CONFIG["responseFormat"]}
            },
        }
    )
    assert bare.json["max_tokens"] == 4096  # the Messages API needs one
    assert "temperature" not in bare.json and "tools" not in bare.json


async def test_a_tool_call_comes_with_the_last_piece(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection = await create_connection(tenant, fake_input(fake))
    fake.tool_call = ("lookup", '{"word": "hello"}')

    pieces = await _stream(tenant, connection["id"], config={"tools": [LOOKUP]})

    [call] = pieces[-1].tool_calls
    assert (call.name, call.arguments) == ("lookup", '{"word": "hello"}')
    assert pieces[-1].stop_reason == ("tool_calls" if fake.kind == "openai" else "tool_use")


async def test_a_stream_cut_in_the_middle_is_a_broken_answer(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection = await create_connection(tenant, fake_input(fake))
    received: list[str] = []
    fake.drop_stream(after_pieces=2)

    with pytest.raises(ProviderError) as raised:
        async with open_connection(
            await actor_of(tenant), settings=load_settings(), connection_id=_uuid(connection["id"])
        ) as client:
            async for piece in client.stream_chat(None, MESSAGES, {}):
                received.append(piece.text)

    assert received == ["Hello", ", "]
    assert raised.value.problem == Problem.STREAM_BROKEN
    assert raised.value.message == "the provider's answer broke off before its end"


async def test_a_stream_that_ends_before_its_last_event_is_a_broken_answer(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection = await create_connection(tenant, fake_input(fake))
    fake.end_stream_early(after_pieces=1)

    with pytest.raises(ProviderError) as raised:
        await _stream(tenant, connection["id"])

    assert raised.value.problem == Problem.STREAM_BROKEN


async def test_a_stream_that_stalls_past_the_time_out_is_given_up_on(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection = await create_connection(tenant, fake_input(fake))
    fake.stall(5, after_pieces=1)
    impatient = dataclasses.replace(load_settings(), provider_timeout_seconds=0.3)

    with pytest.raises(ProviderError) as raised:
        await _stream(tenant, connection["id"], settings=impatient)

    assert raised.value.problem == Problem.TIMED_OUT
    assert raised.value.message == "the provider sent nothing for 0.3 s in the middle of its answer"
    assert len(fake.chat_requests()) == 1  # a stream that began is not sent again


async def test_a_refused_key_and_a_spent_rate_limit_are_provider_errors(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    wrong = await create_connection(tenant, fake_input(fake, name="wrong", apiKey="sk-wrong-00"))
    with pytest.raises(ProviderError) as refused:
        await _stream(tenant, wrong["id"])
    assert refused.value.problem == Problem.KEY_REFUSED
    assert refused.value.extensions == {"code": "BAD_USER_INPUT", "problem": "KEY_REFUSED"}

    right = await create_connection(tenant, fake_input(fake))
    fake.rate_limit(times=3)  # the first call and both retries
    with pytest.raises(ProviderError) as limited:
        await _stream(tenant, right["id"])
    assert limited.value.extensions == {"code": "RATE_LIMITED", "problem": "RATE_LIMITED"}


async def test_a_connection_is_found_by_name_the_users_own_first(tenant: TenantHandle) -> None:
    with (
        running_fake_provider("openai") as team,
        running_fake_provider("openai") as own,
    ):
        await create_connection(tenant, fake_input(team, name="openai"))
        # The admin's own connection of the same name (only admins mark one local).
        await create_connection(tenant, fake_input(own, name="openai", scope="USER"))

        await _stream(tenant, provider_name="openai")  # the admin: their own
        await _stream(tenant, provider_name="openai", role="DEVELOPER")  # the tenant's

    assert len(own.chat_requests()) == 1 and len(team.chat_requests()) == 1
    with pytest.raises(NotFound):
        await _stream(tenant, provider_name="nobody's")


async def test_only_what_the_actor_may_see_is_opened(
    tenant: TenantHandle, other_tenant: TenantHandle, fake: FakeProvider
) -> None:
    theirs = await create_connection(other_tenant, fake_input(fake))
    with pytest.raises(NotFound):
        await _stream(tenant, theirs["id"])
    mine = await create_connection(tenant, fake_input(fake))
    for role in ("REVIEWER", "VIEWER"):
        with pytest.raises(Forbidden):
            await _stream(tenant, mine["id"], role=role)
    assert fake.requests == []


async def test_without_a_model_or_a_default_nothing_is_asked(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection = await create_connection(tenant, fake_input(fake, defaultModel=None))
    with pytest.raises(ProviderError) as raised:
        await _stream(tenant, connection["id"])
    assert raised.value.problem == Problem.NO_MODEL
    assert fake.requests == []


async def test_a_key_sealed_under_another_secret_key_must_be_entered_again(
    tenant: TenantHandle, fake: FakeProvider
) -> None:
    connection = await create_connection(tenant, fake_input(fake))
    rotated = dataclasses.replace(load_settings(), secret_key="another-secret-key-" + "x" * 32)

    with pytest.raises(ProviderError) as raised:
        await _stream(tenant, connection["id"], settings=rotated)

    assert raised.value.problem == Problem.KEY_UNREADABLE
    assert "enter the key again" in raised.value.message
    assert fake.requests == []
