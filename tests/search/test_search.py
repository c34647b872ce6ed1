"""Search by meaning through GraphQL, against the app's embedded Chroma and the real model."""

from __future__ import annotations

from tests.conftest import unique
from tests.search.support import (
    ALL_JOBS,
    ARCHIVE,
    SEARCH,
    SIMILAR,
    UPDATE,
    create_prompt,
    search,
    search_names,
    wait_for_indexing,
)
from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.registry import CREATE_VERSION
from tests.support.typed_prompts import CLONE

REFUND_BODY = (
    "You are a support agent for an online shop. Write a friendly reply to a customer who asks "
    "for a refund. Explain whether the order qualifies under the policy and what happens next."
)
SQL_BODY = (
    "Translate the analyst's question into one PostgreSQL SELECT statement over the schema "
    "given. Use explicit joins and never modify data."
)
TRANSLATE_BODY = (
    "Translate the user's text from English into French. Keep product names as they are and "
    "use the formal form of address."
)


async def test_a_query_that_is_an_assets_exact_name_ranks_it_first(tenant: TenantHandle) -> None:
    await create_prompt(
        tenant,
        name="review-tone-classifier",
        title="Tone checker",
        description="Checks the tone of customer reviews.",
        body="Decide whether the tone of the review is friendly, neutral or hostile.",
    )
    await create_prompt(tenant, name="tone-checker", title="French translator", body=TRANSLATE_BODY)
    await wait_for_indexing(tenant)

    assert (await search_names(tenant, "tone checker"))[0] == "review-tone-classifier"
    assert (await search_names(tenant, "tone-checker"))[0] == "tone-checker"
    assert (await search_names(tenant, "  Tone-Checker "))[0] == "tone-checker"


async def test_search_ranks_by_meaning_and_returns_scores_and_the_latest_version(
    tenant: TenantHandle,
) -> None:
    refund = await create_prompt(tenant, name="refunds", title="Refund replies", body=REFUND_BODY)
    await create_prompt(tenant, name="analytics", title="Question to SQL", body=SQL_BODY)
    await create_prompt(tenant, name="french", title="Into French", body=TRANSLATE_BODY)
    await wait_for_indexing(tenant)

    hits = await search(tenant, "write a database query from plain English")
    assert [hit["asset"]["name"] for hit in hits][0] == "analytics"
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(-1 <= score <= 1 for score in scores)

    new_body = "Answer customers who ask where their parcel is, from its tracking events."
    await tenant.gql(CREATE_VERSION, {"assetId": refund, "input": {"body": new_body}})
    await wait_for_indexing(tenant)
    [hit] = await search(tenant, "where is my delivery", limit=1)
    assert hit["asset"]["id"] == refund
    assert hit["version"]["number"] == 2
    assert hit["version"]["body"] == new_body


async def test_an_updated_description_is_found_by_its_new_meaning(tenant: TenantHandle) -> None:
    asset = await create_prompt(tenant, name="helper", title="Helper", body="Be helpful.")
    await create_prompt(tenant, name="analytics", title="Question to SQL", body=SQL_BODY)
    await create_prompt(tenant, name="french", title="Into French", body=TRANSLATE_BODY)
    await wait_for_indexing(tenant)
    assert (await search_names(tenant, "write a poem about the sea"))[0] != "helper"

    description = "Writes short poems about the ocean and sailing."
    await tenant.gql(UPDATE, {"id": asset, "input": {"description": description}})
    await wait_for_indexing(tenant)
    assert (await search_names(tenant, "write a poem about the sea"))[0] == "helper"


async def test_the_kind_filter_returns_only_that_kind(tenant: TenantHandle) -> None:
    await create_prompt(tenant, name="sql-prompt", title="SQL writer", body=SQL_BODY)
    await create_prompt(
        tenant, name="sql-skill", title="SQL writer skill", body=SQL_BODY, kind="SKILL"
    )
    await wait_for_indexing(tenant)

    assert set(await search_names(tenant, "generate SQL")) == {"sql-prompt", "sql-skill"}
    skills = await search(tenant, "generate SQL", kind="SKILL")
    assert [(hit["asset"]["name"], hit["asset"]["kind"]) for hit in skills] == [
        ("sql-skill", "SKILL")
    ]


async def test_archived_assets_are_not_found(tenant: TenantHandle) -> None:
    kept = await create_prompt(tenant, name="refunds", title="Refund replies", body=REFUND_BODY)
    archived = await create_prompt(
        tenant, name="refunds-old", title="Old refund replies", body=REFUND_BODY
    )
    await wait_for_indexing(tenant)
    found = {hit["asset"]["id"] for hit in await search(tenant, "customer wants money back")}
    assert found == {kept, archived}

    (await tenant.gql(ARCHIVE, {"id": archived})).ok()
    await wait_for_indexing(tenant)
    found = {hit["asset"]["id"] for hit in await search(tenant, "customer wants money back")}
    assert found == {kept}
    assert await search_names(tenant, "refunds-old") == ["refunds"]


