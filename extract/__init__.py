"""govreports extraction: any annual report (web page, text, PDF, DOCX, DOC) → canonical tables, checks, metadata.

Knows nothing of crawling or storage. Entry points: `parse_bytes` and `parse_path`.
"""

from __future__ import annotations

from pathlib import Path

# Recorded with every extraction in archive.db; raised whenever the same bytes can give other results,
# so `govreports reextract` shows which reports a new extractor changed.
# 0.2.0: radical look-alikes folded (部⻔ → 部门); PDF rows cut by page breaks and repeated header rows.
__version__ = "0.2.0"

from .pipeline import parse_bytes
from .report import Cell, Check, Report

__all__ = ["Cell", "Check", "Report", "__version__", "parse_bytes", "parse_path"]


def parse_path(path: str | Path) -> Report:
    """Parse a local file. Raises OSError when the path cannot be read."""
    p = Path(path)
    return parse_bytes(p.read_bytes(), path=str(path))
