"""govreports extraction: any annual report (web page or text) → canonical tables, checks, metadata.

Knows nothing of crawling or storage. Entry points: `parse_bytes` and `parse_path`.
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

from .pipeline import parse_bytes
from .report import Cell, Check, Report

__all__ = ["Cell", "Check", "Report", "__version__", "parse_bytes", "parse_path"]


def parse_path(path: str | Path) -> Report:
    """Parse a local file. Raises OSError when the path cannot be read."""
    p = Path(path)
    return parse_bytes(p.read_bytes(), path=str(path))
