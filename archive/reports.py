"""Storing a parsed report: one row per organ and year, its cells and checks, and the extraction run behind them.

Which original a report's numbers come from:

* A report is identified by `report_key` = adcode|organ|year. When the county, organ or year is unknown it is
  `sha256:<hash of the original>`: an organ written without its county (县政府办) must not merge two counties.
* The same page URL with new bytes is a revision: the new original becomes the report's current one, the report is
  marked `revised`, and the older original and its extraction runs stay.
* Another original of the same report from another URL (the text file and the web page of one report, a 图解 page
  of the same organ and year) replaces the current one only if the extractor read strictly more of it (more cells
  ok, then fewer missing). The choice is stable: adding the same originals again never flips it.
* Every extraction is a run in `extractions`, with a hash of its whole result. Storing the same original with the
  same result again (the same extractor, or a new one that reads it identically) reuses the run and writes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import extract
from extract import Report
from extract.places import place_by_adcode

from .captures import latest_capture
from .create import utc_now
from .fts import SearchIndex

ROLES = ("page", "attachment", "file")
WARNING_CHECKS = frozenset({"narrative_requests"})  # the narrative may count differently (spec: checks)
NOT_A_REPORT = "not an annual report"


@dataclass(frozen=True)
class RunSummary:
    """What one extraction produced, reduced to what the archive stores beside its cells."""

    result_sha256: str
    cells_ok: int
    cells_missing: int
    check_status: str  # fail | warn | pass | skipped
    checks_failed: int

    def better_than(self, cells_ok: int | None, cells_missing: int | None) -> bool:
        return (self.cells_ok, -self.cells_missing) > (cells_ok or 0, -(cells_missing or 0))


@dataclass(frozen=True)
class ReportResult:
    report_id: int
    report_key: str
    outcome: str  # new | unchanged | reextracted | revised | replaced | kept | superseded
    extraction_id: int  # the run recorded for this original (current unless outcome is kept or superseded)

    @property
    def changed(self) -> bool:
        return self.outcome in ("new", "reextracted", "revised", "replaced")


def is_report(report: Report) -> bool:
    """False when the extractor found the document is not an annual report (a news item): ingest skips it."""
    return not any(e.startswith(NOT_A_REPORT) for e in report.errors)


def result_hash(report: Report) -> str:
    """SHA-256 of everything a run stores (not the local path it was given)."""
    data = report.to_dict()
    data.pop("path", None)
    data.update(text=report.text, format=report.format, encoding=report.encoding)
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def check_status(report: Report) -> tuple[str, int]:
    """(status, failed table checks): fail, warn (only a warning check failed), pass, or skipped."""
    failed = [c for c in report.checks if c.status == "fail"]
    table_failed = [c for c in failed if c.name not in WARNING_CHECKS]
    if table_failed:
        return "fail", len(table_failed)
    if failed:
        return "warn", 0
    return ("pass" if any(c.status == "pass" for c in report.checks) else "skipped"), 0


def summarise(report: Report) -> RunSummary:
    ok = sum(c.status == "ok" for c in report.cells)
    missing = sum(c.status == "missing" for c in report.cells)
    status, failed = check_status(report)
    return RunSummary(result_hash(report), ok, missing, status, failed)


def report_key(report: Report, sha256: str) -> str:
    if report.adcode and report.organ and report.year is not None:
        return f"{report.adcode}|{report.organ}|{report.year}"
    return f"sha256:{sha256}"


def _is_hash_key(key: str) -> bool:
    return key.startswith("sha256:")


def _region(conn: Any, report: Report) -> str | None:
    """The report's adcode, with its regions row in place (filled from the division data if the report lacks it)."""
    if not report.adcode:
        return None
    province, city, county = report.province, report.city, report.county
    if not (province and county) and (place := place_by_adcode(report.adcode)):
        province, city, county = place.province, place.city, place.county
    conn.execute("INSERT OR IGNORE INTO regions (adcode, province, city, county) VALUES (?, ?, ?, ?)",
                 (report.adcode, province or "", city, county or ""))
    return report.adcode


def _organ(conn: Any, report: Report, adcode: str | None) -> int | None:
    if not report.organ:
        return None
    row = conn.execute("SELECT id FROM organs WHERE name = ? AND adcode IS ?", (report.organ, adcode)).fetchone()
    if row:
        return row[0]
    return conn.execute("INSERT INTO organs (name, kind, adcode) VALUES (?, ?, ?)",
                        (report.organ, report.organ_kind, adcode)).lastrowid


