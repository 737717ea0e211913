"""Notices whose figures are in the prose (the kind of seed 002), with every fact they state.

Four ways a notice states figures, each with the facts a reader must give:
- a count, its parts in brackets, then a rate:
  区长信箱共受理群众来信106件（其中：问题咨询26件，意见建议16件，求助23件，投诉41件），按期办结率100%。
  The bracket may open with no 其中 (…106件（问题咨询26件，…）): a miss is then skipped.
- a count, then the units that did well:
  共发布新闻、数据、互动等信息489条。完成目标任务的单位有自然资源局、公安分局……。
  The count may be printed with a magnitude (2.3万条: 23,000).
- a count split by unit: 市上检测反馈网站问题27条，分别是生态环境分局3条、公安分局1条……。
- units, then what is said of all of them: 审计局、林业局、彪角镇新闻信息发布为0。
- a count, then parts stated with their shares, one inside the other, exceeding the whole:
  全区政务服务事项共89项，其中行政许可57项，“一趟不用跑”事项45项，占比78.9%。 (no error)
- a part with parts of its own, in brackets or after 含, never parts of the whole:
  …106件（其中：网络申请60件（其中微信30件、网站30件），问题咨询26件，含电话问题咨询10件，…）
- a change or a rate between a count and its parts, which are the count's:
  共公开政府信息1200条，同比增长150条，其中…; 办结85件，办结率94.4%，其中按期办结80件、…
  or a full stop (办结85件。其中，…) or a clause without a figure (已全部办结，其中…)
- a bracket naming only some parts, fewer than the whole (no error):
  共公开政府信息1200条（其中政策文件85条、政策解读40条）; 分别是…19条等
- a list after the second of two counts in one measure (共受理来信50件，来访30件，其中…): a
  sum that misses is no accusation there
- a total printed after its parts (…政协委员提案62件，共计110件)
- money in 亿元 or 千元 and cases in 宗, as a table's cells print them (…财政资金3.25亿元，
  其中预算资金1.20亿元、决算资金2.05亿元)
- parts set apart by semicolons after a colon, their names holding a 、, now and then after
  a bracket aside (58件（上年结转3件），其中：…), now and then each with its share, in its
  own clause or all after the list (…；网络申请40件，分别占20.7%、10.3%、69.0%):
  共收到政府信息公开申请58件，其中：当面申请12件；传真、信函申请6件；网络申请40件。
- (where asked: `counted_nouns`) figures after a verb that counts, each naming what it
  counts after its measure word, listed or with parts of their own (区应急管理局共抽查19家
  加油站、13家医院和8家幼儿园，发现问题21处; 共检查83家单位，其中合格80家，不合格3家)
- a list in the next sentence, whose whole is in the one before (prose_next.py): a breakdown,
  a list adding up to the count before the last, parts with shares after 其中，; the units
  with the most cases after 分别为.

The units are the jurisdiction's own streets and departments in the forms documents print
them (places.py); a fact's unit is the canonical name, or none where the printed name is
no unit of this jurisdiction (such a list is no list of units, and gives no members).
A chosen fraction states parts that exceed their whole, or a split that misses it; the
truth names those fact_parts_sum checks as failing.

    python -m tongbao.corpus.prose_notice --out corpus/samples --truth corpus/truth --count 2
"""

from __future__ import annotations

import random
from dataclasses import asdict

from tongbao.corpus.generate import sample_arguments, write_sample
from tongbao.corpus.places import places
from tongbao.corpus.prose_apart import laid_out_apart
from tongbao.corpus.prose_base import (
    ProseNotice,
    claims_miss,
    copula,
    fact,
    listed_each,
    pair_of_equals,
    unit_figures,
    unit_names,
)
from tongbao.corpus.prose_letters import letters
from tongbao.corpus.prose_next import (
    broken_down,
    hotline_opening,
    inspected,
    respective,
    shares_next,
    top_units,
    with_aside,
)
from tongbao.corpus.prose_sites import counted_after

