"""TRS WCM portals: a Guizhou county (兴义市) and its prefecture (黔西南州) with a 区县年报 column.

Shapes follow portal-platforms.md §2.1 and the registry rows of gzxy.gov.cn / qxn.gov.cn: year columns
``zfxxgknb/2022n/`` (one with a numeric disambiguator, ``2020n_5930973``), organ sub-columns, lists
``index.html`` then ``index_1.html`` … announced only by ``createPageHTML(n, 0, "index", "html")``,
articles ``./YYYYMM/tYYYYMMDD_{8-digit id}.html`` with a ``_wap.html`` twin and ``?isMobile=false``
links, attachments ``./P0{YYYYMMDD}{12 digits}.pdf`` in ``#id_tblAppendix`` and again in a JS string.
The county's information-disclosure section lives on a sibling xxgk host (C.4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from replica.render import Report, render_blocks
from replica.sites.base import Item, Portal, Request, Response, esc, latest, pages, stable_number
from replica.sites.content import (
    DEPARTMENT,
    GOVERNMENT,
    TOWNSHIP,
    ReportSpec,
    jiedu,
    news,
    news_lines,
    page_report,
    pdf_bytes,
    tujie,
)

PDF = "application/pdf"


@dataclass(frozen=True)
class Column:
    path: str  # directory, ending with "/"
    name: str
    crumbs: tuple[str, ...]
    children: tuple[str, ...] = ()  # keys of sub-columns
    per_page: int = 4


def trs_list(portal: Portal, col: Column, items: Sequence[Item], page: int, count: int,
             children: Sequence[tuple[str, str]] = ()) -> str:
    """A TRS list page: ``ul.list`` rows, sub-column tabs, and the createPageHTML pagination script
    (the only place the page count appears)."""
    tabs = "".join(f'<li><a href="{esc(h)}">{esc(n)}</a></li>' for n, h in children)
    rows = "".join(
        f'<li><a href="{esc(i.href)}" target="_blank" title="{esc(i.title)}">{esc(i.title)}</a>'
        f"<span>{i.date}</span></li>\n"
        for i in items
    )
    crumb = " &gt; ".join(["<a href=\"/\">首页</a>", *(esc(c) for c in col.crumbs)])
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="SiteName" content="{esc(portal.gov_name)}" />
<meta name="ColumnName" content="{esc(col.name)}" />
<title>{esc(col.name)}_{esc(portal.gov_name)}</title>
<script type="text/javascript" src="/images/common.js"></script>
</head>
<body>
<div class="header"><a href="/"><img src="/images/logo.png" alt="{esc(portal.gov_name)}"></a></div>
<div class="position">您当前的位置：{crumb}</div>
<div class="column-tabs"><ul>{tabs}</ul></div>
<div class="list-box">
<h2>{esc(col.name)}</h2>
<ul class="list">
{rows}</ul>
<div class="page"><script type="text/javascript">createPageHTML({count}, {page}, "index", "html");</script></div>
</div>
<div class="footer">主办单位：{esc(portal.gov_name)}办公室</div>
</body>
</html>
"""


def wap_page(report: Report, desktop: str, site_name: str) -> bytes:
    """The ``_wap.html`` twin: same report, mobile template, a link back to the desktop page."""
    files = "".join(f'<p><a href="{esc(a.href)}">{esc(a.name)}</a></p>' for a in report.attachments)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1.0,user-scalable=no">
