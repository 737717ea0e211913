"""Administrative divisions of China: provinces, cities, counties, their towns, and zones.

The data ships with tongbao (data/divisions.txt and data/division_changes.txt,
derived from the JioNLP package's gazetteer by tools/build_normalize_data.py;
see data/README.md): 3,192 county-level divisions with their short names
(北关区 / 北关), 43,104 streets and towns under their county, and a dated log of
renamings (偃师市 -> 偃师区, 襄樊 -> 襄阳). Zones that govern like a division
without being one (平潭综合实验区, 雄安新区) come from data/zones.yaml, and
renamings the source has wrong from data/division_corrections.yaml. One read
of a 0.6 MB text file per process; a county's towns are split only when asked.

A county is identified by its city and short name, so the common upgrades
县 -> 市 -> 区 (凤翔县 -> 凤翔区) keep one identity across years.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from functools import cache, cached_property, lru_cache
from typing import NamedTuple

from tongbao.normalize.datacache import cached
from tongbao.normalize.datafiles import data_bytes, parse_yaml

# Placeholder levels of the source: counties straight under a province (济源市), towns
# straight under a city (中山市). Such a level is no division of its own.
_DIRECT = ("省直辖行政区划", "市直辖行政区划")


class Division(NamedTuple):
    province: str
    city: str | None = None
    county: str | None = None
    short: str = ""

    @property
    def name(self) -> str:
        return self.county or self.city or self.province

    @property
    def path(self) -> str:
        """河南省安阳市北关区; a municipality's city level is not repeated (上海市嘉定区)."""
        parts = [self.province]
        for p in (self.city, self.county):
            if p and p != parts[-1]:
                parts.append(p)
        return "".join(parts)

    @property
    def level(self) -> str:
        return "county" if self.county else "city" if self.city else "province"


def contains(outer: Division, inner: Division) -> bool:
    """inner is outer or lies inside it (河南省安阳市 contains 北关区 and 中原高新区)."""
    return (outer.province == inner.province and outer.city in (None, inner.city)
            and outer.county in (None, inner.county))


