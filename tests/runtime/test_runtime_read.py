"""GET /v1/prompts/{name}: the shapes of ../shared/DESIGN.md, ETags, and a cache that an
activation drops at once."""

from __future__ import annotations

import asyncio
import time

import httpx

from app.settings import get_settings
from tests.support.graphql import TenantHandle
from tests.support.realtime import api_key
from tests.support.registry import CREATE_ASSET, make_asset
from tests.support.runtime import LivePrompt, RuntimeReader, error_of

FIELDS = {
    "name",
    "environment",
    "version",
    "versionId",
    "format",
    "body",
    "messages",
    "variables",
    "modelConfig",
    "etag",
}
REVOKE_KEY = "mutation Revoke($id: ID!) { revokeApiKey(id: $id) { revokedAt } }"


async def test_an_api_key_reads_the_active_version_with_its_etag(
    reader: RuntimeReader, live: LivePrompt
) -> None:
    response = await reader.read(live.asset.name)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == FIELDS
    assert body["name"] == live.asset.name
    assert body["environment"] == "production"
    assert body["version"] == 1
    assert body["versionId"] == live.asset.version_ids[0]
    assert body["body"] == f"Body 1 of {live.asset.name}: {{{{ topic }}}}"
    assert body["variables"] == {} and body["modelConfig"] == {}
    assert body["format"] == "text" and body["messages"] is None
    assert response.headers["etag"] == body["etag"]
    assert body["etag"].startswith('"') and body["etag"].endswith('"')


async def test_the_environment_defaults_to_production(
    reader: RuntimeReader, live: LivePrompt
) -> None:
    response = await reader.read(live.asset.name, environment=None)
    assert response.status_code == 200
    assert response.json()["environment"] == "production"


async def test_if_none_match_with_the_current_etag_gives_304(
    reader: RuntimeReader, live: LivePrompt
) -> None:
    etag = (await reader.read(live.asset.name)).headers["etag"]
    unchanged = await reader.read(live.asset.name, if_none_match=etag)
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged.headers["etag"] == etag
    listed = await reader.read(live.asset.name, if_none_match=f'"other", W/{etag}')
    assert listed.status_code == 304
    other = await reader.read(live.asset.name, if_none_match='"something-else"')
    assert other.status_code == 200


async def test_an_activation_drops_the_cached_prompt_at_once(
    reader: RuntimeReader, live: LivePrompt
) -> None:
    first = await reader.read(live.asset.name)
    assert (await reader.read(live.asset.name)).json()["version"] == 1  # from the cache
    await live.activate(2)
    second = await reader.read(live.asset.name)
    assert second.json()["version"] == 2
    assert second.json()["versionId"] == live.asset.version_ids[1]
    assert second.headers["etag"] != first.headers["etag"]
    stale = await reader.read(live.asset.name, if_none_match=first.headers["etag"])
    assert stale.status_code == 200 and stale.json()["version"] == 2


async def test_each_environment_serves_its_own_activation(
    reader: RuntimeReader, live: LivePrompt
) -> None:
    await live.activate(2, environment="staging")
    assert (await reader.read(live.asset.name)).json()["version"] == 1
    staging = await reader.read(live.asset.name, environment="staging")
    assert staging.json()["version"] == 2 and staging.json()["environment"] == "staging"
    assert staging.headers["etag"] != (await reader.read(live.asset.name)).headers["etag"]


async def test_an_unknown_name_is_404_with_the_error_body(reader: RuntimeReader) -> None:
    response = await reader.read("no-such-prompt")
    assert response.status_code == 404
    assert error_of(response) == {"code": "NOT_FOUND", "message": "no asset named 'no-such-prompt'"}


async def test_a_prompt_with_nothing_active_is_404_until_activated(
    reader: RuntimeReader, live: LivePrompt
) -> None:
    response = await reader.read(live.asset.name, environment="development")
    assert response.status_code == 404
    assert error_of(response)["code"] == "NOT_FOUND"
    assert "development" in error_of(response)["message"]
    await live.activate(2, environment="development")  # the cached 404 goes too
    assert (await reader.read(live.asset.name, environment="development")).status_code == 200


async def test_an_asset_created_after_a_404_is_found_once_activated(
    reader: RuntimeReader, live: LivePrompt
) -> None:
    name = f"later-{live.asset.name}"
    assert (await reader.read(name)).status_code == 404
    later = await make_asset(live.tenant, name=name)
    await live.tenant.gql(
        'mutation($v: ID!) { activateVersion(versionId: $v, environment: "production") { id } }',
        {"v": later.version_ids[0]},
    )
    assert (await reader.read(name)).status_code == 200


async def test_another_tenants_prompt_does_not_exist(
    http: httpx.AsyncClient, live: LivePrompt, other_tenant: TenantHandle
) -> None:
    _, their_secret = await api_key(other_tenant, "RUNTIME_READ")
    theirs = RuntimeReader(http, their_secret)
    response = await theirs.read(live.asset.name)
    assert response.status_code == 404
    assert error_of(response)["code"] == "NOT_FOUND"
    (await other_tenant.gql(CREATE_ASSET, {"input": {"name": live.asset.name, "title": "T"}})).ok()
    assert (await theirs.read(live.asset.name)).status_code == 404
    assert (await RuntimeReader(http, live.secret).read(live.asset.name)).status_code == 200


async def test_a_signed_in_user_may_read(http: httpx.AsyncClient, live: LivePrompt) -> None:
    viewer = await live.tenant.token_for("VIEWER")
    response = await RuntimeReader(http, viewer).read(live.asset.name)
    assert response.status_code == 200 and response.json()["version"] == 1


async def test_a_key_without_runtime_read_is_forbidden(
    http: httpx.AsyncClient, live: LivePrompt
) -> None:
    _, logs_only = await api_key(live.tenant, "LOGS_WRITE")
    response = await RuntimeReader(http, logs_only).read(live.asset.name)
    assert response.status_code == 403
    assert error_of(response)["code"] == "FORBIDDEN"
    assert "runtime:read" in error_of(response)["message"]


async def test_no_or_bad_credentials_are_401(http: httpx.AsyncClient, live: LivePrompt) -> None:
    missing = await http.get(f"/v1/prompts/{live.asset.name}")
    assert missing.status_code == 401 and error_of(missing)["code"] == "UNAUTHENTICATED"
    assert missing.headers["www-authenticate"] == "Bearer"
    forged = live.secret[:-4] + "AAAA"
    for token in (forged, "pv_0000", "not-a-token"):
        response = await RuntimeReader(http, token).read(live.asset.name)
        assert response.status_code == 401, token
        assert error_of(response)["code"] == "UNAUTHENTICATED"


async def test_a_revoked_key_stops_working_within_the_recheck_interval(
    reader: RuntimeReader, live: LivePrompt
) -> None:
    assert (await reader.read(live.asset.name)).status_code == 200  # the key is now cached
    (await live.tenant.gql(REVOKE_KEY, {"id": live.key_id})).ok()
    bound = get_settings().api_key_recheck_seconds
    revoked_at = time.monotonic()
    while (await reader.read(live.asset.name)).status_code == 200:
        assert time.monotonic() - revoked_at < bound + 1, "the revoked key still reads"
        await asyncio.sleep(0.1)
    response = await reader.read(live.asset.name)
    assert response.status_code == 401 and error_of(response)["code"] == "UNAUTHENTICATED"