<title>{esc(report.title)}</title>
<link rel="canonical" href="{esc(desktop)}">
</head>
<body>
<header class="m-head">{esc(site_name)}</header>
<h1 class="m-title">{esc(report.title)}</h1>
<p class="m-info">{report.published[:10]} 来源：{esc(report.source or report.organ)}</p>
<div class="m-content">
{render_blocks(report)}{files}</div>
<footer><a href="{esc(desktop)}">电脑版</a></footer>
</body>
</html>
""".encode()


def with_wap_link(page: bytes, wap: str) -> bytes:
    text = page.decode("utf-8")
    link = f'<link rel="alternate" media="only screen and (max-width: 640px)" href="{wap}" />\n</head>'
    text = text.replace("</head>", link, 1)
    mobile = f'<p class="wap"><a href="{wap}">手机版</a></p>\n<div class="footer">'
    text = text.replace('<div class="footer">', mobile, 1)
    return text.encode("utf-8")


class TRSPortal(Portal):
    """Shared TRS machinery: column tree, lists, articles with twins and P0 attachments."""

    platform = "TRS"
    columns: ClassVar[dict[str, Column]] = {}
    root = ""  # path of the annual-report column
    xkey = "www"  # host of the xxgk section
    id_range = (77_000_000, 86_000_000)

    def article_path(self, col: Column, spec: ReportSpec | None, date: str, key: str) -> str:
        docid = (spec.ids.get("docid") if spec else None) or stable_number(key, *self.id_range)
        ymd = date.replace("-", "")
        return f"{col.path}{ymd[:6]}/t{ymd}_{docid}.html"

    def column_items(self) -> dict[str, list[Item]]:
        return {k: [] for k in self.columns}

    def publish_report(self, spec: ReportSpec, items: dict[str, list[Item]], variant: str = "ucap",
                       style: str = "word", tujie_href: str = "") -> str:
        col = self.columns[spec.column]
        t = self.truth(spec)
        path = self.article_path(col, spec, spec.date, spec.id)
        folder = path.rsplit("/", 1)[0] + "/"
        ymd = spec.date.replace("-", "")
        attachments = []
        documents: list[tuple[str, str]] = []
        if "html" in spec.formats:
            documents.append(("html", self.url(path, self.xkey)))
        if "pdf" in spec.formats:
            name = f"P0{ymd}{stable_number(spec.id + '#pdf', 10**11, 10**12)}.pdf"
            attachments.append(self.attachment(f"附件：{t.title}.pdf", f"./{name}"))
            self.add(folder + name, lambda s=spec: pdf_bytes(s), self.xkey, content_type=PDF, modified=spec.modified)
            documents.append(("pdf", self.url(folder + name, self.xkey)))
        if tujie_href:
            attachments.append(self.attachment(f"{t.title}【图解】", tujie_href))
        report = page_report(t, spec, source=spec.organ, attachments=attachments, style=style,
                             body="html" in spec.formats, editor="王娜" if variant == "view" else "")
        site = self.site(col.name, col.crumbs)
        wap = path.replace(".html", "_wap.html")
        wap_name = "./" + wap.rsplit("/", 1)[1]

        def desktop(r: Report = report, s: object = site) -> bytes:
            return with_wap_link(self.render_page(r, "trs", s, variant=variant), wap_name)  # type: ignore[arg-type]

        self.add(path, desktop, self.xkey, modified=spec.modified)
        self.add(wap, lambda r=report, p=path: wap_page(r, p.rsplit("/", 1)[1], self.gov_name), self.xkey,
                 modified=spec.modified)
        items[spec.column].append(Item(t.title, "./" + path[len(col.path):], spec.date))
        self.record(spec, self.url(path, self.xkey), documents,
                    [self.url(wap, self.xkey), self.url(path, self.xkey) + "?isMobile=false"])
        return path

    def publish_lists(self, items: dict[str, list[Item]]) -> None:
        for key, col in self.columns.items():
            children = [(self.columns[c].name, "./" + self.columns[c].path[len(col.path):]) for c in col.children]
            chunks = pages(sorted(items[key], key=lambda i: i.date, reverse=True), col.per_page)
            for n, chunk in enumerate(chunks):
                name = "index.html" if n == 0 else f"index_{n}.html"
                html = trs_list(self, col, chunk, n, len(chunks), children)
                self.add(col.path + name, html.encode(), self.xkey, modified=latest(items[key]))
            if key == "nb":
                self.report_columns.append(self.url(col.path, self.xkey))

    def decoy_page(self, col_key: str, items: dict[str, list[Item]], report: Report, kind: str, date: str) -> str:
        col = self.columns[col_key]
        path = self.article_path(col, None, date, f"{self.id}/{col_key}/{kind}/{report.title}")
        self.add(path, lambda: self.render_page(report, "trs", self.site(col.name, col.crumbs), variant="ucap"),
                 self.xkey, modified=report.published if len(report.published) > 10 else date + " 09:00:00")
        items[col_key].append(Item(report.title, "./" + path[len(col.path):], date, kind))
        self.decoy(self.url(path, self.xkey), report.title, kind)
        return path


class Xingyi(TRSPortal):
    """兴义市 (Guizhou, TRS WCM): www host plus a sibling xxgk host holding the report columns."""

    id = "gz-xingyi"
    province = "贵州省"
    city = "黔西南布依族苗族自治州"
    county = "兴义市"
    adcode = "522301"
    hosts = ("www", "xxgk")
    site_names: ClassVar[dict[str, str]] = {"www": "www.gzxy.gov.cn", "xxgk": "xxgk.gzxy.gov.cn"}
    xkey = "xxgk"
    root = "/zfxxgk/zfxxgknb/"
    new_column = "2023n/bmnb"
    columns: ClassVar[dict[str, Column]] = {
        "nb": Column("/zfxxgk/zfxxgknb/", "政府信息公开年报", ("政府信息公开", "政府信息公开年报"),
                     ("2023n", "2022n", "2021n", "2020n")),
        "2023n": Column("/zfxxgk/zfxxgknb/2023n/", "2023年", ("政府信息公开", "政府信息公开年报", "2023年"),
                        ("2023n/szf", "2023n/bmnb", "2023n/xzjd")),
        "2023n/szf": Column("/zfxxgk/zfxxgknb/2023n/szf/", "市政府", ("政府信息公开年报", "2023年", "市政府")),
        "2023n/bmnb": Column("/zfxxgk/zfxxgknb/2023n/bmnb/", "部门", ("政府信息公开年报", "2023年", "部门"),
                             per_page=3),
        "2023n/xzjd": Column("/zfxxgk/zfxxgknb/2023n/xzjd/", "乡镇（街道）",
                             ("政府信息公开年报", "2023年", "乡镇（街道）")),
        "2022n": Column("/zfxxgk/zfxxgknb/2022n/", "2022年", ("政府信息公开", "政府信息公开年报", "2022年"),
                        ("2022n/szf", "2022n/bmnb", "2022n/xzjd")),
        "2022n/szf": Column("/zfxxgk/zfxxgknb/2022n/szf/", "市政府", ("政府信息公开年报", "2022年", "市政府")),
        "2022n/bmnb": Column("/zfxxgk/zfxxgknb/2022n/bmnb/", "部门", ("政府信息公开年报", "2022年", "部门"),
                             per_page=3),
        "2022n/xzjd": Column("/zfxxgk/zfxxgknb/2022n/xzjd/", "乡镇（街道）",
                             ("政府信息公开年报", "2022年", "乡镇（街道）")),
        "2021n": Column("/zfxxgk/zfxxgknb/2021n/", "2021年", ("政府信息公开", "政府信息公开年报", "2021年")),
        "2020n": Column("/zfxxgk/zfxxgknb/2020n_5930973/", "2020年", ("政府信息公开", "政府信息公开年报", "2020年")),
    }

    def initial_reports(self) -> list[ReportSpec]:
        p = self.id
        return [
            ReportSpec(f"{p}/2023/szf", p, "兴义市人民政府", GOVERNMENT, 2023, "004", "2024-01-30 16:20:00",
                       "2023n/szf", ids={"docid": 83412657}),
            ReportSpec(f"{p}/2023/jyj", p, "兴义市教育局", DEPARTMENT, 2023, "001", "2024-01-22 09:41:00",
                       "2023n/bmnb", ("html", "pdf"), scale=0.3),
            ReportSpec(f"{p}/2023/czj", p, "兴义市财政局", DEPARTMENT, 2023, "002", "2024-01-25 10:05:00",
                       "2023n/bmnb", scale=0.1),
            ReportSpec(f"{p}/2023/dxjd", p, "丰都街道办事处", TOWNSHIP, 2023, "004", "2024-01-19 15:00:00",
                       "2023n/xzjd", scale=0.1),
            ReportSpec(f"{p}/2022/szf", p, "兴义市人民政府", GOVERNMENT, 2022, "002", "2023-02-16 11:30:00",
                       "2022n/szf", ids={"docid": 78229052}),
            ReportSpec(f"{p}/2022/czj", p, "兴义市财政局", DEPARTMENT, 2022, "000", "2023-01-29 10:12:00",
                       "2022n/bmnb", ("pdf",), scale=0.1),
            ReportSpec(f"{p}/2022/wjj", p, "兴义市卫生健康局", DEPARTMENT, 2022, "001", "2023-01-31 08:55:00",
                       "2022n/bmnb", title_style=2, scale=0.2),
            ReportSpec(f"{p}/2022/jsjd", p, "桔山街道办事处", TOWNSHIP, 2022, "004", "2023-01-18 17:02:00",
                       "2022n/xzjd", scale=0.1),
            ReportSpec(f"{p}/2021/szf", p, "兴义市人民政府", GOVERNMENT, 2021, "002", "2022-02-18 09:00:00",
                       "2021n"),
            ReportSpec(f"{p}/2020/szf", p, "兴义市人民政府", GOVERNMENT, 2020, "003", "2021-01-28 14:30:00",
                       "2020n"),
        ]

    def robots(self, key: str) -> str | None:
        return "User-agent: *\nDisallow: /search/\n" if key == "www" else None

    def populate(self) -> None:
        items = self.column_items()
        newest: dict[int, str] = {}
        for spec in self.reports:
            variant = "view" if spec.seed == "004" and spec.kind == GOVERNMENT else "ucap"
            tujie_href = ""
            if variant == "view":
                tj = self.article_path(self.columns[spec.column], None, spec.date, spec.id + "#tujie")
                tujie_href = "./" + tj.rsplit("/", 1)[1]
            path = self.publish_report(spec, items, variant=variant, style="ascii" if spec.seed == "004" else "word",
                                       tujie_href=tujie_href)
            if spec.kind == GOVERNMENT:
                newest.setdefault(spec.year, path)
                if tujie_href:
                    t = self.truth(spec)
                    imgs = [f"./W0{spec.date.replace('-', '')}3746512{i}.jpg" for i in range(1, 4)]
                    tj = tujie(t, spec.organ, spec.published, imgs)
                    col = self.columns[spec.column]
                    tj_path = self.article_path(col, None, spec.date, spec.id + "#tujie")
                    self.add(tj_path, lambda r=tj, c=col: self.render_page(r, "trs", self.site(c.name, c.crumbs),
                                                                          variant="view"),
                             self.xkey, modified=spec.modified)
                    items[spec.column].append(Item(tj.title, "./" + tj_path[len(col.path):], spec.date, "tujie"))
                    self.decoy(self.url(tj_path, self.xkey), tj.title, "tujie")
        # 解读 of the 2022 report, a notice whose title names the report, a deleted report (404)
        t2022 = self.truth(next(s for s in self.reports if s.id == f"{self.id}/2022/szf"))
        self.decoy_page("2022n/szf", items, jiedu(t2022, "兴义市人民政府办公室", "2023-02-17 10:00:00"), "jiedu",
                        "2023-02-17")
        notice = news("关于报送2022年度政府信息公开工作年度报告的通知", "兴义市人民政府办公室", "2023-01-05 09:00:00",
                      ["各乡镇人民政府、街道办事处，市直各部门：",
                       "请于1月20日前报送本单位2022年度政府信息公开工作年度报告。"])
        self.decoy_page("2022n/bmnb", items, notice, "notice", "2023-01-05")
        dead = self.article_path(self.columns["2022n/bmnb"], None, "2023-01-30", f"{self.id}/2022/zrzyj")
        items["2022n/bmnb"].append(Item("兴义市自然资源局2022年政府信息公开工作年度报告", "./" +
                                        dead[len(self.columns["2022n/bmnb"].path):], "2023-01-30", "broken"))
        self.error(self.url(dead, self.xkey), 404, "broken link", "listed in 2022n/bmnb, article deleted")
        self.publish_lists(items)
        self.publish_www(newest)
        self.publish_xxgk_home(newest)

    def publish_xxgk_home(self, newest: dict[int, str]) -> None:
        outside = self.web.portals.get("outside")
        # a hijacked 友情链接 to a spam mirror that keeps the county's path (§6); not a listed host
        mirror = outside.url("/zfxxgk/zfxxgknb/", "mirror") if outside else "/"
        latest_links = "".join(
            f'<li><a href="{p}?isMobile=false">{y}年政府信息公开工作年度报告</a></li>'
            for y, p in sorted(newest.items(), reverse=True)[:2]
        )
        body = f"""<div class="xxgk-nav"><ul>
