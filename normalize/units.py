"""Unit (organisation) names: one name per unit across documents and years.

In order: NFKC and whitespace artifacts, traditional to simplified (OpenCC),
a jurisdiction prefix split off (区 / 北关区 / 安阳市北关区 / 北关), then the
registry of department names and aliases (data/departments.yaml, extended by a
user's file), the streets and towns of the gazetteer, and last a guarded fuzzy
match. Below the guard a name stays unresolved rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import opencc
import regex
import yaml
from rapidfuzz import fuzz, process

from tongbao.normalize.gazetteer import Division, _inside, gazetteer
from tongbao.normalize.glyphs import look_alike, ocr_variant, one_off
from tongbao.normalize.text import match_key

_TOWN = regex.compile(
    r"^(?P<stem>\p{Han}.*?)(?P<kind>街道办事处|街道办|街道|镇人民政府|镇政府|镇|乡人民政府|乡政府|乡)$")
_TOWN_CANONICAL = {"街道": ("街道办事处", "street"), "镇": ("镇人民政府", "town"),
                   "乡": ("乡人民政府", "township")}
_ZONE = regex.compile(r"^(?P<stem>.*(?:区|园))(?:管委会|管理委员会)$")
_ORG_OF_GOVERNMENT = regex.compile(r"(人民政府办公室|人民政府办公厅|人民政府|政府办公室|政府办)$")
FUZZY_MIN = 90  # rapidfuzz ratio for department names; shorter names never reach it by chance


@dataclass(frozen=True)
class UnitMatch:
    raw: str
    unit: str  # canonical name, or the cleaned name when unresolved
    unit_type: str | None
    jurisdiction: str | None  # 河南省安阳市北关区
    status: str  # registry | gazetteer | form | fuzzy | unresolved
    score: float = 100.0

    @property
    def resolved(self) -> bool:
        return self.status != "unresolved"


class Registry:
    """Canonical names, types and aliases, from YAML files of one shape."""

    def __init__(self, texts: list[str]):
        self.types: dict[str, str] = {}
        self.alias: dict[str, str] = {}
        for text in texts:
            for name, entry in (yaml.safe_load(text) or {}).get("units", {}).items():
                entry = entry or {}
                canonical = match_key(name)
                self.types[canonical] = entry.get("type", self.types.get(canonical, "other"))
                self.alias[canonical] = canonical
                for a in entry.get("aliases") or []:
                    self.alias[match_key(a)] = canonical
        self.alias_list = list(self.alias)


@cache
def registry(user_aliases: str | None = None) -> Registry:
    texts = [resources.files("tongbao.normalize").joinpath("data/departments.yaml").read_text("utf-8")]
    if user_aliases:
        texts.append(Path(user_aliases).read_text("utf-8"))
    return Registry(texts)


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def clean_name(raw: str) -> str:
    return _t2s().convert(match_key(raw))


@cache
def _suffix_types() -> list[tuple[str, str]]:
    text = resources.files("tongbao.normalize").joinpath("data/unit_types.yaml").read_text("utf-8")
    return [(s, t) for s, t in yaml.safe_load(text)["suffixes"]]


def unit_type(name: str) -> str | None:
    """The type a name's ending implies (…街道 street, …分局 branch, …局 department)."""
    for suffix, kind in _suffix_types():
        if name.endswith(suffix) and len(name) > len(suffix):
            return kind
    return None


# Jurisdiction prefixes read off one name, at most: 省, 市, 县 and a 区 / 县 / 市 shorthand,
# with room to spare. Without a bound, hostile text (北关区 printed 1,500 times) recursed
# past Python's limit, and 20 repeats took longer than 20 s (the readings multiply).
MAX_PREFIXES = 6


@cache
def _longest_division_name() -> int:
    return max(map(len, gazetteer().by_name))


def _prefix_readings(name: str, within: Division | None, depth: int = MAX_PREFIXES
                     ) -> list[tuple[Division | None, str]]:
    """Ways to read a jurisdiction off the front of a name, longest prefix first. A prefix
    is no longer than the longest division name, and at most `depth` of them nest: time
    bounded whatever the name's length."""
    if not name:
        return []
    if depth == 0:
        return [(None, name)]
    gaz = gazetteer()
    out: list[tuple[Division | None, str]] = []
    for k in range(min(len(name), _longest_division_name()), 1, -1):
        found = gaz.lookup(name[:k], within)
        if found:
            div = found[0]
            rest = name[k:]
            out += [(d, r) for d, r in _prefix_readings(rest, div, depth - 1) if d is not None]
            out.append((div, rest))
    if name[0] in "区县市" and len(name) > 2:  # 区住建局, 区北关公安分局
        out += [(d or within, r) for d, r in _prefix_readings(name[1:], within, depth - 1)]
    out.append((None, name))
    if within is not None:  # a place outside the document's own is the least likely reading
        out.sort(key=lambda dr: dr[0] is not None and dr[0] != within
                 and not _inside(dr[0], within))
    return out


def _resolve_town(stem: str, kind: str, county: Division | None) -> tuple[str, str] | None:
    gaz = gazetteer()
    short = {"街道办事处": "街道", "街道办": "街道"}.get(kind, kind[0] if kind[0] in "镇乡" else kind)
    place = stem + short
    known = gaz.towns_of(county) if county and county.county else gaz.township_counties
    if place in known:
        suffix, kind_name = _TOWN_CANONICAL[short]
        return stem + suffix, kind_name
    return None


