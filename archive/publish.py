"""Publish the archive with Datasette: `govreports serve [--db FILE] [--port N] [--host 127.0.0.1]`.

The database is served read-only and immutable (`datasette -i`: opened with `?immutable=1`, table counts
computed once at start-up), always under the name `archive` whatever the file is called, so that the
per-database parts of `metadata.yml` (tables, canned queries, dashboards) apply. `metadata.yml` at the
repository root holds the titles, licence, descriptions, facets, canned queries and dashboards; `plugins/`
holds the `.csvbom` renderer (CSV with a UTF-8 BOM for Excel).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
METADATA = REPO / "metadata.yml"
PLUGINS_DIR = REPO / "plugins"
DEFAULT_DB = Path("archive.db")
DB_NAME = "archive"
# Datasette's defaults, changed for an archive of some 100,000 reports and 20 million cells:
# - suggest_facets off: suggestions run one query per column on every table page (the wide views have ~200
#   columns), seconds per page at that scale; the useful facets are configured in metadata.yml.
# - facet_time_limit_ms 1000 (default 200): facets over all reports of a small machine need more than 200 ms.
# - sql_time_limit_ms 3000 (default 1000): a one- or two-character search reads every text (see metadata.yml).
# - truncate_cells_html 400 (default 2048): a report's text is ~4,000 characters; table pages show its start, the
#   row page all of it.
SETTINGS = {"suggest_facets": False, "facet_time_limit_ms": 1000, "sql_time_limit_ms": 3000,
            "truncate_cells_html": 400}
VIEW_COUNT_BUDGET_MS = 5000
# Views whose row count equals a table's by construction, used when counting the view takes too long: every cell
# has exactly one report and one extraction run (NOT NULL foreign keys, enforced), and the view's LEFT JOINs are on
# unique keys (cell_keys' UNIQUE key, captures.id), so cells_labelled has one row per cell.
SAME_COUNT_AS = {"cells_labelled": "cells"}


def load_metadata(path: str | Path = METADATA) -> dict[str, Any]:
    import yaml

    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def schema_table_metadata() -> dict[str, dict[str, Any]]:
    """Table and column descriptions in Datasette's form, from archive.schema.descriptions() (the one place the
    words live; the export's datapackage.json uses them too). metadata.yml holds a copy: tests/test_datasette.py
    fails when the two differ, so a new column is described here first and then in metadata.yml."""
    from .schema import descriptions

    out: dict[str, dict[str, Any]] = {}
    for table, spec in descriptions().items():
        columns = {}
        for name, col in spec["columns"].items():
            text = col["description"]
            unit = col.get("unit")
            if unit and unit not in text:
                text += f" [{unit}]"
            columns[name] = text
        out[table] = {"description": spec["description"], "columns": columns}
    return out


def make_datasette(db: str | Path, *, metadata: dict[str, Any] | None = None, settings: dict[str, Any] | None = None,
                   immutable: bool = True):
    """A Datasette instance serving `db` read-only as `archive`, with metadata.yml and the plugins loaded.

    immutable (the default, as `datasette -i`): opened with ?immutable=1, no locking; only for a file nothing
    writes to while it is served. immutable=False opens it with ?mode=ro and sees writes as they happen."""
    from datasette.app import Datasette
    from datasette.database import Database

    ds = Datasette(
        metadata=load_metadata() if metadata is None else metadata,
        plugins_dir=str(PLUGINS_DIR),
        settings={**SETTINGS, **(settings or {})},
    )
    ds.add_database(Database(ds, path=str(Path(db).resolve()), is_mutable=not immutable), name=DB_NAME)
    return ds


async def prime_counts(ds: Any, view_budget_ms: int = VIEW_COUNT_BUDGET_MS) -> dict[str, int]:
    """Count the rows of every table (no time limit) and view (within the budget) once, and hand the counts to
    Datasette as `datasette inspect` would, so that table pages of an immutable archive show their size without
    counting 20 million cells on every request. Returns the counts."""
    from datasette.utils import sqlite_timelimit
    from datasette.utils.sqlite import sqlite3

    db = ds.get_database(DB_NAME)

    def count(conn: Any) -> dict[str, int]:
        names = conn.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
                             "ORDER BY type = 'view'").fetchall()  # tables first
        counts = {}
        for name, kind in names:
            sql = f"SELECT count(*) FROM [{name}]"
            if kind == "table":
                counts[name] = conn.execute(sql).fetchone()[0]
            elif SAME_COUNT_AS.get(name) in counts:
                counts[name] = counts[SAME_COUNT_AS[name]]
            else:
                try:
                    with sqlite_timelimit(conn, view_budget_ms):
                        counts[name] = conn.execute(sql).fetchone()[0]
                except sqlite3.OperationalError:  # interrupted: Datasette counts it per request, within its time limit
                    continue
        return counts

    counts = await db.execute_fn(count)
    if not db.is_mutable:
        ds.inspect_data = {DB_NAME: {"hash": None, "size": Path(db.path).stat().st_size, "file": db.path,
                                     "tables": {name: {"count": n} for name, n in counts.items()}}}
    return counts


def serve(db: str | Path = DEFAULT_DB, *, host: str = "127.0.0.1", port: int = 8001) -> int:
    """Run the web server in the foreground until interrupted (Ctrl-C). Returns the exit status."""
    from .connection import SQLiteTooOld, check_version, sqlite_module

    path = Path(db)
    if not path.is_file():
        print(f"govreports: no archive database at {path} (build one with `govreports ingest`, or pass --db FILE)",
              file=sys.stderr)
        return 2
    sqlite = sqlite_module()
    try:
        check_version(sqlite)  # Datasette picks the same library (pysqlite3 first)
        conn = sqlite.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reports'").fetchone()
        finally:
            conn.close()
    except (SQLiteTooOld, sqlite.DatabaseError) as exc:
        print(f"govreports: cannot serve {path}: {exc}", file=sys.stderr)
        return 2
    if not found:
        print(f"govreports: {path} is not an archive database (it has no reports table)", file=sys.stderr)
        return 2
    import uvicorn

    journals = [j for j in (Path(f"{path}-wal"), Path(f"{path}-journal")) if j.exists() and j.stat().st_size]
    immutable = not journals
    if journals:
        print(f"govreports: {journals[0]} exists (the archive is being written): serving it read-only, not immutable",
              file=sys.stderr)
    ds = make_datasette(path, immutable=immutable)
    print(f"govreports: opening {path} read-only (counting rows once)…", flush=True)

    async def warm_up() -> None:
        await ds.invoke_startup()
        if immutable:
            await prime_counts(ds)

    asyncio.run(warm_up())
    shown = f"[{host}]" if ":" in host else host
    print(f"govreports: serving the archive at http://{shown}:{port}/  (Ctrl-C to stop)", flush=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)
    return 0
