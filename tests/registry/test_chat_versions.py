"""Chat versions: createVersion with format CHAT and messages, what it refuses (naming what is
wrong), resolvePrompt and renderPrompt of a chat prompt, its content hash, diffs message by
message, cloning and the includes its messages record."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from tests.support.chat_prompts import (
    CREATE_VERSION,
    RENDER,
    RESOLVE,
    add_version,
    as_input,
    live,
    new_asset,
    version_input,
)
from tests.support.graphql import Result, TenantHandle
from tests.support.typed_prompts import CLONE, DEPENDENTS

DIFF = """
query Diff($from: ID!, $to: ID!) { diffVersions(fromId: $from, toId: $to) { unified } }
"""
ASSET_FLAGS = "query($id: ID!) { asset(id: $id) { enhancement } }"
SUPPORT = {
    "format": "chat",
    "messages": [
        {"role": "system", "content": "You help customers of {{ product }}.", "placeholder": None},
        {"role": "user", "content": "", "placeholder": "history"},
        {"role": "user", "content": "{{ question }}", "placeholder": None},
    ],
    "variables": {},
}
TRANSCRIPT = "\n\n".join(
    [
        "[system]\nYou help customers of {{ product }}.",
        "[placeholder: history]",
        "[user]\n{{ question }}",
    ]
)


def _refusal(result: Result, field: str, *words: str) -> str:
    assert result.code == "BAD_USER_INPUT", result.errors
    error = result.errors[0]
    assert error["extensions"]["field"] == field
    for word in words:
        assert word in error["message"], error["message"]
    return str(error["message"])


async def _create(tenant: TenantHandle, input: dict[str, Any]) -> Result:
    asset_id, _ = await new_asset(tenant)
    return await tenant.gql(CREATE_VERSION, {"assetId": asset_id, "input": input})


async def test_a_chat_version_keeps_its_messages_and_their_transcript_as_body(
    tenant: TenantHandle,
) -> None:
    created = await _create(tenant, version_input(SUPPORT))

    version = created.ok()["createVersion"]
    assert version["format"] == "CHAT"
    assert version["messages"] == [
        {"role": "SYSTEM", "content": "You help customers of {{ product }}.", "placeholder": None},
        {"role": "USER", "content": "", "placeholder": "history"},
        {"role": "USER", "content": "{{ question }}", "placeholder": None},
    ]
    assert version["body"] == TRANSCRIPT


async def test_a_text_version_has_no_messages(tenant: TenantHandle) -> None:
    created = await _create(tenant, {"body": "Hello {{ name }}"})

    version = created.ok()["createVersion"]
    assert (version["format"], version["messages"]) == ("TEXT", None)


async def test_resolve_and_render_a_chat_prompt(tenant: TenantHandle) -> None:
    config = {"model": "gpt-4o-mini", "temperature": 0.3}
    prompt = await live(tenant, {**SUPPORT, "modelConfig": config})
    values = {
        "product": "Acme",
        "question": "Where is my parcel?",
        "history": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}],
    }

    resolved = (await tenant.gql(RESOLVE, {"name": prompt.name, "environment": "staging"})).ok()
    rendered = await tenant.gql(
        RENDER, {"name": prompt.name, "environment": "staging", "variables": values}
    )

    resolved_prompt = resolved["resolvePrompt"]
    assert resolved_prompt["format"] == "CHAT"
    assert resolved_prompt["messages"] == as_input(SUPPORT["messages"])
    assert resolved_prompt["modelConfig"] == config
    assert resolved_prompt["body"] == TRANSCRIPT
    answer = rendered.ok()["renderPrompt"]
    assert answer["messages"] == [
        {"role": "SYSTEM", "content": "You help customers of Acme."},
        {"role": "USER", "content": "Hi"},
        {"role": "ASSISTANT", "content": "Hello!"},
        {"role": "USER", "content": "Where is my parcel?"},
    ]
    assert answer["text"] == (
        "[system]\nYou help customers of Acme.\n\n[user]\nHi\n\n[assistant]\nHello!\n\n"
        "[user]\nWhere is my parcel?"
    )


async def test_resolve_prompt_gives_a_text_prompts_format_and_model_config(
    tenant: TenantHandle,
) -> None:
    text = {"format": "text", "body": "Hi {{ name }}", "modelConfig": {"model": "small"}}
    prompt = await live(tenant, text)

    resolved = (await tenant.gql(RESOLVE, {"name": prompt.name, "environment": "staging"})).ok()

    assert resolved["resolvePrompt"]["format"] == "TEXT"
    assert resolved["resolvePrompt"]["messages"] is None
    assert resolved["resolvePrompt"]["modelConfig"] == {"model": "small"}


@pytest.mark.parametrize(
    ("case", "input", "field", "words"),
    [
        (
            "a text version with messages",
            {"body": "Hi", "messages": [{"role": "USER", "content": "Hi"}]},
            "messages",
            ["messages are for CHAT versions"],
        ),
        (
            "a chat version without messages",
            {"format": "CHAT", "body": ""},
            "messages",
            ["a CHAT version needs messages"],
        ),
        (
            "a chat version with an empty list",
            {"format": "CHAT", "body": "", "messages": []},
            "messages",
            ["at least one"],
        ),
        (
            "a message without content",
            {"format": "CHAT", "body": "", "messages": [{"role": "USER", "content": " "}]},
            "messages",
            ["message 1", "content must not be empty"],
        ),
        (
            "a placeholder message with content",
            {
                "format": "CHAT",
                "body": "",
                "messages": [
                    {"role": "SYSTEM", "content": "Be brief."},
                    {"role": "USER", "content": "Hi", "placeholder": "history"},
                ],
            },
            "messages",
            ["message 2", "a placeholder message has no content"],
        ),
        (
            "a placeholder that is no variable name",
            {
                "format": "CHAT",
                "body": "",
                "messages": [{"role": "USER", "placeholder": "chat history"}],
            },
            "messages",
            ["message 1", "placeholder 'chat history' must be a variable name"],
        ),
        (
            "a placeholder used twice",
            {
                "format": "CHAT",
                "body": "",
                "messages": [
                    {"role": "USER", "placeholder": "history"},
                    {"role": "USER", "placeholder": "history"},
                ],
            },
            "messages",
            ["message 2", "'history' is already used"],
        ),
        (
            "a chat version with a body of its own",
            {"format": "CHAT", "body": "Hello", "messages": [{"role": "USER", "content": "Hi"}]},
            "body",
            ["keeps its content in messages"],
        ),
        (
            "a chat version that includes itself",
            {
                "format": "CHAT",
                "body": "",
                "messages": [{"role": "SYSTEM", "content": "{{> SELF }}"}],
            },
            "messages",
            ["cannot include itself"],
        ),
    ],
)
async def test_a_malformed_version_is_refused_naming_what_is_wrong(
    tenant: TenantHandle, case: str, input: dict[str, Any], field: str, words: list[str]
) -> None:
    asset_id, name = await new_asset(tenant)
    messages = input.get("messages") or []
    for message in messages:
        message["content"] = message.get("content", "").replace("SELF", name)

    result = await tenant.gql(CREATE_VERSION, {"assetId": asset_id, "input": input})

    _refusal(result, field, *words)


async def test_an_unknown_role_is_refused_by_the_schema(tenant: TenantHandle) -> None:
    input = {"format": "CHAT", "body": "", "messages": [{"role": "ROBOT", "content": "Beep"}]}

    result = await _create(tenant, input)

    assert result.code == "BAD_USER_INPUT" and "ROBOT" in result.errors[0]["message"]


async def test_the_content_hash_covers_messages_format_and_model_config(
    tenant: TenantHandle,
) -> None:
    asset_id, _ = await new_asset(tenant)
    one_user_message = {**SUPPORT, "messages": SUPPORT["messages"][2:]}
    as_assistant = {
        **one_user_message,
        "messages": [{**SUPPORT["messages"][2], "role": "assistant"}],
    }
    variants: list[dict[str, Any]] = [
        SUPPORT,
        SUPPORT,  # the same content: the same hash
        one_user_message,
        as_assistant,
        {**one_user_message, "modelConfig": {"temperature": 0.5}},
        {"format": "text", "body": "[user]\n{{ question }}"},  # the transcript of one_user_message
    ]
    hashes = []
    for prompt in variants:
        created = await add_version(tenant, asset_id, prompt)
        hashes.append(created.ok()["createVersion"]["contentHash"])

    assert hashes[0] == hashes[1]
    assert len(set(hashes[1:])) == 5


async def test_a_text_versions_hash_is_what_it_was_before_chat_versions(
    tenant: TenantHandle,
) -> None:
    content = {"body": "Hi {{ name }}", "variables": {}, "model_config": {"model": "small"}}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))

    created = await _create(tenant, {"body": "Hi {{ name }}", "modelConfig": {"model": "small"}})

    assert (
        created.ok()["createVersion"]["contentHash"]
        == hashlib.sha256(canonical.encode()).hexdigest()
    )


async def test_a_diff_of_chat_versions_goes_message_by_message(tenant: TenantHandle) -> None:
    asset_id, name = await new_asset(tenant)
    changed = {
        **SUPPORT,
        "messages": [
            {"role": "system", "content": "You help customers of {{ product }}. Be brief."},
            SUPPORT["messages"][2],
        ],
    }
    ids = [
        (await add_version(tenant, asset_id, prompt)).ok()["createVersion"]["id"]
        for prompt in (SUPPORT, changed)
    ]

    diff = (await tenant.gql(DIFF, {"from": ids[0], "to": ids[1]})).ok()["diffVersions"]

    assert diff["unified"].splitlines() == [
        f"--- {name}@v1",
        f"+++ {name}@v2",
        "@@ -1,7 +1,5 @@",
        " [system]",
        "-You help customers of {{ product }}.",
        "-",
        "-[placeholder: history]",
        "+You help customers of {{ product }}. Be brief.",
        " ",
        " [user]",
        " {{ question }}",
    ]


async def test_a_diff_of_a_text_and_a_chat_version_shows_the_format_and_model_config(
    tenant: TenantHandle,
) -> None:
    asset_id, name = await new_asset(tenant)
    text = {"format": "text", "body": "Answer {{ question }}"}
    chat = {
        "format": "chat",
        "messages": [{"role": "user", "content": "Answer {{ question }}"}],
        "modelConfig": {"model": "small", "temperature": 0},
    }
    ids = [
        (await add_version(tenant, asset_id, prompt)).ok()["createVersion"]["id"]
        for prompt in (text, chat)
    ]

    diff = (await tenant.gql(DIFF, {"from": ids[0], "to": ids[1]})).ok()["diffVersions"]

    assert diff["unified"].splitlines() == [
        f"--- {name}@v1",
        f"+++ {name}@v2",
        "@@ -1,6 +1,10 @@",
        "-format: TEXT",
        "+format: CHAT",
        " ",
        "+[user]",
        " Answer {{ question }}",
        " ",
        " modelConfig:",
        "-{}",
        "+{",
        '+  "model": "small",',
        '+  "temperature": 0',
        "+}",
    ]


async def test_a_clone_of_a_chat_asset_is_a_chat_asset_unless_given_a_body(
    tenant: TenantHandle,
) -> None:
    template = await live(tenant, {**SUPPORT, "modelConfig": {"model": "small"}})

    chat = await tenant.gql(CLONE, {"templateId": template.id, "input": {"name": "chat-clone"}})
    text = await tenant.gql(
        CLONE, {"templateId": template.id, "input": {"name": "text-clone", "body": "Hi"}}
    )

    chat_version = chat.ok()["cloneAsset"]["latestVersion"]
    assert chat_version["body"] == TRANSCRIPT
    assert chat_version["modelConfig"] == {"model": "small"}
    resolved_clone = await tenant.gql(
        "query($id: ID!) { asset(id: $id) { latestVersion { format messages { placeholder } } } }",
        {"id": chat.ok()["cloneAsset"]["id"]},
    )
    latest = resolved_clone.ok()["asset"]["latestVersion"]
    assert latest["format"] == "CHAT"
    assert [m["placeholder"] for m in latest["messages"]] == [None, "history", None]
    assert text.ok()["cloneAsset"]["latestVersion"]["body"] == "Hi"


async def test_includes_in_messages_are_recorded_as_references(tenant: TenantHandle) -> None:
    style = await live(tenant, {"format": "text", "body": "Be kind."}, name="house-style")
    chat = {
        "format": "chat",
        "messages": [{"role": "system", "content": "{{> house-style }}\nHelp."}],
    }
    including = await live(tenant, chat)

    dependents = (await tenant.gql(DEPENDENTS, {"id": style.id})).ok()["dependents"]

    assert [asset["name"] for asset in dependents] == [including.name]


async def test_an_asset_is_marked_as_an_enhancement_prompt(tenant: TenantHandle) -> None:
    created = await tenant.gql(
        'mutation { createAsset(input: {name: "rewriter", title: "Rewriter", enhancement: true})'
        " { id enhancement } }"
    )
    plain = await tenant.gql(
        'mutation { createAsset(input: {name: "plain", title: "Plain"}) { id enhancement } }'
    )
    asset_id = created.ok()["createAsset"]["id"]
    updated = await tenant.gql(
        "mutation($id: ID!) { updateAsset(id: $id, input: {enhancement: false}) { enhancement } }",
        {"id": asset_id},
    )
    audit = await tenant.gql(
        'query { auditEvents(first: 1, action: "asset.update") { edges { node { diff } } } }'
    )

    assert created.ok()["createAsset"]["enhancement"] is True
    assert plain.ok()["createAsset"]["enhancement"] is False
    assert updated.ok()["updateAsset"]["enhancement"] is False
    assert (await tenant.gql(ASSET_FLAGS, {"id": asset_id})).ok()["asset"]["enhancement"] is False
    [event] = audit.ok()["auditEvents"]["edges"]
    assert event["node"]["diff"] == {
        "before": {"enhancement": True},
        "after": {"enhancement": False},
    }
