"""The five seed documents, read exactly (issue: foundation)."""

from __future__ import annotations

import datetime as dt

from tests.conftest import read_seed


def _checks(ex, table_id, check):
    return [c for c in ex.checks if c.table_id == table_id and c.check == check]


def test_seed000_attachment1_units_and_totals():
    ex = read_seed("000")
    t1 = ex.tables[0]
    assert t1.title == "附件1 4-6月区政府网站发布信息情况(各街道办事处、柏庄镇政府)"
    units = ["解放路街道办事处", "曙光路街道办事处", "豆腐营街道办事处", "彰北街道办事处",
             "民航路街道办事处", "灯塔路街道办事处", "洹北街道办事处", "彰东街道办事处",
             "柏庄镇政府", "红旗路街道办事处"]
    subtotals = _checks(ex, 1, "subtotal")
    assert [c.scope for c in subtotals] == units
    assert [c.expected for c in subtotals] == [28, 24, 23, 20, 20, 18, 18, 17, 16, 14]
    assert all(c.status == "pass" and c.actual == c.expected for c in subtotals)
    (grand,) = _checks(ex, 1, "total")
    assert (grand.scope, grand.expected, grand.actual, grand.status) == ("合计", 198, 198, "pass")
    assert len([c for c in ex.checks if c.table_id == 1]) == 11

    leaves = [r for r in ex.records if r.table_id == 1 and not r.is_total]
    canonical = [u.replace("镇政府", "镇人民政府") for u in units]
    assert {r.unit for r in leaves} == set(canonical)
    assert {r.unit_raw for r in leaves} == set(units)
    assert {r.jurisdiction for r in leaves} == {"河南省安阳市北关区"}
    assert {r.unit_status for r in leaves} == {"gazetteer"}
    assert sum(r.value for r in leaves) == 198
    # 解放路: 9 leaf counts under their domain / subcategory.
    jfl = [(r.path, r.value) for r in leaves if r.unit == "解放路街道办事处"]
    assert jfl[0] == (["公共文化服务领域", "公共服务", "发布信息数量"], 4)
    assert (["救灾领域", "灾后救助", "发布信息数量"], 3) in jfl
    assert (["养老服务领域", "发布信息数量"], 3) in jfl
    assert len(jfl) == 9
    # Rows that lost their leading tabs still sit under their unit (灯塔路: 养老服务领域 2).
    dtl = {r.path[0]: r.value for r in leaves if r.unit == "灯塔路街道办事处" and len(r.path) == 2}
    assert dtl["养老服务领域"] == 2
    unit_totals = [r for r in ex.records if r.table_id == 1 and r.is_total and r.unit]
    assert [r.value for r in unit_totals] == [28, 24, 23, 20, 20, 18, 18, 17, 16, 14]
    assert all(r.unit_type in ("street", "town") for r in leaves)


def test_seed000_attachment2_blocks_with_responsible_units():
    ex = read_seed("000")
    subtotals = _checks(ex, 2, "subtotal")
    assert [c.expected for c in subtotals] == [
        96, 31, 29, 28, 25, 24, 15, 14, 13, 13, 11, 10, 10, 9, 7, 7, 7, 5, 3, 2, 2, 2, 0]
    assert all(c.status == "pass" for c in subtotals)
    assert subtotals[0].scope == "区卫健委"
    assert subtotals[7].scope.startswith("区发改委、区自然资源局")
    (grand,) = _checks(ex, 2, "total")
    assert (grand.expected, grand.actual, grand.status) == (363, 363, "pass")
    # A non-numeric cell where a count belongs stays, as text with no value.
    (jump,) = [r for r in ex.records if r.value_raw == "跳转到国家税务局网站"]
    assert jump.value is None and jump.unit_raw == "区税务局" and jump.unit == "税务局"
    assert jump.path[:3] == ["税收管理领域", "政策法规", "税收政策"]


