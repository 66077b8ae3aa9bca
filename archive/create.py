"""Bringing a database file up to the archive's schema: tables, full-text index, views, cell labels.

Safe to run on every open: it only writes what differs (a new file, a changed view, a changed label), so opening
an archive to read or to re-ingest the same files leaves it byte-for-byte as it was.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from extract.schema import TEMPLATES, load_schema

from .fts import FTS_DDL
from .schema import DDL, SCHEMA_VERSION
from .views import view_sql


def utc_now() -> str:
    """The archive's timestamps: ISO 8601 in UTC to the microsecond (captures of one second stay ordered)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def cell_key_rows() -> list[tuple[str, ...]]:
    """(template, table, row, column, labels…) for every canonical cell, from extract/data/schema.yml."""
    rows = []
    for template in TEMPLATES:
        for tkey, spec in load_schema().tables.items():
            for row in spec.rows[template]:
                for col in row.columns:
                    c = spec.columns[col]
                    rows.append((template, tkey, row.key, col, spec.label, row.label, row.label_en, c.label,
                                 c.label_en))
    return rows


def _sync_cell_keys(conn: Any) -> None:
    have = {tuple(r[:4]): tuple(r) for r in conn.execute(
        "SELECT template, table_key, row_key, column_key, table_label, row_label, row_label_en, column_label, "
        "column_label_en FROM cell_keys")}
    for row in cell_key_rows():
        if have.get(row[:4]) == row:
            continue
        conn.execute(
            "INSERT INTO cell_keys (template, table_key, row_key, column_key, table_label, row_label, row_label_en, "
            "column_label, column_label_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (template, table_key, row_key, column_key) DO UPDATE SET table_label = excluded.table_label,"
            " row_label = excluded.row_label, row_label_en = excluded.row_label_en, "
            "column_label = excluded.column_label, column_label_en = excluded.column_label_en", row)


def _sync_views(conn: Any) -> None:
    have = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall())
    for name, sql in view_sql().items():
        if have.get(name) != sql:
            conn.execute(f"DROP VIEW IF EXISTS {name}")
            conn.execute(sql)


def prepare(conn: Any) -> None:
    """Create what is missing; refuse a database written by a newer schema."""
    conn.executescript(DDL + FTS_DDL)
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is not None and int(row[0]) > SCHEMA_VERSION:
        raise RuntimeError(f"archive schema version {row[0]} is newer than this code's ({SCHEMA_VERSION})")
    conn.execute("BEGIN")  # deferred: takes the write lock only if something differs
    try:
        if row is None:
            conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                             [("schema_version", str(SCHEMA_VERSION)), ("created_at", utc_now())])
        _sync_views(conn)
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN "
                                    "('reports_ai', 'reports_ad', 'reports_au')").fetchall():
            conn.execute(f"DROP TRIGGER {name}")  # early archives indexed by trigger; SearchIndex does it now
        _sync_cell_keys(conn)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
