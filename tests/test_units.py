"""Unit names: one registry, every alias, every jurisdiction (issue: unit names)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import read_seed
from tongbao.normalize.gazetteer import gazetteer
from tongbao.normalize.glyphs import one_off
from tongbao.normalize.text import clean_name
from tongbao.normalize.units import (
    issuer_unit,
    jurisdiction_of,
    readings,
    registry,
    resolve_jurisdiction,
    resolve_list,
    resolve_unit,
)

DATA = Path(__file__).parent / "data"
BEIGUAN = jurisdiction_of("安阳市北关区人民政府办公室")
YANSHI = jurisdiction_of("偃师区人民政府办公室")


def test_document_jurisdictions():
    assert BEIGUAN.path == "河南省安阳市北关区"
    assert YANSHI.path == "河南省洛阳市偃师区"
    assert jurisdiction_of("宝鸡市凤翔区人民政府办公室").path == "陕西省宝鸡市凤翔区"
    assert jurisdiction_of("凤翔县人民政府").path == "陕西省宝鸡市凤翔区"  # before 撤县设区
    assert jurisdiction_of("淮安市洪泽区人民政府").path == "江苏省淮安市洪泽区"


def test_every_seed_unit_label_resolves_with_its_type():
    labels = yaml.safe_load((DATA / "seed_units.yaml").read_text("utf-8"))
    expected = yaml.safe_load((DATA / "seed_units_expected.yaml").read_text("utf-8"))
    n = 0
    for seed, entry in labels.items():
        context = jurisdiction_of(entry["issuer"])
        got = resolve_list(entry["labels"], context)
        for label, match in got.items():
            assert match.resolved, (seed, label)
            assert [match.unit, match.unit_type] == expected[seed][label], (seed, label)
            assert match.jurisdiction == context.path
            n += 1
    assert n == 144


@pytest.mark.parametrize("names", [
    ["区住建局", "住房和城乡建设局", "区住房和城乡建设局"],
    ["区人社局", "人力资源社会保障局", "人力资源和社会保障局"],
    ["区卫健委", "卫生健康委员会"],
    ["区发改委", "发展和改革委员会"],
    ["区市场监管局", "市场监督管理局"],
    ["区文广体旅局", "文化广电体育和旅游局"],
    ["教体局", "教育体育局"],
    ["医保局", "医疗保障局"],
    ["解放路街道 办事处", "解放路街道办事处", "解放路街道"],
    ["区科工信局", "北关科工信局", "科技和工业信息化局"],  # 北关 before 科, an organ's ending too
    ["区政数局", "政务服务和数据管理局"],
    ["区人防办", "人民防空办公室"],
    ["区残联", "残疾人联合会"],
    ["区妇联", "妇女联合会"],
    ["团区委", "共青团委员会"],
    ["区国资委", "区国资局", "国有资产监督管理委员会"],
    ["区综合执法局", "城市管理局"],
])
def test_same_unit_within_a_jurisdiction(names):
    matches = [resolve_unit(n, BEIGUAN) for n in names]
    assert len({(m.unit, m.jurisdiction) for m in matches}) == 1, matches
    assert all(m.resolved for m in matches)


@pytest.mark.parametrize("a,b", [
    ("区民政局", "区人社局"),
    ("社保中心", "人力资源社会保障局"),
    ("区自然资源局", "区规划技术服务中心"),
    ("红旗路街道办事处", "红旗街道"),
    ("区科协", "区科技局"),
    ("区妇联", "区总工会"),
])
def test_never_merged(a, b):
    ma, mb = resolve_unit(a, BEIGUAN), resolve_unit(b, BEIGUAN)
    assert (ma.unit, ma.jurisdiction) != (mb.unit, mb.jurisdiction)


def test_branch_is_not_the_bureau_of_another_jurisdiction():
    anyang = jurisdiction_of("安阳市人民政府办公室")
    branch = resolve_unit("北关公安分局", anyang)  # named with its district, in the city above it
    assert (branch.unit, branch.unit_type, branch.jurisdiction) == (
        "公安分局", "branch", "河南省安阳市北关区")
    # In another city's notice 北关 is no division of the document: kept as printed.
    elsewhere = resolve_unit("北关公安分局", YANSHI)
    bureau = resolve_unit("公安局", YANSHI)
    assert (elsewhere.unit, elsewhere.unit_type, elsewhere.jurisdiction, elsewhere.status) == (
        "北关公安分局", "branch", "河南省洛阳市偃师区", "unresolved")
    assert (bureau.unit, bureau.unit_type, bureau.jurisdiction) == (
        "公安局", "department", "河南省洛阳市偃师区")


def test_same_department_of_two_districts_is_two_units():
    a, b = resolve_unit("区教育局", BEIGUAN), resolve_unit("区教育局", YANSHI)
    assert a.unit == b.unit == "教育局" and a.unit_type == b.unit_type == "department"
    assert a.jurisdiction != b.jurisdiction


COUNTIES = [c.county for c in gazetteer().counties]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(COUNTIES), st.integers(0, 20),
       st.sampled_from([*"瀍灤漣河回族区县市州", "偃", "师", "北", "关"]), st.sampled_from(
           ["replace", "keep", "shorten", "lengthen"]))
def test_counties_one_character_off_are_found_by_the_index_as_by_a_scan(county, at, char, how):
    at %= len(county)
    name = {"replace": county[:at] + char + county[at + 1:], "keep": county,
            "shorten": county[:at] + county[at + 1:], "lengthen": county + char}[how]
    scan = [c for c in gazetteer().counties if one_off(c.county, name)]
    assert sorted(map(str, gazetteer().counties_one_off(name))) == sorted(map(str, scan))


def test_seed003_issuer_from_both_misspellings():
    chanhe = jurisdiction_of("灤河回族区人民政府")
    assert (chanhe.path, chanhe.city) == ("河南省洛阳市瀍河回族区", "洛阳市")
    assert resolve_jurisdiction("漣河区", chanhe) == chanhe
    assert resolve_jurisdiction("灤河区", chanhe) == chanhe
    doc = read_seed("003").document
    assert doc.jurisdiction == "河南省洛阳市瀍河回族区"
    assert doc.issuer_unit == "河南省洛阳市瀍河回族区人民政府"


def test_misprinted_towns_resolve_only_within_their_own_list():
    # 猴氏镇: 猴 and 缑 share 侯 (an OCR confusion); 翟店镇: one character off both
    # 翟镇镇 and 府店镇, and 府店镇 is named by another row of the same table.
    alone = resolve_unit("翟店镇", YANSHI)
    assert not alone.resolved
    listed = resolve_list(["翟店镇", "府店镇", "猴氏镇"], YANSHI)
    assert listed["翟店镇"].unit == "翟镇镇人民政府" and listed["翟店镇"].status == "fuzzy"
    assert listed["猴氏镇"].unit == "缑氏镇人民政府"


def test_user_aliases_extend_the_registry(tmp_path):
    extra = tmp_path / "aliases.yaml"
    extra.write_text("units:\n  住房和城乡建设局: {aliases: [城建局]}\n"
                     "  海洋渔业局: {type: department, aliases: [海渔局]}\n", "utf-8")
    assert not resolve_unit("区城建局", BEIGUAN).resolved
    assert resolve_unit("区城建局", BEIGUAN, str(extra)).unit == "住房和城乡建设局"
    assert resolve_unit("海渔局", BEIGUAN, str(extra)).unit == "海洋渔业局"


def _noisy(name: str, rng: random.Random) -> str:
    import opencc

    out = opencc.OpenCC("s2t").convert(name) if rng.random() < 0.5 else name
    chars = list(out)
    for _ in range(rng.randint(0, 2)):
        chars.insert(rng.randint(1, len(chars) - 1), rng.choice([" ", "\n", "\u3000", "  "]))
    out = "".join(chars)
    if rng.random() < 0.5:
        out = out.replace("(", "（").replace(")", "）")
    return rng.choice(["", "区", "北关区", "安阳市北关区"]) + out


NAMES = sorted(registry().alias)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(NAMES), seed=st.integers(0, 2**32 - 1))
def test_noise_on_every_registry_name_resolves_to_the_same_unit(name, seed):
    clean = resolve_unit(name, BEIGUAN)
    noisy = resolve_unit(_noisy(name, random.Random(seed)), BEIGUAN)
    assert noisy.resolved and (noisy.unit, noisy.jurisdiction) == (clean.unit, clean.jurisdiction)


RARE = "璇琮瑾瑜珏琨玥琬璟瑶珂琳瑛璞珩琰"  # characters no department name uses


@settings(max_examples=200, deadline=None)
@given(stem=st.text(alphabet=RARE, min_size=2, max_size=5),
       suffix=st.sampled_from(["局", "委员会", "中心", "分局", "办公室", "镇", "街道办事处"]),
       prefix=st.sampled_from(["", "区", "北关区"]))
def test_real_looking_names_not_in_the_registry_stay_unresolved(stem, suffix, prefix):
    match = resolve_unit(prefix + stem + suffix, BEIGUAN)
    assert match.status == "unresolved" and match.unit == prefix + stem + suffix
    assert match.jurisdiction == BEIGUAN.path


@pytest.mark.parametrize("issuer,path,unit", [
    ("平潭综合实验区管委会办公室", "福建省平潭综合实验区", "福建省平潭综合实验区管理委员会办公室"),
    ("中原高新区管委会", "河南省安阳市中原高新区", "河南省安阳市中原高新区管理委员会"),
    ("雄安新区管理委员会", "河北省雄安新区", "河北省雄安新区管理委员会"),
    ("济源市人民政府", "河南省济源市", "河南省济源市人民政府"),  # no 省直辖行政区划 level
    ("中山市人民政府办公室", "广东省中山市", "广东省中山市人民政府办公室"),
    ("偃师市人民政府", "河南省洛阳市偃师区", "河南省洛阳市偃师区人民政府"),  # renamed 2021
])
def test_issuers_of_zones_and_cities_are_read_in_their_own_division(issuer, path, unit):
    context = jurisdiction_of(issuer)
    assert context.path == path
    assert issuer_unit(issuer, context) == unit


def test_a_zone_governs_its_territory():
    pingtan = jurisdiction_of("平潭综合实验区管委会办公室")
    for name, unit in [("潭城镇", "潭城镇人民政府"), ("平潭县财政局", "财政局"), ("区统计局", "统计局")]:
        m = resolve_unit(name, pingtan)
        assert (m.unit, m.jurisdiction) == (unit, "福建省平潭综合实验区"), name
    # ... and no other zone's 管委会 is placed in a 北关区 notice; its own zone is.
    assert resolve_unit("平潭综合实验区管委会", BEIGUAN).status == "unresolved"
    assert resolve_unit("中原高新区管委会", BEIGUAN).unit == "中原高新区管理委员会"


@pytest.mark.parametrize("name,unit,path", [
    ("市教育局", "教育局", "河南省安阳市"),  # the city above the document's district
    ("安阳市教育局", "教育局", "河南省安阳市"),
    ("安阳市北关区审计局", "审计局", "河南省安阳市北关区"),
    ("区住建局", "住房和城乡建设局", "河南省安阳市北关区"),
    ("文峰区教育局", "文峰区教育局", "河南省安阳市北关区"),  # a sibling district: as printed
    ("河南省教育厅", "河南省教育厅", "河南省安阳市北关区"),  # no such unit in the registry
])
def test_prefixes_only_of_the_document_or_above_it(name, unit, path):
    m = resolve_unit(name, BEIGUAN)
    assert (m.unit, m.jurisdiction) == (unit, path)


@pytest.mark.parametrize("street", ["中山路", "光明路", "和平路", "东风路", "新华路", "人民路"])
@pytest.mark.parametrize("issuer", ["安阳市北关区人民政府办公室", "偃师区人民政府办公室",
                                    "宝鸡市凤翔区人民政府办公室", "淮安市洪泽区人民政府"])
def test_streets_named_like_places_elsewhere_stay_as_printed(street, issuer):
    """Issue 13: they all became 路街道办事处 of 广东省中山市, 深圳市光明区, 天津市和平区 ..."""
    context = jurisdiction_of(issuer)
    for printed in (street + "街道办事处", street + "街道 办事处"):
        m = resolve_unit(printed, context)
        assert (m.unit, m.jurisdiction, m.status) == (
            street + "街道办事处", context.path, "unresolved")


@pytest.mark.parametrize("issuer,name,unit,path", [
    ("宝鸡市凤翔区人民政府办公室", "县教育局", "教育局", "陕西省宝鸡市凤翔区"),  # 凤翔县 until 2021
    ("偃师区人民政府办公室", "市教育局", "教育局", "河南省洛阳市"),
    ("安阳市北关区人民政府办公室", "县教育局", "县教育局", "河南省安阳市北关区"),  # no 县 here
    ("中山市人民政府办公室", "中山区司法局", "中山区司法局", "广东省中山市"),  # 中山区 is 大连's
    ("安阳市北关区人民政府办公室", "区区住建局", "住房和城乡建设局", "河南省安阳市北关区"),
    ("安阳市北关区人民政府办公室", "市市场监督管理局", "市场监督管理局", "河南省安阳市"),
    # 青岛's 市南区, not 市 + a misprint of 人力资源和社会保障局
    ("安阳市北关区人民政府办公室", "市南区人力资源和社会保障局", "市南区人力资源和社会保障局",
     "河南省安阳市北关区"),
])
def test_level_words_name_a_division_of_the_documents_line(issuer, name, unit, path):
    m = resolve_unit(name, jurisdiction_of(issuer))
    assert (m.unit, m.jurisdiction) == (unit, path)


def test_a_prefix_two_divisions_share_is_no_jurisdiction():
    assert jurisdiction_of("鼓楼区人民政府") is None  # 南京, 福州, 开封, 徐州 ...
    assert jurisdiction_of("开封市鼓楼区人民政府").path == "河南省开封市鼓楼区"


@pytest.mark.parametrize("name", ["审计局、" + "北关区" * 20, "北关区" * 1500, "区" * 3000 + "住建局",
                                  "北关区区" * 1000, "区北关区" * 1000])
def test_repeated_prefixes_are_read_in_a_few_steps(name):
    """Each step reads a division strictly inside the one before: a handful of readings,
    never one per way of splitting the name (no deep recursion, no exponential walk)."""
    assert len(readings(clean_name(name), BEIGUAN)) <= 8
    assert len(readings(clean_name(name), None)) <= 8
    assert resolve_unit(name, BEIGUAN).status == "unresolved"


@given(st.lists(st.sampled_from(["西工区", "洛阳市", "区", "市", "红山", "镇", "街道", "教育局",
                                 "住房和城乡建设局", "住建局", "办事处", "人民政府", "智慧城",
                                 "平潭综合实验区", "管委会", "林业", "、", "和", "局"]),
                min_size=1, max_size=5),
       st.sampled_from([None, "河南省洛阳市西工区", "福建省平潭综合实验区"]))
def test_an_exact_reading_is_resolve_units_own_when_it_is_exact(pieces, where):
    """exact_unit answers what readers ask of many candidate cuts (is this exactly a unit?)
    without the fuzzy search; its answer is resolve_unit's whenever that one is exact."""
    from tongbao.normalize.jurisdictions import jurisdiction_of
    from tongbao.normalize.units import exact_unit, resolve_unit

    name = "".join(pieces)
    context = jurisdiction_of(where) if where else None
    full = resolve_unit(name, context)
    assert exact_unit(name, context) == (full if full.exact else None)


