"""Downloader middlewares: the host policy and per-portal caps, anti-bot detection, the WARC log.

Order matters (Scrapy calls ``process_request`` by ascending priority, ``process_response`` by
descending priority):

* ``PortalGuard`` (50) runs before robots.txt handling, so a host outside the registry is never
  contacted at all, not even for its robots.txt; it also gives each host:port its own download slot
  (Scrapy keys slots by host name alone, which would merge loopback portals and sibling ports).
* ``AntiBot`` (580) sees responses after decompression and redirects, before retries.
* ``WarcRecorder`` (950) sits next to the downloader and sees every response exactly as received:
  redirects, 304s, errors and challenges included.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import Request, Spider
from scrapy.downloadermiddlewares import cookies
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from tldextract import TLDExtract

from crawler.discovery import rules
from crawler.urls import netloc_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)

# The cookies middleware asks tldextract for public suffixes; by default tldextract first tries to
# download the list from the internet (a warning and a traceback offline, a request to a third party
# online). Its bundled snapshot is what it falls back to anyway: use it directly.
cookies._split_domain = TLDExtract(suffix_list_urls=(), include_psl_private_domains=True)


class Blocked(IgnoreRequest):
    """The portal answered with an anti-bot challenge (recorded, not solved)."""


class OffPolicy(IgnoreRequest):
    """The request's host is not one the portal may fetch from, or a per-portal cap was reached."""


def _spider_state(spider: Spider | None) -> Any:
    return getattr(spider, "crawl_state", None)


class PortalGuard:
    """Host policy, one download slot per host:port, a page cap per portal, no requests to blocked portals."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_pages = crawler.settings.getint("GOVREPORTS_MAX_PAGES_PER_PORTAL", 3000)
        self.requested: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PortalGuard:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        host = netloc_of(request.url)
        request.meta.setdefault("download_slot", host)
        portal_id = request.meta.get("portal")
        policies = getattr(spider, "policies", {})
        if portal_id is None:  # robots.txt and other requests Scrapy makes itself
            if not any(p.allows(request.url) for p in policies.values()):
                raise OffPolicy(f"no portal may fetch from {host}")
            return
        policy = policies.get(portal_id)
        if policy is None or not policy.allows(request.url):
            log.info("off-policy request dropped: %s (portal %s)", request.url, portal_id)
            raise OffPolicy(f"{host} is not a host of portal {portal_id}")
        state = _spider_state(spider)
        if state is not None and state.is_blocked(portal_id):
            raise Blocked(f"portal {portal_id} is blocked")
        n = self.requested.get(portal_id, 0) + 1
        self.requested[portal_id] = n
        if n > self.max_pages:
            if n == self.max_pages + 1:
                log.warning("portal %s reached the cap of %d requests per crawl", portal_id, self.max_pages)
            raise OffPolicy(f"portal {portal_id} reached its page cap")


def challenge_kind(response: Response) -> str | None:
    """``jsl-521``, ``ruishu-412`` … when the response is an anti-bot challenge, else None."""
    r = rules()
    body = response.body[: r.max_challenge_bytes * 4]
    text = body.decode("utf-8", "replace")
    short = len(response.body) <= r.max_challenge_bytes
    scripted = bool(r.cookie_script.search(text))
    marked = any(m in text for m in r.antibot_markers)
    cookies = b" ".join(response.headers.getlist(b"Set-Cookie")).decode("latin-1")
    if "$_ts" in text or (response.status == 412 and (short or marked)):
        return f"ruishu-{response.status}"
    if response.status in r.antibot_statuses and (scripted or marked or "__jsluid" in cookies):
        return f"jsl-{response.status}"
    if response.status in (521, 512):
        return f"challenge-{response.status}"
    if short and ((scripted and ("__jsl" in text or "__jsl" in cookies)) or marked):
        return f"challenge-{response.status}"
    return None


class AntiBot:
    """Detects JSL (521 + cookie script) and Ruishu (412 + ``$_ts``) answers, records the portal as blocked."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AntiBot:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        spider = self.crawler.spider
        kind = challenge_kind(response)
        if kind is None or "portal" not in request.meta:  # robots.txt: Scrapy's own request, let it be
            return response
        portal = request.meta.get("portal")
        state = _spider_state(spider)
        if portal and state is not None and state.blocked(portal, f"{kind} at {request.url}"):
            log.warning("portal %s is behind an anti-bot challenge (%s); recorded as blocked, not solved",
                        portal, kind)
        raise Blocked(f"{kind} challenge from {request.url}")


class WarcRecorder:
    """Writes every response, as received, to the crawl's WARC file; counts pages per portal."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcRecorder:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        spider = self.crawler.spider
        warc = getattr(spider, "warc", None)
        if warc is not None:
            ip = response.ip_address
            warc.write(
                url=response.url, method=request.method,
                request_headers=[(k, v) for k, vs in request.headers.items() for v in vs],
                request_body=request.body or b"", status=response.status,
                reason=_reason(response.status),
                response_headers=[(k, v) for k, vs in response.headers.items() for v in vs],
                body=response.body, protocol=response.protocol or "HTTP/1.1",
                ip=str(ip) if ip is not None else None)
        state = _spider_state(spider)
        if state is not None:
            state.count(request.meta.get("portal"), "pages")
        return response


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
