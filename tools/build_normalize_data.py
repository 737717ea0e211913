"""Derive tongbao's compact gazetteer and character files from the JioNLP package's data.

Run once when the source data changes; the output is committed under
normalize/data/ (see its README.md), so tongbao never installs jionlp:

    pip download jionlp==1.5.31 --no-deps -d /tmp/jionlp
    python tools/build_normalize_data.py /tmp/jionlp/jionlp-1.5.31-py2.py3-none-any.whl

The argument is a jionlp wheel or an installed package's `jionlp/dictionary`
folder. Written:

- divisions.txt: provinces, cities and county-level divisions with their short
  names, each county with its streets and towns (villages, the bulk of the 12 MB
  source, are left out: nothing reads them);
- division_changes.txt: the dated renaming log, as published;
- char_components.txt: each character's radical and components (and its
  traditional form's), the only fields glyphs.py uses.
"""

from __future__ import annotations

import hashlib
import io
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "normalize" / "data"
SOURCE = "JioNLP (https://github.com/dongrixinyu/JioNLP), Apache License 2.0"


class Source:
    """The files of jionlp's dictionary folder, from a wheel or a folder."""

    def __init__(self, path: Path):
        self.path = path
        self.wheel = zipfile.ZipFile(path) if path.is_file() else None

    def read(self, name: str) -> bytes:
        if self.wheel:
            return self.wheel.read(f"jionlp/dictionary/{name}")
        return (self.path / name).read_bytes()

    def read_zipped(self, name: str, member: str) -> str:
        with zipfile.ZipFile(io.BytesIO(self.read(name))) as z:
            return z.read(member).decode("utf-8")

    def version(self) -> str:
        return self.path.name.split("-")[1] if self.wheel else "installed"


def header(what: str, source: Source, inputs: list[str], fields: str) -> str:
    digest = hashlib.sha256(b"".join(source.read(n) for n in inputs)).hexdigest()[:16]
    return (f"# {what}\n# Derived from {SOURCE}, version {source.version()} "
            f"({', '.join(inputs)}; sha256 {digest}) by tools/build_normalize_data.py.\n"
            f"# {fields}\n")


def divisions(text: str) -> list[str]:
    """The location tree to county level, one line per division; a county's towns follow
    its short name on the same line, separated by spaces."""
    out: list[list[str]] = []  # [indented name, short name, *towns]
    for raw in text.replace("\r", "").split("\n"):
        depth = len(raw) - len(raw.lstrip("\t"))
        if depth > 3 or not raw.strip():
            continue
        fields = raw.strip().split("\t")
        if depth == 3:
            out[-1].append(fields[0])
            continue
        short = fields[2] if len(fields) > 2 else fields[0]
        out.append(["\t" * depth + fields[0], short])
    return [f"{name}\t{short}" + ("\t" + " ".join(towns) if towns else "")
            for name, short, *towns in out]


def char_components(text: str) -> list[str]:
    """char TAB the characters it is made of (radical, components; a traditional form
    shares its simplified form's), in the order the dictionary lists them."""
    parts: dict[str, str] = {}
    for line in text.split("\n"):
        f = line.split("\t")
        if len(f) >= 6 and len(f[0]) == 1:
            comps = "".join(sorted(frozenset(f[1]) | frozenset(f[4]) - {f[0]}))
            parts[f[0]] = comps
            if len(f[5]) == 1 and f[5] != f[0]:
                parts.setdefault(f[5], comps)
    return [f"{c}\t{p}" for c, p in parts.items() if p]


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        sys.exit(__doc__)
    src = Source(Path(argv[0]))
    location = src.read_zipped("china_location.zip", "china_location.txt")
    (OUT / "divisions.txt").write_text(header(
        "Administrative divisions of China to county level, with each county's streets and towns.",
        src, ["china_location.zip"],
        "One line per division, indented by level (province, city, county): name TAB short "
        "name [TAB towns separated by spaces].")
        + "\n".join(divisions(location)) + "\n", "utf-8")
    changes = src.read("china_location_change.txt").decode("utf-8").replace("\r", "")
    (OUT / "division_changes.txt").write_text(header(
        "Renamed divisions (撤县设区, 撤地设市, ...), dated.", src, ["china_location_change.txt"],
        "date TAB approval TAB old province, short, city, short, county, short => new path.")
        + changes.strip() + "\n", "utf-8")
    chars = src.read_zipped("chinese_char_dictionary.zip", "chinese_char_dictionary.txt")
    (OUT / "char_components.txt").write_text(header(
        "The components each Chinese character is written with.", src,
        ["chinese_char_dictionary.zip"], "character TAB its radical and components.")
        + "\n".join(char_components(chars)) + "\n", "utf-8")
    for name in ("divisions.txt", "division_changes.txt", "char_components.txt"):
        print(f"{OUT / name}: {(OUT / name).stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