PUBLISHED = ["发布新闻、数据、互动等信息", "公开政府信息", "发布政务动态信息"]
PRAISED = ["完成目标任务的单位有", "表现较好的单位有", "做得好的单位有"]
CHANGES = ["同比增长", "较上季度增加", "比上年增加", "较上月提升", "环比增多", "同比回落"]
INFORMATION = ["政策文件", "政策解读", "工作动态", "通知公告", "人事信息"]
APPLIED_BY = ["当面申请", "网络申请", "信函申请", "传真、信函申请", "电子邮件申请"]
SAID_OF_ALL = ["新闻信息发布为0", "未按期更新栏目", "政策解读发布为0"]


def _praised(rng: random.Random, n: ProseNotice, place, wrong: bool) -> str:
    what, count = rng.choice(PUBLISHED), rng.randint(50, 999)
    heading = rng.choice(PRAISED)
    units = unit_names(place, rng, rng.randint(2, 6))
    form = rng.choice(["", "changed", "some", "magnitude"])
    printed = str(count)
    if form == "magnitude":  # 2.3万条: 23,000 (approximate: rounded to its last digit)
        tenths = rng.randint(11, 999)
        count, printed = tenths * 1000, f"{tenths / 10:g}万"
    n.facts.append(fact("count", what, None, float(count), "条"))
    said = _changed_then_parts(rng, n, what, count, wrong) if form == "changed" else \
        _some_parts(rng, n, what, count) if form == "some" else ""
    n.facts += [fact("member", heading[:-1], u["unit"], None, None) for u in units]
    listed = "、".join(u["printed"] for u in units)
    return f"政府网站信息保障方面，共{what}{printed}条{said}，栏目更新较为及时。{heading}{listed}。"


def _changed_then_parts(rng: random.Random, n: ProseNotice, what: str, count: int,
                        wrong: bool) -> str:
    """，同比增长150条，其中政策文件85条、…: the parts are the count's, not the change's.
    wrong: they exceed the count."""
    change, by = rng.choice(CHANGES), rng.randint(1, count - 1)
    names = rng.sample(INFORMATION, rng.randint(2, 4))
    cuts = sorted(rng.sample(range(1, count), len(names) - 1))
    values = [b - a for a, b in zip([0, *cuts], [*cuts, count], strict=True)]
    if wrong:
        values[-1] += rng.randint(1, 9)
        n.failing.append({"scope": what, "status": "fail"})
    n.facts.append(fact("change", change, None, float(by), "条"))
    n.facts += [fact("part", k, None, float(v), "条", [what, float(count)])
                for k, v in zip(names, values, strict=True)]
    return f"，{change}{by}条，其中" + "、".join(f"{k}{v}条" for k, v in zip(names, values,
                                                                      strict=True))


