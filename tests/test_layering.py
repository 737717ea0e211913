"""Imports flow one way (style.md, point 1), between the stages and inside extract/.

pipelines -> extract -> normalize; inside extract: document -> readers -> checks ->
tables and prose -> the shared model (model, errors). A module never imports a
stage (or an extract part) to its left.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# folder -> the tongbao subpackages its modules must not import
FORBIDDEN = {
    "normalize": {"extract", "pipelines", "corpus", "expectations"},
    "extract": {"pipelines", "corpus", "expectations"},
    "extract/tables": {"extract.readers", "extract.checks", "extract.document"},
    "extract/prose": {"extract.readers", "extract.checks", "extract.document"},
    "extract/checks": {"extract.readers", "extract.document"},
    "extract/readers": {"extract.checks", "extract.document"},
}
MAX_LINES = 400  # small modules with one job each


def _imports(path: Path) -> set[str]:
    """The tongbao modules a file imports, without the `tongbao.` prefix."""
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {n.removeprefix("tongbao.") for n in names if n.startswith("tongbao.")}


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_imports_flow_one_way(folder):
    for path in (REPO / folder).rglob("*.py"):
        bad = {m for m in _imports(path)
               for f in FORBIDDEN[folder] if m == f or m.startswith(f + ".")}
        assert not bad, f"{path.relative_to(REPO)} imports {bad}"


def test_no_module_imports_a_top_level_stage():
    """Only `tongbao` is installed: `import extract` would work in the repository alone."""
    stages = {"extract", "normalize", "pipelines", "corpus", "expectations"}
    for folder in [*stages, "tests", "benchmarks"]:
        for path in (REPO / folder).rglob("*.py"):
            tree = ast.parse(path.read_text("utf-8"))
            for node in ast.walk(tree):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                         [node.module] if isinstance(node, ast.ImportFrom) and node.module
                         and node.level == 0 else [])
                bad = [n for n in names if n.split(".")[0] in stages]
                assert not bad, f"{path.relative_to(REPO)} imports {bad}; use tongbao.{bad[0]}"


def test_modules_stay_small():
    for package in ["extract", "normalize", "pipelines", "corpus", "tongbao"]:
        for path in (REPO / package).rglob("*.py"):
            n = len(path.read_text("utf-8").splitlines())
            assert n <= MAX_LINES, f"{path.relative_to(REPO)} has {n} lines"


def test_the_batch_client_never_imports_the_readers():
    """The process that plans a run and writes the warehouse reads no file: importing the
    readers there (0.1 s) only delayed the first file handed out. It names a failed file's
    format (readers.sniff) and nothing more; workers get the readers from the forkserver's
    preload, which must name modules that exist."""
    import importlib.util

    from tongbao.pipelines.forkserver import SERVER_PRELOAD

    assert _in_a_fresh_process(
        "import sys, tongbao.pipelines.batch, tongbao.pipelines.cli; "
        "print(sorted(m for m in sys.modules if m.startswith('tongbao.extract.') "
        "and m.split('.')[2] in ('document', 'readers', 'checks', 'tables', 'prose') "
        "and m not in ('tongbao.extract.readers', 'tongbao.extract.readers.sniff')))") == "[]"
    assert all(importlib.util.find_spec(m) for m in SERVER_PRELOAD)


def test_a_local_run_writes_without_pyarrow(tmp_path):
    """The client of a local run hands DuckDB Python lists (pipelines/columns.py): pyarrow,
    and the pandas it imports to convert a list, were over a second of every run. Arrow is
    for the Delta tables of a cluster run and for the API's to_arrow()."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "n.txt").write_text("关于一项工作的通报\n\n单位\t数量\n教育局\t3\n合计\t3\n",
                                           "utf-8")
    assert _in_a_fresh_process(
        "import sys\nfrom tongbao.pipelines.batch import run\n"
        f"s = run([{str(tmp_path / 'in')!r}], {str(tmp_path / 'wh')!r}, workers=1, "
        "log=lambda m: None)\n"
        "print(s.warehouse['records'], sorted(m for m in ('pyarrow', 'pandas') "
        "if m in sys.modules))") == "2 []"


def _in_a_fresh_process(code: str) -> str:
    """What the code prints, run by a new interpreter (nothing imported by the tests)."""
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip()
