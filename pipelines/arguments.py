"""`tongbao extract`'s arguments checked before any work, each misuse one line saying what to do.

Nothing is written when a check fails: the output folder is created (and its
writability tried) only after every other argument holds.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import os
from pathlib import Path

MIN_MEMORY_MB = 256  # below this a worker cannot even load the PDF libraries


class Misuse(Exception):
    """An argument or the environment is wrong: one line saying what to do, exit 2."""


def check_extract(args: argparse.Namespace) -> None:
    if not (math.isfinite(args.timeout) and args.timeout > 0):
        raise Misuse(f"--timeout must be a positive number of seconds, not {args.timeout:g}")
    if args.workers < 1:
        raise Misuse(f"--workers must be 1 or more, not {args.workers}")
    if args.max_memory_mb < MIN_MEMORY_MB:
        raise Misuse(f"--max-memory-mb must be at least {MIN_MEMORY_MB} (a worker needs that "
                     f"much to load its libraries), not {args.max_memory_mb}")
    for p in args.paths:
        if not os.path.lexists(p):
            raise Misuse(f"no such file or folder: {p}")
    if args.ray and importlib.util.find_spec("ray") is None:
        raise Misuse("--ray needs Ray, which is not installed: pip install 'tongbao[ray]' "
                     "(or run without --ray on local worker processes)")
    if args.aliases:
        check_aliases(args.aliases)
    _check_out(args.out, args.paths)


def _check_out(out: str, inputs: list[str]) -> None:
    target = Path(os.path.realpath(out))
    if target.exists() and not target.is_dir():
        raise Misuse(f"--out {out} is a file; give a folder for the warehouse")
    for p in inputs:
        real = Path(os.path.realpath(p))
        if real == target or target in real.parents:
            raise Misuse(f"the input {p} is the output folder or inside it (--out {out}); give "
                         "the warehouse a folder of its own")
    created = not target.exists()
    try:
        import tempfile

        target.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=target):
            pass
    except OSError as e:
        if created:
            _remove_empty(target)
        raise Misuse(f"cannot write to --out {out} ({e.strerror or e}); give a folder you may "
                     "write to") from e


def _remove_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def check_aliases(path: str) -> None:
    """The user's aliases file: readable, safe YAML, in the shape of departments.yaml
    (units: {name: {type: ..., aliases: [...]}}). Checked once, before the run, so that
    a bad file cannot turn every document into an internal error."""
    where = f"--aliases {path}"
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise Misuse(f"{where} cannot be read ({getattr(e, 'strerror', None) or e})") from e
    import yaml  # only when the user names an aliases file: `show` never pays the import

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        raise Misuse(f"{where} is not valid YAML{line} ({getattr(e, 'problem', None) or e}); "
                     "only plain YAML is read (no tags)") from e
    units = data.get("units") if isinstance(data, dict) else None
    if not isinstance(units, dict):
        raise Misuse(f"{where} must hold a mapping `units:` of unit names, e.g. "
                     "units: {住房和城乡建设局: {aliases: [城建局]}}")
    for name, entry in units.items():
        if not isinstance(name, str) or not name.strip():
            raise Misuse(f"{where}: unit name {name!r} is not a name")
        if entry is None:
            continue
        if not isinstance(entry, dict) or set(entry) - {"type", "aliases"}:
            raise Misuse(f"{where}: unit {name} must map to {{type: ..., aliases: [...]}}, "
                         f"not {entry!r}")
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip()
                                                    for a in aliases):
            raise Misuse(f"{where}: the aliases of {name} must be a list of names, "
                         f"not {aliases!r}")
        if "type" in entry and not isinstance(entry["type"], str):
            raise Misuse(f"{where}: the type of {name} must be a word such as department")