def _some_parts(rng: random.Random, n: ProseNotice, what: str, count: int) -> str:
    """（其中政策文件85条、政策解读40条）: a bracket naming only some parts of the whole,
    fewer than it; no error of the notice."""
    names = rng.sample(INFORMATION, 2)
    values = [rng.randint(1, max(1, count // 3)) for _ in names]
    n.facts += [fact("part", k, None, float(v), "条", [what, float(count)])
                for k, v in zip(names, values, strict=True)]
    return "（其中" + "、".join(f"{k}{v}条" for k, v in zip(names, values, strict=True)) + "）"


def _handled(rng: random.Random, n: ProseNotice, place) -> str:
    """Parts not printed right after their whole, in four forms: past a rate (办结85件，
    办结率94.4%，其中按期办结80件、…), in the next sentence (办结85件。其中，按期办结80件，…), there
    past a rate (办结85件，办结率94.4%。其中，…) or past a clause without a figure
    (受理85件，已全部办结，其中…). A sum that misses is only a
    skipped check there (the list may go with another figure)."""
    received = rng.randint(20, 300)
    form = rng.choice(["rate", "stop", "clause", "rate_stop"])
    done = received if form == "clause" else rng.randint(received // 2, received)
    on_time = rng.randint(0, done)
    late = done - on_time + (1 if rng.random() < 0.3 else 0)
    rate = round(100 * done / received, 1)
    subject = "热线受理群众来电"
    n.facts.append(fact("count", subject, None, float(received), "件"))
    whole = [subject, float(received)] if form == "clause" else ["办结", float(done)]
    if form != "clause":
        n.facts.append(fact("count", "办结", None, float(done), "件"))
    if form in ("rate", "rate_stop"):
        n.facts.append(fact("rate", "办结率", None, float(f"{rate:g}"), "%"))
    n.facts += [fact("part", "按期办结", None, float(on_time), "件", whole),
                fact("part", "超期办结", None, float(late), "件", whole)]
    said = f"办结率{copula(rng)}{rate:g}%"
    done_said = {"rate": f"办结{done}件，{said}，其中", "stop": f"办结{done}件。其中，",
                 "clause": "已全部办结，其中", "rate_stop": f"办结{done}件，{said}。其中，"}[form]
    return f"便民热线方面，热线共受理群众来电{received}件，{done_said}按期办结{on_time}件、超期办结{late}件。"


def _applications(rng: random.Random, n: ProseNotice, place, wrong: bool) -> str:
    """其中：当面申请12件；传真、信函申请6件；…: items set apart by semicolons, a 、 inside a
    name, now and then each with its share (当面申请12件，占20.7%；…). wrong: they exceed
    the whole, an error where no share is stated."""
    ways = rng.sample(APPLIED_BY, rng.randint(2, 4))
    values = [rng.randint(1, 60) for _ in ways]
    whole = sum(values) - (rng.randint(1, min(5, sum(values) - 1)) if wrong else 0)
    subject = f"全{place.level_word}收到政府信息公开申请"
    n.facts.append(fact("count", subject, None, float(whole), "件"))
    aside = ""
    if rng.random() < 0.5:  # a bracket aside between the whole and its list
        carried = rng.randint(1, 9)
        n.facts.append(fact("count", "上年结转", None, float(carried), "件"))
        aside = f"（上年结转{carried}件）"
    n.facts += [fact("part", k, None, float(v), "件", [subject, float(whole)])
                for k, v in zip(ways, values, strict=True)]
    semicolon = rng.choice(["；", ";"])
    shares, after = [""] * len(ways), ""
    stated = rng.random() < 0.5
    if stated and rng.random() < 0.5:  # each with its share of the whole, in its own clause
        said = rng.choice(["占", "占比", "占总数的"])
        shares = [f"{100 * v / whole:.1f}" for v in values]
        n.facts += [fact("rate", f"{k}占比", None, float(x), "%")  # named by its part
                    for k, x in zip(ways, shares, strict=True)]
        shares = [f"，{said}{x}%" for x in shares]
    elif stated and not any("、" in k for k in ways):  # the shares after a list parted by
        # 、 (names holding one are parted by semicolons), one for each part, named by it
        semicolon = "、"
        said = rng.choice(["分别占", "分别占总数的", "分别占比"])
        rates = [f"{100 * v / whole:.1f}" for v in values]
        n.facts += [fact("rate", f"{k}占比", None, float(x), "%") for k, x in zip(ways, rates, strict=True)]
        after = f"，{said}" + "、".join(f"{x}%" for x in rates)
    if wrong and not any(shares) and not after and claims_miss(whole, values):  # (shares may overlap)
        n.failing.append({"scope": subject, "status": "fail"})
    listed = semicolon.join(f"{k}{v}件{x}" for k, v, x in zip(ways, values, shares, strict=True))
    return f"依申请公开方面，{subject}{whole}件{aside}，其中：{listed}{after}。"


def _shares(rng: random.Random, n: ProseNotice, place) -> str:
    """A count, then parts stated with their shares, the second a part of the first (45 of
    the 57 licences): together they exceed the whole, which is no error of the notice."""
    whole = rng.randint(20, 200)
    first = rng.randint((whole + 2) // 2, whole)
    second = rng.randint(whole - first + 1, first)
    subject = f"全{place.level_word}政务服务事项"
    adverb = rng.choice(["共", "共有"])  # 共 before the figure is no part of the subject
    nested = rng.choice(["“一趟不用跑”事项", "可全程网办事项"])
    share = f"{100 * second / first:.1f}"
    n.facts.append(fact("count", subject, None, float(whole), "项"))
    n.facts += [fact("part", name, None, float(v), "项", [subject, float(whole)])
                for name, v in (("行政许可", first), (nested, second))]
    n.facts.append(fact("rate", f"{nested}占比", None, float(share), "%"))  # 45 of the 57: unsure
    return f"政务服务方面，{subject}{adverb}{whole}项，其中行政许可{first}项，{nested}{second}项，占比{share}%。"


def _split(rng: random.Random, n: ProseNotice, place, wrong: bool) -> str:
    """分别是 names every part: a split that misses is an error. Ended by 等 ("and so on"),
    it names only some, fewer than the whole: no error."""
    units = unit_names(place, rng, rng.randint(2, 6))
    values = [rng.randint(1, 9) for _ in units]
    etc = rng.random() < 0.25
    # a split must add up; a wrong one misses by a little, and is still a count (1 or more)
    whole = sum(values) + (rng.randint(1, 9) if etc else rng.choice(
        [d for d in (-2, -1, 1, 2) if sum(values) + d >= 1]) if wrong else 0)
    subject = "市上检测反馈网站问题"
    n.facts.append(fact("count", subject, None, float(whole), "条"))
    n.facts += [fact("part", subject, u["unit"], float(v), "条", [subject, float(whole)])
                for u, v in zip(units, values, strict=True)]
    if wrong and not etc and claims_miss(whole, values):
        n.failing.append({"scope": subject, "status": "fail"})
    listed = "、".join(unit_figures(rng, units, values, "条", n, whole, parts_of=subject))
    return f"一是“三审三校”落实不够细致。本季度，{subject}{whole}条，分别是{listed}{'等' if etc else ''}。"


def _visits(rng: random.Random, n: ProseNotice) -> str:
    """共受理来信50件，来访30件，其中来访咨询…: a list after the second of two counts in one
    measure may be either's (or both's). A sum that misses is skipped there, naming the
    other; one that adds up passes. Where the first count's own parts are printed
    (来信50件（其中咨询20件、投诉30件）), or the visits are counted in 件次, the list can
    only be the second's: a miss fails."""
    letters, visits = rng.randint(2, 99), rng.randint(2, 99)
    first = rng.randint(1, visits - 1)
    missed = rng.random() < 0.3 and first < visits - 1
    second = visits - first + (rng.choice([-1, 1]) if missed else 0)
    n.facts += [fact("count", "受理来信", None, float(letters), "件")]
    own = ""
    if rng.random() < 0.5:  # the letters' own parts, printed: no rival for the list after
        asked = rng.randint(1, letters - 1)
        n.facts += [fact("part", k, None, float(v), "件", ["受理来信", float(letters)])
                    for k, v in (("咨询", asked), ("投诉", letters - asked))]
        own = f"（其中咨询{asked}件、投诉{letters - asked}件）"
    m = rng.choice(["件", "件次"])  # visits are counted in 件次 as often as in 件
    # The list can be the letters' only in their measure, their own parts not printed;
    # parts short of the visits may name only some: skipped.
    if first + second > visits and (own or m != "件"):
        n.failing.append({"scope": "来访", "status": "fail"})
    n.facts += [fact("count", "来访", None, float(visits), m),
                fact("part", "来访咨询", None, float(first), m, ["来访", float(visits)]),
                fact("part", "来访投诉", None, float(second), m, ["来访", float(visits)])]
    return (f"信访方面，共受理来信{letters}件{own}，来访{visits}{m}，其中来访咨询{first}{m}、"
            f"来访投诉{second}{m}。")


PROPOSALS = ["人大代表建议", "政协委员提案", "群众意见建议"]
TOTAL_WORDS = ["合计", "共计", "总计", "共"]


def _tallied(rng: random.Random, n: ProseNotice, wrong: bool) -> str:
    """甲48件、乙62件，共计110件: a total printed after its parts, which are its parts.
    wrong: it is printed one or two off their sum."""
    kinds = rng.sample(PROPOSALS, rng.randint(2, 3))
    values = [rng.randint(1, 80) for _ in kinds]
    pair = pair_of_equals(rng, values)  # 人大代表建议和政协提案各12件，合计24件
    total = sum(values) + (rng.choice([-2, -1, 1, 2]) if wrong else 0)
    word = rng.choice(TOTAL_WORDS)
    n.facts += [fact("part", f"办理{k}" if i == 0 else k, None, float(v), "件", [word, float(total)])
                for i, (k, v) in enumerate(zip(kinds, values, strict=True))]
    n.facts.append(fact("count", word, None, float(total), "件"))
    if wrong and claims_miss(total, values):
        n.failing.append({"scope": word, "status": "fail"})
    listed = rng.choice(["、", "，"]).join(
        listed_each(rng, kinds, values, "件", pair, lambda k, v: f"{k}{v}件"))
    return f"建议提案办理方面，共办理{listed}，{word}{total}件，均已按时办结。"


def _funds(rng: random.Random, n: ProseNotice) -> str:
    """Money in 亿元 or 千元 and cases in 宗, unit words a table's cells print (12.5亿元, 3宗):
    the text's figures are read in them too, with their parts."""
    unit = rng.choice(["亿元", "千元"])
    budget, accounts = (rng.randint(1, 90_000) / 100 for _ in range(2))
    whole = round(budget + accounts, 2)
    n.facts += [fact("count", "本季度公开财政资金", None, whole, unit),
                *(fact("part", k, None, v, unit, ["本季度公开财政资金", whole])
                  for k, v in (("预算资金", budget), ("决算资金", accounts)))]
    letters, visits = rng.randint(1, 40), rng.randint(1, 40)
    n.facts += [fact("count", "受理信访事项", None, float(letters + visits), "宗"),
                *(fact("part", k, None, float(v), "宗", ["受理信访事项", float(letters + visits)])
                  for k, v in (("来信", letters), ("来访", visits)))]
    income = ""
    if rng.random() < 0.3:  # 收入预算…，其中：一般公共预算拨款 (the whole)，单位结余结转 (beside it)
        funded, carried = budget, rng.randint(1, 50_000) / 100
        n.facts += [fact("count", "收入预算", None, funded, unit),
                    *(fact("part", k, None, v, unit, ["收入预算", funded])
                      for k, v in (("一般公共预算拨款", funded), ("单位结余结转资金", carried)))]
        income = (f"收入预算{funded:.2f}{unit}，其中：一般公共预算拨款{funded:.2f}{unit}，"
                  f"单位结余结转资金{carried:.2f}{unit}。")
    return (f"财政资金公开方面，本季度公开财政资金{whole:.2f}{unit}，其中预算资金{budget:.2f}{unit}、"
            f"决算资金{accounts:.2f}{unit}。{income}信访方面，共受理信访事项{letters + visits}宗，其中来信"
            f"{letters}宗、来访{visits}宗。")


def _said_of_all(rng: random.Random, n: ProseNotice, place) -> str:
    units = unit_names(place, rng, rng.randint(2, 6))
    names = [u["printed"] for u in units]  # the last two joined by 、 or, one time in three, 和
    said = rng.choice(SAID_OF_ALL)
    form = rng.random()
    if form < 0.3:  # …区城管局按时办结率均为98.5%: a rate said of each of them
        rate = rng.choice(["100", "98.5", "95"])
        said = f"按时办结率{rng.choice(['均为', '各为', '均'])}{rate}%"
        n.facts += [fact("rate", f"{name}按时办结率", None, float(rate), "%") for name in names]
    elif form < 0.45:  # …区城管局各受理诉求5件: a count of each, what was done named after 各
        done, value = rng.choice(["受理", "办理", "办结"]) + rng.choice(["诉求", "群众诉求", "工单"]), \
            rng.randint(1, 30)
        said = f"{rng.choice(['各', '均'])}{done}{value}件"
        n.facts += [fact("count", f"{name}{done}", None, float(value), "件") for name in names]
    n.facts += [fact("member", said, u["unit"], None, None) for u in units]
    listed = "、".join(names[:-1]) + ("和" if rng.random() < 1 / 3 else "、") + names[-1]
    return f"二是网站栏目维护不及时。{listed}{said}。"


def make_prose_notice(rng: random.Random, name: str, wrong_fraction: float = 0.2,
                      counted_nouns: bool = False) -> ProseNotice:
    """A notice of figures in prose. `counted_nouns`: with figures that name what they count
    after them (drawn only where asked, so the committed samples keep theirs)."""
    place = rng.choice(places())
    year, quarter = rng.randint(2019, 2025), rng.randint(1, 4)
    office = place.issuer if place.issuer.endswith("办公室") else place.issuer + "办公室"
    n = ProseNotice(name, f"{office}关于{year}年第{'一二三四'[quarter - 1]}季度"
                          "政务公开工作检查情况的通报", office)
    # Addressed to towns and offices, or (a table's header words: 镇（街道）, 单位) to all units.
    to_all = f"各{'乡镇（街道）' if place.kind == 'county' else '街道（镇）'}、{place.level_word}直各单位："
    season = f"{'一二三四'[quarter - 1]}季度"
    n.paragraphs = [to_all if rng.random() < 0.3 else
                    f"各{'镇' if place.kind == 'county' else '街道'}人民政府，"
                    f"{place.level_word}政府各工作部门：",
                    hotline_opening(rng, n, season) if rng.random() < 0.5 else
                    f"{season}，全{place.level_word}政务公开工作整体运行良好，具体情况通报如下。",
                    "一、基本情况",
                    _praised(rng, n, place, rng.random() < wrong_fraction),
                    letters(rng, n, rng.random() < wrong_fraction),
                    _shares(rng, n, place), _handled(rng, n, place), _visits(rng, n),
                    _applications(rng, n, place, rng.random() < wrong_fraction),
                    _tallied(rng, n, rng.random() < wrong_fraction), _funds(rng, n),
                    broken_down(rng, n, place, rng.random() < wrong_fraction),
                    inspected(rng, n), shares_next(rng, n), top_units(rng, n, place), with_aside(rng, n),
                    respective(rng, n, place),
                    "二、存在问题", _split(rng, n, place, rng.random() < wrong_fraction),
                    _said_of_all(rng, n, place)]
    if counted_nouns:
        n.paragraphs.insert(4, counted_after(rng, n, place, rng.random() < wrong_fraction))
    laid_out_apart(n, random.Random(f"{name}{n.title}{len(n.facts)}"), place)
    return n


def render_text(n: ProseNotice, rng: random.Random | None = None) -> str:
    """The notice as text: a paragraph a line, or (with rng, half the time) its lines
    broken at a page's width as a PDF's text layer gives them (…群众来信106件（其 / 中：…)."""
    width = rng.randint(24, 40) if rng is not None and rng.random() < 0.5 else None
    lines = [n.title]
    for paragraph in [*n.paragraphs, n.issuer]:
        lines += [paragraph[k:k + width] for k in range(0, len(paragraph), width)] \
            if width else ["", paragraph]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    out, truth_dir, rng, count = sample_arguments(__doc__, 2, 53, argv)
    for i in range(count):
        name = f"prose_notice_{i:03d}.txt"
        n = make_prose_notice(rng, name, wrong_fraction=0.5)
        write_sample(out, truth_dir, name, render_text(n, rng),
                     {k: v for k, v in asdict(n).items() if k != "paragraphs"})


if __name__ == "__main__":
    main()
