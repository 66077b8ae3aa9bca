"""Platform adapters: one small class per CMS family, chosen per response (see ``base.py``)."""

from __future__ import annotations

from scrapy.http import Response

from crawler.platforms.anhui import Anhui
from crawler.platforms.base import Link, PageRequest, Platform
from crawler.platforms.generic import Generic
from crawler.platforms.gkmlpt import Gkmlpt
from crawler.platforms.hanweb import Hanweb
from crawler.platforms.trs import TRS
from crawler.platforms.vsb import VSB
from crawler.shapes import platform_of

ADAPTERS: dict[str, Platform] = {a.name: a for a in (TRS(), Hanweb(), VSB(), Anhui(), Gkmlpt(), Generic())}
# URL-shape families served by the generic behaviour.
ALIASES = {"hash-shtml": "generic", "gansu-art": "generic"}

__all__ = ["ADAPTERS", "Link", "PageRequest", "Platform", "adapter_for"]


def adapter_for(response: Response, hint: str | None = None) -> Platform:
    """The adapter for this page: its markup first, then its URL shape, then the registry's hint."""
    for adapter in ADAPTERS.values():
        if adapter.name != "generic" and adapter.recognises(response):
            return adapter
    shape = platform_of(response.url)
    for name in (shape, hint or "generic"):
        name = ALIASES.get(name, name)
        if name in ADAPTERS and name != "generic":
            return ADAPTERS[name]
    return ADAPTERS["generic"]
