"""Role-table cases for prompt runs, model prices and enhancement. The world's run (of a draft,
ended) went through its tenant connection, which answers from a shared fake provider; its
enhancement prompt calls the same connection. Each is (document, variables, what an allowed call
must show); the state is what the tenant's admin sees."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.support.graphql import Result
from tests.support.roles import State, World

Variables = Callable[[World], dict[str, Any]]
Effect = Callable[[World, Result, State, State], None]


def _run_ids(state: State) -> list[str]:
    return [edge["node"]["id"] for edge in state["promptRuns"]["edges"]]


def _read(check: Callable[[World, dict[str, Any]], bool]) -> Effect:
    def effect(world: World, result: Result, before: State, after: State) -> None:
        assert check(world, result.ok()), result.data
        assert after == before

    return effect


def _ran(world: World, result: Result, before: State, after: State) -> None:
    run = result.ok()["runPrompt"]
    assert run["status"] == "RUNNING"
    assert _run_ids(after) == [run["id"], *_run_ids(before)]


def _priced(world: World, result: Result, before: State, after: State) -> None:
    assert [price["model"] for price in after["modelPrices"]] == ["fake-large", "new-model"]
    assert before["modelPrices"] == [after["modelPrices"][0]]


def _unpriced(world: World, result: Result, before: State, after: State) -> None:
    assert (len(before["modelPrices"]), after["modelPrices"]) == (1, [])


def _enhanced(world: World, result: Result, before: State, after: State) -> None:
    draft = result.ok()["enhanceVersion"]
    assert (draft["number"], draft["status"], draft["body"]) == (5, "DRAFT", "Hello, world.")
    assert len(after["asset"]["versions"]["edges"]) == 5
    assert len(_run_ids(after)) == len(_run_ids(before)) + 1


RUN_OPERATIONS: dict[str, tuple[str, Variables, Effect]] = {
    "runPrompt": (
        "mutation($input: RunPromptInput!) { runPrompt(input: $input) { id status } }",
        lambda w: {
            "input": {
                "draft": {"body": "Hi"},
                "connectionId": w.provider_connection_id,
                "model": "fake-large",
            }
        },
        _ran,
    ),
    "promptRun": (
        "query($id: ID!) { promptRun(id: $id) { id output } }",
        lambda w: {"id": w.run_id},
        _read(lambda w, d: d["promptRun"] == {"id": w.run_id, "output": "Hello, world."}),
    ),
    "promptRuns": (
        "query { promptRuns { edges { node { id } } } }",
        lambda w: {},
        _read(lambda w, d: d["promptRuns"]["edges"] == [{"node": {"id": w.run_id}}]),
    ),
    "cancelPromptRun": (
        "mutation($id: ID!) { cancelPromptRun(id: $id) { id status } }",
        lambda w: {"id": w.run_id},
        _read(lambda w, d: d["cancelPromptRun"] == {"id": w.run_id, "status": "SUCCEEDED"}),
    ),
    "modelPrices": (
        "query { modelPrices { model } }",
        lambda w: {},
        _read(lambda w, d: d["modelPrices"] == [{"model": "fake-large"}]),
    ),
    "setModelPrice": (
        'mutation { setModelPrice(model: "new-model", inputPerMillion: 1, outputPerMillion: 1)'
        " { model } }",
        lambda w: {},
        _priced,
    ),
    "deleteModelPrice": (
        'mutation { deleteModelPrice(model: "fake-large") }',
        lambda w: {},
        _unpriced,
    ),
    "enhanceVersion": (
        "mutation($input: EnhanceVersionInput!) "
        "{ enhanceVersion(input: $input) { number status body } }",
        lambda w: {"input": {"versionId": w.v2_id, "enhancementAssetId": w.enhancer_id}},
        _enhanced,
    ),
}
