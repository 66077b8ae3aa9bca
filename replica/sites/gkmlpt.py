"""Guangdong 政府信息公开目录平台 gkmlpt (和平县, heping.gov.cn), portal-platforms.md §2.6.

- The catalogue is a Vue shell ``/gkmlpt/index`` (and ``/hyhpjyj/gkmlpt/index`` for 县教育局) with no
  list in the HTML; the page script holds ``SID: '200165'``; navigation links carry the category as a
  fragment, ``/gkmlpt/index#2864``.
- Data: ``GET /gkmlpt/api/all/{catid}?page={n}&sid={SID}`` → JSON ``{"total", "articles": [{"id",
  "title", "url", "post_url", "created_at", …}], "classify": {"id", "name", "post_count"}}``.
- Articles ``/gkmlpt/content/{id // 10**6}/{id // 1000}/post_{id}.html`` (the 教育局 report keeps the real
  ``/hyhpjyj/gkmlpt/content/0/344/post_344022.html``), with ``window._CONFIG.DETAIL`` metadata;
  attachments ``/attachment/0/{a}/{b}/{file}.pdf``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import ClassVar

from replica.sites.base import Item, Portal, Request, Response, article_html, esc, stable_number
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

JSON = "application/json;charset=UTF-8"


@dataclass(frozen=True)
class Catalogue:
    prefix: str  # "" for the county government, "/hyhpjyj" for a department
    sid: str
    catid: int
    name: str  # unit name
    per_page: int = 5


class Heping(Portal):
    """和平县 (Guangdong gkmlpt): Vue shell with SID, JSON list API, post_{id} articles, dept sub-catalogue."""

    id = "gd-heping"
    platform = "gkmlpt"
    province = "广东省"
    city = "河源市"
    county = "和平县"
    adcode = "441624"
    site_names: ClassVar[dict[str, str]] = {"www": "www.heping.gov.cn"}
    new_column = "xzf"
    cats: ClassVar[dict[str, Catalogue]] = {
        "xzf": Catalogue("", "200165", 2864, "和平县人民政府"),
        "jyj": Catalogue("/hyhpjyj", "200171", 3011, "和平县教育局"),
    }

    def initial_reports(self) -> list[ReportSpec]:
        p = self.id
        return [
            ReportSpec(f"{p}/2023/xzf", p, "和平县人民政府", GOVERNMENT, 2023, "004", "2024-03-28 17:30:00", "xzf"),
            ReportSpec(f"{p}/2022/xzf", p, "和平县人民政府", GOVERNMENT, 2022, "002", "2023-03-30 09:45:00", "xzf"),
            ReportSpec(f"{p}/2022/xzfb", p, "和平县人民政府办公室", OFFICE, 2022, "001", "2023-01-30 10:10:00", "xzf"),
            ReportSpec(f"{p}/2022/ymz", p, "阳明镇人民政府", TOWNSHIP, 2022, "000", "2023-01-19 15:00:00", "xzf",
                       ("html", "pdf"), scale=0.1),
            ReportSpec(f"{p}/2021/xzf", p, "和平县人民政府", GOVERNMENT, 2021, "002", "2022-03-25 11:00:00", "xzf",
                       title_style=3),
            ReportSpec(f"{p}/2022/jyj", p, "和平县教育局", DEPARTMENT, 2022, "001", "2023-01-29 16:20:00", "jyj",
                       ids={"postid": 344022}, scale=0.3),
            ReportSpec(f"{p}/2023/jyj", p, "和平县教育局", DEPARTMENT, 2023, "001", "2024-01-26 16:20:00", "jyj",
                       scale=0.3),
        ]

    def post_path(self, cat: Catalogue, key: str, postid: int | None = None) -> tuple[str, int]:
        pid = postid or stable_number(key, 300_000, 999_999)
        return f"{cat.prefix}/gkmlpt/content/{pid // 10**6}/{pid // 1000}/post_{pid}.html", pid

    def detail(self, report, cat: Catalogue, pid: int) -> bytes:  # type: ignore[no-untyped-def]
        config = {"SID": cat.sid, "DETAIL": {"id": pid, "title": report.title, "publisher": report.organ,
                                             "date": report.published, "classify": "政府信息公开年报"}}
        head = f"<script>window._CONFIG = {json.dumps(config, ensure_ascii=False)};</script>\n"
        meta = [("索引号", f"{self.adcode}-{pid % 100000:05d}/{report.published[:4]}"), ("分类", "政府信息公开年报"),
                ("发布机构", report.organ), ("成文日期", report.published[:10]), ("名称", report.title),
                ("文号", ""), ("发布日期", report.published[:10]), ("主题词", "")]
        return article_html(report, site_name=self.gov_name, crumbs=("首页", "政府信息公开目录", "政府信息公开年报"),
                            meta_rows=meta, info=f"发布日期：{report.published[:10]}",
                            body_open='<div class="article-content">', head_extra=head, metas=False).encode()

    def populate(self) -> None:
        self.lists: dict[str, list[tuple[Item, int]]] = {k: [] for k in self.cats}
        for spec in self.reports:
            cat = self.cats[spec.column]
            t = self.truth(spec)
            path, pid = self.post_path(cat, spec.id, spec.ids.get("postid"))
            attachments, documents = [], []
            if "html" in spec.formats:
                documents.append(("html", self.url(path)))
            if "pdf" in spec.formats:
                fid = stable_number(spec.id + "#pdf", 900_000, 999_999)
                href = f"{cat.prefix}/attachment/0/{fid // 10000}/{fid // 10}/{fid}.pdf"
                self.add(href, lambda s=spec: pdf_bytes(s), content_type="application/pdf", modified=spec.modified)
                attachments.append(self.attachment(f"{t.title}.pdf", href))
                documents.append(("pdf", self.url(href)))
            report = page_report(t, spec, source=spec.organ, attachments=attachments, style="word",
                                 body="html" in spec.formats)
            self.add(path, lambda r=report, c=cat, i=pid: self.detail(r, c, i), modified=spec.modified)
            self.lists[spec.column].append((Item(t.title, path, spec.published), pid))
            self.record(spec, self.url(path), documents)
        spec22 = next(s for s in self.reports if s.id == f"{self.id}/2022/xzf")
        jd = jiedu(self.truth(spec22), "和平县人民政府办公室", "2023-03-31 09:00:00")
        jd_path, jd_id = self.post_path(self.cats["xzf"], "jiedu2022")
        self.add(jd_path, lambda: self.detail(jd, self.cats["xzf"], jd_id), modified=jd.published)
        self.lists["xzf"].append((Item(jd.title, jd_path, jd.published, "jiedu"), jd_id))
        self.decoy(self.url(jd_path), jd.title, "jiedu")
        for key, cat in self.cats.items():
            self.lists[key].sort(key=lambda x: x[0].date, reverse=True)
            self.add(f"{cat.prefix}/gkmlpt/index", self.shell(cat))
            self.dynamic_prefix(f"{cat.prefix}/gkmlpt/api/all/", self.api)
        self.add("/gkmlpt/static/js/chunk-common.js",
                 b'var a="/gkmlpt/api/all/"+e+"?page="+n+"&sid="+window._CONFIG.SID;',
                 content_type="application/javascript")
        self.report_columns.append(self.url("/gkmlpt/index#2864"))
        self.publish_home()

    def shell(self, cat: Catalogue) -> bytes:
        return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{esc(cat.name)}信息公开目录</title>
<script>
window._CONFIG = {{
  SID: '{cat.sid}',
  SITE_NAME: '{esc(cat.name)}',
  BASE_URL: '{cat.prefix}/gkmlpt/'
}};
</script>
<link href="/gkmlpt/static/css/app.css" rel="stylesheet">
</head>
<body>
<div id="app"></div>
<noscript>请开启浏览器的JavaScript功能</noscript>
<script src="/gkmlpt/static/js/chunk-common.js"></script>
<script src="/gkmlpt/static/js/app.js"></script>
</body>
</html>
""".encode()

    def api(self, req: Request) -> Response:
        """``/…/gkmlpt/api/all/{catid}?page=n&sid=SID``: one page of a category (catid 0: everything)."""
        tail = req.path.rsplit("/", 1)[1]
        prefix = req.path.split("/gkmlpt/", 1)[0]
        cat_key = next((k for k, c in self.cats.items() if c.prefix == prefix and c.sid == req.arg("sid")), None)
        if cat_key is None or not tail.isdigit():
            return Response(200, json.dumps({"total": 0, "articles": [], "classify": None}).encode(),
                            [("Content-Type", JSON)])
        cat = self.cats[cat_key]
        rows = self.lists[cat_key] if int(tail) in (0, cat.catid) else []
        page = max(1, int(req.arg("page") or 1))
        chunk = rows[(page - 1) * cat.per_page : page * cat.per_page]
        articles = [
            {
                "id": pid,
                "title": item.title,
                "url": self.url(item.href),
                "post_url": self.url(item.href),
                "created_at": item.date,
                "publisher": cat.name,
                "classify_main_name": "政府信息公开年报",
            }
            for item, pid in chunk
        ]
        data = {
            "total": len(rows),
            "articles": articles,
            "classify": {"id": cat.catid, "name": "政府信息公开年报", "post_count": len(rows)},
            "page": page,
            "page_size": cat.per_page,
        }
        return Response(200, json.dumps(data, ensure_ascii=False).encode(), [("Content-Type", JSON)])

    def publish_home(self) -> None:
        home = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(self.gov_name)}</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/zwgk/index.html">政务公开</a></div></body></html>
"""
        self.add("/index.html", home.encode(), modified="2024-03-28 17:30:00")
        zwgk = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>政务公开-{esc(self.gov_name)}</title></head>
<body><ul>
<li><a href="/gkmlpt/index">政府信息公开目录</a></li>
<li><a href="/gkmlpt/index#2864">政府信息公开年报</a></li>
<li><a href="/hyhpjyj/gkmlpt/index#3011">和平县教育局信息公开年报</a></li>
</ul></body></html>
"""
        self.add("/zwgk/index.html", zwgk.encode(), modified="2024-03-28 17:30:00")
