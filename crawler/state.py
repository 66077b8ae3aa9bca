"""Crawl status and rerun state, as tables in the archive database (so Datasette shows them).

Tables (created here, on the archive's own connection):

* ``crawl_runs``: one row per crawl run: when, what registry, pages, reports found/new/revised, blocked
  portals, errors, how it ended. A run killed and resumed keeps its row (``resumes`` counts restarts).
* ``portal_status``: one row per run and portal: pages fetched, reports found, new, revised, unchanged,
  duplicates, blocked (and why), errors, the report columns found. Written every few seconds during a
  crawl, so even a killed run leaves its figures.
* ``crawl_urls``: one row per article or attachment URL ever fetched: HTTP validators (ETag,
  Last-Modified), the list entry it was found under (title, date), what came of it (stored, duplicate,
  not a report…), the run that last handled it.

Why ``crawl_urls`` (the rerun design): a second crawl fetches every list page again (lists are where news
appears, and they are small), but for an article URL it already knows it

1. skips it outright when this same run already handled it (a crawl resumed after a kill);
2. otherwise asks conditionally (``If-None-Match`` / ``If-Modified-Since`` from the last answer); a
   ``304`` costs no body and means unchanged, anything else is compared by the archive (new bytes at a
   known URL = a revision);
3. without validators, skips it when its list entry (title and date) is unchanged and it was fetched
   less than ``GOVREPORTS_REVISIT_DAYS`` ago, and fetches it again otherwise — so a quiet revision on a
   server without validators is found at the latest after that interval.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

DDL = """
CREATE TABLE IF NOT EXISTS crawl_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,               -- running | finished | stopped (interrupted; resumable)
    finish_reason TEXT,
    registry TEXT,                      -- the registry files or province crawled
    years TEXT,
    portals INTEGER,
    pages INTEGER DEFAULT 0,
    reports_found INTEGER DEFAULT 0,
    new INTEGER DEFAULT 0,
    revised INTEGER DEFAULT 0,
    unchanged INTEGER DEFAULT 0,
    blocked INTEGER DEFAULT 0,          -- portals that answered with an anti-bot challenge
    errors INTEGER DEFAULT 0,
    resumes INTEGER DEFAULT 0,
    crawl_dir TEXT
);
CREATE TABLE IF NOT EXISTS portal_status (
    run_id INTEGER NOT NULL REFERENCES crawl_runs(id),
    portal TEXT NOT NULL,               -- registry id
    province TEXT,
    county TEXT,
    home TEXT,
    platform TEXT,
    state TEXT NOT NULL,                -- pending | crawling | done | blocked | no_column | error
    pages INTEGER DEFAULT 0,
    reports_found INTEGER DEFAULT 0,
    new INTEGER DEFAULT 0,
    revised INTEGER DEFAULT 0,
    unchanged INTEGER DEFAULT 0,
    duplicates INTEGER DEFAULT 0,
    not_reports INTEGER DEFAULT 0,
    errors INTEGER DEFAULT 0,
    blocked_reason TEXT,
    last_error TEXT,
    columns TEXT,                       -- JSON list of report columns (list pages) found
    updated_at TEXT,
    PRIMARY KEY (run_id, portal)
);
CREATE TABLE IF NOT EXISTS crawl_urls (
    url TEXT PRIMARY KEY,
    portal TEXT,
    role TEXT,                          -- page | attachment
    outcome TEXT,                       -- stored | duplicate | not_report | unchanged | error
    http_status INTEGER,
    etag TEXT,
    last_modified TEXT,
    sha256 TEXT,
    list_title TEXT,
    list_date TEXT,
    parent TEXT,                        -- for an attachment: the article page that links it
    report_id INTEGER,
    first_run INTEGER,
    last_run INTEGER,
    fetched_at TEXT
);
"""

COUNTERS = ("pages", "reports_found", "new", "revised", "unchanged", "duplicates", "not_reports", "errors")


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class PortalCount:
    """Live figures of one portal in this process (added onto the stored row when flushed)."""

    state: str = "pending"
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTERS, 0))
    blocked_reason: str | None = None
    last_error: str | None = None
    columns: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Known:
    """What the last crawl learnt about a URL."""

    outcome: str | None
    etag: str | None
    last_modified: str | None
    list_title: str | None
    list_date: str | None
    last_run: int | None
    fetched_at: str | None
    url: str | None = None


class CrawlState:
    """Reads and writes the crawl tables through a DB-API connection in autocommit mode."""

    def __init__(self, conn: Any, transaction: Callable[[], AbstractContextManager[None]]) -> None:
        self.conn = conn
        self.transaction = transaction  # the archive's: joins an outer transaction, else BEGIN IMMEDIATE
        self.conn.executescript(DDL)
        self.run_id: int | None = None
        self.portals: dict[str, PortalCount] = defaultdict(PortalCount)
        self._base: dict[str, dict[str, int]] = {}

    # ---- runs ------------------------------------------------------------------------------------
    def start_run(self, *, registry: str, years: str | None, portals: int, crawl_dir: str,
                  resume: int | None = None) -> int:
        """A new run, or the interrupted run ``resume`` carried on (its figures continue)."""
        row = None
        if resume is not None:
            row = self.conn.execute("SELECT id FROM crawl_runs WHERE id = ? AND status != 'finished'",
                                    (resume,)).fetchone()
        if row:
            self.run_id = row[0]
            self.conn.execute("UPDATE crawl_runs SET status = 'running', resumes = resumes + 1 WHERE id = ?",
                              (self.run_id,))
            for r in self.conn.execute(f"SELECT portal, state, {', '.join(COUNTERS)}, blocked_reason, columns "
                                       "FROM portal_status WHERE run_id = ?", (self.run_id,)):
                self._base[r[0]] = dict(zip(COUNTERS, r[2:2 + len(COUNTERS)], strict=True))
                pc = self.portals[r[0]]
                pc.state = r[1]
                pc.blocked_reason = r[-2]
                pc.columns = json.loads(r[-1] or "[]")
        else:
            self.run_id = self.conn.execute(
                "INSERT INTO crawl_runs (started_at, status, registry, years, portals, crawl_dir) "
                "VALUES (?, 'running', ?, ?, ?, ?)", (now(), registry, years, portals, crawl_dir)).lastrowid
        return int(self.run_id)

    def finish_run(self, reason: str) -> None:
        self.flush()
        status = "finished" if reason == "finished" else "stopped"
        totals = self.totals()
        self.conn.execute(
            "UPDATE crawl_runs SET finished_at = ?, status = ?, finish_reason = ?, pages = ?, reports_found = ?, "
            "new = ?, revised = ?, unchanged = ?, blocked = ?, errors = ? WHERE id = ?",
            (now(), status, reason, totals["pages"], totals["reports_found"], totals["new"], totals["revised"],
             totals["unchanged"], totals["blocked"], totals["errors"], self.run_id))

    # ---- portals ---------------------------------------------------------------------------------
    def register(self, portal: Any) -> None:
        """Make sure the portal has a status row for this run (pending until its first response)."""
        self.conn.execute(
            "INSERT OR IGNORE INTO portal_status (run_id, portal, province, county, home, platform, state, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)",
            (self.run_id, portal.id, portal.province, portal.county or portal.city, portal.home, portal.platform,
             now()))
        self.portals[portal.id]

    def count(self, portal: str | None, name: str, n: int = 1, durable: bool = False) -> None:
        """Add to a portal's figure. ``durable``: also written now, inside the caller's transaction (what
        was stored must be counted exactly even if the process is killed before the next flush)."""
        if not portal:
            return
        pc = self.portals[portal]
        pc.counts[name] += n
        if pc.state == "pending":
            pc.state = "crawling"
        if durable:
            self.conn.execute(f"UPDATE portal_status SET {name} = {name} + ? WHERE run_id = ? AND portal = ?",
                              (n, self.run_id, portal))

    def blocked(self, portal: str, reason: str) -> bool:
        """Record an anti-bot answer; True the first time (so the caller logs it once)."""
        pc = self.portals[portal]
        first = pc.state != "blocked"
        pc.state = "blocked"
        pc.blocked_reason = pc.blocked_reason or reason
        return first

    def is_blocked(self, portal: str | None) -> bool:
        return bool(portal) and self.portals[portal].state == "blocked"

    def error(self, portal: str | None, message: str) -> None:
        if portal:
            self.count(portal, "errors")
            self.portals[portal].last_error = message[:500]

    def column(self, portal: str, url: str) -> None:
        cols = self.portals[portal].columns
        if url not in cols:
            cols.append(url)

    def figures(self, portal: str) -> dict[str, int]:
        base = self._base.get(portal, {})
        live = self.portals[portal].counts
        return {k: base.get(k, 0) + live.get(k, 0) for k in COUNTERS}

    def totals(self) -> dict[str, int]:
        totals = dict.fromkeys((*COUNTERS, "blocked"), 0)
        for pid, pc in self.portals.items():
            for k, v in self.figures(pid).items():
                totals[k] += v
            totals["blocked"] += pc.state == "blocked"
        return totals

    def close_portals(self) -> None:
        """End of run: portals still crawling are done, ``no_column`` when no report column was found, or
        ``error`` when nothing could be fetched at all (DNS, timeouts, server errors)."""
        for pid, pc in self.portals.items():
            if pc.state in ("crawling", "pending"):
                figures = self.figures(pid)
                if figures["pages"] == 0 and figures["errors"]:
                    pc.state = "error"
                else:
                    pc.state = "done" if pc.columns else "no_column"

    def flush(self) -> None:
        """Write the live figures (cheap; called every few seconds and at the end)."""
        stamp = now()
        with_rows = []
        for pid, pc in self.portals.items():
            figs = self.figures(pid)
            with_rows.append((pc.state, *(figs[k] for k in COUNTERS), pc.blocked_reason, pc.last_error,
                              json.dumps(pc.columns, ensure_ascii=False), stamp, self.run_id, pid))
        sets = ", ".join(f"{k} = ?" for k in ("state", *COUNTERS, "blocked_reason", "last_error", "columns",
                                               "updated_at"))
        with self.transaction():
            self.conn.executemany(f"UPDATE portal_status SET {sets} WHERE run_id = ? AND portal = ?", with_rows)
            totals = self.totals()
            self.conn.execute("UPDATE crawl_runs SET pages = ?, reports_found = ?, new = ?, revised = ?, "
                              "unchanged = ?, blocked = ?, errors = ? WHERE id = ?",
                              (totals["pages"], totals["reports_found"], totals["new"], totals["revised"],
                               totals["unchanged"], totals["blocked"], totals["errors"], self.run_id))

    # ---- URLs ------------------------------------------------------------------------------------
    def known(self, url: str) -> Known | None:
        row = self.conn.execute("SELECT outcome, etag, last_modified, list_title, list_date, last_run, fetched_at "
                                "FROM crawl_urls WHERE url = ?", (url,)).fetchone()
        return Known(*row) if row else None

    def should_skip(self, known: Known | None, list_title: str | None, list_date: str | None,
                    revisit_days: float) -> bool:
        """Whether an article URL needs no request at all (see the module docstring)."""
        if known is None or known.outcome in (None, "error"):
            return False
        if known.last_run == self.run_id:
            return True
        if known.etag or known.last_modified:
            return False  # a conditional request is nearly free and catches quiet revisions
        unchanged_entry = (known.list_title or "") == (list_title or "") and (known.list_date or "") == (
            list_date or "")
        if not unchanged_entry or not known.fetched_at:
            return False
        fetched = datetime.strptime(known.fetched_at[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
        return datetime.now(UTC) - fetched < timedelta(days=revisit_days)

    def attachments_of(self, page_url: str) -> list[Known]:
        """The stored attachments of an article page, with their validators (for a conditional recheck)."""
        rows = self.conn.execute("SELECT url, outcome, etag, last_modified, list_title, list_date, last_run, "
                                 "fetched_at FROM crawl_urls WHERE parent = ? AND role = 'attachment' ORDER BY rowid",
                                 (page_url,)).fetchall()
        return [Known(*row[1:], url=row[0]) for row in rows]

    def record_url(self, url: str, *, portal: str | None, role: str, outcome: str, http_status: int | None = None,
                   etag: str | None = None, last_modified: str | None = None, sha256: str | None = None,
                   list_title: str | None = None, list_date: str | None = None,
                   report_id: int | None = None, parent: str | None = None) -> None:
        """Remember what came of a URL (runs inside the caller's transaction when there is one)."""
        self.conn.execute(
            "INSERT INTO crawl_urls (url, portal, role, outcome, http_status, etag, last_modified, sha256, list_title,"
            " list_date, parent, report_id, first_run, last_run, fetched_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (url) DO UPDATE SET portal = excluded.portal, role = excluded.role, "
            "outcome = excluded.outcome, http_status = excluded.http_status, "
            "etag = COALESCE(excluded.etag, crawl_urls.etag), "
            "last_modified = COALESCE(excluded.last_modified, crawl_urls.last_modified), "
            "sha256 = COALESCE(excluded.sha256, crawl_urls.sha256), list_title = excluded.list_title, "
            "list_date = excluded.list_date, parent = COALESCE(excluded.parent, crawl_urls.parent), "
            "report_id = COALESCE(excluded.report_id, crawl_urls.report_id), "
            "last_run = excluded.last_run, "
            "fetched_at = CASE WHEN excluded.outcome = 'unchanged' THEN crawl_urls.fetched_at "
            "ELSE excluded.fetched_at END",
            (url, portal, role, outcome, http_status, etag, last_modified, sha256, list_title, list_date, parent,
             report_id, self.run_id, self.run_id, now()))
