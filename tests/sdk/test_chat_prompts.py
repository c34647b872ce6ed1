"""The SDK reads a chat prompt through the runtime API and renders it as renderPrompt does."""

from __future__ import annotations

from tests.sdk.conftest import World, sdk
from tests.support.chat_prompts import RENDER, add_version, new_asset
from tests.support.registry import ACTIVATE

SUPPORT = {
    "format": "chat",
    "messages": [
        {"role": "system", "content": "You help customers of {{ product }}.", "placeholder": None},
        {"role": "user", "content": "", "placeholder": "history"},
        {"role": "user", "content": "{{ question }}", "placeholder": None},
    ],
    "variables": {},
    "modelConfig": {"model": "gpt-4o-mini", "temperature": 0.2},
}
VALUES = {
    "product": "Acme",
    "question": "Where is my parcel?",
    "history": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}],
}


async def test_get_prompt_reads_a_chat_prompt_and_renders_its_messages(world: World) -> None:
    asset_id, name = await new_asset(world.tenant)
    version_id = (await add_version(world.tenant, asset_id, SUPPORT)).ok()["createVersion"]["id"]
    activated = await world.tenant.gql(
        ACTIVATE, {"versionId": version_id, "environment": "staging"}
    )
    activated.ok()
    served = await world.tenant.gql(
        RENDER, {"name": name, "environment": "staging", "variables": VALUES}
    )

    with sdk(world, stream=False) as client:
        prompt = client.get_prompt(name, "staging")
        rendered = prompt.render(**VALUES)

    assert (prompt.format, prompt.version_id) == ("chat", version_id)
    assert prompt.messages == SUPPORT["messages"]
    assert prompt.model_config == SUPPORT["modelConfig"]
    assert rendered == [
        {"role": "system", "content": "You help customers of Acme."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello!"},
        {"role": "user", "content": "Where is my parcel?"},
    ]
    server_messages = served.ok()["renderPrompt"]["messages"]
    assert [{**m, "role": m["role"].lower()} for m in server_messages] == rendered


async def test_a_text_prompt_reads_as_text(world: World) -> None:
    with sdk(world, stream=False) as client:
        prompt = client.get_prompt(world.asset.name)

    assert (prompt.format, prompt.messages) == ("text", None)
    assert isinstance(prompt.render(topic="refunds"), str)
