"""Opening archive.db: the SQLite library it needs, and the settings every connection uses.

The archive needs SQLite ≥ 3.44. Python's own sqlite3 on Debian 12 links 3.40, whose LIKE on a trigram FTS table
silently returns nothing; pysqlite3-binary brings 3.51 and is what sqlite-utils and Datasette pick up too, so the
archive uses the same library they do, and refuses to run on an older one rather than give wrong search results.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

MIN_SQLITE = (3, 44, 0)


class SQLiteTooOld(RuntimeError):
    """The SQLite library in use is older than the archive needs."""


def sqlite_module() -> ModuleType:
    """pysqlite3 when installed (SQLite 3.51 wheels), else the standard library's sqlite3."""
    try:
        from pysqlite3 import dbapi2
    except ImportError:  # pragma: no cover - pysqlite3-binary is a dependency
        import sqlite3 as dbapi2
    return dbapi2


def check_version(module: ModuleType) -> None:
    if tuple(module.sqlite_version_info) < MIN_SQLITE:
        need = ".".join(map(str, MIN_SQLITE))
        raise SQLiteTooOld(
            f"archive.db needs SQLite >= {need}, but {module.__name__} uses {module.sqlite_version}: LIKE on the "
            "trigram full-text index is broken before 3.44. Install pysqlite3-binary (a project dependency: "
            "`uv sync`).")


def connect(path: str | Path) -> Any:
    """A connection in autocommit mode (the archive opens its own transactions), foreign keys enforced."""
    module = sqlite_module()
    check_version(module)
    conn = module.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn
