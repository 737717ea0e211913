"""Counts in the prose: facts from sentences, checked like tables (issue: counts in the prose)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import read_seed, read_text, seed_path
from tongbao.extract.checks.arithmetic import settle
from tongbao.extract.document import read_document
from tongbao.extract.prose.facts import read_facts
from tongbao.normalize.units import jurisdiction_of

DATA = Path(__file__).parent / "data"
BEIGUAN = jurisdiction_of("安阳市北关区人民政府办公室")


def _facts(text: str, context=BEIGUAN):
    return read_facts([text], None, "d", context, settle=settle)


def _rows(facts):
    return [(f.kind, f.subject, f.unit, f.value, f.measure, f.parent_fact_id) for f in facts]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_the_complete_list_of_facts_in_each_seed(prefix):
    expected = yaml.safe_load((DATA / "seed_facts.yaml").read_text("utf-8"))[prefix] or []
    got = [[f.fact_id, f.kind, f.subject, f.unit, f.value, f.measure, f.parent_fact_id,
            f.approximate] for f in read_seed(prefix).facts]
    assert got == expected


def test_seed002_wholes_parts_units_and_lists():
    ex = read_seed("002")
    by_id = {f.fact_id: f for f in ex.facts}
    wholes = {f.subject: f for f in ex.facts if f.kind == "count"}
    mayor = wholes["区长信箱受理群众来信"]
    parts = [f for f in ex.facts if f.parent_fact_id == mayor.fact_id]
    assert (mayor.value, [(p.subject, p.value) for p in parts]) == (
        106, [("问题咨询", 26), ("意见建议", 16), ("求助", 23), ("投诉", 41)])
    city = wholes["市长信箱受理群众来信"]
    assert [p.value for p in ex.facts if p.parent_fact_id == city.fact_id] == [3, 7, 6, 12, 21]
    problems = wholes["市上检测反馈网站问题"]
    spread = [p for p in ex.facts if p.parent_fact_id == problems.fact_id]
    assert len(spread) == 13 and sum(p.value for p in spread) == 27 == problems.value
    assert spread[3].unit == "财政局" and spread[3].value == 7 and spread[-1].unit == "柳林镇人民政府"
    members = {}
    for f in ex.facts:
        if f.kind == "member":
            members.setdefault(f.subject, []).append(f.unit)
    assert len(members["完成目标任务的单位"]) == 11 + 7
    assert members["做的好的单位"][-1] == "高新区管理委员会"
    assert members["新闻信息发布为0"] == ["审计局", "林业局", "乡村振兴局", "彪角镇人民政府",
                                         "横水镇人民政府", "陈村镇人民政府"]
    assert len(members["没有完成国办公开办转发任务"]) == 12
    assert all(f.value is None for f in ex.facts if f.kind == "member")
    fact_checks = [c for c in ex.checks if c.check.startswith("fact")]
    assert [(c.scope, c.status) for c in fact_checks] == [
        ("区长信箱受理群众来信", "pass"), ("市长信箱受理群众来信", "pass"), ("市上检测反馈网站问题", "pass")]
    assert by_id[1].subject == "发布新闻、数据、互动等信息"


def test_seed000_prose_against_both_attachments():
    ex = read_seed("000")
    (link,) = [c for c in ex.checks if c.check == "prose_table"]
    assert (link.expected, link.actual, link.status) == (561, 561, "pass")
    assert "sum of the grand totals of tables 1, 2" in link.scope
    (rate,) = [c for c in ex.checks if c.check == "fact_rate"]
    assert (rate.scope, rate.expected, rate.actual, rate.status) == ("办结率", 100, 100, "pass")


def test_seed003_prose_against_its_table():
    ex = read_seed("003")
    links = [(c.expected, c.actual, c.status) for c in ex.checks if c.check == "prose_table"]
    assert links == [(78, 78, "pass"), (71, 71, "pass"), (7, 7, "pass")]
    (approx,) = [f for f in ex.facts if f.approximate]
    assert (approx.value, approx.value_raw) == (1700, "1700 余条")


def _failing(text: str):
    return [(c.check, c.scope, c.expected, c.actual) for c in read_text(text).checks
            if c.status == "fail"]


def _altered(prefix: str, old: str, new: str) -> str:
    text = seed_path(prefix).read_text("utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_altered_figures_fail_exactly_their_check():
    # Its words name three totals equally well (198, 52 and 198 + 363): the text agrees when
    # one of them is its figure, and is compared with none of them otherwise.
    assert _failing(_altered("000", "基层政务公开领域发布 561 条", "基层政务公开领域发布 562 条")) == []
    assert _failing(_altered("000", "办结11个，办结率", "办结10个，办结率")) == [
        ("fact_rate", "办结率", 100, 90.91)]
    assert _failing(_altered("002", "问题咨询26件", "问题咨询27件")) == [
        ("fact_parts_sum", "区长信箱受理群众来信", 106, 107)]
    assert _failing(_altered("002", "财政局7条", "财政局8条")) == [
        ("fact_parts_sum", "市上检测反馈网站问题", 27, 28)]
    assert _failing(_altered("003", "其中 71 项", "其中 72 项")) == [
        ("fact_parts_sum", "全区受理政府信息公开申请", 78, 79),
        ("prose_table", "已在法定期限内予以答复 ~ sec3.total_processed.total", 72, 71)]


@pytest.mark.parametrize("sentence,whole,parts", [
    ("区长信箱共受理群众来信106件(其中:问题咨询26件,意见建议16件,求助23件,投诉41件)。",
     ("区长信箱受理群众来信", 106), [("问题咨询", 26), ("意见建议", 16), ("求助", 23), ("投诉", 41)]),
    ("本季度共受理来信一百零六件（其中：咨询二十六件、建议八十件）。",
     ("本季度受理来信", 106), [("咨询", 26), ("建议", 80)]),
    ("全年累计办理申请１２件，其中：依申请公开１０件，转办２件。",
     ("全年办理申请", 12), [("依申请公开", 10), ("转办", 2)]),
    ("共发布信息 1,234 条，其中政策解读 1,200 条、图解 34 条。",
     ("发布信息", 1234), [("政策解读", 1200), ("图解", 34)]),
    ("本年收费合计12.5万元（其中：复制费7.5万元，邮寄费5万元）。",
     ("本年收费", 12.5), [("复制费", 7.5), ("邮寄费", 5)]),
    # 共 is an adverb before a verb only: inside a name it stays (it was dropped anywhere:
    # 公资源交易中心, 乐街道办事处, 办理公服务事项)
    ("共办理公共服务事项12件（其中：共享平台事项5件，公共法律服务7件）。",
     ("办理公共服务事项", 12), [("共享平台事项", 5), ("公共法律服务", 7)]),
])
def test_wholes_and_parts_in_many_phrasings(sentence, whole, parts):
    facts, checks = _facts(sentence)
    assert (facts[0].subject, facts[0].value) == whole
    assert [(f.subject, f.value) for f in facts[1:]] == parts
    assert all(f.parent_fact_id == facts[0].fact_id for f in facts[1:])
    assert [c.status for c in checks] == ["pass"]


def test_a_partial_breakdown_after_qizhong_is_not_a_failure():
    facts, checks = _facts("共发布信息500条，其中政策解读30条、图解20条。")
    assert [(c.status, c.message) for c in checks] == [
        ("skipped", "the parts after 其中 may name only some of the whole")]
    facts, checks = _facts("共发布信息50条，其中政策解读30条、图解30条。")
    assert [c.status for c in checks] == ["fail"]  # parts can never exceed the whole


@pytest.mark.parametrize("sentence,subject", [
    ("全区政务服务事项共89项。", "全区政务服务事项"),  # 共 right before the figure
    ("全区政务服务事项共有89项。", "全区政务服务事项"),
    ("区长信箱共受理群众来信12件。", "区长信箱受理群众来信"),  # 共 before a verb
    ("全区12345热线共接听来电86,542个。", "全区12345热线接听来电"),
    ("共有产权住房保障中心受理申请5件。", "共有产权住房保障中心受理申请"),  # in a name
    ("公共资源交易中心发布信息5条。", "公共资源交易中心发布信息"),
])
def test_gong_is_dropped_as_an_adverb_only(sentence, subject):
    facts, _ = _facts(sentence)
    assert [f.subject for f in facts] == [subject]


@pytest.mark.parametrize("said", ["", "为", "达", "达到", "均为", "是"])
def test_a_rate_said_to_be_its_figure_is_named_and_checked_alike(said):
    """办结率为98.4%, 办结率达98.4%: the copula is no part of the rate's name, which is
    checked against the counts it is the ratio of, whichever is printed."""
    facts, checks = _facts(f"共受理群众诉求3200件，办结3150件，办结率{said}90%。")
    assert [(f.subject, f.value) for f in facts] == [
        ("受理群众诉求", 3200.0), ("办结", 3150.0), ("办结率", 90.0)]
    assert [(c.check, c.expected, c.actual, c.status) for c in checks] == [
        ("fact_rate", 90.0, 98.44, "fail")]


@pytest.mark.parametrize("sentence,status,actual", [
    # of the 600 sent on, printed between the whole and the count it names
    ("共受理群众诉求3000件，自行处理2400件，派单600件，按时结案594件，按时结案率99%。", "pass", 99.0),
    # of a sum (answered at once and closed, of all): no count printed gives it
    ("共受理热线事项7000宗，当场答复5000宗，转办2000宗，办结1900宗，办结率98.57%。", "skipped", None),
])
def test_a_rate_of_a_count_printed_after_the_first_is_never_failed_against_the_first(
        sentence, status, actual):
    """A rate's base is the sentence's first count only where no other count stands between
    them. Two real hotline notices failed falsely (597 of 2877 for 按时结案率99%, of 601
    sent on; 1898 of 7227 for 办结率97.01%, of 5113 + 1898)."""
    _, checks = _facts(sentence)
    assert [(c.check, c.status, c.actual) for c in checks] == [("fact_rate", status, actual)]


def test_a_breakdown_after_a_list_is_never_of_the_lists_last_item():
    """Two lists in a row (按信访目的分类：…、意见建议19件。按信件类型分类：建议类21件、…): the
    second was read as the parts of the first's last item (a real 信箱 report: 26 facts
    under 意见建议). A list's last item is carried to no next sentence."""
    facts, checks = _facts("本月共收到群众来信70件，其中区委书记信箱20件，区长信箱50件。"
                           "其中按信访目的分类：揭发控告2件、求决45件、申诉3件、意见建议20件。"
                           "按信件类型分类：建议类25件、投诉20件、举报15件、咨询10件。")
    by_id = {f.fact_id: f for f in facts}
    assert not [f.subject for f in facts if f.parent_fact_id
                and by_id[f.parent_fact_id].subject == "意见建议"]
    assert [c.status for c in checks if c.check == "fact_parts_sum"] == ["pass"]


