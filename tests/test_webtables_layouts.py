"""Layouts of web tables past one table with one header (found reading real crawled
notices): a score table printed in two halves side by side (序号 乡镇 得分 序号 乡镇 得分,
numbered down each half, the last half's gap printed /), scores printed as short as
they go (10, 37.5), and a crawl gluing a second table (附件2 <title> <header> <rows>)
right after the first one's rows. Generated with their truth (corpus/webtables*.py),
read back as web pages and as crawls.
"""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_webtables import _checks, _expected_checks, _page, _read, _truth
from tongbao.corpus.webtables import make_table, records
from tongbao.corpus.webtables_render import render_crawl, render_html
from tongbao.extract.document import read_document
from tongbao.extract.readers.text.cuts import PLAIN, cuts

KINDS = ["sangong", "scores", "performance"]


def _seeds(test, count: int) -> list[int]:
    """The first seeds whose score table is drawn with the variant `test` asks for."""
    found = [s for s in range(2000) if test(make_table(random.Random(s), "p.txt", "scores").variant)]
    return found[:count]


def test_score_tables_printed_in_halves_side_by_side_read_back_whole():
    """Every unit of both halves with its own scores, its score_total check and no row
    for the gap; as a web page and as a crawl (where each printed line glues two units
    and their numbers run 1 9 2 10 …)."""
    seeds = _seeds(lambda v: v["halves"] == 2 and not v["shortest"], 16)
    assert len(seeds) == 16
    for seed in seeds:
        for fmt in ("html", "txt"):
            t, ex = _page(seed, "scores", fmt, wrong=seed % 2 == 0)
            assert _read(ex) == _truth(t), (seed, fmt)
            assert _checks(ex) == _expected_checks(t), (seed, fmt)


def test_scores_printed_as_short_as_they_go_read_honestly_and_almost_whole():
    """10 beside 37.5 in one column: no figure read wrong, the few cells the glue leaves
    open NULL (11|7.5 or 1|17.5 under parts printing no maximum), nearly all read."""
    seeds = _seeds(lambda v: v["shortest"], 24)
    read = total = 0
    for seed in seeds:
        t, ex = _page(seed, "scores", "txt", wrong=False)
        truth = _truth(t)
        got = _read(ex)
        assert not [k for k in got - truth if k[2] is not None], seed  # nothing read wrong
        assert not [c for c in ex.checks if c.status == "fail"], seed
        read, total = read + sum((got & truth).values()), total + sum(truth.values())
    assert read >= 0.9 * total, (read, total)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), first=st.sampled_from(KINDS),
       second=st.sampled_from(KINDS))
def test_a_crawl_gluing_two_tables_reads_each_under_its_own_header(seed, first, second):
    """The second table's rows are never the first one's: every value read is a value of
    its own unit and path, no check fails, and the second table reads as it does alone."""
    t1 = make_table(random.Random(seed), "page.txt", first)
    t2 = make_table(random.Random(seed + 1), "page.txt", second)
    ex = read_document(render_crawl(t1, random.Random(seed + 2), (t2,)).encode(), "page.txt")
    truth: dict[tuple, list] = {}
    for r in records(t1) + records(t2):
        truth.setdefault((r["unit"], tuple(r["path"])), []).append(r["value"])
    wrong = [(r.unit_raw, r.path, r.value_raw) for r in ex.records if r.value is not None
             and r.value not in truth.get((r.unit_raw, tuple(r.path)), [])]
    assert not wrong
    assert not [(c.check, c.scope) for c in ex.checks if c.status == "fail"]
    alone = read_document(render_crawl(t2, random.Random(seed + 2)).encode(), "page.txt")
    assert _read(ex) & _truth(t2) == _read(alone) & _truth(t2)
    printed = Counter((t1.title, t2.title))  # two draws may print the same title
    assert Counter(t.title for t in ex.tables)[t2.title] == printed[t2.title]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_an_inspection_table_of_words_beside_one_count_is_never_read_wrong(seed):
    """单位名称 | 单位地址 | 法人代表 | 联系电话 | 入院人数 | 主要问题, no arithmetic (real: a fire-
    safety notice whose crawl read the phone glued to the count, 1385903555951, as one).
    As a web page: every count under its unit, the words beside it in no path. As a
    crawl, where the address and the person glue to the name and the phone to the
    count, and nothing can tell which figure is whose: no figure at all, none wrong."""
    for fmt, render in (("html", render_html), ("txt", render_crawl)):
        t = make_table(random.Random(seed), f"page.{fmt}", "inspection")
        ex = read_document(render(t, random.Random(seed + 1)).encode(), t.file)
        if fmt == "html":
            assert _read(ex) == _truth(t)
        else:
            assert not [r.value_raw for r in ex.records if r.value is not None]
        assert not [c for c in ex.checks if c.status == "fail"]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), wrong=st.booleans())
