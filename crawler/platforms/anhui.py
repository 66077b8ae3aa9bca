"""Anhui "Openness" platform (also Hulunbuir banners): ``/OpennessContent/showList/{site}/{cat}/page_{n}.html``.

Lists name every page as ``page_{n}.html``; the pager may be numbered links or only 下一页, and
titles sit in ``title`` attributes (the anchor text is cut), which ``anchors_of`` prefers.
"""

from __future__ import annotations

import re

from scrapy.http import Response, TextResponse

from crawler.platforms.base import MAX_PAGES, PageRequest, Platform
from crawler.urls import canonical_url

_PAGE = re.compile(r"/page_(\d+)\.html$")
_TOTAL = re.compile(r"(?:共\s*(\d+)\s*页|totalPage\s*[:=]\s*['\"]?(\d+)|pageCount\s*[:=]\s*['\"]?(\d+))")


class Anhui(Platform):
    name = "Anhui"
    markers = ("OpennessContent", "XxgkAnnualReport", "Xxgknb", "BranchOpenness")

    def next_pages(self, response: Response) -> list[PageRequest]:
        pages = super().next_pages(response)
        pages.extend(PageRequest(link.url) for link in self.links(response) if _PAGE.search(link.url))
        if isinstance(response, TextResponse) and _PAGE.search(response.url):
            m = _TOTAL.search(response.text)
            if m:
                count = min(int(next(g for g in m.groups() if g)), MAX_PAGES)
                pages.extend(PageRequest(canonical_url(_PAGE.sub(f"/page_{n}.html", response.url)))
                             for n in range(1, count + 1))
        return pages
