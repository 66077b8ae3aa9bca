"""Build the portal registry (one YAML file per province) from report_pages.csv and the division list.

Run from the repository root: ``python crawler/registry/build.py`` (rewrites ``crawler/registry/*.yml``).

Why generated: the 157 known report pages name 141 portals; every other county of the province is
listed too, with ``status: unknown``, so that coverage gaps show in ``govreports portals``. The
platform hint and the known report columns are read from the report URLs' shapes
(``crawler/shapes.py``), the same rules the spider uses, so hand edits are rarely needed; a county
found later is added as one more entry (or one more CSV line and a rebuild).
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from crawler.shapes import column_of, column_root, platform_of  # noqa: E402
from crawler.urls import netloc_of, registrable_gov  # noqa: E402
from extract.places import Place, counties_of  # noqa: E402

# ISO 3166-2:CN codes: short, stable portal-id prefixes (fj-jianning).
PROVINCES = {
    "11": "bj", "12": "tj", "13": "he", "14": "sx", "15": "nm", "21": "ln", "22": "jl", "23": "hl", "31": "sh",
    "32": "js", "33": "zj", "34": "ah", "35": "fj", "36": "jx", "37": "sd", "41": "ha", "42": "hb", "43": "hn",
    "44": "gd", "45": "gx", "46": "hi", "50": "cq", "51": "sc", "52": "gz", "53": "yn", "54": "xz", "61": "sn",
    "62": "gs", "63": "qh", "64": "nx", "65": "xj",
}
PROVINCE_NAMES = ("北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江",
                  "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川",
                  "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆")
# url_pattern notes that mark a page hosted by a prefecture (city) portal, not the county's own.
CITY_MARKS = ("on city", "on prefecture", "city xxgk", "city bureau", "city cluster")


def _slug(home: str) -> str:
    host = netloc_of(home)
    domain = registrable_gov(host)
    if domain:
        labels = host.split(":")[0].split(".")[:-2]
        if len(labels) >= 2 and labels[0] not in ("www", "xxgk", "zwgk"):
            return f"{labels[0]}-{labels[-1]}"
        return labels[-1]
    name = host.replace(".", "-").replace(":", "-")
    return name.removeprefix("www-").removesuffix("-gov-cn")


def _place(row: dict[str, str]) -> Place | None:
    found = [p for p in counties_of(row["province"]) if p.county == row["county"]]
    if len(found) > 1:
        found = [p for p in found if p.city == row["city"]]
    return found[0] if len(found) == 1 else None


def _portal_entry(prefix: str, rows: list[dict[str, str]], is_city: bool) -> dict:
    home = rows[0]["portal"].rstrip("/") + "/"
    urls = [r["url"] for r in rows]
    platforms = [platform_of(u) for u in urls]
    platform = max(set(platforms), key=platforms.count)
    columns: list[str] = []
    for url, plat in zip(urls, platforms, strict=True):
        col = column_of(url, plat)
        if col:
            for c in (column_root(col), col):
                if c not in columns:
                    columns.append(c)
    hosts = sorted({netloc_of(home), *(netloc_of(u) for u in urls)})
    places = [p for p in (_place(r) for r in rows) if p]
    first = rows[0]
    entry: dict = {"id": f"{prefix}-{_slug(home)}"}
    if is_city:
        entry["city"] = first["city"]
        entry["also_covers"] = sorted({p.adcode for p in places})
    else:
        if places:
            entry["adcode"] = places[0].adcode
        entry["county"] = first["county"]
        entry["city"] = first["city"]
    entry.update({"home": home, "platform": platform, "report_columns": columns, "hosts": hosts})
    if not is_city:
        entry["also_covers"] = []
    entry["status"] = "seeded"
    entry["known_reports"] = [{"url": r["url"], "organ": r["organ"], "year": int(r["year"])} for r in rows]
    return entry


def build(csv_path: Path = HERE / "report_pages.csv", out_dir: Path = HERE) -> dict[str, int]:
    """Write one ``{prefix}.yml`` per province; return the number of seeded portals per file."""
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8")))
    by_portal: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_portal[(row["province"], row["portal"].rstrip("/"))].append(row)
    written: dict[str, int] = {}
    for name in PROVINCE_NAMES:
        units = counties_of(name)
        if not units:
            continue
        prefix = PROVINCES[units[0].adcode[:2]]
        province = units[0].province
        short = next((r["province"] for r in rows if province.startswith(r["province"])), None)
        portals: list[dict] = []
        ids: set[str] = set()
        covered: set[str] = set()
        for (prov, _home), group in sorted(by_portal.items()):
            if prov != short:
                continue
            is_city = any(m in group[0]["url_pattern"] for m in CITY_MARKS)
            entry = _portal_entry(prefix, group, is_city)
            while entry["id"] in ids:
                entry["id"] += "-2"
            ids.add(entry["id"])
            portals.append(entry)
            if not is_city and entry.get("adcode"):
                covered.add(entry["adcode"])
        for unit in units:
            if unit.adcode in covered:
                continue
            portals.append({"id": f"{prefix}-{unit.adcode}", "adcode": unit.adcode, "county": unit.county,
                            "city": unit.city, "status": "unknown"})
        doc = {"province": province, "portals": portals}
        header = (f"# Portal registry for {province}: generated by crawler/registry/build.py from report_pages.csv\n"
                  f"# and the division list (extract.places). Format: docs/registry.md.\n")
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=200)
        (out_dir / f"{prefix}.yml").write_text(header + text, encoding="utf-8")
        written[prefix] = sum(1 for p in portals if p["status"] == "seeded")
    return written


if __name__ == "__main__":
    result = build()
    print(f"wrote {len(result)} files to {HERE}, {sum(result.values())} seeded portals")