@pytest.mark.parametrize("last,status", [(18, "pass"), (10, "skipped")])
def test_a_breakdown_by_aspect_set_apart_by_semicolons_is_one_list(last, status):
    """从申请方式看，当面申请12件，占9.4%；网络申请98件，…: each item with its share, apart by
    semicolons, is a part of the count before; a breakdown short of it may name only some."""
    facts, checks = _facts(f"全年共收到申请128件。从申请方式看，当面申请12件，占9.4%；"
                           f"网络申请98件，占76.6%；信函申请{last}件，占14.0%。")
    whole = facts[0].fact_id
    assert [(f.subject, f.value, f.parent_fact_id) for f in facts if f.kind == "count"
            or f.kind == "part"] == [("全年收到申请", 128.0, None), ("当面申请", 12.0, whole),
                                    ("网络申请", 98.0, whole), ("信函申请", float(last), whole)]
    # each share named by its part and checked against it: 10 of 128 is no 14.0%, but where
    # the list may name only some of the 128 (its sum skipped) no claim is made
    assert [(f.subject, f.value) for f in facts if f.kind == "rate"] == [
        ("当面申请占比", 9.4), ("网络申请占比", 76.6), ("信函申请占比", 14.0)]
    assert [(c.check, c.actual, c.status) for c in checks] == [
        ("fact_parts_sum", 110.0 + last, status), ("fact_rate", 9.38, "pass"),
        ("fact_rate", 76.56, "pass"), ("fact_rate", round(100 * last / 128, 2), status)]


@pytest.mark.parametrize("sentence,subjects", [
    ("区住建局、区城管局和区教育局分别受理12件、8件和5件。",
     ["区住建局受理", "区城管局受理", "区教育局受理"]),
    ("区财政局和区发展和改革委员会分别为12件、8件。", ["区财政局", "区发展和改革委员会"]),
    ("住房和城乡建设局、区城管局分别办理12件、8件。", ["住房和城乡建设局办理", "区城管局办理"]),
    ("共受理来信12件、来访8件和来电5件。", ["受理来信", "来访", "来电"]),
    ("区财政局和区民政局和区教育局分别受理12件、8件和5件。",
     ["区财政局受理", "区民政局受理", "区教育局受理"]),  # three units, each joined by 和
    ("受理来信12件和8件。", ["受理来信", None]),  # 和 before a bare figure: no name to give
    ("全区数量分别为12件、8件。", [None, None]),  # nor the next item's words
    # as many names as figures, or the names are left alone
    ("区住建局和区城管局分别受理12件、8件和5件。", ["区住建局和区城管局分别受理", None, None]),
])
def test_names_before_fenbie_name_the_figures_after_it_in_turn(sentence, subjects):
    """甲、乙和丙分别受理12件、8件和5件: each figure is its name's (a 和 inside a unit's name,
    住房和城乡建设局, is no joint); and no name is one said of all (no member facts)."""
    facts, _ = _facts(sentence)
    assert [(f.subject or None, f.value) for f in facts] == list(zip(subjects, [12.0, 8.0, 5.0][:len(subjects)], strict=True))


