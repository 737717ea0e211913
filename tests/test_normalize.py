"""Normalisers: text clean-up, numbers, dates and periods."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongbao.normalize.datafiles import read_yaml
from tongbao.normalize.dates import parse_date, parse_period
from tongbao.normalize.numbers import (
    ONE_CHARACTER_NUMERALS,
    chinese_number,
    measure_of_word,
    number_text,
    parse_number,
    printed_unit,
)
from tongbao.normalize.text import clean_text
from tongbao.normalize.units import unit_type

han = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1,
              max_size=12)


@given(name=han, cuts=st.lists(st.integers(min_value=1, max_value=11), max_size=3),
       space=st.sampled_from([" ", "  ", "\n", "\u3000", " \n "]))
def test_stray_whitespace_inside_cjk_names_is_removed(name, cuts, space):
    noisy = name
    for cut in sorted(set(c for c in cuts if c < len(name)), reverse=True):
        noisy = noisy[:cut] + space + noisy[cut:]
    assert clean_text(noisy) == name
    assert clean_text(clean_text(noisy)) == clean_text(noisy)

UNITS_OF_MEASURE = read_yaml("tongbao.normalize", "units_of_measure.yaml")


def test_spaces_between_latin_words_and_numbers_stay():
    assert clean_text("A级 纳税人") == "A级纳税人"
    assert clean_text("Data  Docs 2023") == "Data Docs 2023"
    assert clean_text("9 月 8 日 8:00") == "9月8日8:00"


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_integers_round_trip_with_separators_and_full_width(n):
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n
    full = str(n).translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))
    assert parse_number(full) == n


@given(st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False))
def test_decimals_round_trip(d):
    assert parse_number(str(d)) == float(d)


def test_not_numbers():
    for text in ["", "跳转到国家税务局网站", "1-2", "2023年", "第3", "1.2.3", "—"]:
        assert parse_number(text) is None, text
    assert parse_number("100%") == 100


@given(st.integers(min_value=-10**9, max_value=10**9),
       st.sampled_from(sorted(w for ws in UNITS_OF_MEASURE.values() for w in ws)),
       st.booleans())
def test_a_number_with_its_unit_word_states_the_number_and_the_word(n, word, thousands):
    """150件, 12.5万元, 3个百分点: the cell states the number; its word gives the measure."""
    printed = f"{n:,}{word}" if thousands else f"{n}{word}"
    assert parse_number(printed) == n
    assert number_text(printed) == str(n)
    assert printed_unit(printed) == ("%" if word == "％" else word)
    assert measure_of_word(word) in {"amount", "count", "rate", "score"}


@pytest.mark.parametrize("text", ["2023年", "7月", "3号", "第1名", "12345热线", "件", "5%件",
                                  "10件5件", "1-2件", "A级"])
def test_a_word_after_a_number_that_measures_nothing_leaves_no_number(text):
    assert parse_number(text) is None and printed_unit(text) is None


@pytest.mark.parametrize("text", [*ONE_CHARACTER_NUMERALS, "二〇二三", "三十一", "十二", "两百"])
def test_chinese_numbers_are_what_cn2an_reads(text):
    """The one-character shortcut (no cn2an import for 一、 or 三件) and cn2an agree, in
    value and type, on every key and on numerals around them."""
    import cn2an

    assert chinese_number(text) == cn2an.cn2an(text, "smart")
    assert type(chinese_number(text)) is type(cn2an.cn2an(text, "smart"))


def test_chinese_number_raises_as_cn2an_does():
    with pytest.raises(ValueError):
        chinese_number("百")


@given(st.text(alphabet="〇零一二两三四五六七八九十百千万亿", min_size=1, max_size=8))
def test_a_run_of_numerals_is_a_number_or_a_value_error(text):
    """Whatever run of numerals a page prints (二〇十八日, a typo), it reads as a number or
    raises ValueError, the one error its callers catch: cn2an raised KeyError for 二〇十八."""
    try:
        assert chinese_number(text) >= 0
    except ValueError:
        pass


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_dates_in_every_printed_form(d):
    for text in [f"{d.year}年{d.month}月{d.day}日", f"{d.year} 年 {d.month} 月 {d.day} 日",
                 d.isoformat(), f"发布日期:{d.isoformat()} 16:51:53"]:
        assert parse_date(text) == d


def test_periods():
    assert parse_period("关于对 2023 年第二季度全区政务公开工作") == (dt.date(2023, 4, 1), dt.date(2023, 6, 30))
    assert parse_period("2021 年 4 月政府网站管理") == (dt.date(2021, 4, 1), dt.date(2021, 4, 30))
    assert parse_period("2024年4-6月区政府网站") == (dt.date(2024, 4, 1), dt.date(2024, 6, 30))
    assert parse_period("2022年上半年政务公开") == (dt.date(2022, 1, 1), dt.date(2022, 6, 30))
    assert parse_period("2023年第四季度") == (dt.date(2023, 10, 1), dt.date(2023, 12, 31))
    assert parse_period("2023年政府信息公开工作年度报告", whole_year=True) == (
        dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert parse_period("2023年政务公开工作通知") is None
    assert parse_period("2021年9月6日的通知") is None


def test_unit_types_from_name_endings():
    assert unit_type("解放路街道办事处") == "street"
    assert unit_type("柏庄镇政府") == "town"
    assert unit_type("区生态环境分局") == "branch"
    assert unit_type("中原高新区管委会") == "zone"
    assert unit_type("区卫健委") == "department"
    assert unit_type("首阳山街道") == "street"
    assert unit_type("某某公司") == "other"
    assert unit_type("局") is None
