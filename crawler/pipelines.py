"""The item pipeline: a fetched report (page + attachments) → extraction → the archive.

One item is one report candidate: its article page and the files it links. The pipeline

1. parses every document with the extractor (``archive.parse.parse_original`` = ``extract.parse_bytes``
   with the capture's URL and content type, so a later re-extraction reads them the same way);
2. picks the document the report is read from: the page when it holds the report's tables, else
   the first attachment that does (many counties post a wrapper page around a PDF);
3. drops what the extractor says is not an annual report (decoys: news, 解读, notices) — those stay
   only in the WARC;
4. detects a copy of a report already stored from another URL (a city portal reposting a county's
   report): same title, organ and year, or the same bytes. A copy under the same report key is
   linked to the existing report (one report, both sources); a copy the extractor keys differently
   is kept as originals only and recorded as a duplicate;
5. stores the originals (captures with status, headers, time, portal) and the report in one
   transaction with the URL's rerun state, so a kill never leaves half an item.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import threads

from archive import CaptureResult
from archive.captures import latest_capture
from archive.parse import parse_original
from archive.reports import is_report
from extract import Report

log = logging.getLogger(__name__)


def _has_tables(report: Report) -> bool:
    return report.template is not None and any(c.status == "ok" for c in report.cells)


def read_item(docs: list[dict[str, Any]]) -> tuple[int | None, Report | None]:
    """(index of the document the report is read from, its parse), or (None, None) for no report.

    The page first: when it holds the tables, the attachments (often the same report as a PDF) need
    not be parsed at all. Otherwise the first attachment with the tables; failing both, a page or
    file the extractor still takes for a report (a pre-2019 report without national tables).
    Runs in a worker thread: PDF parsing takes about a second and must not stall the downloads.
    """
    parsed: list[Report] = []
    for i, doc in enumerate(docs):
        rep = parse_original(doc["body"], doc["url"], doc["content_type"])
        parsed.append(rep)
        if _has_tables(rep) and is_report(rep):
            return i, rep
    for i, rep in enumerate(parsed):
        if is_report(rep) and rep.year is not None and (rep.organ or rep.title):
            return i, rep
    return None, None


class ArchivePipeline:
    """Stores items through the spider's archive session (``spider.archive``, ``spider.crawl_state``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler)

    async def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        self._restore(item["documents"])
        chosen, report = await maybe_deferred_to_future(threads.deferToThread(read_item, item["documents"]))
        return self.store(item, chosen, report)

    def _restore(self, docs: list[dict[str, Any]]) -> None:
        """Documents that answered 304 (a recheck found another document of the report changed): their
        bytes and capture come from the archive, so the report is read from its whole, current set."""
        conn = self.crawler.spider.archive.conn  # type: ignore[attr-defined]
        for doc in docs:
            if not doc.get("unchanged"):
                continue
            cap = latest_capture(conn, doc["url"])
            if cap is None:
                raise ValueError(f"no earlier capture of {doc['url']}")
            content, ctype, status, headers = conn.execute(
                "SELECT o.content, c.content_type, c.http_status, c.headers FROM captures c "
                "JOIN originals o ON o.sha256 = c.sha256 WHERE c.id = ?", (cap[0],)).fetchone()
            doc.update(body=bytes(content), content_type=ctype, status=status, headers=json.loads(headers or "{}"),
                       capture_id=cap[0], sha256=cap[1])

    def store(self, item: dict[str, Any], chosen: int | None, report: Report | None) -> dict[str, Any]:
        """Write the item (in the reactor thread: the archive's connection belongs to it)."""
        spider = self.crawler.spider
        archive = spider.archive  # type: ignore[attr-defined]
        state = spider.crawl_state  # type: ignore[attr-defined]
        portal = item["portal"]
        docs = item["documents"]
        page = docs[0]
        validators = _validators(page)
        entry = {"list_title": item.get("list_title"), "list_date": item.get("list_date")}
        if chosen is None or report is None:
            with archive.transaction():
                state.count(portal, "not_reports", durable=True)
                state.record_url(page["url"], portal=portal, role="page", outcome="not_report",
                                 http_status=page["status"], sha256=_sha(page["body"]), **validators, **entry)
            log.info("not a report: %s (%s)", page["url"], item.get("list_title"))
            return {"url": page["url"], "outcome": "not_report"}
        with archive.transaction():
            caps = [CaptureResult(d["capture_id"], d["sha256"], False, False) if d.get("unchanged") else
                    archive.capture(url=d["url"], content=d["body"], content_type=d["content_type"],
                                    http_status=d["status"], headers=d["headers"], captured_at=d["captured_at"],
                                    source="crawl", portal=portal) for d in docs]
            roles = [d["role"] for d in docs]
            twin = self._copy_of(archive, report, caps[chosen].sha256, [d["url"] for d in docs])
            if twin is not None and twin[1] != _key(report, caps[chosen].sha256):
                outcome, report_id = "duplicate", twin[0]  # keyed differently: keep the originals only
            else:
                result = archive.store_report(report, [c.capture_id for c in caps], roles,
                                              parsed_capture=caps[chosen].capture_id)
                report_id = result.report_id
                copy = twin is not None or result.outcome in ("kept", "replaced", "superseded")
                outcome = "duplicate" if copy else result.outcome  # new | revised | unchanged | reextracted
            state.record_url(page["url"], portal=portal, role="page", outcome="stored" if outcome != "duplicate"
                             else "duplicate", http_status=page["status"], sha256=caps[0].sha256,
                             report_id=report_id, **validators, **entry)
            for doc, cap in zip(docs[1:], caps[1:], strict=True):
                state.record_url(doc["url"], portal=portal, role="attachment", outcome="stored",
                                 http_status=doc["status"], sha256=cap.sha256, report_id=report_id,
                                 parent=page["url"], **_validators(doc))
            counter = {"new": "new", "revised": "revised", "duplicate": "duplicates"}.get(outcome, "unchanged")
            state.count(portal, counter, durable=True)
        log.info("%s report %s: %s %s (%s)", outcome, report_id, report.organ, report.year, page["url"])
        return {"url": page["url"], "outcome": outcome, "report_id": report_id, "organ": report.organ,
                "year": report.year, "title": report.title, "source": docs[chosen]["url"]}

    @staticmethod
    def _copy_of(archive: Any, report: Report, sha256: str, urls: list[str]) -> tuple[int, str] | None:
        """(id, key) of a report stored from other URLs with the same title+organ+year or the same bytes.

        Reports this item's own URLs already belong to are not copies: they are this report (a revision,
        or a rerun).
        """
        conn = archive.conn
        marks = ", ".join("?" * len(urls))
        own = (f"r.id NOT IN (SELECT rc.report_id FROM report_captures rc JOIN captures c ON c.id = rc.capture_id "
               f"WHERE c.url IN ({marks}))")
        row = None
        if report.title and report.year is not None:
            row = conn.execute(f"SELECT r.id, r.report_key FROM reports r WHERE r.title = ? AND r.year = ? "
                               f"AND r.organ IS ? AND {own} LIMIT 1",
                               (report.title, report.year, report.organ, *urls)).fetchone()
        if row is None:
            row = conn.execute(f"SELECT r.id, r.report_key FROM reports r "
                               f"JOIN report_captures rc ON rc.report_id = r.id "
                               f"JOIN captures c ON c.id = rc.capture_id WHERE c.sha256 = ? AND {own} LIMIT 1",
                               (sha256, *urls)).fetchone()
        return (row[0], row[1]) if row else None


def _key(report: Report, sha256: str) -> str:
    from archive.reports import report_key

    return report_key(report, sha256)


def _validators(doc: dict[str, Any]) -> dict[str, str | None]:
    """ETag and Last-Modified of a fetched document (header names as Scrapy normalised them)."""
    headers = {k.lower(): v for k, v in doc["headers"].items()}
    return {"etag": headers.get("etag"), "last_modified": headers.get("last-modified")}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
