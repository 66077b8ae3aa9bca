"""Two provincial cluster platforms (portal-platforms.md §2.3 and §2.9).

- 乌恰县 (Xinjiang), the "hash.shtml" cluster: ``/xjwqx/c{colid}/YYYYMM/{32hex}.shtml`` (the three 2025
  reports keep their real URLs), static column pages ``/xjwqx/c{colid}/list.shtml`` (their pagination
  was not observed: one page each), and the ``interface-cms`` JSON API
  ``/interface-cms/proxy/api?apiUrl=manuscript/getManuscriptById&manuscriptId={32hex}``.
- 会宁县 (Gansu), the ``…/art/YYYY/art_{32hex}.html`` cluster: year columns ``zfxxgknb/2022n/``, a
  township column under ``xzxxgk/ggyz/`` and an upper-case ``ZFXXGKNB`` department column; index
  codes with the ``/1970-`` year bug. Lists are single static pages (pagination not observed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import ClassVar

from replica.sites.base import Item, Portal, Request, Response, article_html, esc, latest, stable_hex
from replica.sites.content import DEPARTMENT, GOVERNMENT, OFFICE, TOWNSHIP, ReportSpec, jiedu, page_report


@dataclass(frozen=True)
class Col:
    path: str
    name: str
    crumbs: tuple[str, ...]


def list_page(portal: Portal, col: Col, items: list[Item], children: list[tuple[str, str]]) -> bytes:
    tabs = "".join(f'<li><a href="{h}">{esc(n)}</a></li>' for n, h in children)
    rows = "".join(
        f'<li><a href="{i.href}" target="_blank" title="{esc(i.title)}">{esc(i.title)}</a><span>{i.date}</span></li>\n'
        for i in items
    )
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(col.name)}-{esc(portal.gov_name)}</title></head>
<body>
<div class="location">当前位置：{" / ".join(esc(c) for c in ("首页", *col.crumbs))}</div>
<ul class="sub-columns">{tabs}</ul>
<ul class="news-list">
{rows}</ul>
</body></html>
""".encode()


