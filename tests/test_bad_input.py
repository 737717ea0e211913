"""Bad input ends as a documents row with an actionable error; the batch goes on."""

from __future__ import annotations

import subprocess
import sys

import duckdb

from tongbao.extract.document import read_document
from tongbao.pipelines.batch import run


def test_empty_file():
    d = read_document(b"", "empty.txt").document
    assert d.status == "failed" and "empty" in d.error


def test_binary_file_named_txt():
    d = read_document(bytes(range(256)) * 40, "photo.txt").document
    assert d.status == "failed" and "binary" in d.error and "extension" in d.error


def test_pdf_named_txt_is_recognised_as_pdf():
    d = read_document(b"%PDF-1.7\n...", "report.txt").document
    assert d.format == "pdf"
    assert d.status == "failed" and "not a readable PDF" in d.error


def test_gb18030_text_reads_like_utf8():
    text = "偃师区人民政府办公室\n\n2021年4月政府网站管理情况通报\n\n单位名称\t得分A\t得分B\t总分\n公安局\t4\t2\t6\n教育局\t3\t3\t6\n"
    utf8 = read_document(text.encode("utf-8"), "a.txt")
    gb = read_document(text.encode("gb18030"), "b.txt")
    assert gb.document.status == "ok"
    assert gb.document.title == utf8.document.title == "2021年4月政府网站管理情况通报"
    assert [(r.unit, r.metric, r.value) for r in gb.records] == \
        [(r.unit, r.metric, r.value) for r in utf8.records]
    assert [c.status for c in gb.checks] == ["pass", "pass"]


def test_fifty_megabyte_text(tmp_path):
    para = ("各单位要坚持问题导向，进一步加强政府网站管理工作，及时发布和更新信息。" * 10 + "\n\n")
    big = tmp_path / "big.txt"
    with big.open("w", encoding="utf-8") as f:
        f.write("安阳市北关区人民政府办公室\n\n关于政务公开工作情况的通报\n\n")
        while f.tell() < 50 * 1024 * 1024:
            f.write(para * 100)
    ex = read_document(big.read_bytes(), str(big))
    assert ex.document.status == "ok"
    assert ex.document.title == "关于政务公开工作情况的通报" and ex.tables == []


def test_batch_keeps_every_file(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (inputs / "fake.pdf").write_bytes(b"not a pdf at all")
    (inputs / "gb.txt").write_bytes("关于工作情况的通报\n\n单位\t数量\n教育局\t3\n".encode("gb18030"))
    (inputs / "unreadable.txt").write_text("x")
    (inputs / "unreadable.txt").chmod(0)
    stats = run([str(inputs)], str(tmp_path / "wh"), workers=2, log=lambda m: None)
    assert stats.files == 5
    con = duckdb.connect(str(tmp_path / "wh" / "warehouse.duckdb"), read_only=True)
    rows = dict(con.execute("SELECT source_path, status FROM documents").fetchall())
    assert len(rows) == 5
    assert rows[str(inputs / "gb.txt")] == "ok"
    assert rows[str(inputs / "empty.txt")] == "failed"
    assert rows[str(inputs / "binary.txt")] == "failed"
    errors = [e for (e,) in con.execute("SELECT error FROM documents WHERE status='failed'").fetchall()]
    assert all(errors)


def test_show_on_a_bad_file_exits_2(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    p = subprocess.run([sys.executable, "-m", "tongbao.pipelines.cli", "show", str(bad), "--json"],
                       capture_output=True, text=True)
    assert p.returncode == 2 and p.stdout == "" and "empty" in p.stderr




def test_identical_files_are_one_document(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ["a.txt", "b.txt"]:
        (inputs / name).write_text("关于工作情况的通报\n\n单位\t数量\n教育局\t3\n", "utf-8")
    (inputs / "empty1.txt").write_bytes(b"")
    (inputs / "empty2.txt").write_bytes(b"")
    stats = run([str(inputs)], str(tmp_path / "wh"), log=lambda m: None)
    assert (stats.files, stats.read, stats.duplicates) == (4, 2, 2)
    con = duckdb.connect(str(tmp_path / "wh" / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone() == (2, 2)
