"""The platform adapter interface, and what every platform shares.

Why adapters: county portals run a handful of CMS products (research §2), and what differs between
them is small: where a list's entries are (plain anchors, Hanweb's CDATA records, a gkmlpt JSON
API), how a list pages on (``index_N.html``, ``{col}/{N}.htm``, ``page_n``, ``dataproxy.jsp``) and
how attachments are linked. Each adapter overrides only that; discovery, report selection, host
policy and storage are platform-independent. A county on a known platform therefore needs a
registry entry, never code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import urlsplit

from scrapy.http import Response, TextResponse
from scrapy.selector import Selector

from crawler.discovery import clean_text, is_attachment, is_next_link
from crawler.urls import canonical_url, href_target

# The most pages an adapter computes from a page counter, so a broken counter cannot build a huge list.
# How many pages of a column are followed is the spider's GOVREPORTS_MAX_LIST_PAGES, applied to every adapter.
MAX_PAGES = 1000
_DATE = re.compile(r"((?:19|20)\d{2})[-./年](\d{1,2})[-./月](\d{1,2})")


@dataclass(frozen=True)
class Link:
    """An anchor: where it leads, what it says, and the date printed next to it in a list (if any)."""

    url: str
    text: str
    date: str | None = None
    fragment: str | None = None  # the #part canonical URLs drop (gkmlpt catalogue ids live there)


@dataclass(frozen=True)
class PageRequest:
    """A further list page to fetch (GET by default; Hanweb's dataproxy pages are POSTs)."""

    url: str
    method: str = "GET"
    formdata: dict[str, str] | None = None
    kind: str = "column"          # column | api (a JSON/XML list answer)
    meta: dict = field(default_factory=dict)


def selector_of(response: Response) -> Selector | None:
    """An HTML selector, or None for binary and JSON answers (parsel would make a JSON selector)."""
    if not isinstance(response, TextResponse):
        return None
    ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    if "json" in ctype or response.text.lstrip()[:1] in ("{", "["):
        return None
    return Selector(text=response.text, type="html", base_url=response.url)


def date_near(text: str) -> str | None:
    m = _DATE.search(text)
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


_CLICK = re.compile(r"""\$\(\s*['"]([.#][\w-]+)['"]\s*\)\s*\.\s*(?:click|on)\s*\((?:(?!\$\().){0,300}?"""
                    r"""(?:location(?:\.href)?\s*=|window\.open\s*\()\s*['"]([^'"]+)['"]""", re.S)


def click_targets(sel: Selector) -> dict[str, str]:
    """``{".zwgk-alink": "zwgk/zfxxgknb.htm"}`` from inline jQuery click handlers.

    Menus often carry ``href="#"`` and navigate in a click handler (research C.4); the target is only
    in the script, keyed by the anchor's class or id.
    """
    targets: dict[str, str] = {}
    for script in sel.xpath("//script[not(@src)]/text()").getall():
        for selector, url in _CLICK.findall(script):
            targets.setdefault(selector, url)
    return targets


def _scripted_href(a: Selector, targets: dict[str, str]) -> str | None:
    onclick = a.attrib.get("onclick")
    if onclick:
        return "javascript:" + onclick
    keys = [f".{c}" for c in (a.attrib.get("class") or "").split()]
    if a.attrib.get("id"):
        keys.append(f"#{a.attrib['id']}")
    return next((targets[k] for k in keys if k in targets), None)


def anchors_of(sel: Selector, base: str) -> list[Link]:
    """Every followable anchor with its text (or title attribute) and the date in its list row."""
    links: list[Link] = []
    targets = click_targets(sel)
    for a in sel.xpath("//a[@href]"):
        href = a.attrib.get("href")
        if href is None or href.strip() in ("#", "") or href.strip().lower().startswith("javascript:void"):
            href = _scripted_href(a, targets) or href
        url = href_target(base, href)
        if not url:
            continue
        text = clean_text(" ".join(a.xpath(".//text()").getall())) or clean_text(a.attrib.get("title"))
        title = clean_text(a.attrib.get("title"))
        if title and len(title) > len(text):  # lists cut long titles: 某某县2022年政府信息公开…
            text = title
        row = a.xpath("ancestor::*[self::li or self::tr or self::dd or self::p][1]")
        date = date_near(" ".join(row[0].xpath(".//text()").getall())) if row else None
        fragment = urlsplit(url).fragment or None
        links.append(Link(canonical_url(url), text, date, fragment))
    return links


class Platform:
    """Default behaviour (plain HTML lists); subclasses override what their CMS does differently."""

    name: ClassVar[str] = "generic"
    # Markers in a page's HTML that identify the platform when the URL shape does not.
    markers: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def recognises(cls, response: Response) -> bool:
        if not cls.markers or not isinstance(response, TextResponse):
            return False
        head = response.text[:400_000]
        return any(m in head for m in cls.markers)

    def links(self, response: Response) -> list[Link]:
        sel = selector_of(response)
        return anchors_of(sel, response.url) if sel is not None else []

    def entries(self, response: Response) -> list[Link]:
        """The entries of a list page (default: every anchor; report titles are picked by the spider)."""
        return self.links(response)

    def next_pages(self, response: Response) -> list[PageRequest]:
        """Further pages of a list: plain 下一页/下页 links."""
        return [PageRequest(link.url) for link in self.links(response) if is_next_link(link.text)]

    def attachments(self, response: Response) -> list[Link]:
        """Report files linked from an article page (pdf/doc/docx/wps, download endpoints)."""
        seen: set[str] = set()
        found: list[Link] = []
        for link in self.links(response):
            if link.url not in seen and is_attachment(link.url, link.text):
                seen.add(link.url)
                found.append(link)
        return found
