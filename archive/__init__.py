"""govreports archive: every original byte for byte, and every number traceable to it.

    from archive import Archive
    with Archive("archive.db") as a:
        a.ingest(["report.html"])                       # a user's own files
        cap = a.capture(url=url, content=data, source="crawl", http_status=200)
        a.add_report(extract.parse_bytes(data, url=url), [cap.capture_id], ["page"])
        a.search("复议")                                  # 1–2 characters: LIKE; ≥3: FTS5 trigram
        a.export("csv", "out/", bom=True)

Layout: schema (DDL and descriptions of every table, view and column), connection (SQLite ≥ 3.44), create
(schema set-up on open), captures (originals and captures), reports (report rows, runs, cells, checks), parse (how an
original is handed to the extractor), ingest (a user's files), reextract, fts (search index and search()), wide and
views (the views), export (CSV/JSON + datapackage.json), store (the Archive class that ties them together).
"""

from __future__ import annotations

from .captures import CaptureResult
from .connection import SQLiteTooOld
from .fts import SearchHit
from .ingest import IngestResult
from .reextract import ReextractSummary
from .reports import ReportResult
from .schema import descriptions
from .store import Archive

__all__ = ["Archive", "CaptureResult", "IngestResult", "ReextractSummary", "ReportResult", "SQLiteTooOld",
           "SearchHit", "descriptions"]
