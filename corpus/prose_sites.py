"""Prose-notice paragraphs of inspections whose figures name what they count after their
measure word (区应急管理局共抽查19家加油站、13家医院和8家幼儿园; 共检查83家单位，其中合格80家，
不合格3家), as real inspection notices print them."""

from __future__ import annotations

import random

from tongbao.corpus.prose_base import ProseNotice, claims_miss, fact, joined

SITES = ["养老福利机构", "中小学校", "幼儿园", "医院", "加油站", "建筑工地", "商场超市", "宾馆饭店",
         "危化品企业", "人员密集场所", "液化气站", "农贸市场"]


def counted_after(rng: random.Random, n: ProseNotice, place, wrong: bool) -> str:
    """Figures after a verb that counts, each with the noun it counts after its measure
    word: a list of them, or one with its parts (其中合格80家，不合格3家); now and then beside
    figures that count nothing (_team, _deadline). wrong: the parts exceed it."""
    org = f"{place.level_word}{rng.choice(['应急管理局', '市场监管局', '消防救援大队', '住建局'])}"
    verb = rng.choice(["抽查", "检查", "排查", "摸排", "走访", "核查"])
    found = rng.randint(1, 300)
    n.facts.append(fact("count", "发现问题隐患", None, float(found), "处"))
    if rng.random() < 0.5:
        sites = rng.sample(SITES, rng.randint(1, 4))
        values = [rng.randint(1, 120) for _ in sites]
        n.facts += [fact("count", f"{org}{verb}{k}", None, float(v), "家")
                    for k, v in zip(sites, values, strict=True)]
        listed = joined(rng, [f"{v}家{k}" for k, v in zip(sites, values, strict=True)])
        return (f"安全检查方面，{_team(rng)}{org}{rng.choice(['共', '累计', ''])}{verb}{listed}，"
                f"发现问题隐患{found}处。{_deadline(rng)}")
    site = rng.choice(["单位", "企业", "经营主体", *SITES])
    whole = rng.randint(20, 200)
    passed = rng.randint(1, whole - 1)
    failed = whole - passed + (rng.randint(1, 3) if wrong else 0)  # fewer may name some only
    subject = f"{org}{verb}{site}"
    n.facts += [fact("count", subject, None, float(whole), "家"),
                *(fact("part", k, None, float(v), "家", [subject, float(whole)])
                  for k, v in (("合格", passed), ("不合格", failed)))]
    if wrong and claims_miss(whole, [passed, failed]):
        n.failing.append({"scope": subject, "status": "fail"})
    return (f"安全检查方面，{_team(rng)}{org}共{verb}{whole}家{site}，其中合格{passed}家，"
            f"不合格{failed}家，发现问题隐患{found}处。{_deadline(rng)}")


# Figures after a counting verb that count no noun of their own, so no fact: the noun goes
# on with a verb (抽取2名执法人员组成检查组), holds a possessor (3个部门的台账) or bounds a
# time (5个工作日内).
def _team(rng: random.Random) -> str:
    return rng.choice(["", f"随机抽取{rng.randint(2, 9)}名执法人员组成检查组，",
                       f"检查了{rng.randint(2, 9)}个部门的台账，"])


def _deadline(rng: random.Random) -> str:
    return rng.choice(["", f"要求责任单位在{rng.randint(3, 15)}个工作日内完成整改。"])
