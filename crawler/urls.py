"""URL canonicalisation and the host policy.

Why canonical URLs: county CMSes publish one article under several addresses (a ``_wap.html``
mobile twin, ``?isMobile=false``, Hainan's ``?ddtab=true``, ``#`` anchors). Fetching each would
waste the portal's bandwidth and store the same report twice, so every URL is folded to one form
before it is requested, deduplicated or recorded.

Why a host policy: gambling-spam clone domains mirror government paths (research §6), footer links
lead to every other government site, and a crawler must never be turned against private or
loopback addresses. A portal may fetch from its registry hosts and from other ``*.gov.cn`` hosts
of the same registrable domain (``xxgk.tongyu.gov.cn`` next to ``www.tongyu.gov.cn``); an IP
address or ``localhost`` only when the registry lists that exact host:port.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that select a rendering, not a document.
_VIEW_PARAMS = frozenset({"ismobile", "ddtab", "isapp", "from", "spm"})
_WAP = re.compile(r"_wap(\.s?html?)$", re.IGNORECASE)
_JS_URL = re.compile(r"""(?:location(?:\.href)?\s*=|window\.open\s*\(|\.location\s*=)\s*['"]([^'"]+)['"]""")


def canonical_url(url: str) -> str:
    """One address per document: no fragment, no view parameters, no mobile twin, default port dropped."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    path = _WAP.sub(r"\1", parts.path or "/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in _VIEW_PARAMS]
    return urlunsplit((scheme, netloc, path, urlencode(query, safe="/:,"), ""))


def netloc_of(url: str) -> str:
    """host[:port] in lower case, default ports dropped: the unit of the host policy."""
    return urlsplit(canonical_url(url)).netloc


def href_target(base: str, href: str | None) -> str | None:
    """The absolute http(s) URL an ``<a href>`` leads to, or None.

    ``javascript:`` wrappers (``window.location='…'``, research C.4) are unwrapped; ``#`` placeholders,
    ``mailto:`` and other schemes give None (Scrapy raises "Missing scheme" on them).
    """
    if not href:
        return None
    href = href.strip()
    if href.lower().startswith("javascript:"):
        m = _JS_URL.search(href)
        if not m:
            return None
        href = m.group(1)
    if href.startswith("#") or (":" in href.split("/", 1)[0] and not href.lower().startswith(("http:", "https:"))):
        return None
    url = urljoin(base, href)
    return url if url.lower().startswith(("http://", "https://")) else None


def is_ip_or_local(host: str) -> bool:
    """True for IP literals and localhost names: allowed only when listed exactly."""
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    name = name.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost") or name.endswith(".local"):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def registrable_gov(host: str) -> str | None:
    """``tongyu.gov.cn`` for ``xxgk.tongyu.gov.cn:8080``; None for hosts outside ``*.gov.cn``."""
    name = host.split(":", 1)[0].lower()
    labels = name.split(".")
    if len(labels) < 3 or labels[-2:] != ["gov", "cn"]:
        return None
    return ".".join(labels[-3:])


class HostPolicy:
    """Which hosts one portal may fetch from."""

    def __init__(self, hosts: Iterable[str]) -> None:
        self.hosts = {h.lower() for h in hosts if h}
        self.domains = {d for d in (registrable_gov(h) for h in self.hosts) if d}

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return False
        host = netloc_of(url)
        if host in self.hosts:
            return True
        if is_ip_or_local(host):
            return False
        domain = registrable_gov(host)
        return domain is not None and domain in self.domains
