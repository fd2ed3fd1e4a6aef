"""Every third-party module Pulse imports is covered by a runtime dependency it declares itself (not one that
happens to arrive through another package or the dev extra). scripts/newcomer-check proves the rest in CI:
every module imports in an environment synced from uv.lock without the dev extra."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OWN = {"app", "bot", "handlers", "storage"}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {_normalise(re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0]) for spec in project["dependencies"]}


def _imported() -> dict[str, list[str]]:
    """Top-level third-party modules imported anywhere in Pulse's packages, with the files importing them."""
    found: dict[str, list[str]] = {}
    for package in sorted(OWN):
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for name in names:
                    top = name.split(".")[0]
                    if top not in OWN and top not in sys.stdlib_module_names:
                        found.setdefault(top, []).append(str(path.relative_to(ROOT)))
    return found


def test_every_imported_package_is_a_declared_runtime_dependency():
    declared = _declared()
    distributions = packages_distributions()
    uncovered = {
        module: files[:3]
        for module, files in _imported().items()
        if not {_normalise(d) for d in distributions.get(module, [])} & declared
    }
    assert not uncovered, f"imported but not declared under [project] dependencies: {uncovered}"


def test_greenlet_is_declared_for_slack_sdks_sqlalchemy_store():
    # slack_sdk's installation store imports sqlalchemy.ext.asyncio, which needs greenlet; SQLAlchemy 2.1 stopped
    # installing it, and only the dev extra's playwright brought it in.
    assert "greenlet" in _declared()
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    pulse = next(p for p in lock["package"] if p["name"] == "pulse")
    assert "greenlet" in {d["name"] for d in pulse["dependencies"]}
