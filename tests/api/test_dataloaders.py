"""A page of assets with owner, latest version and active versions costs the same number of SQL
queries for 10 assets as for 100."""

from app.core.query_counter import count_queries
from tests.support.graphql import TenantHandle
from tests.support.registry import ACTIVATE, make_asset

ASSET_PAGE = """
query AssetPage($first: Int!) {
  assets(first: $first) {
    edges { node {
      name tags owner { email }
      latestVersion { number author { email } }
      activeVersions { environment version { number } }
    } }
  }
}
"""


async def _queries_for_page(tenant: TenantHandle, size: int) -> int:
    with count_queries() as statements:
        result = await tenant.gql(ASSET_PAGE, {"first": size})
    assert len(result.ok()["assets"]["edges"]) == size
    return len(statements)


async def test_asset_page_costs_the_same_queries_for_10_and_100_assets(
    tenant: TenantHandle,
) -> None:
    for index in range(100):
        asset = await make_asset(tenant, versions=2, tags=["demo"])
        if index % 3 == 0:
            await tenant.gql(
                ACTIVATE, {"versionId": asset.version_ids[0], "environment": "production"}
            )

    small = await _queries_for_page(tenant, 10)
    large = await _queries_for_page(tenant, 100)
    assert small == large
    assert small <= 12
