"""As many documents as a scale test or benchmark needs: notices and annual reports, with truth.

A mix of inspection notices (text) and annual reports (text and web pages),
each drawn from random but plausible truth; a chosen fraction carries a
deliberately wrong printed total, and its truth file says which. The truth
goes to a folder beside the documents (DIR_truth), so that extracting DIR
reads documents only.

    python -m tongbao.corpus.bulk --out /tmp/corpus --count 2000 --seed 1
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from tongbao.corpus import annual, generate

SEC3_TOTALS = [f"sec3.total_processed.{c}" for c in annual.COLS6]
SEC4_TOTALS = [f"sec4.{r}.total" for r in annual.SEC4_ROWS]


def make_corpus(out: Path, count: int, seed: int = 1, truth: Path | None = None,
                annual_fraction: float = 0.3, wrong_fraction: float = 0.1) -> Path:
    """Write `count` documents under out and their truth under truth (default: out_truth)."""
    out = Path(out)
    truth = Path(truth) if truth else out.with_name(out.name + "_truth")
    out.mkdir(parents=True, exist_ok=True)
    truth.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for i in range(count):
        if rng.random() < annual_fraction:
            fmt = rng.choice(["txt", "html"])
            name = f"annual_{i:06d}.{fmt}"
            rep = annual.make_report(rng, name)
            wrong = []
            if rng.random() < wrong_fraction:  # one printed total off by a little
                wrong = [rng.choice(SEC3_TOTALS + SEC4_TOTALS)]
                rep.values[wrong[0]] += rng.choice([-1, 1, 2])
            render = annual.render_text if fmt == "txt" else annual.render_html
            (out / name).write_text(render(rep, rng), encoding="utf-8")
            body = {"file": name, "title": rep.title, "issuer": rep.issuer, "year": rep.year,
                    "values": rep.values, "wrong_totals": wrong}
            (truth / f"{name}.json").write_text(json.dumps(body, ensure_ascii=False), "utf-8")
        else:
            name = f"notice_{i:06d}.txt"
            notice = generate.make_notice(rng, name, wrong_fraction=wrong_fraction)
            (out / name).write_text(generate.render_text(notice, rng), encoding="utf-8")
            (truth / f"{name}.json").write_text(generate.truth_json(notice), encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--wrong-fraction", type=float, default=0.1)
    args = ap.parse_args(argv)
    truth = make_corpus(Path(args.out), args.count, args.seed, wrong_fraction=args.wrong_fraction)
    print(f"{args.count} documents in {args.out}, truth in {truth}")


if __name__ == "__main__":
    main()
