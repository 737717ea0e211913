"""The data cache: what a process builds from the data files, the next one loads."""

from __future__ import annotations

import pickle

from tongbao.normalize import datacache
from tongbao.normalize.datafiles import data_bytes
from tongbao.normalize.gazetteer import _FILES, Gazetteer


def _counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_a_second_process_loads_what_the_first_built(tmp_path, monkeypatch):
    monkeypatch.setenv("TONGBAO_CACHE_DIR", str(tmp_path))
    build, calls = _counting({"units": {"教育局": {"type": "department"}}})
    first = datacache.cached("t", [b"source"], build)
    second = datacache.cached("t", [b"source"], build)
    assert first == second == {"units": {"教育局": {"type": "department"}}} and len(calls) == 1
    assert len(list(tmp_path.glob("t-*.pickle"))) == 1


def test_changed_data_is_built_again(tmp_path, monkeypatch):
    monkeypatch.setenv("TONGBAO_CACHE_DIR", str(tmp_path))
    assert datacache.cached("t", [b"one"], lambda: 1) == 1
    assert datacache.cached("t", [b"two"], lambda: 2) == 2
    # the sources' boundaries count: ["ab", "c"] is not ["a", "bc"]
    assert datacache.cached("t", [b"ab", b"c"], lambda: 3) == 3
    assert datacache.cached("t", [b"a", b"bc"], lambda: 4) == 4


def test_a_damaged_copy_is_rebuilt_and_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv("TONGBAO_CACHE_DIR", str(tmp_path))
    datacache.cached("t", [b"s"], lambda: [1, 2])
    [path] = tmp_path.glob("t-*.pickle")
    path.write_bytes(path.read_bytes()[:5])  # cut short, as by a full disk
    build, calls = _counting([1, 2])
    assert datacache.cached("t", [b"s"], build) == [1, 2] and calls == [1]
    assert pickle.loads(path.read_bytes()) == [1, 2]


def test_without_a_writable_cache_every_process_builds(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("TONGBAO_CACHE_DIR", str(blocked / "cache"))
    assert datacache.cached("t", [b"s"], lambda: "built") == "built"
    monkeypatch.setenv("TONGBAO_CACHE_DIR", "")  # off
    build, calls = _counting("built")
    datacache.cached("t", [b"s"], build)
    datacache.cached("t", [b"s"], build)
    assert calls == [1, 1]


def test_the_cached_gazetteer_is_the_parsed_one(tmp_path, monkeypatch):
    monkeypatch.setenv("TONGBAO_CACHE_DIR", str(tmp_path))
    raw = [data_bytes("tongbao.normalize", f).decode("utf-8") for f in _FILES]

    def parse():
        gaz = Gazetteer(*raw[:3])
        gaz.apply_corrections(raw[3])
        return gaz

    built = datacache.cached("gazetteer", [r.encode() for r in raw], parse)
    loaded = datacache.cached("gazetteer", [r.encode() for r in raw], lambda: None)
    fresh = parse()
    assert loaded is not None and loaded is not built
    assert dict(loaded.by_name) == dict(fresh.by_name) and loaded.counties == fresh.counties
    assert loaded.territory == fresh.territory
    [beiguan] = [d for d in loaded.lookup("北关区") if d.city == "安阳市"]
    assert loaded.towns_of(beiguan) == fresh.towns_of(beiguan) and len(loaded.towns_of(beiguan)) > 5


def test_no_home_directory_means_no_cache_not_an_error(monkeypatch):
    monkeypatch.delenv("TONGBAO_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(datacache.Path, "home", staticmethod(no_home))
    assert datacache.cache_dir() is None
    assert datacache.cached("t", [b"s"], lambda: "built") == "built"


def test_package_data_read_beside_the_modules_is_what_importlib_resources_reads():
    from importlib import resources

    read = 0
    for package, folder in [("tongbao.extract", "data"), ("tongbao.normalize", "data"),
                            ("tongbao.pipelines", "data"), ("tongbao.expectations", "suites")]:
        for entry in resources.files(package).joinpath(folder).iterdir():
            if entry.is_file():
                assert data_bytes(package, entry.name, folder=folder) == entry.read_bytes()
                read += 1
    assert read >= 20


def test_package_data_of_a_zipped_package_is_read_through_importlib_resources(
        tmp_path, monkeypatch):
    import sys
    import zipfile

    # A package imported from a zip: its data is not a file beside its modules.
    archive = tmp_path / "packages.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("zipped_pkg/__init__.py", "")
        z.writestr("zipped_pkg/data/words.txt", "解放路街道办事处")
    monkeypatch.syspath_prepend(str(archive))
    monkeypatch.delitem(sys.modules, "zipped_pkg", raising=False)
    assert data_bytes("zipped_pkg", "words.txt").decode("utf-8") == "解放路街道办事处"
