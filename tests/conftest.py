"""Shared fixtures: the seed and real documents of ../shared, when present."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from hypothesis import settings

from tongbao.extract.document import read_document
from tongbao.extract.model import Extraction

# `make test` is a gate: the same commit draws the same examples, so a red run is a
# reproducible one. New examples are searched with HYPOTHESIS_PROFILE=explore (make explore),
# and what that search finds becomes a named test.
settings.register_profile("gate", derandomize=True, print_blob=True)
settings.register_profile("explore", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "gate"))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"


def seed_path(prefix: str) -> Path:
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip(f"../shared/seeds/{prefix}_*.txt is not here (a clone without ../shared)")
    return matches[0]


def read_seed(prefix: str) -> Extraction:
    path = seed_path(prefix)
    return read_document(path.read_bytes(), str(path))


def read_text(text: str, name: str = "doc.txt") -> Extraction:
    return read_document(text.encode("utf-8"), name)


WAREHOUSE_TABLES = ["documents", "tables", "cells", "records", "checks", "facts", "units",
                    "sources", "runs"]
# What says which run did what differs between two runs by nature: compared without it.
# Of `runs`, the last finished run (what a clean run and a killed-and-restarted one share).
_SNAPSHOT_SQL = {
    "documents": "SELECT * EXCLUDE (run_id) FROM documents",
    "sources": "SELECT * EXCLUDE (run_id) FROM sources",
    "runs": "SELECT version, files_seen FROM runs WHERE finished IS NOT NULL "
            "ORDER BY run_id DESC LIMIT 1",
}


def assert_read_back_but_blank_tables(ex: Extraction, values: dict) -> None:
    """Every key of a generated report read as its truth, but that a template table
    printing no figure at all (zeros printed as nothing) may leave its keys open; and no
    check fails."""
    from tongbao.corpus.annual import blank_sections

    blank = blank_sections(values)
    got = {r.key: r.value for r in ex.records
           if r.key and not (r.value is None and r.key[:5] in blank)}
    assert got == {k: v for k, v in values.items() if k[:5] not in blank or k in got}
    assert [(c.check, c.scope) for c in ex.checks if c.status == "fail"] == []
    # a table that gave no key at all says so (campaign: 161 keys gone without a word)
    unread = {s[:-1] for s in blank if not any(r.key and r.key.startswith(s) for r in ex.records)}
    assert {c.scope for c in ex.checks if c.check == "no_template_tables"} == unread


def warehouse_snapshot(out: Path, tables: list[str] = WAREHOUSE_TABLES) -> dict[str, list]:
    """Every row of every table, order-free: two warehouses are equal when these are."""
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    try:
        return {t: sorted(map(repr, con.execute(_SNAPSHOT_SQL.get(t, f"SELECT * FROM {t}"))
                              .fetchall())) for t in tables}
    finally:
        con.close()