def test_a_spaced_crawl_reads_a_total_column_named_by_a_word_and_its_tail(seed, wrong):
    """单位编码 单位名称 因公出国（境）费 公务接待费 公务用车运行维护费 合计数 (a real 平潭 page,
    every cell followed by a space): 合计数 was cut into 合计 and 数, five columns for four
    figures, 因公出国（境）费 a band over the rest, and every row's total failed (38 false
    failures on one page; 84 of 120 generated pages read wrong). 合计数 and 三公经费合计数
    are total columns' words (table_labels.yaml).
    The same site's 2015 budget (单位名称/预算代码 “三公经费”合计数 公务接待费控制数 …
    48.63 17.23 0.00 31.4 … 2.80 2.80 0.00): header cells of a known word and more, Excel's
    general format beside two decimals, a column that leaves its nothing blank. Its 791
    figures read none; 165 of 200 generated pages read wrong before the header was cut
    at its spaces, the figures at theirs, and the blank placed where the columns' own
    way of printing nothing puts it."""
    from tongbao.corpus.webtables_flat import make_flat_crawl

    text, truth, misprinted = make_flat_crawl(random.Random(seed), wrong)
    ex = read_document(text.encode("utf-8"), "page.txt")
    assert {(r.unit_raw, r.path[-1]): r.value for r in ex.records} == truth
    assert [c.scope for c in ex.checks if c.status == "fail"] == ([misprinted] if wrong else [])


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), wrong=st.booleans())
def test_a_crawled_table_whose_rows_are_its_items_reads_back(seed, wrong):
    """项目 本月支出数（元） 合计 … 1、因公出国（境）费用 … 其中：（1）公务用车运行维护费 …
    （2）公务用车购置费 … (平潭's towns, monthly): 项目 opened no table and each item's
    number was read as a figure of the row before (every generated page lost its values;
    47 real pages in a survey's sample read none). Now every value reads back under its
    item, （1） and （2） are the parts of 3、 (其中 opens the first only), the footer's date,
    phone and plate numbers are no figures, and only a misprinted 合计 fails. Figures in
    Excel's general format (109.8 0 69.8 40) read too (18 of 200 generated pages did not)."""
    from tongbao.corpus.webtables_items import make_item_crawl

    text, truth, misprinted = make_item_crawl(random.Random(seed), wrong)
    ex = read_document(text.encode("utf-8"), "page.txt")
    assert {(r.path[0], r.path[-1]): r.value for r in ex.records} == truth
    assert {c.scope.split(" / ")[0] for c in ex.checks if c.status == "fail"} == \
        ({"合计"} if misprinted else set())
    assert {c.check for c in ex.checks if c.status == "pass"} >= \
        ({"subtotal"} if misprinted else {"total", "subtotal"})


@settings(max_examples=40, deadline=None)
@given(figures=st.lists(st.integers(0, 999), min_size=1, max_size=6),
       cells=st.integers(8, 24), lost=st.integers(0, 12), limit=st.sampled_from([1, 50, 300]))
def test_a_row_is_never_cut_more_ways_than_asked(figures, cells, lost, limit):
    """cuts() gives at most one reading past its limit (which says: more than that), also
    when the ways to place a row's empty cells are many: a crawled notice's row of 3
    figures under 22 cells, 9 of them empty, was cut all comb(22, 9) = 497,420 ways, and
    a one-page notice took 2.2 GB (another ran for minutes)."""
    run = " ".join(map(str, figures))
    found = cuts(run, (PLAIN,) * cells, limit, lost, exact=True)
    assert len(found) <= limit + 1
    assert all(len(c) == cells and sum(1 for p in c if p == "") == lost for c in found)
