"""Strip page chrome (breadcrumbs, 来源/日期, 字号, 打印/关闭, TOP, 责任编辑, 图解 links…) from text lines.

Chrome is recognised line by line with the patterns of data/page.yml. Table rows are never touched:
a statistic is never dropped as chrome. The publication date is read from a date line before the
line is dropped, because that line is often the only place the page states it.
"""

from __future__ import annotations

import re

from .document import Line
from .pagerules import page_rules
from .textnorm import fold_width, label_key

_MAX_CHROME_LEN = 80
_DATE_PARTS = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")


def iso_date(text: str) -> str | None:
    """The first plausible Y-M-D date in a text, as ISO (2024-02-18), or None."""
    for m in _DATE_PARTS.finditer(fold_width(text)):
        y, mo, d = (int(g) for g in m.groups())
        if 1990 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def find_published(text: str) -> str | None:
    """The date a page states it was published (发布日期 before a bare 日期), if any."""
    folded = fold_width(text)
    for pattern in page_rules().dates:
        for m in pattern.finditer(folded):
            if date := iso_date(m.group(1)):
                return date
    return None


_SOURCE = re.compile(r"(?:信息)?来源\s*[:：]\s*([^\s:：|]{2,30})")


def find_source(text: str) -> str:
    """The publishing organ a page's 来源: line names (a place hint when the body names no county)."""
    m = _SOURCE.search(fold_width(text))
    return m.group(1) if m else ""


def is_chrome(text: str) -> bool:
    if len(text) > 3 * _MAX_CHROME_LEN:
        return False
    key = label_key(text)
    if not key or len(key) > _MAX_CHROME_LEN:
        return False
    return bool(page_rules().chrome.search(key))


def _is_chrome_row(line: Line) -> bool:
    """A metadata-box row (索引号 | … | 发布机构 | …): its first filled cell is a chrome label."""
    first = next((c for c in line.cells or () if c), "")
    return bool(first) and is_chrome(first)


def strip_chrome(lines: list[Line]) -> list[Line]:
    """The lines without chrome. Statistical rows are kept; metadata-box rows are not."""
    return [line for line in lines if not (_is_chrome_row(line) if line.is_row else is_chrome(line.text))]
