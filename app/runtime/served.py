"""What the runtime read serves, read from the database: a prompt's active version and, while a
canary runs, the canary's, each rendered once into the JSON document and ETag it is sent as."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from app.core.actor import Actor
from app.core.errors import NotFound
from app.core.ids import encode_id
from app.registry.models import AssetVersion, Rollout
from app.registry.service import live_versions, serving_version_id


@dataclass(frozen=True, slots=True)
class ServedVersion:
    version_id: UUID
    etag: str  # quoted, as the ETag header and If-None-Match carry it
    document: bytes


@dataclass(frozen=True, slots=True)
class ActivePrompt:
    baseline: ServedVersion
    canary: ServedVersion | None = None
    rollout: Rollout | None = None

    def serving(self, key: str | None) -> ServedVersion:
        """The side of a running canary that `key` falls on, the same every time."""
        if self.canary is None:
            return self.baseline
        chosen = serving_version_id(self.baseline.version_id, self.rollout, key)
        return self.canary if chosen == self.canary.version_id else self.baseline


@dataclass(frozen=True, slots=True)
class NoPrompt:
    """An unknown name, or nothing active in the environment: a 404, cached like an answer."""

    message: str


ServedPrompt = ActivePrompt | NoPrompt


def _compact(value: dict[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def served_version(name: str, environment: str, version: AssetVersion) -> ServedVersion:
    document: dict[str, Any] = {
        "name": name,
        "environment": environment,
        "version": version.number,
        "versionId": encode_id("AssetVersion", version.id),
        "format": str(version.format),
        "body": version.body,
        "messages": version.messages,
        "variables": version.variables,
        "modelConfig": version.model_settings,
    }
    # The ETag is a digest of the representation itself, so it changes with anything served.
    etag = f'"{hashlib.sha256(_compact(document)).hexdigest()[:32]}"'
    return ServedVersion(
        version_id=version.id, etag=etag, document=_compact({**document, "etag": etag})
    )


async def read_prompt(tenant_id: UUID, name: str, environment: str) -> ServedPrompt:
    """One query for a prompt without a canary; two with one; two for a 404. The cache serves
    every key of the tenant, so it reads as the tenant itself."""
    try:
        live = await live_versions(Actor.system(tenant_id), name=name, environment=environment)
    except NotFound as missing:
        return NoPrompt(missing.message)
    baseline = served_version(name, environment, live.baseline)
    if live.canary is None:
        return ActivePrompt(baseline=baseline)
    return ActivePrompt(
        baseline=baseline,
        canary=served_version(name, environment, live.canary),
        rollout=live.rollout,
    )
