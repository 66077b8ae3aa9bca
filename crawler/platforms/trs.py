"""TRS WCM (拓尔思): ``createPageHTML(count, current, "index", "html")`` lists, ``./P0…`` attachments.

The page count is only in a script (research §2.1), so plain-link pagination finds nothing: the
pages are ``index.html``, ``index_1.html`` … ``index_{count-1}.html`` in the column's directory.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from scrapy.http import Response, TextResponse

from crawler.platforms.base import MAX_PAGES, PageRequest, Platform
from crawler.urls import canonical_url

_PAGER = re.compile(r"createPageHTML\s*\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([\w-]+)['\"]\s*,"
                    r"\s*['\"](\w+)['\"]")
_COUNT_VAR = re.compile(r"var\s+countPage\s*=\s*['\"]?(\d+)")


class TRS(Platform):
    name = "TRS"
    markers = ("createPageHTML", "TRS_Editor", "trs_editor_view", "countPage")

    def next_pages(self, response: Response) -> list[PageRequest]:
        pages = super().next_pages(response)
        if not isinstance(response, TextResponse):
            return pages
        m = _PAGER.search(response.text)
        if m:
            count, prefix, suffix = int(m.group(1)), m.group(3), m.group(4)
        else:
            cm = _COUNT_VAR.search(response.text)
            if not cm:
                return pages
            count, prefix, suffix = int(cm.group(1)), "index", "html"
        for n in range(1, min(count, MAX_PAGES)):
            pages.append(PageRequest(canonical_url(urljoin(response.url, f"{prefix}_{n}.{suffix}"))))
        return pages
