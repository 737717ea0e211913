"""Dates and periods in every form the documents print them (tests/data/printed_dates.yaml),
and `tongbao show` on a notice dated in Chinese numerals."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tongbao.normalize.dates import is_date_line, parse_date, parse_period

TABLE = yaml.safe_load((Path(__file__).parent / "data" / "printed_dates.yaml").read_text("utf-8"))
REFERENCE = TABLE["reference"]


def _span(value) -> tuple[dt.date | None, dt.date] | None:
    return tuple(value) if value else None


def test_the_table_covers_at_least_forty_printed_forms():
    assert len(TABLE["dates"]) + len(TABLE["periods"]) + len(TABLE["annual_periods"]) >= 40


@pytest.mark.parametrize("text,date", TABLE["dates"].items())
def test_dates(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize("text,span", TABLE["periods"].items())
def test_periods(text, span):
    assert parse_period(text, reference=REFERENCE) == _span(span)


@pytest.mark.parametrize("text,span", TABLE["annual_periods"].items())
def test_annual_report_periods(text, span):
    assert parse_period(text, whole_year=True) == _span(span)


def test_a_period_without_its_year_needs_the_documents_date():
    assert parse_period("1月至6月") is None
    assert parse_period("1月至6月", reference=dt.date(2024, 7, 10)) == (
        dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    # A notice of January about 12月 reports on the December before.
    assert parse_period("12月", reference=dt.date(2024, 1, 8)) == (
        dt.date(2023, 12, 1), dt.date(2023, 12, 31))


@pytest.mark.parametrize("line", ["二〇二三年七月三日", "2023年7月3日", "2023-07-03",
                                  " 二〇二〇年二月二十九日 "])
def test_signature_date_lines(line):
    assert is_date_line(line)


@pytest.mark.parametrize("line", ["2023年1-6月", "二〇二三年七月", "现将有关情况通报如下。",
                                  "2023年7月3日召开全区政务公开工作会议，会议强调"])
def test_not_date_lines(line):
    assert not is_date_line(line)


NOTICE = """安阳市北关区人民政府办公室

关于{period}全区政务公开工作情况的通报

各街道办事处，区人民政府各部门：

现将有关情况通报如下。

二〇二三年七月三日

附件 1

单位名称\t发布信息数量
解放路街道办事处\t12
中山路街道办事处\t7
合计\t19
"""


@pytest.mark.parametrize("period", ["2023年1月至6月", "1月至6月", "二〇二三年一至六月"])
def test_show_reads_a_notice_dated_in_chinese_numerals(tmp_path, period):
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE.format(period=period), "utf-8")
    shown = subprocess.run([sys.executable, "-m", "tongbao.pipelines.cli", "show", str(path)],
                           capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert "issued 2023-07-03, period 2023-01-01 .. 2023-06-30" in shown.stdout
    as_json = subprocess.run([sys.executable, "-m", "tongbao.pipelines.cli", "show", str(path),
                              "--json"], capture_output=True, text=True, timeout=120)
    body = json.loads(as_json.stdout)
    doc = body["document"]
    assert (doc["issue_date"], doc["period_start"], doc["period_end"]) == (
        "2023-07-03", "2023-01-01", "2023-06-30")
    # 中山路街道办事处 is no street of 北关区: kept as printed, never placed in 广东省中山市.
    units = {r["unit_raw"]: (r["unit"], r["jurisdiction"], r["unit_status"]) for r in body["records"]}
    assert units["中山路街道办事处"] == ("中山路街道办事处", "河南省安阳市北关区", "unresolved")
    assert units["解放路街道办事处"] == ("解放路街道办事处", "河南省安阳市北关区", "gazetteer")


@pytest.mark.parametrize(("title", "period"), [
    ("上海市普陀区2023年区级部门预算", ("2023-01-01", "2023-12-31")),
    ("安阳市北关区教育局2022年度部门决算公开", ("2022-01-01", "2022-12-31")),
    ("关于2023年预算公开工作的通知", (None, None)),  # a notice dated by its year
    ("2023年第一季度预算执行情况的通报", ("2023-01-01", "2023-03-31")),
])
def test_a_years_budget_covers_the_year(title, period):
    from tongbao.extract.prose.metadata import read_metadata

    m = read_metadata([title, "编制单位：安阳市北关区教育局"])
    got = tuple(d and d.isoformat() for d in (m.period_start, m.period_end))
    assert (m.title, got) == (title, period)
