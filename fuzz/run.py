"""Fuzz one target with atheris (coverage-guided, libFuzzer): `make fuzz` runs each briefly.

    .venv/bin/python -m fuzz.run text -runs=100000      # needs pip install -e '.[fuzz]'
    .venv/bin/python -m fuzz.run pdf -max_total_time=600

The seed corpus is corpus/samples (files of the target's formats), copied into
fuzz/work/<target>/ (the growing corpus, not committed); a crash, hang (over
-timeout seconds) or memory blow-up (over -rss_limit_mb) is written to
fuzz/work/crashes/ and stops the run. Keep what it finds as a regression test in
tests/data/fuzz/ (with its expected row in expected.yaml). Any other libFuzzer flag
passes through.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "fuzz" / "work"
DEFAULTS = ["-timeout=20", "-rss_limit_mb=2048", "-max_len=65536"]

# Coverage is measured on tongbao's own code: instrumenting pdfminer too made a PDF
# execution ten times slower (crashes inside it still surface, as exceptions).
with atheris.instrument_imports(include=["tongbao"]):
    from fuzz.targets import TARGETS, read_as


def seed(target: str) -> Path:
    folder = WORK / target
    folder.mkdir(parents=True, exist_ok=True)
    suffixes = TARGETS[target][2]
    for f in sorted((ROOT / "corpus" / "samples").iterdir()):
        if f.suffix in suffixes and not (folder / f.name).exists():
            shutil.copy(f, folder / f.name)
    return folder


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in TARGETS:
        sys.exit(f"usage: python -m fuzz.run {{{'|'.join(TARGETS)}}} [libFuzzer flags]")
    target, flags = argv[0], argv[1:]
    corpus = seed(target)
    crashes = WORK / "crashes"
    crashes.mkdir(parents=True, exist_ok=True)
    given = {f.split("=")[0] for f in flags}
    flags = [f for f in DEFAULTS if f.split("=")[0] not in given] + flags
    atheris.Setup([sys.argv[0], *flags, f"-artifact_prefix={crashes}/{target}_", str(corpus)],
                  lambda data: read_as(target, data))
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv[1:])
