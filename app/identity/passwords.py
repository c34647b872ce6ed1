"""bcrypt password hashing. bcrypt reads at most 72 bytes, so longer passwords are refused."""

from __future__ import annotations

import bcrypt

from app.core.errors import BadUserInput

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_BYTES = 72


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadUserInput(
            f"password must be at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        raise BadUserInput(f"password must be at most {MAX_PASSWORD_BYTES} bytes", field="password")


def hash_password(password: str, rounds: int) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=rounds)).decode()


def verify_password(password: str, password_hash: str) -> bool:
    encoded = password.encode()
    if len(encoded) > MAX_PASSWORD_BYTES:
        return False
    return bcrypt.checkpw(encoded, password_hash.encode())
