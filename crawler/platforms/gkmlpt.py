"""Guangdong gkmlpt (政府信息公开目录平台): a Vue shell whose lists come from a JSON API.

``…/gkmlpt/index#{catid}`` holds no entries; the page script names the site id (``SID: '200165'``)
and the data is ``GET /gkmlpt/api/all/{catid}?page={n}&sid={SID}`` → ``{total, articles: [{title,
url, created_at}]}`` (research §2.6). Fragments are dropped by URL canonicalisation, so the catalogue id
travels in the request's meta (``gkmlpt_cat``) from the anchor that named it.
"""

from __future__ import annotations

import json
import math
import re
from urllib.parse import urljoin

from scrapy.http import Response, TextResponse

from crawler.platforms.base import MAX_PAGES, Link, PageRequest, Platform, date_near
from crawler.urls import canonical_url

_SID = re.compile(r"""\bSID\s*[:=]\s*['"]?(\w+)""")


class Gkmlpt(Platform):
    name = "gkmlpt"
    markers = ("/gkmlpt/",)

    @staticmethod
    def api_url(page_url: str, catid: str, sid: str, page: int = 1) -> str:
        base = page_url.split("/gkmlpt/", 1)[0] + "/gkmlpt/"
        return canonical_url(urljoin(base, f"api/all/{catid}?page={page}&sid={sid}"))

    def next_pages(self, response: Response) -> list[PageRequest]:
        pages = super().next_pages(response)
        if not isinstance(response, TextResponse):
            return pages
        if "/gkmlpt/api/" in response.url:
            return pages + self._api_pages(response)
        sid = _SID.search(response.text)
        if sid and "/gkmlpt/" in response.url:
            catid = str(response.meta.get("gkmlpt_cat") or "0")
            pages.append(PageRequest(self.api_url(response.url, catid, sid.group(1)), kind="api"))
        return pages

    def _api_pages(self, response: TextResponse) -> list[PageRequest]:
        data = _json(response)
        if data is None or "page=1" not in response.url:
            return []
        articles = data.get("articles") or []
        total = int(data.get("total") or 0)
        if not articles or total <= len(articles):
            return []
        count = min(math.ceil(total / len(articles)), MAX_PAGES)
        return [PageRequest(canonical_url(response.url.replace("page=1", f"page={n}")), kind="api")
                for n in range(2, count + 1)]

    def entries(self, response: Response) -> list[Link]:
        if "/gkmlpt/api/" not in response.url:
            return super().entries(response)
        data = _json(response) if isinstance(response, TextResponse) else None
        links: list[Link] = []
        for art in (data or {}).get("articles") or []:
            url = art.get("url") or art.get("post_url")
            if url and art.get("title"):
                created = str(art.get("created_at") or art.get("first_publish_time") or "")
                links.append(Link(canonical_url(urljoin(response.url, url)), str(art["title"]), date_near(created)))
        return links


def _json(response: TextResponse) -> dict | None:
    try:
        data = json.loads(response.text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
