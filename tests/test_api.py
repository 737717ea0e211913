"""The Python API (`import tongbao`): the README's notebook example runs, `tongbao.read` gives
the records `show --json` prints, `import tongbao` stays light, one version everywhere."""

from __future__ import annotations

import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import tongbao
from tests.conftest import SEEDS, seed_path
from tongbao.extract.model import EXTRACTOR_VERSION

REPO = Path(__file__).resolve().parents[1]
TONGBAO = Path(sys.executable).parent / "tongbao"


def _readme_example() -> str:
    readme = (REPO / "README.md").read_text("utf-8")
    return re.search(r"```python\n# notebook\n(.*?)```", readme, re.S)[1]


def test_the_readme_notebook_example_gives_what_show_json_prints(tmp_path, capsys):
    seed = seed_path("000")
    inputs = tmp_path / "in"
    shutil.copytree(SEEDS, inputs)
    code = (_readme_example().replace('"corpus/samples/notice_000.txt"', repr(str(seed)))
            .replace('"corpus/samples"', repr(str(inputs)))
            .replace('"warehouse"', repr(str(tmp_path / "wh"))))
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)  # noqa: S102  (the README's own example)
    shown = json.loads(subprocess.run([str(TONGBAO), "show", str(seed), "--json"],
                                      capture_output=True, text=True, check=True).stdout)
    records: pd.DataFrame = scope["records"]
    assert len(records) == len(shown["records"]) > 200
    as_json = json.loads(records.to_json(orient="records", force_ascii=False))
    assert as_json == shown["records"]
    assert scope["ex"].records.to_arrow().to_pylist() == shown["records"]
    assert scope["ex"].checks.to_pylist() == shown["checks"]
    assert len(scope["failing"]) == sum(c["status"] == "fail" for c in shown["checks"])
    # The warehouse part: the relations over what the run stored.
    n_docs = len(list(SEEDS.iterdir()))
    by_unit = scope["by_unit"]
    assert by_unit["n"].is_monotonic_decreasing and len(by_unit) > 50
    import duckdb
    con = duckdb.connect(str(tmp_path / "wh" / "warehouse.duckdb"), read_only=True)
    total, docs = con.execute("SELECT sum(value) FILTER (WHERE NOT is_total), "
                              "(SELECT count(*) FROM documents) FROM records").fetchall()[0]
    con.close()
    assert docs == n_docs and by_unit["n"].sum() == pytest.approx(total)
    assert "<tongbao.Read 000_" in capsys.readouterr().out


def test_open_is_read_only_and_lists_every_table(tmp_path):
    tongbao.extract(str(REPO / "corpus" / "samples" / "notice_000.txt"), out=tmp_path / "wh")
    with tongbao.open(tmp_path / "wh") as wh:
        assert wh.names() == ["cells", "checks", "documents", "facts", "records", "runs",
                             "sources", "tables", "units"]
        assert wh.documents.count("*").fetchall() == [(1,)]
        with pytest.raises(Exception, match="read-only"):
            wh.sql("DELETE FROM records")
        with pytest.raises(AttributeError, match="no table 'recods'"):
            wh.recods  # noqa: B018
    with pytest.raises(FileNotFoundError, match="no warehouse at"):
        tongbao.open(tmp_path / "nowhere")


def test_a_bad_file_reads_as_a_failed_document(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    ex = tongbao.read(bad)
    assert not ex.ok and ex.document.status == "failed" and ex.document.error
    assert len(ex.records) == 0 and ex.documents.to_pandas().loc[0, "status"] == "failed"


def test_import_tongbao_is_light_and_the_api_is_there():
    code = ("import sys, tongbao; heavy = [m for m in ('duckdb', 'pandas', 'pyarrow', "
            "'great_expectations', 'pdfplumber', 'tongbao.pipelines') if m in sys.modules]; "
            "import tongbao.extract.document as d; "
            "print(heavy, callable(tongbao.extract), callable(tongbao.read), "
            "callable(tongbao.open), tongbao.extract.document is d)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO.parent, check=True).stdout.split()
    # tongbao.extract is the extract stage's package and, called, the batch run.
    assert out == ["[]", "True", "True", "True", "True"]


def test_one_version_for_package_extractor_and_cli():
    p = subprocess.run([str(TONGBAO), "--version"], capture_output=True, text=True)
    assert p.returncode == 0 and p.stdout.strip() == f"tongbao {EXTRACTOR_VERSION}"
    assert importlib.metadata.version("tongbao") == EXTRACTOR_VERSION == tongbao.__version__


def test_open_names_the_process_holding_the_warehouse_and_a_damaged_file(tmp_path):
    """tongbao.open says what the CLI says: which process holds the file, or that it is
    damaged and how to rebuild it (not DuckDB's bare error)."""
    import subprocess
    import sys

    from tongbao.pipelines.warehouse import WarehouseError

    tongbao.extract(str(REPO / "corpus" / "samples" / "notice_000.txt"), out=tmp_path / "wh")
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; "
                               f"c = duckdb.connect({str(tmp_path / 'wh' / 'warehouse.duckdb')!r}); "
                               "print('held', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(WarehouseError, match=rf"open in another process \(PID {holder.pid}\)"):
            tongbao.open(tmp_path / "wh")
    finally:
        holder.kill()
        holder.wait()
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "warehouse.duckdb").write_bytes(b"not a database" * 100)
    with pytest.raises(WarehouseError, match="cannot be opened as a DuckDB warehouse"):
        tongbao.open(tmp_path / "bad")