@pytest.mark.parametrize("sentence,units", [
    ("区教育局、区民政局和区财政局未按时更新栏目。", ["教育局", "民政局", "财政局"]),
    ("区住建局和区城管局未按时更新栏目。", ["住房和城乡建设局", "城市管理局"]),
    ("区教育局、区民政局和住房和城乡建设局未按时更新栏目。", ["教育局", "民政局", "住房和城乡建设局"]),
    ("人力资源和社会保障局未按时更新栏目。", []),  # one unit, its name holding 和: no list
])
def test_units_listed_with_he_before_the_last_share_what_is_said(sentence, units):
    """甲、乙和丙未按时更新栏目: the last unit is joined by 和, and what follows is said of all
    three (the last was read into the predicate: 和丙未按时更新栏目, of 甲 and 乙 only)."""
    facts, _ = _facts(sentence)
    assert [(f.kind, f.subject, f.unit) for f in facts] == [
        ("member", "未按时更新栏目", u) for u in units]


@pytest.mark.parametrize("sentence,subject", [
    ("全区查处违法行为12起。", "全区查处违法行为"),  # 为 of a word, not a copula
    ("收到申请总数为46件。", "收到申请总数"),
    ("投诉占比为12%。", "投诉占比"),
])
def test_a_copula_is_dropped_after_a_quantity_only(sentence, subject):
    facts, _ = _facts(sentence)
    assert [f.subject for f in facts] == [subject]


def test_parts_stated_with_their_shares_may_nest_and_are_not_claimed():
    """A real 平潭 report: 89 items, of which 57 licences and 45 'no trip needed' (78.9% of
    the 57) - a share of a part, not a second part: no failing claim."""
    facts, checks = _facts("全区政务服务事项共有89项，其中行政许可57项，实现“一趟不用跑”的有45项，"
                           "占比78.9%。")
    sums = [c for c in checks if c.check == "fact_parts_sum"]
    assert [(c.status, c.expected, c.actual) for c in sums] == [("skipped", 89, 102)]
    # without shares, the same parts exceeding their whole are a claim
    facts, checks = _facts("全区政务服务事项共有89项，其中行政许可57项，即办件45项。")
    assert [c.status for c in checks if c.check == "fact_parts_sum"] == ["fail"]


def test_a_total_over_units():
    facts, checks = _facts("市上检测反馈网站问题5条，分别是区住建局3条、区人社局1条、柏庄镇1条。")
    assert [(f.unit, f.value) for f in facts[1:]] == [
        ("住房和城乡建设局", 3), ("人力资源和社会保障局", 1), ("柏庄镇人民政府", 1)]
    assert {f.subject for f in facts} == {"市上检测反馈网站问题"}
    assert [c.status for c in checks] == ["pass"]


def test_a_figure_alone_in_brackets_after_a_name_is_the_names():
    """区住建局（3条）: the bracket's figure is the unit's, in a list of parts as after 分别为;
    a bracket after a figure (办结15件（75%）) stays an aside to that figure."""
    facts, checks = _facts("市上检测反馈网站问题5条，分别是区住建局（3条）、区人社局（1条）、柏庄镇（1条）等。")
    assert [(f.unit, f.value) for f in facts[1:]] == [
        ("住房和城乡建设局", 3), ("人力资源和社会保障局", 1), ("柏庄镇人民政府", 1)]
    assert [c.status for c in checks] == ["pass"]
    facts, _ = _facts("受理量前两位的单位分别为区住建局（56件）、区城管局（41件）。办结15件（75%）。")
    assert [(f.subject, f.value) for f in facts] == [
        ("区住建局", 56), ("区城管局", 41), ("办结", 15), (None, 75)]


@pytest.mark.parametrize("sentence,subject", [
    ("各镇（街道）共受理信件120件。", "各镇(街道)受理信件"),  # an aside after a name is the name's
    ("区财政局（含国库中心）受理申请32件。", "区财政局(含国库中心)受理申请"),
    ("（二）公务接待费1.35万元。", "公务接待费"),  # a heading's number is no aside
    ("受理来信50件（其中咨询20件），来访30件。", "来访"),  # nor a figure's own bracket
])
def test_a_bracket_after_a_word_is_an_aside_in_the_subject(sentence, subject):
    facts, _ = _facts(sentence)
    assert facts[-1].subject == subject


def test_rates_against_numerator_and_denominator():
    _, checks = _facts("共受理网民留言20个，办结15个，办结率75%。")
    assert [(c.check, c.expected, c.actual, c.status) for c in checks] == [
        ("fact_rate", 75, 75, "pass")]
    _, checks = _facts("共受理网民留言20个，办结15个，办结率100%。")
    assert [c.status for c in checks] == ["fail"]


def test_approximations():
    facts, _ = _facts("今年以来，全区共发布主动公开信息1700余条，约300人次参加培训，近千件。")
    assert [(f.value, f.approximate, f.measure) for f in facts] == [
        (1700, True, "条"), (300, True, "人次"), (1000, True, "件")]


def test_a_figure_with_a_magnitude_is_its_value_rounded_and_its_parts_unclaimed():
    """2.3万条 is 23,000, rounded to its last digit: parts adding up to 23,040 may be right,
    so the check is skipped, never failed; 1.5万元 stays 1.5 in 万元, 3万余元 is 30,000 元."""
    facts, checks = _facts("全年共发布信息2.3万条，其中政策文件3500条、政策解读1200条、"
                           "其他信息18340条。资金1.5万元，补助3万余元，服务群众1.2万人次。")
    assert [(f.value, f.measure, f.approximate) for f in facts] == [
        (23000, "条", True), (3500, "条", False), (1200, "条", False), (18340, "条", False),
        (1.5, "万元", False), (30000, "元", True), (12000, "人次", True)]
    assert [(c.expected, c.actual, c.status) for c in checks] == [(23000, 23040, "skipped")]


@settings(max_examples=60, deadline=None)
@given(hundredths=st.integers(1, 99_999_999), magnitude=st.sampled_from(["万", "亿"]))
def test_a_figure_with_a_magnitude_is_the_number_it_prints(hundredths, magnitude):
    """41.91万件 is 419,100, never 419,099.99999999994 (a real 12345 hotline report
    read so): the magnitude is applied without the float's error."""
    printed = f"{hundredths // 100}.{hundredths % 100:02d}"
    facts, _ = _facts(f"本周热线共办理为民服务事项{printed}{magnitude}件。")
    scale = {"万": 100, "亿": 1_000_000}[magnitude]
    assert [f.value for f in facts] == [hundredths * scale]


