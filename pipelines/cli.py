"""tongbao command line: extract, show (see ../shared/spec/output_contract.md)."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
from pathlib import Path

ALIASES_HELP = ("a YAML file of extra unit names, in the shape of normalize/data/departments.yaml: "
                "units: {住房和城乡建设局: {aliases: [城建局]}}")


def _json_default(o):
    if isinstance(o, dt.date):
        return o.isoformat()
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def cmd_extract(args: argparse.Namespace) -> int:
    from tongbao.pipelines.batch import run
    from tongbao.pipelines.jobs import Limits
    from tongbao.pipelines.warehouse import Warehouse

    limits = Limits(timeout=args.timeout, max_memory_mb=args.max_memory_mb)
    try:
        stats = run(args.paths, args.out, workers=args.workers, aliases=args.aliases,
                    limits=limits, ray=args.ray)
    except FileNotFoundError as e:
        print(f"tongbao: {e}", file=sys.stderr)
        return 2
    with Warehouse(args.out) as wh:
        n = wh.counts()
    print(f"documents: {n['documents']} (ok {n['ok']}, partial {n['partial']}, "
          f"failed {n['failed']})  tables: {n['tables']}  records: {n['records']}  "
          f"checks: {n['checks']} (failing {n['checks_failing']}, "
          f"rounding {n['checks_rounding']})")
    print(f"this run: {stats.files} files, {stats.read} read, {stats.skipped} unchanged, "
          f"{stats.duplicates} duplicates, "
          f"{stats.failed} failed, {stats.seconds:.1f} s")
    print(f"warehouse: {Path(args.out) / 'warehouse.duckdb'}  parquet: {Path(args.out) / 'parquet'}")
    if args.strict and (n["failed"] or n["checks_failing"]):
        return 1
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from tongbao.pipelines.validate import validate

    try:
        outcomes, report = validate(args.dir)
    except FileNotFoundError as e:
        print(f"tongbao: {e}", file=sys.stderr)
        return 2
    failing = [o for o in outcomes if not o.success]
    for o in failing:
        print(f"  fail: {o.suite}/{o.expectation}: {o.message}")
    print(f"validation: {len(outcomes)} expectations in {len({o.suite for o in outcomes})} suites, "
          f"{len(failing)} failing; stored in checks")
    print(f"report: {report}")
    return 1 if args.strict and failing else 0


def cmd_show(args: argparse.Namespace) -> int:
    from tongbao.extract.document import read_document

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as e:
        print(f"tongbao: cannot read {path}: {e}", file=sys.stderr)
        return 2
    ex = read_document(data, str(path), aliases=args.aliases)
    if ex.document.status == "failed":
        print(f"tongbao: {path}: {ex.document.error}", file=sys.stderr)
        return 2
    if args.png:
        return _show_png(data, ex, args)
    if args.json:
        out = {
            "document": dataclasses.asdict(ex.document),
            "tables": [dataclasses.asdict(t) for t in ex.tables],
            "cells": [dataclasses.asdict(c) for c in ex.cells],
            "records": [dataclasses.asdict(r) for r in ex.records],
            "checks": [dataclasses.asdict(c) for c in ex.checks],
            "facts": [dataclasses.asdict(f) for f in ex.facts],
        }
        json.dump(out, sys.stdout, ensure_ascii=False, default=_json_default)
        sys.stdout.write("\n")
        return 0
    d = ex.document
    print(f"{d.title or path.name}\n  kind {d.doc_kind}, issuer {d.issuer}, issued {d.issue_date}, "
          f"period {d.period_start} .. {d.period_end}, status {d.status}")
    for t in ex.tables:
        n_rec = sum(r.table_id == t.table_id for r in ex.records)
        print(f"  table {t.table_id}: {t.title or '(untitled)'} — {t.n_rows}x{t.n_cols}, "
              f"{n_rec} records, checks {t.n_checks} ({t.n_checks_failed} failing)")
    for c in ex.checks:
        if c.status != "pass":
            print(f"    {c.status}: {c.check} [{c.scope}] expected {c.expected} actual {c.actual}"
                  f"{' — ' + c.message if c.message else ''}")
    return 0


def _show_png(data: bytes, ex, args: argparse.Namespace) -> int:
    from tongbao.pipelines.overlay import draw_page

    if ex.document.format != "pdf":
        print(f"tongbao: --png draws PDF pages; {args.file} is {ex.document.format}",
              file=sys.stderr)
        return 2
    try:
        n = draw_page(data, ex, args.page, Path(args.png))
    except ValueError as e:
        print(f"tongbao: {args.file}: {e}", file=sys.stderr)
        return 2
    print(f"page {args.page}: {n} cells drawn to {args.png}", file=sys.stderr)
    return 0


def cmd_units(args: argparse.Namespace) -> int:
    """Unresolved unit names in a warehouse, most frequent first, for a person to alias."""
    import duckdb

    from tongbao.normalize.units import resolve_unit

    db = Path(args.dir) / "warehouse.duckdb"
    if not db.exists():
        print(f"tongbao: no warehouse at {db}; run `tongbao extract ... --out {args.dir}` first",
              file=sys.stderr)
        return 2
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("""
        SELECT r.unit_raw, any_value(r.jurisdiction), count(*) AS n,
               list_sort(list(DISTINCT d.source_path)) AS docs
        FROM records r JOIN documents d USING (doc_id)
        WHERE r.unit_status = 'unresolved'
        GROUP BY r.unit_raw ORDER BY n DESC, r.unit_raw""").fetchall()
    if not rows:
        print("every unit name in the warehouse is resolved")
        return 0
    print(f"{len(rows)} unresolved unit names (add them to an aliases file, see --aliases):")
    for raw, jurisdiction, n, docs in rows:
        note = ""
        if args.aliases:
            m = resolve_unit(raw, None, args.aliases)
            note = f"  -> {m.unit} with {args.aliases}" if m.resolved else ""
        shown = ", ".join(docs[:3]) + (f" and {len(docs) - 3} more" if len(docs) > 3 else "")
        print(f"{n:6d}  {raw}  [{jurisdiction or '?'}]  in {shown}{note}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tongbao", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="read files and folders into the warehouse")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="local worker processes, or CPUs of a cluster started by --ray local "
                        "(default: this machine's cores)")
    p.add_argument("--ray", metavar="ADDRESS",
                   help="read on a Ray cluster: its address (ray start --head prints it), or "
                        "`local` to start one here; needs pip install tongbao[ray]")
    p.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS",
                   help="a file still being read after this long becomes a failed row")
    p.add_argument("--max-memory-mb", type=int, default=4096, metavar="MB",
                   help="memory a local worker may add while reading one file")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when any file failed or any check failed")
    p.add_argument("--aliases", metavar="FILE", help=ALIASES_HELP)
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("validate", help="run the great-expectations suites on a warehouse")
    p.add_argument("dir", metavar="DIR", help="a warehouse written by `tongbao extract`")
    p.add_argument("--strict", action="store_true", help="exit 1 when any expectation fails")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("show", help="read one file and print what was found")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    p.add_argument("--page", type=int, default=1, metavar="N", help="the page --png draws")
    p.add_argument("--png", metavar="OUT.png",
                   help="draw the detected grid and the numbers read over page N of a PDF")
    p.add_argument("--aliases", metavar="FILE", help=ALIASES_HELP)
    p.set_defaults(func=cmd_show)
    p = sub.add_parser("units", help="list unit names that did not resolve, with counts")
    p.add_argument("dir", metavar="DIR", help="a warehouse written by `tongbao extract`")
    p.add_argument("--aliases", metavar="FILE", help="show which names FILE would resolve")
    p.set_defaults(func=cmd_units)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
