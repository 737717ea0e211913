"""Where a printed name places a unit: the jurisdictions read off its front.

A document is read in its issuer's jurisdiction (安阳市北关区人民政府办公室 ->
河南省安阳市北关区). A name in it may begin with a division: 北关区住建局,
安阳市北关区教育局, 北关公安分局, 区住建局 (the document's own 区), 市教育局
(the city above it). Only a division that is the document's own, lies inside it,
or is above it can be read: 中山路街道办事处 in a 北关区 notice never starts with
广东省中山市. A name that could start with two different divisions (鼓楼 in a
document of no known jurisdiction) starts with none.
"""

from __future__ import annotations

from functools import cache

from tongbao.normalize.datafiles import read_yaml
from tongbao.normalize.gazetteer import Division, contains, gazetteer
from tongbao.normalize.glyphs import ocr_variant
from tongbao.normalize.text import clean_name

# A jurisdiction named by its level alone, at the front of a name: 区住建局, 市教育局.
LEVEL_WORDS = "省市区县旗"
GOVERNMENT_OFFICES = ("人民政府办公室", "人民政府办公厅", "人民政府", "政府办公室", "政府办",
               "管理委员会办公室", "管委会办公室", "管理委员会", "管委会")

Reading = tuple[Division | None, str]  # (the division read, the rest of the name)


@cache
def _longest_name() -> int:
    return max(map(len, gazetteer().by_name))


def admissible(d: Division, context: Division | None) -> Division | None:
    """d as a unit's jurisdiction in a document of `context`: d when it is the context,
    lies inside it or above it; the context itself when d is a county the context (a
    zone) governs (平潭县 in a 平潭综合实验区 document); else None."""
    if context is None or contains(d, context) or contains(context, d):
        return d
    if any(contains(t, d) for t in gazetteer().territory.get(context, ())):
        return context
    return None


def _named(text: str, scope: Division | None, context: Division | None,
           strict: bool) -> Division | None:
    """The one admissible division named `text` inside scope (strictly inside it, unless
    scope was named by a level word: 区北关公安分局), if exactly one."""
    found = {}
    for d in gazetteer().lookup(text):
        d = admissible(d, context)
        if d is not None and (scope is None or contains(scope, d) and not (
                strict and d.path == scope.path)):
            found.setdefault(d.path, d)  # a municipality is its own city: one path
    return next(iter(found.values())) if len(found) == 1 else None


@cache
def _organ_ends() -> frozenset[str]:
    """The one-character endings of an organ's name (局, 委, 院 …: data/unit_types.yaml)."""
    return frozenset(s for s, kind in read_yaml("tongbao.normalize", "unit_types.yaml")["suffixes"]
                     if len(s) == 1 and kind in ("department", "branch"))


def _organ_word(name: str, i: int, k: int) -> bool:
    """A short name right before an organ's ending is a word of the organ's name, not a
    place: 公安局 is no office of 公安县, nor 民权局 of 民权县."""
    return name[i + k - 1] not in LEVEL_WORDS and name[i + k:i + k + 1] in _organ_ends()


def _level(word: str, base: Division) -> Division | None:
    """The division of base's line named by a level word: 区 in 北关区 -> 北关区, 市 ->
    安阳市; by a former name (县 in a district that was a county: 凤翔县 -> 凤翔区);
    none when no division of the line is named so (区 in a 中山市 document)."""
    line = [base, *gazetteer().above(base)]
    return next((d for d in line if d.name.endswith(word)), None) or next(
        (d for d in line if any(n.endswith(word) for n in gazetteer().names[d])), None)


def readings(name: str, context: Division | None, organ_words: bool = False) -> list[Reading]:
    """Ways to read a jurisdiction off the front of a cleaned name, the deepest and
    longest first, ending with the name itself (no division read). Each step reads a
    division strictly inside the one before, and a level word at most once, so the walk
    is short whatever the input. organ_words: a place before an organ's ending (公安局,
    偃师科工信局) is read too, after the name itself (a unit's name is tried whole first)."""
    out: dict[tuple[str | None, int], Division | None] = {}
    seen: set[tuple[int, Division | None, str]] = set()
    doubtful: dict[tuple[str | None, int], Division | None] = {}

    def walk(i: int, scope: Division | None, word: str) -> None:
        """word: 'unused' (a level word may still come), 'just' (one was just read: the
        division it names may be named again, 区北关公安分局), 'used'."""
        if (i, scope, word) in seen:
            return
        seen.add((i, scope, word))
        for k in range(min(_longest_name(), len(name) - i), 1, -1):
            d = _named(name[i:i + k], scope, context, strict=word != "just")
            if d is not None and _organ_word(name, i, k):
                doubtful.setdefault((d.path, i + k), d)
                continue
            if d is not None:
                walk(i + k, d, "unused" if word == "unused" else "used")
                out.setdefault((d.path, i + k), d)
        base = scope or context
        if word == "unused" and len(name) - i > 2 and name[i] in LEVEL_WORDS:
            d = _level(name[i], base) if base else None
            if d is not None and scope is not None and not contains(scope, d):
                d = None  # 龙亭区市场监督管理局: a 市 after 龙亭区 is 市场's, not 开封市
            doubled = name[i + 1] == name[i]  # 区区住建局, or 市 before 市场监督管理局
            for j in (i + 1, i + 2)[: 1 + doubled] if d or not base else ():
                walk(j, d, "just")
                out.setdefault((d.path if d else None, j), d)

    if name:
        walk(0, None, "unused")
    return [(d, name[i:]) for (_path, i), d in out.items()] + [(None, name)] + (
        [(d, name[i:]) for (_path, i), d in doubtful.items()] if organ_words else [])


def jurisdiction_of(issuer: str) -> Division | None:
    """The division an issuer governs: 安阳市北关区人民政府办公室 -> 河南省安阳市北关区,
    平潭综合实验区管委会办公室 -> 福建省平潭综合实验区."""
    name = clean_name(issuer)
    for div, _rest in readings(name, None):
        if div is not None:
            return div  # the deepest, longest reading comes first
    # An OCR-damaged county name: one character off a unique county (灤河回族区 -> 瀍河回族区).
    place = name
    for org in GOVERNMENT_OFFICES:
        place = place.removesuffix(org)
    for k in range(min(len(place), _longest_name()), 2, -1):
        near = [c for c in gazetteer().counties_one_off(place[:k]) if ocr_variant(c.county, place[:k])]
        if len(near) == 1:
            return near[0]
    return None


def resolve_jurisdiction(name: str, context: Division | None = None) -> Division | None:
    """A division named in a document, read in the light of the document's own jurisdiction:
    漣河区 in a 瀍河回族区 report is 瀍河回族区 (one character off its short name + 区)."""
    cleaned = clean_name(name)
    found = gazetteer().lookup(cleaned)
    near = [d for d in found if admissible(d, context) is not None]
    if near or found:
        return (near or found)[0]
    if context and context.county:
        for variant in (context.county, context.short + context.county[-1]):
            if ocr_variant(variant, cleaned):
                return context
    return jurisdiction_of(cleaned)


def relation(unit_path: str | None, document_path: str | None) -> str | None:
    """Where a unit's jurisdiction lies from its document's, by their paths: same, inside,
    above, or outside (never allowed); None when either is unknown. The records suite
    checks the same on the warehouse (expectations/suites/records.json)."""
    if not (isinstance(unit_path, str) and isinstance(document_path, str)):
        return None  # unknown (None, or a data frame's NaN)
    if unit_path == document_path:
        return "same"
    if unit_path.startswith(document_path):
        return "inside"
    return "above" if document_path.startswith(unit_path) else "outside"