class Wuqia(Portal):
    """乌恰县 (Xinjiang, hash.shtml cluster): c{colid}/YYYYMM/{32hex}.shtml articles, interface-cms JSON API."""

    id = "xj-wuqia"
    platform = "hash-shtml"
    province = "新疆维吾尔自治区"
    city = "克孜勒苏柯尔克孜自治州"
    county = "乌恰县"
    adcode = "653024"
    site_names: ClassVar[dict[str, str]] = {"www": "www.xjwqx.gov.cn"}
    index_names = ("index.shtml",)
    new_column = "c128570"
    cols: ClassVar[dict[str, Col]] = {
        "gknb": Col("/xjwqx/c128569/", "公开年报", ("政务公开", "政府信息公开专栏", "公开年报")),
        "c128570": Col("/xjwqx/c128570/", "2025年", ("政务公开", "政府信息公开专栏", "公开年报", "2025年")),
        "c128568": Col("/xjwqx/c128568/", "2024年", ("政务公开", "政府信息公开专栏", "公开年报", "2024年")),
        "c128567": Col("/xjwqx/c128567/", "2023年", ("政务公开", "政府信息公开专栏", "公开年报", "2023年")),
    }

    def initial_reports(self) -> list[ReportSpec]:
        p = self.id
        return [
            ReportSpec(f"{p}/2025/xzfb", p, "乌恰县人民政府办公室", OFFICE, 2025, "004", "2026-01-19 20:34:00",
                       "c128570", ids={"hex": "c531fcfd84284253aaceb3f0345912cd"}),
            ReportSpec(f"{p}/2025/whsl", p, "吾合沙鲁乡人民政府", TOWNSHIP, 2025, "004", "2026-01-16 11:20:00",
                       "c128570", ids={"hex": "4ff40ce3cae4488b8a055ac671b1be03"}, scale=0.1),
            ReportSpec(f"{p}/2025/sjj", p, "乌恰县审计局", DEPARTMENT, 2025, "001", "2026-01-15 18:02:00", "c128570",
                       ids={"hex": "039e85cdc5bc424b8b18586aa24bcacd"}, scale=0.1),
            ReportSpec(f"{p}/2024/xzfb", p, "乌恰县人民政府办公室", OFFICE, 2024, "002", "2025-01-20 12:00:00",
                       "c128568"),
            ReportSpec(f"{p}/2023/xzf", p, "乌恰县人民政府", GOVERNMENT, 2023, "004", "2024-01-30 10:00:00",
                       "c128567"),
        ]

    def art_path(self, col: Col, date: str, key: str, hexid: str | None = None) -> tuple[str, str]:
        h = hexid or stable_hex(key)
        return f"{col.path}{date[:7].replace('-', '')}/{h}.shtml", h

    def page(self, report, col: Col, index_no: str) -> bytes:  # type: ignore[no-untyped-def]
        info = (f"| 索 引 号 | {index_no} | 主题分类 | | 发布机构 | {esc(report.organ)} | 发布日期 | "
                f"{report.published[:16]} | 名 称 | {esc(report.title)} | 文 号 | 〔〕号 | 有 效 性 | | 来 源 | |")
        return article_html(report, site_name=self.gov_name, crumbs=("首页", *col.crumbs, "正文"), info=info,
                            body_open='<div class="detail-content" id="zoom">').encode()

    def populate(self) -> None:
        items: dict[str, list[Item]] = {k: [] for k in self.cols}
        self.manuscripts: dict[str, tuple[ReportSpec, bytes, str]] = {}
        for n, spec in enumerate(self.reports):
            col = self.cols[spec.column]
            t = self.truth(spec)
            path, h = self.art_path(col, spec.date, spec.id, spec.ids.get("hex"))
            report = page_report(t, spec, source=spec.organ, style="cms")
            body = self.page(report, col, f"K45899617/{spec.published[:4]}-{221 + n:05d}")
            self.add(path, body, modified=spec.modified)
            self.manuscripts[h] = (spec, body, path)
            items[spec.column].append(Item(t.title, path, spec.date))
            api = f"/interface-cms/proxy/api?apiUrl=manuscript/getManuscriptById&manuscriptId={h}"
            self.record(spec, self.url(path), [("html", self.url(path))], [self.url(api)])
        spec24 = next(s for s in self.reports if s.id == f"{self.id}/2024/xzfb")
        jd = jiedu(self.truth(spec24), "乌恰县人民政府办公室", "2025-01-21 10:00:00")
        jd_path, _ = self.art_path(self.cols["c128568"], "2025-01-21", "jiedu2024")
        self.add(jd_path, self.page(jd, self.cols["c128568"], "K45899617/2025-00031"))
        items["c128568"].append(Item(jd.title, jd_path, "2025-01-21", "jiedu"))
        self.decoy(self.url(jd_path), jd.title, "jiedu")
        children = [(c.name, c.path + "list.shtml") for k, c in self.cols.items() if k != "gknb"]
        for key, col in self.cols.items():
            rows = sorted(items[key], key=lambda i: i.date, reverse=True)
            self.add(col.path + "list.shtml", list_page(self, col, rows, children if key == "gknb" else []),
                     modified=latest(rows) if rows else "2026-01-19 20:34:00")
        self.report_columns.append(self.url(self.cols["gknb"].path + "list.shtml"))
        self.dynamic("/interface-cms/proxy/api", self.api)
        home = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(self.gov_name)}</title></head>
<body><div class="nav"><a href="/xjwqx/index.shtml">首页</a> <a href="/xjwqx/c128555/zwgk.shtml">政务公开</a></div>
</body></html>
""".encode()
        self.add("/index.shtml", home)
        self.add("/xjwqx/index.shtml", home)
        zwgk = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>政务公开</title></head>
<body><ul><li><a href="/xjwqx/c128560/xxgk.shtml">政府信息公开专栏</a></li></ul></body></html>
"""
        self.add("/xjwqx/c128555/zwgk.shtml", zwgk.encode())
        xxgk = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>政府信息公开专栏</title></head>
