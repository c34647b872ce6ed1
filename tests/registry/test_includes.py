"""Includes: `{{> asset-name}}` renders the active version of that asset in the same environment
with the same variables; cycles, missing includes and runaway depth are refused; `dependents`
lists the assets whose latest version includes an asset."""

from tests.support.graphql import TenantHandle
from tests.support.registry import ACTIVATE
from tests.support.typed_prompts import DEPENDENTS, add_version, live_prompt, render

RENDER_KEYED = """
query($name: String!, $footer: String!, $key: String!) {
  renderPrompt(name: $name, environment: "staging", key: $key) { text }
  resolvePrompt(name: $footer, environment: "staging", key: $key) { body }
}
"""
NAME = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}


async def _activate(tenant: TenantHandle, version_id: str, environment: str = "staging") -> None:
    (await tenant.gql(ACTIVATE, {"versionId": version_id, "environment": environment})).ok()


async def _dependents(tenant: TenantHandle, asset_id: str) -> list[str]:
    return [
        asset["name"]
        for asset in (await tenant.gql(DEPENDENTS, {"id": asset_id})).ok()["dependents"]
    ]


async def test_an_include_renders_the_active_version_of_the_included_asset(
    tenant: TenantHandle,
) -> None:
    footer = await live_prompt(tenant, "Signed, {{ name }} v1", variables=NAME)
    second = (await add_version(tenant, footer.id, "Signed, {{ name }} v2", NAME)).ok()
    page = await live_prompt(
        tenant, f"Dear {{{{ name }}}},\n{{{{> {footer.name} }}}}", variables=NAME
    )

    before = await render(tenant, page.name, {"name": "Ada"})
    await _activate(tenant, second["createVersion"]["id"])
    after = await render(tenant, page.name, {"name": "Ada"})

    assert before.ok()["renderPrompt"]["text"] == "Dear Ada,\nSigned, Ada v1"
    assert after.ok()["renderPrompt"]["text"] == "Dear Ada,\nSigned, Ada v2"


async def test_includes_nest_and_share_the_variables_each_declares(tenant: TenantHandle) -> None:
    topic = {"type": "object", "properties": {"topic": {"type": "string"}}, "required": ["topic"]}
    inner = await live_prompt(tenant, "about {{ topic }}", variables=topic)
    middle = await live_prompt(tenant, f"a note {{{{>{inner.name}}}}}")
    outer = await live_prompt(
        tenant, f"{{{{ name }}}} wrote {{{{> {middle.name}}}}}", variables=NAME
    )

    result = await render(tenant, outer.name, {"name": "Ada", "topic": "tides"})
    ill_typed = await render(tenant, outer.name, {"name": "Ada", "topic": 7})
    unknown = await render(tenant, outer.name, {"name": "Ada", "topic": "tides", "mood": "x"})

    assert result.ok()["renderPrompt"]["text"] == "Ada wrote a note about tides"
    assert ill_typed.code == "BAD_USER_INPUT" and "'topic'" in ill_typed.errors[0]["message"]
    assert unknown.code == "BAD_USER_INPUT" and "'mood'" in unknown.errors[0]["message"]


async def test_an_include_cycle_is_refused_naming_the_cycle(tenant: TenantHandle) -> None:
    first = await live_prompt(tenant, "A", name="cycle-a")
    second = await live_prompt(tenant, "B {{> cycle-a }}", name="cycle-b")
    (await add_version(tenant, first.id, "A {{> cycle-b }}")).ok()
    await _activate(tenant, (await _latest_id(tenant, first.id)))

    result = await render(tenant, first.name)

    assert result.code == "BAD_USER_INPUT"
    assert "include cycle: cycle-a → cycle-b → cycle-a" in result.errors[0]["message"]
    assert (await render(tenant, second.name)).code == "BAD_USER_INPUT"