@pytest.mark.parametrize("sentence, parts, total, status", [
    ("共办理人大代表建议48件、政协委员提案62件，共计110件，办结率100%。", [48, 62], 110, "pass"),
    ("收到咨询类工单1,250件，投诉类工单860件，建议类工单390件，合计2510件。", [1250, 860, 390], 2510,
     "fail"),
    ("区住建局、区城管局分别发布信息58条、72条，合计130条。", [58, 72], 130, "pass"),
    ("受理来信50件，办结率96%，来访30件，共81件。", [50, 30], 81, "skipped"),  # a rate among them
])
def test_a_total_printed_after_its_parts(sentence, parts, total, status):
    """甲48件、乙62件，共计110件: the counts before the total, of no whole yet, are its parts;
    with a figure of another kind among them, a miss is only skipped."""
    facts, checks = _facts(sentence)
    word = next(w for w in ("共计", "合计", "共") if f"{w}{total}" in sentence)
    by_id = {f.fact_id: f for f in facts}
    assert [(f.value, by_id[f.parent_fact_id].subject) for f in facts if f.kind == "part"] == \
        [(p, word) for p in parts]
    assert [(c.scope, c.expected, c.actual, c.status) for c in checks
            if c.check == "fact_parts_sum"] == [(word, total, sum(parts), status)]


@pytest.mark.parametrize("sentence, parts, status", [
    ("本季度受理群众来信来访共计89件（来信45件、来访44件），均已办结。", [45, 44], "pass"),
    ("受理106件（上年结转5件、本年新收101件）。", [5, 101], "pass"),
    ("办结326件（按期办结320件，延期办结5件）。", [320, 5], "skipped"),  # no 其中: maybe some
    ("收到申请106件（上年结转5件），", [], None),  # one figure: no list
    ("公开文件1200条（2023年1100条、2022年1000条）。", [], None),  # other periods
    ("共发布信息1200条（政策文件800条，占66.7%）。", [], None),  # a share beside it
])
def test_a_bracket_opened_by_no_word(sentence, parts, status):
    """受理89件（来信45件、来访44件）: two figures or more in the whole's measure, none a change,
    a share or another period, are its parts; a miss is skipped, the bracket naming no 其中."""
    facts, checks = _facts(sentence)
    assert [f.value for f in facts if f.kind == "part"] == parts
    assert [c.status for c in checks if c.check == "fact_parts_sum"] == ([status] if status else [])


def test_a_list_after_a_bracket_aside_is_the_figures_before_it():
    """35件（上年结转2件），其中…: the bracket is an aside; the list is 35's."""
    facts, checks = _facts("本年度共收到政府信息公开申请35件（上年结转2件），其中自然人申请30件、"
                           "法人或其他组织申请5件。")
    by_id = {f.fact_id: f for f in facts}
    assert [(f.subject, f.value, by_id[f.parent_fact_id].value) for f in facts if f.parent_fact_id] \
        == [("自然人申请", 30, 35), ("法人或其他组织申请", 5, 35)]
    assert [(c.expected, c.actual, c.status) for c in checks] == [(35, 35, "pass")]


@pytest.mark.parametrize("last, status", [(500, "pass"), (501, "skipped")])
def test_a_sentence_ending_in_rates_hands_its_count_to_the_next(last, status):
    """…工单2,345件，按时办结率98.5%。其中，咨询类…: the list in the next sentence is the
    count's, past its rates; unsure there, so a miss is skipped."""
    facts, checks = _facts(f"本季度共受理工单2,345件，按时办结率98.5%，群众满意率96.2%。其中，"
                           f"咨询类1,200件，求助类645件，投诉类{last}件。")
    assert [f.kind for f in facts] == ["count", "rate", "rate", "part", "part", "part"]
    assert [(c.expected, c.status) for c in checks if c.check == "fact_parts_sum"] == \
        [(2345, status)]


def test_a_running_total_is_no_total_of_the_figures_before_it():
    """一季度100条、二季度120条，累计350条: 累计 may add earlier periods; no check."""
    facts, checks = _facts("一季度发布信息100条、二季度120条，累计350条。")
    assert [f.kind for f in facts] == ["count", "count", "count"] and not checks


def test_lists_of_units_with_and_without_a_heading():
    facts, _ = _facts("完成目标任务的单位有区住建局、区人社局和柏庄镇。")
    assert [(f.kind, f.subject, f.unit, f.value) for f in facts] == [
        ("member", "完成目标任务的单位", u, None)
        for u in ("住房和城乡建设局", "人力资源和社会保障局", "柏庄镇人民政府")]
    facts, _ = _facts("区统计局、区税务局、解放路街道办事处信息发布为0。")
    assert [(f.subject, f.unit) for f in facts] == [
        ("信息发布为0", "统计局"), ("信息发布为0", "税务局"), ("信息发布为0", "解放路街道办事处")]
    # a list of topics, not units, is no membership
    assert _facts("规划计划、公务员招考、预算绩效管理信息发布为0。")[0] == []


@pytest.mark.parametrize("sentence", [
    "2023年10月11日，区政府办公室印发通知。",
    "根据《关于做好政务公开工作的通知》（北政办〔2021〕30号）要求。",
    "联系电话：0372-5123456，联系方式：67777396。",
    "现将第二季度情况通报如下。",
    "政务信息公开工作（2021 年第 5 期）。",
    "按照条例第二十条规定公开。",
    "确保群众5个工作日内收到办理结果。",
    "确保“两微一端”每周更新内容不少于2次。",
    "涉及 26 个试点领域的区政府相关部门。",
    "坚持24小时读网与检查指导。",
])
def test_no_false_facts(sentence):
    assert _facts(sentence)[0] == []


def test_a_quoted_budget_item_before_its_amount_is_the_figures_subject():
    """财政拨款支出主要内容: 1. “一般公共服务支出（类）统计信息事务（款）统计管理（项）”2.63万元.
    The item's own （类）（款）（项） marks cut the clause, which left the subject ”; the quoted
    name is the subject, for every 类/款/项 path of the generator's classification."""
    import unicodedata

    from tongbao.corpus.budget import CATALOGUE

    lines, want = [], []
    for (_, kind), sections in CATALOGUE.items():
        for (_, section), items in sections.items():
            for k, (_, item) in enumerate(items):
                name = f"{kind}（类）{section}（款）{item}（项）"
                lines.append(f"{len(lines) + 1}. “{name}”{k + 1}.5万元，主要用于{item}。")
                want.append((unicodedata.normalize("NFKC", name), k + 1.5))
    text = "2023年部门预算\n财政拨款支出主要内容如下：\n" + "\n".join(lines) + "\n"
    ex = read_document(text.encode("utf-8"), "budget.txt")
    got = [(f.subject, f.value) for f in ex.facts if f.kind == "count"]
    assert len(want) >= 15 and got == want


