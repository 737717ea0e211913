"""Each misuse of the command line and each broken environment: one line saying what to do,
exit status 2, and nothing written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[1]
NOTICE = "关于工作情况的通报\n\n单位\t数量\n教育局\t3\n"


def _tongbao(*args: str, prelude: str = "") -> subprocess.CompletedProcess:
    code = f"import sys; {prelude}from tongbao.pipelines.cli import main; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=REPO, timeout=300)


def _one_line(p: subprocess.CompletedProcess, *phrases: str) -> None:
    assert p.returncode == 2, p.stderr
    assert p.stdout == "" and len(p.stderr.strip().splitlines()) == 1, p.stderr
    assert p.stderr.startswith("tongbao: ") and "Traceback" not in p.stderr
    for phrase in phrases:
        assert phrase in p.stderr, p.stderr


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder with its bytes: 'nothing written' is this unchanged."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(NOTICE, "utf-8")
    return folder


@pytest.mark.parametrize("args, phrase", [
    (["--timeout", "0"], "--timeout must be a positive number of seconds, not 0"),
    (["--timeout", "nan"], "--timeout must be a positive number of seconds, not nan"),
    (["--timeout", "inf"], "--timeout must be a positive number of seconds, not inf"),
    (["--timeout", "-5"], "--timeout must be a positive number of seconds, not -5"),
    (["--workers", "0"], "--workers must be 1 or more, not 0"),
    (["--workers", "-3"], "--workers must be 1 or more, not -3"),
    (["--max-memory-mb", "10"], "--max-memory-mb must be at least 256"),
])
def test_limits_out_of_range(inputs, tmp_path, args, phrase):
    _one_line(_tongbao("extract", str(inputs), "--out", str(tmp_path / "wh"), *args), phrase)
    assert not (tmp_path / "wh").exists()


def test_out_is_a_file(inputs, tmp_path):
    (tmp_path / "wh").write_text("notes")
    _one_line(_tongbao("extract", str(inputs), "--out", str(tmp_path / "wh")),
              "is a file; give a folder for the warehouse")
    assert (tmp_path / "wh").read_text() == "notes"


@pytest.mark.parametrize("out", [".", ".."])
def test_out_is_an_input_folder_or_holds_one(inputs, out):
    before = _tree(inputs.parent)
    _one_line(_tongbao("extract", str(inputs), "--out", str(inputs / out)),
              "is the output folder or inside it", "give the warehouse a folder of its own")
    assert _tree(inputs.parent) == before


def test_out_is_read_only(inputs, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    if os.geteuid() != 0:
        ro.chmod(0o555)
        p = _tongbao("extract", str(inputs), "--out", str(ro / "wh"))
    else:  # root writes through permissions: a read-only file system, in a namespace of its own
        if shutil.which("unshare") is None:
            pytest.skip("unshare is not installed")
        code = ("mount -t tmpfs -o ro tmpfs \"$0\" && exec \"$1\" -c 'import sys; from "
                "tongbao.pipelines.cli import main; sys.exit(main())' extract \"$2\" --out "
                "\"$0/wh\"")
        p = subprocess.run(["unshare", "-rm", "sh", "-c", code, str(ro), sys.executable,
                            str(inputs)], capture_output=True, text=True, cwd=REPO, timeout=300)
        if "mount" in p.stderr and "tongbao" not in p.stderr:
            pytest.skip(f"no mount namespace here: {p.stderr.strip()}")
    _one_line(p, f"cannot write to --out {ro / 'wh'}", "give a folder you may write to")
    assert list(ro.iterdir()) == []


@pytest.mark.parametrize("text, phrase", [
    ("units: [城建局]\n", "must hold a mapping `units:`"),
    ("units:\n  住房和城乡建设局: {aliases: 城建局}\n", "the aliases of 住房和城乡建设局 must be a list"),
    ("units:\n  住房和城乡建设局: [城建局]\n", "must map to {type: ..., aliases: [...]}"),
    ("units: {a: [\n", "is not valid YAML at line 2"),
    ("units: !!python/object/apply:os.system [echo hacked]\n", "only plain YAML is read"),
])
def test_a_bad_aliases_file_stops_the_run_before_it_starts(inputs, tmp_path, text, phrase):
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text(text, "utf-8")
    p = _tongbao("extract", str(inputs), "--out", str(tmp_path / "wh"), "--aliases", str(aliases))
    _one_line(p, f"--aliases {aliases}", phrase)
    assert not (tmp_path / "wh").exists() and "hacked" not in p.stdout + p.stderr


def test_ray_not_installed(inputs, tmp_path):
    p = _tongbao("extract", str(inputs), "--out", str(tmp_path / "wh"), "--ray", "local",
                 prelude="sys.modules['ray'] = None; ")  # as if Ray were not installed
    _one_line(p, "--ray needs Ray, which is not installed: pip install 'tongbao[ray]'")
    assert not (tmp_path / "wh").exists()


def test_a_corrupt_warehouse(inputs, tmp_path):
    (tmp_path / "wh").mkdir()
    (tmp_path / "wh" / "warehouse.duckdb").write_bytes(b"this is not a database" * 1000)
    before = _tree(tmp_path / "wh")
    for args in (["extract", str(inputs), "--out", str(tmp_path / "wh")],
                 ["validate", str(tmp_path / "wh")], ["units", str(tmp_path / "wh")]):
        _one_line(_tongbao(*args), "cannot be opened as a DuckDB warehouse",
                  "move it away and run extract again to rebuild it")
    assert _tree(tmp_path / "wh") == before


@pytest.fixture
def warehouse(inputs, tmp_path) -> Path:
    out = tmp_path / "wh"
    assert _tongbao("extract", str(inputs), "--out", str(out)).returncode == 0
    return out


@pytest.mark.parametrize("read_only", [True, False], ids=["notebook-reading", "another-writer"])
def test_a_warehouse_held_by_another_process(warehouse, inputs, read_only):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], "
         f"read_only={read_only}); print('open', flush=True); time.sleep(120)",
         str(warehouse / "warehouse.duckdb")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        before = _tree(warehouse)
        for args in (["extract", str(inputs), "--out", str(warehouse)],  # a second extract
                     ["validate", str(warehouse)]):  # validate during extract
            _one_line(_tongbao(*args), "is open in another process (PID ",
                      "close that (or wait for it to finish) and run again")
        if not read_only:
            _one_line(_tongbao("units", str(warehouse)), "is open in another process")
        assert _tree(warehouse) == before
    finally:
        holder.kill()
        holder.wait()


def test_show_png_to_a_folder_that_does_not_exist(tmp_path):
    pdf = sorted((REPO / "corpus" / "samples").glob("*.pdf"))[0]
    target = tmp_path / "no" / "such" / "folder" / "p1.png"
    _one_line(_tongbao("show", str(pdf), "--png", str(target)), f"cannot write {target}",
              "a folder that exists and that you may write to")
    assert not (tmp_path / "no").exists()


def test_a_missing_input(tmp_path):
    _one_line(_tongbao("extract", str(tmp_path / "nope"), "--out", str(tmp_path / "wh")),
              "no such file or folder")
    assert not (tmp_path / "wh").exists()


def test_a_readable_warehouse_is_not_touched_by_a_bad_argument(warehouse, inputs):
    before = _tree(warehouse)
    _one_line(_tongbao("extract", str(inputs), "--out", str(warehouse), "--workers", "0"),
              "--workers must be 1 or more")
    assert _tree(warehouse) == before
    with duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM runs").fetchone() == (1,)
