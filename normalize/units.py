"""Unit (organisation) names: one name per unit across documents and years, never a guess.

In order: NFKC and whitespace artifacts, traditional to simplified (OpenCC),
the jurisdictions a name may start with (jurisdictions.py: only the document's
own, one inside it or one above it), then the registry of department names and
aliases (data/departments.yaml, extended by a user's file), the streets and
towns of that jurisdiction (gazetteer), a zone named by its 管委会, and last a
guarded fuzzy match. Below the guard a name stays unresolved: kept as printed
(whitespace artifacts removed), in the document's jurisdiction.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from tongbao.normalize.datafiles import parse_yaml, read_yaml
from tongbao.normalize.gazetteer import Division, contains, gazetteer
from tongbao.normalize.glyphs import look_alike, one_off
from tongbao.normalize.jurisdictions import (  # noqa: F401  (re-exported: the units API)
    GOVERNMENT_OFFICES,
    admissible,
    jurisdiction_of,
    readings,
    resolve_jurisdiction,
)
from tongbao.normalize.patterns import LazyPattern
from tongbao.normalize.text import clean_name, clean_text, match_key

# (办事处 alone: a street's office named without 街道, 南川东路办事处 - where the gazetteer
# knows the street; a 驻京办事处 or a project's office is none)
_TOWN_KINDS = ("街道办事处", "街道办", "街道", "镇人民政府", "镇政府", "镇", "乡人民政府", "乡政府", "乡",
               "办事处")
_TOWN = LazyPattern(rf"^(?P<stem>\p{{Han}}.*?)(?P<kind>{'|'.join(_TOWN_KINDS)})$")
_TOWN_CANONICAL = {"街道": ("街道办事处", "street"), "镇": ("镇人民政府", "town"),
                   "乡": ("乡人民政府", "township")}
_ZONE_KINDS = ("管委会", "管理委员会")
_ZONE = LazyPattern(rf"^(?P<stem>.*(?:区|园))(?:{'|'.join(_ZONE_KINDS)})$")
# The last character of every name a form (a town, a zone) reads exactly.
_FORM_ENDINGS = frozenset(k[-1] for k in _TOWN_KINDS + _ZONE_KINDS)
_ORG_OF_GOVERNMENT = LazyPattern(f"({'|'.join(GOVERNMENT_OFFICES)})$")  # longest first
FUZZY_MIN = 90  # rapidfuzz ratio for department names; shorter names never reach it by chance


EXACT_STATUSES = ("registry", "gazetteer", "form")


@dataclass(frozen=True)
class UnitMatch:
    raw: str
    unit: str  # canonical name, or the name as printed when unresolved
    unit_type: str | None
    jurisdiction: str | None  # 河南省安阳市北关区
    status: str  # registry | gazetteer | form | fuzzy | unresolved
    score: float = 100.0

    @property
    def resolved(self) -> bool:
        return self.status != "unresolved"

    @property
    def exact(self) -> bool:
        """Read as printed (a registry name or alias, a town, a zone), not as a misprint."""
        return self.status in EXACT_STATUSES


class Registry:
    """Canonical names, types and aliases, from YAML files of one shape."""

    def __init__(self, tables: list[dict | None]):
        self.types: dict[str, str] = {}
        self.alias: dict[str, str] = {}
        for table in tables:
            for name, entry in (table or {}).get("units", {}).items():
                entry = entry or {}
                canonical = match_key(name)
                self.types[canonical] = entry.get("type", self.types.get(canonical, "other"))
                self.alias[canonical] = canonical
                for a in entry.get("aliases") or []:
                    self.alias[match_key(a)] = canonical
        self.alias_list = list(self.alias)
        # A name read exactly ends as a registry name or a form does: a cheap "no" for
        # most of the cuts a reader tries (住房和城乡, 住房和城乡建).
        self.endings = frozenset(a[-1] for a in self.alias if a) | _FORM_ENDINGS


@cache
def registry(user_aliases: str | None = None) -> Registry:
    tables = [read_yaml("tongbao.normalize", "departments.yaml")]
    if user_aliases:
        tables.append(parse_yaml(Path(user_aliases).read_text("utf-8")))
    return Registry(tables)


@cache
def _suffix_types() -> list[tuple[str, str]]:
    return [(s, t) for s, t in read_yaml("tongbao.normalize", "unit_types.yaml")["suffixes"]]


def unit_type(name: str) -> str | None:
    """The type a name's ending implies (…街道 street, …分局 branch, …局 department)."""
    for suffix, kind in _suffix_types():
        if name.endswith(suffix) and len(name) > len(suffix):
            return kind
    return None


