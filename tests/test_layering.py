"""Imports flow one way: pipelines -> extract -> normalize (style.md, point 1)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FORBIDDEN = {"normalize": {"extract", "pipelines", "corpus"}, "extract": {"pipelines", "corpus"}}
MAX_LINES = 400  # small modules with one job each


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_flow_one_way(package):
    for path in (REPO / package).rglob("*.py"):
        bad = _imports(path) & FORBIDDEN[package]
        assert not bad, f"{path.relative_to(REPO)} imports {bad}"


def test_modules_stay_small():
    for package in ["extract", "normalize", "pipelines", "corpus"]:
        for path in (REPO / package).rglob("*.py"):
            n = len(path.read_text("utf-8").splitlines())
            assert n <= MAX_LINES, f"{path.relative_to(REPO)} has {n} lines"
