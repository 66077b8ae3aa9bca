"""Any other CMS: plain anchors and 下一页/下页 links (the base behaviour), plus numbered list pages.

Many small vendors (research §2.7–2.12) page with ``index_2.html``, ``list_2.html``, ``2.html`` or
``?page=2`` links in a pager block; those are followed when they sit below the list's own path.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scrapy.http import Response

from crawler.platforms.base import PageRequest, Platform

_NUMBERED = re.compile(r"(?:^|[_/-])(?:index|list|page|default)?[_-]?\d{1,3}\.s?html?$"
                       r"|[?&](?:page|pageNum|p|pn)=\d{1,3}$", re.I)


class Generic(Platform):
    name = "generic"

    def next_pages(self, response: Response) -> list[PageRequest]:
        pages = super().next_pages(response)
        here = urlsplit(response.url).path.rsplit("/", 1)[0] + "/"
        for link in self.links(response):
            parts = urlsplit(link.url)
            target = parts.path + ("?" + parts.query if parts.query else "")
            if link.text.isdigit() and parts.path.startswith(here) and _NUMBERED.search(target):
                pages.append(PageRequest(link.url))
        return pages
