"""Wrong unit records on generated notices (issue 13's reproduction; run on demand).

    .venv/bin/python -m benchmarks.bench_unit_accuracy [--count 2000] [--seed 1] [--workers 2]
    .venv/bin/python -m benchmarks.bench_unit_accuracy --warehouse DIR --truth DIR_truth

Generates a corpus with `tongbao.corpus.bulk` (or takes an extracted warehouse),
extracts it, and counts the unit records that are wrong:

- outside: the record's jurisdiction is neither its document's, inside it, nor
  a level above it (中山路街道办事处 placed in 广东省中山市 by a 北关区 notice);
- not as printed: `unresolved`, yet `unit` differs from the name as printed;
- against the truth: where the generator's truth says which unit a printed name
  is (corpus/generate.py), a record resolved to another unit, type or
  jurisdiction, or left unresolved though the truth resolves it, or resolved
  though the truth says no reading is certain.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import duckdb

from tongbao.corpus.bulk import make_corpus
from tongbao.normalize.jurisdictions import relation
from tongbao.pipelines.batch import run


def expected_units(truth_dir: Path) -> dict[tuple[str, str], dict]:
    """(file name, printed name) -> the truth's reading, for truth files that carry one."""
    out = {}
    for p in truth_dir.glob("*.json"):
        body = json.loads(p.read_text("utf-8"))
        for u in body.get("expected_units", []):
            out[(body["file"], u["printed"])] = u
    return out


def count_wrong(warehouse: Path, truth_dir: Path | None) -> dict[str, int]:
    con = duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True)
    rows = con.execute("""
        SELECT regexp_extract(d.source_path, '[^/]+$') AS file, r.unit_raw, r.unit, r.unit_type,
               r.jurisdiction, r.unit_status, d.jurisdiction
        FROM records r JOIN documents d USING (doc_id)
        WHERE r.unit_raw IS NOT NULL""").fetchall()
    con.close()
    truth = expected_units(truth_dir) if truth_dir else {}
    counts = {"unit records": len(rows), "outside": 0, "unresolved, not as printed": 0,
              "against the truth": 0, "compared with the truth": 0, "wrong (any)": 0}
    for file, raw, unit, kind, jur, status, doc_jur in rows:
        wrong = False
        if relation(jur, doc_jur) == "outside":
            counts["outside"] += 1
            wrong = True
        if status == "unresolved" and unit != raw:
            counts["unresolved, not as printed"] += 1
            wrong = True
        want = truth.get((file, raw))
        if want is not None:
            counts["compared with the truth"] += 1
            got = (unit, kind, jur) if status != "unresolved" else None
            exp = (want["unit"], want["unit_type"], want["jurisdiction"]) \
                if want["resolved"] else None
            if got != exp:
                counts["against the truth"] += 1
                wrong = True
        counts["wrong (any)"] += wrong
    return counts


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--warehouse", help="an extracted warehouse (skips generating)")
    ap.add_argument("--truth", help="the truth folder of that warehouse's corpus")
    args = ap.parse_args()
    if args.warehouse:
        out, truth = Path(args.warehouse), Path(args.truth) if args.truth else None
    else:
        tmp = Path(tempfile.mkdtemp(prefix="unit_accuracy_"))
        truth = make_corpus(tmp / "corpus", args.count, seed=args.seed)
        out = tmp / "wh"
        t = time.perf_counter()
        run([str(tmp / "corpus")], str(out), workers=args.workers, log=lambda _m: None)
        print(f"{args.count} documents extracted in {time.perf_counter() - t:.1f} s into {out}")
    counts = count_wrong(out, truth)
    share = counts["wrong (any)"] / max(counts["unit records"], 1)
    for k, v in counts.items():
        print(f"{k:>28}: {v:,}")
    print(f"{'share wrong':>28}: {share:.1%}")


if __name__ == "__main__":
    main()
