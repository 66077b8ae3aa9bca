"""VSB 博达站群: a Shaanxi county (府谷县, fg.gov.cn), portal-platforms.md §2.4.

- Articles ``/info/{treeid}/{newsid}.htm`` (the 2022 report keeps the real ``/info/1648/47211.htm``).
- Lists: first page ``{col}.htm``, later pages ``{col}/{N}.htm`` counting *down* to ``{col}/1.htm`` (the
  last page), with the ``p_pages`` / ``p_no`` / ``p_next`` / ``p_last`` / ``p_t`` markup.
- The 政务公开 page's 政府信息公开年报 anchor is ``href="#"``; the real URL is only in a click handler.
- A 领导活动 calendar ``?date=`` links the next day forever and robots.txt does not forbid it.
- Attachments through ``/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=…&wbfileid=…``
  (VSB's download servlet; not in the notes, taken from VSB sites' usual markup).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from replica.sites.base import Item, Portal, Request, Response, esc, latest, pages, stable_number
from replica.sites.content import (
    DEPARTMENT,
    GOVERNMENT,
    OFFICE,
    TOWNSHIP,
    ReportSpec,
    doc_of,
    docx_bytes,
    page_report,
    tujie,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class VSBColumn:
    path: str  # "/zwgk/zfxxgknb" (no extension)
    name: str
    treeid: int
    per_page: int = 4


def vsb_pager(col: VSBColumn, page: int, count: int, total: int) -> str:
    """``p_pages`` pagination for page ``page`` (1-based) of ``count``, hrefs relative to that page."""
    base = col.path.rsplit("/", 1)[1]

    def href(k: int) -> str:
        if page == 1:
            return f"{base}.htm" if k == 1 else f"{base}/{count - k + 1}.htm"
        return f"../{base}.htm" if k == 1 else f"{count - k + 1}.htm"

    parts = []
    if page == 1:
        parts.append('<span class="p_first_d p_fun_d">首页</span><span class="p_prev_d p_fun_d">上页</span>')
    else:
        parts.append(f'<span class="p_first p_fun"><a href="{href(1)}">首页</a></span>'
                     f'<span class="p_prev p_fun"><a href="{href(page - 1)}">上页</a></span>')
    for k in range(1, count + 1):
        parts.append(f'<span class="p_no_d">{k}</span>' if k == page else
                     f'<span class="p_no"><a href="{href(k)}">{k}</a></span>')
    if page < count:
        parts.append(f'<span class="p_next p_fun"><a href="{href(page + 1)}">下页</a></span>'
                     f'<span class="p_last p_fun"><a href="{href(count)}">尾页</a></span>')
    else:
        parts.append('<span class="p_next_d p_fun_d">下页</span><span class="p_last_d p_fun_d">尾页</span>')
    counter = f'<span class="p_t">共{total}条&nbsp;&nbsp;{page}/{count}</span>'
    return f'<span class="p_pages">{"".join(parts)}</span> {counter}'


class Fugu(Portal):
    """府谷县 (Shaanxi, VSB 博达): count-down list pages, href="#" menu link, ?date= calendar trap."""

    id = "sn-fugu"
    platform = "VSB"
    province = "陕西省"
    city = "榆林市"
    county = "府谷县"
    adcode = "610822"
    site_names: ClassVar[dict[str, str]] = {"www": "fg.gov.cn"}
    index_names = ("index.htm",)
    new_column = "2023n"
    cols: ClassVar[dict[str, VSBColumn]] = {
        "nb": VSBColumn("/zwgk/zfxxgknb", "政府信息公开年报", 1647, per_page=3),
        "2023n": VSBColumn("/zwgk/zfxxgknb/2023n", "2023年", 1649),
        "2022n": VSBColumn("/zwgk/zfxxgknb/2022n", "2022年", 1648),
        "2021n": VSBColumn("/zwgk/zfxxgknb/2021n", "2021年", 1650),
        "2020n": VSBColumn("/zwgk/zfxxgknb/2020n", "2020年", 1651),
    }

    def initial_reports(self) -> list[ReportSpec]:
        p = self.id
        return [
            ReportSpec(f"{p}/2023/xzfb", p, "府谷县人民政府办公室", OFFICE, 2023, "004", "2024-01-26 10:20:00", "2023n",
                       title_organ="府谷县"),
            ReportSpec(f"{p}/2023/wjj", p, "府谷县卫生健康局", DEPARTMENT, 2023, "001", "2024-01-22 16:40:00", "2023n",
                       ("html", "docx"), scale=0.2),
            ReportSpec(f"{p}/2022/xzfb", p, "府谷县人民政府办公室", OFFICE, 2022, "002", "2023-01-31 09:12:00", "2022n",
                       title_organ="府谷县", ids={"newsid": 47211}),
            ReportSpec(f"{p}/2022/wjj", p, "府谷县卫生健康局", DEPARTMENT, 2022, "001", "2023-01-20 11:00:00", "2022n",
                       scale=0.2),
            ReportSpec(f"{p}/2022/gsz", p, "孤山镇人民政府", TOWNSHIP, 2022, "004", "2023-01-16 15:30:00", "2022n",
                       scale=0.1),
            ReportSpec(f"{p}/2021/xzf", p, "府谷县人民政府", GOVERNMENT, 2021, "000", "2022-01-28 10:00:00", "2021n",
                       title_style=3),
            ReportSpec(f"{p}/2020/xzf", p, "府谷县人民政府", GOVERNMENT, 2020, "003", "2021-01-29 10:00:00", "2020n"),
        ]

    def robots(self, key: str) -> str | None:
        return "User-agent: *\nDisallow: /search/\nDisallow: /system/resource/\n"

    def info_path(self, col: VSBColumn, key: str, newsid: int | None = None) -> str:
        return f"/info/{col.treeid}/{newsid or stable_number(key, 40_000, 70_000)}.htm"

    def site_for(self, col: VSBColumn):  # type: ignore[no-untyped-def]
        crumbs = ("网站首页", "政务公开", "政府信息公开年报") + ((col.name,) if col.name != "政府信息公开年报" else ())
        site = self.site(col.name)
        from dataclasses import replace

        return replace(site, breadcrumb=crumbs, index_no=f"fgxzfbgs/{col.name[:4]}-00011")

    def populate(self) -> None:
        items: dict[str, list[Item]] = {k: [] for k in self.cols}
        self.attachments: dict[str, tuple[ReportSpec, object]] = {}
        self.docx_cache: dict[str, bytes] = {}
        for spec in self.reports:
            col = self.cols[spec.column]
            t = self.truth(spec)
            path = self.info_path(col, spec.id, spec.ids.get("newsid"))
            attachments, documents = [], []
            if "html" in spec.formats:
                documents.append(("html", self.url(path)))
            if "docx" in spec.formats:
                fileid = stable_number(spec.id + "#docx", 1_000_000, 9_999_999)
                href = (f"/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1590512345"
                        f"&wbfileid={fileid}")
                self.attachments[str(fileid)] = (spec, t)
                attachments.append(self.attachment(f"{t.title}.docx", href))
                documents.append(("docx", self.url(href)))
            report = page_report(t, spec, source=spec.organ, attachments=attachments, style="split",
                                 body="html" in spec.formats)
            self.add(path, lambda r=report, c=col: self.render_page(r, "vsb", self.site_for(c)), modified=spec.modified)
            item = Item(t.title, path, spec.date)
            items[spec.column].append(item)
            items["nb"].append(item)
            self.record(spec, self.url(path), documents)
            if spec.id == f"{self.id}/2022/xzfb":
                imgs = [f"/__local/7/3A/5C/{stable_number(spec.id + str(i), 10**8, 10**9)}.jpg" for i in range(3)]
                tj = tujie(t, spec.organ, "2023-01-31 09:30:00", imgs)
                tj_path = self.info_path(col, spec.id + "#tujie")
                self.add(tj_path, lambda r=tj, c=col: self.render_page(r, "vsb", self.site_for(c)),
                         modified=tj.published)
                tj_item = Item(tj.title, tj_path, "2023-01-31", "tujie")
                items[spec.column].append(tj_item)
                items["nb"].append(tj_item)
                self.decoy(self.url(tj_path), tj.title, "tujie")
        dead = self.info_path(self.cols["2021n"], "deleted-2021")
        items["2021n"].append(Item("府谷县发展和改革局2021年政府信息公开工作年度报告", dead, "2022-01-25", "broken"))
        self.error(self.url(dead), 404, "broken link", "listed in 2021年, article deleted")
        for key, col in self.cols.items():
            self.publish_list(col, sorted(items[key], key=lambda i: i.date, reverse=True), key == "nb")
        self.report_columns.append(self.url(self.cols["nb"].path + ".htm"))
        self.publish_home()

    def publish_list(self, col: VSBColumn, items: list[Item], top: bool) -> None:
        chunks = pages(items, col.per_page)
        subs = ""
        if top:
            subs = "".join(
                f'<li><a href="zfxxgknb/{k}.htm">{esc(c.name)}</a></li>' for k, c in self.cols.items() if k != "nb"
            )
        for n, chunk in enumerate(chunks, 1):
            path = f"{col.path}.htm" if n == 1 else f"{col.path}/{len(chunks) - n + 1}.htm"
            up = "" if n == 1 else "../"
            rows = "".join(
                f'<li id="line_u8_{i}"><a href="{("../" * (path.count("/") - 1)) + i.href[1:]}" target="_blank" '
                f'title="{esc(i.title)}">{esc(i.title)}</a><span>{i.date}</span></li>\n'
                for i in chunk
            )
            subs_here = subs.replace('href="zfxxgknb/', f'href="{up}zfxxgknb/') if subs else ""
            body = f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<HTML><HEAD><TITLE>{esc(col.name)}-{esc(self.gov_name)}</TITLE>
<META http-equiv="Content-Type" content="text/html; charset=UTF-8">
<!--Announced by Visual SiteBuilder 9-->
<link rel="stylesheet" type="text/css" href="/_sitegray/_sitegray_d.css" />
</HEAD>
<BODY>
<div class="dqwz">当前位置: <a href="/index.htm">网站首页</a> &gt; 政务公开 &gt; {esc(col.name)}</div>
<div class="sub"><ul>{subs_here}</ul></div>
<div class="list"><ul>
{rows}</ul></div>
<div class="pb_sys_common pb_sys_normal pb_sys_style1" style="margin-top:10px;text-align:center;">
{vsb_pager(col, n, len(chunks), len(items))}
</div>
</BODY></HTML>
"""
            self.add(path, body.encode(), modified=latest(items))

    def publish_home(self) -> None:
        home = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(self.gov_name)}</title></head>
