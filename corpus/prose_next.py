"""Prose-notice paragraphs whose list of parts opens the next sentence, and whose whole the
reader must find in the sentence before: a breakdown (从办理单位看，…), a list adding up
to a count other than the last one printed (抽查12家，合格11家。其中，…), or one whose
items, set apart by semicolons, state their shares (其中，…2156条，占38.3%；…)."""

from __future__ import annotations

import random
import unicodedata

from tongbao.corpus.prose_base import ProseNotice, copula, fact, joined, unit_figures, unit_names


def broken_down(rng: random.Random, n: ProseNotice, place, wrong: bool) -> str:
    """A count, then the next sentence's breakdown of it (从办理单位看，住建局30件，…, or each
    with its share: 住建局30件，占20.1%；…): all of its parts or, now and then, the largest only. A miss is no error either way (a
    breakdown may name only some, or overlap); wrong: the parts exceed it."""
    units = unit_names(place, rng, rng.randint(2, 5))
    values = [rng.randint(5, 90) for _ in units]
    some = rng.random() < 0.3
    whole = sum(values) + (rng.randint(1, 40) if some else 0) - (
        rng.randint(1, min(values)) if wrong else 0)
    subject = "12345热线转办群众诉求"
    n.facts.append(fact("count", subject, None, float(whole), "件"))
    n.facts += [fact("part", subject, u["unit"], float(v), "件", [subject, float(whole)])
                for u, v in zip(units, values, strict=True)]
    aspect = rng.choice(["从办理单位看", "从承办单位来看", "从责任单位上看"])
    # or opened another way pages open it (按办理单位分; 上述诉求中, its items set apart by
    # commas only): drawn apart, so the committed samples keep theirs
    apart = random.Random(f"{values}{whole}")
    semicolons = rng.random() < 0.25
    if apart.random() < 0.4:
        aspect = apart.choice(["按办理单位分", "按承办单位划分", "按责任单位分类",
                               *([] if semicolons else ["上述诉求中", "本季度转办的群众诉求中"])])
    if semicolons:  # each with its share, set apart by semicolons (…30件，占20.1%；…)
        shares = [f"{100 * v / whole:.1f}" for v in values]
        n.facts += [fact("rate", f"{subject}占比", u["unit"], float(x), "%")  # the unit's share
                    for u, x in zip(units, shares, strict=True)]
        listed = "；".join(f"{u['printed']}{v}件，占{x}%"
                          for u, v, x in zip(units, values, shares, strict=True))
    else:
        listed = rng.choice(["，", "、"]).join(unit_figures(rng, units, values, "件", n, whole,
                                                          parts_of=subject))
    return f"诉求办理方面，本季度，{subject}{whole}件。{aspect}，{listed}。"


def items_each_totalled(rng: random.Random, n: ProseNotice) -> str:
    """Kinds listed 一是…，二是…, each with its count after a comma and 共 (一是防疫类诉求，
    共329件；二是…): each count is its kind's, never 共's."""
    kinds = rng.sample(["防疫类诉求", "市民生活类诉求", "城市管理类诉求", "交通出行类诉求"], 2)
    values = [rng.randint(20, 400) for _ in kinds]
    n.facts += [fact("count", k, None, float(v), "件") for k, v in zip(kinds, values, strict=True)]
    word = rng.choice(["共", "共计", "合计"])
    listed = "；".join(f"{'一二'[i]}是{k}，{word}{v}件" for i, (k, v) in enumerate(
        zip(kinds, values, strict=True)))
    return f"假期期间，市民诉求主要集中在以下方面：{listed}。"


