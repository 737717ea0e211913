"""`tongbao validate DIR`: the great-expectations suites in expectations/suites/ on a warehouse.

An ephemeral context (no project folder), one pandas data source, one suite
per table; results go into the `checks` table (check = the expectation,
scope = suite/expectation(column)) and a Data Docs site under DIR/report/.
great-expectations is imported here only: it costs seconds and hundreds of MB.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from tongbao.extract.tables.annual import canonical_keys
from tongbao.pipelines.warehouse import VALIDATION_ROWS, Warehouse

SUITES = ("documents", "records", "checks", "template_coverage")
DATE_COLUMNS = ("issue_date", "period_start", "period_end")


@dataclass
class Outcome:
    suite: str
    expectation: str  # expect_column_values_to_be_between(value)
    success: bool
    unexpected: float | None
    message: str


def load_suite(name: str) -> dict:
    return json.loads(resources.files("tongbao.expectations").joinpath(f"suites/{name}.json")
                      .read_text("utf-8"))


# Where a record's unit lies from its document's jurisdiction, by their paths (the same rule
# as tongbao.normalize.jurisdictions.relation): the records suite allows all but 'outside'.
JURISDICTION_RELATION = """CASE
    WHEN r.jurisdiction IS NULL OR d.jurisdiction IS NULL THEN NULL
    WHEN r.jurisdiction = d.jurisdiction THEN 'same'
    WHEN starts_with(r.jurisdiction, d.jurisdiction) THEN 'inside'
    WHEN starts_with(d.jurisdiction, r.jurisdiction) THEN 'above'
    ELSE 'outside' END"""


def tables_for_validation(con) -> dict[str, pd.DataFrame]:
    """The warehouse tables as the suites see them, with three derived pieces:
    records.path_depth (len(path)), records.jurisdiction_relation (the unit's
    jurisdiction from its document's) and the template_coverage table."""
    docs = con.execute("SELECT * FROM documents").df()
    for c in DATE_COLUMNS:  # dates as dates, comparable with the suites' bounds
        docs[c] = pd.to_datetime(docs[c]).dt.date.astype(object).where(docs[c].notna(), None)
    records = con.execute(f"""SELECT r.* EXCLUDE (path), len(r.path) AS path_depth,
        {JURISDICTION_RELATION} AS jurisdiction_relation
        FROM records r LEFT JOIN documents d USING (doc_id)""").df()
    checks = con.execute(f"SELECT * FROM checks WHERE NOT ({VALIDATION_ROWS})").df()
    return {"documents": docs, "records": records, "checks": checks,
            "template_coverage": template_coverage(con)}


def template_coverage(con) -> pd.DataFrame:
    """One row per annual report and key: how often the key occurs (n), and whether it is a
    key of the template in that report's layout (in_template)."""
    rows = con.execute("""
        SELECT d.doc_id, r.key, count(r.key) AS n
        FROM documents d LEFT JOIN records r ON r.doc_id = d.doc_id AND r.key IS NOT NULL
        WHERE d.doc_kind = 'annual_report' AND d.status <> 'failed'
        GROUP BY ALL""").fetchall()
    present: dict[str, dict[str, int]] = {}
    for doc_id, key, n in rows:
        present.setdefault(doc_id, {})
        if key:
            present[doc_id][key] = n
    out = []
    for doc_id, counts in present.items():
        expected = canonical_keys(set(counts))
        out += [(doc_id, k, counts.get(k, 0), True) for k in sorted(expected)]
        out += [(doc_id, k, n, False) for k, n in sorted(counts.items()) if k not in expected]
    return pd.DataFrame(out, columns=["doc_id", "key", "n", "in_template"]).astype(
        {"n": "int64", "in_template": "bool"})


def run_suites(tables: dict[str, pd.DataFrame], report_dir: Path | None,
               source_paths: dict[str, str]) -> list[Outcome]:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    import great_expectations as gx
    from great_expectations.checkpoint import UpdateDataDocsAction

    import tongbao.expectations.custom  # noqa: F401  (registers the custom expectations)

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    actions = []
    if report_dir is not None:
        context.add_data_docs_site(site_name="tongbao", site_config={
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                              "base_directory": str(report_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"}})
        actions = [UpdateDataDocsAction(name="data_docs", site_names=["tongbao"])]
    source = context.data_sources.add_pandas("warehouse")
    outcomes = []
    for name in SUITES:
        spec = load_suite(name)
        suite = context.suites.add(gx.ExpectationSuite(
            name=name, expectations=spec["expectations"], meta=spec.get("meta", {})))
        batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=name, data=batch, suite=suite))
        checkpoint = context.checkpoints.add(gx.Checkpoint(
            name=f"{name}_checkpoint", validation_definitions=[definition], actions=actions))
        result = checkpoint.run(batch_parameters={"dataframe": tables[name]})
        for run in result.run_results.values():
            outcomes += [_outcome(name, r, source_paths) for r in run.results]
    return outcomes


def _outcome(suite: str, r, source_paths: dict[str, str]) -> Outcome:
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
                f"{source_paths.get(g.get('doc_id'), g.get('doc_id'))} table {g.get('table_id')} "
                f"{g.get('unit')}: printed total {g['total']:g}, parts add up to "
                f"{g['sum_of_parts']:g}" for g in groups[:10])
        else:
            sample = res.get("partial_unexpected_list") or []
            message = f"{unexpected} unexpected; e.g. {sample[:5]}" if sample else \
                f"observed {unexpected}"
    return Outcome(suite, name, bool(r.success), unexpected if isinstance(unexpected, int | float)
                   else None, message)


def validate(out_dir: str | os.PathLike, report: bool = True) -> tuple[list[Outcome], Path]:
    """Run every suite on the warehouse in out_dir; store the outcomes as checks rows."""
    out = Path(out_dir)
    if not (out / "warehouse.duckdb").exists():
        raise FileNotFoundError(f"no warehouse at {out / 'warehouse.duckdb'}; run "
                                f"`tongbao extract ... --out {out}` first")
    report_dir = (out / "report").resolve()  # great-expectations wants it absolute
    with Warehouse(out) as wh:
        tables = tables_for_validation(wh.con)
        paths = dict(wh.con.execute("SELECT doc_id, source_path FROM documents").fetchall())
        outcomes = run_suites(tables, report_dir if report else None, paths)
        wh.store_validation(outcomes, tables["template_coverage"])
    return outcomes, report_dir / "index.html"
