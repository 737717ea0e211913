"""The warehouse explains itself: every table and column carries its meaning from the data
dictionary (pipelines/data/dictionary.yaml) as a DuckDB COMMENT, and docs/ renders it."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import duckdb
import pytest

from tongbao.extract.model import PER_DOCUMENT_TABLES
from tongbao.pipelines.batch import run
from tongbao.pipelines.dictionary import dictionary, markdown, undocumented
from tongbao.pipelines.validate import validate
from tongbao.pipelines.warehouse import Warehouse

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpus" / "samples"


@pytest.fixture(scope="module")
def validated(tmp_path_factory) -> Path:
    """A warehouse after extract and validate: every table either can create."""
    out = tmp_path_factory.mktemp("dict") / "wh"
    run([str(SAMPLES)], str(out), workers=2, log=lambda _m: None)
    validate(out, report=False)
    return out


def test_no_table_or_column_lacks_a_comment(validated):
    con = duckdb.connect(str(validated / "warehouse.duckdb"), read_only=True)
    tables = {t for (t,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT starts_with(table_name, '_')").fetchall()}
    assert tables == {"documents", "tables", "cells", "records", "checks", "facts", "units",
                      "template_coverage", "runs", "sources"}
    assert undocumented(con) == []
    comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'records' "
                          "AND column_name = 'value'").fetchall()
    con.close()
    assert comment == [(dictionary()["records"]["columns"]["value"],)]


def test_every_model_column_has_an_entry():
    """A column added to extract/model.py without a dictionary entry fails here first."""
    for table, cls in PER_DOCUMENT_TABLES.items():
        fields = [f.name for f in dataclasses.fields(cls)]
        assert set(fields) <= set(dictionary()[table]["columns"]), table


def test_tables_added_later_get_their_comments_without_code(validated, tmp_path):
    """The mechanism is generic: a table created by anyone (here `runs`, made again without
    its comments, as an older tongbao or another tool would) is commented when the warehouse
    next opens, from its dictionary entries alone; a column without an entry is reported
    as undocumented."""
    out = tmp_path / "wh"
    shutil.copytree(validated, out)
    con = duckdb.connect(str(out / "warehouse.duckdb"))
    con.execute("DROP TABLE runs")
    con.execute("CREATE TABLE runs (run_id BIGINT, started TIMESTAMP, finished TIMESTAMP, "
                "version VARCHAR, files_seen BIGINT, files_read BIGINT, files_failed BIGINT)")
    assert con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'runs'"
                       ).fetchall() == [(None,)]
    con.execute("ALTER TABLE documents ADD COLUMN not_in_the_dictionary INTEGER")
    con.close()
    with Warehouse(out) as wh:
        assert undocumented(wh.con) == ["documents.not_in_the_dictionary"]
        runs = wh.con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'runs'"
                              ).fetchall()
    assert runs == [(dictionary()["runs"]["about"],)]


def test_reopening_an_unchanged_warehouse_sets_no_comment(validated):
    from tongbao.pipelines.dictionary import apply_comments

    with Warehouse(validated) as wh:
        assert apply_comments(wh.con) == 0


def test_the_docs_page_is_rendered_from_the_dictionary():
    rendered = (REPO / "docs" / "data_dictionary.md").read_text("utf-8")
    assert rendered == markdown(), ("docs/data_dictionary.md is stale: run "
                                    "python -m tongbao.pipelines.dictionary > docs/data_dictionary.md")
    for table, entry in dictionary().items():
        assert f"## {table}" in rendered
        assert all(f"| `{c}` |" in rendered for c in entry["columns"])
