"""Administrative divisions of China, from the data files of the `jionlp` package.

jionlp keeps the most complete maintained list on PyPI: provinces, cities,
3,192 county-level divisions with their short names (北关区 / 北关), 43,104
streets and towns under their county, and a dated log of renamings (偃师市 ->
偃师区, 襄樊 -> 襄阳). Only its data files are read (its NLP code is never
imported), once per process.

A county is identified by its city and short name, so the common upgrades
县 -> 市 -> 区 (凤翔县 -> 凤翔区) keep one identity across years.
"""

from __future__ import annotations

import importlib.util
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Division:
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


class Gazetteer:
    def __init__(self, location_text: str, change_text: str = ""):
        self.by_name: dict[str, list[Division]] = defaultdict(list)
        self.townships: dict[Division, frozenset[str]] = {}
        self.township_counties: dict[str, list[Division]] = defaultdict(list)
        self.counties: list[Division] = []
        self._parse(location_text)
        self._parse_changes(change_text)

    def _parse(self, text: str) -> None:
        province = city = county = None
        towns: list[str] = []

        def close_county():
            if county is not None:
                self.townships[county] = frozenset(towns)

        for line in text.split("\n"):
            depth = len(line) - len(line.lstrip("\t"))
            if depth > 3 or not line.strip():
                continue
            fields = line.strip().split("\t")
            name, short = fields[0], fields[2] if len(fields) > 2 else fields[0]
            if depth == 0:
                close_county()
                province, city, county, towns = Division(name, short=short), None, None, []
                self._index(province, name, short)
            elif depth == 1:
                close_county()
                city = Division(province.province, name, short=short)
                county, towns = None, []
                self._index(city, name, short)
            elif depth == 2:
                close_county()
                county = Division(province.province, city.city, name, short=short)
                towns = []
                self.counties.append(county)
                self._index(county, name, short)
            else:
                towns.append(name)
                self.township_counties[name].append(county)
        close_county()

    def _index(self, div: Division, name: str, short: str) -> None:
        self.by_name[name].append(div)
        if short and short != name:
            self.by_name[short].append(div)

    def _parse_changes(self, text: str) -> None:
        """Old names from the renaming log point at today's division."""
        for line in text.split("\n"):
            if "=>" not in line:
                continue
            old, new = line.split("=>")
            old_names = [f for f in old.split("\t")[2:] if f]
            new_names = [f for f in new.split("\t") if f]
            targets = self.by_name.get(new_names[-1], [])
            if targets and old_names[-1] not in self.by_name:
                self.by_name[old_names[-1]] = list(targets)

    def apply_corrections(self, text: str) -> None:
        """Renamings the package's data has wrong or does not have yet (data file)."""
        for fix in (yaml.safe_load(text) or {}).get("renamed", []):
            old = next((d for d in self.by_name.get(fix["was"], []) if d.city == fix["city"]), None)
            if old is None:
                continue
            new = Division(old.province, old.city, fix["now"], short=old.short)
            self.counties[self.counties.index(old)] = new
            self.townships[new] = self.townships.pop(old, frozenset())
            for key in (fix["was"], fix["now"], old.short):
                self.by_name[key] = [new if d == old else d for d in self.by_name.get(key, [])] \
                    or [new]
            for towns in self.township_counties.values():
                towns[:] = [new if d == old else d for d in towns]

    def lookup(self, name: str, within: Division | None = None) -> list[Division]:
        """Divisions with this full or short name, those inside `within` first."""
        found = self.by_name.get(name, [])
        if within is None:
            return list(found)
        inside = [d for d in found if _inside(d, within)]
        return inside or list(found)

    def towns_of(self, county: Division) -> frozenset[str]:
        for d in self.lookup(county.short or county.name):
            if d.county and d.city == county.city and d in self.townships:
                return self.townships[d]
        return self.townships.get(county, frozenset())


def _inside(d: Division, within: Division) -> bool:
    if d.province != within.province:
        return False
    return within.city is None or d.city == within.city


def jionlp_dictionary() -> Path:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the jionlp package (gazetteer data) is not installed: pip install jionlp")
    return Path(spec.submodule_search_locations[0]) / "dictionary"


@cache
def gazetteer() -> Gazetteer:
    folder = jionlp_dictionary()
    with zipfile.ZipFile(folder / "china_location.zip") as z:
        text = z.read("china_location.txt").decode("utf-8")
    changes = (folder / "china_location_change.txt").read_text("utf-8")
    gaz = Gazetteer(text, changes)
    gaz.apply_corrections(resources.files("tongbao.normalize").joinpath(
        "data/division_corrections.yaml").read_text("utf-8"))
    return gaz
