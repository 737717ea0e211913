"""Where generated notices come from, the unit names they print, and what each name is.

A notice is issued by one of 40+ jurisdictions across China: districts and
counties (some named like a street elsewhere: 鼓楼区, 和平区, 光明区, 中山区), a
county-level city, cities (中山市 has towns and no counties), and zones that are
no county (平潭综合实验区, 雄安新区, 中原高新区). Its street table lists real
streets and towns of its own (from the shipped gazetteer) beside streets whose
names start with a place elsewhere (中山路, 光明路, 和平路, 新华路, 人民路, 解放路 …):
where such a street is none of the jurisdiction's, the truth says it is read
as printed, never placed in 广东省中山市. Its score table names departments in
the forms documents use: 教育局, 区住建局 (an alias, the document's own 区),
北关区审计局, 市教育局 / 安阳市教育局 (the city above), and units of another
division or of no registry, which stay as printed.

The truth of a name is a fact of the data (a town of this county or not; a
department's canonical name), never a call to the resolver under test.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from tongbao.normalize.gazetteer import Division, gazetteer
from tongbao.normalize.glyphs import one_off

# Where notices are issued: province, city, county or zone ("-": none: a county straight under
# its province, or the city itself), and how the issuer prints its place.
JURISDICTIONS = [tuple(None if f == "-" else f for f in line.split()) for line in """
河南省 安阳市 北关区 安阳市北关区
河南省 安阳市 文峰区 安阳市文峰区
河南省 洛阳市 偃师区 偃师区
河南省 洛阳市 老城区 洛阳市老城区
陕西省 宝鸡市 凤翔区 宝鸡市凤翔区
河南省 开封市 鼓楼区 开封市鼓楼区
江苏省 南京市 鼓楼区 南京市鼓楼区
福建省 福州市 鼓楼区 福州市鼓楼区
天津市 天津市 和平区 天津市和平区
辽宁省 沈阳市 和平区 沈阳市和平区
广东省 深圳市 光明区 深圳市光明区
辽宁省 大连市 中山区 大连市中山区
广东省 广州市 越秀区 广州市越秀区
上海市 上海市 黄浦区 上海市黄浦区
北京市 北京市 东城区 北京市东城区
四川省 成都市 锦江区 成都市锦江区
湖北省 武汉市 江汉区 武汉市江汉区
湖南省 长沙市 天心区 长沙市天心区
浙江省 杭州市 西湖区 杭州市西湖区
陕西省 西安市 新城区 西安市新城区
河南省 郑州市 中原区 郑州市中原区
河南省 郑州市 金水区 郑州市金水区
山东省 济南市 历下区 济南市历下区
山东省 青岛市 市南区 青岛市市南区
江苏省 淮安市 洪泽区 淮安市洪泽区
云南省 昆明市 五华区 昆明市五华区
广西壮族自治区 南宁市 青秀区 南宁市青秀区
甘肃省 兰州市 城关区 兰州市城关区
西藏自治区 拉萨市 城关区 拉萨市城关区
内蒙古自治区 呼和浩特市 新城区 呼和浩特市新城区
黑龙江省 哈尔滨市 道里区 哈尔滨市道里区
河北省 石家庄市 长安区 石家庄市长安区
山西省 太原市 小店区 太原市小店区
海南省 海口市 龙华区 海口市龙华区
重庆市 重庆市 渝中区 重庆市渝中区
河南省 郑州市 巩义市 巩义市
河南省 安阳市 汤阴县 汤阴县
河南省 - 济源市 济源市
河南省 安阳市 - 安阳市
广东省 中山市 - 中山市
河南省 郑州市 郑州航空港经济综合实验区 郑州航空港经济综合实验区
福建省 - 平潭综合实验区 平潭综合实验区
河北省 - 雄安新区 雄安新区
河南省 安阳市 中原高新区 中原高新区
""".strip().splitlines()]
ZONES = {"郑州航空港经济综合实验区", "平潭综合实验区", "雄安新区", "中原高新区"}  # governed by a 管委会
# Streets named like a place elsewhere (中山, 光明, 和平, 鼓楼, 朝阳 ...), and common ones.
STREETS = ["中山路", "光明路", "和平路", "新华路", "人民路", "解放路", "东风路", "红旗路", "鼓楼",
           "朝阳路", "长安路", "北京路", "南京路", "延安路", "黄河路", "长江路", "建设路", "胜利路",
           "文化路", "曙光路", "五一路", "青年路"]
# Departments: canonical name -> the aliases documents print for it.
DEPARTMENTS = {
    "教育局": [], "财政局": [], "民政局": [], "司法局": [], "审计局": [], "统计局": [],
    "商务局": [], "林业局": [], "水利局": ["水务局"], "应急管理局": ["应急局"],
    "自然资源局": [], "农业农村局": ["农业局"], "市场监督管理局": ["市场监管局"],
    "卫生健康委员会": ["卫健委"], "发展和改革委员会": ["发改委"],
    "住房和城乡建设局": ["住建局"], "人力资源和社会保障局": ["人社局"],
    "公共资源交易中心": ["公共资源交易管理中心"],  # 共 inside a name: no adverb to drop
    "科技和工业信息化局": ["科工信局"], "政务服务和数据管理局": ["政数局"],
    "人民防空办公室": ["人防办"],
}
# Real-looking departments no registry has: read as printed.
UNKNOWN = ["机要保密局", "投资促进中心", "史志研究室", "大数据发展中心"]
GOVERNED_BY = {"county": "人民政府办公室", "city": "人民政府办公室", "zone": "管委会办公室"}


@dataclass(frozen=True)
class Place:
    division: Division
    printed: str  # how the issuer prints it: 安阳市北关区
    kind: str  # county | city | zone

    @property
    def issuer(self) -> str:
        return self.printed + GOVERNED_BY[self.kind]

    @property
    def level_word(self) -> str:
        """How its own documents name it: 区, 县, 市 (全区, 区教育局)."""
        return self.division.name[-1]


@cache
def places() -> list[Place]:
    gaz, out = gazetteer(), []
    for province, city, county, printed in JURISDICTIONS:
        name = county or city
        div = next(d for d in gaz.lookup(name) if (d.province, d.city, d.county) == (
            province, city, county))
        kind = "zone" if county in ZONES else "city" if county is None else "county"
        out.append(Place(div, printed, kind))
    return out


def _towns(place: Place) -> dict[str, Division]:
    """The place's own streets and towns (街道, 镇, 乡), each with the division it is read in:
    its county, or the city when two counties of the city have one of that name."""
    gaz, div = gazetteer(), place.division
    counties = [div] if div.county else [c for c in gaz.counties if c.city == div.city]
    where: dict[str, Division] = {}
    for county in counties:
        for town in gaz.towns_of(county):
            if town.endswith(("街道", "镇", "乡")):
                where[town] = county if town not in where else div
    return where


def _expected(printed: str, unit: str | None, kind: str | None, where: Division | None) -> dict:
    return {"printed": printed, "unit": unit if where else printed, "unit_type": kind,
            "jurisdiction": where.path if where else None, "resolved": where is not None}


_TOWN_FORMS = {"街道": [("街道办事处", "街道办事处"), ("街道", "街道办事处")],
               "镇": [("镇政府", "镇人民政府"), ("镇", "镇人民政府"), ("镇人民政府", "镇人民政府")],
               "乡": [("乡政府", "乡人民政府"), ("乡", "乡人民政府")]}
_TOWN_TYPES = {"街道": "street", "镇": "town", "乡": "township"}


def street_names(place: Place, rng: random.Random) -> list[dict]:
    """3 to 8 names for the street table: its own streets and towns, and streets that start
    like a place elsewhere (read as printed unless the place really has that street)."""
    towns = _towns(place)
    own = rng.sample(sorted(towns), min(len(towns), rng.randint(1, 5)))
    traps = [s for s in STREETS if not any(one_off(s, t[:-2]) for t in towns)]
    out = []
    for town in own:
        short = "街道" if town.endswith("街道") else town[-1]
        printed, canonical = rng.choice(_TOWN_FORMS[short])
        stem = town[: -len(short)]
        out.append(_expected(stem + printed, stem + canonical, _TOWN_TYPES[short], towns[town]))
    for street in rng.sample(traps, rng.randint(2, 3)):
        printed = street + rng.choice(["街道办事处", "街道"])
        where = towns.get(street + "街道")
        out.append(_expected(printed, street + "街道办事处", "street", where))
    rng.shuffle(out)
    return out


def department_names(place: Place, rng: random.Random) -> list[dict]:
    """4 to 12 department names in the forms documents print them, one per department,
    each short enough for a score table's name column (13 characters)."""
    gaz, div = gazetteer(), place.division
    city = next((d for d in gaz.above(div) if d.city and div.county), None)
    others = [p.division for p in places() if p.division.city != div.city and p.kind == "county"
              and p.division.county != div.county]  # another 鼓楼区 is printed as this one's
    out = []
    for canonical in rng.sample(sorted(DEPARTMENTS), rng.randint(4, 12)):
        printed = rng.choice([canonical, *DEPARTMENTS[canonical]])
        forms = [(printed, div)]  # as printed in the document's own jurisdiction
        form = rng.random()
        if form < 0.35:  # the document's own 区 / 县 / 市
            forms.append((place.level_word + printed, div))
        elif form < 0.45:  # its own name: 北关区审计局
            forms.append((place.printed + printed, div))
        elif form < 0.52 and div.county and div.short and div.short != div.county:
            forms.append((div.short + printed, div))  # its short name: 北关审计局
        elif form < 0.57:  # the level word typed twice: 区区审计局
            forms.append((place.level_word * 2 + printed, div))
        elif form < 0.67 and city is not None and city.city.endswith("市") and \
                not div.county.endswith("市"):  # the city above: 市教育局, 安阳市教育局
            forms.append((rng.choice(["市", city.city]) + printed, city))
        elif form < 0.74 and others:  # a unit of another city's district: never placed there
            forms.append((rng.choice(others).county + printed, None))
        name, where = next(f for f in reversed(forms) if len(f[0]) <= 13)
        out.append(_expected(name, canonical, "department", where))
    for name in rng.sample(UNKNOWN, rng.randint(0, 1)):
        out.append(_expected(place.level_word + name, None, None, None))
    return out
