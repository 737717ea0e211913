"""Text and web pages in the encodings Chinese sites use read alike: UTF-8 (with or
without a BOM), GB18030/GBK, Big5, UTF-16 and UTF-32 (with or without a BOM)."""

from __future__ import annotations

import codecs
import random

import opencc
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.conftest import seed_path
from tongbao.corpus.generate import DOMAINS, make_notice, render_text
from tongbao.corpus.places import DEPARTMENTS, STREETS
from tongbao.extract.document import read_document
from tongbao.extract.errors import BadInput
from tongbao.extract.readers.decode import decode_text

ENCODINGS = {
    "utf-8": lambda s: s.encode("utf-8"),
    "utf-8 BOM": lambda s: s.encode("utf-8-sig"),
    "gbk": lambda s: s.encode("gbk"),
    "gb18030": lambda s: s.encode("gb18030"),
    "utf-16 BOM": lambda s: s.encode("utf-16"),  # little-endian, as Windows saves it
    "utf-16-be BOM": lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"),
    "utf-16-le": lambda s: s.encode("utf-16-le"),
    "utf-16-be": lambda s: s.encode("utf-16-be"),
    "utf-32 BOM": lambda s: s.encode("utf-32"),
}


def _rows(ex):
    return [(r.unit, tuple(r.path), r.value) for r in ex.records], \
        [(c.check, c.scope, c.expected, c.actual, c.status) for c in ex.checks]


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_seed_notice_reads_alike_in_every_encoding(encoding):
    text = seed_path("000").read_text("utf-8")
    utf8 = read_document(text.encode("utf-8"), "seed.txt")
    ex = read_document(ENCODINGS[encoding](text), "seed.txt")
    assert (ex.document.status, ex.document.title) == ("ok", utf8.document.title)
    assert _rows(ex) == _rows(utf8)


@pytest.mark.parametrize("encoding", ["utf-16 BOM", "utf-16-le", "gbk"])
def test_web_pages_in_utf16_and_gbk(encoding):
    page = ("<html><head><meta name='ArticleTitle' content='关于网站检查情况的通报'></head><body>"
            "<div><p>现将有关情况通报如下。</p><table><tr><td>单位名称</td><td>得分A</td>"
            "<td>得分B</td><td>总分</td></tr><tr><td>公安局</td><td>4</td><td>2</td><td>6</td>"
            "</tr></table></div></body></html>")
    ex = read_document(ENCODINGS[encoding](page), "page.html")
    assert ex.document.format == "html" and ex.document.title == "关于网站检查情况的通报"
    assert [(c.scope, c.status) for c in ex.checks] == [("公安局", "pass")]


def test_big5_reads_as_its_simplified_twin():
    text = render_text(make_notice(random.Random(4), "n"), random.Random(4))
    # Big5 has no 〇 (a date in Chinese numerals): Big5 documents print 零 there.
    traditional = opencc.OpenCC("s2t").convert(text).replace("〇", "零")
    ex = read_document(traditional.encode("big5", errors="strict"), "big5.txt")
    plain = read_document(traditional.encode("utf-8"), "utf8.txt")
    assert ex.document.status == "ok" and _rows(ex) == _rows(plain)
    assert {r.unit for r in ex.records} == {r.unit for r in plain.records}


WORDS = [*DEPARTMENTS, *DOMAINS, *(s + "街道办事处" for s in STREETS), "合计", "单位名称", "总分"]


@settings(max_examples=80, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), min_size=2, max_size=30),
       numbers=st.lists(st.integers(0, 999), min_size=2, max_size=30),
       encoding=st.sampled_from(["gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be",
                                 "utf-8-sig"]))
# Two short GBK lines charset-normalizer found less chaotic as UTF-16 (Hangul): without a
# BOM and without a NUL byte, no UTF-16 reading is tried
@example(words=["救灾领域", "救灾领域"], numbers=[13, 29], encoding="gbk")
def test_decoding_gives_back_the_text(words, numbers, encoding):
    """Lines as notices print them (a unit or label, a tab, a count), in any encoding."""
    text = "\n".join(f"{w}\t{n}" for w, n in zip(words, numbers, strict=False)) + "\n"
    assert decode_text(text.encode(encoding)) == text


def test_a_bom_with_nothing_after_it_is_empty():
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        d = read_document(bom + "\n".encode("utf-8" if bom == codecs.BOM_UTF8 else
                                            ("utf-16-le" if bom == codecs.BOM_UTF16_LE
                                             else "utf-16-be")), "x.txt").document
        assert d.status == "failed" and "empty" in d.error


def test_generated_notices_in_gbk_read_as_in_utf8():
    """Tab-separated tables of digits: charset-normalizer's default mess threshold dropped
    GBK for some of them (a chunk of tabs and numbers), so the file failed as undecodable."""
    for seed in range(40):
        text = render_text(make_notice(random.Random(seed), "n"), random.Random(seed))
        gbk = read_document(text.encode("gbk"), "gbk.txt")
        plain = read_document(text.encode("utf-8"), "utf8.txt")
        assert gbk.document.status == "ok", (seed, gbk.document.error)
        assert _rows(gbk) == _rows(plain)


def test_utf16_without_a_bom_that_is_also_valid_utf8():
    """The example hypothesis found: 民政局 in UTF-16-LE is 11 6C 3F 65 40 5C, bytes all
    below 0x80, so the whole file is valid UTF-8, with NULs from the tab and the digit.
    It was refused as binary."""
    text = "民政局\t0\n民政局\t0\n"
    assert decode_text(text.encode("utf-16-le")) == text


def test_utf16_of_characters_whose_bytes_all_lie_below_0x80():
    """Every CJK character whose UTF-16 code unit has both bytes below 0x80 (a third of
    the common ones: 民 政 局 ...), as lines of a unit, a tab and a count, in UTF-16 with
    either byte order and no BOM: the text comes back, never a 'binary data' refusal."""
    chars = [chr(c) for c in range(0x4E00, 0x8000) if (c & 0xFF) < 0x80 and (c >> 8) < 0x80]
    wrong = []
    for start in range(0, len(chars), 90):
        words = ["".join(chars[i:i + 3]) for i in range(start, min(start + 90, len(chars)), 3)]
        text = "".join(f"{w}\t{n}\n" for n, w in enumerate(words))
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                if decode_text(text.encode(encoding)) != text:
                    wrong.append((encoding, words[0]))
            except BadInput as e:
                wrong.append((encoding, words[0], str(e)))
    assert len(chars) > 6000 and wrong == []
