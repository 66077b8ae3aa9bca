"""Full-text search over report titles and texts.

FTS5 with the trigram tokenizer indexes Chinese without a word list, but a trigram index cannot match words of
one or two characters, and most Chinese words have two (复议, 诉讼, 公开). So `search` uses MATCH for terms of
three or more characters and a LIKE scan of reports for shorter ones. The LIKE goes to the base table, never to
the FTS table: SQLite 3.40 hands such a LIKE to FTS5 and wrongly returns nothing (fixed by 3.51, which the
archive requires anyway).

The FTS table is external-content (`content=[reports]`, as sqlite-utils writes it, so Datasette finds it). It is
kept in step by `SearchIndex`, not by triggers: a trigger indexes one row per statement, and FTS5 then flushes
its pending terms for every row (3-4 ms per report); indexing a transaction's new reports in one INSERT … SELECT
costs 0.6-0.9 ms. Only the archive package writes archive.db; `rebuild` repairs the index if anything else did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FTS_DDL = """
CREATE VIRTUAL TABLE IF NOT EXISTS reports_fts USING FTS5 (
    title, text, content=[reports], content_rowid=[id], tokenize='trigram'
);
"""

BATCH = 1000


class SearchIndex:
    """Keeps reports_fts in step with reports' title and text, indexing new and changed reports in batches.

    Call `added` after inserting a report, `changing` before updating its title or text, `flush` before COMMIT
    and `discard` after ROLLBACK.
    """

    def __init__(self, conn: Any, batch: int | None = BATCH) -> None:
        self.conn = conn
        self.batch = batch  # None: index only at flush (Archive.bulk does this)
        self.pending: set[int] = set()

    def added(self, report_id: int) -> None:
        self.pending.add(report_id)
        if self.batch is not None and len(self.pending) >= self.batch:
            self.flush()

    def changing(self, report_id: int, title: str | None, text: str | None) -> None:
        if report_id in self.pending:
            return
        old = self.conn.execute("SELECT title, text FROM reports WHERE id = ?", (report_id,)).fetchone()
        if old is None or (old[0], old[1]) == (title, text):
            return
        self.conn.execute("INSERT INTO reports_fts (reports_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
                          (report_id, old[0], old[1]))
        self.added(report_id)

    def flush(self) -> None:
        """Index the pending reports; when they are most of the table, rebuild it whole (2-3× faster per row)."""
        if not self.pending:
            return
        ids = sorted(self.pending)
        self.pending.clear()
        if 2 * len(ids) > self.conn.execute("SELECT MAX(id) FROM reports").fetchone()[0]:
            rebuild(self.conn)
            return
        for start in range(0, len(ids), 10000):
            chunk = ids[start:start + 10000]
            self.conn.execute("INSERT INTO reports_fts (rowid, title, text) SELECT id, title, text FROM reports "
                              f"WHERE id IN ({', '.join('?' * len(chunk))})", chunk)

    def discard(self) -> None:
        self.pending.clear()


def rebuild(conn: Any) -> None:
    """Re-index every report (after a write that bypassed the archive)."""
    conn.execute("INSERT INTO reports_fts (reports_fts) VALUES ('rebuild')")


MIN_TRIGRAM = 3


@dataclass(frozen=True)
class SearchHit:
    report_id: int
    report_key: str
    title: str | None
    province: str | None
    county: str | None
    year: int | None
    snippet: str


def _like_escape(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _snippet(text: str | None, term: str, width: int = 30) -> str:
    if not text:
        return ""
    i = text.find(term)
    if i < 0:
        return text[: 2 * width]
    return text[max(0, i - width): i + len(term) + width].replace("\n", " ")


def search(conn: Any, query: str, limit: int = 50) -> list[SearchHit]:
    """Reports whose title or text contain every whitespace-separated term of `query`.

    All terms of ≥3 characters: one FTS5 MATCH (phrases ANDed, best rank first). Any shorter term: a LIKE scan of
    reports for every term (a full scan: a few ms per thousand reports).
    """
    terms = query.split()
    if not terms:
        return []
    cols = "r.id, r.report_key, r.title, r.province, r.county, r.year, r.text"
    if all(len(t) >= MIN_TRIGRAM for t in terms):
        match = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
        rows = conn.execute(
            f"SELECT {cols} FROM reports_fts JOIN reports r ON r.id = reports_fts.rowid "
            "WHERE reports_fts MATCH ? ORDER BY reports_fts.rank LIMIT ?", (match, limit)).fetchall()
    else:
        where = " AND ".join("(r.title LIKE ? ESCAPE '\\' OR r.text LIKE ? ESCAPE '\\')" for _ in terms)
        params = [p for t in terms for p in (_like_escape(t), _like_escape(t))]
        rows = conn.execute(f"SELECT {cols} FROM reports r WHERE {where} ORDER BY r.year DESC, r.id LIMIT ?",
                            (*params, limit)).fetchall()
    return [SearchHit(row[0], row[1], row[2], row[3], row[4], row[5], _snippet(row[6], terms[0])) for row in rows]
