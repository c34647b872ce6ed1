"""bcrypt password hashing. bcrypt reads at most 72 bytes, so longer passwords are refused.

A hash takes a quarter of a second of CPU at the default 12 rounds: it runs in a small pool of
threads of its own (bcrypt releases the GIL), never on the event loop, so a burst of sign-ins
queues there while every other request is served.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

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


T = TypeVar("T")

HASHING_THREADS = min(4, os.cpu_count() or 1)
_hashing = ThreadPoolExecutor(max_workers=HASHING_THREADS, thread_name_prefix="bcrypt")
# One hash per cost, checked for accounts that do not exist: a wrong email costs as long as a
# wrong password, and the answers reveal nothing.
_dummy_hashes: dict[int, str] = {}


async def _in_hashing_pool(work: Callable[[], T]) -> T:
    return await asyncio.get_running_loop().run_in_executor(_hashing, work)


async def hash_password(password: str, rounds: int) -> str:
    salt = bcrypt.gensalt(rounds=rounds)
    return (await _in_hashing_pool(lambda: bcrypt.hashpw(password.encode(), salt))).decode()


async def check_password(password: str, password_hash: str | None, *, rounds: int) -> bool:
    """Whether `password` matches `password_hash`; without a hash (no such account, or one made by
    single sign-on), the same work is done against a dummy hash and the answer is False."""
    if not password_hash:
        if rounds not in _dummy_hashes:
            _dummy_hashes[rounds] = await hash_password("not-a-real-password", rounds)
        await check_password(password, _dummy_hashes[rounds], rounds=rounds)
        return False
    encoded = password.encode()
    if len(encoded) > MAX_PASSWORD_BYTES:
        return False
    return await _in_hashing_pool(lambda: bcrypt.checkpw(encoded, password_hash.encode()))
