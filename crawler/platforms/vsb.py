"""VSB 博达: lists page *down* from ``{col}.htm`` through ``{col}/{N}.htm`` to ``{col}/1.htm``.

The pager (``span.p_pages``) links the next page, the last page and a few numbered pages; the total
is printed as ``1/11`` in ``span.p_t``. The numbered links in the pager are enough to walk the list,
the dupefilter keeps each page to one fetch.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from scrapy.http import Response

from crawler.platforms.base import MAX_PAGES, PageRequest, Platform, selector_of
from crawler.urls import canonical_url, href_target

_TOTAL = re.compile(r"(\d+)\s*/\s*(\d+)")


class VSB(Platform):
    name = "VSB"
    markers = ("p_pages", "vsb_content", "_showDynClick", "wbtreeid", "v_news_content")

    def next_pages(self, response: Response) -> list[PageRequest]:
        pages = super().next_pages(response)
        sel = selector_of(response)
        if sel is None:
            return pages
        hrefs = sel.css(".p_pages a::attr(href), .p_next a::attr(href), .p_last a::attr(href)").getall()
        for href in hrefs:
            url = href_target(response.url, href)
            if url:
                pages.append(PageRequest(canonical_url(url)))
        # From the first page, {col}.htm, every page {col}/{N}.htm down to 1 is known from the total.
        total = _TOTAL.search(" ".join(sel.css(".p_t::text").getall()))
        last = sel.css(".p_last a::attr(href)").get()
        if total and last and re.search(r"/1\.htm$", last):
            count = min(int(total.group(2)), MAX_PAGES)
            base = urljoin(response.url, last)[: -len("1.htm")]
            pages.extend(PageRequest(canonical_url(f"{base}{n}.htm")) for n in range(1, count))
        return pages
