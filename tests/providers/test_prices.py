"""Model prices: admins set and delete what each model costs per million tokens; every change is
audited; a bad price names its field; another tenant's prices are its own."""

from __future__ import annotations

from tests.support.graphql import TenantHandle
from tests.support.runs import DELETE_PRICE, PRICES, SET_PRICE

AUDIT = "query { auditEvents(first: 50) { edges { node { action diff } } } }"


async def test_admins_set_update_and_delete_prices(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    (await tenant.gql(SET_PRICE, {"model": "gpt-x", "input": 2.5, "output": 10})).ok()
    (await tenant.gql(SET_PRICE, {"model": "claude-y", "input": 3, "output": 15})).ok()
    updated = (await tenant.gql(SET_PRICE, {"model": " gpt-x ", "input": 1, "output": 4})).ok()
    assert updated["setModelPrice"] == {
        "model": "gpt-x",
        "inputPerMillion": 1,
        "outputPerMillion": 4,
    }
    prices = (await tenant.gql(PRICES, role="DEVELOPER")).ok()["modelPrices"]
    assert prices == [
        {"model": "claude-y", "inputPerMillion": 3, "outputPerMillion": 15},
        {"model": "gpt-x", "inputPerMillion": 1, "outputPerMillion": 4},
    ]
    assert (await other_tenant.gql(PRICES)).ok()["modelPrices"] == []
    assert (await other_tenant.gql(DELETE_PRICE, {"model": "gpt-x"})).code == "NOT_FOUND"

    assert (await tenant.gql(DELETE_PRICE, {"model": "gpt-x"})).ok()["deleteModelPrice"] is True
    assert [p["model"] for p in (await tenant.gql(PRICES)).ok()["modelPrices"]] == ["claude-y"]
    events = [e["node"] for e in (await tenant.gql(AUDIT)).ok()["auditEvents"]["edges"]]
    changes = [e["action"] for e in events if e["action"].startswith("model_price.")]
    assert sorted(changes) == ["model_price.delete"] + ["model_price.set"] * 3
    update = next(
        e["diff"] for e in events if e["action"] == "model_price.set" and e["diff"]["before"]
    )
    assert update["before"]["inputPerMillion"] == 2.5 and update["after"]["inputPerMillion"] == 1


async def test_a_bad_price_names_its_field(tenant: TenantHandle) -> None:
    for variables, field in [
        ({"model": "m", "input": -1, "output": 1}, "inputPerMillion"),
        ({"model": "m", "input": 1, "output": 1e9}, "outputPerMillion"),
        ({"model": " ", "input": 1, "output": 1}, "model"),
    ]:
        refused = await tenant.gql(SET_PRICE, variables)
        assert refused.code == "BAD_USER_INPUT", refused.errors
        assert refused.errors[0]["extensions"]["field"] == field