def sites_by_level(rng: random.Random, n: ProseNotice) -> str:
    """A whole, then its parts named with a bracket of their own (县(市)区政府门户网站,
    乡镇（街道）网站): the bracket is the name's, kept whole."""
    names = ["市直部门网站", rng.choice(["县(市)区政府门户网站", "县（市、区）政府网站", "乡镇（街道）网站"])]
    values = [rng.randint(5, 60) for _ in names]
    whole, subject = sum(values), "本次普查的政府网站"
    n.facts.append(fact("count", subject, None, float(whole), "家"))
    n.facts += [fact("part", unicodedata.normalize("NFKC", k), None, float(v), "家",
                     [subject, float(whole)]) for k, v in zip(names, values, strict=True)]
    listed = "，".join(f"{k}{v}家" for k, v in zip(names, values, strict=True))
    return f"{subject}共{whole}家，其中{listed}。"  # (a fact's subject is read in NFKC)


def inspected(rng: random.Random, n: ProseNotice) -> str:
    """Sites checked (共抽查政府网站40家, or 对全区40家政府网站进行了抽查) and those that passed,
    then the next sentence's list of the checked by score band (其中，90分以上的8家，…): the
    list follows the passed count, but adds up to the checked, whose parts they are."""
    bands = [rng.randint(1, 12) for _ in range(3)]
    checked = sum(bands)
    passed = rng.randint(1, checked - 1)
    rate = f"{100 * passed / checked:.1f}"
    n.facts += [fact("count", "抽查政府网站", None, float(checked), "家"),
                fact("count", "合格", None, float(passed), "家"),
                fact("rate", "合格率", None, float(rate), "%")]
    labels = ["得分90分以上的", "80至90分的", "80分以下的"]
    n.facts += [fact("part", k, None, float(v), "家", ["抽查政府网站", float(checked)])
                for k, v in zip(labels, bands, strict=True)]
    listed = "，".join(f"{k}{v}家" for k, v in zip(labels, bands, strict=True))
    # or the sites named after their count (对全区40家政府网站进行了抽查), drawn apart
    said = f"对全区{checked}家政府网站进行了抽查" if random.Random(f"{bands} {passed}").random() < 0.4 \
        else f"共抽查政府网站{checked}家"
    return f"网站检查方面，{said}，合格{passed}家，合格率{copula(rng)}{rate}%。其中，{listed}。"


def shares_next(rng: random.Random, n: ProseNotice) -> str:
    """A count, then the next sentence's list of its parts opened by 其中，, each part with
    its share, set apart by semicolons; now and then some of the parts only (skipped)."""
    sites = rng.sample(["区政府门户网站", "各部门网站", "政务新媒体", "镇街网站"], rng.randint(2, 3))
    values = [rng.randint(50, 3000) for _ in sites]
    whole = sum(values) + (rng.randint(1, 500) if rng.random() < 0.3 else 0)
    subject = "全区发布信息"
    shares = [f"{100 * v / whole:.1f}" for v in values]
    # now and then one share printed wrong by less than half a point (0.9% for 0.6%), drawn
    # apart so the committed samples keep theirs; never one that is a part's share of
    # another figure of the sentence (then which whole it is of cannot be told), and only
    # where the parts are the whole (else the list may be another's: no claim)
    apart = random.Random(f"{whole}{values}")
    if apart.random() < 0.3 and whole == sum(values):
        k = apart.randrange(len(sites))
        wrong = f"{float(shares[k]) + apart.choice([-1, 1]) * apart.choice([0.2, 0.3, 0.4]):.1f}"
        figures = [whole, *values]
        if float(wrong) > 0 and not any(abs(100 * v / b - float(wrong)) < 0.1 + 1e-9
                                        for v in values for b in figures):
            shares[k] = wrong
            n.wrong_shares.append(f"{sites[k]}发布占比")
    n.facts.append(fact("count", subject, None, float(whole), "条"))
    n.facts += [fact("part", f"{k}发布", None, float(v), "条", [subject, float(whole)])
                for k, v in zip(sites, values, strict=True)]
    n.facts += [fact("rate", f"{k}发布占比", None, float(x), "%")  # named by its part
                for k, x in zip(sites, shares, strict=True)]
    listed = "；".join(f"{k}发布{v}条，占{x}%" for k, v, x in zip(sites, values, shares, strict=True))
    return f"信息发布方面，本季度，全区共发布信息{whole}条。其中，{listed}。"