<li><a href="/zfxxgk/zfxxgkzn/">政府信息公开指南</a></li>
<li><a href="/zfxxgk/zfxxgkzd/">政府信息公开制度</a></li>
<li><a href="/zfxxgk/fdzdgknr/">法定主动公开内容</a></li>
<li><a href="/zfxxgk/zfxxgknb/">政府信息公开年报</a></li>
</ul></div>
<div class="zxnb"><h3>最新年报</h3><ul>{latest_links}</ul></div>
<p><a href="{self.url("/", "www")}">返回{esc(self.gov_name)}首页</a></p>
<div class="links">友情链接：<a href="{mirror}" target="_blank">政府信息公开年报</a></div>"""
        page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>政府信息公开_{esc(self.gov_name)}</title></head>
<body><div class="header">{esc(self.gov_name)} 政府信息公开</div>
{body}
</body></html>
"""
        self.add("/zfxxgk/index.html", page.encode(), "xxgk", modified="2024-01-30 16:20:00")
        self.add("/index.html", b'<html><head><meta http-equiv="refresh" content="0;url=/zfxxgk/"></head></html>',
                 "xxgk")
        guide = "<h1>兴义市人民政府信息公开指南</h1><p>本指南根据《中华人民共和国政府信息公开条例》编制。</p>"
        self.add("/zfxxgk/zfxxgkzn/index.html",
                 f"<html><head><meta charset='utf-8'><title>政府信息公开指南</title></head><body>{guide}</body>"
                 "</html>".encode(),
                 "xxgk")
        self.dynamic("/zwgk/", lambda req: Response(302, b"", [("Location", self.url("/zwgk/", "www"))]), "xxgk")

    def publish_www(self, newest: dict[int, str]) -> None:
        outside = self.web.portals.get("outside")
        gov = outside.url("/", "gov") if outside else "/"
        xxgk = self.url("/zfxxgk/", "xxgk")
        nb = self.url("/zfxxgk/zfxxgknb/", "xxgk")
        news_items = []
        for n, (title, date) in enumerate([
            ("兴义市召开2024年政务公开工作推进会", "2024-03-12"),
            ("兴义市开展政府开放日活动", "2023-09-20"),
            ("兴义市召开2023年政务公开工作推进会", "2023-03-16"),
            ("我市举办政务公开业务培训", "2022-11-08"),
            ("兴义市政务服务中心优化办事流程", "2022-06-02"),
        ]):
            col = Column("/xwzx/", "新闻中心", ("新闻中心",), per_page=3)
            path = self.article_path(col, None, date, f"{self.id}/news/{n}")
            report = news(title, "兴义市人民政府办公室", date + " 10:00:00", news_lines(self.county, int(date[:4])))
            self.add(path, lambda r=report, c=col: self.render_page(r, "trs", self.site(c.name, c.crumbs)), "www",
                     modified=date + " 10:00:00")
            news_items.append(Item(title, "./" + path[len("/xwzx/"):], date, "news"))
            self.decoy(self.url(path), title, "news")
        col = Column("/xwzx/", "新闻中心", ("新闻中心",), per_page=3)
        chunks = pages(news_items, col.per_page)
        for n, chunk in enumerate(chunks):
            name = "index.html" if n == 0 else f"index_{n}.html"
            self.add("/xwzx/" + name, trs_list(self, col, chunk, n, len(chunks)).encode(), "www",
                     modified=latest(news_items))
        home = f"""<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>{esc(self.gov_name)}</title>
<meta name="SiteName" content="{esc(self.gov_name)}"></head>
<body>
<div class="top"><a href="{gov}" target="_blank">中国政府网</a> | 无障碍 | 关怀版</div>
<div class="nav"><ul>
<li><a href="/">首页</a></li>
<li><a href="/xwzx/">新闻中心</a></li>
<li><a href="/zwgk/">政务公开</a></li>
<li><a href="{xxgk}">政府信息公开</a></li>
<li><a href="/search/?q=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A">搜索</a></li>
</ul></div>
<div class="news"><h3>新闻中心</h3><ul>
{"".join(f'<li><a href="/xwzx/{i.href[2:]}">{esc(i.title)}</a></li>' for i in news_items[:3])}
</ul></div>
<div class="footer">主办：{esc(self.gov_name)}办公室</div>
</body></html>
"""
        self.add("/index.html", home.encode(), "www", modified="2024-03-12 10:00:00")
        zwgk = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>政务公开_{esc(self.gov_name)}</title></head>
