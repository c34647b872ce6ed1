"""Session tokens: HS256 JWTs whose jti names a server-side Session row."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import jwt

from app.core.errors import Unauthenticated

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["sub", "tenant", "role", "jti", "exp", "iat"]


@dataclass(frozen=True)
class TokenClaims:
    user_id: UUID
    tenant_id: UUID
    jti: str
    expires_at: datetime


def new_jti() -> str:
    return secrets.token_urlsafe(24)


def issue_token(
    *,
    secret: str,
    user_id: UUID,
    tenant_id: UUID,
    role: str,
    jti: str,
    issued_at: datetime,
    ttl: timedelta,
) -> str:
    payload: dict[str, Any] = {
        "sub": str(user_id),
        "tenant": str(tenant_id),
        "role": role,
        "jti": jti,
        "iat": issued_at,
        "exp": issued_at + ttl,
    }
    return jwt.encode(payload, secret, algorithm=ALGORITHM)


def decode_token(token: str, *, secret: str) -> TokenClaims:
    """The claims of a valid token. The algorithm is pinned: `alg: none` or RS256 never pass."""
    try:
        payload = jwt.decode(
            token, secret, algorithms=[ALGORITHM], options={"require": REQUIRED_CLAIMS}
        )
        return TokenClaims(
            user_id=UUID(payload["sub"]),
            tenant_id=UUID(payload["tenant"]),
            jti=str(payload["jti"]),
            expires_at=datetime.fromtimestamp(payload["exp"]).astimezone(),
        )
    except (jwt.PyJWTError, ValueError, TypeError) as error:
        raise Unauthenticated("invalid or expired token") from error
