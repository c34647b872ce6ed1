"""Prompt run operations shared by tests, and waiting for a run to end."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.support.graphql import Result, TenantHandle

RUN = """
id model status variables output error latencyMs firstPieceMs inputTokens outputTokens cost
createdAt finishedAt cancelRequested modelConfig messages { role content }
version { id number } connection { id name } actor { id }
"""
RUN_PROMPT = f"""
mutation RunPrompt($input: RunPromptInput!) {{ runPrompt(input: $input) {{ {RUN} }} }}
"""
PROMPT_RUN = f"query PromptRun($id: ID!) {{ promptRun(id: $id) {{ {RUN} }} }}"
PROMPT_RUNS = """
query PromptRuns($versionId: ID, $first: Int, $after: String) {
  promptRuns(versionId: $versionId, first: $first, after: $after) {
    edges { cursor node { id status version { id } } } pageInfo { hasNextPage endCursor }
  }
}
"""
CANCEL = f"mutation Cancel($id: ID!) {{ cancelPromptRun(id: $id) {{ {RUN} }} }}"
PROMPT_RUN_OUTPUT = """
subscription Output($runId: ID!) {
  promptRunOutput(runId: $runId) {
    runId delta done run { id status output error inputTokens outputTokens cost }
  }
}
"""
SET_PRICE = """
mutation SetPrice($model: String!, $input: Float!, $output: Float!) {
  setModelPrice(model: $model, inputPerMillion: $input, outputPerMillion: $output) {
    model inputPerMillion outputPerMillion
  }
}
"""
DELETE_PRICE = "mutation DeletePrice($model: String!) { deleteModelPrice(model: $model) }"
PRICES = "query Prices { modelPrices { model inputPerMillion outputPerMillion } }"
ENHANCE = """
mutation Enhance($input: EnhanceVersionInput!) {
  enhanceVersion(input: $input) {
    id number status format body messages { role content placeholder } variables modelConfig
    message author { id }
  }
}
"""
WAIT_SECONDS = 10.0


async def run_prompt(tenant: TenantHandle, input: dict[str, Any], *, role: str = "ADMIN") -> Result:
    return await tenant.gql(RUN_PROMPT, {"input": input}, role=role)


async def started_run(
    tenant: TenantHandle, input: dict[str, Any], *, role: str = "ADMIN"
) -> dict[str, Any]:
    run: dict[str, Any] = (await run_prompt(tenant, input, role=role)).ok()["runPrompt"]
    return run


async def run_until_ended(
    tenant: TenantHandle, run_id: str, *, role: str = "ADMIN", timeout: float = WAIT_SECONDS
) -> dict[str, Any]:
    """The run once it has ended (the worker makes the call): read until it is not RUNNING."""
    async with asyncio.timeout(timeout):
        while True:
            run: dict[str, Any] = (await tenant.gql(PROMPT_RUN, {"id": run_id}, role=role)).ok()[
                "promptRun"
            ]
            if run["status"] != "RUNNING":
                return run
            await asyncio.sleep(0.05)


async def finished_run(
    tenant: TenantHandle, input: dict[str, Any], *, role: str = "ADMIN"
) -> dict[str, Any]:
    """Runs the prompt and waits for the run to end."""
    run = await started_run(tenant, input, role=role)
    return await run_until_ended(tenant, run["id"], role=role)


async def output_reaches(
    tenant: TenantHandle, run_id: str, output: str, *, timeout: float = WAIT_SECONDS
) -> None:
    """Waits until the run's row holds `output` (its worker writes what has streamed)."""
    async with asyncio.timeout(timeout):
        while (await tenant.gql(PROMPT_RUN, {"id": run_id})).ok()["promptRun"]["output"] != output:
            await asyncio.sleep(0.05)