class Gazetteer:
    def __init__(self, divisions_text: str, change_text: str = "", zones_text: str = ""):
        self.by_name: dict[str, list[Division]] = defaultdict(list)
        self.counties: list[Division] = []
        self.territory: dict[Division, list[Division]] = {}  # zone -> the counties it governs
        self._by_level: dict[tuple[str, str | None], Division] = {}  # (province, city) -> it
        self._town_lists: dict[Division, str] = {}  # county -> its towns, space-separated
        self._towns: dict[Division, frozenset[str]] = {}
        self._parse(divisions_text)
        self._parse_changes(change_text)
        self._parse_zones(zones_text)

    def _parse(self, text: str) -> None:
        province = city = None
        for line in text.split("\n"):
            if not line or line.startswith("#"):
                continue
            depth = len(line) - len(line.lstrip("\t"))
            name, short, *towns = line.lstrip("\t").split("\t")
            if depth == 0:
                province = city = Division(name, short=short)
                self._index(province, name, short)
            elif depth == 1:
                city = Division(province.province, None if name in _DIRECT else name, short=short)
                if city.city:
                    self._index(city, name, short)
            elif name in _DIRECT:  # the city's own towns: the city acts as their county
                county = Division(city.province, city.city, city.city, short=city.short)
                self.counties.append(county)
                self._town_lists[county] = towns[0] if towns else ""
            else:
                county = Division(city.province, city.city, name, short=short)
                self.counties.append(county)
                self._town_lists[county] = towns[0] if towns else ""
                self._index(county, name, short)

    def _index(self, div: Division, name: str, short: str) -> None:
        if div.county is None:
            self._by_level.setdefault((div.province, div.city), div)
        self.by_name[name].append(div)
        if short and short != name:
            self.by_name[short].append(div)

    def _parse_changes(self, text: str) -> None:
        """Old names (full and short) from the renaming log point at today's division."""
        for line in text.split("\n"):
            if "=>" not in line or line.startswith("#"):
                continue
            old, new = line.split("=>")
            old_names = [f for f in old.split("\t")[2:] if f]
            new_names = [f for f in new.split("\t") if f]
            # The division of that path, not every division of that name (南沙区 lies in
            # both 广州市 and 三沙市: 南沙群岛 became only the latter).
            targets = [d for d in self.by_name.get(new_names[-1], [])
                       if d.province == new_names[0] and all(
                           n in (d.city, d.county) for n in new_names[1:-1] if n not in _DIRECT)]
            for name in old_names[-2:]:
                if targets and name not in self.by_name:
                    self.by_name[name] = list(targets)

    def _parse_zones(self, text: str) -> None:
        for z in (parse_yaml(text) or {}).get("zones", []):
            province, city = (z["parent"] + [None])[:2]
            zone = Division(province, city, z["name"], short=z["name"])
            for name in [z["name"], *z.get("aliases", [])]:
                self.by_name[name].append(zone)
            self.territory[zone] = [c for p in z.get("territory", [])
                                    for c in self.by_name.get(p[-1], [])
                                    if c.county and (c.province, c.city) == (p[0], p[1])]

    def apply_corrections(self, text: str) -> None:
        """Renamings the source data has wrong or does not have yet (data file)."""
        for fix in (parse_yaml(text) or {}).get("renamed", []):
            old = next((d for d in self.by_name.get(fix["was"], []) if d.city == fix["city"]), None)
            if old is None:
                continue
            new = old._replace(county=fix["now"])
            self.counties[self.counties.index(old)] = new
            self._town_lists[new] = self._town_lists.pop(old, "")
            for divs in self.by_name.values():
                if old in divs:  # (rebuilding all 7,000 lists took 7 ms of every start-up)
                    divs[:] = [new if d == old else d for d in divs]
            if new not in self.by_name[fix["now"]]:
                self.by_name[fix["now"]].append(new)

    def above(self, div: Division) -> list[Division]:
        """The city and the province a division lies in, nearest first."""
        keys = [(div.province, div.city)] if div.county and div.city else []
        keys += [(div.province, None)] if div.county or div.city else []
        return [self._by_level[k] for k in keys if k in self._by_level]

    def lookup(self, name: str) -> list[Division]:
        """Divisions (and zones) with this full, short or former name."""
        return list(self.by_name.get(name, []))

    def towns_of(self, div: Division) -> frozenset[str]:
        """The streets and towns of a county, or of the counties a zone governs."""
        if div in self._towns:
            return self._towns[div]
        if div in self.territory:
            towns = frozenset().union(*(self.towns_of(c) for c in self.territory[div]))
        else:
            own = self._town_lists.get(div)
            if own is None:  # a division built elsewhere: the county of the same city and short name
                own = next((t for c, t in self._town_lists.items()
                            if c.city == div.city and c.short == div.short), "")
            towns = frozenset(own.split())
        self._towns[div] = towns
        return towns

    @cached_property
    def names(self) -> dict[Division, list[str]]:
        """Every division -> its full, short and former names (偃师区: 偃师区, 偃师, 偃师市)."""
        out: dict[Division, list[str]] = defaultdict(list)
        for name, divs in self.by_name.items():
            for d in divs:
                out[d].append(name)
        return out

    @cached_property
    def _counties_by_mask(self) -> dict[str, list[Division]]:
        """Each county under its name with one character masked (瀍河回族区 under ?河回族区,
        瀍?回族区 …): the counties one character off a name are found by lookups, not a scan
        of 3,000 names for every length of it."""
        out: dict[str, list[Division]] = defaultdict(list)
        for county in self.counties:
            name = county.county
            for i in range(len(name)):
                out[f"{name[:i]}\0{name[i + 1:]}"].append(county)
        return out

    def counties_one_off(self, name: str) -> list[Division]:
        """The counties whose name differs from `name` in exactly one character."""
        return [c for i in range(len(name))
                for c in self._counties_by_mask.get(f"{name[:i]}\0{name[i + 1:]}", ())
                if c.county[i] != name[i]]

    @cached_property
    def _town_index(self) -> tuple[str, list[int], list[Division]]:
        """Every county's town list in one string, each town between spaces, with where
        each county's part starts: a town's counties are found by searching it (0.1 ms),
        where a dict of 34,000 towns took a process 30-50 ms to build before its first
        lookup (every worker's forkserver, every `show` of a city's notice)."""
        counties = [c for c in self.counties if self._town_lists.get(c)]
        parts = [f" {self._town_lists[c]} " for c in counties]
        starts = list(itertools.accumulate((len(p) for p in parts[:-1]), initial=0))
        return "".join(parts), starts, counties

    @lru_cache(maxsize=4096)  # noqa: B019  (one gazetteer per process, kept for its life)
    def township_counties(self, town: str) -> tuple[Division, ...]:
        """The counties that have a town of this name, in the gazetteer's order."""
        if not town or " " in town:
            return ()
        text, starts, counties = self._town_index
        needle, out = f" {town} ", []
        at = text.find(needle)
        while at >= 0:
            out.append(counties[bisect.bisect_right(starts, at) - 1])
            at = text.find(needle, at + 1)
        return tuple(out)


_FILES = ("divisions.txt", "division_changes.txt", "zones.yaml", "division_corrections.yaml")


@cache
def gazetteer() -> Gazetteer:
    """Built once from the data files, then loaded from the data cache (a third of the
    time parsing took; datacache.py)."""
    raw = [data_bytes("tongbao.normalize", f) for f in _FILES]

    def build() -> Gazetteer:
        divisions, changes, zones, corrections = (r.decode("utf-8") for r in raw)
        gaz = Gazetteer(divisions, changes, zones)
        gaz.apply_corrections(corrections)
        return gaz

    return cached("gazetteer", raw, build)
