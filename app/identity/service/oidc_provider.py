"""What the server reads from an OpenID provider: its discovery document and its signing keys
(JWKS), each cached for a while, the keys read again once when a token names a key id they do
not have (the provider rotated its keys). Every call goes through core/pinned_transport.py under
the outbound rules, with time-outs; whatever fails is an SsoRefused that says what."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx2
import jwt

from app.core.errors import PromptvaultError
from app.core.pinned_transport import pinned_http_client
from app.identity.service.sso_sign_in import SsoRefused
from app.settings import Settings

TIMEOUT_SECONDS = 10.0
DISCOVERY_TTL_SECONDS = 3600.0
JWKS_TTL_SECONDS = 3600.0
MAX_DOCUMENT_BYTES = 512 * 1024
HOW_TO_ALLOW_PRIVATE = (
    "an identity provider on this host or network needs PROMPTVAULT_WEBHOOK_ALLOW_PRIVATE=true"
)


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None
    signing_algorithms: tuple[str, ...]
    # client_secret_basic unless the provider takes only client_secret_post.
    secret_in_body: bool


# Caches of this process only: a miss reads the provider again, nothing correct depends on them.
_discovery: dict[str, tuple[float, ProviderMetadata]] = {}
_jwks: dict[str, tuple[float, jwt.PyJWKSet]] = {}
# Asymmetric algorithms only: an ID token "signed" with the client secret (HS256) or none is not
# what the provider's keys vouch for.
ASYMMETRIC_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
                         "ES512", "EdDSA")  # fmt: skip


async def provider_call(
    method: str, url: str, settings: Settings, *, what: str, **request: Any
) -> dict[str, Any]:
    """A JSON answer from the provider at `url`, or SsoRefused naming `what` failed."""
    try:
        async with await pinned_http_client(
            url,
            allow_private=settings.webhook_allow_private,
            field="issuer",
            how_to_allow=HOW_TO_ALLOW_PRIVATE,
            timeout=TIMEOUT_SECONDS,
        ) as client:
            response = await client.request(method, url, **request)
    except PromptvaultError as refused:
        raise SsoRefused(f"the identity provider's {what} may not be called: {refused}") from None
    except httpx2.HTTPError as error:
        raise SsoRefused(
            f"the identity provider's {what} did not answer ({type(error).__name__}); "
            "try again, or ask an admin to check the single sign-on configuration"
        ) from None
    if len(response.content) > MAX_DOCUMENT_BYTES:
        raise SsoRefused(f"the identity provider's {what} answered too much")
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code != 200 or not isinstance(body, dict):
        detail = (
            body.get("error_description") or body.get("error") if isinstance(body, dict) else None
        )
        raise SsoRefused(
            f"the identity provider's {what} refused (HTTP {response.status_code}"
            + (f": {str(detail)[:200]}" if detail else "")
            + ")"
        )
    return body


def _metadata(document: dict[str, Any], issuer: str) -> ProviderMetadata:
    if str(document.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise SsoRefused(
            f"the identity provider calls itself {document.get('issuer')!r}, not the issuer "
            f"configured ({issuer}); an admin should correct the issuer"
        )
    try:
        methods = document.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
        return ProviderMetadata(
            issuer=str(document["issuer"]),
            authorization_endpoint=str(document["authorization_endpoint"]),
            token_endpoint=str(document["token_endpoint"]),
            jwks_uri=str(document["jwks_uri"]),
            userinfo_endpoint=document.get("userinfo_endpoint"),
            signing_algorithms=tuple(
                algorithm
                for algorithm in document.get("id_token_signing_alg_values_supported", ["RS256"])
                if algorithm in ASYMMETRIC_ALGORITHMS
            ),
            secret_in_body="client_secret_basic" not in methods and "client_secret_post" in methods,
        )
    except KeyError as missing:
        raise SsoRefused(f"the identity provider's discovery document lacks {missing}") from None


async def discover(issuer: str, settings: Settings) -> ProviderMetadata:
    cached = _discovery.get(issuer)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    document = await provider_call(
        "GET",
        f"{issuer.rstrip('/')}/.well-known/openid-configuration",
        settings,
        what="discovery document",
    )
    metadata = _metadata(document, issuer)
    _discovery[issuer] = (time.monotonic() + DISCOVERY_TTL_SECONDS, metadata)
    return metadata


async def _key_set(jwks_uri: str, settings: Settings, *, fresh: bool) -> jwt.PyJWKSet:
    cached = _jwks.get(jwks_uri)
    if cached and cached[0] > time.monotonic() and not fresh:
        return cached[1]
    document = await provider_call("GET", jwks_uri, settings, what="signing keys (JWKS)")
    try:
        key_set = jwt.PyJWKSet.from_dict(document)
    except jwt.PyJWKSetError as error:
        raise SsoRefused(f"the identity provider's signing keys cannot be read: {error}") from None
    _jwks[jwks_uri] = (time.monotonic() + JWKS_TTL_SECONDS, key_set)
    return key_set


def _find(key_set: jwt.PyJWKSet, key_id: str | None) -> jwt.PyJWK | None:
    signing = [key for key in key_set.keys if key.public_key_use in (None, "sig")]
    if key_id is None:
        return signing[0] if len(signing) == 1 else None
    return next((key for key in signing if key.key_id == key_id), None)


async def signing_key(
    metadata: ProviderMetadata, key_id: str | None, settings: Settings
) -> jwt.PyJWK:
    """The provider's key with this id; the keys are read again once if the cached ones lack it."""
    key = _find(await _key_set(metadata.jwks_uri, settings, fresh=False), key_id)
    if key is None:
        key = _find(await _key_set(metadata.jwks_uri, settings, fresh=True), key_id)
    if key is None:
        raise SsoRefused(
            f"the ID token was signed with a key ({key_id}) that the identity provider does not "
            "publish; it may be forged"
        )
    return key
