"""Generic web tables (issue 14): 三公经费, score and 绩效 tables as web pages and as a
crawler's flattened text, generated with their truth (corpus/webtables.py), read back
value for value with unit and full label path, and every rule the headers imply checked.

The generator varies what real pages vary: header depth, group order, a code column
or a code glued to the name, years as 2022 / 2022年 / 上年数, 元 or 万元, zeros as
0.00, 0, —, - or nothing, negative changes (- or −), 合 计 first or last, form lines
inside the table, above or below it, <th> or <td>, &nbsp;.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tongbao.corpus.barred import barred_page
from tongbao.corpus.webtables import break_one, make_table, records
from tongbao.corpus.webtables_render import render_crawl, render_html
from tongbao.extract.document import read_document

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
KINDS = ["sangong", "scores", "performance"]
RENDER = {"html": render_html, "txt": render_crawl}


def _page(seed: int, kind: str, fmt: str, wrong: bool = False, in_total_row: bool = False):
    t = make_table(random.Random(seed), f"page.{fmt}", kind)
    if wrong:
        break_one(t, random.Random(seed), in_total_row)
    body = RENDER[fmt](t, random.Random(seed + 1))  # not the table's own draws
    return t, read_document(body.encode("utf-8"), t.file)


def _key(unit, path, value, is_total, measure, measure_unit) -> tuple:
    return (unit, tuple(path), None if value is None else round(value, 6), bool(is_total),
            measure, measure_unit)


def _truth(t) -> Counter:
    return Counter(_key(r["unit"], r["path"], r["value"], r["is_total"], r["measure"],
                        r["measure_unit"]) for r in records(t))


def _read(ex) -> Counter:
    return Counter(_key(r.unit_raw, r.path, r.value, r.is_total, r.measure, r.measure_unit)
                   for r in ex.records)


def _checks(ex) -> Counter:
    return Counter((c.check, c.scope, c.status) for c in ex.checks if c.table_id is not None)


def _expected_checks(t) -> Counter:
    return Counter((c["check"], c["scope"], c["status"]) for c in t.checks)


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), kind=st.sampled_from(KINDS), wrong=st.booleans())
# a growth rate printed 1 too high over a base of 34.67: within what its inputs' rounding
# allows, so no error a reader can see (the generator now plants one beyond it)
@example(seed=3166, kind="sangong", wrong=True)
def test_web_page_reads_back_every_value_with_unit_path_and_checks(seed, kind, wrong):
    t, ex = _page(seed, kind, "html", wrong)
    assert _read(ex) == _truth(t)
    assert _checks(ex) == _expected_checks(t)
    form = [line for table in ex.tables for line in table.form_lines]
    # Form lines are the table's metadata: never a label in a path, never a value.
    assert not [r for r in ex.records if any("：" in p or "填报" in p for p in r.path)]
    if t.variant["form_inside"]:  # each form line apart, as printed
        assert ["".join(x.split()) for x in t.form_top + t.form_bottom] == form


def test_one_wrong_derived_cell_fails_exactly_its_own_check():
    """Each kind, as a web page: the cell printed wrong is the one failing check."""
    for kind in KINDS:
        for seed in range(12):
            t, ex = _page(seed, kind, "html", wrong=True)
            failing = [(c.check, c.scope) for c in ex.checks if c.status == "fail"]
            assert failing == [(t.wrong["check"], t.wrong["scope"])], (kind, seed)
            (check,) = [c for c in ex.checks if c.status == "fail"]
            assert check.expected == pytest.approx(float(t.wrong["printed"].replace(",", "")
                                                         .replace("−", "-")))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), kind=st.sampled_from(KINDS), wrong=st.booleans())
# every row lost a rate printed as nothing: the printed form was chosen by a row that cut
# by chance under one decimal, and every figure read wrong as certain (33469.6|145193.8)
@example(seed=271, kind="sangong", wrong=False)
@example(seed=271, kind="sangong", wrong=True)
@example(seed=20158, kind="sangong", wrong=True)
# a row lost 6 of its 16 cells (zeros printed as nothing): its 49,259 placements were cut
# off at 20,000 and the one reading left among them, two groups swapped, taken as sure
@example(seed=33773, kind="sangong", wrong=False)
# W6: the 总计 row cut one way only under a form wrong for it (a rate as 37,291.3|8…), 8
# rules broken - more than one misprinted cell can break - and read as sure all the same
@example(seed=1067, kind="sangong", wrong=True)
def test_crawled_page_reads_honestly(seed, kind, wrong):
    """Cells glued by a crawler: every value read is the printed one; a cell the printed
    form and the arithmetic leave open is NULL with its candidates and a skipped
    check naming them; the only failing check is the one printed wrong."""
    _reads_honestly(*_page(seed, kind, "txt", wrong))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), kind=st.sampled_from(KINDS))
# a part named 信息公开率（40分） was cut as a rate, not a score: the misprinted row's glued
# '2329.562.5' read 2329.5 | 6 | 2.5 as sure (found by a randomized campaign)
@example(seed=205, kind="scores")
def test_a_crawled_total_row_printed_wrong_fails_its_own_check(seed, kind):
    """A 合计 row's rate printed wrong is never explained away by moving it to a cell the
    row leaves empty (its 评价得分, where a score may have any decimals): the rate's own
    check fails, and nothing is read where the page prints nothing."""
    _reads_honestly(*_page(seed, kind, "txt", wrong=True, in_total_row=True))


def _reads_honestly(t, ex) -> None:
    truth = {}
    for r in records(t):
        truth.setdefault((r["unit"], tuple(r["path"])), []).append(r["value"])
    open_cells = 0
    for r in ex.records:
        if r.value_raw.startswith("?("):
            open_cells += 1
            assert r.value is None
            continue
        if r.value is None:
            continue  # a — where the page may have printed nothing, or figures not read
        assert (r.unit_raw, tuple(r.path)) in truth, (r.unit_raw, r.path, r.value_raw)
        assert r.value in truth[(r.unit_raw, tuple(r.path))] or r.value is None and \
            None in truth[(r.unit_raw, tuple(r.path))]
    splits = [c for c in ex.checks if c.check == "glued_split"]  # a rank may be open too
    assert len(splits) >= open_cells and all(c.status == "skipped" for c in splits)
    # The one cell printed wrong, under its own rule; or, where the crawl left that rule
    # unconfirmed (合计 / 三公经费 / 增减数, seed 20158), as the total of the units' cells above
    # it, the same printed figure against a true sum
    failing = [c for c in ex.checks if c.status == "fail"]
    assert {c.scope for c in failing} <= ({t.wrong["scope"]} if t.wrong else set())
    assert all(c.expected == pytest.approx(float(t.wrong["printed"].replace(",", "")
                                                  .replace("−", "-"))) for c in failing)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), kind=st.sampled_from(KINDS), wrong=st.booleans())
def test_a_page_printing_its_tables_with_bars_reads_honestly(seed, kind, wrong):
    """Tables printed with a bar between cells, merged cells printed once or as empty cells
    (corpus/barred.py): every value read is the printed one, and no bar names a column.
    Before, the readers of glued text read them: 125 values wrong in 60 such pages, two
    checks failing falsely, a record a cell (单位 14 for a unit's 14)."""
    t = make_table(random.Random(seed), "page.txt", kind)
    if wrong:
        break_one(t, random.Random(seed))
    text = barred_page(render_html(t, random.Random(seed + 1)))
    ex = read_document(text.encode("utf-8"), t.file)
    _reads_honestly(t, ex)
    assert not [r for r in ex.records if "|" in r.metric + "".join(r.path)]


UNITS = ["区住建局", "区财政局", "区教育局", "区民政局", "区卫健委", "区城管局", "区司法局", "区审计局"]
COUNTS = ["报送信息数(条)", "采纳数(条)", "办理件数", "按时办结数", "群众满意数"]


@settings(max_examples=40, deadline=None)
@given(data=st.data(), ranked=st.booleans(), rule_line=st.booleans(), first_bar=st.booleans())
def test_a_table_printed_with_bars_whose_rows_line_up_reads_back_cell_for_cell(
        data, ranked, rule_line, first_bar):
    """| 序号 | 单位 | 报送信息数(条) | … | as Markdown prints a table with no merged cell: every
    cell is read under its unit and column."""
    units = data.draw(st.lists(st.sampled_from(UNITS), min_size=2, max_size=6, unique=True))
    columns = data.draw(st.lists(st.sampled_from(COUNTS), min_size=1, max_size=4, unique=True))
    values = [[data.draw(st.integers(0, 500)) for _ in columns] for _ in units]
    rows = [(["序号"] if ranked else []) + ["单位", *columns]]
    rows += [([str(i)] if ranked else []) + [u, *map(str, v)]
             for i, (u, v) in enumerate(zip(units, values, strict=True), start=1)]
    lines = [("| " if first_bar else "") + " | ".join(r) + " |" for r in rows]
    if rule_line:
        lines.insert(1, "|" + "---|" * len(rows[0]))
    text = "关于2024年第一季度政务信息报送情况的通报\n各单位：\n" + "\n".join(lines) + "\n"
    ex = read_document(text.encode("utf-8"), "notice.txt")
    assert sorted((r.unit_raw, r.metric, r.value) for r in ex.records) == sorted(
        (u, c, float(x)) for u, v in zip(units, values, strict=True)
        for c, x in zip(columns, v, strict=True))


@settings(max_examples=40, deadline=None)
@given(data=st.data(), wrong=st.booleans())
def test_a_numbered_table_spaced_apart_keeps_its_total_row(data, wrong):
    """序号  单位  报送信息数(条)  采纳数(条) / 1  区住建局  14  7 / … / 合计  57  31: the total row
    (its number and name cells printing nothing) was dropped from the table, its figures
    read as prose, and a total printed wrong went unreported (survey E)."""
    units = data.draw(st.lists(st.sampled_from(UNITS), min_size=3, max_size=7, unique=True))
    columns = data.draw(st.lists(st.sampled_from(COUNTS), min_size=1, max_size=3, unique=True))
    values = [[data.draw(st.integers(0, 500)) for _ in columns] for _ in units]
    totals = [sum(col) for col in zip(*values, strict=True)]
    printed = [*totals]
    if wrong:
        printed[-1] += data.draw(st.integers(1, 9))
    lines = ["  ".join(["序号", "单位", *columns])]
    lines += ["  ".join([str(i), u, *map(str, v)])
              for i, (u, v) in enumerate(zip(units, values, strict=True), start=1)]
    lines.append("  ".join(["合计", *map(str, printed)]))
    text = "关于2024年第一季度政务信息报送情况的通报\n各单位：\n" + "\n".join(lines) + "\n"
    ex = read_document(text.encode("utf-8"), "notice.txt")
    assert sorted((r.unit_raw or "", r.metric, r.value, r.is_total) for r in ex.records) == sorted(
        [(u, c, float(x), False) for u, v in zip(units, values, strict=True)
         for c, x in zip(columns, v, strict=True)]
        + [("", c, float(x), True) for c, x in zip(columns, printed, strict=True)])
    assert [c.expected for c in ex.checks if c.status == "fail"] == \
        ([float(printed[-1])] if wrong else [])
    assert not [f for f in ex.facts if f.value in printed and "合计" in (f.subject or "")]


def test_crawled_pages_read_mostly_in_full():
    """Over 45 fixed crawled pages (15 of each kind): how much reads for sure."""
    exact = values = open_values = 0
    for kind in KINDS:
        for seed in range(15):
            t, ex = _page(seed, kind, "txt", wrong=seed % 2 == 1)
            values += len(records(t))
            open_values += sum(r.value_raw.startswith("?(") for r in ex.records)
            exact += _read(ex) == _truth(t) and _checks(ex) == _expected_checks(t)
    assert exact >= 38 and open_values <= 0.05 * values, (exact, open_values, values)


def test_a_crawled_table_of_departments_that_spent_nothing_reads_honestly():
    """三公 tables whose departments spent nothing on a part (no trip abroad, no car), zeros
    printed as nothing: the crawl loses whole groups of cells, and a row that printed
    nothing at all loses all but its name ('西工区水利局 西工区自然资源局', '农业农村局总 计').
    Over 40 fixed pages: every row read is one the page names (a row lost whole is a row
    of its own, with no figure), no check fails, and a figure read wrong as certain stays
    rare. Measured over 300 pages: 13 read some figure wrong before (one then failed a
    true check), 3 now - tables of three to five rows, every one of which lost cells, whose
    decimals no row's arithmetic tells for sure (corpus unspent=0.5)."""
    pages_read_wrong = 0
    for seed in range(40):
        t = make_table(random.Random(seed), "page.txt", "sangong", unspent=0.5)
        ex = read_document(render_crawl(t, random.Random(seed + 1)).encode(), "page.txt")
        assert {r.unit_raw for r in ex.records} <= {line.unit for line in t.lines}, seed
        assert not [c for c in ex.checks if c.status == "fail"], seed
        truth = _figures(_truth(t))
        pages_read_wrong += bool(_figures(_read(ex)) - truth)
    assert pages_read_wrong <= 1


def _figures(records) -> Counter:
    """Every figure (a number, not a — printed for nothing) with its unit and path."""
    return Counter(k for k in records.elements() if k[2] is not None)


def test_crawled_sangong_page_with_forced_figures_reads_exactly():
    """Fixed decimals and no cell printed empty: the glued cells cut one way only, and
    the one misprint fails its check. (An empty cell among zeros, '0.000.000.00', can
    be in any of their places: such a cell stays open, as the test above allows.)"""
    n = 0
    for seed in range(60):
        t = make_table(random.Random(seed), "page.txt", "sangong")
        if any(c == "" for line in t.lines for c in line.cells[t.n_labels:]):
            continue
        break_one(t, random.Random(seed))
        ex = read_document(render_crawl(t, random.Random(seed + 1)).encode(), "page.txt")
        assert _figures(_read(ex)) == _figures(_truth(t)), seed
        assert [(c.check, c.scope) for c in ex.checks if c.status == "fail"] == [
            (t.wrong["check"], t.wrong["scope"])], seed
        n += 1
    assert n >= 20


def test_every_variant_is_generated():
    seen: dict[str, set] = {}
    for seed in range(300):
        t = make_table(random.Random(seed), "page.html", None)
        render_html(t, random.Random(seed + 1))
        render_crawl(t, random.Random(seed + 2))
        for k, v in t.variant.items():
            seen.setdefault(f"{t.kind}.{k}", set()).add(v)
    assert seen["sangong.zero"] == {"0.00", "0", "-", "—", ""}
    assert seen["sangong.code"] == {"column", "glued", "none"}
    assert seen["sangong.year_style"] == {"digits", "年", "words"}
    assert seen["sangong.unit"] == {"元", "万元"}
    assert seen["sangong.form"] == {"top", "bottom", "both", "title"}
    assert seen["sangong.crawl_spaces"] == {"none", "nbsp", "rows"}
    assert seen["sangong.no_rate"] == {"-", "—", ""}
    for flag in ("outer", "total_first", "total_group_first", "rate", "thousands", "th", "nbsp",
                 "form_inside", "title_inside"):
        assert seen[f"sangong.{flag}"] == {True, False}, flag
    assert seen["scores.decimals"] == {0, 1} and seen["scores.grouped"] == {True, False}
    assert seen["scores.contact"] == {True, False}  # a phone glued to the next 序号
    assert seen["performance.total_row"] == {True, False}


def test_rows_that_cannot_be_told_apart_are_kept_as_cells_with_a_reason():
    text = ("标题: 考核情况\n==================== 正文 ====================\n"
            "各单位考核情况如下：序号单位名称2022年2023年1234.5678.902345.6789.01 填报人：张三\n")
    ex = read_document(text.encode(), "page.txt")
    assert ex.records == []
    assert [c.text for c in ex.cells] == ["序号", "单位名称", "2022年", "2023年",
                                          "1234.5678.902345.6789.01"]
    (check,) = [c for c in ex.checks if c.check == "glued_table"]
    assert check.status == "skipped" and "cannot be told apart" in check.message


WEBTABLE_TRUTH = sorted(CORPUS.glob("truth/webtable_*.json"))


@pytest.mark.parametrize("truth_file", WEBTABLE_TRUTH, ids=[p.stem for p in WEBTABLE_TRUTH])
def test_committed_samples_read_back(truth_file):
    """The samples `make extract` reads: web pages exactly; crawls honestly, and these
    ones in full."""
    truth = json.loads(truth_file.read_text("utf-8"))
    path = CORPUS / "samples" / truth["file"]
    ex = read_document(path.read_bytes(), str(path))
    want = Counter(_key(r["unit"], r["path"], r["value"], r["is_total"], r["measure"],
                        r["measure_unit"]) for r in truth["records"])
    assert _read(ex) == want
    assert _checks(ex) == Counter((c["check"], c["scope"], c["status"]) for c in truth["checks"])
    assert ex.tables[0].title == truth["title"]


def test_webtable_samples_are_committed():
    assert len(WEBTABLE_TRUTH) >= 12


@pytest.mark.parametrize(("printed", "value"), [
    ("1,234.00\xa0", 1234.0), ("１２", 12.0), ("－１２", -12.0), ("−12", -12.0), ("-1,234.00", -1234.0),
    ("(1,234.00)", -1234.0), ("（12.50）", -12.5), ("(12)", None), ("-", None), ("12.3.4", None)])
def test_numbers_as_web_pages_print_them(printed, value):
    from tongbao.normalize.numbers import parse_number

    assert parse_number(printed) == value


def test_a_code_glued_to_a_name_is_split_but_a_name_of_digits_is_not():
    from tongbao.extract.tables.interpret import split_code

    assert split_code("013002平潭综合实验区财政金融局") == ("013002", "平潭综合实验区财政金融局")
    assert split_code("013002 平潭综合实验区财政金融局") == ("013002", "平潭综合实验区财政金融局")
    assert split_code("12345政务服务便民热线") == (None, "12345政务服务便民热线")


def test_a_row_of_years_under_groups_is_a_header_and_a_row_of_figures_is_not():
    from tongbao.extract.tables.headers import header_rows

    rows = [["填报单位（盖章）：财政局", "单位：元"],
            ["单位编号", "单位名称", "因公出国（境）费", "公务接待费"],
            ["2022", "2023", "增减数", "2022", "2023", "增减数"],
            ["013001", "教育局", "1.00", "2.00", "1.00", "2.00", "2.00", "0.00"],
            ["合 计", "2022", "2023"]]
    assert header_rows(rows) == {1, 2}
    assert header_rows([["单位名称", "2022", "2023", "增减数"], ["教育局", "1", "2", "1"]]) == {0}


def _html(rows: list[list[str]]) -> bytes:
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<html><body><p>表</p><table>{body}</table></body></html>".encode()


def test_a_rule_the_numbers_never_bear_out_gives_no_checks():
    """增减数 that is no change of the two years (another measure under the same word)."""
    rows = [["单位名称", "2022", "2023", "增减数"], ["教育局", "10", "20", "3"],
            ["财政局", "5", "8", "7"], ["民政局", "4", "9", "1"]]
    ex = read_document(_html(rows), "p.html")
    assert [c for c in ex.checks if c.check == "change"] == []
    assert len(ex.records) == 9


def test_a_rule_that_holds_in_most_rows_fails_in_the_one_that_breaks_it():
    rows = [["单位名称", "2022", "2023", "增减数"], ["教育局", "10", "20", "10"],
            ["财政局", "5", "8", "3"], ["民政局", "4", "9", "6"], ["审计局", "1", "1", "0"]]
    ex = read_document(_html(rows), "p.html")
    checks = {c.scope: c.status for c in ex.checks if c.check == "change"}
    assert checks == {"教育局 / 增减数": "pass", "财政局 / 增减数": "pass",
                      "民政局 / 增减数": "fail", "审计局 / 增减数": "pass"}


def test_a_rule_that_holds_in_half_the_rows_is_reported_not_applied():
    rows = [["单位名称", "2022", "2023", "增减数"], ["教育局", "10", "20", "10"],
            ["财政局", "5", "8", "4"]]
    ex = read_document(_html(rows), "p.html")
    (check,) = [c for c in ex.checks if c.check == "change"]
    assert check.status == "skipped" and "1 of 2 rows" in check.message


def test_a_project_glued_to_its_unit_splits_where_the_units_place_begins():
    """Crawled 项目名称|主管部门 cells glued: the unit is its department with the place printed
    before it, for every county name in the gazetteer, also those that lie in several
    cities (鼓楼区, 城区, 朝阳区), which only the document's jurisdiction would resolve."""
    from tongbao.extract.readers.text.webtable_grid import _split_name
    from tongbao.normalize.gazetteer import gazetteer

    counties = sorted({d.county for d in gazetteer().counties if d.county})
    projects = ["河道综合治理", "老旧小区改造", "农村饮水安全巩固提升工程", "城区道路改造",
                "新区建设", "西区污水处理"]
    departments = ["住房和城乡建设局", "商务局", "教育局", "民政局", "审计局", "卫生健康委员会"]
    wrong = []
    for i, county in enumerate(counties):
        project, department = projects[i % 6], departments[(i // 6) % 6]
        split = _split_name(project + county + department)
        if split != [project, county + department]:
            wrong.append((project + county + department, split))
    assert len(counties) > 2500 and wrong == []


def test_the_crawled_page_that_split_a_place_from_its_unit():
    """The page hypothesis found (seed 1127311281): 河道综合治理鼓楼区住房和城乡建设局 read as
    project 河道综合治理鼓楼, unit 区住房和城乡建设局."""
    t, ex = _page(1127311281, "performance", "txt")
    assert _read(ex) == _truth(t)


def _overlapping_splits(project_ending) -> tuple[int, list]:
    """Every county glued after a project whose name ends in a place-like string
    (project_ending(county) -> that string), with a department after the county: the
    splits read wrong."""
    from tongbao.extract.readers.text.webtable_grid import _split_name
    from tongbao.normalize.gazetteer import gazetteer

    counties = sorted({d.county for d in gazetteer().counties if d.county})
    departments = ["住房和城乡建设局", "商务局", "教育局", "民政局", "审计局", "林业局"]
    wrong, tried = [], 0
    for i, county in enumerate(counties):
        ending = project_ending(county)
        if ending is None:
            continue
        tried += 1
        project, unit = "智慧城市平台" + ending, county + departments[i % 6]
        if _split_name(project + unit) != [project, unit]:
            wrong.append((project, unit, _split_name(project + unit)))
    return tried, wrong


def test_a_project_ending_where_a_place_name_would_begin_keeps_its_last_character():
    """智慧城市平台运维|西工区林业局: 维西 is a county (维西傈僳族自治县), but the unit names
    its own place, 西工区; the project keeps its 维. For every county, a project ending
    in the first characters of another place's name that continues into the county
    (not where the two make a third place's full name, 东|丰县 = 东丰县: that reading is
    the full name's)."""
    from tongbao.normalize.gazetteer import gazetteer
    from tongbao.normalize.units import resolve_unit

    places = gazetteer()
    full = {n for n, divs in places.by_name.items()
            if any(n in (d.county, d.city, d.province) for d in divs)}
    heads: dict[str, list[str]] = {}
    for n in sorted(places.by_name):  # place names ending in the county's first character
        if len(n) >= 2 and n not in full:
            heads.setdefault(n[-1], []).append(n[:-1])

    def another_place(glued: str, cut: int) -> bool:  # 东|丰县, 甘|肃宁县 (甘肃 宁县): both readings hold
        return any(glued[j:k] in full for j in range(cut) for k in range(cut + 1, len(glued) + 1)) \
            or any(resolve_unit(glued[j:] + "林业局").jurisdiction for j in range(cut))

    def ending(county: str) -> str | None:
        return next((h for h in heads.get(county[0], []) if not another_place(h + county, len(h))),
                    None)

    tried, wrong = _overlapping_splits(ending)
    assert tried > 2000 and wrong == [], wrong


def test_a_project_ending_in_a_place_name_stays_whole():
    """老旧城区|西工区商务局: a project whose name ends in a place (any county, full or short)
    keeps it; the unit begins with its own place, not with the project's last 区."""
    from tongbao.normalize.gazetteer import gazetteer

    counties = sorted({d for d in gazetteer().counties if d.county}, key=str)
    tried, wrong = _overlapping_splits(lambda county: counties[len(county) * 7 % len(counties)].county)
    assert tried > 2500 and wrong == []


def test_the_crawled_page_that_took_a_projects_last_character_for_a_place():
    """The page hypothesis found (seed 1, performance): 智慧城市平台运维西工区林业局 read as
    project 智慧城市平台运, unit 维西工区林业局 (维西 is a county of 云南)."""
    t, ex = _page(1, "performance", "txt")
    assert _read(ex) == _truth(t)


def test_a_crawled_row_that_lost_more_cells_than_the_placements_cap_still_reads():
    """A crawl drops cells printed as nothing. Sixteen columns (four groups of 2020 | 2021 |
    增减数 | 增长率) with k of them printed as nothing, for every k from 1 to 15, in
    random places: the printed row is among the readings of its glued figures. The
    search placed at most 6 vanished cells (the sum of placements up to 7 passes
    20,000), so a row with 7 empty cells never read right."""
    from tongbao.extract.readers.text import webtable_cells as cells

    rng = random.Random(7)
    forms = cells.Printed({"amount": 2, "rate": 2}, True, (["amount"] * 3 + ["rate"]) * 4,
                          ()).forms(("—", "–", "/"))
    missed = []
    for k in range(1, 16):
        for _ in range(4):
            figures = [f"{rng.choice(['', '-'])}{rng.randint(1, 999_999):,}.{rng.randint(0, 99):02d}"
                       for _ in range(16)]
            empty = set(rng.sample(range(16), k))
            row = tuple("" if i in empty else f for i, f in enumerate(figures))
            if row not in cells.readings("".join(row), forms, empties=True)[0]:
                missed.append((k, row))
    assert missed == []


def test_the_crawled_row_with_seven_empty_cells():
    """The page hypothesis found (seed 1419, sangong): 北关区自然资源局 printed 7 of its
    16 cells as nothing; read with at most 6 vanished, a '-' split off -159,806.50 as
    a cell, and 159,806.50 landed under 公务接待费 2020 instead of 因公出国（境）费."""
    t, ex = _page(1419, "sangong", "txt")
    assert _read(ex) == _truth(t)


@settings(max_examples=300, deadline=None)
@given(cents=st.integers(-10**9, 10**9), places=st.integers(0, 3),
       form=st.sampled_from(["plain", "thousands", "bracketed", "fullwidth", "percent"]))
def test_a_derived_checks_negated_part_keeps_its_printed_places(cents, places, form):
    """A change column subtracts printed figures: the negated figure keeps the places the
    page printed, so settle allows the same rounding for it (a '(1,234.00)' once became
    '1234.000' and was allowed a tenth of its rounding)."""
    from tongbao.extract.checks.derived import _negated
    from tongbao.normalize.numbers import parse_number, printed_places

    value = cents / 10**places
    text = f"{abs(value):,.{places}f}" if form in ("thousands", "bracketed") else \
        f"{abs(value):.{places}f}"
    if form == "fullwidth":
        text = text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    if value < 0:  # brackets mean minus only around decimals or thousands: (1) is a marker
        bracketed = form == "bracketed" and (places or abs(value) >= 1000)
        text = f"({text})" if bracketed else f"-{text}"
    if form == "percent":
        text += "%"
    negated = _negated(text)
    assert printed_places(negated) == printed_places(text) == places
    assert parse_number(negated) == -parse_number(text)


def _glued_rows(pairs: list[tuple[str, str]], where=None) -> list[list[str]]:
    """Crawled 项目名称|主管部门 rows glued and split again, settled as one table (of the
    division `where`, when its title names one)."""
    from tongbao.extract.readers.text.webtable_grid import (
        _level_words_as_the_table_prints_them,
        _split_name,
    )

    rows = [[str(k + 1), *_split_name(project + unit, where)]
            for k, (project, unit) in enumerate(pairs)]
    _level_words_as_the_table_prints_them(rows)
    return [r[1:] for r in rows]


def test_a_project_ending_in_a_level_word_keeps_it_where_the_table_prints_bare_units():
    """新型智慧城市|林业局 also reads 新型智慧城|市林业局; the table's other rows, whose units
    begin with no level word, settle it. Every generated project that ends in a level
    word, before every department, beside one row that is not in doubt."""
    from tongbao.corpus.places import DEPARTMENTS
    from tongbao.corpus.webtables import PROJECTS
    from tongbao.normalize.jurisdictions import LEVEL_WORDS, jurisdiction_of

    where = jurisdiction_of("洛阳市西工区")  # the generator's tables name their division
    endings = [p for p in PROJECTS if p[-1] in LEVEL_WORDS]
    wrong = []
    for project in endings:
        for i, unit in enumerate(DEPARTMENTS):
            other = list(DEPARTMENTS)[i - 1]
            pairs = [(project, unit), ("河道综合治理", other)]
            if _glued_rows(pairs, where) != [list(p) for p in pairs]:
                wrong.append((project, unit, _glued_rows(pairs, where)))
    assert len(endings) == 4 and wrong == []


def test_a_project_ending_in_another_places_name_keeps_it_before_a_bare_unit():
    """乡村振兴示范县|住房和城乡建设局 in a 洛阳市西工区 table: 范县 (濮阳) is no place the table's
    units belong to, so it is the project's. Every county outside 洛阳, ending a project
    glued to a department, beside one row not in doubt."""
    from tongbao.normalize.gazetteer import gazetteer
    from tongbao.normalize.jurisdictions import jurisdiction_of

    where = jurisdiction_of("洛阳市西工区")
    counties = sorted({d.county for d in gazetteer().counties
                       if d.county and not d.path.startswith("河南省洛阳市")})
    departments = ["住房和城乡建设局", "商务局", "教育局", "民政局", "审计局", "林业局"]
    wrong = []
    for i, county in enumerate(counties):
        pairs = [("乡村振兴" + county, departments[i % 6]), ("河道综合治理", "财政局")]
        if _glued_rows(pairs, where) != [list(p) for p in pairs]:
            wrong.append((pairs[0], _glued_rows(pairs, where)[0]))
    assert len(counties) > 2500 and wrong == [], (len(wrong), wrong[:10])


def test_a_table_that_prints_its_level_word_before_every_unit_keeps_it():
    """高标准农田建设|市教育局 … 新型智慧城市|市财政局: every unit begins with the same level
    word, so it is the units', and a project ending in one keeps only its own (not
    智慧城|市市财政局, the level word typed twice). (A project whose last character and a
    县 make a county, 河道综合治|理县教育局, is a place's ambiguity, not this one.)"""
    from tongbao.corpus.places import DEPARTMENTS

    for level in "市区县":
        pairs = [("高标准农田建设", level + "教育局"), ("老旧小区改造", level + "林业局"),
                 ("新型智慧城市", level + "财政局")]
        assert _glued_rows(pairs) == [list(p) for p in pairs]
        # mixed level words are the projects': 智慧城市|林业局 and 经济开发区|教育局
        assert _glued_rows([("新型智慧城市", "林业局"), ("经济开发区", "教育局")]) == [
            ["新型智慧城市", "林业局"], ["经济开发区", "教育局"]]
    assert "市场监督管理局" in DEPARTMENTS and _glued_rows(
        [("新型智慧城市", "市场监督管理局"), ("河道综合治理", "教育局")]) == [
        ["新型智慧城市", "市场监督管理局"], ["河道综合治理", "教育局"]]


def test_a_crawled_table_whose_units_open_with_a_measure_word_is_no_running_text():
    """A row code glued before a name opening with 人 (001001人民防空办公室): 人 is a measure
    word (12人), but a code is no figure, so the table is no running text with counts of
    people. Every 三公 crawl of the first 120 seeds whose first unit opens so reads."""
    seen = 0
    for seed in range(120):
        t = make_table(random.Random(seed), "page.txt", "sangong")
        first = t.lines[0].cells[t.n_labels - 1] if t.n_labels else ""
        if not first.startswith("人"):
            continue
        ex = read_document(render_crawl(t, random.Random(seed + 1)).encode("utf-8"), t.file)
        assert ex.tables and {r.unit_raw for r in ex.records} >= {first}, seed
        seen += 1
    assert seen >= 3


NAMED_SCORES = [s for s in range(60) if make_table(random.Random(s), "p", "scores").variant["named"]][:6]


@pytest.mark.parametrize("seed", NAMED_SCORES)
def test_score_parts_named_with_de_fen_read_as_one_column_each(seed):
    """Score parts printed 基础工作得分 (a word the vocabulary knows ends a name it does not):
    one column each, as a web page and glued by a crawler. Cut at 得分, the crawl made 基础工作
    a group over 得分, read 8090170 as one figure and failed score_total falsely (12 of 42
    such pages before)."""
    t, ex = _page(seed, "scores", "html")
    assert _read(ex) == _truth(t) and _checks(ex) == _expected_checks(t)
    t, ex = _page(seed, "scores", "txt")
    truth = _truth(t)
    read = [k for k in _read(ex).elements() if k[2] is not None]
    assert read and all(k in truth for k in read)
    assert {p for r in ex.records for p in r.path} <= {p for r in records(t) for p in r["path"]}
    assert [c for c in ex.checks if c.status == "fail"] == []
