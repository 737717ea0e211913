"""The command line of the output contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import seed_path

REPO = Path(__file__).resolve().parents[1]


def _tongbao(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tongbao.pipelines.cli", *args], capture_output=True,
                          text=True, cwd=REPO)


def test_show_json_prints_one_object_with_the_contract_fields():
    p = _tongbao("show", str(seed_path("000")), "--json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)  # nothing but the object on stdout
    assert set(out) == {"document", "tables", "cells", "records", "checks", "facts"}
    assert {"doc_id", "source_path", "format", "doc_kind", "title", "issuer", "issuer_unit",
            "issue_date", "period_start", "period_end", "n_pages", "status", "error",
            "extractor_version"} <= set(out["document"])
    assert out["document"]["issue_date"] == "2023-07-03"
    assert {"doc_id", "table_id", "row", "col", "unit_raw", "unit", "unit_type", "path", "metric",
            "value", "value_raw", "is_total", "key", "page"} <= set(out["records"][0])
    assert {"doc_id", "table_id", "row", "col", "row_span", "col_span", "text", "is_header",
            "page", "bbox"} <= set(out["cells"][0])
    assert len(out["tables"]) == 2 and len(out["checks"]) == 37  # 35 tables, 2 prose
    assert sum(c["status"] == "pass" for c in out["checks"]) == 37
    assert {"fact_id", "sentence", "subject", "unit", "value", "value_raw", "measure",
            "parent_fact_id", "page"} <= set(out["facts"][0])


def test_the_tongbao_command_ends_show_at_once_with_its_whole_output_and_exit_code(tmp_path):
    """The console command ends `show` without the interpreter's teardown (cli.console): what
    it printed must still reach a pipe whole, beyond a pipe's 64 KB buffer, and its exit code
    must stay the command's own."""
    tongbao = Path(sys.executable).parent / "tongbao"
    pdf = REPO / "corpus" / "samples" / "budget_pdf_000.pdf"
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # as a user's
    p = subprocess.run([str(tongbao), "show", str(pdf), "--json"], capture_output=True,
                       env=buffered)
    assert p.returncode == 0, p.stderr
    assert len(p.stdout) > 65536 and p.stdout.endswith(b"}\n")
    out = json.loads(p.stdout)
    assert out["document"]["n_pages"] == 4 and out["document"]["status"] == "ok"
    inside = subprocess.run([sys.executable, "-m", "tongbao.pipelines.cli", "show", str(pdf),
                             "--json"], capture_output=True)
    assert json.loads(inside.stdout) == out  # the same object as main() prints
    missing = subprocess.run([str(tongbao), "show", str(tmp_path / "none.pdf")],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def test_extract_strict_exit_codes(tmp_path):
    good = tmp_path / "good"
    good.mkdir()
    (good / "a.txt").write_text("关于工作情况的通报\n\n单位名称\t得分1\t得分2\t总分\n教育局\t1\t2\t3\n",
                                "utf-8")
    p = _tongbao("extract", str(good), "--out", str(tmp_path / "wh1"), "--strict")
    assert p.returncode == 0, p.stderr
    assert "failing 0" in p.stdout
    (good / "b.txt").write_text("关于工作情况的通报\n\n单位名称\t得分1\t得分2\t总分\n财政局\t1\t2\t4\n",
                                "utf-8")
    p = _tongbao("extract", str(good), "--out", str(tmp_path / "wh1"), "--strict")
    assert p.returncode == 1 and "failing 1" in p.stdout
    p = _tongbao("extract", str(good), "--out", str(tmp_path / "wh1"))
    assert p.returncode == 0


def test_extract_missing_path_is_a_clear_error(tmp_path):
    p = _tongbao("extract", str(tmp_path / "nope"), "--out", str(tmp_path / "wh"))
    assert p.returncode == 2 and "no such file or folder" in p.stderr


def test_units_lists_unresolved_names_and_aliases_resolve_them(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("安阳市北关区人民政府办公室\n\n关于工作情况的通报\n\n单位名称\t数量1\t数量2\t合计\n"
                               "区城建局\t1\t2\t3\n区教育局\t2\t2\t4\n", "utf-8")
    out = tmp_path / "wh"
    assert _tongbao("extract", str(src), "--out", str(out)).returncode == 0
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("units:\n  住房和城乡建设局: {aliases: [城建局]}\n", "utf-8")
    p = _tongbao("units", str(out), "--aliases", str(aliases))
    assert p.returncode == 0, p.stderr
    assert "1 unresolved unit names" in p.stdout
    assert "区城建局  [河南省安阳市北关区]" in p.stdout and "-> 住房和城乡建设局" in p.stdout
    assert "区教育局" not in p.stdout
    p = _tongbao("extract", str(src), "--out", str(out), "--aliases", str(aliases))
    assert p.returncode == 0 and "1 read" in p.stdout  # a new aliases file re-reads
    p = _tongbao("units", str(out))
    assert "every unit name in the warehouse is resolved" in p.stdout