def top_units(rng: random.Random, n: ProseNotice, place) -> str:
    """The units with the most cases, each named before its count after 分别为 (排名前三的
    单位分别为区住建局56件、…, or 区住建局（56件）、…, now and then with its share of all the
    units' cases: 区住建局（56件，占23.1%）): counts of their own, named by the unit, not by
    分别为, nor left unnamed by the bracket; and no crawled table, though 排名 and 单位 head
    tables (one figure each, with its 件; a share is either's)."""
    units = unit_names(place, rng, 3)
    values = sorted((rng.randint(10, 99) for _ in units), reverse=True)
    n.facts += [fact("count", u["printed"], None, float(v), "件")
                for u, v in zip(units, values, strict=True)]
    whole = sum(values) + rng.randint(10, 300)  # all units' cases, stated elsewhere
    listed = "、".join(unit_figures(rng, units, values, "件", n, whole))
    return f"工单量排名前三的单位分别为{listed}。"


def respective(rng: random.Random, n: ProseNotice, place) -> str:
    """Units, then 分别, then their figures in turn (区住建局、区城管局和区教育局分别受理12件、
    8件和5件): each figure is its unit's, named with the verb after 分别."""
    units = unit_names(place, rng, rng.randint(2, 4))
    values = [rng.randint(1, 99) for _ in units]
    verb = rng.choice(["受理", "办理", "转办", ""])
    n.facts += [fact("count", f"{u['printed']}{verb}", None, float(v), "件")
                for u, v in zip(units, values, strict=True)]
    return (f"{joined(rng, [u['printed'] for u in units])}分别{verb or '为'}"
            f"{joined(rng, [f'{v}件' for v in values])}。")


def hotline_opening(rng: random.Random, n: ProseNotice, season: str) -> str:
    """A notice opening with its hotline's figures, mostly rates (12345热线转办工单4567件，按时
    签收率99.8%，…): after an address to all units (各镇（街道）、区直各单位：, a table's header
    words) they are no crawled table's cells, whether a clause or the figures open the
    paragraph. No rate here has its counts printed."""
    orders = rng.randint(200, 9000)
    rates = [(k, f"{rng.uniform(85, 100):.1f}") for k in ("按时签收率", "按时办结率", "群众满意率")]
    n.facts.append(fact("count", "12345热线转办工单", None, float(orders), "件"))
    n.facts += [fact("rate", k, None, float(x), "%") for k, x in rates]
    said = "，".join(f"{k}{copula(rng)}{x}%" for k, x in rates)
    opening = rng.choice([f"{season}，", ""])  # or the figures open the paragraph
    return f"{opening}12345热线转办工单{orders}件，{said}。"


# A name with an aside in brackets (各镇（街道）, 区财政局（含国库中心）): the aside is the
# name's, so the figure's subject keeps both, as normalised (full-width brackets to ASCII).
ASIDES = [("各镇（街道）", "各镇(街道)"), ("区财政局（含国库中心）", "区财政局(含国库中心)"),
          ("区教育局（体育局）", "区教育局(体育局)"), ("各部门（单位）", "各部门(单位)")]


def with_aside(rng: random.Random, n: ProseNotice) -> str:
    """一是… with a heading number in brackets first, then a name with its aside and a
    count: the heading's number cuts the clause, the aside does not."""
    (printed, subject), value = rng.choice(ASIDES), rng.randint(2, 300)
    verb = rng.choice(["办理群众诉求", "受理政府信息公开申请", "发布政务信息"])
    measure = "条" if verb == "发布政务信息" else "件"
    n.facts.append(fact("count", f"{subject}{verb}", None, float(value), measure))
    return f"（{rng.choice('一二三四')}）{printed}共{verb}{value}{measure}，均按时完成。"