@pytest.mark.parametrize("unit", ["万元", "亿元", "千元", "万人", "千件"])
def test_a_unit_is_no_figure_but_an_approximate_magnitude_is(unit):
    """本年收费金额（单位：万元）: a crawled annual report's table header read as a count of
    10,000 元. A number of magnitudes alone (万, 千万) counts only with a word making it
    approximate (近千件, 约万人)."""
    text = f"2023年工作情况的通报\n本年收费金额（单位：{unit}）。全年共受理近千件。\n"
    ex = read_document(text.encode("utf-8"), "n.txt")
    assert [(f.value, f.value_raw, f.approximate) for f in ex.facts] == [(1000.0, "近千件", True)]


def test_each_count_of_a_run_of_counts_has_its_own_subject():
    """全年公开施工许可证76条、安全生产许可证121条、排水许可证5条: each figure's subject is what
    stands between it and the figure before it (the 2019 Pingtan report read 安全生产许可证's
    subject as 全年公开施工许可证76条、安全生产许可证); two figures printed together (在建工程
    1项12277.73万元) share one."""
    text = ("2023年工作情况的通报\n各单位：\n全年公开施工许可证76条、安全生产许可证121条、排水许可证5条。"
            "在建工程1项12277.73万元。\n")
    ex = read_document(text.encode("utf-8"), "n.txt")
    assert [(f.subject, f.value) for f in ex.facts] == [
        ("全年公开施工许可证", 76.0), ("安全生产许可证", 121.0), ("排水许可证", 5.0),
        ("在建工程", 1.0), ("在建工程", 12277.73)]


def test_a_heading_line_is_no_part_of_the_next_figures_subject():
    """A PDF's lines are rejoined into sentences; a line opening with an outline number
    starts a sentence, and a heading (no punctuation) ends one: the budget's
    六、其他相关情况说明 / 一、2023年“三公”经费预算情况说明 / 2023年“三公”经费预算数为22.91万元
    read 万元其他相关情况说明一、2023年“三公”经费预算情况说明2023年“三公”经费预算数为."""
    lines = ["部门预算编制说明", "各单位：", "收入预算16497.86万元，事业收入0", "万元", "六、其他相关情况说明",
             "一、2023年“三公”经费预算情况说明", "2023年“三公”经费预算数为22.91万元，比上年减少",
             "1.5万元。", "1.“统计管理（项）”2.63万元，主要用于统计", "管理。"]
    facts, _ = read_facts(lines, None, "d")
    assert [(f.subject, f.value) for f in facts if f.kind == "count"] == [
        ("收入预算", 16497.86), ("事业收入", 0.0), ("2023年“三公”经费预算数", 22.91),
        ("统计管理(项)", 2.63)]


def test_a_parts_own_parts_are_checked_against_it_never_against_the_whole():
    facts, checks = _facts("全县共受理依申请公开106件，其中：网络申请60件（其中微信30件、网站31件），"
                           "当面申请46件，含电话申请10件。")
    assert _rows(facts) == [
        ("count", "全县受理依申请公开", None, 106, "件", None), ("part", "网络申请", None, 60, "件", 1),
        ("part", "微信", None, 30, "件", 2), ("part", "网站", None, 31, "件", 2),
        ("part", "当面申请", None, 46, "件", 1), ("part", "电话申请", None, 10, "件", 5)]
    assert [(c.scope, c.expected, c.actual, c.status) for c in checks] == [
        ("网络申请", 60, 61, "fail"), ("全县受理依申请公开", 106, 106, "pass")]


def test_parts_after_a_change_are_the_counts_before_it():
    facts, checks = _facts("共受理诉求300件，较上季度减少20件，其中咨询100件、投诉210件。")
    assert [(f.kind, f.subject, f.parent_fact_id) for f in facts] == [
        ("count", "受理诉求", None), ("change", "较上季度减少", None), ("part", "咨询", 1),
        ("part", "投诉", 1)]
    assert [(c.scope, c.expected, c.actual, c.status) for c in checks] == [
        ("受理诉求", 300, 310, "fail")]


def test_parts_after_a_rate_go_with_the_count_before_it_and_a_miss_accuses_no_one():
    """Across a rate the list may be another figure's (共受理90件，办结85件，办结率94.4%，其中…):
    read as 办结's, a sum that misses is skipped, saying why, never a failing check."""
    facts, checks = _facts("共受理网民留言90件，办结85件，办结率94.4%，其中按期办结80件、超期办结6件。")
    assert [(f.kind, f.subject, f.parent_fact_id) for f in facts] == [
        ("count", "受理网民留言", None), ("count", "办结", None), ("rate", "办结率", None),
        ("part", "按期办结", 2), ("part", "超期办结", 2)]
    sums = [c for c in checks if c.check == "fact_parts_sum"]
    assert [(c.scope, c.expected, c.actual, c.status) for c in sums] == [("办结", 85, 86, "skipped")]
    assert "not printed right after 85" in sums[0].message


def test_a_list_after_a_colon_goes_on_across_semicolons_only_item_by_item():
    facts, checks = _facts("共收到申请58件，其中：当面申请12件；传真、信函申请6件；网络申请40件。")
    assert [(f.kind, f.subject, f.value, f.parent_fact_id) for f in facts] == [
        ("count", "收到申请", 58, None), ("part", "当面申请", 12, 1),
        ("part", "传真、信函申请", 6, 1), ("part", "网络申请", 40, 1)]
    assert [c.status for c in checks] == ["pass"]
    # a semicolon after a list of two ends the list: 办结100件 is a count of its own
    facts, checks = _facts("共受理106件，其中：咨询26件、投诉80件；办结100件。")
    assert [(f.kind, f.value, f.parent_fact_id) for f in facts] == [
        ("count", 106, None), ("part", 26, 1), ("part", 80, 1), ("count", 100, None)]


def test_a_list_after_qizhong_without_a_colon_goes_on_across_semicolons_where_it_adds_up():
    """其中 within the sentence, items apart by semicolons, each with its own parts in a bracket
    opened by no word (a survey's 政务新媒体 notice): all three are the whole's, each bracket
    the figure's before it; a semicolon list that does not add up ends at its first item."""
    facts, checks = _facts("检查政务新媒体共30个,其中微信公众号18个(市直单位5个,县区13个);"
                           "新浪微博7个(市直单位2个,县区5个);抖音5个(市直单位4个,县区1个)。")
    assert [(f.kind, f.subject, f.value, f.parent_fact_id) for f in facts] == [
        ("count", "检查政务新媒体", 30, None), ("part", "微信公众号", 18, 1),
        ("part", "市直单位", 5, 2), ("part", "县区", 13, 2), ("part", "新浪微博", 7, 1),
        ("part", "市直单位", 2, 5), ("part", "县区", 5, 5), ("part", "抖音", 5, 1),
        ("part", "市直单位", 4, 8), ("part", "县区", 1, 8)]
    assert [(c.scope, c.status) for c in checks] == [
        ("微信公众号", "pass"), ("新浪微博", "pass"), ("抖音", "pass"), ("检查政务新媒体", "pass")]
    facts, checks = _facts("共受理30件，其中咨询10件；办结28件。")
    assert [(f.kind, f.value, f.parent_fact_id) for f in facts] == [
        ("count", 30, None), ("part", 10, 1), ("count", 28, None)]
    assert checks == []


