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
from functools import cache, lru_cache
from itertools import pairwise

from .document import Line
from .schema import Row, TableSpec, load_schema
from .textnorm import label_key
from .values import compact, is_value_token, parse_value

_SHORT_LINE = 60
_RULE = re.compile(r"\s*:?-{2,}:?\s*")


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
        elif line.text.lstrip().startswith("|"):  # a markdown or pipe table row
            cells = line.text.strip().strip("|").split("|")
            if not all(_RULE.fullmatch(c) for c in cells):  # skip |---|---| separators
                tokens.extend(Token(c.strip(), is_value_token(c)) for c in cells)
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


@lru_cache(maxsize=4096)
def _label_positions(text: str, rows: tuple[Row, ...]) -> dict[int, tuple[int, int]]:
    """Row index → (first start, last end) of its synonyms in a label text. Cached: the labels after
    one run are the labels before the next, so each text is scanned once."""
    found = {}
    for i, row in enumerate(rows):
        spans = [m.span() for m in row.regex.finditer(text)]
        if spans:
            found[i] = (min(a for a, _ in spans), max(b for _, b in spans))
    return found


def _candidates(run: Run, rows: tuple[Row, ...]) -> dict[int, float]:
    """Rows a run may belong to, with a score: named before the numbers beats named after them, the
    label nearest the numbers beats header words further back, and a row whose number of columns
    equals the run's length beats one that does not (a cut-off row can still be placed)."""
    def fits(i: int) -> float:
        return 2.0 if len(_trim(run.values, len(rows[i].columns))) == len(rows[i].columns) else 1.0

    found: dict[int, float] = {}
    before = _label_positions(run.pre, rows)
    nearest = max((end for _, end in before.values()), default=None)
    for i, (_, end) in before.items():
        found[i] = 2 * fits(i) + (0.5 if end == nearest else 0.0)
    after = _label_positions(run.post, rows)
    first = min((start for start, _ in after.values()), default=None)
    for i, (start, _) in after.items():
        if start == first and i not in found:
            found[i] = 0.5 * fits(i)
    return found


def _assign(runs: list[Run], rows: tuple[Row, ...]) -> list[int | None]:
    """The row of each run, or None when no label names it.

    Rows stand in a fixed printed order, so the runs are aligned to rows by the best strictly
    increasing assignment (dynamic programming over runs × rows). A header word that happens to
    name a row (总计, 结转下年度 in a header) therefore cannot drag the whole table out of order,
    and a label after the numbers (a page break) is used only where no better-placed run claims it.
    A run is never given a row by position alone.
    """
    cands = [_candidates(run, rows) for run in runs]
    n = len(runs)

    @cache
    def best(k: int, last: int) -> tuple[float, tuple[int | None, ...]]:
        if k == n:
            return 0.0, ()
        skip_score, skip_rest = best(k + 1, last)
        result = (skip_score, (None, *skip_rest))
        for i, score in cands[k].items():
            if i > last:
                rest_score, rest = best(k + 1, i)
                if score + rest_score > result[0]:
                    result = (score + rest_score, (i, *rest))
        return result

    return list(best(0, -1)[1])


def read_table(spec: TableSpec, template: str, lines: list[Line]) -> TableResult:
    """The cells of one table of the given template, read from its region's lines."""
    rows = spec.rows[template]
    result = TableResult()
    # runs of empty cells between header labels carry nothing
    runs = [r for r in runs_of(tokenize(lines)) if any(compact(v) for v in r.values)
            or _label_positions(r.pre, rows)]
    whole = sum(len(r.columns) for r in rows)
    if runs and len(rows) > 1 and len(_trim(runs[0].values, whole)) == whole:
        # the whole table printed as one row of values (行政复议/行政诉讼): read it in printed order
        values = _trim(runs[0].values, whole)
        for row in rows:
            _store(spec, row, values[: len(row.columns)], runs[0].pre, result)
            values = values[len(row.columns):]
        runs = runs[1:]
        assigned: list[int | None] = [None] * len(runs)
    else:
        assigned = _assign(runs, rows)
    for run, idx in zip(runs, assigned, strict=True):
        if idx is None:
            result.errors.append(f"{spec.key}: values {' '.join(run.values)!r} have no row label; not stored")
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
