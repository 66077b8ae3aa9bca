"""Ingesting a user's own files: each becomes a capture (file:// URL, source ingest), is parsed, and stored.

Ingesting the same file again changes nothing; a file whose content changed is a revision of its report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .captures import capture
from .fts import SearchIndex
from .parse import file_url, guess_content_type, parse_original
from .reports import is_report, store_report, summarise

REPORT_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml", ".txt", ".pdf", ".docx", ".doc", ".wps"})


@dataclass(frozen=True)
class IngestResult:
    path: str
    # new | unchanged | reextracted | revised | replaced | kept | superseded (see reports.ReportResult),
    # not-a-report (original archived, no report row) or unreadable (nothing stored)
    outcome: str
    url: str | None = None
    sha256: str | None = None
    capture_id: int | None = None
    new_content: bool = False  # the bytes were not in the archive before
    report_id: int | None = None
    report_key: str | None = None
    template: str | None = None
    county: str | None = None
    year: int | None = None
    cells_ok: int = 0
    cells_missing: int = 0
    check_status: str | None = None
    errors: tuple[str, ...] = ()
    error: str | None = None  # why the path could not be read


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; directories become the report-like files under them (by suffix), sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES
                              and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        else:
            out.append(p)
    return out


def read_file(path: Path) -> bytes | IngestResult:
    try:
        return path.read_bytes()
    except OSError as exc:
        return IngestResult(str(path), "unreadable", error=exc.strerror or str(exc))


def ingest_bytes(conn: Any, index: SearchIndex, path: Path, data: bytes) -> IngestResult:
    """Capture, parse and store one file's bytes. Runs inside the caller's transaction."""
    absolute = path.resolve()
    url = file_url(absolute)
    ctype = guess_content_type(absolute)
    cap = capture(conn, url=url, content=data, content_type=ctype, source="ingest")
    report = parse_original(data, url, ctype)
    base = {"path": str(path), "url": url, "sha256": cap.sha256, "capture_id": cap.capture_id,
            "new_content": cap.new_content, "template": report.template, "county": report.county,
            "year": report.year, "errors": tuple(report.errors)}
    if not is_report(report):
        return IngestResult(outcome="not-a-report", **base)
    stored = store_report(conn, index, report, [cap.capture_id], ["file"])
    run = summarise(report)
    return IngestResult(outcome=stored.outcome, report_id=stored.report_id, report_key=stored.report_key,
                        cells_ok=run.cells_ok, cells_missing=run.cells_missing, check_status=run.check_status, **base)
