"""Precision and recall of findings: are the failing checks real, and are the real errors found?

    .venv/bin/python -m benchmarks.bench_findings [--generated 40] [--seed 1]

precision = failing checks that are real errors / all failing checks
recall    = real errors found failing           / all real errors

A real error is one the truth names: corpus/truth/*.json for the committed samples
(notices: checks whose status is fail; crawls: failing_checks; budgets: findings
that fail), ../shared/real/truth/*.json (failing_checks) and the hand classification
below for the one real document without a truth file. `--generated N` adds N fresh
documents of each generated class (seeded), so the figures do not rest on a handful
of files. Also counted: checks the truth calls rounding that came out `fail`
(must be 0) and how many came out `rounding`.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tongbao.corpus.annual import make_report
from tongbao.corpus.annual_glued import misprint, prose, render_glued, truth_of
from tongbao.corpus.annual_pdf import render_pdf
from tongbao.corpus.budget import make_budget
from tongbao.corpus.generate import make_notice, render_text
from tongbao.corpus.prose_notice import make_prose_notice
from tongbao.corpus.prose_notice import render_text as render_prose
from tongbao.extract.document import read_document

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
REAL = REPO.parent / "shared" / "real"
SEEDS = REPO.parent / "shared" / "seeds"

# Hand-checked: every failing check of the real budget PDF (no truth file in ../shared).
# 年度资金申请总额 10,903,043.00 against 其中：当年财政拨款 11,419,043.00 + 上年结转资金 0
# + 其他资金 0 on page 35 is the document's own misprint (its 项目资金总额 and 财政资金 say
# 10,903,043.00 too).
BUDGET_REAL = {"tianbao_putuo-wanli-2023-dept-budget.pdf": ["form_total:年度资金申请总额"]}


@dataclass
class Case:
    source: str  # the class of document, one row of the table
    name: str
    data: bytes
    real: set[str]  # check:scope of every real error
    rounding: set[str] = field(default_factory=set)  # check:scope the truth calls rounding


@dataclass
class Tally:
    documents: int = 0
    failing: int = 0
    real_failing: int = 0
    real: int = 0
    found: int = 0
    rounding_failed: int = 0
    rounding: int = 0
    false: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _key(c) -> str:
    return f"{c['check']}:{c['scope']}"


def committed() -> Iterator[Case]:
    for path in sorted((CORPUS / "truth").glob("*.json")):
        truth = json.loads(path.read_text("utf-8"))
        for sample in _samples(truth["file"]):
            yield from _committed_case(dict(truth, file=sample.name), sample.read_bytes())


def _samples(name: str) -> list[Path]:
    """The sample a truth file describes; one truth of a notice printed in every format
    (every_format_000: .docx, .html, .pdf, _scan.pdf, _gbk.txt …) describes them all."""
    one = CORPUS / "samples" / name
    return [one] if one.is_file() else sorted((CORPUS / "samples").glob(f"{name}[._]*"))


def _committed_case(truth: dict, data: bytes) -> Iterator[Case]:
    if "checks" in truth:  # a notice
        real = {_key(c) for c in truth["checks"] if c["status"] == "fail"}
        yield Case("corpus notices", truth["file"], data, real)
    elif "wrong_totals" in truth:  # a score notice as PDF
        yield Case("corpus notices", truth["file"], data,
                   {f"score_total:{u}" for u in truth["wrong_totals"]})
    elif "findings" in truth:  # a budget
        yield Case("corpus budgets", truth["file"], data,
                   {_key(f) for f in truth["findings"] if f["status"] == "fail"},
                   {_key(f) for f in truth["findings"] if f["status"] == "rounding"})
    elif "facts" in truth:  # a notice stating its figures in prose
        yield Case("corpus notices", truth["file"], data, _prose_failing(truth["failing"]))
    elif "failing_checks" in truth:  # a crawled report
        yield Case("corpus crawls", truth["file"], data, set(truth["failing_checks"]))
    else:  # an annual report, consistent
        yield Case("corpus annual reports", truth["file"], data, set())


def real() -> Iterator[Case]:
    if not REAL.is_dir():
        return
    for path in sorted((REAL / "truth").glob("*.json")):
        truth = json.loads(path.read_text("utf-8"))
        found = [p for p in [*REAL.rglob(truth["source"]), *SEEDS.glob(truth["source"])]
                 if p.is_file() and "truth" not in p.parts]
        if found:
            yield Case("../shared real + seeds", truth["source"], found[0].read_bytes(),
                       set(truth["failing_checks"]))
    for name, errors in BUDGET_REAL.items():
        if (REAL / "pdf" / name).exists():
            yield Case("../shared real + seeds", name, (REAL / "pdf" / name).read_bytes(),
                       set(errors))


def generated(n: int, seed: int) -> Iterator[Case]:
    rng = random.Random(seed)
    for i in range(n):
        rep = make_report(rng, f"crawl_{i}.txt")
        key = misprint(rep, rng) if rng.random() < 0.7 else None
        sentences, checks = prose(rep, rng, wrong=rng.random() < 0.3)
        spacing = rng.choice(["unique", "none"])
        text = render_glued(rep, rng, spacing, sentences)
        yield Case(f"generated crawls ({n})", rep.file, text.encode("utf-8"),
                   set(truth_of(rep, key, checks)["failing_checks"]))
    for i in range(n):
        kinds = [rng.random() < 0.5 for _ in range(4)]
        truth, body = make_budget(rng, f"budget_{i}.pdf", *kinds)
        yield Case(f"generated budgets ({n})", truth.file, body,
                   {_key(f) for f in truth.findings if f["status"] == "fail"},
                   {_key(f) for f in truth.findings if f["status"] == "rounding"})
    for i in range(n):
        rep = make_report(rng, f"annual_{i}.pdf")
        yield Case(f"generated annual PDFs ({n})", rep.file, render_pdf(rep, rng), set())
    for i in range(n):
        t = make_notice(rng, f"notice_{i}.txt", wrong_fraction=0.15)
        yield Case(f"generated notices ({n})", t.file, render_text(t, rng).encode("utf-8"),
                   {_key(c) for c in t.expected_checks() if c["status"] == "fail"})
    for i in range(n):
        p = make_prose_notice(rng, f"prose_{i}.txt")
        yield Case(f"generated prose notices ({n})", p.file,
                   render_prose(p, rng).encode("utf-8"), _prose_failing(p.failing))


def _prose_failing(failing: list[dict]) -> set[str]:
    """A prose notice's truth (its wholes whose parts do not add up) as failing checks."""
    return {f"fact_parts_sum:{f['scope']}" for f in failing}


