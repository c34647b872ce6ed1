"""OpenID Connect sign-in, authorization code flow with PKCE (S256). The start sends the browser
to the provider with a fresh state, nonce and code verifier, which travel sealed (encrypted and
authenticated, core/secret_box.py) in a short-lived cookie of the browser's own, so that any
server process can finish the sign-in. The finish checks the state, exchanges the code at the
token endpoint with the client secret, verifies the ID token's signature against the provider's
keys and its iss, aud, exp and nonce, and answers who signed in."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode

import jwt

from app.core.secret_box import UnreadableSecret, seal, unseal
from app.identity.models import SsoConfig
from app.identity.service.oidc_provider import (
    ProviderMetadata,
    discover,
    provider_call,
    signing_key,
)
from app.identity.service.sso_sign_in import IdpIdentity, SsoRefused
from app.settings import Settings

# How long a person has at the provider to sign in.
SIGN_IN_SECONDS = 600
# Clock skew tolerated between the provider and this server.
LEEWAY_SECONDS = 60
AGAIN = "start the sign-in again"


@dataclass(frozen=True)
class PendingSignIn:
    """What the start keeps for the finish, in the browser's sealed cookie."""

    tenant: str
    state: str
    nonce: str
    code_verifier: str
    expires_at: float

    def sealed(self, settings: Settings) -> str:
        return seal(json.dumps(asdict(self)), secret_key=settings.secret_key)

    @classmethod
    def unsealed(cls, sealed: str | None, tenant: str, settings: Settings) -> PendingSignIn:
        if not sealed:
            raise SsoRefused(f"this browser did not start this sign-in here (no cookie); {AGAIN}")
        try:
            pending = cls(**json.loads(unseal(sealed, secret_key=settings.secret_key)))
        except (UnreadableSecret, ValueError, TypeError):
            raise SsoRefused(f"the sign-in's cookie is not ours or was altered; {AGAIN}") from None
        if pending.tenant != tenant:
            raise SsoRefused(f"this sign-in was started for another organisation; {AGAIN}")
        if pending.expires_at < time.time():
            raise SsoRefused(
                f"the sign-in took longer than {SIGN_IN_SECONDS // 60} minutes; {AGAIN}"
            )
        return pending


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


async def start_oidc_sign_in(
    config: SsoConfig, tenant: str, redirect_uri: str, settings: Settings
) -> tuple[str, PendingSignIn]:
    """Where to send the browser, and what to keep for the finish."""
    metadata = await discover(config.issuer, settings)
    pending = PendingSignIn(
        tenant=tenant,
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(64),
        expires_at=time.time() + SIGN_IN_SECONDS,
    )
    query = urlencode(
        {
            "response_type": "code",
            "client_id": config.client_id or "",
            "redirect_uri": redirect_uri,
            "scope": "openid email profile",
            "state": pending.state,
            "nonce": pending.nonce,
            "code_challenge": _challenge(pending.code_verifier),
            "code_challenge_method": "S256",
        }
    )
    separator = "&" if "?" in metadata.authorization_endpoint else "?"
    return f"{metadata.authorization_endpoint}{separator}{query}", pending


async def _exchange_code(
    config: SsoConfig,
    metadata: ProviderMetadata,
    code: str,
    pending: PendingSignIn,
    redirect_uri: str,
    settings: Settings,
) -> dict[str, Any]:
    client_id = config.client_id or ""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": pending.code_verifier,
        "client_id": client_id,
    }
    auth: tuple[str, str] | None = None
    if config.client_secret_ciphertext:
        try:
            secret = unseal(config.client_secret_ciphertext, secret_key=settings.secret_key)
        except UnreadableSecret:
            raise SsoRefused(
                "the client secret cannot be read (the server's secret key changed); "
                "an admin must enter it again"
            ) from None
        if metadata.secret_in_body:
            form["client_secret"] = secret
        else:
            auth = (client_id, secret)
    return await provider_call(
        "POST", metadata.token_endpoint, settings, what="token endpoint", data=form, auth=auth
    )


