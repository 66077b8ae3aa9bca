"""The Anhui "Openness" platform (涡阳县, gy.gov.cn), portal-platforms.md §2.5.

- Lists ``/OpennessContent/showList/{site}/{cat}/page_{n}.html`` per unit (the county government is
  site 1; 县财政局 is site 785 as in the real report; a township has its own site), anchors with
  ``title`` attributes whose visible text is cut with an ellipsis.
- Reports at ``/XxgkAnnualReport/show/{id}.html`` (ids as on ahjx/xuanzhou/gy).
- A dynamic platform: no ETag/Last-Modified, and ``Content-Type: text/html`` without a charset (the
  page declares UTF-8 only in ``<meta>``, §4 (b)).
- The list markup beyond links and titles, the pager and the attachment path (FastDFS-style
  ``/group1/M00/…``) are not in the notes; they follow the usual shape of such platforms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from replica.sites.base import Item, Portal, article_html, esc, pages, stable_hex, stable_number
from replica.sites.content import (
    DEPARTMENT,
    GOVERNMENT,
    OFFICE,
    TOWNSHIP,
    ReportSpec,
    jiedu,
    page_report,
    pdf_bytes,
)


@dataclass(frozen=True)
class Unit:
    site: int
    name: str  # as shown in the xxgk menu and breadcrumb
    per_page: int = 4


class Guoyang(Portal):
    """涡阳县 (Anhui "Openness" platform): showList page_n lists with title attributes, no charset header."""

    id = "ah-guoyang"
    platform = "Anhui"
    province = "安徽省"
    city = "亳州市"
    county = "涡阳县"
    adcode = "341621"
    site_names: ClassVar[dict[str, str]] = {"www": "www.gy.gov.cn"}
    etags = False
    charset_header = False
    new_column = "785"
    units: ClassVar[dict[str, Unit]] = {
        "1": Unit(1, "涡阳县人民政府"),
        "785": Unit(785, "涡阳县财政局"),
        "786": Unit(786, "涡阳县教育局"),
        "801": Unit(801, "义门镇"),
    }

    def initial_reports(self) -> list[ReportSpec]:
        p = self.id
        return [
            ReportSpec(f"{p}/2023/xzf", p, "涡阳县人民政府", GOVERNMENT, 2023, "004", "2024-03-22 16:11:00", "1"),
            ReportSpec(f"{p}/2022/xzf", p, "涡阳县人民政府", GOVERNMENT, 2022, "002", "2023-03-24 10:30:00", "1"),
            ReportSpec(f"{p}/2022/xzfb", p, "涡阳县人民政府办公室", OFFICE, 2022, "001", "2023-01-30 09:00:00", "1"),
            ReportSpec(f"{p}/2021/xzf", p, "涡阳县人民政府", GOVERNMENT, 2021, "000", "2022-03-18 10:00:00", "1",
                       title_style=1),
            ReportSpec(f"{p}/2023/czj", p, "涡阳县财政局", DEPARTMENT, 2023, "002", "2024-01-13 16:11:00", "785",
                       ids={"showid": 5813}, scale=0.1),
            ReportSpec(f"{p}/2022/czj", p, "涡阳县财政局", DEPARTMENT, 2022, "000", "2023-01-16 15:20:00", "785",
                       ("html", "pdf"), scale=0.1),
            ReportSpec(f"{p}/2022/jyj", p, "涡阳县教育局", DEPARTMENT, 2022, "001", "2023-01-18 11:20:00", "786",
                       title_style=2, scale=0.2),
            ReportSpec(f"{p}/2022/ymz", p, "义门镇人民政府", TOWNSHIP, 2022, "004", "2023-01-12 10:00:00", "801",
                       scale=0.1),
        ]

    def show_path(self, key: str, showid: int | None = None) -> str:
        return f"/XxgkAnnualReport/show/{showid or stable_number(key, 5600, 6000)}.html"

    def page_html(self, report, unit: Unit) -> bytes:  # type: ignore[no-untyped-def]
        date = report.published[:16]
        info = (f"发布时间:{date} 来源:{esc(report.source or report.organ)} "
                "字体:[ <a href=\"javascript:doZoom(16)\">大</a> <a href=\"javascript:doZoom(14)\">中</a> "
                "<a href=\"javascript:doZoom(12)\">小</a> ]")
        meta = [("索引号", f"{self.adcode}{unit.site:04d}/{report.published[:4]}-{unit.site % 97:05d}"),
                ("信息分类", "政府信息公开年报"), ("发布机构", report.organ), ("生成日期", report.published[:10]),
                ("文号", ""), ("关键词", "年度报告")]
        page = article_html(
            report,
            site_name=self.gov_name,
            crumbs=("您现在所在的位置: 网站首页", "政府信息公开", unit.name, "政府信息公开年报"),
            meta_rows=meta,
            info=info,
            body_open='<div class="j-fontContent newscontnet minh500" id="zoom">',
            metas=True,
        )
        return page.encode()

    def populate(self) -> None:
        items: dict[str, list[Item]] = {k: [] for k in self.units}
        for spec in self.reports:
            unit = self.units[spec.column]
            t = self.truth(spec)
            path = self.show_path(spec.id, spec.ids.get("showid"))
            attachments, documents = [], []
            if "html" in spec.formats:
                documents.append(("html", self.url(path)))
            if "pdf" in spec.formats:
                href = f"/group1/M00/00/{stable_hex(spec.id)[:2].upper()}/{stable_hex(spec.id + 'f')[:22]}.pdf"
                self.add(href, lambda s=spec: pdf_bytes(s), content_type="application/pdf")
                attachments.append(self.attachment(f"{t.title}.pdf", href))
                documents.append(("pdf", self.url(href)))
            report = page_report(t, spec, source=spec.organ, attachments=attachments, style="cms",
                                 body="html" in spec.formats)
            self.add(path, lambda r=report, u=unit: self.page_html(r, u))
            items[spec.column].append(Item(t.title, path, spec.date))
            self.record(spec, self.url(path), documents)
        spec22 = next(s for s in self.reports if s.id == f"{self.id}/2022/xzf")
        jd = jiedu(self.truth(spec22), "涡阳县人民政府办公室", "2023-03-25 09:00:00")
        jd_path = self.show_path("jiedu2022")
        self.add(jd_path, lambda: self.page_html(jd, self.units["1"]))
        items["1"].append(Item(jd.title, jd_path, "2023-03-25", "jiedu"))
        self.decoy(self.url(jd_path), jd.title, "jiedu")
        for key, unit in self.units.items():
            self.publish_list(unit, sorted(items[key], key=lambda i: i.date, reverse=True))
        self.report_columns.append(self.url("/OpennessContent/showList/1/0/page_1.html"))
        self.publish_home()

    def publish_list(self, unit: Unit, items: list[Item]) -> None:
        chunks = pages(items, unit.per_page)
        last = len(chunks)
        for n, chunk in enumerate(chunks, 1):
            rows = "".join(
                f'<li><a href="{i.href}" title="{esc(i.title)}" target="_blank">'
                f'{esc(i.title if len(i.title) <= 16 else i.title[:16] + "…")}</a>'
                f'<span class="date">{i.date}</span></li>\n'
                for i in chunk
            )
            nav = [f"<span>共{len(items)}条</span>", '<a href="page_1.html">首页</a>']
            if n > 1:
                nav.append(f'<a href="page_{n - 1}.html">上一页</a>')
            nav.append(f'<span class="current">{n}</span>')
            if n < last:
                nav.append(f'<a href="page_{n + 1}.html">下一页</a>')
            nav.append(f'<a href="page_{last}.html">尾页</a>')
            body = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>政府信息公开年报_{esc(unit.name)}_{esc(self.gov_name)}</title></head>
<body>
<div class="wz">您现在所在的位置: <a href="/">网站首页</a> &gt; <a href="/openness/index.html">政府信息公开</a> &gt;
{esc(unit.name)} &gt; 政府信息公开年报</div>
<ul class="clearfix xxgk_nav_list">
{rows}</ul>
<div class="pagination">{" ".join(nav)}</div>
</body></html>
"""
            self.add(f"/OpennessContent/showList/{unit.site}/0/page_{n}.html", body.encode())

    def publish_home(self) -> None:
        home = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(self.gov_name)}</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/openness/index.html" title="政府信息公开">政府信息公开</a>
<a href="/News/showList/4/page_1.html">新闻中心</a></div></body></html>
"""
        self.add("/index.html", home.encode())
        units = "".join(
            f'<li><a href="/OpennessContent/showList/{u.site}/0/page_1.html" title="{esc(u.name)}">'
            f"{esc(u.name)}</a></li>"
            for k, u in self.units.items() if k != "1"
        )
        xxgk = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>政府信息公开_{esc(self.gov_name)}</title></head>
<body><div class="xxgk-menu"><ul>
<li><a href="/OpennessGuide/index.html" title="政府信息公开指南">政府信息公开指南</a></li>
<li><a href="/OpennessContent/showList/1/0/page_1.html" title="政府信息公开年报">政府信息公开年报</a></li>
</ul></div>
<div class="xxgk-units"><h3>部门和乡镇</h3><ul>{units}</ul></div>
</body></html>
"""
        self.add("/openness/index.html", xxgk.encode())