def measure(cases: Iterator[Case]) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    for case in cases:
        t = tallies.setdefault(case.source, Tally())
        start = time.perf_counter()
        ex = read_document(case.data, case.name)
        t.seconds += time.perf_counter() - start
        failing = {f"{c.check}:{c.scope}" for c in ex.checks if c.status == "fail"}
        rounded = {f"{c.check}:{c.scope}" for c in ex.checks if c.status == "rounding"}
        t.documents += 1
        t.failing += len(failing)
        t.real_failing += len(failing & case.real)
        t.real += len(case.real)
        t.found += len(case.real & failing)
        # (a scope the truth has both rounding and failing, in two tables, says nothing here)
        t.rounding_failed += len((case.rounding - case.real) & failing)
        t.rounding += len(case.rounding & rounded)
        t.false += [f"{case.name}: {x}" for x in sorted(failing - case.real)]
        t.missed += [f"{case.name}: {x}" for x in sorted(case.real - failing)]
    return tallies


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.3f}" if b else "-"


def report(tallies: dict[str, Tally]) -> str:
    lines = ["| documents | n | failing checks | precision | recall | truth rounding -> rounding "
             "| truth rounding -> fail | s/doc |", "|---|---|---|---|---|---|---|---|"]
    total = Tally()
    for source, t in tallies.items():
        lines.append(f"| {source} | {t.documents} | {t.failing} | {_ratio(t.real_failing, t.failing)} "
                     f"| {_ratio(t.found, t.real)} | {t.rounding} | {t.rounding_failed} "
                     f"| {t.seconds / max(t.documents, 1):.2f} |")
        for name in ("documents", "failing", "real_failing", "real", "found", "rounding",
                     "rounding_failed"):
            setattr(total, name, getattr(total, name) + getattr(t, name))
        total.false += t.false
        total.missed += t.missed
    lines.append(f"| all | {total.documents} | {total.failing} | "
                 f"{_ratio(total.real_failing, total.failing)} | {_ratio(total.found, total.real)} "
                 f"| {total.rounding} | {total.rounding_failed} | |")
    lines += ["", "false alarms:", *(f"  {x}" for x in total.false or ["none"]),
              "missed:", *(f"  {x}" for x in total.missed or ["none"])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--generated", type=int, default=40, help="documents per generated class")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    cases = [*committed(), *real(), *generated(args.generated, args.seed)]
    print(report(measure(iter(cases))))


if __name__ == "__main__":
    main()
