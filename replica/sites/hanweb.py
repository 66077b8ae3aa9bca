"""Hanweb 大汉 JCMS: a Zhejiang county (云和县), portal-platforms.md §2.2.

- Columns ``/col/col{10-digit id}/index.html``; the list is *not* in the HTML but in
  ``<script type="text/xml"><datastore>…<record><![CDATA[<li>…]]></record>…`` (a parser that does not
  unwrap CDATA sees no links), holding only the first group of records; the rest comes from
  ``/module/web/jpage/dataproxy.jsp`` (POST ``startrecord/endrecord/perpage`` + form fields, or GET
  ``page=N``), answering XML of the same ``<record>`` shape.
- Articles ``/art/YYYY/M/D/art_{col}_{id}.html`` with body in ``div#zoom``; attachments
  ``/module/download/downfile.jsp?classid=0&filename={32hex}.pdf`` answering 302 to ``/attach/0/…``.
- ``/module/xxgk/xxgkAnnualReport.jsp?fbtime={year}&area={code}`` renders one unit's report of a year
  (a twin of the article page).
- The home page's 信息公开年报 link is an old column id that answers 301 → 302 → the live column; a
  listed article answers 500; the 2022 report links its 解读 page (点击查看解读).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import quote

from replica.sites.base import Item, Portal, Request, Response, esc, latest, stable_hex, stable_number
from replica.sites.content import (
    DEPARTMENT,
    GOVERNMENT,
    OFFICE,
    TOWNSHIP,
    ReportSpec,
    doc_of,
    docx_bytes,
    jiedu,
    news,
    page_report,
    pdf_bytes,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class HanwebColumn:
    colid: int
    unitid: int
    name: str
    per_page: int = 3
    group_pages: int = 2  # pages of records inlined in the static page


def record(item: Item) -> str:
    return (
        f'<record><![CDATA[\n<li><a href="{esc(item.href)}" title="{esc(item.title)}" target="_blank">'
        f'{esc(item.title)}</a><span class="bt_time">{item.date}</span></li>]]></record>\n'
    )


class Yunhe(Portal):
    """云和县 (Zhejiang, Hanweb 大汉 JCMS): datastore lists, dataproxy.jsp paging, downfile.jsp 302."""

    id = "zj-yunhe"
    platform = "Hanweb"
    province = "浙江省"
    city = "丽水市"
    county = "云和县"
    adcode = "331125"
    site_names: ClassVar[dict[str, str]] = {"www": "www.yunhe.gov.cn"}
    webid = 3391
    area = "001008025007001"  # xxgk unit code of 县政府办公室 (Zhejiang region-code style)
    new_column = "nb"
    cols: ClassVar[dict[str, HanwebColumn]] = {
        "nb": HanwebColumn(1229780139, 7418121, "政府信息公开年报"),
        "xz": HanwebColumn(1229780140, 7418122, "乡镇街道年报"),
    }

    def initial_reports(self) -> list[ReportSpec]:
        p = self.id
        return [
            ReportSpec(f"{p}/2023/xzfb", p, "云和县人民政府办公室", OFFICE, 2023, "001", "2024-01-19 15:32:00", "nb",
                       ("html", "docx"), ids={"artid": 5252899}),
            ReportSpec(f"{p}/2023/czj", p, "云和县财政局", DEPARTMENT, 2023, "002", "2024-01-25 09:10:00", "nb",
                       ("docx",), scale=0.1),
            ReportSpec(f"{p}/2022/xzfb", p, "云和县人民政府办公室", OFFICE, 2022, "001", "2023-01-20 16:00:00", "nb",
                       ("html", "pdf")),
            ReportSpec(f"{p}/2022/xzf", p, "云和县人民政府", GOVERNMENT, 2022, "000", "2023-03-15 10:00:00", "nb"),
            ReportSpec(f"{p}/2021/xzfb", p, "云和县人民政府办公室", OFFICE, 2021, "002", "2022-01-21 11:00:00", "nb",
                       title_style=1),
            ReportSpec(f"{p}/2020/xzf", p, "云和县人民政府", GOVERNMENT, 2020, "003", "2021-03-10 10:00:00", "nb"),
            ReportSpec(f"{p}/2023/ctz", p, "崇头镇人民政府", TOWNSHIP, 2023, "004", "2024-01-16 14:00:00", "xz",
                       scale=0.1),
            ReportSpec(f"{p}/2022/ctz", p, "崇头镇人民政府", TOWNSHIP, 2022, "004", "2023-01-13 14:00:00", "xz",
                       scale=0.1),
        ]

    def art_path(self, colid: int, date: str, key: str, artid: int | None = None) -> str:
        y, m, d = (int(x) for x in date.split("-"))
        return f"/art/{y}/{m}/{d}/art_{colid}_{artid or stable_number(key, 4_900_000, 5_300_000)}.html"

    def populate(self) -> None:
        items: dict[str, list[Item]] = {k: [] for k in self.cols}
        self.files: dict[str, tuple[str, ReportSpec]] = {}
        annual: dict[int, str] = {}
        for spec in self.reports:
            self.publish(spec, items, annual)
        # decoys, a 500, a plan whose title names the year
        spec22 = next(s for s in self.reports if s.id == f"{self.id}/2022/xzfb")
        jd = jiedu(self.truth(spec22), "云和县人民政府办公室", "2023-01-20 16:30:00")
        jd_path = self.art_path(self.cols["nb"].colid, "2023-01-20", "jiedu2022")
        self.add(jd_path, lambda: self.render_page(jd, "hanweb", self.site("政府信息公开年报")), modified=jd.published)
        items["nb"].append(Item(jd.title, jd_path, "2023-01-20", "jiedu"))
        self.decoy(self.url(jd_path), jd.title, "jiedu")
        plan = news("云和县2023年政务公开工作要点", "云和县人民政府办公室", "2023-04-10 10:00:00",
                    ["为深入贯彻落实《中华人民共和国政府信息公开条例》，做好2023年政务公开工作，制定本要点。"])
        plan_path = self.art_path(self.cols["nb"].colid, "2023-04-10", "plan2023")
        self.add(plan_path, lambda: self.render_page(plan, "hanweb", self.site("政府信息公开年报")),
                 modified=plan.published)
        items["nb"].append(Item(plan.title, plan_path, "2023-04-10", "news"))
        self.decoy(self.url(plan_path), plan.title, "news")
        broken = f"/art/2022/1/20/art_{self.cols['nb'].colid}_4999999.html"
        self.dynamic(broken, lambda req: Response(500, b"<html><body><h1>500 Internal Server Error</h1>"
                                                       b"<p>java.lang.NullPointerException</p></body></html>",
                                                  [("Content-Type", "text/html;charset=UTF-8")]))
        items["nb"].append(Item("云和县发展和改革局2021年政府信息公开工作年度报告", broken, "2022-01-20", "error"))
        self.error(self.url(broken), 500, "server error", "listed in the 年报 column; answers 500 every time")
        self.items = {k: sorted(v, key=lambda i: i.date, reverse=True) for k, v in items.items()}
        for key, col in self.cols.items():
            self.add(f"/col/col{col.colid}/index.html", self.column_page(key, annual).encode(),
                     modified=latest(self.items[key]))
        self.report_columns.append(self.url(f"/col/col{self.cols['nb'].colid}/index.html"))
        self.dynamic("/module/web/jpage/dataproxy.jsp", self.dataproxy)
        self.dynamic("/module/download/downfile.jsp", self.downfile)
        self.dynamic("/module/xxgk/xxgkAnnualReport.jsp", self.annual_report)
        # redirect chain from the old column id the home page still links
        old, mid = "/col/col1229100001/index.html", "/col/col1229100002/index.html"
        live = f"/col/col{self.cols['nb'].colid}/index.html"
        self.dynamic(old, lambda req: Response(301, b"", [("Location", self.url(mid))]))
        self.dynamic(mid, lambda req: Response(302, b"", [("Location", live)]))
        self.error(self.url(old), 301, "redirect chain", f"301 -> {mid} -> 302 -> {live}")
        self.publish_home()

    def publish(self, spec: ReportSpec, items: dict[str, list[Item]], annual: dict[int, str]) -> None:
        col = self.cols[spec.column]
        t = self.truth(spec)
        path = self.art_path(col.colid, spec.date, spec.id, spec.ids.get("artid"))
        attachments, documents = [], []
        if "html" in spec.formats:
            documents.append(("html", self.url(path)))
        for fmt in ("pdf", "docx"):
            if fmt in spec.formats:
                name = f"{stable_hex(spec.id + fmt)}.{fmt}"
                self.files[name] = (fmt, spec)
                attachments.append(self.attachment(f"{t.title}.{fmt}",
                                                   f"/module/download/downfile.jsp?classid=0&filename={name}"))
                self.add(f"/attach/0/{name}", (lambda s=spec: pdf_bytes(s)) if fmt == "pdf" else
                         (lambda tt=t: docx_bytes(doc_of(tt))),
                         content_type="application/pdf" if fmt == "pdf" else DOCX, modified=spec.modified)
                documents.append((fmt, self.url(f"/attach/0/{name}")))
        options = {}
        if spec.id == f"{self.id}/2022/xzfb":
            options["jiedu"] = self.art_path(self.cols["nb"].colid, "2023-01-20", "jiedu2022")
        report = page_report(t, spec, source=spec.organ, attachments=attachments, style="cms",
                             body="html" in spec.formats)
        site = self.site(col.name, ("政务公开", col.name))
        self.add(path, lambda r=report, s=site, o=options: self.render_page(r, "hanweb", s, **o),
                 modified=spec.modified)
        twins = []
        if spec.kind == OFFICE and "html" in spec.formats:
            annual[spec.year] = path
            twins.append(self.url(f"/module/xxgk/xxgkAnnualReport.jsp?fbtime={spec.year}&area={self.area}"))
        items[spec.column].append(Item(t.title, path, spec.date))
        self.record(spec, self.url(path), documents, twins)

    def column_page(self, key: str, annual: dict[int, str]) -> str:
        col = self.cols[key]
        records = self.items[key]
        inline = records[: col.per_page * col.group_pages]
        webname = quote(self.gov_name)
        proxy = (f"/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid={self.webid}&path=/&columnid={col.colid}"
                 f"&unitid={col.unitid}&webname={webname}&permissiontype=0")
        years = "".join(
            f'<li><a href="/module/xxgk/xxgkAnnualReport.jsp?fbtime={y}&amp;area={self.area}">{y}年度报告</a></li>'
            for y in sorted(annual, reverse=True)
        ) if key == "nb" else ""
        return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(col.name)} {esc(self.gov_name)}</title>
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
<script type="text/javascript" src="/module/jslib/jquery/jpage/jquery.page.min.js"></script>
</head>
<body>
<div class="dqwz">当前位置: <a href="/">首页</a> &gt; <a href="/col/col1229200001/index.html">政务公开</a>
&gt; {esc(col.name)}</div>
<div class="lm_name">{esc(col.name)}</div>
<div class="nbcx"><ul>{years}</ul></div>
<div class="list"><div id="{col.unitid}"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="{proxy}"></a>]]></nextgroup>
<recordset>
{"".join(record(i) for i in inline)}</recordset>
</datastore></script></div>
<script type="text/javascript">
$(document).ready(function(){{ $("#{col.unitid}").jpage({{ perPage: {col.per_page}, totalRecord: {len(records)},
  groupSize: {col.group_pages}, proxyUrl: "/module/web/jpage/dataproxy.jsp", barPosition: "bottom",
  ajaxParam: {{ col: 1, appid: 1, webid: {self.webid}, path: "/", columnid: {col.colid}, sourceContentType: 1,
  unitid: {col.unitid}, webname: "{esc(self.gov_name)}", permissiontype: 0 }} }}); }});
</script></div>
<div class="foot">主办：{esc(self.gov_name)}办公室</div>
</body>
</html>
"""

    def dataproxy(self, req: Request) -> Response:
        """Records of a column by ``startrecord/endrecord`` (POST or GET) or by ``page`` (+``perpage``)."""
        col = next((k for k, c in self.cols.items() if str(c.colid) == req.arg("columnid")), None)
        records = self.items.get(col, []) if col else []
        per = int(req.arg("perpage") or (self.cols[col].per_page if col else 15) or 15)
        if req.arg("startrecord"):
            start = max(1, int(req.arg("startrecord")))
            end = int(req.arg("endrecord") or start + per - 1)
        else:
            page = max(1, int(req.arg("page") or 1))
            start, end = (page - 1) * per + 1, page * per
        chosen = records[start - 1 : end]
        total_pages = (len(records) + per - 1) // per
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n'
            f"<totalrecord>{len(records)}</totalrecord>\n<totalpage>{total_pages}</totalpage>\n<recordset>\n"
            + "".join(record(i) for i in chosen)
            + "</recordset>\n</datastore>\n"
        )
        return Response(200, body.encode(), [("Content-Type", "text/xml;charset=UTF-8")])

    def downfile(self, req: Request) -> Response:
        name = req.arg("filename")
        if name not in self.files:
            body = "<html><body>文件不存在</body></html>".encode()
            return Response(404, body, [("Content-Type", "text/html;charset=UTF-8")])
        return Response(302, b"", [("Location", f"/attach/0/{name}")])

    def annual_report(self, req: Request) -> Response:
        """One unit's report of one year (the xxgk module's viewer), a twin of the article page."""
        year = req.arg("fbtime")
        if req.arg("area") != self.area or not year.isdigit():
            return Response(200, "<html><body><p>暂无年报</p></body></html>".encode(),
                            [("Content-Type", "text/html;charset=UTF-8")])
        spec = next((s for s in self.reports if s.kind == OFFICE and s.year == int(year) and "html" in s.formats), None)
        if spec is None:
            return Response(200, "<html><body><p>暂无年报</p></body></html>".encode(),
                            [("Content-Type", "text/html;charset=UTF-8")])
        report = page_report(self.truth(spec), spec, source=spec.organ, style="cms")
        body = self.render_page(report, "hanweb", self.site("政府信息公开年报"))
        return Response(200, body, [("Content-Type", "text/html;charset=UTF-8")])

    def publish_home(self) -> None:
        home = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(self.gov_name)}</title></head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/col/col1229200001/index.html">政务公开</a>