def test_a_bracket_naming_some_parts_accuses_no_one_but_one_exceeding_its_whole_does():
    _, checks = _facts("全年共发布信息1200条（其中政策文件85条、政策解读40条），内容准确及时。")
    assert [(c.expected, c.actual, c.status) for c in checks] == [(1200, 125, "skipped")]
    _, checks = _facts("全年共发布信息100条（其中政策文件85条、政策解读40条）。")
    assert [(c.expected, c.actual, c.status) for c in checks] == [(100, 125, "fail")]


@pytest.mark.parametrize("text", [
    "热线共受理群众来电90件，已全部办结，其中按期办结80件、超期办结11件。",
    "热线共受理群众来电90件。其中，按期办结80件，超期办结11件。"])
def test_parts_past_a_clause_or_a_full_stop_are_the_counts_and_a_miss_is_skipped(text):
    facts, checks = _facts(text)
    assert [(f.kind, f.subject, f.value, f.parent_fact_id) for f in facts] == [
        ("count", "热线受理群众来电", 90, None), ("part", "按期办结", 80, 1), ("part", "超期办结", 11, 1)]
    assert [(c.expected, c.actual, c.status) for c in checks] == [(90, 91, "skipped")]
    assert "not printed right after 90" in checks[0].message


def test_a_full_stop_after_a_clause_carries_no_whole_to_the_next_sentence():
    facts, checks = _facts("共受理106件，办结100件，请各单位及时办理。其中，咨询26件，投诉80件。")
    assert [(f.kind, f.parent_fact_id) for f in facts] == [
        ("count", None), ("count", None), ("count", None), ("count", None)]
    assert checks == []


def test_a_list_ended_by_etc_names_only_some_parts():
    facts, checks = _facts("共检查问题30条，分别是错别字10条、链接失效8条等。")
    assert [(f.kind, f.subject, f.value, f.parent_fact_id) for f in facts] == [
        ("count", "检查问题", 30, None), ("part", "错别字", 10, 1), ("part", "链接失效", 8, 1)]
    assert [(c.actual, c.status) for c in checks] == [(18, "skipped")]


def test_a_miss_after_two_counts_in_one_measure_names_the_other_and_accuses_no_one():
    _, checks = _facts("共受理来信50件，来访30件，其中来信中咨询20件、投诉30件。")
    assert [(c.scope, c.expected, c.actual, c.status) for c in checks] == [
        ("来访", 30, 50, "skipped")]
    assert checks[0].message.endswith("受理来信 50")


def test_an_item_named_by_a_place_opening_with_han_is_no_sub_part():
    """含 opens a sub-part (咨询26件，含电话咨询10件), and 含山县 too: a place is a list item."""
    context = jurisdiction_of("马鞍山市人民政府办公室")
    facts, checks = _facts("市上检测反馈网站问题5条，分别是和县2条、含山县3条。", context)
    assert [(f.subject, f.value, f.parent_fact_id) for f in facts] == [
        ("市上检测反馈网站问题", 5, None), ("和县", 2, 1), ("含山县", 3, 1)]
    assert [c.status for c in checks] == ["pass"]


def test_a_count_with_a_list_of_its_own_is_no_rival_for_the_next_list():
    _, checks = _facts("共受理106件（其中咨询50件、投诉56件），办结100件，其中按期办结95件、超期办结6件。")
    assert [(c.scope, c.expected, c.actual, c.status) for c in checks] == [
        ("受理", 106, 106, "pass"), ("办结", 100, 101, "fail")]


@pytest.mark.parametrize("text, parts, status", [
    # 各 gives the figure after it to each name before it: a part of its own for each
    ("共受理群众诉求13件，其中咨询、投诉各5件，建议3件。",
     [("咨询", 5), ("投诉", 5), ("建议", 3)], "pass"),
    ("共受理政务咨询20件（其中电话、网络各8件，现场4件）。",
     [("电话", 8), ("网络", 8), ("现场", 4)], "pass"),
    ("咨询和投诉各5件，建议3件，共计13件。", [("咨询", 5), ("投诉", 5), ("建议", 3)], "pass"),
    ("共受理群众来信38条（投诉和举报各19条）。", [("投诉", 19), ("举报", 19)], "pass"),
    # the names after the figure before them: 乙 and 丙, not 甲67件 too
    ("共办理人大代表建议67件、群众意见建议、政协委员提案各30件，合计127件。",
     [("办理人大代表建议", 67), ("群众意见建议", 30), ("政协委员提案", 30)], "pass"),
    # names not told apart: how often the figure counts is not printed, so no claim
    ("两个部门各5件，建议3件，共计13件。", [("两个部门各", 5), ("建议", 3)], "skipped"),
    # 均 (为) says it as 各 does
    ("共受理群众诉求13件，其中咨询、投诉均为5件，建议3件。",
     [("咨询", 5), ("投诉", 5), ("建议", 3)], "pass"),
    ("咨询和投诉均5件，建议3件，共计13件。", [("咨询", 5), ("投诉", 5), ("建议", 3)], "pass"),
    ("共受理群众来信38条（投诉和举报均受理19条）。", [("投诉受理", 19), ("举报受理", 19)], "pass"),
    ("两个部门均为5件，建议3件，共计13件。", [("两个部门均为", 5), ("建议", 3)], "skipped"),
    # what is said of listed units is said of each of them
    ("共受理群众诉求13件，其中区住建局、区城管局受理群众诉求均为5件，区教育局3件。",
     [("区住建局受理群众诉求", 5), ("区城管局受理群众诉求", 5), ("受理群众诉求", 3)], "pass"),
])
def test_a_figure_given_to_each_of_several_names(text, parts, status):
    facts, checks = _facts(text)
    whole = next(f for f in facts if f.kind == "count")
    assert [(f.subject, f.value) for f in facts if f.parent_fact_id == whole.fact_id] == parts
    assert [c.status for c in checks if c.check == "fact_parts_sum"] == [status]