def test_seed001_score_tables():
    ex = read_seed("001")
    assert [t.title for t in ex.tables] == [
        "附件1 2021年4月份区直单位网站管理和政务信息公开情况",
        "附件2 2021年4月份各镇（街道）网站管理和政务信息公开情况"]
    scores = [c for c in ex.checks if c.check == "score_total"]
    assert len(scores) == 44 and all(c.status == "pass" for c in scores)
    assert len([c for c in scores if c.table_id == 1]) == 31
    assert len([c for c in scores if c.table_id == 2]) == 13
    by_unit = {c.scope: c.expected for c in scores}
    assert by_unit["公安局"] == 54 and by_unit["自然资源和规划局"] == 32.5
    assert by_unit["社保中心"] == 19 and by_unit["邙岭镇"] == 19
    # The repeated header row is a header, not a unit named 单位名称.
    assert not [r for r in ex.records if r.unit_raw == "单位名称"]
    rows = {(r.unit, r.metric): r.value for r in ex.records}
    assert rows[("自然资源和规划局", "政务信息公开得分")] == 13.5
    assert rows[("首阳山街道办事处", "总分")] == 40
    assert len(ex.records) == 44 * 5


def test_seed004_schedule_kept_whole_in_cells():
    ex = read_seed("004")
    assert ex.document.issue_date == dt.date(2021, 9, 6)
    (table,) = ex.tables
    assert table.n_rows == 30  # header + 29 rows
    cells = {(c.row, c.col): c.text for c in ex.cells}
    assert [cells[(0, c)] for c in range(4)] == ["序号", "时间", "单位", "备注"]
    assert cells[(1, 0)] == "1" and cells[(1, 1)] == "9月8日8:00" and cells[(1, 2)] == "区自然资源局"
    assert cells[(29, 0)] == "29" and cells[(29, 2)] == "柏庄镇政府"
    assert [cells[(r, 0)] for r in range(1, 30)] == [str(i) for i in range(1, 30)]
    assert all((r, 2) in cells for r in range(1, 30))
    assert not ex.records  # a schedule has no measured values


def test_seed_metadata():
    expected = {
        "000": ("安阳市北关区人民政府办公室", dt.date(2023, 7, 3), dt.date(2023, 4, 1),
                dt.date(2023, 6, 30), "notice"),
        "001": ("偃师区人民政府办公室", dt.date(2021, 5, 14), dt.date(2021, 4, 1),
                dt.date(2021, 4, 30), "notice"),
        "002": ("宝鸡市凤翔区人民政府办公室", dt.date(2023, 10, 11), dt.date(2023, 7, 1),
                dt.date(2023, 9, 30), "notice"),
        "003": ("灤河回族区人民政府", None, dt.date(2023, 1, 1), dt.date(2023, 12, 31),
                "annual_report"),
    }
    for prefix, (issuer, issued, start, end, kind) in expected.items():
        d = read_seed(prefix).document
        assert (d.issuer, d.issue_date, d.period_start, d.period_end, d.doc_kind) == (
            issuer, issued, start, end, kind), prefix
        assert d.status == "ok" and d.title


def test_seed003_request_table_rows_and_columns():
    ex = read_seed("003")
    t2 = [r for r in ex.records if r.table_id == 2]
    cell = {(tuple(r.path[:-1]), r.metric): r.value for r in t2}
    assert cell[(("三、本年度办理结果", "(四)无法提供", "1.本机关不掌握相关政府信息", "申请人情况"),
                 "自然人")] == 17
    # A row that lost its leading tabs is still under (五)不予处理.
    assert cell[(("三、本年度办理结果", "(五)不予处理", "5.要求行政机关确认或重新出具已获取信息",
                  "申请人情况", "法人或其他组织"), "其他")] == 0
    # An annual report's tables are checked by the template's rules, not the generic ones.
    by_rule = {}
    for c in ex.checks:
        by_rule.setdefault(c.check, []).append(c)
    assert {k: len(v) for k, v in by_rule.items()} == {
        "sec3_balance": 7, "sec3_outcomes_sum": 7, "sec3_row_total": 25, "sec4_totals": 3,
        "prose_table": 3, "fact_parts_sum": 1}
    assert all(c.status == "pass" for c in ex.checks)
    (outcomes,) = [c for c in by_rule["sec3_outcomes_sum"] if c.scope == "total"]
    assert (outcomes.expected, outcomes.actual) == (71, 71)


def test_form_feeds_are_page_breaks():
    from tests.conftest import read_text
    text = "关于工作情况的通报\n\f第二页\n\n附件1\n\n单位名称\t得分1\t得分2\t总分\n教育局\t1\t2\t3\n"
    ex = read_text(text)
    assert ex.document.n_pages == 2
    assert (ex.tables[0].page_first, ex.tables[0].page_last) == (2, 2)
    assert {r.page for r in ex.records} == {2}
