"""The letters paragraph of a prose notice (prose_notice.py): a count of letters and its kinds.

  区长信箱共受理群众来信106件（其中：问题咨询26件，意见建议16件，求助23件，投诉41件），按期办结率100%。

The list may open with no 其中 (a miss is then skipped), or follow 其中 without a bracket,
running to the sentence's end; two kinds of one figure are printed once (投诉、举报各5件,
均为5件); a kind may have parts of its own or a change after it (比上季度多6件). After a
list with no bracket there may be a figure that is no kind: what was done with them all
(办结100件), a breakdown of a kind (意见建议中网络意见建议5件), a figure beside the whole
(另有重复来信5件) or the whole restated (合计106件); and two breakdowns of the whole in one
list (上月结转3件，本月新增34件, then the kinds); a last kind named by a verb (转办5件). The
truth names a miss as failing only where the reading is certain.
"""

from __future__ import annotations

import random

from tongbao.corpus.prose_base import (
    ProseNotice,
    claims_miss,
    each_word,
    fact,
    listed_each,
    pair_of_equals,
)

CHANNELS = ["区长信箱", "县长信箱", "书记信箱", "12345热线", "政府网站留言板"]
KINDS = ["问题咨询", "意见建议", "求助", "投诉", "举报"]
SUB_CHANNELS = ["电话", "网络", "现场"]
# What is done with letters, all kinds of them.
DONE = ["办结", "已办结", "已答复", "转办", "转交各单位办理", "派发工单"]
VERB_KINDS = ["转办", "转交有关部门"]  # kinds of letters named by what was done with them
BESIDE = ["另有重复来信", "此外还有无效来信"]  # figures beside the letters, outside them


def letters(rng: random.Random, n: ProseNotice, wrong: bool) -> str:
    channel, measure = rng.choice(CHANNELS), rng.choice(["件", "条"])
    kinds = rng.sample(KINDS, rng.randint(2, 5))
    # Now and then the last kind's words open with a verb (转办5件): a kind all the same, as
    # the sums say (in a notice whose sums miss, which it is could not be told).
    verb_kind = not wrong and rng.random() < 0.2
    kinds += [rng.choice(VERB_KINDS)] if verb_kind else []
    parts = [rng.randint(2, 40) for _ in kinds]
    each = pair_of_equals(rng, parts)  # 投诉、举报各5件
    # wrong: the parts exceed it (a count stays a count: 1 or more)
    whole = sum(parts) - (rng.randint(1, min(5, sum(parts) - 1)) if wrong else 0)
    subject = f"{channel}受理群众来信"
    sep = rng.choice(["，", ","])
    # A bracket opened by no word may name only some parts: a miss there is skipped. A list
    # after 其中 with no bracket runs to the sentence's end.
    # Or after the sentence of the whole, opening the next (。其中咨询26件，…): a list that
    # may be another figure's, so a miss there is skipped.
    bracket = rng.choice([("（其中：", "）"), ("(其中:", ")"), ("（其中", "）"), ("（", "）"),
                          (f"{sep}其中", ""), (f"{sep}其中：", ""), ("。其中", ""), ("。其中，", "")])
    # The whole may follow a colon (共受理群众来信：106件, 受理群众来信：共106件).
    opening = rng.choice(["共受理群众来信"] * 4 + ["共受理群众来信：", "受理群众来信：共"])
    n.facts.append(fact("count", subject, None, float(whole), measure))
    n.facts += [fact("part", k, None, float(v), measure, [subject, float(whole)])
                for k, v in zip(kinds, parts, strict=True)]
    listed = listed_each(rng, kinds, parts, measure, each, lambda k, v: f"{k}{v}{measure}"
                         + _own_parts(rng, n, k, v, measure, sep)
                         + (_compared(rng, n, measure, sep) if bracket[0] != "（" else ""))
    by_when = bracket[0] != "（" and whole > 1 and rng.random() < 0.2
    if by_when:  # two breakdowns in one list: by when (上月结转3件，本月新增34件), then by kind
        carried = rng.randint(1, whole - 1)
        n.facts += [fact("part", w, None, float(v), measure, [subject, float(whole)])
                    for w, v in (("上月结转", carried), ("本月新增", whole - carried))]
        listed = [f"上月结转{carried}{measure}", f"本月新增{whole - carried}{measure}", *listed]
    done, certain = "", True
    if not bracket[1] and not verb_kind and rng.random() < 0.5:
        # …投诉41件，办结100件: what was done with them all, or a breakdown of the first kind
        # (意见建议中网络意见建议5件), a figure of its own either way, not one more kind.
        # Where the kinds miss the whole, which it is cannot be told: no claim then.
        # A figure set beside the whole (另有重复来信5件) ends the list whatever the sums.
        form = rng.choice(["done", "done", "breakdown", "beside"])
        if form == "done":
            words, value = rng.choice(DONE), rng.randint(1, whole)
        elif form == "breakdown":
            words, value = f"{kinds[0]}中{rng.choice(SUB_CHANNELS)}{kinds[0]}", \
                rng.randint(1, parts[0])
        else:
            words, value = rng.choice(BESIDE), rng.randint(1, whole)
        n.facts.append(fact("count", words, None, float(value), measure))
        done = f"{sep}{words}{value}{measure}"
        certain = form == "beside"
    elif not bracket[1] and rng.random() < 0.2:  # …投诉41件，合计106件: the whole restated
        said = rng.choice(["合计", "共计", "总计"])
        n.facts.append(fact("count", said, None, float(whole), measure))
        done = f"{sep}{said}{whole}{measure}"
    n.facts.append(fact("rate", "按期办结率", None, 100.0, "%"))
    # A miss after a breakdown that adds up may be a second breakdown's, or figures of their own.
    if wrong and bracket[0] not in ("（", "。其中", "。其中，") and certain and not by_when \
            and claims_miss(whole, parts):
        n.failing.append({"scope": subject, "status": "fail"})
    return (f"网民留言办理方面{sep}{channel}{opening}{whole}{measure}{bracket[0]}"
            f"{sep.join(listed)}{bracket[1]}{done}{'。' if not bracket[1] else sep}按期办结率100%。")


