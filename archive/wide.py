"""The wide views: one row per report and statistical table, one column per canonical cell.

Their columns are generated from extract/data/schema.yml, so a key added there appears here without code. Each
table's columns are the union of both templates (v2021 and v2019) in printed order; a column the report's template
does not print is null. Each value is a primary-key lookup in `cells` (a correlated subquery), not a GROUP BY
pivot: a page of a few rows stays fast with 20 million cells, and filters on the report columns use their indexes.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.schema import TEMPLATES, load_schema

# v2021 does not print the 三（六）其他处理 total; it is the sum of these rows (spec: table `requests`).
DERIVED_OTHER = ("other_no_correction", "other_no_fee", "other_other")


@dataclass(frozen=True)
class WideColumn:
    name: str  # {row}_{column}, e.g. new_received_total
    table: str
    row: str
    column: str
    kind: str  # count | signed | money
    label: str
    label_en: str
    templates: tuple[str, ...]  # the templates that print this cell
    derived_in: tuple[str, ...] = ()  # templates where the view computes it instead

    def description(self) -> str:
        printed = " and ".join(self.templates)
        text = f"{self.label} ({self.label_en}); printed in {printed}"
        if self.derived_in:
            text += (f"; for {', '.join(self.derived_in)} derived as the sum of the "
                     f"{', '.join(DERIVED_OTHER)} rows (blank counts as 0; null if any is missing or unparsed "
                     "or all are blank)")
        if self.kind == "money":
            text += "; in 万元 (10,000 yuan)"
        elif self.kind == "signed":
            text += "; signed (增 +, 减 −)"
        return text


def _merge(first: list[str], second: list[str]) -> list[str]:
    """Union of two printed orders: items only in `second` go right after their predecessor there."""
    out = list(first)
    for i, item in enumerate(second):
        if item in out:
            continue
        before = next((second[j] for j in range(i - 1, -1, -1) if second[j] in out), None)
        out.insert(out.index(before) + 1 if before else 0, item)
    return out


def wide_columns(table_key: str) -> list[WideColumn]:
    """The value columns of `{table_key}_wide`, in printed order."""
    spec = load_schema().tables[table_key]
    rows: dict[str, dict[str, list[str]]] = {}  # row → template → columns
    labels: dict[str, tuple[str, str]] = {}
    order: list[str] = []
    for template in TEMPLATES:
        printed = [r.key for r in spec.rows[template]]
        order = _merge(order, printed)
        for r in spec.rows[template]:
            rows.setdefault(r.key, {})[template] = list(r.columns)
            labels.setdefault(r.key, (r.label, r.label_en))
    out = []
    for row in order:
        columns: list[str] = []
        for template in TEMPLATES:
            columns = _merge(columns, rows[row].get(template, []))
        for col in columns:
            printed_in = tuple(t for t in TEMPLATES if col in rows[row].get(t, []))
            derived = tuple(t for t in TEMPLATES if t not in printed_in) if (
                table_key == "requests" and row == "other") else ()
            c = spec.columns[col]
            out.append(WideColumn(
                name=f"{row}_{col}", table=table_key, row=row, column=col, kind=c.kind,
                label=f"{labels[row][0]} · {c.label}", label_en=f"{labels[row][1]}: {c.label_en}",
                templates=printed_in, derived_in=derived,
            ))
    return out


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _number(expr: str, kind: str) -> str:
    """Counts come back as integers (cells.value is REAL); money keeps its decimals."""
    if kind == "money":
        return expr
    return f"IIF({expr} = CAST({expr} AS INTEGER), CAST({expr} AS INTEGER), {expr})"


def _lookup(col: WideColumn) -> str:
    where = (f"c.report_id = r.id AND c.table_key = {_quote(col.table)} AND c.row_key = {_quote(col.row)} "
             f"AND c.column_key = {_quote(col.column)}")
    printed = f"(SELECT {_number('c.value', col.kind)} FROM cells c WHERE {where})"
    if not col.derived_in:
        return printed
    rows = ", ".join(_quote(r) for r in DERIVED_OTHER)
    derived = (
        f"(SELECT CASE WHEN COUNT(*) = {len(DERIVED_OTHER)} AND SUM(c.status IN ('missing', 'unparsed')) = 0 "
        f"AND SUM(c.status = 'ok') > 0 THEN {_number('TOTAL(c.value)', col.kind)} END FROM cells c "
        f"WHERE c.report_id = r.id AND c.table_key = {_quote(col.table)} AND c.row_key IN ({rows}) "
        f"AND c.column_key = {_quote(col.column)})"
    )
    templates = ", ".join(_quote(t) for t in col.derived_in)
    return (f"CASE WHEN r.template IN ({templates})\n"
            f"    -- {col.name}: not printed in {', '.join(col.derived_in)}; derived = {' + '.join(DERIVED_OTHER)}\n"
            f"    THEN {derived}\n    ELSE {printed} END")


META_COLUMNS = ("report_id", "report_key", "province", "city", "county", "adcode", "organ", "organ_kind", "year",
                "template", "check_status", "sha256", "fetched_at")


def wide_view_sql(table_key: str) -> str:
    """CREATE VIEW {table_key}_wide: the report's metadata, then one column per canonical cell."""
    meta = ", ".join("r.id AS report_id" if m == "report_id" else f"r.{m}" for m in META_COLUMNS)
    values = ",\n  ".join(f"{_lookup(c)} AS {c.name}" for c in wide_columns(table_key))
    templates = ", ".join(_quote(t) for t in TEMPLATES)
    return (f"CREATE VIEW {table_key}_wide AS\n-- one row per report with tables; columns generated from "
            f"extract/data/schema.yml\nSELECT {meta},\n  {values}\nFROM reports r WHERE r.template IN ({templates})")


def wide_descriptions(meta: dict[str, tuple]) -> dict[str, dict]:
    """Descriptions of the wide views, in the shape of schema.TABLES."""
    out = {}
    for table_key, spec in load_schema().tables.items():
        columns: dict[str, tuple] = {m: meta[m] for m in META_COLUMNS}
        for c in wide_columns(table_key):
            kind = "number" if c.kind == "money" else "integer"
            columns[c.name] = (kind, c.description(), "万元") if c.kind == "money" else (kind, c.description())
        out[f"{table_key}_wide"] = {
            "description": f"{spec.label} ({spec.label_en}): one row per report, one column per cell of both "
                           "templates (null where the report's template has no such cell, or the cell is blank, "
                           "missing or unparsed: see cells_labelled for which).",
            "columns": columns,
        }
    return out