async def test_similar_assets_finds_the_near_duplicate_and_never_the_asset_itself(
    tenant: TenantHandle,
) -> None:
    original = await create_prompt(
        tenant,
        name="refunds",
        title="Refund replies",
        description="Answers customers who want their money back.",
        tags=["support"],
        body=REFUND_BODY,
    )
    await create_prompt(tenant, name="shipping", title="Late parcels", body=(
        "You are a support agent for an online shop. Tell a customer whose parcel is late where "
        "it is, from the tracking events, and when it should arrive."
    ))  # fmt: skip
    await create_prompt(tenant, name="analytics", title="Question to SQL", body=SQL_BODY)
    await create_prompt(tenant, name="french", title="Into French", body=TRANSLATE_BODY)
    near_duplicate = REFUND_BODY.replace("friendly", "polite").replace("online shop", "web shop")
    clone = await tenant.gql(
        CLONE,
        {
            "templateId": original,
            "input": {"name": "refunds-copy", "title": "Refund answers", "body": near_duplicate},
        },
    )
    clone_id = clone.ok()["cloneAsset"]["id"]
    await wait_for_indexing(tenant)

    result = await tenant.gql(SIMILAR, {"assetId": original, "limit": 3})
    hits = result.ok()["similarAssets"]
    assert [hit["asset"]["id"] for hit in hits][0] == clone_id
    assert original not in {hit["asset"]["id"] for hit in hits}
    assert hits[0]["score"] > 0.9 > hits[1]["score"]
    assert hits[0]["version"] == {"number": 1}


async def test_every_signed_in_user_may_search_but_not_an_anonymous_caller(
    tenant: TenantHandle, api: GraphQLClient
) -> None:
    await create_prompt(tenant, name="refunds", title="Refund replies", body=REFUND_BODY)
    await wait_for_indexing(tenant)
    for role in ("VIEWER", "REVIEWER", "DEVELOPER"):
        assert await search_names(tenant, "money back", role=role) == ["refunds"]

    anonymous = await api(SEARCH, {"query": "money back"})
    assert anonymous.code == "UNAUTHENTICATED"


async def test_a_tenant_never_finds_another_tenants_assets(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    mine = await create_prompt(tenant, name="french", title="Into French", body=TRANSLATE_BODY)
    theirs = {
        await create_prompt(other_tenant, name=name, title="Refund replies", body=REFUND_BODY)
        for name in ("refunds", "refunds-2", unique("refunds"))
    }
    await wait_for_indexing(tenant)
    await wait_for_indexing(other_tenant)
    assert set(await search_names(other_tenant, "customer wants a refund")) >= {"refunds"}

    for query in ("customer wants a refund", "refunds", REFUND_BODY):
        hits = await search(tenant, query, limit=50)
        assert {hit["asset"]["id"] for hit in hits} == {mine}

    similar = await tenant.gql(SIMILAR, {"assetId": next(iter(theirs))})
    assert similar.code == "NOT_FOUND"
    own = (await tenant.gql(SIMILAR, {"assetId": mine})).ok()["similarAssets"]
    assert own == []


async def test_bad_input_is_refused_with_a_code(tenant: TenantHandle) -> None:
    asset = await create_prompt(tenant, name="french", title="Into French", body=TRANSLATE_BODY)
    refused = [
        (SEARCH, {"query": ""}),
        (SEARCH, {"query": "   "}),
        (SEARCH, {"query": "x" * 1001}),
        (SEARCH, {"query": "french", "limit": 0}),
        (SEARCH, {"query": "french", "limit": 51}),
        (SIMILAR, {"assetId": asset, "limit": 0}),
        (SIMILAR, {"assetId": asset, "limit": 51}),
    ]
    for query, variables in refused:
        result = await tenant.gql(query, variables)
        assert result.code == "BAD_USER_INPUT", variables

    for missing in ("not-an-id", "QXNzZXQ6MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw"):
        assert (await tenant.gql(SIMILAR, {"assetId": missing})).code == "NOT_FOUND"


async def test_a_burst_of_changes_to_one_asset_is_indexed_by_one_job(tenant: TenantHandle) -> None:
    asset = await create_prompt(tenant, name="helper", title="Helper", body="Be helpful.")
    description = "Writes short poems about the ocean and sailing."
    (await tenant.gql(UPDATE, {"id": asset, "input": {"description": description}})).ok()
    await wait_for_indexing(tenant)

    jobs = (await tenant.gql(ALL_JOBS)).ok()["jobs"]["edges"]
    assert [(job["node"]["kind"], job["node"]["status"]) for job in jobs] == [
        ("search.index_asset", "SUCCEEDED")
    ]
    assert (await search_names(tenant, "write a poem about the sea")) == ["helper"]


async def test_a_query_word_that_is_a_tag_lifts_the_assets_with_that_tag(
    tenant: TenantHandle,
) -> None:
    for name, tags in (("untagged", []), ("tagged", ["refunds"])):
        await create_prompt(tenant, name=name, title="Replies", tags=tags, body=REFUND_BODY)
    await wait_for_indexing(tenant)

    first, second = await search(tenant, "customer asks for refunds")
    assert (first["asset"]["name"], second["asset"]["name"]) == ("tagged", "untagged")
    assert first["score"] > second["score"]
