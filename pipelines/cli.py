"""tongbao command line: extract, show, validate, export (see ../shared/spec/output_contract.md)."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
from pathlib import Path

from tongbao.pipelines.arguments import Misuse

ALIASES_HELP = ("a YAML file of extra unit names, in the shape of normalize/data/departments.yaml: "
                "units: {住房和城乡建设局: {aliases: [城建局]}}")


def _json_default(o):
    if isinstance(o, dt.date):
        return o.isoformat()
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def cmd_extract(args: argparse.Namespace) -> int:
    from tongbao.pipelines.arguments import check_extract

    check_extract(args)  # before any work: nothing is written when an argument is wrong
    if args.ray is None:  # the local workers' forkserver imports the readers meanwhile
        from tongbao.pipelines.forkserver import start_server
        start_server()
    from tongbao.pipelines.batch import run
    from tongbao.pipelines.jobs import Limits

    limits = Limits(timeout=args.timeout, max_memory_mb=args.max_memory_mb)
    stats = run(args.paths, args.out, workers=args.workers, aliases=args.aliases,
                limits=limits, ray=args.ray, follow_symlinks=args.follow_symlinks,
                retry_failed=args.retry_failed, prune=args.prune)
    n = stats.warehouse
    print(f"documents: {n['documents']} (ok {n['ok']}, partial {n['partial']}, "
          f"failed {n['failed']})  tables: {n['tables']}  records: {n['records']}  "
          f"checks: {n['checks']} (failing {n['checks_failing']}, "
          f"rounding {n['checks_rounding']})")
    print(f"this run: {stats.files} files, {stats.read} read, {stats.skipped} unchanged, "
          f"{stats.duplicates} duplicates, "
          f"{stats.failed} failed, {stats.seconds:.1f} s"
          + (f", {stats.pruned} pruned (their files are gone)" if args.prune else ""))
    print(f"warehouse: {Path(args.out) / 'warehouse.duckdb'}  parquet: {Path(args.out) / 'parquet'}")
    if args.strict and (n["failed"] or n["checks_failing"]):
        return 1
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from tongbao.pipelines.validate import MissingExtra, validate

    try:
        outcomes, report = validate(args.dir)
    except (FileNotFoundError, MissingExtra) as e:
        raise Misuse(str(e)) from e
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
    from tongbao.pipelines.api import Read
    from tongbao.pipelines.show import render

    sys.stdout.write(render(Read(ex), args.format))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from tongbao.pipelines.api import Opened
    from tongbao.pipelines.export import FORMATS, export

    try:
        wh = Opened(args.dir)
    except FileNotFoundError as e:
        print(f"tongbao: {e}", file=sys.stderr)
        return 2
    with wh:
        if args.table not in wh.names():
            print(f"tongbao: no table {args.table!r} in {args.dir}; it has "
                  f"{', '.join(wh.names())}", file=sys.stderr)
            return 2
        dest = Path(args.out) if args.out else Path(args.dir) / "export" / (
            f"{args.table}{'-flat' if args.flat else ''}{FORMATS[args.format]}")
        n = export(wh.con, args.table, args.format, dest, flat=args.flat)
    print(f"{args.table}: {n} rows to {dest}")
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
    except OSError as e:
        raise Misuse(f"cannot write {args.png} ({e.strerror or e}); give --png a path in a "
                     "folder that exists and that you may write to") from e
    print(f"page {args.page}: {n} cells drawn to {args.png}", file=sys.stderr)
    return 0


def cmd_units(args: argparse.Namespace) -> int:
    """Unresolved unit names in a warehouse, most frequent first, for a person to alias."""
    from tongbao.normalize.units import resolve_unit

    db = Path(args.dir) / "warehouse.duckdb"
    if not db.exists():
        print(f"tongbao: no warehouse at {db}; run `tongbao extract ... --out {args.dir}` first",
              file=sys.stderr)
        return 2
    from tongbao.pipelines.warehouse import open_read_only
    con = open_read_only(db)
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
    from tongbao.extract.version import EXTRACTOR_VERSION

    parser = argparse.ArgumentParser(prog="tongbao", description=__doc__)
    parser.add_argument("--version", action="version", version=f"tongbao {EXTRACTOR_VERSION}")
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
    p.add_argument("--follow-symlinks", action="store_true",
                   help="read symbolic links that lead out of the input folders too")
    p.add_argument("--retry-failed", action="store_true",
                   help="read again every file whose row failed (a file that failed on a "
                        "limit is read again anyway when that limit is raised)")
    p.add_argument("--prune", action="store_true",
                   help="drop the documents whose files are gone (sources status missing)")
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("validate", help="run the great-expectations suites on a warehouse")
    p.add_argument("dir", metavar="DIR", help="a warehouse written by `tongbao extract`")
    p.add_argument("--strict", action="store_true", help="exit 1 when any expectation fails")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("show", help="read one file and print what was found")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    p.add_argument("--format", choices=["table", "csv", "md"], default="table",
                   help="every record of every table: aligned text (default), CSV (as export "
                        "--flat writes it) or Markdown")
    p.add_argument("--page", type=int, default=1, metavar="N", help="the page --png draws")
    p.add_argument("--png", metavar="OUT.png",
                   help="draw the detected grid and the numbers read over page N of a PDF")
    p.add_argument("--aliases", metavar="FILE", help=ALIASES_HELP)
    p.set_defaults(func=cmd_show)
    p = sub.add_parser("export", help="write one warehouse table as CSV, Excel, Parquet or "
                                      "JSON lines")
    p.add_argument("dir", metavar="DIR", help="a warehouse written by `tongbao extract`")
    p.add_argument("--table", default="records", help="the table to write (default: records)")
    p.add_argument("--format", choices=["csv", "xlsx", "parquet", "jsonl"], default="csv")
    p.add_argument("--flat", action="store_true",
                   help="lists joined with ' / ', and records.path also as path_1, path_2, ...; "
                        "without it, lists are JSON arrays in CSV and Excel")
    p.add_argument("--out", metavar="FILE", help="default: DIR/export/TABLE[-flat].FORMAT")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("units", help="list unit names that did not resolve, with counts")
    p.add_argument("dir", metavar="DIR", help="a warehouse written by `tongbao extract`")
    p.add_argument("--aliases", metavar="FILE", help="show which names FILE would resolve")
    p.set_defaults(func=cmd_units)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except Exception as e:
        if not isinstance(e, _misuse_kinds()):
            raise
        print(f"tongbao: {e}", file=sys.stderr)
        return 2


# Errors that mean a wrong argument or environment (exit 2), by the module defining them.
MISUSE = {"tongbao.pipelines.warehouse": "WarehouseError",
          "tongbao.pipelines.ray_pool": "RayUnavailable"}


def _misuse_kinds() -> tuple[type, ...]:
    """Misuse, and those of MISUSE's modules the command imported: one it never imported
    cannot have raised its error, and `show` must not import DuckDB and Ray's pool to
    learn their names (a third of its start-up)."""
    return (Misuse, *(getattr(sys.modules[m], name) for m, name in MISUSE.items()
                      if m in sys.modules))


# Commands that leave no file, connection or worker open once they return: their process may
# end without the interpreter's teardown.
ENDS_AT_ONCE = ("show",)


def console() -> None:
    """The `tongbao` command. After `show` the process ends at once: freeing every module and
    closing PDFium's library took 40 ms, a tenth of a one-page PDF's whole run. Commands that
    write keep the normal exit, so what closes at exit (Ray, DuckDB) still closes."""
    argv = sys.argv[1:]
    code = main(argv)
    if not argv or argv[0] not in ENDS_AT_ONCE:
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that went away (| head): nothing more can reach it
        code = code or 1
    from tongbao.normalize.patterns import keep_compiled  # (imported by the reading)

    keep_compiled()  # what the exit handler would have written
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