def _town(stem: str, kind: str, where: Division | None) -> tuple[str, str, Division | None] | None:
    """A street or town of `where` (a county, or any county inside a city or province;
    anywhere when the document's jurisdiction is unknown): canonical name, type and
    the county it belongs to (where itself when several counties have it)."""
    gaz = gazetteer()
    short = "街道" if kind.startswith("街道") or kind == "办事处" else kind[0]
    place = stem + short
    if where is not None and where.county:
        counties = [where] if place in gaz.towns_of(where) else []
    else:
        counties = [c for c in gaz.township_counties(place)
                    if where is None or contains(where, c)]
    if not counties:
        return None
    suffix, kind_name = _TOWN_CANONICAL[short]
    return stem + suffix, kind_name, counties[0] if len(counties) == 1 else where


def _zone(stem: str, context: Division | None) -> bool:
    """A zone named by its 管委会 may be read here: a name that is no zone of the gazetteer,
    or a generic one (高新区 names one in every city), or a zone whose city or province
    is the document's, inside it or above it (中原高新区 in a 北关区 notice, not
    平潭综合实验区)."""
    known = gazetteer().lookup(stem)
    if len(known) != 1 or context is None:
        return True
    return any(admissible(d, context) for d in [*gazetteer().above(known[0]), known[0]])


_LIST_SEPARATOR = LazyPattern(r"[、，,；;]")


def _misprinted_town(m, county: Division, taken: frozenset[str]) -> tuple[str, str, float] | None:
    """A town of the document's own county printed one character off: the only such
    town, and either the two characters look alike (OCR: 猴氏 / 缑氏) or the printed
    name is no town of the document's province (a typo: 翟店镇, a town only in 山西,
    printed in a 偃师 notice for 翟镇镇)."""
    from rapidfuzz import fuzz  # here: only a name no exact rule knows needs it

    if m["kind"] == "办事处":  # a street's only where the gazetteer knows it as printed
        return None
    gaz = gazetteer()
    kind = m["kind"][:2] if m["kind"].startswith("街道") else m["kind"][0]
    stem = m["stem"]
    suffix, kind_name = _TOWN_CANONICAL[kind]
    near = [t[: -len(kind)] for t in gaz.towns_of(county)
            if t.endswith(kind) and one_off(t[: -len(kind)], stem)
            and t[: -len(kind)] + suffix not in taken]
    if len(near) != 1:
        return None
    alike = look_alike(*one_off(near[0], stem))
    if not alike and any(c.province == county.province
                         for c in gaz.township_counties(stem + kind)):
        return None
    return near[0] + suffix, kind_name, fuzz.ratio(near[0], stem) + (25 if alike else 0)


@lru_cache(maxsize=200_000)
def resolve_unit(raw: str, context: Division | None = None, user_aliases: str | None = None,
                 taken: frozenset[str] = frozenset()) -> UnitMatch:
    """The canonical unit a printed name stands for, in the jurisdiction of its document.

    `taken`: units other rows of the same list name exactly; a misprint is never
    read as one of them. A cell naming several units (区发改委、区人社局)
    resolves to their canonical names joined by 、 when every one resolves."""
    parts = [p for p in _LIST_SEPARATOR.split(raw) if p.strip()]
    if len(parts) > 1:
        matches = [_resolve_one(p, context, user_aliases, taken) for p in parts]
        if any(not m.resolved for m in matches):
            return _unresolved(raw, context)
        types = {m.unit_type for m in matches}
        return UnitMatch(raw, "、".join(m.unit for m in matches),
                         types.pop() if len(types) == 1 else "other",
                         matches[0].jurisdiction, "registry", min(m.score for m in matches))
    return _resolve_one(raw, context, user_aliases, taken)


@lru_cache(maxsize=200_000)
def exact_unit(raw: str, context: Division | None = None, user_aliases: str | None = None
               ) -> UnitMatch | None:
    """The unit a printed name is exactly (a registry name or alias, a town of the
    gazetteer, a zone's form), or None; never a misprint's reading. What a reader asks
    of many candidate cuts of a text (where a glued unit begins, where a listed one
    ends): the fuzzy search resolve_unit adds costs most of a miss."""
    if len([p for p in _LIST_SEPARATOR.split(raw) if p.strip()]) > 1:
        m = resolve_unit(raw, context, user_aliases)
        return m if m.exact else None
    reg = registry(user_aliases)
    name = clean_name(raw)
    if not name or name[-1] not in reg.endings:
        return None  # every reading's rest ends as the name does
    return _exact(raw, readings(name, context, organ_words=True), context, reg)


