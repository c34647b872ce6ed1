"""DNS rebinding: a webhook host that resolves to a public address while it is checked and to a
private one afterwards. A delivery connects to the address it checked, never to a second answer,
and still names the host in its Host header.

There is no public way to make a name resolve differently from one lookup to the next (the
machine's resolver is not the test's to change), so these tests swap the process's resolver and,
since every address a test may reach is a loopback one, let 127.0.0.3 stand for a public address.
"""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from app.core import outbound
from app.main import create_app
from app.settings import Settings, load_settings
from app.webhooks import delivery
from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.receiver import Receiver, running_receiver
from tests.support.registry import make_asset
from tests.support.webhooks import CREATE_WEBHOOK, create_webhook, deliveries_of, received

REBINDING_HOST = "rebinding.promptvault.test"
CHECKED = "127.0.0.3"  # stands for a public address; nothing listens there
DELETE_WEBHOOK = "mutation DeleteWebhook($id: ID!) { deleteWebhook(id: $id) }"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as receiver:
        yield receiver


def _strict_settings() -> Settings:
    return dataclasses.replace(load_settings(), webhook_allow_private=False)


def _resolving(monkeypatch: pytest.MonkeyPatch, answer: Callable[[int], str]) -> list[str]:
    """Makes REBINDING_HOST resolve to answer(n) at its n-th lookup; returns the answers given."""
    real_getaddrinfo = socket.getaddrinfo
    answers: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in (REBINDING_HOST, REBINDING_HOST.encode()):  # anyio asks in bytes
            return real_getaddrinfo(host, port, *args, **kwargs)
        answers.append(answer(len(answers)))
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (answers[-1], port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


async def test_a_delivery_connects_to_the_address_it_checked(
    tenant: TenantHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The creation's check and the delivery's get the public answer, any later lookup the private.
    lookups = _resolving(monkeypatch, lambda n: CHECKED if n < 2 else "127.0.0.1")
    monkeypatch.setattr(outbound, "_is_public", lambda address: address == CHECKED)
    monkeypatch.setattr(delivery, "get_settings", _strict_settings)

    with running_receiver() as internal:  # on 127.0.0.1: what the attacker wants to reach
        port = internal.url.rsplit(":", 1)[1]
        async with GraphQLClient.for_app(create_app(_strict_settings())) as strict:
            variables = {
                "input": {"url": f"http://{REBINDING_HOST}:{port}/", "events": ["asset.created"]}
            }
            created = await strict(CREATE_WEBHOOK, variables, token=tenant.token)
        webhook_id = created.ok()["createWebhook"]["webhook"]["id"]
        await make_asset(tenant, versions=0)

        deadline = time.monotonic() + 10
        while not internal.requests and not any(
            found["attempts"] >= 2 for found in await deliveries_of(tenant, webhook_id)
        ):
            assert time.monotonic() < deadline, "the delivery was not attempted twice"
            await asyncio.sleep(0.1)
        (await tenant.gql(DELETE_WEBHOOK, {"id": webhook_id})).ok()

    assert internal.requests == [], "a delivery reached the address of a second lookup"
    assert lookups[:2] == [CHECKED, CHECKED]


async def test_a_delivery_to_a_name_sends_the_name_as_its_host(
    tenant: TenantHandle, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    _resolving(monkeypatch, lambda n: "127.0.0.1")  # private destinations are allowed here
    port = receiver.url.rsplit(":", 1)[1]
    await create_webhook(tenant, f"http://{REBINDING_HOST}:{port}/hook")
    await make_asset(tenant, versions=0)
    [request] = await received(receiver, 1)
    assert request.headers["host"] == f"{REBINDING_HOST}:{port}"