async def verified_claims(
    id_token: str, metadata: ProviderMetadata, *, client_id: str, nonce: str, settings: Settings
) -> dict[str, Any]:
    """The ID token's claims, once its signature, issuer, audience, expiry and nonce hold."""
    try:
        header = jwt.get_unverified_header(id_token)
    except jwt.DecodeError:
        raise SsoRefused("the identity provider's ID token is not a signed token") from None
    key = await signing_key(metadata, header.get("kid"), settings)
    try:
        claims: dict[str, Any] = jwt.decode(
            id_token,
            key,
            algorithms=list(metadata.signing_algorithms),
            audience=client_id,
            issuer=metadata.issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "aud", "exp", "iat", "sub"]},
        )
    except jwt.ExpiredSignatureError:
        raise SsoRefused(f"the ID token has expired; {AGAIN}") from None
    except jwt.InvalidAudienceError:
        raise SsoRefused("the ID token was issued to another application (audience)") from None
    except jwt.InvalidIssuerError:
        raise SsoRefused("the ID token was issued by another identity provider (issuer)") from None
    except jwt.InvalidSignatureError:
        raise SsoRefused("the ID token's signature does not verify; it may be forged") from None
    except jwt.PyJWTError as error:
        raise SsoRefused(f"the ID token is not valid: {error}") from None
    if not isinstance(claims.get("nonce"), str) or not secrets.compare_digest(
        claims["nonce"], nonce
    ):
        raise SsoRefused(f"the ID token answers another sign-in (nonce); {AGAIN}")
    return claims


def _claim_values(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(item) for item in value if isinstance(item, str | int))
    return ()


async def finish_oidc_sign_in(
    config: SsoConfig,
    *,
    tenant: str,
    sealed_pending: str | None,
    params: dict[str, str],
    redirect_uri: str,
    settings: Settings,
) -> IdpIdentity:
    """Who the provider says signed in, from the callback's query `params`."""
    if "error" in params:
        detail = params.get("error_description") or params["error"]
        raise SsoRefused(f"the identity provider did not sign you in: {detail[:300]}")
    pending = PendingSignIn.unsealed(sealed_pending, tenant, settings)
    if not secrets.compare_digest(params.get("state", ""), pending.state):
        raise SsoRefused(f"the answer does not belong to this browser's sign-in (state); {AGAIN}")
    code = params.get("code")
    if not code:
        raise SsoRefused("the identity provider sent no authorization code")
    metadata = await discover(config.issuer, settings)
    tokens = await _exchange_code(config, metadata, code, pending, redirect_uri, settings)
    id_token = tokens.get("id_token")
    if not isinstance(id_token, str):
        raise SsoRefused("the identity provider's token endpoint sent no ID token")
    claims = await verified_claims(
        id_token,
        metadata,
        client_id=config.client_id or "",
        nonce=pending.nonce,
        settings=settings,
    )
    if "email" not in claims and metadata.userinfo_endpoint and "access_token" in tokens:
        userinfo = await provider_call(
            "GET",
            metadata.userinfo_endpoint,
            settings,
            what="userinfo endpoint",
            headers={"authorization": f"Bearer {tokens['access_token']}"},
        )
        if userinfo.get("sub") == claims["sub"]:
            claims = {**userinfo, **claims}
    if claims.get("email_verified") is False:
        raise SsoRefused("your identity provider has not verified your email address")
    return IdpIdentity(
        subject=str(claims["sub"]),
        # Entra ID sends no email claim for accounts without a mailbox; their sign-in name
        # (the UPN) is an address of the directory's domains.
        email=str(claims.get("email") or claims.get("preferred_username") or ""),
        name=claims.get("name") if isinstance(claims.get("name"), str) else None,
        claim_values=_claim_values(claims.get(config.role_claim)) if config.role_claim else (),
    )