def _compared(rng: random.Random, n: ProseNotice, measure: str, sep: str) -> str:
    """Now and then, after an item, how it changed (，比上季度多6件): a change, no part. (Not in a
    bracket opened by no word: a change there makes it figures of their own, not a list.)"""
    if rng.random() >= 0.15:
        return ""
    words = f"{rng.choice(['比', '较'])}{rng.choice(['上季度', '上月', '去年同期'])}" \
        f"{rng.choice(['多', '少', '增加', '减少'])}"
    value = rng.randint(1, 9)
    n.facts.append(fact("change", words, None, float(value), measure))
    return f"{sep}{words}{value}{measure}"


def _own_parts(rng: random.Random, n: ProseNotice, kind: str, value: int, measure: str,
               sep: str) -> str:
    """Now and then, a part's own parts: a bracket after it (all of them after 其中, one
    after 含) or a list item after it opening with 含. Parts of the part, not of the whole."""
    form = rng.choice(["", "", "", "bracket", "one", "item"])
    if not form:
        return ""
    if form == "bracket":
        halves = value % 2 == 0 and rng.random() < 0.3  # 电话、网络各6件: one figure for both
        first = value // 2 if halves else rng.randint(1, value - 1)
        subs = list(zip(rng.sample(SUB_CHANNELS, 2), (first, value - first), strict=True))
    else:
        halves, subs = False, [(rng.choice(SUB_CHANNELS), rng.randint(1, value))]
    n.facts += [fact("part", f"{ch}{kind}", None, float(v), measure, [kind, float(value)])
                for ch, v in subs]
    listed = "、".join(f"{ch}{kind}{v}{measure}" for ch, v in subs) if not halves else \
        f"{subs[0][0]}{kind}、{subs[1][0]}{kind}{each_word(rng)}{first}{measure}"
    return {"bracket": f"（其中{listed}）", "one": f"（含{listed}）", "item": f"{sep}含{listed}"}[form]