def _counties_having(town: str) -> tuple:
    """The plain reading of the gazetteer: every county whose list names the town."""
    gaz = gazetteer()
    return tuple(c for c in gaz.counties if town in gaz._town_lists.get(c, "").split())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_towns_counties_are_those_whose_lists_name_it(data):
    """The searched index answers as the lists do, for a town printed in many counties
    (城关镇), any town, and what is no town: a part of one, two run together, a county's
    name, a name with a space."""
    gaz = gazetteer()
    county = data.draw(st.sampled_from([c for c in gaz.counties if gaz._town_lists.get(c)]))
    towns = gaz._town_lists[county].split()
    town = data.draw(st.sampled_from(towns))
    assert county in gaz.township_counties(town)
    neighbour = towns[(towns.index(town) + 1) % len(towns)]
    for name in (town, "城关镇", town[1:], town[:-1], town + neighbour,
                 f"{town} {neighbour}", county.county, ""):
        assert gaz.township_counties(name) == _counties_having(name), name
    assert len(gaz.township_counties("城关镇")) > 50  # the commonest name of a town


CHENGZHONG = jurisdiction_of("西宁市城中区人民政府办公室")


@settings(max_examples=30, deadline=None)
@given(data=st.data(), county=st.sampled_from([BEIGUAN, CHENGZHONG]))
def test_a_streets_office_named_without_its_street_word_is_the_street(data, county):
    """南川东路办事处 is 南川东路街道办事处 where the county has that street (a real 西宁 notice
    typed such names departments, each a unit apart from the same street's full name);
    an office of no street (驻京办事处, 项目办事处) stays as printed."""
    streets = sorted(t for t in gazetteer().towns_of(county) if t.endswith("街道"))
    street = data.draw(st.sampled_from(streets))
    m = resolve_unit(street.removesuffix("街道") + "办事处", county)
    assert (m.unit, m.unit_type, m.status) == (street + "办事处", "street", "gazetteer")
    for office in ("驻京办事处", "区政府驻深圳办事处", "重点项目办事处"):
        assert resolve_unit(office, county).status == "unresolved"
