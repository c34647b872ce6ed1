"""bcrypt password hashing. bcrypt reads at most 72 bytes, so longer passwords are refused."""

from __future__ import annotations

import bcrypt

from app.core.errors import BadUserInput

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_BYTES = 72
# The passwords of at least MIN_PASSWORD_LENGTH characters that lead the lists of leaked ones
# (compared in lower case): the first that any guesser tries.
COMMON_PASSWORDS = frozenset(
    {
        "0123456789",
        "1234567890",
        "1234567891",
        "12345678910",
        "123456789a",
        "a123456789",
        "abc1234567",
        "abcd123456",
        "9876543210",
        "1234512345",
        "123123123123",
        "1q2w3e4r5t",
        "1q2w3e4r5t6y",
        "1qaz2wsx3edc",
        "qazwsxedc123",
        "qazwsxedcrfv",
        "zaq12wsxcde3",
        "qwertyuiop",
        "qwerty1234",
        "qwerty12345",
        "qwerty123456",
        "asdfghjkl1",
        "zxcvbnm123",
        "password12",
        "password123",
        "password1234",
        "password1!",
        "passw0rd123",
        "p@ssw0rd123",
        "iloveyou123",
        "football123",
        "sunshine123",
        "princess123",
        "welcome123",
        "letmein123",
        "changeme123",
        "admin12345",
        "admin123456",
        "administrator",
        "correcthorsebatterystaple",
    }
)


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadUserInput(
            f"password must be at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        raise BadUserInput(f"password must be at most {MAX_PASSWORD_BYTES} bytes", field="password")
    if len(set(password)) == 1 or password.lower() in COMMON_PASSWORDS:
        raise BadUserInput(
            "this password is among the first that anyone guesses; choose another",
            field="password",
        )


def hash_password(password: str, rounds: int) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=rounds)).decode()


def verify_password(password: str, password_hash: str) -> bool:
    encoded = password.encode()
    if len(encoded) > MAX_PASSWORD_BYTES:
        return False
    return bcrypt.checkpw(encoded, password_hash.encode())
