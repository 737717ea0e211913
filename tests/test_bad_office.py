"""Bad office files, made here: each ends as a documents row with a clear error.

Encrypted (Office's own password encryption, by msoffcrypto-tool), truncated,
macro-enabled, zip bombs of three kinds, an XML entity bomb, an old binary file
that is not one. Nothing crashes and the batch keeps every file.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile

import duckdb
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from tongbao.corpus.generate import make_notice
from tongbao.corpus.office import notice_doc, to_docx, to_xlsx
from tongbao.extract.document import read_document
from tongbao.pipelines.batch import run

DOC = notice_doc(make_notice(random.Random(11), "bad"))


def _encrypted(plain: bytes) -> bytes:
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt("open-sesame", out)
    return out.getvalue()


def _repack(data: bytes, extra: dict[str, bytes] | None = None,
            replace: dict[str, bytes] | None = None) -> bytes:
    extra, replace = extra or {}, replace or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info)))
        for name, body in extra.items():
            dst.writestr(name, body)
    return out.getvalue()


def _macro_enabled(docx: bytes) -> bytes:
    """A .docm as Word writes it: the main part's macro-enabled type and a VBA project."""
    src = zipfile.ZipFile(io.BytesIO(docx))
    types = src.read("[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml").replace(
        b"</Types>", b'<Default Extension="bin" ContentType="application/'
                     b'vnd.ms-office.vbaProject"/></Types>')
    rels = src.read("word/_rels/document.xml.rels").replace(
        b"</Relationships>", b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/'
                             b'office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
                             b"</Relationships>")
    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"Sub AutoOpen()\nShell \"calc\"\n"
    return _repack(docx, {"word/vbaProject.bin": vba},
                   {"[Content_Types].xml": types, "word/_rels/document.xml.rels": rels})


def _lying_sizes(data: bytes, member: str) -> bytes:
    """A member whose headers declare 1 KB but whose data inflates to far more."""
    patched = bytearray(data)
    name = member.encode()
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = patched.find(signature)
        while at >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if patched[name_at:name_at + len(name)] == name:
                patched[at + size_at:at + size_at + 4] = struct.pack("<I", 1024)
            at = patched.find(signature, at + 4)
    return bytes(patched)


BOMB = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;' \
       b'&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document>&lol2;</w:document>'


def _cases() -> dict[str, tuple[bytes, str, str]]:
    """name -> (bytes, status, words the error must hold)."""
    docx, xlsx = to_docx(DOC), to_xlsx(DOC)
    big = _repack(docx, {"word/media/image1.png": bytes(300 * 1024 * 1024)})
    return {
        "encrypted.docx": (_encrypted(docx), "failed", "encrypted with a password"),
        "encrypted.xlsx": (_encrypted(xlsx), "failed", "encrypted with a password"),
        "truncated.docx": (docx[: len(docx) // 2], "failed", "truncated or damaged"),
        "truncated.xlsx": (xlsx[: len(xlsx) // 3], "failed", "truncated or damaged"),
        "macros.docm": (_macro_enabled(docx), "partial", "macros (VBA project) were neither run"),
        "bomb-declared.docx": (big, "failed", "zip bomb"),
        "bomb-ratio.docx": (_repack(docx, {"word/media/image2.png": bytes(20 * 1024 * 1024)}),
                            "failed", "zip bomb"),
        "bomb-lying.docx": (_lying_sizes(_repack(docx, {"word/x.xml": bytes(5 * 1024 * 1024)}),
                                         "word/x.xml"), "failed", "damaged"),
        "entities.docx": (_repack(docx, replace={"word/document.xml": BOMB}), "failed",
                          "declares a DTD"),
        "not-really.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8, "failed",
                           "DOC"),
        "not-really.xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(255, -1, -1)) * 8,
                           "failed",
                           "not a readable Excel file (XLS)"),
        "empty.xlsx": (b"", "failed", "truncated or damaged"),
    }


@pytest.mark.parametrize("name", sorted(_cases()))
def test_each_bad_office_file_says_what_is_wrong(name):
    data, status, words = _cases()[name]
    d = read_document(data, name).document
    assert d.status == status, d.error
    assert words in d.error


def test_a_macro_enabled_file_is_read_without_its_macros():
    ex = read_document(_macro_enabled(to_docx(DOC)), "notice.docm")
    plain = read_document(to_docx(DOC), "notice.docx")
    assert ex.document.format == "docx"
    assert [(r.unit_raw, r.path, r.value) for r in ex.records] == \
        [(r.unit_raw, r.path, r.value) for r in plain.records]


def test_a_batch_of_bad_office_files_keeps_every_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    cases = _cases()
    for name, (data, _, _) in cases.items():
        (folder / name).write_bytes(data)
    (folder / "good.xlsx").write_bytes(to_xlsx(DOC))
    stats = run([str(folder)], str(tmp_path / "wh"), workers=2, log=lambda _m: None)
    assert stats.files == len(cases) + 1
    con = duckdb.connect(str(tmp_path / "wh" / "warehouse.duckdb"), read_only=True)
    rows = {path.rsplit("/", 1)[1]: (status, error) for path, status, error in
            con.execute("SELECT source_path, status, error FROM documents").fetchall()}
    assert rows["good.xlsx"] == ("ok", None)
    for name, (_, status, words) in cases.items():
        assert rows[name][0] == status and words in rows[name][1], name
    assert not [e for _, e in rows.values() if e and "internal error" in e]
