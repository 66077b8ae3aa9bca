"""Storing originals byte for byte, and the captures (fetches, ingests) that brought them in.

Originals are content-addressed: the same bytes are stored once however often and wherever they are found. A
capture records one fetch or ingest of one URL. A URL whose latest capture held other bytes has been revised by its
publisher; both versions stay in the archive.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from extract.pipeline import sniff_format

from .create import utc_now

SOURCES = ("crawl", "ingest")


@dataclass(frozen=True)
class CaptureResult:
    capture_id: int
    sha256: str
    new_content: bool  # these bytes were not in the archive before
    revised: bool  # the URL's previous capture held different bytes
    new_capture: bool = True  # False: an ingest of a file whose content the latest capture already holds


def latest_capture(conn: Any, url: str) -> tuple[int, str] | None:
    """(capture id, sha256) of the URL's most recent capture."""
    row = conn.execute("SELECT id, sha256 FROM captures WHERE url = ? ORDER BY captured_at DESC, id DESC LIMIT 1",
                       (url,)).fetchone()
    return (row[0], row[1]) if row else None


def capture(conn: Any, *, url: str, content: bytes, content_type: str | None = None, http_status: int | None = None,
            headers: dict[str, str] | str | None = None, captured_at: str | None = None, source: str = "crawl",
            portal: str | None = None) -> CaptureResult:
    """Store the bytes (once) and a capture row; see CaptureResult. Runs inside the caller's transaction."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    data = bytes(content)
    sha = hashlib.sha256(data).hexdigest()
    when = captured_at or utc_now()
    new_content = conn.execute("SELECT 1 FROM originals WHERE sha256 = ?", (sha,)).fetchone() is None
    if new_content:
        conn.execute(
            "INSERT INTO originals (sha256, size, content_type, format, content, first_captured_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (sha, len(data), content_type, sniff_format(data, content_type, url), data, when))
    previous = latest_capture(conn, url)
    revised = previous is not None and previous[1] != sha
    if source == "ingest" and previous is not None and previous[1] == sha:
        return CaptureResult(previous[0], sha, new_content, revised=False, new_capture=False)
    if isinstance(headers, dict):
        headers = json.dumps(headers, ensure_ascii=False, sort_keys=True)
    cur = conn.execute(
        "INSERT INTO captures (url, sha256, captured_at, http_status, headers, source, portal, content_type) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (url, sha, when, http_status, headers, source, portal, content_type))
    return CaptureResult(cur.lastrowid, sha, new_content, revised)