@pytest.mark.parametrize("text, parts, own, status", [
    # after kinds named by nouns, what was done with them all: a figure of its own
    ("共受理106件，其中咨询26件，投诉80件，办结100件。",
     [("咨询", 26), ("投诉", 80)], [("办结", 100)], "pass"),
    ("共受理106件，其中咨询26件，投诉80件，已办结100件，办结率94.3%。",
     [("咨询", 26), ("投诉", 80)], [("已办结", 100)], "pass"),
    ("共受理106件（其中：咨询26件，投诉80件，尚未办结6件）。",
     [("咨询", 26), ("投诉", 80)], [("尚未办结", 6)], "pass"),
    # one more kind, as the sum says
    ("全年累计办理申请12件，其中：依申请公开10件，转办2件。",
     [("依申请公开", 10), ("转办", 2)], [], "pass"),
    # neither adds up: read as the words read, and no claim
    ("共受理106件，其中咨询26件，投诉70件，办结100件。",
     [("咨询", 26), ("投诉", 70)], [("办结", 100)], "skipped"),
    # the sums are of the parts, not of a part's own parts (含网上申请5件)
    ("全年办理申请12件，其中：依申请公开10件，含网上申请5件，转办2件。",
     [("依申请公开", 10), ("转办", 2)], [], "pass"),
    # a list that opens with a verb lists what was done
    ("共受理106件，其中办结100件，正在办理6件。", [("办结", 100), ("正在办理", 6)], [], "pass"),
    ("共受理106件，其中咨询26件，投诉80件，转交各单位办理100件。",
     [("咨询", 26), ("投诉", 80)], [("转交各单位办理", 100)], "pass"),
    # a figure set beside the whole: outside it, whatever the sums
    ("共受理106件，其中咨询26件，投诉80件，另有无效来电20件。",
     [("咨询", 26), ("投诉", 80)], [("另有无效来电", 20)], "pass"),
    ("共受理106件，其中咨询26件，投诉81件，此外还有重复来电20件。",
     [("咨询", 26), ("投诉", 81)], [("此外还有重复来电", 20)], "fail"),
    # the whole restated after its parts
    ("共受理106件，其中咨询26件，投诉80件，合计106件。",
     [("咨询", 26), ("投诉", 80)], [("合计", 106)], "pass"),
    # a breakdown of a part after the parts
    ("共受理106件，其中有效诉求100件，无效诉求6件，有效诉求中咨询40件，投诉60件。",
     [("有效诉求", 100), ("无效诉求", 6)], [("有效诉求中咨询", 40), ("投诉", 60)], "pass"),
])
def test_a_figure_opening_with_a_verb_after_kinds_of_a_whole(text, parts, own, status):
    facts, checks = _facts(text)
    whole = facts[0]
    assert [(f.subject, f.value) for f in facts if f.parent_fact_id == whole.fact_id] == parts
    assert [(f.subject, f.value) for f in facts[1:] if f.kind == "count"] == own
    assert [c.status for c in checks if c.check == "fact_parts_sum"] == [status]
    if status == "skipped":
        assert "办结100件 is read as a figure of its own" in checks[0].message


@pytest.mark.parametrize("text, statuses", [
    # one list, two breakdowns of its whole: by when, then by kind; by channel, then outcome
    ("共受理106件，其中上月结转6件，本月新增100件，咨询26件，投诉80件。", ["pass", "pass"]),
    ("共受理106件，其中：网上申请80件、当面申请26件，予以公开90件、不予公开16件。", ["pass", "pass"]),
    # two breakdowns, the second's last kind named by a verb: a kind all the same
    ("共受理64件，其中上月结转36件，本月新增28件，投诉32件，转办32件。", ["pass", "pass"]),
    # the second misses: an error in it, or figures of their own
    ("共受理106件，其中上月结转6件，本月新增100件，咨询26件，投诉79件。", ["skipped"]),
    # one breakdown that misses, whose last part is no breakdown of its own: an error
    ("共受理106件，其中咨询26件，投诉77件，建议4件。", ["fail"]),
])
def test_a_list_holding_two_breakdowns_of_its_whole(text, statuses):
    facts, checks = _facts(text)
    assert all(f.parent_fact_id == facts[0].fact_id for f in facts[1:])
    assert [c.status for c in checks if c.check == "fact_parts_sum"] == statuses
    if statuses == ["skipped"]:
        assert "the first 2 parts add up to 106 and the 2 after them do not" in checks[0].message


def test_a_difference_after_a_comparison_is_a_change_not_a_part():
    facts, checks = _facts("共受理106件，其中咨询26件，比上季度多6件，投诉80件，较去年同期少3件。")
    assert [(f.kind, f.subject, f.value) for f in facts[1:]] == [
        ("part", "咨询", 26), ("part", "投诉", 80), ("change", "比上季度多", 6),
        ("change", "较去年同期少", 3)]
    assert [c.status for c in checks] == ["pass"]


def test_a_mean_or_a_figure_per_head_is_no_figure_for_each():
    facts, _ = _facts("全年受理群众诉求120件，各单位平均为12件，人均办理6件。")
    assert [(f.subject, f.value, f.kind) for f in facts] == [
        ("全年受理群众诉求", 120, "count"), ("各单位平均为", 12, "count"), ("人均办理", 6, "count")]


def test_a_rate_said_of_listed_units_is_each_ones():
    facts, _ = _facts("区住建局、区城管局按时办结率均为100%，网站合格率各为95%。")
    assert [(f.subject, f.value) for f in facts if f.kind == "rate"] == [
        ("区住建局按时办结率", 100), ("区城管局按时办结率", 100), ("网站合格率各为", 95)]


def test_a_name_set_before_each_of_its_units_is_no_list():
    facts, _ = _facts("区直各单位5个，住建局受理各类诉求3件。")
    assert [(f.subject, f.value) for f in facts] == [("区直各单位", 5), ("住建局受理各类诉求", 3)]


def test_names_before_respectively_start_after_the_figure_before_them():
    facts, checks = _facts("区住建局12件、区城管局和区教育局分别受理8件和5件，共计25件。")
    assert [(f.subject, f.value) for f in facts if f.kind == "part"] == [
        ("区住建局", 12), ("区城管局受理", 8), ("区教育局受理", 5)]
    assert [c.status for c in checks if c.check == "fact_parts_sum"] == ["pass"]


@pytest.mark.parametrize("text, subject", [
    ("本月共受理群众诉求：106件，其中咨询26件，投诉80件。", "本月受理群众诉求"),
    ("群众诉求：共106件，其中：咨询26件、投诉80件。", "群众诉求"),
    ("本月受理群众诉求：合计106件，其中咨询26件，投诉80件。", "本月受理群众诉求"),
])
def test_a_whole_after_a_colon_is_named_by_the_words_before_it(text, subject):
    facts, checks = _facts(text)
    assert [(f.kind, f.subject, f.value) for f in facts] == [
        ("count", subject, 106), ("part", "咨询", 26), ("part", "投诉", 80)]
    assert [(c.scope, c.status) for c in checks] == [(subject, "pass")]


def test_a_figure_said_to_be_a_kind_after_it_is_named_by_the_kind():
    facts, _ = _facts("共受理106件，其中：26件为咨询，80件为投诉。")
    assert [(f.subject, f.value) for f in facts[1:]] == [("咨询", 26), ("投诉", 80)]


