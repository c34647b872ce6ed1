"""The floors of ARCHITECTURE.md, enforced: a module imports from its own folder, from lower
floors and from core, never from its floor's neighbours or from above. Imports under
TYPE_CHECKING are read only by type checkers, so they may look anywhere."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"

# Each top-level package or module of app/, and its floor. One table: change it here and in
# ARCHITECTURE.md together.
FLOORS = {
    "core": 0,
    "settings": 0,
    "identity": 1,
    "jobs": 1,
    "access": 2,
    "registry": 3,
    "governance": 4,
    "telemetry": 4,
    "providers": 4,
    "search": 4,
    "webhooks": 4,
    "promptfiles": 4,
    "realtime": 5,
    "api": 6,
    "runtime": 6,
    "dashboard": 6,
    "mcp": 6,
    "main": 7,
    "client": 7,
    "cli": 7,
    "demo": 7,
}
TOP = max(FLOORS.values())


def _runtime_imports(tree: ast.Module) -> list[tuple[str, int]]:
    """Every `app.<x>` that the module imports when it runs, with its line."""
    type_checking_only = {
        id(node)
        for branch in ast.walk(tree)
        if isinstance(branch, ast.If) and "TYPE_CHECKING" in ast.unparse(branch.test)
        for node in ast.walk(branch)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in type_checking_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "app":
                found += [(f"app.{alias.name}", node.lineno) for alias in node.names]
            else:
                found.append((node.module, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
    return [(name, line) for name, line in found if name.startswith("app.")]


def _imports_up_or_across() -> list[str]:
    wrong = []
    for path in sorted(APP.rglob("*.py")):
        module = path.relative_to(APP).with_suffix("").parts
        if module == ("__init__",):
            continue
        home = module[0]
        floor = FLOORS[home]
        for name, line in _runtime_imports(ast.parse(path.read_text())):
            target = name.split(".")[1]
            if target == home or target == "core" or FLOORS[target] < floor:
                continue
            if floor == TOP and FLOORS[target] == TOP:
                continue  # the entry points at the top wire one another
            wrong.append(f"{path.relative_to(APP.parent)}:{line} imports {name}")
    return wrong


def test_every_top_level_part_of_app_has_a_floor() -> None:
    parts = {path.stem for path in APP.iterdir() if path.suffix == ".py" or path.is_dir()}
    assert parts - {"__init__", "__pycache__"} <= set(FLOORS)


def test_no_module_imports_a_floor_above_or_beside_its_own() -> None:
    assert _imports_up_or_across() == []
