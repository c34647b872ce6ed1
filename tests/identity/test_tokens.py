"""Session tokens: only a well-formed, correctly signed, unexpired, unrevoked token of an active
user signs anyone in; everything else is UNAUTHENTICATED."""

from __future__ import annotations

import base64
import json
import os
import time
from typing import Any

import jwt

from tests.support.graphql import LOGIN, PASSWORD, GraphQLClient, TenantHandle

ME = "query Me { me { id email role } }"
LOGOUT = "mutation Logout { logout }"
DEACTIVATE = """
mutation Deactivate($userId: ID!) { deactivateUser(userId: $userId) { id isActive } }
"""
USERS = "query Users { users { id email } }"

SECRET = os.environ["PROMPTVAULT_SECRET_KEY"]


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _claims(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


async def _me(api: GraphQLClient, token: str | None = None, **kwargs: Any) -> Any:
    return await api(ME, token=token, **kwargs)


async def _assert_signed_in(api: GraphQLClient, token: str, user_id: str) -> None:
    result = await _me(api, token)
    assert result.ok()["me"]["id"] == user_id


def _assert_unauthenticated(result: Any) -> None:
    assert result.code == "UNAUTHENTICATED", result.errors
    assert result.data is None
    assert "Traceback" not in json.dumps(result.errors)


async def _email_of(tenant: TenantHandle, user_id: str) -> str:
    users = (await tenant.gql(USERS)).ok()["users"]
    return next(user["email"] for user in users if user["id"] == user_id)


async def test_a_request_without_authorization_is_unauthenticated(api: GraphQLClient) -> None:
    _assert_unauthenticated(await _me(api))


async def test_a_header_that_is_not_bearer_is_unauthenticated(
    api: GraphQLClient, tenant: TenantHandle
) -> None:
    _assert_unauthenticated(await _me(api, headers={"authorization": "Token abc"}))
    # The real token behind another scheme is refused too: only "Bearer" is accepted.
    _assert_unauthenticated(await _me(api, headers={"authorization": f"Token {tenant.token}"}))
    _assert_unauthenticated(await _me(api, headers={"authorization": "Bearer"}))
    _assert_unauthenticated(await _me(api, token="not-a-jwt"))


async def test_a_valid_token_signs_the_user_in(api: GraphQLClient, tenant: TenantHandle) -> None:
    await _assert_signed_in(api, tenant.token, tenant.admin_id)
    claims = _claims(tenant.token)
    assert {"sub", "tenant", "role", "jti", "exp"} <= claims.keys()
    assert jwt.get_unverified_header(tenant.token)["alg"] == "HS256"


async def test_an_expired_token_is_unauthenticated(
    api: GraphQLClient, tenant: TenantHandle
) -> None:
    claims = _claims(tenant.token)
    claims["exp"] = int(time.time()) - 120
    claims["iat"] = int(time.time()) - 3600
    expired = jwt.encode(claims, SECRET, algorithm="HS256")

    _assert_unauthenticated(await _me(api, expired))
    # Same secret, same session: only the expiry differs, and the original still works.
    await _assert_signed_in(api, tenant.token, tenant.admin_id)


async def test_a_token_with_a_flipped_payload_character_is_unauthenticated(
    api: GraphQLClient, tenant: TenantHandle
) -> None:
    header, payload, signature = tenant.token.split(".")
    middle = len(payload) // 2
    flipped = "A" if payload[middle] != "A" else "B"
    tampered = f"{header}.{payload[:middle]}{flipped}{payload[middle + 1 :]}.{signature}"
    assert tampered != tenant.token

    _assert_unauthenticated(await _me(api, tampered))
    await _assert_signed_in(api, tenant.token, tenant.admin_id)


async def test_a_token_with_rewritten_claims_and_the_old_signature_is_unauthenticated(
    api: GraphQLClient, tenant: TenantHandle
) -> None:
    header, payload, signature = tenant.token.split(".")
    claims = json.loads(_b64url_decode(payload))
    claims["exp"] = claims["exp"] + 365 * 24 * 3600
    forged = f"{header}.{_b64url(json.dumps(claims).encode())}.{signature}"

    _assert_unauthenticated(await _me(api, forged))


async def test_a_token_signed_with_another_key_is_unauthenticated(
    api: GraphQLClient, tenant: TenantHandle
) -> None:
    other_key = "another-secret-key-that-is-also-long-enough-for-hs256"
    forged = jwt.encode(_claims(tenant.token), other_key, algorithm="HS256")

    _assert_unauthenticated(await _me(api, forged))
    # The very same claims signed with the server's key pass: the key is what was refused.
    await _assert_signed_in(
        api, jwt.encode(_claims(tenant.token), SECRET, "HS256"), tenant.admin_id
    )


async def test_an_alg_none_token_is_unauthenticated(
    api: GraphQLClient, tenant: TenantHandle
) -> None:
    header = _b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    payload = tenant.token.split(".")[1]
    unsigned = f"{header}.{payload}."

    _assert_unauthenticated(await _me(api, unsigned))
    # Also with the original signature still attached.
    _assert_unauthenticated(await _me(api, f"{unsigned}{tenant.token.split('.')[2]}"))


async def test_a_correctly_signed_token_without_a_session_is_unauthenticated(
    api: GraphQLClient, tenant: TenantHandle
) -> None:
    claims = _claims(tenant.token)
    claims["jti"] = "no-such-session-jti-0123456789abcdef"
    _assert_unauthenticated(await _me(api, jwt.encode(claims, SECRET, algorithm="HS256")))


async def test_a_token_naming_another_user_than_its_session_is_unauthenticated(
    api: GraphQLClient, tenant: TenantHandle
) -> None:
    developer_id, developer_token = await tenant.user("DEVELOPER")
    claims = _claims(developer_token)
    claims["sub"] = _claims(tenant.token)["sub"]  # the admin, on the developer's session
    _assert_unauthenticated(await _me(api, jwt.encode(claims, SECRET, algorithm="HS256")))
    await _assert_signed_in(api, developer_token, developer_id)


async def test_a_logged_out_token_is_refused_while_another_session_still_works(
    api: GraphQLClient, tenant: TenantHandle
) -> None:
    developer_id, first_token = await tenant.user("DEVELOPER")
    email = await _email_of(tenant, developer_id)
    second = await api(
        LOGIN, {"input": {"tenant": tenant.slug, "email": email, "password": PASSWORD}}
    )
    second_token = second.ok()["login"]["token"]
    assert second_token != first_token
    await _assert_signed_in(api, first_token, developer_id)

    logout = await api(LOGOUT, token=first_token)
    assert logout.ok()["logout"] is True

    _assert_unauthenticated(await _me(api, first_token))
    _assert_unauthenticated(await api(LOGOUT, token=first_token))
    await _assert_signed_in(api, second_token, developer_id)


async def test_logout_without_a_token_is_unauthenticated(api: GraphQLClient) -> None:
    _assert_unauthenticated(await api(LOGOUT))


async def test_a_deactivated_users_token_is_unauthenticated(
    api: GraphQLClient, tenant: TenantHandle
) -> None:
    developer_id, developer_token = await tenant.user("DEVELOPER")
    email = await _email_of(tenant, developer_id)
    await _assert_signed_in(api, developer_token, developer_id)

    deactivated = await tenant.gql(DEACTIVATE, {"userId": developer_id})
    assert deactivated.ok()["deactivateUser"] == {"id": developer_id, "isActive": False}

    _assert_unauthenticated(await _me(api, developer_token))
    login = await api(
        LOGIN, {"input": {"tenant": tenant.slug, "email": email, "password": PASSWORD}}
    )
    assert login.code == "UNAUTHENTICATED"
    await _assert_signed_in(api, tenant.token, tenant.admin_id)
