"""The Archive: one object for everything that writes or reads archive.db.

Each public method is one transaction (all or nothing), unless it runs inside `bulk()`, which wraps any number of
calls in a single transaction: that is how a crawler or a benchmark stores thousands of reports per second.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from extract import Report

from . import fts
from .captures import CaptureResult, capture
from .connection import connect
from .create import prepare
from .export import export
from .ingest import IngestResult, expand_paths, ingest_bytes, read_file
from .parse import parse_original
from .reextract import ReextractSummary, reextract_all
from .reports import ReportResult, store_report

ReportItem = tuple[Report, Sequence[int], Sequence[str]]


class Archive:
    """archive.db: originals with provenance, reports, cells, checks, extraction runs. A context manager."""

    def __init__(self, path: str | Path = "archive.db") -> None:
        self.path = Path(path)
        self.conn = connect(self.path)
        self._depth = 0
        self.index = fts.SearchIndex(self.conn)
        try:
            prepare(self.conn)
        except BaseException:
            self.conn.close()
            raise

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._depth:
            self.conn.execute("ROLLBACK")
            self.index.discard()
            self._depth = 0
        self.conn.close()

    @property
    def db(self) -> Any:
        """The same connection as a sqlite_utils.Database, for ad-hoc reads."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # --- transactions -------------------------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction; nested calls join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self.index.discard()
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self.index.flush()
        self.conn.execute("COMMIT")

    @contextmanager
    def bulk(self, cache_mb: int = 256) -> Iterator[Archive]:
        """One transaction for many calls, with a larger page cache; call `commit()` inside to save progress.

            with Archive("big.db") as a, a.bulk():
                for url, data, report in documents:
                    a.add_document(url=url, content=data, report=report)   # or capture() + add_report()
                    if n % 10_000 == 0:
                        a.commit()

        Full-text indexing waits for `commit()` or the end of the block (one INSERT … SELECT, or a rebuild of
        reports_fts when the new reports are most of the table), so searches inside the block miss new reports.
        """
        old = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size = {-int(cache_mb) * 1024}")
        batch, self.index.batch = self.index.batch, None
        try:
            with self.transaction():
                yield self
            # exact statistics for reports' indexes, or the planner picks the wrong one for facet pages (0.1 s)
            self.conn.execute("ANALYZE reports")
        finally:
            self.index.batch = batch
            self.conn.execute(f"PRAGMA cache_size = {old}")

    def commit(self) -> None:
        """Inside `bulk()`: make everything so far durable and carry on in a new transaction."""
        if self._depth:
            self.index.flush()
            self.conn.execute("COMMIT")
            self.conn.execute("BEGIN IMMEDIATE")

    # --- writing ------------------------------------------------------------------------------------------------

    def capture(self, *, url: str, content: bytes, content_type: str | None = None, http_status: int | None = None,
                headers: dict[str, str] | str | None = None, captured_at: str | None = None,
                source: str = "crawl", portal: str | None = None) -> CaptureResult:
        """Store an original (once per content) and a capture of it. See captures.capture."""
        with self.transaction():
            return capture(self.conn, url=url, content=content, content_type=content_type, http_status=http_status,
                           headers=headers, captured_at=captured_at, source=source, portal=portal)

    def store_report(self, report: Report, captures: Sequence[int], roles: Sequence[str], *,
                     parsed_capture: int | None = None) -> ReportResult:
        """Upsert a parsed report and say what happened (new, unchanged, revised…). See reports.store_report."""
        with self.transaction():
            return store_report(self.conn, self.index, report, list(captures), list(roles),
                                parsed_capture=parsed_capture)

    def add_report(self, report: Report, captures: Sequence[int], roles: Sequence[str], *,
                   parsed_capture: int | None = None) -> int:
        """Upsert a parsed report; its id. `captures[0]` (or parsed_capture) is what `report` was parsed from;
        roles are page | attachment | file."""
        return self.store_report(report, captures, roles, parsed_capture=parsed_capture).report_id

    def add_reports(self, items: Iterable[ReportItem]) -> list[int]:
        """Many (report, captures, roles) in one transaction."""
        with self.transaction():
            return [store_report(self.conn, self.index, r, list(c), list(roles)).report_id for r, c, roles in items]

    def add_document(self, *, url: str, content: bytes, report: Report | None = None, role: str = "page",
                     **capture_args: Any) -> ReportResult:
        """Capture bytes and store the report they hold (parsed here unless given): the crawler's one call."""
        with self.transaction():
            cap = capture(self.conn, url=url, content=content, **capture_args)
            if report is None:
                report = parse_original(content, url, capture_args.get("content_type"))
            return store_report(self.conn, self.index, report, [cap.capture_id], [role])

    def ingest(self, paths: Iterable[str | Path]) -> list[IngestResult]:
        """A user's own files (directories: the report-like files under them), each in its own transaction."""
        results = []
        for path in expand_paths(paths):
            data = read_file(path)
            if isinstance(data, IngestResult):
                results.append(data)
                continue
            with self.transaction():
                results.append(ingest_bytes(self.conn, self.index, path, data))
        return results

    def reextract(self) -> ReextractSummary:
        """Re-parse every report's live originals with the current extractor (idempotent)."""
        return reextract_all(self.conn, self.index, self.transaction)

    def rebuild_search_index(self) -> None:
        """Re-index every report's title and text (only needed if something other than the archive wrote)."""
        with self.transaction():
            fts.rebuild(self.conn)

    # --- reading ------------------------------------------------------------------------------------------------

    def iterdump(self) -> Iterator[str]:
        """The database as SQL text, like sqlite3.Connection.iterdump (which pysqlite3 lacks; CPython's own
        iterdump is this same pure-Python function): to compare two states of an archive."""
        from sqlite3.dump import _iterdump

        return _iterdump(self.conn)

    def search(self, query: str, limit: int = 50) -> list[fts.SearchHit]:
        """Reports containing every term: FTS5 trigram MATCH for terms of ≥3 characters, LIKE for shorter ones."""
        return fts.search(self.conn, query, limit)

    def export(self, fmt: str, out_dir: str | Path, bom: bool = False) -> list[Path]:
        """CSV or JSON files of every table plus datapackage.json (streamed). See export.export."""
        return export(self.conn, fmt, out_dir, bom=bom)