def _fields(conn: Any, report: Report, cap: Any, run: RunSummary) -> dict[str, Any]:
    adcode = _region(conn, report)
    return {
        "organ_id": _organ(conn, report, adcode), "title": report.title, "year": report.year,
        "template": report.template, "organ": report.organ, "organ_kind": report.organ_kind, "adcode": adcode,
        "province": report.province, "city": report.city, "county": report.county, "published": report.published,
        "url": cap["url"], "sha256": cap["sha256"], "fetched_at": cap["captured_at"],
        "check_status": run.check_status, "checks_failed": run.checks_failed, "cells_ok": run.cells_ok,
        "cells_missing": run.cells_missing, "errors": json.dumps(report.errors, ensure_ascii=False),
        "text": report.text,
    }


def _run(conn: Any, report_id: int, cap: Any, report: Report, run: RunSummary, now: str) -> int:
    """The extraction run of this original with this result: an earlier identical one, else a new one."""
    row = conn.execute("SELECT id FROM extractions WHERE report_id = ? AND sha256 = ? AND result_sha256 = ? "
                       "ORDER BY id DESC LIMIT 1", (report_id, cap["sha256"], run.result_sha256)).fetchone()
    if row:
        return row[0]
    return conn.execute(
        "INSERT INTO extractions (report_id, sha256, capture_id, extractor_version, extracted_at, template, errors, "
        "result_sha256, cells_ok, cells_missing) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (report_id, cap["sha256"], cap["id"], extract.__version__, now, report.template,
         json.dumps(report.errors, ensure_ascii=False), run.result_sha256, run.cells_ok, run.cells_missing),
    ).lastrowid


