"""A legacy GBK county site (兴海县, Qinghai), portal-platforms.md §4 and the LegacyGBK template.

- Bytes are GB18030, declared only by ``<meta http-equiv … charset=gb2312>``; the HTTP header says
  ``text/html`` with no charset. The banner carries the county's Tibetan name (མཚོ་ལྷོ་), which GB2312 and
  GBK cannot encode: only a gb18030 decoder reads the pages without loss.
- Error pages come back with ``charset=iso-8859-1`` in the header and GBK bytes in the body.
- Table layout, ``/html/xxgk/…`` paths, Dedecms-style lists ``list_12_{n}.html`` and articles
  ``/html/xxgk/gknb/{Y}/{MMDD}/{aid}.html`` (the list/article naming is Dedecms's, not from the notes).
- The 政务公开 page reaches the 年报 column through ``javascript:if(confirm('…'))window.location='…'``.
- A calendar ``/calendar/2023/01/`` → ``/calendar/2023/02/`` … without end, hidden by robots.txt.
"""

from __future__ import annotations

from typing import ClassVar

from replica.sites.base import Item, Portal, Request, Response, esc, latest, pages, stable_number
from replica.sites.content import (
    DEPARTMENT,
    GOVERNMENT,
    TOWNSHIP,
    ReportSpec,
    doc_of,
    docx_bytes,
    news,
    news_lines,
    page_report,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TIBETAN = "མཚོ་ལྷོ་"  # written in the banner next to the Chinese name


class Xinghai(Portal):
    """兴海县 (Qinghai): legacy GB18030 table-layout site, meta-only charset, robots-hidden calendar trap."""

    id = "qh-xinghai"
    platform = "generic"
    province = "青海省"
    city = "海南藏族自治州"
    county = "兴海县"
    adcode = "632524"
    site_names: ClassVar[dict[str, str]] = {"www": "www.xinghai.gov.cn"}
    encoding = "gb18030"
    charset_header = False
    etags = False
    new_column = "gknb"
    per_page = 4
    typeid = 12

    def initial_reports(self) -> list[ReportSpec]:
        p = self.id
        return [
            ReportSpec(f"{p}/2022/xzf", p, "兴海县人民政府", GOVERNMENT, 2022, "002", "2023-01-31 10:00:00", "gknb"),
            ReportSpec(f"{p}/2022/jyj", p, "兴海县教育局", DEPARTMENT, 2022, "001", "2023-01-20 16:00:00", "gknb",
                       scale=0.2),
            ReportSpec(f"{p}/2022/zktz", p, "子科滩镇人民政府", TOWNSHIP, 2022, "004", "2023-01-17 09:30:00", "gknb",
                       ("docx",), scale=0.1),
            ReportSpec(f"{p}/2021/xzf", p, "兴海县人民政府", GOVERNMENT, 2021, "000", "2022-01-28 10:00:00", "gknb",
                       title_style=1),
            ReportSpec(f"{p}/2020/xzf", p, "兴海县人民政府", GOVERNMENT, 2020, "003", "2021-01-25 10:00:00", "gknb"),
            ReportSpec(f"{p}/2019/xzf", p, "兴海县人民政府", GOVERNMENT, 2019, "003", "2020-01-20 10:00:00", "gknb"),
        ]

    def robots(self, key: str) -> str | None:
        return "User-agent: *\nDisallow: /search/\nDisallow: /calendar/\nDisallow: /plus/\n"

    def not_found(self, req: Request) -> Response:
        body = ("<html><head><title>404 Not Found</title></head><body><h1>对不起，您访问的页面不存在！</h1>"
                "<p><a href='/'>返回首页</a></p></body></html>").encode("gb18030")
        return Response(404, body, [("Content-Type", "text/html; charset=iso-8859-1")])

    def article_path(self, date: str, key: str) -> str:
        y, m, d = date.split("-")
        return f"/html/xxgk/gknb/{y}/{m}{d}/{stable_number(key, 600_000, 620_000)}.html"

    def gbk_page(self, report, column: str = "政府信息公开年报") -> bytes:  # type: ignore[no-untyped-def]
        site = self.site(column, ("政务公开", column))
        page = self.render_page(report, "gbk", site).decode("gb18030")
        banner = f'<tr><td align="center" class="banner">{esc(self.gov_name)} {TIBETAN}</td></tr>\n'
        page = page.replace('<tr><td><img src="/images/top.jpg"', banner + '  <tr><td><img src="/images/top.jpg"', 1)
        return page.encode("gb18030")

    def populate(self) -> None:
        items: list[Item] = []
        self.files: dict[str, bytes] = {}
        for spec in self.reports:
            t = self.truth(spec)
            path = self.article_path(spec.date, spec.id)
            attachments, documents = [], []
            if "html" in spec.formats:
                documents.append(("html", self.url(path)))
            if "docx" in spec.formats:
                ymd = spec.date.replace("-", "")[2:]
                href = f"/uploads/soft/{ymd}/1-{ymd}{stable_number(spec.id, 100, 999)}Z5.docx"
                self.add(href, lambda tt=t: docx_bytes(doc_of(tt)), content_type=DOCX)
                attachments.append(self.attachment(f"{t.title}.docx", href))
                documents.append(("docx", self.url(href)))
            report = page_report(t, spec, source=spec.organ, attachments=attachments, style="raw",
                                 body="html" in spec.formats, editor="王喆")
            self.add(path, lambda r=report: self.gbk_page(r))
            items.append(Item(t.title, path, spec.date))
            self.record(spec, self.url(path), documents)
        items.sort(key=lambda i: i.date, reverse=True)
        chunks = pages(items, self.per_page)
        for n, chunk in enumerate(chunks, 1):
            html = self.list_page(chunk, n, len(chunks), len(items)).encode("gb18030")
            self.add(f"/html/xxgk/gknb/list_{self.typeid}_{n}.html", html, modified=latest(items))
            if n == 1:
                self.add("/html/xxgk/gknb/index.html", html, modified=latest(items))
        self.report_columns.append(self.url("/html/xxgk/gknb/"))
        self.publish_home()

    def list_page(self, chunk: list[Item], n: int, count: int, total: int) -> str:
        rows = "".join(
            f'<tr><td class="list">·<a href="{i.href}" target="_blank">{esc(i.title)}</a></td>'
            f'<td width="90" class="date">{i.date}</td></tr>\n'
            for i in chunk
        )
        tid = self.typeid
        pager = [f'<li><a href="list_{tid}_1.html">首页</a></li>']
        if n > 1:
            pager.append(f"<li><a href='list_{tid}_{n - 1}.html'>上一页</a></li>")
        for k in range(1, count + 1):
            link = f"<li><a href='list_{tid}_{k}.html'>{k}</a></li>"
            pager.append(f'<li class="thisclass">{k}</li>' if k == n else link)
        if n < count:
            pager.append(f"<li><a href='list_{tid}_{n + 1}.html'>下一页</a></li>")
        pager.append(f"<li><a href='list_{tid}_{count}.html'>末页</a></li>")
        return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>政府信息公开年报_{esc(self.gov_name)}</title>
</head>
<body>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td align="center" class="banner">{esc(self.gov_name)} {TIBETAN}</td></tr>
<tr><td class="wz">您现在的位置：<a href="/">网站首页</a> &gt;&gt; <a href="/html/xxgk/">政务公开</a>
&gt;&gt; 政府信息公开年报</td></tr>
</table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
{rows}</table>
<div class="dede_pages"><ul class="pagelist">{"".join(pager)}
<span class="pageinfo">共 <strong>{count}</strong>页<strong>{total}</strong>条记录</span></ul></div>
</body>
</html>
"""

    def publish_home(self) -> None:
        home = f"""<html>
<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>{esc(self.gov_name)}</title></head>
<body>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td align="center" class="banner">{esc(self.gov_name)} {TIBETAN}</td></tr>
<tr><td class="nav"><a href="/">网站首页</a> | <a href="/html/xwzx/">新闻中心</a> | <a href="/html/xxgk/">政务公开</a> |
<a href="/calendar/2023/01/">活动日历</a> | <a href="/search/?keyword=%C4%EA%B1%A8">站内搜索</a></td></tr>
</table>
</body></html>
"""
        self.add("/index.html", home.encode("gb18030"), modified="2023-01-31 10:00:00")
        zwgk = f"""<html>
<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>政务公开_{esc(self.gov_name)}</title></head>
<body>
<table width="1000" border="0" align="center">
<tr><td><a href="/html/xxgk/gkzn/">政府信息公开指南</a></td></tr>
<tr><td><a href="javascript:if(confirm('即将进入政府信息公开年报栏目，是否继续？'))\
window.location='/html/xxgk/gknb/'">政府信息公开年报</a></td></tr>
</table>
</body></html>
"""
        self.add("/html/xxgk/index.html", zwgk.encode("gb18030"), modified="2023-01-31 10:00:00")
        item = news("兴海县召开2023年政务公开工作推进会", self.gov_name, "2023-03-18 10:00:00",
                    news_lines(self.county, 2023))
        path = "/html/xwzx/gzdt/2023/0318/615001.html"
        self.add(path, lambda: self.gbk_page(item, "工作动态"))
        self.decoy(self.url(path), item.title, "news")
        news_list = f"""<html>
<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>新闻中心</title></head>
<body><table><tr><td><a href="{path}">{esc(item.title)}</a></td><td>2023-03-18</td></tr></table></body></html>
"""
        self.add("/html/xwzx/index.html", news_list.encode("gb18030"))
        self.dynamic_prefix("/calendar/", self.calendar)
        self.trap(self.url("/calendar/2023/01/"), "calendar months (next month forever)", True,
                  "Disallow: /calendar/ in robots.txt")

    def calendar(self, req: Request) -> Response:
        parts = [p for p in req.path.split("/") if p]
        try:
            year, month = int(parts[1]), int(parts[2])
        except (IndexError, ValueError):
            return self.not_found(req)
        nxt = (year + month // 12, month % 12 + 1)
        body = (f"<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'></head><body>"
                f"<h1>{year}年{month}月 活动日历</h1><a href='/calendar/{nxt[0]}/{nxt[1]:02d}/'>下一月</a>"
                "</body></html>").encode("gb18030")
        return Response(200, body, [("Content-Type", "text/html")])
