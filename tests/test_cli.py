"""The promptvault command: create-tenant, create-admin and seed-demo against the test database,
checked through the GraphQL API."""

from __future__ import annotations

import re
import uuid

from tests.support.cli import run_cli
from tests.support.graphql import LOGIN, PASSWORD, GraphQLClient

ME = "query Me { me { id email role tenant { slug name } } }"
ASSETS = """
query Assets {
  assets(first: 50) {
    edges { node { name kind enhancement activeVersions { environment version { number } } } }
  }
}
"""
DEMO_ASSET_NAMES = {
    "support-reply",
    "ticket-summary",
    "refund-policy",
    "sql-explainer",
    "prompt-enhancer",
}


async def _login(api: GraphQLClient, slug: str, email: str, password: str = PASSWORD) -> str:
    result = await api(LOGIN, {"input": {"tenant": slug, "email": email, "password": password}})
    return result.ok()["login"]["token"]


async def test_create_tenant_prints_the_slug_and_refuses_a_second_time(
    database: object,
) -> None:
    suffix = uuid.uuid4().hex[:8]
    created = run_cli("create-tenant", f"Cli Corp {suffix}")
    assert created.returncode == 0, created.stderr
    assert f"cli-corp-{suffix}" in created.stdout

    again = run_cli("create-tenant", f"Cli Corp {suffix}")
    assert again.returncode != 0
    assert "CONFLICT" in again.stderr + again.stdout
    assert "Traceback" not in again.stderr


async def test_create_tenant_with_an_explicit_slug(database: object) -> None:
    slug = f"chosen-{uuid.uuid4().hex[:8]}"
    created = run_cli("create-tenant", "Any Name At All", "--slug", slug)
    assert created.returncode == 0, created.stderr
    assert slug in created.stdout


async def test_an_admin_created_by_the_cli_can_log_in(api: GraphQLClient) -> None:
    suffix = uuid.uuid4().hex[:8]
    slug = f"cli-admin-{suffix}"
    assert run_cli("create-tenant", f"Cli Admin {suffix}").returncode == 0
    email = f"ops-{suffix}@example.com"

    created = run_cli("create-admin", "--tenant", slug, "--email", email, "--password", PASSWORD)
    assert created.returncode == 0, created.stderr
    assert email in created.stdout

    token = await _login(api, slug, email)
    me = (await api(ME, token=token)).ok()["me"]
    assert me["email"] == email
    assert me["role"] == "ADMIN"
    assert me["tenant"] == {"slug": slug, "name": f"Cli Admin {suffix}"}

    duplicate = run_cli("create-admin", "--tenant", slug, "--email", email, "--password", PASSWORD)
    assert duplicate.returncode != 0
    assert "CONFLICT" in duplicate.stderr


async def test_create_admin_refuses_an_unknown_tenant_and_a_weak_password(
    database: object,
) -> None:
    email = f"nobody-{uuid.uuid4().hex[:8]}@example.com"
    unknown = run_cli(
        "create-admin", "--tenant", f"missing-{uuid.uuid4().hex[:8]}", "--email", email,
        "--password", PASSWORD,
    )  # fmt: skip
    assert unknown.returncode != 0
    assert "NOT_FOUND" in unknown.stderr

    slug = f"weak-{uuid.uuid4().hex[:8]}"
    assert run_cli("create-tenant", slug).returncode == 0
    weak = run_cli("create-admin", "--tenant", slug, "--email", email, "--password", "short")
    assert weak.returncode != 0
    assert "BAD_USER_INPUT" in weak.stderr
    assert "Traceback" not in weak.stderr


async def test_seed_demo_prints_a_password_once_that_signs_in_to_the_demo_assets(
    api: GraphQLClient,
) -> None:
    # The only test that seeds the demo tenant (slug "demo") in the shared test database.
    first = run_cli("seed-demo")
    assert first.returncode == 0, first.stderr
    tenant = re.search(r"tenant:\s*(\S+)", first.stdout)
    email = re.search(r"email:\s*(\S+)", first.stdout)
    password = re.search(r"password:\s*(\S+)", first.stdout)
    assert tenant and email and password, first.stdout
    assert tenant.group(1) == "demo"

    token = await _login(api, tenant.group(1), email.group(1), password.group(1))
    me = (await api(ME, token=token)).ok()["me"]
    assert me["role"] == "ADMIN"
    assert me["tenant"]["slug"] == "demo"

    edges = (await api(ASSETS, token=token)).ok()["assets"]["edges"]
    assets = {edge["node"]["name"]: edge["node"] for edge in edges}
    assert DEMO_ASSET_NAMES <= assets.keys()
    # The tenant's default enhancement prompt: an enhancement asset live in production.
    enhancers = [name for name, asset in assets.items() if asset["enhancement"]]
    assert enhancers == ["prompt-enhancer"]
    assert assets["prompt-enhancer"]["activeVersions"][0]["environment"] == "production"
    live_in_production = [
        name
        for name, asset in assets.items()
        if any(active["environment"] == "production" for active in asset["activeVersions"])
    ]
    assert live_in_production, assets
    for asset in assets.values():
        for active in asset["activeVersions"]:
            assert active["version"]["number"] >= 1

    second = run_cli("seed-demo")
    assert second.returncode == 0, second.stderr
    assert password.group(1) not in second.stdout + second.stderr
    assert re.search(r"password:\s*\S+", second.stdout) is None
    # The first password still works: the second run changed nothing.
    assert await _login(api, "demo", email.group(1), password.group(1))
