"""The spec's consistency checks (勾稽关系), run on every report and stored with their result.

A check never blocks storage. Blank cells count as 0 in sums (a blank statistic means none);
missing or unparsed cells make that column or row uncheckable. A check with nothing checkable is
`skipped`; otherwise it is `fail` if any checked column or row fails, else `pass`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .schema import load_schema
from .tables import CellResult

Cells = dict[tuple[str, str, str], CellResult]  # (table, row, column) → cell

_NARRATIVE = (
    re.compile(r"(?:收到|受理|接收|接到|收)[^。；;，,]{0,16}?申请[^。；;\d]{0,10}?(\d+)(?:件|个|份|条|宗)"),
    re.compile(r"(?:收到|受理|接收|接到|收)[^。；;\d]{0,8}?(\d+)(?:件|个|份|条|宗)[^。；;]{0,8}?申请"),
)


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: str  # pass | fail | skipped
    detail: str


def _num(cells: Cells, table: str, row: str, col: str) -> float | None:
    cell = cells.get((table, row, col))
    if cell is None or cell.status in ("missing", "unparsed"):
        return None
    return 0 if cell.status == "blank" else cell.value


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)


def _combine(name: str, units: list[str], test: Callable[[str], tuple[bool | None, str]]) -> CheckResult:
    failures, checked, unchecked = [], 0, 0
    for unit in units:
        ok, detail = test(unit)
        if ok is None:
            unchecked += 1
        elif ok:
            checked += 1
        else:
            checked += 1
            failures.append(f"{unit}: {detail}")
    if checked == 0:
        return CheckResult(name, "skipped", "the cells it needs are missing or unparsed")
    note = f"; {unchecked} not checkable" if unchecked else ""
    if failures:
        return CheckResult(name, "fail", "; ".join(failures) + note)
    return CheckResult(name, "pass", f"{checked} checked{note}")


def _sum(cells: Cells, table: str, rows: list[tuple[str, str]]) -> float | None:
    values = [_num(cells, table, r, c) for r, c in rows]
    return None if any(v is None for v in values) else sum(values)


def run_checks(cells: Cells, template: str, overview: str) -> list[CheckResult]:
    schema = load_schema()
    req_rows = [r.key for r in schema.tables["requests"].rows[template]]
    columns = list(schema.tables["requests"].columns)
    outcomes = req_rows[req_rows.index("granted"): req_rows.index("total_handled")]

    def balance(col: str) -> tuple[bool | None, str]:
        left = _sum(cells, "requests", [("new_received", col), ("carried_over", col)])
        right = _sum(cells, "requests", [("total_handled", col), ("carried_forward", col)])
        if left is None or right is None:
            return None, ""
        return left == right, f"{_fmt(left)} received+carried over ≠ {_fmt(right)} handled+carried forward"

    def outcomes_sum(col: str) -> tuple[bool | None, str]:
        total = _num(cells, "requests", "total_handled", col)
        parts = _sum(cells, "requests", [(r, col) for r in outcomes])
        if total is None or parts is None:
            return None, ""
        return abs(total - parts) < 1e-9, f"outcomes add up to {_fmt(parts)}, 总计 says {_fmt(total)}"

    def row_total(row: str) -> tuple[bool | None, str]:
        total = _num(cells, "requests", row, "total")
        parts = _sum(cells, "requests", [(row, c) for c in columns if c != "total"])
        if total is None or parts is None:
            return None, ""
        return total == parts, f"applicants add up to {_fmt(parts)}, 总计 says {_fmt(total)}"

    def group_total(group: str) -> tuple[bool | None, str]:
        total = _num(cells, "review_litigation", group, "total")
        parts = _sum(cells, "review_litigation", [(group, c) for c in ("upheld", "corrected", "other", "pending")])
        if total is None or parts is None:
            return None, ""
        return total == parts, f"results add up to {_fmt(parts)}, 总计 says {_fmt(total)}"

    groups = [r.key for r in schema.tables["review_litigation"].rows[template]]
    return [
        _combine("requests_balance", columns, balance),
        _combine("requests_outcomes_sum", columns, outcomes_sum),
        _combine("requests_row_totals", req_rows, row_total),
        _combine("review_litigation_totals", groups, group_total),
        narrative_check(cells, overview),
    ]


def narrative_count(overview: str) -> int | None:
    """The number of applications the 总体情况 text states ("共收到…申请16件"), if it states one."""
    text = re.sub(r"\s+", "", overview)
    for pattern in _NARRATIVE:
        if m := pattern.search(text):
            return int(m.group(1))
    return None


def narrative_check(cells: Cells, overview: str) -> CheckResult:
    stated = narrative_count(overview)
    table = _num(cells, "requests", "new_received", "total")
    if stated is None or table is None:
        return CheckResult("narrative_requests", "skipped", "no number of applications stated in 总体情况"
                           if stated is None else "requests.new_received.total is not available")
    if stated == table:
        return CheckResult("narrative_requests", "pass", f"总体情况 and the table both say {stated}")
    return CheckResult("narrative_requests", "fail",
                       f"warning only: 总体情况 says {stated} applications, the table says {_fmt(table)}")
