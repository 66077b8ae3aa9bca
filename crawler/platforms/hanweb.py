"""Hanweb 大汉 JCMS: list entries hidden in a ``<datastore>`` of CDATA records, paged by ``dataproxy.jsp``.

A column page renders its first records inside ``<script type="text/xml">`` (research §2.2): an HTML
parser sees no links at all unless the CDATA is unwrapped. Further records come from
``/module/web/jpage/dataproxy.jsp?startrecord=a&endrecord=b&perpage=n`` (POST; the form fields are the
column's ids, taken from the ``<nextgroup>`` link), whose XML answer has the same ``<record>`` shape.
Attachments are ``/module/download/downfile.jsp?…filename=….pdf`` links that answer with a 302.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urljoin, urlsplit

from scrapy.http import Response, TextResponse
from scrapy.selector import Selector

from crawler.platforms.base import Link, PageRequest, Platform, anchors_of
from crawler.urls import canonical_url

_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
_RECORD = re.compile(r"<record>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*</record>", re.S)
_NEXTGROUP = re.compile(r"<nextgroup>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*</nextgroup>", re.S)
_TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>|totalRecord\s*[:=]\s*['\"]?(\d+)", re.I)
_PERPAGE = re.compile(r"perpage\s*[:=]\s*['\"]?(\d+)|<perpage>\s*(\d+)\s*</perpage>", re.I)
_DATAPROXY = "/module/web/jpage/dataproxy.jsp"
# Records asked for per dataproxy call (real front ends ask for 3 pages of 15 at a time) and a cap.
BATCH = 45
MAX_RECORDS = 3000


def _records(text: str) -> list[str]:
    return _RECORD.findall(text)


class Hanweb(Platform):
    name = "Hanweb"
    markers = ("<datastore>", "dataproxy.jsp")

    def entries(self, response: Response) -> list[Link]:
        links = super().entries(response)
        if not isinstance(response, TextResponse):
            return links
        records = _records(response.text)
        if records:
            sel = Selector(text="<div>" + "".join(records) + "</div>")
            links = anchors_of(sel, response.url) + links
        return links

    def next_pages(self, response: Response) -> list[PageRequest]:
        pages = super().next_pages(response)
        if not isinstance(response, TextResponse) or urlsplit(response.url).path.endswith(_DATAPROXY):
            return pages  # a dataproxy answer: the first page already asked for every batch
        nextgroup = _NEXTGROUP.search(response.text)
        if not nextgroup:
            return pages
        href = Selector(text=nextgroup.group(1)).xpath("//a/@href").get() or ""
        if _DATAPROXY not in href:
            return pages
        params = dict(parse_qsl(urlsplit(href).query))
        shown = len(_records(response.text))
        total_m = _TOTAL.search(response.text)
        total = int(next(g for g in total_m.groups() if g)) if total_m else 0
        per_m = _PERPAGE.search(response.text)
        perpage = int(next(g for g in per_m.groups() if g)) if per_m else max(shown, 15)
        form = {"col": "1", "appid": "1", "webid": params.get("webid", ""), "path": "/",
                "columnid": params.get("columnid", ""), "sourceContentType": "1",
                "unitid": params.get("unitid", ""), "webname": params.get("webname", ""), "permissiontype": "0"}
        endpoint = urljoin(response.url, _DATAPROXY)
        start = shown + 1
        while start <= min(total, MAX_RECORDS):
            end = min(start + BATCH - 1, total)
            url = canonical_url(f"{endpoint}?startrecord={start}&endrecord={end}&perpage={perpage}")
            pages.append(PageRequest(url, method="POST", formdata=form))
            start = end + 1
        return pages