def units_apart(raw: str, context: Division | None = None) -> list[str]:
    """The names a text holds apart by spaces where each is a unit's exact name and the
    whole is none ('西工区水利局 西工区自然资源局': a row that printed nothing, then the next;
    never '解放路街道 办事处'); else the text alone."""
    parts = raw.split()
    if len(parts) < 2 or exact_unit(raw, context) or not all(exact_unit(p, context)
                                                            for p in parts):
        return [raw]
    return parts


def _resolve_one(raw: str, context: Division | None, user_aliases: str | None,
                 taken: frozenset[str]) -> UnitMatch:
    reg = registry(user_aliases)
    options = readings(clean_name(raw), context, organ_words=True)
    return _exact(raw, options, context, reg) or _fuzzy(raw, options, context, reg, taken)


def _exact(raw: str, options, context: Division | None, reg: Registry) -> UnitMatch | None:
    for div, rest in options:
        if not rest:
            continue
        where = div or context
        jur = where.path if where else None
        if rest in reg.alias:
            canonical = reg.alias[rest]
            return UnitMatch(raw, canonical, reg.types[canonical], jur, "registry")
        if m := _TOWN.match(rest):
            if town := _town(m["stem"], m["kind"], where):
                return UnitMatch(raw, town[0], town[1], town[2] and town[2].path, "gazetteer")
        if (m := _ZONE.match(rest)) and _zone(m["stem"], context):
            return UnitMatch(raw, m["stem"] + "管理委员会", "zone", jur, "form")
    return None


def _fuzzy(raw: str, options, context: Division | None, reg: Registry,
           taken: frozenset[str]) -> UnitMatch:
    from rapidfuzz import fuzz, process  # here: only a name no exact rule knows needs it

    for div, rest in options:
        if not rest:
            continue
        where = div or context
        jur = where.path if where else None
        hit = process.extractOne(rest, reg.alias_list, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN)
        # A known name behind characters that are no division of the document's (市南区
        # 人社局 in a 南京 notice) is another division's unit, not a misprint.
        if hit and unit_type(hit[0]) == unit_type(rest) and not rest.endswith(hit[0]):
            canonical = reg.alias[hit[0]]
            return UnitMatch(raw, canonical, reg.types[canonical], jur, "fuzzy", hit[1])
        m = _TOWN.match(rest)
        if m and where and where.county and (town := _misprinted_town(m, where, taken)):
            return UnitMatch(raw, town[0], town[1], jur, "fuzzy", town[2])
    return _unresolved(raw, context)


def _unresolved(raw: str, context: Division | None) -> UnitMatch:
    """Kept as printed, whitespace artifacts removed, in the document's jurisdiction."""
    printed = clean_text(raw)
    return UnitMatch(raw, printed, unit_type(clean_name(raw)), context.path if context else None,
                     "unresolved", 0.0)


def resolve_list(names: list[str], context: Division | None = None,
                 user_aliases: str | None = None) -> dict[str, UnitMatch]:
    """Names printed in one list (a table's unit column): exact matches first, then
    the rest, which may not take a unit another row already names."""
    first = {n: resolve_unit(n, context, user_aliases) for n in dict.fromkeys(names)}
    taken = frozenset(m.unit for m in first.values() if m.status in ("registry", "gazetteer"))
    return {n: m if m.resolved else resolve_unit(n, context, user_aliases, taken)
            for n, m in first.items()}


def issuer_unit(issuer: str, context: Division | None, aliases: str | None = None) -> str:
    """The issuer as one name: its division's path and its canonical organisation
    (灤河回族区人民政府 -> 河南省洛阳市瀍河回族区人民政府)."""
    name = clean_name(issuer)
    org = _ORG_OF_GOVERNMENT.search(name)
    if org:
        unit = registry(aliases).alias.get(org.group(), org.group())
    else:
        match = resolve_unit(issuer, context, aliases)
        own = _below_division(name, context) if not match.resolved else None
        unit = resolve_unit(own, context, aliases).unit if own else match.unit
        if context is not None and own == "":  # the division itself (平潭综合实验区)
            unit = ""
    return (context.path if context else "") + unit


def _below_division(name: str, context: Division | None) -> str | None:
    """An organisation's own name after the division it is named by, which the issuer's
    path already states (上海市普陀区社会福利院 -> 社会福利院), and after that division's
    government when it is named as the owner (…区人民政府万里街道办事处 -> 万里街道办事处);
    "" when the name is the division's alone (平潭综合实验区)."""
    if context is None:
        return None
    division, rest = readings(name, context)[0]
    if division != context:
        return None
    if not rest:
        return ""
    for owner in ("人民政府", "政府"):
        if rest.startswith(owner) and len(rest) > len(owner) + 1:
            return rest.removeprefix(owner)
    return rest
