"""Opaque global ids: base64url of "<Type>:<uuid>". Clients never parse them."""

from __future__ import annotations

import base64
import binascii
from uuid import UUID

import strawberry

from app.core.errors import NotFound


def encode_id(type_name: str, id: UUID) -> strawberry.ID:
    raw = f"{type_name}:{id}".encode()
    return strawberry.ID(base64.urlsafe_b64encode(raw).decode().rstrip("="))


def split_id(global_id: str) -> tuple[str, UUID]:
    """The type name and uuid inside a global id; a malformed id names nothing that exists."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, raw_uuid = base64.urlsafe_b64decode(padded).decode().partition(":")
        return type_name, UUID(raw_uuid)
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise NotFound(f"no object with id '{global_id}'") from error


def decode_id(global_id: str, expected_type: str) -> UUID:
    type_name, id = split_id(global_id)
    if type_name != expected_type:
        raise NotFound(f"no {expected_type} with id '{global_id}'")
    return id