_LIST_SEPARATOR = regex.compile(r"[、，,；;]")


def _misprinted_town(m, county: Division, taken: frozenset[str]) -> tuple[str, str, float] | None:
    """A town of the document's own county printed one character off: the only such
    town, and either the two characters look alike (OCR: 猴氏 / 缑氏) or the printed
    name is no town of the document's province (a typo: 翟店镇, a town only in 山西,
    printed in a 偃师 notice for 翟镇镇)."""
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
                         for c in gaz.township_counties.get(stem + kind, [])):
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
        types = {m.unit_type for m in matches}
        status = "unresolved" if any(not m.resolved for m in matches) else "registry"
        return UnitMatch(raw, "、".join(m.unit for m in matches),
                         types.pop() if len(types) == 1 else "other",
                         matches[0].jurisdiction, status, min(m.score for m in matches))
    return _resolve_one(raw, context, user_aliases, taken)


def _resolve_one(raw: str, context: Division | None, user_aliases: str | None,
                 taken: frozenset[str]) -> UnitMatch:
    reg = registry(user_aliases)
    name = clean_name(raw)
    readings = _prefix_readings(name, context) if name else [(None, name)]
    for div, rest in readings:
        if not rest:
            continue
        where = div or context
        jur = where.path if where else None
        if rest in reg.alias:
            canonical = reg.alias[rest]
            return UnitMatch(raw, canonical, reg.types[canonical], jur, "registry")
        if m := _TOWN.match(rest):
            county = where if where and where.county else None
            if town := _resolve_town(m["stem"], m["kind"], county):
                return UnitMatch(raw, town[0], town[1], jur, "gazetteer")
        if m := _ZONE.match(rest):
            return UnitMatch(raw, m["stem"] + "管理委员会", "zone", jur, "form")
    return _fuzzy(raw, name, readings, context, reg, taken)


def _fuzzy(raw: str, name: str, readings, context: Division | None, reg: Registry,
           taken: frozenset[str]) -> UnitMatch:
    for div, rest in readings:
        if not rest:
            continue
        where = div or context
        jur = where.path if where else None
        hit = process.extractOne(rest, reg.alias_list, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN)
        if hit and unit_type(hit[0]) == unit_type(rest):
            canonical = reg.alias[hit[0]]
            return UnitMatch(raw, canonical, reg.types[canonical], jur, "fuzzy", hit[1])
        m = _TOWN.match(rest)
        if m and where and where.county and (town := _misprinted_town(m, where, taken)):
            return UnitMatch(raw, town[0], town[1], jur, "fuzzy", town[2])
    # Unresolved: keep the name, minus a jurisdiction prefix (区 / 北关区) when one was read.
    div, rest = next(((d, r) for d, r in readings if r and unit_type(r) and (d or r != name)),
                     (None, name))
    where = div or context
    return UnitMatch(raw, rest, unit_type(rest), where.path if where else None, "unresolved", 0.0)


def resolve_list(names: list[str], context: Division | None = None,
                 user_aliases: str | None = None) -> dict[str, UnitMatch]:
    """Names printed in one list (a table's unit column): exact matches first, then
    the rest, which may not take a unit another row already names."""
    first = {n: resolve_unit(n, context, user_aliases) for n in dict.fromkeys(names)}
    taken = frozenset(m.unit for m in first.values() if m.status in ("registry", "gazetteer"))
    return {n: m if m.resolved else resolve_unit(n, context, user_aliases, taken)
            for n, m in first.items()}


def jurisdiction_of(issuer: str) -> Division | None:
    """The division an issuer governs: 安阳市北关区人民政府办公室 -> 河南省安阳市北关区."""
    name = clean_name(issuer)
    for div, _rest in _prefix_readings(name, None):
        if div is not None:
            return div  # the deepest, longest reading comes first
    # An OCR-damaged county name: one character off a unique county (灤河回族区 -> 瀍河回族区).
    place = _ORG_OF_GOVERNMENT.sub("", name)
    for k in range(len(place), 2, -1):
        near = [c for c in gazetteer().counties if ocr_variant(c.county, place[:k])]
        if len(near) == 1:
            return near[0]
    return None


def resolve_jurisdiction(name: str, context: Division | None = None) -> Division | None:
    """A division named in a document, read in the light of the document's own jurisdiction:
    漣河区 in a 瀍河回族区 report is 瀍河回族区 (one character off its short name + 区)."""
    cleaned = clean_name(name)
    found = gazetteer().lookup(cleaned, context)
    if found:
        return found[0]
    if context and context.county:
        for variant in (context.county, context.short + context.county[-1]):
            if ocr_variant(variant, cleaned):
                return context
    return jurisdiction_of(cleaned)


def issuer_unit(issuer: str, context: Division | None, aliases: str | None = None) -> str:
    """The issuer as one name: its division's path and its canonical organisation
    (灤河回族区人民政府 -> 河南省洛阳市瀍河回族区人民政府)."""
    name = clean_name(issuer)
    org = _ORG_OF_GOVERNMENT.search(name)
    if org:
        unit = registry(aliases).alias.get(org.group(), org.group())
    else:
        unit = resolve_unit(issuer, context, aliases).unit
    return (context.path if context else "") + unit
