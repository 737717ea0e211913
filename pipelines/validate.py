"""`tongbao validate DIR`: the great-expectations suites in expectations/suites/ on a warehouse.

The suites run inside DuckDB: an ephemeral great-expectations context with one SQL data
source over the warehouse's own DuckDB instance (duckdb_engine), one query asset per
suite. Every expectation is a query, so no table is loaded into Python and memory stays
flat however many documents the warehouse holds. Results go into the `checks` table
(check = the expectation, scope = suite/expectation(column)); the report a person opens
is built from the warehouse by pipelines/report.py (DIR/report/index.html, offline).
great-expectations is imported here only (pip install 'tongbao[validate]'): it costs
seconds and hundreds of MB that extract and show never pay.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from tongbao.extract.tables.annual import canonical_keys
from tongbao.normalize.datafiles import data_bytes
from tongbao.pipelines.warehouse import VALIDATION_ROWS, Warehouse

# Where a record's unit lies from its document's jurisdiction, by their paths (the same rule
# as tongbao.normalize.jurisdictions.relation): the records suite allows all but 'outside'.
JURISDICTION_RELATION = """CASE
    WHEN r.jurisdiction IS NULL OR d.jurisdiction IS NULL THEN NULL
    WHEN r.jurisdiction = d.jurisdiction THEN 'same'
    WHEN starts_with(r.jurisdiction, d.jurisdiction) THEN 'inside'
    WHEN starts_with(d.jurisdiction, r.jurisdiction) THEN 'above'
    ELSE 'outside' END"""

# The rounding a record's printed figure allows when it is money, as the checks settle it
# (extract/checks/arithmetic.py half_unit: half a unit of the last printed digit; counts
# and scores none): the group-total expectation allows the sum of it over a group.
ROUNDING_ALLOWANCE = r"""CASE WHEN r.measure = 'amount' AND r.value IS NOT NULL
    THEN 0.5 / pow(10, length(regexp_extract(r.value_raw, '[.．]([0-9０-９]+)', 1)))
    ELSE 0 END"""

# What each suite judges: a table as stored, or with derived columns (len(path), and where
# each record's unit lies from its document's jurisdiction).
SUITE_QUERIES = {
    "documents": "SELECT * FROM documents",
    "records": f"""SELECT r.* EXCLUDE (path), len(r.path) AS path_depth,
                   {JURISDICTION_RELATION} AS jurisdiction_relation,
                   {ROUNDING_ALLOWANCE} AS rounding_allowance
                   FROM records r LEFT JOIN documents d USING (doc_id)""",
    "checks": f"SELECT * FROM checks WHERE NOT ({VALIDATION_ROWS})",
    "template_coverage": "SELECT * FROM template_coverage",
}
SUITES = tuple(SUITE_QUERIES)
EXTRA_HINT = "pip install 'tongbao[validate]'"


class MissingExtra(ImportError):
    """great-expectations (or the DuckDB driver it needs) is not installed."""


@dataclass
class Outcome:
    suite: str
    expectation: str  # expect_column_values_to_be_between(value)
    success: bool
    unexpected: float | None
    message: str


def load_suite(name: str) -> dict:
    return json.loads(data_bytes("tongbao.expectations", f"{name}.json", folder="suites"))


def require_extra() -> None:
    try:
        import duckdb_engine  # noqa: F401
        import great_expectations  # noqa: F401
    except ImportError as e:
        raise MissingExtra(f"`tongbao validate` needs great-expectations and duckdb_engine "
                           f"({e.name} is not installed): {EXTRA_HINT}") from e


COVERAGE_SCHEMA = pa.schema([("doc_id", pa.string()), ("key", pa.string()), ("n", pa.int64()),
                             ("in_template", pa.bool_())])
COVERAGE_BATCH = 100  # annual reports judged at a time: memory does not grow with the warehouse


def template_coverage(con) -> Iterator[pa.Table]:
    """One row per annual report and key: how often the key occurs (n), and whether it is a
    key of the template in that report's layout (in_template); in batches of reports."""
    reports = [d for (d,) in con.execute(
        "SELECT doc_id FROM documents WHERE doc_kind = 'annual_report' AND status <> 'failed' "
        "ORDER BY doc_id").fetchall()]
    for i in range(0, len(reports), COVERAGE_BATCH):
        batch = reports[i:i + COVERAGE_BATCH]
        counts: dict[str, dict[str, int]] = {d: {} for d in batch}
        for doc_id, key, n in con.execute(
                "SELECT doc_id, key, count(*) FROM records WHERE key IS NOT NULL AND doc_id IN "
                "(SELECT unnest(?)) GROUP BY ALL", [batch]).fetchall():
            counts[doc_id][key] = n
        rows = []
        for doc_id, found in counts.items():
            expected = canonical_keys(set(found))
            rows += [(doc_id, k, found.get(k, 0), True) for k in sorted(expected)]
            rows += [(doc_id, k, n, False) for k, n in sorted(found.items()) if k not in expected]
        yield pa.table(list(zip(*rows, strict=True)) if rows else [[]] * 4, schema=COVERAGE_SCHEMA)


