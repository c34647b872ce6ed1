"""`promptvault gate`: asks a Promptvault server's gateCheck over HTTP, as a CI step does, and
turns the answer into a report and an exit code. It needs no database and no local settings."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import httpx

DEFAULT_URL = "http://127.0.0.1:8000"
TIMEOUT_SECONDS = 30
EXIT_PASS, EXIT_FAIL, EXIT_UNAVAILABLE = 0, 1, 2
GATE_CHECK = """
query GateCheck($commitSha: String!, $repository: String) {
  gateCheck(commitSha: $commitSha, repository: $repository) { outcome commitSha reasons }
}
"""


class GateUnavailable(Exception):
    """The gate could not be asked, or answered an error: the pipeline learns nothing."""


@dataclass(frozen=True)
class GateAnswer:
    outcome: str
    commit_sha: str
    reasons: list[str]

    @property
    def exit_code(self) -> int:
        return EXIT_PASS if self.outcome == "PASS" else EXIT_FAIL

    def report(self, repository: str | None) -> str:
        where = f" in {repository}" if repository else ""
        lines = [f"Promptvault gate: {self.outcome} for commit {self.commit_sha}{where}"]
        lines += [f"  - {reason}" for reason in self.reasons]
        return "\n".join(lines)


def _error_of(payload: Any) -> str | None:
    if not isinstance(payload, dict):
        return "the answer is not a GraphQL response"
    errors = payload.get("errors") or (
        [payload["error"]] if isinstance(payload.get("error"), dict) else []
    )
    if not errors:
        return None
    first = errors[0]
    code = (first.get("extensions") or {}).get("code") or first.get("code") or "ERROR"
    return f"{code}: {first.get('message', 'no message')}"


def ask_gate(
    url: str, api_key: str | None, *, commit_sha: str, repository: str | None
) -> GateAnswer:
    """The server's verdict on the commit; GateUnavailable when there is none to give."""
    if not api_key:
        raise GateUnavailable("PROMPTVAULT_API_KEY is not set: create an API key with gate:read")
    endpoint = url.rstrip("/") + "/graphql"
    try:
        response = httpx.post(
            endpoint,
            json={
                "query": GATE_CHECK,
                "variables": {"commitSha": commit_sha, "repository": repository},
            },
            headers={"authorization": f"Bearer {api_key}"},
            timeout=TIMEOUT_SECONDS,
        )
    except httpx.HTTPError as error:
        raise GateUnavailable(f"cannot reach Promptvault at {url}: {error}") from error
    try:
        payload = response.json()
    except ValueError as error:
        raise GateUnavailable(
            f"Promptvault at {url} answered HTTP {response.status_code} without JSON"
        ) from error
    problem = _error_of(payload)
    if problem is None and response.status_code != 200:
        problem = f"HTTP {response.status_code}"
    if problem is not None:
        raise GateUnavailable(f"Promptvault at {url} answered an error: {problem}")
    try:
        result = payload["data"]["gateCheck"]
        return GateAnswer(
            outcome=result["outcome"], commit_sha=result["commitSha"], reasons=result["reasons"]
        )
    except (KeyError, TypeError) as error:
        raise GateUnavailable(f"{url} did not answer a gate check") from error


def run_gate(*, commit_sha: str, repository: str | None) -> tuple[int, str]:
    """The exit code and the report of the gate for this commit, with the environment's server
    (PROMPTVAULT_URL) and API key (PROMPTVAULT_API_KEY)."""
    url = os.environ.get("PROMPTVAULT_URL") or DEFAULT_URL
    try:
        answer = ask_gate(
            url, os.environ.get("PROMPTVAULT_API_KEY"), commit_sha=commit_sha, repository=repository
        )
    except GateUnavailable as error:
        return EXIT_UNAVAILABLE, f"Promptvault gate: could not check commit {commit_sha}: {error}"
    return answer.exit_code, answer.report(repository)