<body><ul><li><a href="/xjwqx/c128561/list.shtml">政府信息公开指南</a></li>
<li><a href="/xjwqx/c128569/list.shtml">公开年报</a></li></ul></body></html>
"""
        self.add("/xjwqx/c128560/xxgk.shtml", xxgk.encode())

    def api(self, req: Request) -> Response:
        found = self.manuscripts.get(req.arg("manuscriptId"))
        if req.arg("apiUrl") != "manuscript/getManuscriptById" or found is None:
            data: dict[str, object] = {"status": False, "msg": "接口访问失败!", "data": None}
        else:
            spec, body, path = found
            t = self.truth(spec)
            data = {"status": True, "msg": "接口访问成功!", "data": {
                "manuscriptId": req.arg("manuscriptId"), "channelId": path.split("/")[2], "websiteId": "xjwqx",
                "title": t.title, "subTitle": "", "url": path.split("/", 3)[3], "staticUrl": self.url(path),
                "publishedTime": spec.published, "content": body.decode("utf-8")}}
        return Response(200, json.dumps(data, ensure_ascii=False).encode(), [("Content-Type", "application/json")])


class Huining(Portal):
    """会宁县 (Gansu art_{32hex} cluster): year columns, township and upper-case ZFXXGKNB columns."""

    id = "gs-huining"
    platform = "gansu-art"
    province = "甘肃省"
    city = "白银市"
    county = "会宁县"
    adcode = "620422"
    site_names: ClassVar[dict[str, str]] = {"www": "www.huining.gov.cn"}
    new_column = "2023n"
    cols: ClassVar[dict[str, Col]] = {
        "nb": Col("/xxgk/zfxxgknb/", "政府信息公开年报", ("信息公开", "政府信息公开年报")),
        "2023n": Col("/xxgk/zfxxgknb/2023nb/", "2023年", ("信息公开", "政府信息公开年报", "2023年")),
        "2022n": Col("/xxgk/zfxxgknb/2022n/", "2022年", ("信息公开", "政府信息公开年报", "2022年")),
        "2020n": Col("/xxgk/zfxxgknb/2020n/", "2020年", ("信息公开", "政府信息公开年报", "2020年")),
        "ggyz": Col("/xxgk/xzxxgk/ggyz/zfxxgknb/2022n/", "2022年",
                    ("信息公开", "乡镇信息公开", "甘沟驿镇", "政府信息公开年报", "2022年")),
        "jyj": Col("/xxgk/bmxxgk/jyj/ZFXXGKNB/2023n/", "2023年",
                   ("信息公开", "部门信息公开", "县教育局", "政府信息公开年报", "2023年")),
    }

    def initial_reports(self) -> list[ReportSpec]:
        p = self.id
        return [
            ReportSpec(f"{p}/2023/xzf", p, "会宁县人民政府", GOVERNMENT, 2023, "004", "2024-01-29 16:26:00", "2023n"),
            ReportSpec(f"{p}/2022/xzf", p, "会宁县人民政府", GOVERNMENT, 2022, "002", "2023-01-10 16:26:00", "2022n"),
            ReportSpec(f"{p}/2020/xzf", p, "会宁县人民政府", GOVERNMENT, 2020, "003", "2021-01-25 10:00:00", "2020n"),
            ReportSpec(f"{p}/2022/ggyz", p, "甘沟驿镇人民政府", TOWNSHIP, 2022, "004", "2023-01-10 11:00:00", "ggyz",
                       ids={"hex": "711f41936ac041df93654ddf8a0070e7"}, scale=0.1),
            ReportSpec(f"{p}/2023/jyj", p, "会宁县教育局", DEPARTMENT, 2023, "001", "2024-01-18 09:00:00", "jyj",
                       scale=0.2),
        ]

    def populate(self) -> None:
        items: dict[str, list[Item]] = {k: [] for k in self.cols}
        for spec in self.reports:
            col = self.cols[spec.column]
            t = self.truth(spec)
            path = f"{col.path}art/{spec.date[:4]}/art_{spec.ids.get('hex') or stable_hex(spec.id)}.html"
            report = page_report(t, spec, source=spec.organ, style="word")
            meta = [("索  引  号", f"126204227458732362/1970-{172848 + len(items[spec.column])}"),
                    ("生成日期", spec.date), ("文 号", ""), ("关键字", ""), ("所属机构", spec.organ),
                    ("发布机构", spec.organ)]
            info = f"信息来源:{esc(spec.organ)} 发布时间:{spec.published[:16]} 浏览次数:"
            body = article_html(report, site_name=self.gov_name, crumbs=("首页", *col.crumbs), meta_rows=meta,
                                info=info, body_open='<div class="main_content" id="zoom">')
            self.add(path, body.encode(), modified=spec.modified)
            items[spec.column].append(Item(t.title, "./" + path[len(col.path):], spec.date))
            self.record(spec, self.url(path), [("html", self.url(path))])
        year_cols = [(c.name, "./" + c.path[len("/xxgk/zfxxgknb/"):]) for k, c in self.cols.items()
                     if c.path.startswith("/xxgk/zfxxgknb/") and k != "nb"]
        for key, col in self.cols.items():
            rows = sorted(items[key], key=lambda i: i.date, reverse=True)
            self.add(col.path + "index.html", list_page(self, col, rows, year_cols if key == "nb" else []),
                     modified=latest(rows) if rows else "2024-01-29 16:26:00")
        self.report_columns.append(self.url("/xxgk/zfxxgknb/"))
        home = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(self.gov_name)}</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/xxgk/index.html">信息公开</a></div></body></html>
"""
        self.add("/index.html", home.encode())
        xxgk = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>信息公开</title></head>
<body><ul>
<li><a href="/xxgk/zfxxgknb/">信息公开年度报告</a></li>
<li><a href="/xxgk/xzxxgk/ggyz/zfxxgknb/2022n/">甘沟驿镇 年度报告</a></li>
<li><a href="/xxgk/bmxxgk/jyj/ZFXXGKNB/2023n/">县教育局 年度报告</a></li>
</ul></body></html>
"""
        self.add("/xxgk/index.html", xxgk.encode())