@pytest.mark.parametrize("last, status", [(80, "pass"), (81, "skipped")])
def test_a_list_opening_the_next_sentence_with_qizhong_alone_is_the_wholes(last, status):
    """。其中咨询类26件 (no comma after 其中) as 。其中，…: the parts of the whole before it;
    the list may be another figure's, so a miss is skipped, not claimed."""
    facts, checks = _facts(f"本月共受理群众诉求106件。其中咨询类26件，投诉类{last}件。")
    assert [(f.kind, f.subject, f.value, f.parent_fact_id) for f in facts] == [
        ("count", "本月受理群众诉求", 106, None), ("part", "咨询类", 26, 1),
        ("part", "投诉类", last, 1)]
    assert [c.status for c in checks] == [status]


@pytest.mark.parametrize("text, subjects", [
    ("区住建局、区城管局各受理诉求5件。", ["区住建局受理诉求", "区城管局受理诉求"]),
    ("咨询和投诉均办结工单5件。", ["咨询办结工单", "投诉办结工单"]),
    ("各街道受理诉求5件。", ["各街道受理诉求"]),  # 各 before a noun: every street, one figure
])
def test_what_was_done_named_after_each_goes_with_each_names_figure(text, subjects):
    facts, _ = _facts(text)
    assert [(f.subject, f.value) for f in facts if f.kind == "count"] == [(s, 5) for s in subjects]


@pytest.mark.parametrize("said", ["较上月提升", "环比增多", "同比回落", "比上年下滑"])
def test_a_change_is_no_count_whatever_word_says_it(said):
    facts, checks = _facts(f"受理诉求106件，{said}6件，其中咨询26件，投诉80件。")
    assert [(f.kind, f.subject, f.value) for f in facts[:2]] == [
        ("count", "受理诉求", 106), ("change", said, 6)]
    assert [c.status for c in checks] == ["pass"]


def test_a_whole_whose_first_part_is_all_of_it_claims_nothing_of_the_items_after():
    """A real 2016 budget: 收入预算为2333.03万元，其中：一般公共预算拨款2333.03万元，单位结余结转
    资金327.26万元 - the carried-over funds are set beside the year's income, not in it. Which
    it is the words do not say; the first part being the whole says the list is no
    partition of it: skipped, not claimed."""
    _, checks = _facts("区市场监督管理局收入预算为2333.03万元，其中：一般公共预算拨款2333.03万元，"
                       "单位结余结转资金327.26万元。")
    assert [(c.status, c.expected, c.actual) for c in checks] == [("skipped", 2333.03, 2660.29)]
    assert "first part alone is the whole" in checks[0].message


def test_a_line_ending_in_a_colon_before_a_figure_goes_on_into_it():
    lines = ["网民留言办理方面，政府网站留言板共受理群众来信：", "155条，其中咨询40条，投诉115条。"]
    facts, checks = read_facts(lines, None, "d", settle=settle)
    assert [(f.kind, f.subject, f.value) for f in facts] == [
        ("count", "政府网站留言板受理群众来信", 155), ("part", "咨询", 40), ("part", "投诉", 115)]
    assert [c.status for c in checks] == ["pass"]


@pytest.mark.parametrize("text, shares, checked", [
    # named by their parts and checked against part / whole
    ("共受理政府信息公开申请106件，其中：网上申请80件、当面申请26件，分别占75.5%、24.5%。",
     [("网上申请占比", 75.5), ("当面申请占比", 24.5)], [("网上申请占比", 75.47, "pass"),
                                                      ("当面申请占比", 24.53, "pass")]),
    ("共办理群众诉求200件，其中咨询类120件、投诉类80件，分别占总量的50%和40%。",
     [("咨询类占比", 50), ("投诉类占比", 40)], [("咨询类占比", 60, "fail"), ("投诉类占比", 40, "pass")]),
    # an aside before the list is counted after its parts in reading order
    ("全区收到申请73件（上年结转7件），其中：电子邮件申请23件、信函申请50件，分别占31.5%、68.5%。",
     [("电子邮件申请占比", 31.5), ("信函申请占比", 68.5)],
     [("电子邮件申请占比", 31.51, "pass"), ("信函申请占比", 68.49, "pass")]),
    # shares of another base: named, not checked
    ("共办理群众诉求200件，其中咨询类120件、投诉类80件，分别占全市的6%和4%。",
     [("咨询类占比", 6), ("投诉类占比", 4)], []),
    # a figure between the list and the shares: whose they are cannot be told
    ("共受理106件，其中咨询26件、投诉80件，办结100件，分别占24.5%、75.5%。",
     [("分别占", 24.5), (None, 75.5)], []),
])
def test_shares_after_a_list_are_named_by_its_parts(text, shares, checked):
    """分别占 a%、b% after a list of parts: each share is its part's, checked against the part
    over the whole where it is a share of that whole (before, the first was named 分别占 and
    the others nothing, unchecked)."""
    facts, checks = _facts(text)
    assert [(f.subject, f.value) for f in facts if f.kind == "rate"] == shares
    assert [(c.scope, c.actual, c.status) for c in checks if c.check == "fact_rate"] == checked


@pytest.mark.parametrize("said", ["占", "占比", "占总数的", "占全部的比例为", "约占", "占比为"])
def test_a_share_right_after_its_part_is_named_by_it_and_checked(said):
    """Each form a part's own share is printed in (lists.py reads the same ones): named
    <part>占比 and checked against part over whole; 26 of 106 is 24.53%, not 30%."""
    facts, checks = _facts(f"全年共受理申请106件，其中：网上申请80件，{said}75.5%；当面申请26件，{said}30%。")
    assert [(f.subject, f.value) for f in facts if f.kind == "rate"] == [
        ("网上申请占比", 75.5), ("当面申请占比", 30.0)]
    assert [(c.check, c.scope, c.actual, c.status) for c in checks if c.check == "fact_rate"] == [
        ("fact_rate", "网上申请占比", 75.47, "pass"), ("fact_rate", "当面申请占比", 24.53, "fail")]


def test_a_count_of_kinds_or_a_figure_amid_a_flattened_table_restates_no_template_value():
    """A bound PDF's unread request table fell into the text (…部分公开… 0 0 0 10 0 0 10 属于
    三类内部事务信息 … 属于四类过程性信息): 四类 was read as 4 applications partly granted,
    and the table's 0 failed against it. A count of kinds (类) restates no template value,
    which count items, nor does a figure whose subject holds a row of figures."""
    from tongbao.extract.prose.template_figures import restated

    def first(text: str, raw: str):
        return next(f for f in read_facts([text], None, "d")[0] if f.value_raw == raw)

    assert restated(first("本年度部分公开4件。", "4件")) == [("sec3.partially_granted.total",)]
    assert restated(first("本年度部分公开涉及四类信息。", "四类")) == []
    assert restated(first("部分公开 0 0 0 10 0 0 10 属于其他4件", "4件")) == []
