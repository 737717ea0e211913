"""Every input fuzzing ever broke tongbao with (tests/data/fuzz/) ends as the row it should.

The inputs are read by the real command line in one batch, each under a 60 s time limit
and a 1 GB memory cap (generous: each needs under 3 s and 200 MB here); a hang or blow-up
comes back as a failed row naming the limit and fails its assertion below. Beside them,
the linear forms of the count regex, clean_text and the two pdfminer loops are compared
with the plain forms they replace.
"""

from __future__ import annotations

import importlib.util
import io
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import duckdb
import pytest
import regex
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfminer.psparser import PSEOF, PSBaseParser

from tongbao.extract.prose.figures import words
from tongbao.extract.readers.pdf import pdfminer_fixes
from tongbao.normalize.jurisdictions import readings
from tongbao.normalize.text import _CJK, clean_text
from tongbao.normalize.units import clean_name, resolve_unit

DATA = Path(__file__).resolve().parent / "data"
FUZZ = DATA / "fuzz"
EXPECTED = yaml.safe_load((DATA / "fuzz.yaml").read_text("utf-8"))
BIN = Path(sys.executable).parent
pdfminer_fixes.apply()  # as the PDF reader does on import


# Inputs our own probing found super-linear (made here, not kept as files), with the row
# each must end as: time was quadratic or cubic in them before the fix named.
GENERATED = {
    # tables/grid.py side_by_side: one pass over the cells, not one per repeated header
    "side_by_side_2000.txt": ("通报\n" + "单位\t" * 2000 + "\n"
                              + ("教育局\t" + "1\t" * 1999 + "\n") * 20, "ok"),
    # tables/interpret.py TableView.path: over the row's labels, not every column
    "wide_2000.txt": ("通报\n单位\t" + "".join(f"得分{i}\t" for i in range(2000)) + "\n"
                      + ("教育局\t" + "1\t" * 2000 + "\n") * 20, "ok"),
    # prose/facts.py: a line of 100,000 characters cut into sentences, facts per sentence capped
    "counts_line.txt": ("通报\n共" + "1件，" * 33_000 + "\n", "ok"),
}


@pytest.fixture(scope="module")
def rows(tmp_path_factory) -> dict[str, tuple]:
    folder = tmp_path_factory.mktemp("fuzz") / "in"
    shutil.copytree(FUZZ, folder)
    for name, (text, _) in GENERATED.items():
        (folder / name).write_text(text, "utf-8")
    out = folder.with_name("wh")
    p = subprocess.run([str(BIN / "tongbao"), "extract", str(folder), "--out", str(out),
                        "--timeout", "60", "--max-memory-mb", "1024", "--workers", "2"],
                       capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, p.stderr[-2000:]
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    try:
        docs = con.execute("SELECT source_path, status, error, doc_id FROM documents").fetchall()
        engine = dict(con.execute("SELECT doc_id, message FROM checks "
                                  "WHERE \"check\" IN ('engine_choice', 'facts_per_sentence')"
                                  ).fetchall())
    finally:
        con.close()
    return {Path(path).name: (status, error, engine.get(doc_id)) for path, status, error, doc_id
            in docs}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_input_ends_as_its_row(rows, name):
    status, error, note = rows[name]
    assert (status, error) == (GENERATED[name][1], None)
    if name == "counts_line.txt":
        assert "the first 200 kept as facts" in note


def test_every_input_has_its_expectation():
    assert sorted(p.name for p in FUZZ.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_input_ends_as_its_row(rows, name):
    want = EXPECTED[name]
    if importlib.util.find_spec("rapidocr") and "with_ocr" in want:
        want = {**want, **want["with_ocr"]}
    status, error, engine = rows[name]
    assert status == want["status"], error
    if status == "ok":
        assert error is None
    else:
        assert want["error"] in error
        assert "internal error" not in error and "limit" not in error
    if "check" in want:
        assert want["check"] in engine


# The count pattern before it was made linear: the reference for what it must match.
PLAIN_COUNT = (r"(?P<pre>{pre})?(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?"
               r"|[零〇一二两三四五六七八九十百千万]+)(?:(?<=\d)(?P<magnitude>[万亿])(?!元))?"
               r"\s*(?P<post>{post})?\s*(?P<measure>{measure})")


def _plain_count() -> regex.Pattern:
    groups = regex.search(r"\(\?P<pre>(.*?)\)\?\(\?P<num>.*\(\?P<post>(.*?)\)\?\\s\*\+"
                          r"\(\?P<measure>(.*)\)$", words().count.pattern)
    pre, post, measure = groups.groups()
    return regex.compile(PLAIN_COUNT.format(pre=pre, post=post, measure=measure))


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789,. 　一二十百千万亿元件条个%余多近约第、，（")),
               max_size=30))
