"""Load the hand-transcribed ground truth (tests/fixtures/seeds/expected/*.yml) as cell expectations."""

from __future__ import annotations

from pathlib import Path

import yaml

from extract.schema import load_schema

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
# Short keys the fixture generators use: "000" → "000_57f183bf8d689d9d".
SEED_STEMS = {p.stem[:3]: p.stem for p in sorted(SEEDS.glob("*.txt"))}


def load_expected(stem: str) -> dict:
    return yaml.safe_load((SEEDS / "expected" / f"{stem}.yml").read_text("utf-8"))


def expected_cells(tables: dict, template: str) -> dict[tuple[str, str, str], tuple[float | None, str]]:
    """(table, row, column) → (value, status) for every cell of the template."""
    schema = load_schema()
    out = {}
    for tkey, spec in schema.tables.items():
        for row in spec.rows[template]:
            values = tables.get(tkey, {}).get(row.key, "missing")
            if values == "missing":
                values = ["missing"] * len(row.columns)
            assert len(values) == len(row.columns), f"{tkey}.{row.key}: ground truth has {len(values)} values"
            for col, v in zip(row.columns, values, strict=True):
                if v == "missing":
                    out[(tkey, row.key, col)] = (None, "missing")
                elif v is None:
                    out[(tkey, row.key, col)] = (None, "blank")
                else:
                    out[(tkey, row.key, col)] = (v, "ok")
    return out


def cell_mismatches(report, expected: dict) -> list[str]:
    got = {(c.table, c.row, c.column): c for c in report.cells}
    problems = [f"unexpected cell {k}" for k in got.keys() - expected.keys()]
    for key, (value, status) in expected.items():
        cell = got.get(key)
        if cell is None:
            problems.append(f"{key}: no cell")
        elif cell.status != status or (status == "ok" and abs(cell.value - value) > 1e-9):
            problems.append(f"{key}: got {cell.value!r} ({cell.status}, raw {cell.raw!r}), want {value!r} ({status})")
    return problems
