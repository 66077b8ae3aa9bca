"""Re-reading every stored original with the current extractor, after the extractor improved.

Each report's live originals are parsed again: its current one, and any other original it was found as that is
still the latest content at its URL (older versions of a revised page are history and stay as they were read).
Identical results change nothing; a changed result is a new extraction run, and the report's cells are replaced
when it is the current original (or another original now reads strictly better).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .captures import latest_capture
from .fts import SearchIndex
from .parse import parse_original
from .reports import store_report


@dataclass
class ReextractSummary:
    reports: int = 0
    originals: int = 0  # originals parsed
    unchanged: int = 0  # parses whose result was already stored
    updated: int = 0  # reports whose cells and checks were replaced
    new_runs: int = 0  # extraction runs added
    rekeyed: int = 0  # reports whose report_key changed (the new extractor read organ, county or year differently)
    failures: list[str] = field(default_factory=list)  # originals the extractor raised on (report id, sha256, error)


def _live_originals(conn: Any, report_id: int, current: str | None) -> list[tuple[str, int, str]]:
    """(sha256, capture id, role) of each original the report was extracted from that is still live."""
    rows = conn.execute(
        "SELECT e.sha256, e.capture_id, COALESCE(rc.role, 'page') FROM extractions e "
        "LEFT JOIN report_captures rc ON rc.report_id = e.report_id AND rc.capture_id = e.capture_id "
        "WHERE e.id IN (SELECT MAX(id) FROM extractions WHERE report_id = ? GROUP BY sha256)", (report_id,)).fetchall()
    out = []
    for sha, capture_id, role in rows:
        url = conn.execute("SELECT url FROM captures WHERE id = ?", (capture_id,)).fetchone()[0]
        latest = latest_capture(conn, url)
        if sha == current or (latest is not None and latest[1] == sha):
            out.append((sha, capture_id, role))
    return sorted(out, key=lambda o: o[0] != current)  # the current original first


def reextract_report(conn: Any, index: SearchIndex, report_id: int, summary: ReextractSummary) -> None:
    """Re-read one report's live originals. Runs inside the caller's transaction."""
    key, current = conn.execute("SELECT report_key, sha256 FROM reports WHERE id = ?", (report_id,)).fetchone()
    summary.reports += 1
    updated = False
    for sha, capture_id, role in _live_originals(conn, report_id, current):
        url, ctype, content = conn.execute(
            "SELECT c.url, COALESCE(c.content_type, o.content_type), o.content FROM captures c "
            "JOIN originals o ON o.sha256 = c.sha256 WHERE c.id = ?", (capture_id,)).fetchone()
        try:
            report = parse_original(bytes(content), url, ctype)
        except Exception as exc:  # the extractor promises not to raise; one bad original must not stop the rest
            summary.failures.append(f"report {report_id}, original {sha}: {exc!r}")
            continue
        summary.originals += 1
        before = conn.execute("SELECT MAX(id) FROM extractions").fetchone()[0]
        result = store_report(conn, index, report, [capture_id], [role], into_report=report_id)
        summary.new_runs += result.extraction_id > before
        summary.unchanged += result.extraction_id <= before
        updated = updated or result.changed
    summary.updated += updated
    new_key = conn.execute("SELECT report_key FROM reports WHERE id = ?", (report_id,)).fetchone()[0]
    summary.rekeyed += new_key != key


def reextract_all(conn: Any, index: SearchIndex, transaction: Callable[[], Any]) -> ReextractSummary:
    """Every report, each in its own transaction (so a long run can be stopped without losing the rest)."""
    summary = ReextractSummary()
    for (report_id,) in conn.execute("SELECT id FROM reports ORDER BY id").fetchall():
        with transaction():
            reextract_report(conn, index, report_id, summary)
    return summary
