"""The runtime read during a canary rollout: `key` picks the side, the same one every time, in
the rollout's share; promotion reaches the cached prompt at once."""

from __future__ import annotations

from collections import Counter

from tests.support.runtime import LivePrompt, RuntimeReader

ROLL_OUT = """
mutation RollOut($versionId: ID!, $rollout: RolloutInput!) {
  activateVersion(versionId: $versionId, environment: "production", rollout: $rollout) { id }
}
"""
PROMOTE = """
mutation Promote($assetId: ID!) { promoteRollout(assetId: $assetId) { id } }
"""
KEYS = [f"user-{number}" for number in range(2000)]


async def _roll_out(live: LivePrompt, share: float) -> None:
    variables = {"versionId": live.asset.version_ids[1], "rollout": {"share": share}}
    (await live.tenant.gql(ROLL_OUT, variables)).ok()


async def test_keys_split_by_the_share_and_keep_their_side(
    reader: RuntimeReader, live: LivePrompt
) -> None:
    assert (await reader.read(live.asset.name)).json()["version"] == 1  # cached before
    await _roll_out(live, share=0.3)
    sides = {key: (await reader.read(live.asset.name, key=key)).json()["version"] for key in KEYS}
    counts = Counter(sides.values())
    assert set(counts) == {1, 2}
    assert 0.26 <= counts[2] / len(KEYS) <= 0.34
    for key in KEYS[:200]:
        assert (await reader.read(live.asset.name, key=key)).json()["version"] == sides[key]


async def test_each_side_has_its_own_etag(reader: RuntimeReader, live: LivePrompt) -> None:
    await _roll_out(live, share=0.5)
    by_version = {}
    for key in KEYS[:50]:
        response = await reader.read(live.asset.name, key=key)
        by_version[response.json()["version"]] = (key, response.headers["etag"])
    (_, baseline_etag), (canary_key, canary_etag) = by_version[1], by_version[2]
    assert baseline_etag != canary_etag
    same = await reader.read(live.asset.name, key=canary_key, if_none_match=canary_etag)
    assert same.status_code == 304
    other = await reader.read(live.asset.name, key=canary_key, if_none_match=baseline_etag)
    assert other.status_code == 200 and other.json()["version"] == 2


async def _versions_read(reader: RuntimeReader, live: LivePrompt, keys: list[str]) -> set[int]:
    return {(await reader.read(live.asset.name, key=key)).json()["version"] for key in keys}


async def test_a_promoted_canary_serves_every_key_at_once(
    reader: RuntimeReader, live: LivePrompt
) -> None:
    await _roll_out(live, share=0.2)
    assert await _versions_read(reader, live, KEYS[:50]) == {1, 2}
    (await live.tenant.gql(PROMOTE, {"assetId": live.asset.id})).ok()
    assert await _versions_read(reader, live, KEYS[:100]) == {2}
