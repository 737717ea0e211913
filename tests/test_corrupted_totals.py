"""Change one printed number in a copy of a seed: exactly the matching check fails."""

from __future__ import annotations

import pytest

from tests.conftest import read_text, seed_path


def _failing(text: str):
    return [(c.table_id, c.check, c.scope, c.expected, c.actual)
            for c in read_text(text).checks if c.status == "fail"]


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.fixture(scope="module")
def seed000() -> str:
    return seed_path("000").read_text("utf-8")


def test_original_has_no_failing_check(seed000):
    assert _failing(seed000) == []


def test_wrong_unit_total(seed000):
    text = _replace_once(seed000, "公共服务\t4\t28", "公共服务\t4\t29")
    assert _failing(text) == [(1, "subtotal", "解放路街道办事处", 29, 28)]


def test_wrong_grand_total(seed000):
    text = _replace_once(seed000, "合计\t\t\t\t198", "合计\t\t\t\t197")
    # The text's 561 (= 198 + 363) names three totals equally well; now that none of them
    # is 561 it is compared with none: only the table's own total fails.
    assert _failing(text) == [(1, "total", "合计", 197, 198)]


def test_wrong_block_total_in_attachment2(seed000):
    text = _replace_once(seed000, "行政许可类\t40\t96", "行政许可类\t40\t95")
    assert _failing(text) == [(2, "subtotal", "区卫健委", 95, 96)]


def test_wrong_leaf_fails_its_unit_and_the_grand_total(seed000):
    text = _replace_once(seed000, "灯塔路街道 办事处\t公共文化服务领域\t公共服务\t3",
                         "灯塔路街道 办事处\t公共文化服务领域\t公共服务\t5")
    assert _failing(text) == [(1, "subtotal", "灯塔路街道办事处", 18, 20),
                              (1, "total", "合计", 198, 200)]


def test_wrong_score_total():
    text = seed_path("001").read_text("utf-8")
    text = _replace_once(text, "公安局\t4\t2\t13\t35\t54", "公安局\t4\t2\t13\t35\t55")
    assert _failing(text) == [(1, "score_total", "公安局", 55, 54)]


def test_wrong_annual_report_row_total():
    text = seed_path("003").read_text("utf-8")
    text = _replace_once(text, "(一) 予以公开\t43\t0\t0\t0\t0\t0\t43",
                         "(一) 予以公开\t43\t0\t0\t0\t0\t0\t44")
    # The template's own rules: a 总计-column figure is in its row's total and in the
    # column's outcomes sum, so exactly those two fail (annual_report_keys.yaml).
    assert sorted(_failing(text)) == [(2, "sec3_outcomes_sum", "total", 71, 72),
                                      (2, "sec3_row_total", "granted", 44, 43)]


def test_a_total_broken_by_an_unsure_ocr_reading_says_it_may_be_misread():
    """The same wrong total, once printed (a finding about the document) and once read by
    OCR with low confidence in one part (maybe our misreading): the message tells them apart."""
    from tongbao.extract.checks.arithmetic import OCR_SURE
    from tongbao.extract.checks.readings import check_table
    from tongbao.extract.tables.grid import Grid, GridCell
    from tongbao.extract.tables.headers import header_rows_of
    from tongbao.extract.tables.interpret import build_view

    def checks(confidence):
        rows = [["单位名称", "得分A", "得分B", "总分"], ["公安局", "4", "3", "6"]]
        cells = [GridCell(r, c, text, confidence=confidence if (r, c) == (1, 2) else 1.0)
                 for r, row in enumerate(rows) for c, text in enumerate(row)]
        grid = Grid(cells, 2, 4, "ocr")
        grid.header_rows = header_rows_of(grid)
        return [(c.check, c.status, c.message) for c in check_table(build_view(grid), "d", 1)]

    assert checks(OCR_SURE + 0.04) == [
        ("score_total", "fail", "printed 6 but the 2 parts add up to 7: differs by 1")]
    assert checks(0.62) == [
        ("score_total", "fail", "may be misread by OCR, not misprinted: row 1 column 2 '3' "
                                "(0.62) read with low confidence; printed 6 but the 2 parts "
                                "add up to 7: differs by 1")]
