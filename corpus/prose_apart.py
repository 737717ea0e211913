"""What a generated prose notice (corpus/prose_notice.py) may also print, drawn from a
draw of its own (`apart`), so that the notices drawn before, and the committed samples,
keep their text:

- a heading between a whole and its breakdown (…转办群众诉求146件。/（一）诉求分布情况/
  从办理单位看，…): the heading keeps the whole;
- a bound (合格率低于70%): no figure of its own;
- parts named with a bracket (县(市)区政府门户网站12家): the bracket is the name's;
- kinds listed 一是…，共329件: each count its kind's, never 共's;
- parts after 其中 set apart by semicolons, each with its own in a bracket
  (其中微信公众号18个（市直单位5个，县区13个）；新浪微博7个（…）): the whole's list goes on;
- a rate of a count printed after the sentence's first, or of a sum (派单601件，按时结案597件，
  按时结案率99.3%): no check fails;
- two classifications in a row with no whole before them (按信访目的分类：…。按信件类型分类：
  …): each item a count of its own, never the parts of the first list's last item;
- no salutation, its sections headed 1.各乡镇工作情况： (a line like a salutation,
  after figures): the figures above it are the notice's.
"""

from __future__ import annotations

import random

from tongbao.corpus.prose_base import ProseNotice
from tongbao.corpus.prose_next import (
    by_platform,
    items_each_totalled,
    rate_of_a_step,
    sites_by_level,
    two_lists,
)


def laid_out_apart(n: ProseNotice, apart: random.Random, place) -> None:
    """n's paragraphs with the variants above drawn from `apart` (in place)."""
    whole_then_parts = next(i for i, p in enumerate(n.paragraphs) if p.startswith("诉求办理方面"))
    if apart.random() < 0.4:
        stated, parts = n.paragraphs[whole_then_parts].split("。", 1)
        n.paragraphs[whole_then_parts:whole_then_parts + 1] = [stated + "。", "（一）诉求分布情况",
                                                               parts]
    if apart.random() < 0.3:
        bound = f"个别单位政务新媒体合格率{apart.choice(['低于', '不足'])}{apart.randint(6, 8)}0%。"
        n.paragraphs.insert(whole_then_parts, bound)
    if apart.random() < 0.3:
        n.paragraphs.insert(whole_then_parts, sites_by_level(apart, n))
    if apart.random() < 0.3:
        n.paragraphs.insert(whole_then_parts, items_each_totalled(apart, n))
    if apart.random() < 0.3:
        n.paragraphs.insert(whole_then_parts, by_platform(apart, n))
    step = random.Random(f"{n.title} rates")  # a draw of its own: the ones above keep theirs
    if step.random() < 0.3:
        n.paragraphs.insert(whole_then_parts, rate_of_a_step(step, n))
    if step.random() < 0.3:
        n.paragraphs.insert(whole_then_parts, two_lists(step, n))
    if apart.random() < 0.3:
        heads = {"一、基本情况": f"1.各{'乡镇' if place.kind == 'county' else '街道'}工作情况：",
                 "二、存在问题": "2.存在问题："}
        n.paragraphs = [heads.get(p, p) for p in n.paragraphs[1:]]