def test_count_regex_matches_what_the_plain_form_matches(text):
    plain = [(m.span(), m.groupdict()) for m in _plain_count().finditer(text)]
    assert [(m.span(), m.groupdict()) for m in words().count.finditer(text)] == plain


def test_count_regex_on_a_run_of_digits_finds_its_one_count():
    ms = list(words().count.finditer("共" + "1" * 50_000 + "件，" + "一" * 50_000 + "x"))
    assert [(m["num"][:3], len(m["num"]), m["measure"]) for m in ms] == [("111", 50_000, "件")]


_PLAIN_SPACE = regex.compile(rf"(?<={_CJK})\s+|\s+(?={_CJK})")


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" \t\n\u3000\u00a0ab1中，“")), max_size=16))
def test_clean_text_is_the_two_regexes_in_one_pass(text):
    assert clean_text(text) == regex.sub(r"\s+", " ", _PLAIN_SPACE.sub("", text.strip()))


def test_prefix_readings_stay_few_on_a_name_of_repeated_divisions():
    name = "北关区" * 1500  # recursed past Python's limit; 20 repeats took 20 s
    found = readings(clean_name(name), None)
    assert found[0][0].path == "河南省安阳市北关区" and len(found) < 200
    assert resolve_unit("北关区审计局").unit == "审计局"


def _flate_cases() -> list[bytes]:
    body = zlib.compress("区政府信息公开工作年度报告 ".encode() * 3000)
    return [body[:-2] + b"\x00\x00",  # a broken checksum: the data is kept
            body[: len(body) // 2],  # truncated: what was there
            body[:200] + bytes(50) + body[250:],  # damaged in the middle: zlib's error
            b"not zlib at all"]


@pytest.mark.parametrize("data", _flate_cases())
def test_linear_decompress_corrupted_equals_pdfminers(data):
    def outcome(fn):
        try:
            return fn(data)
        except zlib.error as e:
            return type(e)
    assert outcome(pdfminer_fixes.decompress_corrupted) == \
        outcome(pdfminer_fixes.PDFMINER_DECOMPRESS_CORRUPTED)


class _PlainParser(PSBaseParser):
    """pdfminer's tokenizer as it comes, without the in-place string growth."""
    _parse_string = PSBaseParser._parse_string.__wrapped__
    _parse_string_1 = PSBaseParser._parse_string_1.__wrapped__
    _add_token = PSBaseParser._add_token.__wrapped__


def _tokens(parser_class, data: bytes) -> list:
    parser, out = parser_class(io.BytesIO(data)), []
    while True:
        try:
            out.append(parser.nexttoken())
        except PSEOF:
            return out
        except Exception as e:  # a malformed escape: the same error from both
            return [*out, repr(e)]


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=60) | st.text(alphabet="()\\0123abn \n<>/", max_size=60).map(str.encode))
def test_string_tokens_grown_in_place_equal_pdfminers(data):
    tokens = _tokens(PSBaseParser, data)
    assert tokens == _tokens(_PlainParser, data)
    assert not any(isinstance(t, bytearray) for _, t in tokens if not isinstance(t, str))
