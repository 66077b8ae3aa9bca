"""How the archive hands an original to the extractor: one way for ingest and re-extraction alike.

The extractor is given the bytes, the capture's URL and content type, and for a user's file its local path (so a
`.html` suffix counts the same on the first read and on every re-read). Equal inputs give equal results, which is
what makes re-ingesting and re-extracting idempotent.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

import extract
from extract import Report

_EXTRA_TYPES = {".wps": "application/vnd.ms-works", ".shtml": "text/html", ".txt": "text/plain"}


def guess_content_type(path: str | Path) -> str | None:
    """A content type from a file's suffix (no charset: the extractor detects it from the bytes)."""
    suffix = Path(path).suffix.lower()
    return _EXTRA_TYPES.get(suffix) or mimetypes.guess_type(f"x{suffix}", strict=False)[0]


def file_url(path: Path) -> str:
    """file:// URL of an absolute path (percent-encoded, RFC 8089)."""
    return path.as_uri()


def local_path(url: str) -> str | None:
    """The path a file:// URL names, else None."""
    parsed = urlparse(url)
    return unquote(parsed.path) if parsed.scheme == "file" else None


def parse_original(data: bytes, url: str, content_type: str | None) -> Report:
    return extract.parse_bytes(data, url=url, content_type=content_type, path=local_path(url))
