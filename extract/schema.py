"""The canonical table keys, loaded from data/schema.yml (the spec's keys as data users can extend)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

TEMPLATES = ("v2021", "v2019")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    label_en: str
    kind: str  # count | signed | money


@dataclass(frozen=True, eq=False)  # identity: rows are loaded once, and hashing them must be cheap
class Row:
    key: str
    label: str
    label_en: str
    columns: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    unit: str | None = None  # the money unit the template itself prints for this row, if any

    @property
    def regex(self) -> re.Pattern[str]:
        """All synonyms as one alternation, so a label text is scanned once per row."""
        return _alternation(self.patterns)


@cache
def _alternation(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


@dataclass(frozen=True)
class TableSpec:
    key: str
    label: str
    label_en: str
    heading: re.Pattern[str]
    anchor: re.Pattern[str]
    columns: dict[str, Column]
    rows: dict[str, tuple[Row, ...]]  # per template, in printed order


@dataclass(frozen=True)
class Schema:
    tables: dict[str, TableSpec]
    template_words: dict[str, tuple[re.Pattern[str], ...]]
    parts: dict[str, re.Pattern[str]]


def _row(key: str, spec: dict, default_columns: list[str] | None) -> Row:
    return Row(
        key=key,
        label=spec["label"],
        label_en=spec["label_en"],
        columns=tuple(spec.get("columns") or default_columns or ()),
        patterns=tuple(re.compile(p) for p in spec["match"]),
        unit=spec.get("unit"),
    )


@cache
def load_schema() -> Schema:
    """Parse schema.yml once; every extractor and export shares the result."""
    raw = yaml.safe_load(resources.files("extract").joinpath("data/schema.yml").read_text("utf-8"))
    tables: dict[str, TableSpec] = {}
    for tkey, t in raw["tables"].items():
        columns = {k: Column(k, c["label"], c["label_en"], c["kind"]) for k, c in t["columns"].items()}
        rows: dict[str, tuple[Row, ...]] = {}
        for template, tspec in t["templates"].items():
            if isinstance(tspec, dict):  # rows defined per template (active table)
                rows[template] = tuple(_row(k, v, None) for k, v in tspec.items())
            else:  # a list of row keys drawn from the table's shared rows
                rows[template] = tuple(_row(k, t["rows"][k], t["all_columns"]) for k in tspec)
        tables[tkey] = TableSpec(
            key=tkey,
            label=t["label"],
            label_en=t["label_en"],
            heading=re.compile(t["heading"]),
            anchor=re.compile(t["anchor"]),
            columns=columns,
            rows=rows,
        )
    words = {k: tuple(re.compile(p) for p in v) for k, v in raw["template_words"].items()}
    parts = {k: re.compile(v) for k, v in raw["parts"].items()}
    return Schema(tables=tables, template_words=words, parts=parts)
