"""Secrets that the server must use again, so cannot hash (a model provider's API key, an SSO
client secret): kept encrypted at rest with Fernet (AES-128-CBC and HMAC-SHA256, from the
`cryptography` package) under a key derived from the server's secret key by HKDF-SHA256.

A stolen database alone reveals no secret. Changing PROMPTVAULT_SECRET_KEY makes every sealed
secret unreadable (`UnreadableSecret`): they must be entered again. A secret is never returned,
logged or audited; `hint_of` is all of it that may be shown."""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# Fixed labels: the same secret key gives other keys for other uses (JWTs sign with it directly).
_SALT = b"promptvault secret box"
_INFO = b"promptvault secret box v1: fernet key"
# A hint of a short secret would give away too much of it.
_HINT_CHARS = 4
_MIN_CHARS_FOR_HINT = 8


class UnreadableSecret(Exception):
    """A sealed secret that this server's key cannot open: sealed under another secret key, or
    altered."""


@lru_cache(maxsize=4)
def _fernet(secret_key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=_INFO).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(secret: str, *, secret_key: str) -> str:
    """The secret encrypted and authenticated, as ASCII text to store."""
    return _fernet(secret_key).encrypt(secret.encode()).decode("ascii")


def unseal(sealed: str, *, secret_key: str) -> str:
    """The secret that `seal` sealed under the same secret key."""
    try:
        return _fernet(secret_key).decrypt(sealed.encode("ascii")).decode()
    except (InvalidToken, UnicodeError) as error:
        raise UnreadableSecret("the secret cannot be decrypted with this secret key") from error


def hint_of(secret: str) -> str | None:
    """The secret's last four characters, to recognise it by; none for a secret under eight."""
    return secret[-_HINT_CHARS:] if len(secret) >= _MIN_CHARS_FOR_HINT else None
