"""The parsed report: what `govreports parse` prints and what the archive stores."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Cell:
    table: str
    row: str
    column: str
    value: int | float | None
    raw: str
    status: str  # ok | blank | missing | unparsed


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # pass | fail | skipped
    detail: str


@dataclass
class Report:
    path: str | None = None
    title: str | None = None
    year: int | None = None
    template: str | None = None  # v2021 | v2019 | legacy | None when unknown
    organ: str | None = None
    organ_kind: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    adcode: str | None = None
    published: str | None = None
    cells: list[Cell] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Not part of the JSON line, but kept for the archive and for people reading the object.
    url: str | None = None
    format: str | None = None  # html | text | pdf | docx | doc | image …
    encoding: str | None = None
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of `govreports parse`, keys in their documented order."""
        return {
            "path": self.path,
            "title": self.title,
            "year": self.year,
            "template": self.template,
            "organ": self.organ,
            "organ_kind": self.organ_kind,
            "province": self.province,
            "city": self.city,
            "county": self.county,
            "adcode": self.adcode,
            "published": self.published,
            "cells": [
                {"table": c.table, "row": c.row, "column": c.column, "value": c.value, "raw": c.raw,
                 "status": c.status}
                for c in self.cells
            ],
            "checks": [{"name": c.name, "status": c.status, "detail": c.detail} for c in self.checks],
            "errors": list(self.errors),
        }

    def cell(self, table: str, row: str, column: str) -> Cell | None:
        return next((c for c in self.cells if (c.table, c.row, c.column) == (table, row, column)), None)
