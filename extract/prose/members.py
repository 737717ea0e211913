"""Lists of units in running text: which words are the units, and what is said of them all
(区住建局、区城管局和区教育局未按时更新栏目). Whether a name is a unit is the caller's
question (`is_unit`: the registry, in the document's jurisdiction)."""

from __future__ import annotations

from collections.abc import Callable

from tongbao.extract.prose.figures import words

# Longer than any unit's name with its full jurisdiction (省, 市, 县 and the organisation):
# a list item is tried as a unit name no further than this.
MAX_UNIT_NAME = 60

IsUnit = Callable[[str], bool]


def list_items(chunks: list[str], is_unit: IsUnit) -> list[str]:
    """A list's items from its pieces between 、: a 和 / 及 in a piece joins units
    (教育体育局和首阳山街道) unless the piece is one unit's name (自然资源和规划分局,
    人力资源和社会保障局); it is cut at each 和 whose every piece is a unit (财政局和发展和
    改革委员会: at the first only)."""
    return [item for chunk in chunks if chunk.strip()
            for item in units_joined(chunk.strip(), is_unit) or [chunk.strip()]]


def units_joined(chunk: str, is_unit: IsUnit) -> list[str] | None:
    """The units a chunk joins with 和 (甲和乙, 甲和乙和丙), each a unit's whole name; None
    when it is no such list."""
    if is_unit(chunk):
        return [chunk]
    for m in words().list_mark.finditer(chunk):
        first, rest = chunk[:m.start()], chunk[m.end():]
        if first and rest and is_unit(first) and (others := units_joined(rest, is_unit)):
            return [first, *others]
    return None


def said_of_listed(clause: str, is_unit: IsUnit) -> tuple[str, list[str]] | None:
    """审计局、林业局、…、陈村镇新闻信息发布为0: what is said, and the units it is said of,
    the last of which runs into it, joined to the one before it by 、 or by 和 (…、区城管局
    和区教育局未按时更新栏目, 区住建局和区城管局未…). None when the clause lists fewer than two
    units, or nothing is said of them."""
    items = [i.strip() for i in clause.split("、")]
    if not (k := _unit_prefix(items[-1], is_unit)):
        return None
    last, rest = [items[-1][:k]], items[-1][k:]
    while (joiner := words().list_mark.match(rest)) and \
            (k := _unit_prefix(rest[joiner.end():], is_unit)):
        last.append(rest[joiner.end():joiner.end() + k])
        rest = rest[joiner.end() + k:]
    units = list_items(items[:-1], is_unit) + last
    return (rest.strip(), units) if rest.strip() and len(units) >= 2 else None


def _unit_prefix(text: str, is_unit: IsUnit) -> int:
    """The length of the longest unit's name text opens with (住房和城乡建设局, not 住房), or 0."""
    return next((k for k in range(min(len(text), MAX_UNIT_NAME), 1, -1) if is_unit(text[:k])), 0)