<body><div class="position">当前位置：<a href="/">首页</a> &gt; 政务公开</div>
<ul class="zwgk">
<li><a href="{xxgk}">政府信息公开</a></li>
<li><a href="{nb}">政府信息公开年报</a></li>
<li><a href="/zwgk/zcwj/">政策文件</a></li>
</ul></body></html>
"""
        self.add("/zwgk/index.html", zwgk.encode(), "www", modified="2024-01-30 16:20:00")
        self.dynamic_prefix("/search/", self.search, "www")
        self.trap(self.url("/search/?q=年度报告&page=1"), "search pages (next page forever)", True,
                  "Disallow: /search/ in robots.txt")

    def search(self, req: Request) -> Response:
        """Site search: every page links the next one (robots.txt disallows it)."""
        page = int(req.arg("page", "1") or 1)
        q = req.arg("q")
        body = (f"<h1>搜索：{esc(q)}</h1><p>第{page}页</p>"
                f'<a href="/search/?q={esc(q)}&amp;page={page + 1}">下一页</a>')
        return Response(200, f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>".encode(),
                        [("Content-Type", "text/html; charset=utf-8")])


class Qianxinan(TRSPortal):
    """黔西南州 (prefecture, TRS WCM): a 区县年报 column holding county reports, one also on the county site."""

    id = "gz-qxn"
    kind = "city"
    province = "贵州省"
    city = "黔西南布依族苗族自治州"
    county = ""
    adcode = "522300"
    site_names: ClassVar[dict[str, str]] = {"www": "www.qxn.gov.cn"}
    also_covers = ("522301", "522302")
    columns_known = True
    id_range = (78_000_000, 79_000_000)
    columns: ClassVar[dict[str, Column]] = {
        "nb": Column("/zfxxgk/zfxxgknb/", "政府信息公开年报", ("政府信息公开", "政府信息公开年报"), ("2022n",)),
        "2022n": Column("/zfxxgk/zfxxgknb/2022n/", "2022年", ("政府信息公开年报", "2022年"),
                        ("2022n/zzf", "2022n/xs")),
        "2022n/zzf": Column("/zfxxgk/zfxxgknb/2022n/zzf/", "州政府", ("政府信息公开年报", "2022年", "州政府")),
        "2022n/xs": Column("/zfxxgk/zfxxgknb/2022n/xs/", "县（市、区）",
                           ("政府信息公开年报", "2022年", "县（市、区）")),
    }

    @property
    def gov_name(self) -> str:
        return "黔西南布依族苗族自治州人民政府"

    def initial_reports(self) -> list[ReportSpec]:
        p = self.id
        return [
            ReportSpec(f"{p}/2022/zzf", p, "黔西南州人民政府", GOVERNMENT, 2022, "002", "2023-03-20 10:00:00",
                       "2022n/zzf", title_organ="黔西南州", scale=1.5,
                       ids={"county": "黔西南州", "adcode": "522300", "level": "city"}),
            ReportSpec(f"{p}/2022/xingyi", p, "兴义市人民政府", GOVERNMENT, 2022, "002", "2023-03-20 15:40:00",
                       "2022n/xs", same_as="gz-xingyi/2022/szf", ids={"county": "兴义市", "adcode": "522301",
                                                                     "docid": 78593121}),
            ReportSpec(f"{p}/2022/xingren", p, "兴仁市人民政府", GOVERNMENT, 2022, "000", "2023-03-20 15:41:00",
                       "2022n/xs", ("html", "pdf"), ids={"county": "兴仁市", "adcode": "522302"}),
        ]

    def truth(self, spec: ReportSpec):  # type: ignore[no-untyped-def]
        if spec.same_as:
            source = self.web.portals.get(spec.same_as.split("/")[0])
            if source is not None:
                original = next((s for s in source.reports if s.id == spec.same_as), None)
                if original is not None:
                    return source.truth(original)
        return super().truth(spec)

    def populate(self) -> None:
        items = self.column_items()
        for spec in self.reports:
            self.publish_report(spec, items)
        self.publish_lists(items)
        home = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(self.gov_name)}</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/zfxxgk/">政府信息公开</a></div></body></html>
"""
        self.add("/index.html", home.encode(), modified="2023-03-20 15:41:00")
        xxgk = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>政府信息公开</title></head>
<body><ul><li><a href="/zfxxgk/zfxxgkzn/">政府信息公开指南</a></li>
<li><a href="/zfxxgk/zfxxgknb/">政府信息公开年报</a></li></ul></body></html>
"""
        self.add("/zfxxgk/index.html", xxgk.encode(), modified="2023-03-20 15:41:00")
