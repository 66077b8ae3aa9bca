"""Map the statistics of a table region onto canonical rows and columns by their labels.

Every reader hands over the same thing: lines in reading order, with table rows either split into
cells (markup) or linearised as text (tab rows, one cell per line, rows broken by page breaks,
vertical labels one character per line). The region is read as a stream of tokens, labels and
values; consecutive values form a run, and a run belongs to the row whose synonym occurs last in
the labels before it (or, when a page break pushed the label below its numbers, first in the labels
after it). Rows only move forward through the template's printed order. Columns within a row are
positional, because the national template fixes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from .document import Line
from .schema import Row, TableSpec, load_schema
from .textnorm import label_key
from .values import compact, is_value_token, parse_value

_SHORT_LINE = 60


@dataclass(frozen=True)
class Token:
    text: str
    is_value: bool


@dataclass
class Run:
    pre: str
    values: list[str]
    post: str = ""


@dataclass
class CellResult:
    value: int | float | None
    raw: str
    status: str  # ok | blank | missing | unparsed


@dataclass
class TableResult:
    cells: dict[tuple[str, str], CellResult] = field(default_factory=dict)  # (row, column) → cell
    errors: list[str] = field(default_factory=list)
    found: bool = False


def _pieces(text: str) -> list[Token]:
    """Split a plain text line: "行政许可 12733" → label, value; a long sentence stays one label."""
    parts = text.split()
    if len(parts) == 1 or (len(text) > _SHORT_LINE and sum(map(is_value_token, parts)) < 2):
        return [Token(text.strip(), is_value_token(text))]
    tokens: list[Token] = []
    for i, part in enumerate(parts):
        value = is_value_token(part)
        # a number followed on the same line by a label is that label's ordinal ("1 属于国家秘密")
        if value and i + 1 < len(parts) and not is_value_token(parts[i + 1]):
            value = False
        if not value and tokens and not tokens[-1].is_value:
            tokens[-1] = Token(tokens[-1].text + " " + part, False)
        else:
            tokens.append(Token(part, value))
    return tokens


def tokenize(lines: list[Line]) -> list[Token]:
    tokens: list[Token] = []
    for line in lines:
        if line.cells is not None:  # markup row: "" is a real empty cell, None a span
            tokens.extend(Token(c, is_value_token(c)) for c in line.cells if c is not None)
        elif "\t" in line.text:
            tokens.extend(Token(c.strip(), is_value_token(c)) for c in line.text.split("\t") if c.strip())
        else:
            tokens.extend(_pieces(line.text))
    return tokens


def runs_of(tokens: list[Token]) -> list[Run]:
    runs: list[Run] = []
    labels: list[str] = []
    previous_value = False
    for tok in tokens:
        if tok.is_value:
            if previous_value:
                runs[-1].values.append(tok.text)
            else:
                runs.append(Run(label_key("".join(labels)), [tok.text]))
                labels = []
            previous_value = True
        else:
            labels.append(tok.text)
            previous_value = False
    for a, b in pairwise(runs):
        a.post = b.pre
    if runs:
        runs[-1].post = label_key("".join(labels))
    return runs


def _best_row(text: str, rows: tuple[Row, ...], after: int, last: bool) -> int | None:
    """Index of the row (after `after`) whose synonym occurs last (or first) in a label text."""
    best: tuple[int, int] | None = None
    for i in range(after + 1, len(rows)):
        for m in rows[i].matches(text):
            pos = m.end() if last else -m.start()
            if best is None or pos > best[0] or (pos == best[0] and i > best[1]):
                best = (pos, i)
    return best[1] if best else None


def _trim(values: list[str], expected: int) -> list[str]:
    """Drop empty cells at the edges of a run when it is longer than the row (spare grid columns)."""
    while len(values) > expected and compact(values[-1]) == "":
        values = values[:-1]
    while len(values) > expected and compact(values[0]) == "":
        values = values[1:]
    return values


def _unit_hint(label_text: str) -> str | None:
    if "万元" in label_text:
        return "万元"
    if re.search(r"[(:单位]元|元\)", label_text):
        return "元"
    return None


def read_table(spec: TableSpec, template: str, lines: list[Line]) -> TableResult:
    """The cells of one table of the given template, read from its region's lines."""
    rows = spec.rows[template]
    result = TableResult()
    runs = runs_of(tokenize(lines))
    whole = sum(len(r.columns) for r in rows)
    prev = -1
    header = ""
    for run in runs:
        header += run.pre
        if not any(compact(v) for v in run.values) and _best_row(run.pre, rows, prev, True) is None:
            continue  # empty cells between header labels
        if len(_trim(run.values, whole)) == whole and prev == -1 and len(rows) > 1:
            # the whole table printed as one row of values (行政复议/行政诉讼): read it in printed order
            values = _trim(run.values, whole)
            for row in rows:
                _store(spec, row, values[: len(row.columns)], header, result)
                values = values[len(row.columns):]
            prev = len(rows) - 1
            continue
        idx = _best_row(run.pre, rows, prev, last=True)
        if idx is None:
            idx = _best_row(run.post, rows, prev, last=False)
        if idx is None:
            result.errors.append(f"{spec.key}: values {' '.join(run.values)!r} have no row label")
            continue
        row = rows[idx]
        values = _trim(run.values, len(row.columns))
        if len(values) != len(row.columns):
            result.errors.append(
                f"{spec.key}.{row.key}: {len(values)} values where {len(row.columns)} were expected"
                f" ({' '.join(values)!r}); cells left unparsed"
            )
            for col in row.columns:
                result.cells[(row.key, col)] = CellResult(None, " ".join(values), "unparsed")
        else:
            _store(spec, row, values, run.pre, result)
        prev = idx
    result.found = bool(result.cells)
    missing = [r.key for r in rows if (r.key, r.columns[0]) not in result.cells]
    for row in rows:
        for col in row.columns:
            result.cells.setdefault((row.key, col), CellResult(None, "", "missing"))
    if result.found and missing:
        result.errors.append(f"{spec.key}: rows not found in the document: {', '.join(missing)}")
    return result


def _store(spec: TableSpec, row: Row, values: list[str], label_text: str, result: TableResult) -> None:
    hint = _unit_hint(label_text) or row.unit
    for col, raw in zip(row.columns, values, strict=True):
        value, status = parse_value(raw, spec.columns[col].kind, hint)
        if status == "unparsed":
            result.errors.append(f"{spec.key}.{row.key}.{col}: {raw!r} is not a certain number")
        result.cells[(row.key, col)] = CellResult(value, raw.strip(), status)


def detect_template(region_text: str) -> str | None:
    """v2019 or v2021 from the header words (never from the year); None when no header is known."""
    key = label_key(region_text)
    scores = {t: sum(1 for p in words if p.search(key)) for t, words in load_schema().template_words.items()}
    best = max(scores.values())
    if best == 0:
        return None
    winners = [t for t, s in scores.items() if s == best]
    return winners[0] if len(winners) == 1 else None
