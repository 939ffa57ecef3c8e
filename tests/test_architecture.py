"""The layers (README, «Layers»; the contract is in pyproject.toml under ``[tool.importlinter]``).

A module never imports one from a higher layer, not even inside a function. CI runs only the test
suite, so the contract is checked here as well as by ``make lint``; and a module that no layer
names would escape it, so every module must be named (or sit in a package that is).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = REPO / "pyproject.toml"


def _config() -> dict:
    with PYPROJECT.open("rb") as handle:
        return tomllib.load(handle)["tool"]["importlinter"]


def _layer_entries() -> list[str]:
    entries = []
    for contract in _config()["contracts"]:
        if contract["type"] != "layers":
            continue
        for layer in contract["layers"]:
            entries.extend(part.strip() for part in layer.replace(":", "|").split("|"))
    return entries


def test_no_module_imports_a_higher_layer():
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "platform")])}
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(linter), "--config", str(PYPROJECT), "--no-cache"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, "Broken layers (see README, «Layers»):\n" + done.stdout[done.stdout.find("Broken") :]


def test_every_module_belongs_to_a_layer():
    entries = _layer_entries()
    graph = grimp.build_graph(*_config()["root_packages"], cache_dir=None)

    def named(module: str) -> bool:
        return any(module == entry or module.startswith(entry + ".") for entry in entries)

    def container(module: str) -> bool:
        # A package whose modules the layers name one by one (or a root package).
        return any(entry.startswith(module + ".") for entry in entries) or "." not in module

    unnamed = sorted(
        module
        for module in graph.modules
        if not named(module) and not container(module) and ".migrations" not in f"{module}."
    )
    assert not unnamed, "Modules no layer names (add each to the contract in pyproject.toml): " + ", ".join(unnamed)
