"""The prose notice a generator builds (prose_notice.py) and the facts it states."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from tongbao.corpus.places import department_names, street_names


@dataclass
class ProseNotice:
    file: str
    title: str
    issuer: str
    # [kind, subject, unit, value, measure, parent (its whole's subject and value) or None]
    facts: list[list] = field(default_factory=list)
    # fact_parts_sum checks that must fail: {"scope": the whole's subject, "status": "fail"}
    failing: list[dict] = field(default_factory=list)
    # fact_rate checks that must fail: the scope of each share printed wrong
    wrong_shares: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


def unit_names(place, rng: random.Random, n: int) -> list[dict]:
    """n printed unit names that resolve in the place (a list of units names only units)."""
    names = [u for u in department_names(place, rng) + street_names(place, rng) if u["resolved"]]
    rng.shuffle(names)
    seen, out = set(), []
    for u in names:  # one printed form per unit
        if u["unit"] not in seen:
            seen.add(u["unit"])
            out.append(u)
    return out[:n]


def fact(kind, subject, unit, value, measure, parent=None) -> list:
    return [kind, subject, unit, value, measure, parent]


def pair_of_equals(rng: random.Random, values: list) -> int | None:
    """Now and then (three times in ten) two figures side by side made equal, to be printed
    once after 各 (投诉、举报各5件; listed_each): the first one's index, or None."""
    if len(values) < 2 or rng.random() >= 0.3:
        return None
    first = rng.randrange(len(values) - 1)
    values[first + 1] = values[first]
    return first


def listed_each(rng: random.Random, names: list[str], values: list, measure: str,
                pair: int | None, item: Callable[[str, int], str]) -> list[str]:
    """A list's items as printed, item(name, value) each, the pair (pair_of_equals) as one:
    甲、乙各5件, 甲和乙均为5件."""
    out = []
    for i, (name, value) in enumerate(zip(names, values, strict=True)):
        if pair is not None and i == pair + 1:
            continue  # printed with the name before it
        if i == pair:
            out.append(f"{name}{rng.choice(['、', '和'])}{names[i + 1]}{each_word(rng)}{value}"
                       f"{measure}")
        else:
            out.append(item(name, value))
    return out


def joined(rng: random.Random, items: list[str]) -> str:
    """Items listed as prose lists them: 、 between them, 、 or 和 before the last."""
    if len(items) < 2:
        return "".join(items)
    return "、".join(items[:-1]) + rng.choice(["、", "和"]) + items[-1]


def claims_miss(whole: float, values: list) -> bool:
    """Whether the reader claims parts that miss their whole: not where the first part
    alone is the whole (收入预算…，其中：一般公共预算拨款 all of it，单位结余结转… : the rest
    may be set beside it, not in it)."""
    return not (len(values) > 1 and values[0] == whole)


def each_word(rng: random.Random) -> str:
    """What gives one figure to each of the names before it (咨询、投诉各5件, 均为5件, 均5件)."""
    return rng.choice(["各", "各", "均为", "均"])


def copula(rng: random.Random) -> str:
    """What a notice may print between a rate's name and its figure (办结率为98.4%,
    合格率达93.3%): nothing of the rate's name, which is checked against its counts."""
    return rng.choice(["", "", "为", "达", "达到", "均为"])


def unit_figures(rng: random.Random, units: list[dict], values: list, measure: str,
                 n: ProseNotice | None = None, whole: float | None = None,
                 parts_of: str | None = None) -> list[str]:
    """Each unit with its figure, as a notice prints them: after the name (区住建局56件) or,
    in one notice of four, in brackets after it (区住建局（56件）): the figure is the
    name's either way. Given the whole they are parts of (printed or not), a third of the
    bracketed lists give each figure's share in its bracket (区住建局（56件，占23.1%）), a
    rate fact of n's of its own (named by its part where they are parts_of that subject:
    12345热线转办群众诉求占比 of 区住建局; else by its count: 区住建局占比)."""
    bracketed = rng.random() < 0.25
    shares = [""] * len(values)
    if bracketed and n is not None and whole and rng.random() < 1 / 3:
        word = rng.choice(["占", "占比"])
        rates = [f"{100 * v / whole:.1f}" for v in values]
        n.facts += [fact("rate", f"{parts_of}占比", u["unit"], float(x), "%") if parts_of else
                    fact("rate", f"{u['printed']}占比", None, float(x), "%")  # its count's
                    for u, x in zip(units, rates, strict=True)]
        shares = [f"，{word}{x}%" for x in rates]
    return [f"{u['printed']}（{v}{measure}{share}）" if bracketed else f"{u['printed']}{v}{measure}"
            for u, v, share in zip(units, values, shares, strict=True)]