def _sql_source(context, con):
    """A great-expectations SQL data source on this DuckDB connection's database.

    duckdb_engine runs every statement on its connection itself, so the rollback with which
    SQLAlchemy's pool takes a connection back wipes a result great-expectations has not
    fetched yet; a DuckDB cursor (its own connection to the same database) per statement
    keeps each result. Sharing the instance also lets the writer stay open meanwhile."""
    from duckdb_engine import ConnectionWrapper, CursorWrapper

    class CursorPerStatement(ConnectionWrapper):
        def __init__(self, duck):
            super().__init__(duck)
            self._duck = duck

        def cursor(self):
            return CursorWrapper(self._duck.cursor(), self)

    return context.data_sources.add_sql(
        "warehouse", connection_string="duckdb:///:memory:",
        kwargs={"creator": lambda: CursorPerStatement(con.cursor())})


def run_suites(con, path_of) -> list[Outcome]:
    """Every suite on the warehouse behind con; path_of(doc_id) names a document."""
    require_extra()
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    import great_expectations as gx

    import tongbao.expectations.custom  # noqa: F401  (registers the custom expectations)

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    source = _sql_source(context, con)
    outcomes = []
    for name, query in SUITE_QUERIES.items():
        spec = load_suite(name)
        suite = context.suites.add(gx.ExpectationSuite(
            name=name, expectations=spec["expectations"], meta=spec.get("meta", {})))
        batch = source.add_query_asset(name, query=query) \
            .add_batch_definition_whole_table(name).get_batch()
        outcomes += [_outcome(name, r, path_of) for r in batch.validate(suite).results]
    return outcomes


def _outcome(suite: str, r, path_of) -> Outcome:
    cfg = r.expectation_config
    kw = cfg.kwargs
    group_by = getattr(cfg.to_domain_obj(), "group_by", None)  # kept off kwargs as a default
    target = kw.get("column") or ",".join(kw.get("column_list") or []) or \
        ",".join(x for x in (kw.get("column_A"), kw.get("column_B")) if x) or \
        ",".join(group_by or [])
    name = f"{cfg.type}({target})"
    res = r.result or {}
    if r.exception_info and r.exception_info.get("raised_exception"):
        return Outcome(suite, name, False, None,
                       f"could not run: {r.exception_info.get('exception_message')}")
    details = res.get("details") or {}
    unexpected = res.get("unexpected_count", details.get("mismatched", res.get("observed_value")))
    message = ""
    if not r.success:
        groups = details.get("mismatched_groups")
        if groups:  # the total rule: name each document, table and group
            message = "; ".join(
                f"{path_of(g.get('doc_id'))} table {g.get('table_id')} "
                f"{g.get('unit')}: printed total {g['total']:g}, parts add up to "
                f"{g['sum_of_parts']:g}" for g in groups[:10])
        else:
            sample = res.get("partial_unexpected_list") or []
            message = f"{unexpected} unexpected; e.g. {sample[:5]}" if sample else \
                f"observed {unexpected}"
    return Outcome(suite, name, bool(r.success), unexpected if isinstance(unexpected, int | float)
                   else None, message)


def validate(out_dir: str | os.PathLike, report: bool = True) -> tuple[list[Outcome], Path]:
    """Run every suite on the warehouse in out_dir; store the outcomes as checks rows and
    write the offline report (DIR/report/index.html)."""
    from tongbao.pipelines.report import write_report

    out = Path(out_dir)
    if not (out / "warehouse.duckdb").exists():
        raise FileNotFoundError(f"no warehouse at {out / 'warehouse.duckdb'}; run "
                                f"`tongbao extract ... --out {out}` first")
    require_extra()
    index = out / "report" / "index.html"
    with Warehouse(out) as wh:
        wh.store_table("template_coverage", COVERAGE_SCHEMA, template_coverage(wh.con))

        def path_of(doc_id):
            row = wh.con.execute("SELECT source_path FROM documents WHERE doc_id = ?",
                                 [doc_id]).fetchone()
            return row[0] if row else doc_id

        outcomes = run_suites(wh.con, path_of)
        wh.store_validation(outcomes)
        if report:
            write_report(wh.con, index.parent)
    return outcomes, index
