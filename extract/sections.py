"""Cut a report into its six parts by their headings (一、总体情况 … 六、其他需要报告的事项).

Headings are found in order, once each, on short lines, so "四、结转下年度继续办理" inside the
requests table is not taken for part 四, and a repeated "一、总体情况" does not restart the report.
A table whose heading is missing is found by its anchor words (第二十条, 申请人情况, 行政复议).
"""

from __future__ import annotations

from dataclasses import dataclass

from .document import Line
from .schema import load_schema
from .textnorm import label_key

PART_ORDER = ("overview", "active", "requests", "review_litigation", "problems", "other_matters")
_MAX_HEADING = 40
_MAX_ANCHOR_LINE = 60
_MAX_CELL_LINE = 30


@dataclass
class Parts:
    regions: dict[str, list[Line]]  # table key → the lines of its part
    overview: str  # the text of 一、总体情况 (or what precedes the tables when it has no heading)


def _pattern(part: str):
    schema = load_schema()
    return schema.tables[part].heading if part in schema.tables else schema.parts[part]


def split_parts(lines: list[Line]) -> Parts:
    keys = [label_key(line.text) if not line.is_row else "" for line in lines]
    starts: dict[str, int] = {}
    cursor = 0
    for part in PART_ORDER:
        pattern = _pattern(part)
        for i in range(cursor, len(lines)):
            if keys[i] and len(keys[i]) <= _MAX_HEADING and pattern.search(keys[i]):
                starts[part] = i
                cursor = i + 1
                break
    _anchor_missing_tables(lines, starts)
    ordered = sorted(starts.items(), key=lambda kv: kv[1])
    ends = {part: (ordered[k + 1][1] if k + 1 < len(ordered) else len(lines)) for k, (part, _) in enumerate(ordered)}
    schema = load_schema()
    regions = {t: lines[starts[t] + 1: ends[t]] for t in schema.tables if t in starts}
    first_table = min((starts[t] for t in schema.tables if t in starts), default=len(lines))
    ov_start = starts.get("overview", -1) + 1
    ov_end = ends["overview"] if "overview" in starts else first_table
    overview = "\n".join(line.text for line in lines[ov_start:ov_end] if not line.is_row)
    return Parts(regions=regions, overview=overview)


def _anchor_missing_tables(lines: list[Line], starts: dict[str, int]) -> None:
    """Place a table whose heading is missing at the first short line or row with its anchor words."""
    schema = load_schema()
    for key, table in schema.tables.items():
        if key in starts:
            continue
        before = max((i for p, i in starts.items() if PART_ORDER.index(p) < PART_ORDER.index(key)), default=-1)
        later = [i for p, i in starts.items() if PART_ORDER.index(p) > PART_ORDER.index(key)]
        after = min(later, default=len(lines))
        for i in range(before + 1, after):
            text = lines[i].text
            if (lines[i].is_row or "\t" in text or len(text) <= _MAX_ANCHOR_LINE) and table.anchor.search(
                label_key(text)
            ):
                # table lines above the anchor (rows printed before 第二十条第（八）项) belong to it too
                while i - 1 > before and _table_like(lines[i - 1]):
                    i -= 1
                starts[key] = i - 1  # the region starts at line i itself
                break


def _table_like(line: Line) -> bool:
    """A row, a tab row or a short cell-like line: not a sentence of the narrative."""
    return line.is_row or "\t" in line.text or len(line.text.strip()) <= _MAX_CELL_LINE