async def test_an_asset_cannot_include_itself(tenant: TenantHandle) -> None:
    prompt = await live_prompt(tenant, "plain")

    result = await add_version(tenant, prompt.id, f"again {{{{> {prompt.name} }}}}")

    assert result.code == "BAD_USER_INPUT"


async def test_a_missing_or_inactive_include_is_not_found_naming_it(tenant: TenantHandle) -> None:
    elsewhere = await live_prompt(tenant, "active in staging only")
    missing = await live_prompt(tenant, "see {{> no-such-asset }}")
    inactive = await live_prompt(
        tenant, f"see {{{{> {elsewhere.name} }}}}", environment="development"
    )

    not_there = await render(tenant, missing.name)
    not_active = await render(tenant, inactive.name, environment="development")

    assert not_there.code == "NOT_FOUND"
    assert "no-such-asset" in not_there.errors[0]["message"]
    assert not_active.code == "NOT_FOUND"
    assert elsewhere.name in not_active.errors[0]["message"]


async def test_includes_nested_deeper_than_ten_levels_are_refused(tenant: TenantHandle) -> None:
    deepest = await live_prompt(tenant, "bottom", name="deep-11")
    for level in range(10, -1, -1):
        await live_prompt(tenant, f"{level} {{{{> deep-{level + 1} }}}}", name=f"deep-{level}")

    too_deep = await render(tenant, "deep-0")
    deep_enough = await render(tenant, "deep-1")

    assert too_deep.code == "BAD_USER_INPUT"
    assert "deeper than 10" in too_deep.errors[0]["message"]
    assert deep_enough.ok()["renderPrompt"]["text"].endswith("10 bottom")
    assert deepest.name == "deep-11"


async def test_dependents_lists_the_assets_whose_latest_version_includes_it(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    shared = await live_prompt(tenant, "shared text", name="shared-part")
    uses = await live_prompt(tenant, "uses {{> shared-part }}")
    also = await live_prompt(tenant, "also {{> shared-part}} and {{> shared-part}}")
    used_to = await live_prompt(tenant, "used to {{> shared-part }}")
    (await add_version(tenant, used_to.id, "no longer")).ok()
    await live_prompt(other_tenant, "shared text", name="shared-part")
    await live_prompt(other_tenant, "another tenant's {{> shared-part }}")

    found = await _dependents(tenant, shared.id)

    assert found == sorted([uses.name, also.name])
    assert await _dependents(tenant, uses.id) == []


async def test_dependents_of_another_tenants_asset_is_not_found(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    theirs = await live_prompt(other_tenant, "theirs")

    assert (await tenant.gql(DEPENDENTS, {"id": theirs.id})).code == "NOT_FOUND"


async def _latest_id(tenant: TenantHandle, asset_id: str) -> str:
    result = await tenant.gql(
        "query($id: ID!) { asset(id: $id) { latestVersion { id } } }", {"id": asset_id}
    )
    return str(result.ok()["asset"]["latestVersion"]["id"])


async def test_an_include_serves_the_same_canary_side_as_resolve_prompt_for_a_key(
    tenant: TenantHandle,
) -> None:
    footer = await live_prompt(tenant, "baseline footer")
    canary = (await add_version(tenant, footer.id, "canary footer")).ok()["createVersion"]["id"]
    started = await tenant.gql(
        'mutation($id: ID!) { activateVersion(versionId: $id, environment: "staging",'
        " rollout: {share: 0.5}) { id } }",
        {"id": canary},
    )
    started.ok()
    page = await live_prompt(tenant, f"page with {{{{> {footer.name} }}}}")

    sides = set()
    for number in range(40):
        key = f"user-{number}"
        rendered = await tenant.gql(
            RENDER_KEYED, {"name": page.name, "key": key, "footer": footer.name}
        )
        payload = rendered.ok()
        assert payload["renderPrompt"]["text"] == f"page with {payload['resolvePrompt']['body']}"
        sides.add(payload["resolvePrompt"]["body"])

    assert sides == {"baseline footer", "canary footer"}
