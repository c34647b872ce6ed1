"""Enhancement: an enhancement prompt (an asset marked `enhancement`) rewrites a version, and the
rewrite becomes a new DRAFT version of the same asset, which then goes through review like any
other.

The enhancement prompt receives the version's content as the variable `prompt` (a chat
version's is its transcript: `[role]` lines above each message's content, `[placeholder: name]`
for a placeholder message), and, when it declares them, the user's `instructions` and the
`format` (`text` or `chat`). Its run is a PromptRun like any other, made in the request (which
waits up to PROMPTVAULT_ENHANCE_TIMEOUT_SECONDS). A text version's rewrite is the answer; a chat
version's answer must be a transcript in the same form, read back into messages (a placeholder
keeps the role it had)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from promptvault_sdk.rendering import declared_variables

from app.core.actor import Actor
from app.core.audit import record_audit
from app.core.errors import BadUserInput
from app.core.ids import encode_id
from app.core.permissions import Permission, require
from app.core.transactions import atomic
from app.core.validation import bounded_text
from app.providers.models import RunStatus
from app.providers.service.execution import run_inline
from app.providers.service.runs import RunRequest, keep_run, prepare_run
from app.registry.models import AssetVersion, MessageRole, PromptFormat
from app.registry.service import (
    create_version,
    enhancement_prompt,
    get_asset,
    get_version,
    template_of,
)
from app.settings import Settings

MAX_INSTRUCTIONS_CHARS = 4000
_HEADER = re.compile(r"^\[(?:(?P<role>system|user|assistant|tool)|placeholder: (?P<name>\w+))\]$")
_FENCE = re.compile(r"^```[\w-]*\n(?P<inside>.*)\n```$", re.DOTALL)


@dataclass(frozen=True)
class EnhanceRequest:
    version_id: UUID
    enhancement_asset_id: UUID | None = None
    connection_id: UUID | None = None
    instructions: str | None = None


async def enhance_version(
    actor: Actor, request: EnhanceRequest, *, settings: Settings
) -> AssetVersion:
    """Runs the enhancement prompt over the version and saves its rewrite as a new DRAFT."""
    require(actor, Permission.EDIT_ASSETS)
    require(actor, Permission.USE_MODEL_CONNECTIONS)
    instructions = bounded_text(
        request.instructions or "", field="instructions", max_chars=MAX_INSTRUCTIONS_CHARS
    ).strip()
    version = await get_version(actor, request.version_id)
    enhancer, enhancer_version = await enhancement_prompt(
        actor, asset_id=request.enhancement_asset_id
    )
    template = await template_of(actor, enhancer_version)
    takes = declared_variables(template)
    if "prompt" not in takes:
        raise BadUserInput(
            f"the enhancement prompt '{enhancer.name}' must take the prompt to rewrite as the"
            " variable 'prompt'",
            field="enhancementAssetId",
        )
    variables: dict[str, Any] = {"prompt": version.body}
    if "instructions" in takes:
        variables["instructions"] = instructions
    elif instructions:
        raise BadUserInput(
            f"the enhancement prompt '{enhancer.name}' takes no instructions",
            field="instructions",
        )
    if "format" in takes:
        variables["format"] = str(version.format)
    prepared = await prepare_run(
        actor,
        RunRequest(
            version_id=enhancer_version.id,
            variables=variables,
            connection_id=request.connection_id,
        ),
    )
    timeout = settings.enhance_timeout_seconds
    run = await keep_run(actor, prepared, settings=settings, inline_seconds=timeout)
    run = await run_inline(run, settings=settings, timeout=timeout)
    if run.status != RunStatus.SUCCEEDED:
        raise BadUserInput(
            f"the enhancement prompt '{enhancer.name}' failed: {run.error}", field="versionId"
        )
    asset = await get_asset(actor, id=version.asset_id)
    how = f"Enhanced by {enhancer.name} v{enhancer_version.number} with {run.model}"
    message = f"{how}: {instructions}" if instructions else how
    rewrite = _unfenced(run.output)
    if not rewrite:
        raise BadUserInput(
            f"the enhancement prompt '{enhancer.name}' answered nothing", field="versionId"
        )
    chat = version.format == PromptFormat.CHAT
    async with atomic():
        draft = await create_version(
            actor,
            asset_id=asset.id,
            format=version.format,
            body="" if chat else rewrite,
            messages=_messages(rewrite, version, enhancer.name) if chat else None,
            variables=version.variables,
            model_settings=version.model_settings,
            message=message[:2000],
        )
        await record_audit(
            actor,
            "version.enhance",
            target_type="AssetVersion",
            target_id=draft.id,
            diff={
                "after": {
                    "asset": asset.name,
                    "from": version.number,
                    "number": draft.number,
                    "enhancement": f"{enhancer.name} v{enhancer_version.number}",
                    "model": run.model,
                    "run": encode_id("PromptRun", run.id),
                    "instructions": instructions,
                }
            },
        )
    return draft


def _unfenced(answer: str) -> str:
    """The answer without the code fence that models like to wrap a prompt in."""
    answer = answer.strip()
    fenced = _FENCE.match(answer)
    return fenced.group("inside").strip() if fenced else answer


def _messages(transcript: str, version: AssetVersion, enhancer: str) -> list[dict[str, Any]]:
    """A chat version's rewrite, read back from its transcript."""
    roles = {
        message["placeholder"]: message["role"]
        for message in version.messages or []
        if message.get("placeholder")
    }
    messages: list[dict[str, Any]] = []
    lines: list[str] = []

    def close() -> None:
        if messages and messages[-1]["placeholder"] is None:
            messages[-1]["content"] = "\n".join(lines).strip("\n")
        lines.clear()

    for line in transcript.splitlines():
        header = _HEADER.match(line.strip())
        if header is None:
            lines.append(line)
            continue
        close()
        name = header.group("name")
        role = header.group("role") or roles.get(name, MessageRole.USER.value)
        messages.append({"role": role, "content": "", "placeholder": name})
    if not messages:
        raise BadUserInput(
            f"the enhancement prompt '{enhancer}' did not answer a chat transcript ([system],"
            " [user], ... above each message)",
            field="versionId",
        )
    close()
    return messages
