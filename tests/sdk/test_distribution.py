"""`pip install ./sdk/python` into a fresh venv installs the SDK with what httpx and jsonschema
need and nothing of the server (no torch, chromadb, strawberry or tortoise, no `app`), and the
SDK renders a prompt there."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SDK = Path(__file__).resolve().parents[2] / "sdk" / "python"
SERVER_ONLY = {
    "promptvault",
    "torch",
    "chromadb",
    "sentence-transformers",
    "strawberry-graphql",
    "tortoise-orm",
    "starlette",
    "uvicorn",
    "google-re2",  # the `re2` extra, not asked for here
}
# What a venv holds before anything is installed into it.
VENV_TOOLS = {"pip", "setuptools", "wheel"}

# Run in the venv: what is installed, what the SDK declares it needs (and what that needs in
# turn), whether `app` can be imported, and a prompt rendered.
INSPECT = """
import importlib.metadata as metadata, importlib.util, json, re
from promptvault_sdk import Prompt, RenderError, schema_checks

def name(text):
    return re.split(r"[ ;<>=!~\\[(]", text.strip(), maxsplit=1)[0].lower().replace("_", "-")

def needs(dist):
    return [r for r in metadata.requires(dist) or [] if "extra ==" not in r]

declared, closure, todo = [name(r) for r in needs("promptvault-sdk")], set(), ["promptvault-sdk"]
while todo:
    for requirement in needs(todo.pop()):
        if name(requirement) not in closure:
            try:
                metadata.distribution(name(requirement))
            except metadata.PackageNotFoundError:
                continue  # a marker left it out (another Python, another platform)
            closure.add(name(requirement))
            todo.append(name(requirement))
prompt = Prompt("greeting", "production", 1, "v1", "Hello {{ who }}",
                {"properties": {"who": {"type": "string", "pattern": "^[A-Z]"}}})
try:
    prompt.render(who="ada")
    refused = None
except RenderError as error:
    refused = error.variable
print(json.dumps({
    "installed": sorted(name(d.metadata["Name"]) for d in metadata.distributions()),
    "declared": sorted(declared),
    "closure": sorted(closure),
    "app": importlib.util.find_spec("app") is not None,
    "rendered": prompt.render(who="Ada"),
    "refused": refused,
    "pattern_engine": schema_checks.PATTERN_ENGINE,
}))
"""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sdk_venv(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A plain fresh venv with `pip install ./sdk/python`, and what INSPECT finds in it."""
    home = tmp_path_factory.mktemp("sdk-venv")
    # A copy, so that pip's build leaves nothing in the checkout.
    sdk = shutil.copytree(SDK, home / "sdk", ignore=shutil.ignore_patterns("build", "*.egg-info"))
    venv = home / "venv"
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env)
    python = str(venv / "bin" / "python")
    install = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(sdk)]
    subprocess.run(install, check=True, env=env, cwd=home, timeout=600)
    # -I: neither the working directory nor PYTHONPATH nor user site-packages on sys.path.
    found = subprocess.run(
        [python, "-I", "-c", INSPECT], check=True, env=env, cwd=home, capture_output=True
    )
    inspected: dict[str, Any] = json.loads(found.stdout)
    return inspected


def test_the_sdk_installs_with_httpx_and_jsonschema_only(sdk_venv: dict[str, Any]) -> None:
    installed = set(sdk_venv["installed"])

    assert sdk_venv["declared"] == ["httpx", "jsonschema"]
    assert installed - VENV_TOOLS == {"promptvault-sdk", *sdk_venv["closure"]}
    assert installed & SERVER_ONLY == set()
    assert not sdk_venv["app"], "the server's code came along"


def test_the_installed_sdk_renders_strictly(sdk_venv: dict[str, Any]) -> None:
    assert sdk_venv["rendered"] == "Hello Ada"
    assert sdk_venv["refused"] == "who"  # "ada" does not match ^[A-Z]
    assert sdk_venv["pattern_engine"] == "re"  # without the re2 extra