def by_platform(rng: random.Random, n: ProseNotice) -> str:
    """A whole, then its parts after 其中 set apart by semicolons, now and then each with its
    own parts in a bracket opened by no word (…共30个，其中微信公众号18个（市直单位5个，县区
    13个）；新浪微博7个（…）；抖音5个（…）): the semicolons go on with the whole's list (its
    parts add up to it), each bracket holds the parts of the figure before it."""
    platforms = rng.sample(["微信公众号", "新浪微博", "抖音号", "今日头条号", "快手号"], rng.randint(2, 4))
    levels = rng.choice([("市直单位", "县区"), ("区直部门", "镇街"), ("市级", "县级", "乡镇级")])
    bracketed = rng.random() < 0.7
    split = [[rng.randint(1, 20) for _ in levels] for _ in platforms]
    values = [sum(s) for s in split] if bracketed else [rng.randint(2, 40) for _ in platforms]
    whole, subject = sum(values), "本季度检查的政务新媒体"
    n.facts.append(fact("count", subject, None, float(whole), "个"))
    items = []
    for platform, value, parts in zip(platforms, values, split, strict=True):
        n.facts.append(fact("part", platform, None, float(value), "个", [subject, float(whole)]))
        inside = ""
        if bracketed:
            n.facts += [fact("part", level, None, float(v), "个", [platform, float(value)])
                        for level, v in zip(levels, parts, strict=True)]
            inside = "（" + "，".join(f"{level}{v}个" for level, v in zip(levels, parts,
                                                                       strict=True)) + "）"
        items.append(f"{platform}{value}个{inside}")
    return f"{subject}共{whole}个，其中{'；'.join(items)}。"


def rate_of_a_step(rng: random.Random, n: ProseNotice) -> str:
    """A rate of a count other than the sentence's first: of one printed between them
    (受理2877件，自行处理2276件，派单601件，按时结案597件，按时结案率99.3%: of the 601 sent on),
    or of a sum (受理7227宗，当场答复5113宗，转办2114宗，办结1898宗，办结率97.0%: those answered
    at once and those closed, of all). The notice's arithmetic holds: no check may fail."""
    received = rng.randint(500, 9000)
    own = rng.randint(received // 3, received - 50)
    sent = received - own
    closed = rng.randint(sent * 9 // 10, sent)
    if rng.random() < 0.5:
        words, measure = ["12345热线受理群众诉求", "自行处理", "派单", "按时结案"], "件"
        rate_name, rate = "按时结案率", f"{100 * closed / sent:.1f}"
        printed = ["12345热线共受理群众诉求", "自行处理", "派单", "按时结案"]
    else:
        words, measure = ["受理有效热线事项", "当场答复", "转办", "办结"], "宗"
        rate_name, rate = "办结率", f"{100 * (own + closed) / received:.1f}"
        printed = ["共受理有效热线事项", "当场答复", "转办", "办结"]
    values = [received, own, sent, closed]
    n.facts += [fact("count", w, None, float(v), measure) for w, v in zip(words, values, strict=True)]
    n.facts.append(fact("rate", rate_name, None, float(rate), "%"))
    said = "，".join(f"{w}{v}{measure}" for w, v in zip(printed, values, strict=True))
    return f"热线办理方面，{said}，{rate_name}{copula(rng)}{rate}%。"


PURPOSES = ["揭发控告", "求决", "申诉", "意见建议"]
LETTER_KINDS = ["建议类", "投诉", "举报", "咨询", "其他"]


def two_lists(rng: random.Random, n: ProseNotice) -> str:
    """Two classifications in a row, no whole before them (按信访目的分类：…、意见建议20件。
    按信件类型分类：建议类25件、…): each item a count of its own. The second list was read as
    the parts of the first's last item (a real 信箱 report: 26 facts under 意见建议)."""
    said = []
    for aspect, names in (("按信访目的分类", PURPOSES), ("按信件类型分类", LETTER_KINDS)):
        items = [(k, rng.randint(1, 60)) for k in rng.sample(names, rng.randint(2, len(names)))]
        n.facts += [fact("count", k, None, float(v), "件") for k, v in items]
        said.append(f"{aspect}：" + "、".join(f"{k}{v}件" for k, v in items) + "。")
    return "信箱来信方面，" + "".join(said)