def _write_cells(conn: Any, report_id: int, run_id: int, report: Report) -> None:
    conn.execute("DELETE FROM cells WHERE report_id = ?", (report_id,))
    conn.execute("DELETE FROM checks WHERE report_id = ?", (report_id,))
    conn.executemany(
        "INSERT INTO cells (report_id, table_key, row_key, column_key, value, raw, status, extraction_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(report_id, c.table, c.row, c.column, c.value, c.raw, c.status, run_id) for c in report.cells])
    conn.executemany(
        "INSERT INTO checks (report_id, name, status, detail, extraction_id) VALUES (?, ?, ?, ?, ?)",
        [(report_id, c.name, c.status, c.detail, run_id) for c in report.checks])


def _apply(conn: Any, index: SearchIndex, report_id: int, run_id: int, fields: dict[str, Any], report: Report,
           new_key: str | None = None) -> None:
    """Make this run the report's current one: its metadata, cells and checks."""
    index.changing(report_id, fields["title"], fields["text"])
    values = {**fields, "extraction_id": run_id, **({"report_key": new_key} if new_key else {})}
    sets = ", ".join(f"{k} = ?" for k in values)
    conn.execute(f"UPDATE reports SET {sets} WHERE id = ?", (*values.values(), report_id))
    _write_cells(conn, report_id, run_id, report)


def _refresh_links(conn: Any, report_id: int) -> None:
    """formats, revisions and revised follow from the report's captures; written only when they change.

    A county that quietly replaces only the attached PDF has revised its report too, so every URL the
    report was found at (page, file or attachment) counts.
    """
    formats = json.dumps([r[0] for r in conn.execute(
        "SELECT DISTINCT o.format FROM report_captures rc JOIN captures c ON c.id = rc.capture_id "
        "JOIN originals o ON o.sha256 = c.sha256 WHERE rc.report_id = ? AND o.format IS NOT NULL ORDER BY 1",
        (report_id,))])
    revisions = conn.execute(
        "SELECT MAX(n) FROM (SELECT COUNT(DISTINCT c2.sha256) AS n FROM captures c2 WHERE c2.url IN ("
        "SELECT c.url FROM report_captures rc JOIN captures c ON c.id = rc.capture_id "
        "WHERE rc.report_id = ?) GROUP BY c2.url)", (report_id,)).fetchone()[0] or 1
    conn.execute("UPDATE reports SET formats = ?, revisions = ?, revised = ? WHERE id = ? AND "
                 "(formats IS NOT ? OR revisions IS NOT ? OR revised IS NOT ?)",
                 (formats, revisions, int(revisions > 1), report_id, formats, revisions, int(revisions > 1)))


def _capture(conn: Any, capture_id: int) -> Any:
    row = conn.execute("SELECT id, url, sha256, captured_at FROM captures WHERE id = ?", (capture_id,)).fetchone()
    if row is None:
        raise ValueError(f"no capture {capture_id}")
    return dict(zip(("id", "url", "sha256", "captured_at"), row, strict=True))


def _report_row(conn: Any, where: str, params: tuple) -> dict[str, Any] | None:
    row = conn.execute(
        f"SELECT r.id, r.report_key, r.sha256, r.extraction_id, e.cells_ok, e.cells_missing FROM reports r "
        f"LEFT JOIN extractions e ON e.id = r.extraction_id WHERE {where}", params).fetchone()
    return dict(zip(("id", "report_key", "sha256", "extraction_id", "cells_ok", "cells_missing"), row,
                    strict=True)) if row else None


def _by_url(conn: Any, url: str, key: str) -> dict[str, Any] | None:
    """The report this page URL was stored as before, if the new content is the same report re-keyed: one of the
    two keys is a content hash (the old or the new version lacked its organ, county or year)."""
    row = conn.execute(
        "SELECT rc.report_id FROM report_captures rc JOIN captures c ON c.id = rc.capture_id "
        "WHERE c.url = ? AND rc.role IN ('page', 'file') ORDER BY c.captured_at DESC, c.id DESC LIMIT 1",
        (url,)).fetchone()
    if row is None:
        return None
    found = _report_row(conn, "r.id = ?", (row[0],))
    if found and (_is_hash_key(key) or _is_hash_key(found["report_key"])):
        return found
    return None


def store_report(conn: Any, index: SearchIndex, report: Report, captures: list[int], roles: list[str], *,
                 parsed_capture: int | None = None, into_report: int | None = None) -> ReportResult:
    """Upsert the report; `captures[0]` (or `parsed_capture`) is the capture whose bytes `report` was parsed from.

    `into_report` (re-extraction) names the report regardless of key; its key changes only if the new one is free.
    Runs inside the caller's transaction; `index` is told about new and changed texts.
    """
    if not captures or len(captures) != len(roles):
        raise ValueError("captures and roles must be non-empty lists of the same length")
    if bad := [r for r in roles if r not in ROLES]:
        raise ValueError(f"roles must be in {ROLES}, not {bad}")
    parsed = parsed_capture if parsed_capture is not None else captures[0]
    if parsed not in captures:
        raise ValueError("parsed_capture must be one of captures")
    cap = _capture(conn, parsed)
    run = summarise(report)
    key = report_key(report, cap["sha256"])
    now = utc_now()

    if into_report is not None:
        row = _report_row(conn, "r.id = ?", (into_report,))
        if row is None:
            raise ValueError(f"no report {into_report}")
    else:
        row = _report_row(conn, "r.report_key = ?", (key,)) or _by_url(conn, cap["url"], key)

    if row is None:
        fields = _fields(conn, report, cap, run)
        report_id = conn.execute(
            f"INSERT INTO reports (report_key, {', '.join(fields)}) VALUES (?{', ?' * len(fields)})",
            (key, *fields.values())).lastrowid
        index.added(report_id)
        _link(conn, report_id, captures, roles)
        run_id = _run(conn, report_id, cap, report, run, now)
        conn.execute("UPDATE reports SET extraction_id = ? WHERE id = ?", (run_id, report_id))
        _write_cells(conn, report_id, run_id, report)
        _refresh_links(conn, report_id)
        return ReportResult(report_id, key, "new", run_id)

    report_id = row["id"]
    _link(conn, report_id, captures, roles)
    run_id = _run(conn, report_id, cap, report, run, now)
    latest = latest_capture(conn, cap["url"])
    if row["extraction_id"] == run_id:
        outcome = "unchanged"
    elif row["sha256"] == cap["sha256"]:
        outcome = "reextracted"  # the current original, read differently (a new extractor)
    elif latest is not None and latest[1] != cap["sha256"]:
        outcome = "superseded"  # an older version of a page that has been captured since with other bytes
    elif _was_at(conn, row["sha256"], cap["url"]):
        outcome = "revised"
    elif run.better_than(row["cells_ok"], row["cells_missing"]):
        outcome = "replaced"
    else:
        outcome = "kept"
    new_key = None
    if outcome in ("reextracted", "revised", "replaced"):
        if key != row["report_key"] and not _is_hash_key(key) and (
                into_report is not None or _is_hash_key(row["report_key"])) and _report_row(
                conn, "r.report_key = ?", (key,)) is None:
            new_key = key
        _apply(conn, index, report_id, run_id, _fields(conn, report, cap, run), report, new_key)
    _refresh_links(conn, report_id)
    return ReportResult(report_id, new_key or row["report_key"], outcome, run_id)


def _link(conn: Any, report_id: int, captures: list[int], roles: list[str]) -> None:
    conn.executemany("INSERT OR IGNORE INTO report_captures (report_id, capture_id, role) VALUES (?, ?, ?)",
                     [(report_id, c, r) for c, r in zip(captures, roles, strict=True)])


def _was_at(conn: Any, sha256: str | None, url: str) -> bool:
    """Whether these bytes were once captured at this URL (so new bytes there are a revision of them)."""
    return sha256 is not None and conn.execute(
        "SELECT 1 FROM captures WHERE url = ? AND sha256 = ? LIMIT 1", (url, sha256)).fetchone() is not None