<body><div class="nav"><a href="/index.htm">网站首页</a> <a href="/zwgk.htm">政务公开</a>
<a href="/hdjl/ldhd.jsp?date=2023-01-01">领导活动</a></div>
<script language="javascript" src="/system/resource/js/dynclicks.js"></script>
</body></html>
"""
        self.add("/index.htm", home.encode(), modified="2024-01-26 10:20:00")
        zwgk = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>政务公开-{esc(self.gov_name)}</title>
<script type="text/javascript" src="/system/resource/js/jquery/jquery-latest.min.js"></script></head>
<body><div class="dqwz">当前位置: <a href="/index.htm">网站首页</a> &gt; 政务公开</div>
<ul class="zwgk-menu">
<li><a href="#" class="zwgk-alink">政府信息公开年报</a></li>
<li><a href="#" class="zwgk-blink">政府信息公开指南</a></li>
</ul>
<script type="text/javascript">
$(".zwgk-alink").click(function(){{ window.location.href = "zwgk/zfxxgknb.htm"; return false; }});
$(".zwgk-blink").click(function(){{ window.location.href = "zwgk/zfxxgkzn.htm"; return false; }});
</script>
</body></html>
"""
        self.add("/zwgk.htm", zwgk.encode(), modified="2024-01-26 10:20:00")
        self.dynamic("/hdjl/ldhd.jsp", self.calendar)
        self.dynamic("/system/_content/download.jsp", self.download)
        self.trap(self.url("/hdjl/ldhd.jsp?date=2023-01-01"), "calendar ?date= (next day forever)", False,
                  "not in robots.txt: the crawler must bound it itself")

    def calendar(self, req: Request) -> Response:
        """领导活动 for one day, with 前一天/后一天 links: an endless chain of distinct URLs."""
        try:
            day = date.fromisoformat(req.arg("date", "2023-01-01"))
        except ValueError:
            day = date(2023, 1, 1)
        prev, nxt = day - timedelta(days=1), day + timedelta(days=1)
        body = (f"<html><head><meta charset='utf-8'><title>领导活动 {day}</title></head><body>"
                f"<h1>{day.year}年{day.month}月{day.day}日 领导活动</h1><p>暂无活动安排。</p>"
                f"<a href='ldhd.jsp?date={prev}'>前一天</a> <a href='ldhd.jsp?date={nxt}'>后一天</a></body></html>")
        return Response(200, body.encode(), [("Content-Type", "text/html;charset=UTF-8")])

    def download(self, req: Request) -> Response:
        found = self.attachments.get(req.arg("wbfileid"))
        if not found:
            return Response(404, b"", [("Content-Type", "text/html;charset=UTF-8")])
        spec, t = found
        key = f"{spec.id}#r{spec.revision}"
        if key not in self.docx_cache:
            self.docx_cache[key] = docx_bytes(doc_of(t))  # type: ignore[arg-type]
        return Response(200, self.docx_cache[key], [
            ("Content-Type", DOCX),
            ("Content-Disposition", f"attachment; filename*=UTF-8''{spec.id.replace('/', '_')}.docx"),
        ])