<a href="/col/col1229200003/index.html">互动交流</a></div>
<div class="xxgk"><h3>信息公开</h3><ul>
<li><a href="/col/col1229200002/index.html">政府信息公开指南</a></li>
<li><a href="/col/col1229100001/index.html">信息公开年报</a></li>
</ul></div>
</body></html>
"""
        self.add("/index.html", home.encode(), modified="2024-01-25 09:10:00")
        zwgk = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>政务公开 {esc(self.gov_name)}</title></head>
<body><div class="dqwz">当前位置: <a href="/">首页</a> &gt; 政务公开</div>
<div class="zpfl"><h3>组配分类</h3><ul>
<li><a href="/col/col1229200002/index.html">政府信息公开指南</a></li>
<li><a href="/col/col{self.cols["nb"].colid}/index.html">政府信息公开年报</a></li>
<li><a href="/col/col{self.cols["xz"].colid}/index.html">乡镇街道</a></li>
</ul></div></body></html>
"""
        self.add("/col/col1229200001/index.html", zwgk.encode(), modified="2024-01-25 09:10:00")
        guide = "<html><head><meta charset='utf-8'><title>政府信息公开指南</title></head><body><p>指南</p></body>"
        self.add("/col/col1229200002/index.html", (guide + "</html>").encode(), modified="2023-01-01 09:00:00")
