"""The ``reports`` spider: portal home → disclosure section → annual-report column → reports → archive.

    scrapy crawl reports -a registry=crawler/registry/fj.yml [-a years=2019-2025] [-a portals=fj-jianning]
    scrapy crawl reports -a province=福建 -s GOVREPORTS_DB=archive.db

Flow per portal (each step is data-driven, see crawler/discovery.py and crawler/platforms/):

1. ``home``: anchors are scored as report column (C.1 texts, C.2 slugs) or as the disclosure section
   above it; the best are followed. Known ``report_columns`` from the registry are fetched directly.
2. ``section``: the same scoring, at most ``GOVREPORTS_MAX_HOPS`` hops from the home.
3. ``column``: the platform adapter lists the entries (plain anchors, Hanweb CDATA records, gkmlpt
   JSON), the further pages (createPageHTML, VSB pager, page_n, dataproxy, 下一页) and the spider
   follows year/organ sub-columns. A discovered page counts as a column only if it lists report-like
   titles or year/organ sub-columns (validation), so a wrong guess costs one request.
4. ``article``: entries whose title is a report's (organ + year + 信息公开 + 年度报告/年报, not 解读/图解)
   are fetched (conditionally on reruns, crawler/state.py), then their attachments one after the
   other; the page and its attachments become one item for ``crawler.pipelines.ArchivePipeline``.

The spider never reads tables: whether a page is a report, and what it says, is the extractor's job
in the pipeline.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler import portals as registry
from crawler.discovery import (
    is_directory_like,
    is_organ_name,
    is_report_title,
    is_subcolumn,
    rules,
    score_anchor,
    title_year,
    url_shape,
)
from crawler.middlewares import Blocked, OffPolicy
from crawler.platforms import Link, PageRequest, adapter_for
from crawler.portals import Portal
from crawler.session import Session
from crawler.state import now
from crawler.urls import HostPolicy, canonical_url

log = logging.getLogger(__name__)

# Request priorities: finish reports already found before discovering more (smaller queues, and a
# killed crawl has stored as much as possible).
PRIORITY = {"home": 0, "section": 5, "column": 10, "article": 20, "attachment": 30}


def parse_years(text: str | None) -> tuple[int, int] | None:
    """``2019-2025`` → (2019, 2025); ``2022`` → (2022, 2022); None → no filter."""
    if not text:
        return None
    lo, _, hi = str(text).partition("-")
    return int(lo), int(hi or lo)


def _headers(response: Response) -> dict[str, str]:
    return {k.decode("latin-1"): ", ".join(v.decode("latin-1") for v in vs) for k, vs in response.headers.items()}


def _document(response: Response, role: str) -> dict[str, Any]:
    """One original as the pipeline needs it: exact bytes, status, headers, time of capture."""
    ctype = response.headers.get(b"Content-Type")
    return {"url": canonical_url(response.url), "role": role, "status": response.status,
            "headers": _headers(response), "content_type": ctype.decode("latin-1") if ctype else None,
            "body": bytes(response.body), "captured_at": now()}


class ReportsSpider(scrapy.Spider):
    name = "reports"

    def __init__(self, registry: str | None = None, province: str | None = None, years: str | None = None,
                 portals: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.registry_arg = registry
        self.province = province
        self.years = parse_years(years)
        self.years_arg = years
        chosen = set(portals.split(",")) if portals else None
        self.portals: dict[str, Portal] = {}
        for portal in self._load(registry, province):
            if portal.crawlable and (chosen is None or portal.id in chosen):
                self.portals[portal.id] = portal
        self.policies: dict[str, HostPolicy] = {pid: p.policy() for pid, p in self.portals.items()}
        self.session: Session | None = None
        self.seen_articles: set[str] = set()
        self.seen_catalogues: set[tuple[str, str]] = set()

    @staticmethod
    def _load(registry_arg: str | None, province: str | None) -> list[Portal]:
        if registry_arg:
            return registry.load(p for p in registry_arg.split(",") if p)
        if province:
            return registry.load_province(province)
        raise ValueError("give -a registry=FILE[,FILE…] or -a province=NAME")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ReportsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.session = Session(
            db=settings.get("GOVREPORTS_DB"), crawl_dir=settings.get("GOVREPORTS_CRAWL_DIR"),
            jobdir=settings.get("JOBDIR"), registry=spider.registry_arg or f"province:{spider.province}",
            years=spider.years_arg, portals=len(spider.portals))
        spider.max_list_pages = settings.getint("GOVREPORTS_MAX_LIST_PAGES")
        spider.max_hops = settings.getint("GOVREPORTS_MAX_HOPS")
        spider.max_sub = settings.getint("GOVREPORTS_MAX_SUBCOLUMN_DEPTH")
        spider.revisit_days = settings.getfloat("GOVREPORTS_REVISIT_DAYS")
        for portal in spider.portals.values():
            spider.crawl_state.register(portal)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed, weak=False)
        crawler.signals.connect(spider._callback_error, signal=signals.spider_error, weak=False)
        return spider

    # ---- session accessors (used by middlewares and the pipeline) -------------------------------
    @property
    def crawl_state(self) -> Any:
        assert self.session is not None
        return self.session.state

    @property
    def archive(self) -> Any:
        assert self.session is not None
        return self.session.archive

    @property
    def warc(self) -> Any:
        return self.session.warc if self.session else None

    def _closed(self, spider: scrapy.Spider, reason: str) -> None:
        if spider is self and self.session is not None:
            self.session.close(reason)
            self.session = None

    def _callback_error(self, failure: Failure, response: Response, spider: scrapy.Spider) -> None:
        """A bug or an unexpected page in a callback: counted against the portal, the crawl goes on."""
        if spider is self and self.session is not None:
            self.crawl_state.error(response.meta.get("portal"), f"{response.url}: {failure.getErrorMessage()}")

    # ---- start ----------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        for request in self.start_requests_list():
            yield request

    def start_requests_list(self) -> list[scrapy.Request]:
        requests: list[scrapy.Request] = []
        for portal in self.portals.values():
            assert portal.home is not None
            requests.append(self._request(portal.id, portal.home, "home", self.parse_home))
            for column in portal.report_columns:
                requests.append(self._request(portal.id, column, "column", self.parse_column,
                                              meta={"known_column": True}))
            for known in portal.known_reports:
                link = Link(canonical_url(known["url"]), "", None)
                req = self._article_request(portal.id, link, seeded=True)
                if req is not None:
                    requests.append(req)
        return requests

    def _request(self, portal: str, url: str, kind: str, callback: Any, meta: dict | None = None,
                 **kwargs: Any) -> scrapy.Request:
        cat = (meta or {}).get("gkmlpt_cat")
        if cat and kind == "column":  # one Vue shell URL, several catalogues: the fragment decides
            kwargs["dont_filter"] = (url, cat) not in self.seen_catalogues
            self.seen_catalogues.add((url, cat))
        return scrapy.Request(canonical_url(url), callback=callback, errback=self.failed,
                              priority=PRIORITY[kind], meta={"portal": portal, "kind": kind, **(meta or {})},
                              **kwargs)

    # ---- discovery ------------------------------------------------------------------------------
    def parse_home(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self._discover(response, hops=0)

    def parse_section(self, response: Response) -> Iterator[scrapy.Request]:
        yield from self._discover(response, hops=response.meta.get("hops", 1))

    def _discover(self, response: Response, hops: int) -> Iterator[scrapy.Request]:
        """Score the anchors of a home or section page; follow the best columns and sections."""
        if not isinstance(response, TextResponse):
            return
        portal = response.meta["portal"]
        policy = self.policies[portal]
        r = rules()
        adapter = adapter_for(response, self.portals[portal].platform)
        scored: list[tuple[int, int, Link]] = []
        for link in adapter.links(response):
            if not policy.allows(link.url):
                continue
            score = score_anchor(link.text, link.url)
            scored.append((score.column, score.section, link))
            if is_report_title(link.text):  # a report linked straight from the home page
                req = self._article_request(portal, link)
                if req is not None:
                    yield req
        columns = sorted((s for s in scored if s[0] >= r.column_threshold), key=lambda s: -s[0])
        for col_score, _, link in columns[: r.max_columns_per_page]:
            yield self._request(portal, link.url, "column", self.parse_column,
                                meta={"score": col_score, **_gkmlpt_meta(link)})
        chosen = {link.url for _, _, link in columns[: r.max_columns_per_page]}
        shapes = {url_shape(url) for url in chosen}
        parallel = [link for _, _, link in scored if link.url not in chosen and url_shape(link.url) in shapes
                    and (is_organ_name(link.text) or is_subcolumn(link.text))]
        for link in parallel[: r.max_parallel_columns]:  # the same column of other units: validated on arrival
            yield self._request(portal, link.url, "column", self.parse_column, meta=_gkmlpt_meta(link))
        chosen.update(link.url for link in parallel[: r.max_parallel_columns])
        if hops >= self.max_hops:
            return
        sections = sorted((s for s in scored if s[1] >= r.section_threshold and s[2].url not in chosen),
                          key=lambda s: -s[1])
        for _, _, link in sections[: r.max_sections_per_page]:
            yield self._request(portal, link.url, "section", self.parse_section, meta={"hops": hops + 1})

    # ---- columns --------------------------------------------------------------------------------
    def parse_column(self, response: Response) -> Iterator[scrapy.Request]:
        """A list page: report entries, year/organ sub-columns, further pages (validated first)."""
        portal = response.meta["portal"]
        policy = self.policies[portal]
        adapter = adapter_for(response, self.portals[portal].platform)
        entries = adapter.entries(response)
        reports = [e for e in entries if policy.allows(e.url) and is_report_title(e.text)]
        sub_depth = response.meta.get("sub_depth", 0)
        subcolumns = [] if sub_depth >= self.max_sub else self._subcolumns(response, adapter.links(response))
        validated = response.meta.get("known_column") or response.meta.get("validated") or reports or subcolumns
        if not validated:
            # A Vue shell (gkmlpt) lists nothing itself: its data answer is validated on its own.
            for page in adapter.next_pages(response):
                if page.kind == "api" and policy.allows(page.url):
                    yield self._page_request(portal, page, response, 1, validated=False)
            log.debug("not a report column: %s", response.url)
            return
        if reports or subcolumns or response.meta.get("known_column"):
            self.crawl_state.column(portal, response.meta.get("column_url") or canonical_url(response.url))
        for entry in reports:
            req = self._article_request(portal, entry)
            if req is not None:
                yield req
        for link in subcolumns:
            yield self._request(portal, link.url, "column", self.parse_column,
                                meta={"sub_depth": sub_depth + 1, "validated": False, **_gkmlpt_meta(link)})
        # GOVREPORTS_MAX_LIST_PAGES bounds a column whether its pages come one "next" link at a time
        # (page_no grows) or all at once from a page counter (TRS, VSB, Anhui, gkmlpt: sliced here).
        page_no = response.meta.get("page_no", 0)
        for page in adapter.next_pages(response)[: max(0, self.max_list_pages - page_no)]:
            if policy.allows(page.url):
                yield self._page_request(portal, page, response, page_no + 1)

    def _subcolumns(self, response: Response, links: Iterable[Link]) -> list[Link]:
        """Year and organ sub-columns, and further report columns, linked from a column page."""
        r = rules()
        policy = self.policies[response.meta["portal"]]
        base = urlsplit(canonical_url(response.url)).path.rsplit("/", 1)[0] + "/"
        found: list[Link] = []
        for link in links:
            if link.url == canonical_url(response.url) or not policy.allows(link.url):
                continue
            if is_report_title(link.text):
                continue
            below = urlsplit(link.url).path.startswith(base) and urlsplit(link.url).path != base
            column = score_anchor(link.text, link.url).column
            if (is_subcolumn(link.text) and (below or column > 0 or is_directory_like(link.url, link.text))) or (
                    below and (column >= r.column_threshold or is_directory_like(link.url, link.text))):
                found.append(link)
        return found

    def _page_request(self, portal: str, page: PageRequest, response: Response, page_no: int,
                      validated: bool = True) -> scrapy.Request:
        cat = response.meta.get("gkmlpt_cat")
        column = response.meta.get("column_url") or canonical_url(response.url) + (f"#{cat}" if cat else "")
        meta = {"page_no": page_no, "validated": validated, "sub_depth": response.meta.get("sub_depth", 0),
                "column_url": column,
                "gkmlpt_cat": response.meta.get("gkmlpt_cat"), **page.meta}
        if page.method == "POST":
            return scrapy.FormRequest(page.url, formdata=page.formdata or {}, callback=self.parse_column,
                                      errback=self.failed, priority=PRIORITY["column"],
                                      meta={"portal": portal, "kind": "page", **meta})
        return self._request(portal, page.url, "column", self.parse_column, meta={"kind": "page", **meta})

    # ---- articles -------------------------------------------------------------------------------
    def _article_request(self, portal: str, link: Link, seeded: bool = False) -> scrapy.Request | None:
        """The request for a report entry, or None when the years filter or the rerun state says no."""
        year = title_year(link.text)
        if self.years and year and not (self.years[0] <= year <= self.years[1]):
            return None
        if not self.policies[portal].allows(link.url):
            return None
        if link.url in self.seen_articles:  # listed twice (year column and organ column): one request
            return None
        self.seen_articles.add(link.url)
        state = self.crawl_state
        known = state.known(link.url)
        if known is not None and known.last_run == state.run_id and known.outcome not in (None, "error"):
            return None  # handled by this run before it was interrupted (see crawler/session.py)
        state.count(portal, "reports_found")
        if state.should_skip(known, link.text, link.date, self.revisit_days):
            state.count(portal, "unchanged")
            return None
        headers = _conditional(known) if known is not None and known.outcome not in (None, "error") else {}
        return self._request(portal, link.url, "article", self.parse_article, headers=headers,
                             meta={"list_title": link.text, "list_date": link.date, "seeded": seeded,
                                   "handle_httpstatus_list": [304]})

    def parse_article(self, response: Response) -> Iterator[Any]:
        portal = response.meta["portal"]
        entry = {"list_title": response.meta.get("list_title"), "list_date": response.meta.get("list_date")}
        url = canonical_url(response.url)
        if response.status == 304:
            # The page is unchanged, but a county may replace only the PDF behind it: ask for the
            # report's attachments conditionally too (304s cost no body).
            stored = self.crawl_state.attachments_of(url)
            item = {"portal": portal, "url": url, **entry, "recheck": True,
                    "documents": [{"url": url, "role": "page", "unchanged": True}]}
            yield from self._next_attachment(item, [(k.url, _conditional(k)) for k in stored if k.url])
            return
        page = _document(response, "page")
        item = {"portal": portal, "url": page["url"], **entry, "documents": [page]}
        files: list[tuple[str, dict[str, str]]] = []
        if isinstance(response, TextResponse):
            policy = self.policies[portal]
            adapter = adapter_for(response, self.portals[portal].platform)
            files = [(a.url, {}) for a in adapter.attachments(response) if policy.allows(a.url)][:10]
        yield from self._next_attachment(item, files)

    def _next_attachment(self, item: dict, pending: list[tuple[str, dict[str, str]]]) -> Iterator[Any]:
        if pending:
            (url, headers), rest = pending[0], pending[1:]
            yield self._request(item["portal"], url, "attachment", self.parse_attachment, dont_filter=True,
                                headers=headers,
                                meta={"item": item, "pending": rest, "handle_httpstatus_list": [304]})
        elif item.get("recheck") and all(d.get("unchanged") for d in item["documents"]):
            self._unchanged(item)
        else:
            yield item

    def _unchanged(self, item: dict) -> None:
        state = self.crawl_state
        with self.archive.transaction():
            state.count(item["portal"], "unchanged", durable=True)
            for doc in item["documents"]:
                state.record_url(doc["url"], portal=item["portal"], role=doc["role"], outcome="unchanged",
                                 http_status=304, list_title=item.get("list_title") if doc["role"] == "page" else None,
                                 list_date=item.get("list_date") if doc["role"] == "page" else None,
                                 parent=None if doc["role"] == "page" else item["url"])

    def parse_attachment(self, response: Response) -> Iterator[Any]:
        item = response.meta["item"]
        if response.status == 304:
            item["documents"].append({"url": canonical_url(response.url), "role": "attachment", "unchanged": True})
        else:
            item["documents"].append(_document(response, "attachment"))
        yield from self._next_attachment(item, response.meta["pending"])

    # ---- failures -------------------------------------------------------------------------------
    def failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        portal = request.meta.get("portal")
        kind = request.meta.get("kind")
        if failure.check(Blocked, OffPolicy):
            pass
        elif kind == "section" and failure.check(HttpError):
            log.debug("discovery link failed: %s", request.url)  # a dead menu link, not a crawl error
        else:
            status = failure.value.response.status if failure.check(HttpError) else None
            message = f"{kind} {request.url}: {status or failure.getErrorMessage()}"
            self.crawl_state.error(portal, message)
            log.info("error: %s", message)
            if kind == "article":
                with self.archive.transaction():
                    self.crawl_state.record_url(canonical_url(request.url), portal=portal, role="page",
                                                outcome="error", http_status=status)
        if kind == "attachment":  # the report is still stored from what was fetched
            yield from self._next_attachment(request.meta["item"], request.meta["pending"])


def _conditional(known: Any) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from what the last answer said."""
    headers = {}
    if known.etag:
        headers["If-None-Match"] = known.etag
    if known.last_modified:
        headers["If-Modified-Since"] = known.last_modified
    return headers


def _gkmlpt_meta(link: Link) -> dict[str, str]:
    """gkmlpt catalogue ids live in the fragment (``index#123``), which canonical URLs drop."""
    if "/gkmlpt/" in link.url and link.fragment and link.fragment.isdigit():
        return {"gkmlpt_cat": link.fragment}
    return {}
