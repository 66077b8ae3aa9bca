"""Downloadable data: every table as CSV or JSON, with a Frictionless datapackage.json that describes it.

Rows are streamed from SQLite to the file one at a time, so an archive of 20 million cells exports in constant
memory. Counts come out as integers (SQLite keeps cell values as REAL); money stays decimal, in 万元.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from extract import __version__ as extractor_version

from .create import utc_now
from .schema import descriptions


@dataclass(frozen=True)
class Resource:
    name: str
    sql: str
    description_of: str  # which entry of schema.descriptions() describes its columns
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, resource, field)


_TO_REPORT = (("report_id", "reports", "id"),)

RESOURCES = (
    Resource("reports", "SELECT * FROM reports ORDER BY id", "reports", ("id",),
             (("adcode", "regions", "adcode"),)),
    Resource("cells", "SELECT * FROM cells_labelled ORDER BY report_id, table_key, row_key, column_key",
             "cells_labelled", ("report_id", "table_key", "row_key", "column_key"),
             (*_TO_REPORT, ("extraction_id", "extractions", "id"))),
    Resource("checks", "SELECT c.report_id, r.report_key, c.name, c.status, c.detail, c.extraction_id FROM checks c "
             "JOIN reports r ON r.id = c.report_id ORDER BY c.report_id, c.name", "checks", ("report_id", "name"),
             _TO_REPORT),
    Resource("active_wide", "SELECT * FROM active_wide ORDER BY report_id", "active_wide", ("report_id",),
             _TO_REPORT),
    Resource("requests_wide", "SELECT * FROM requests_wide ORDER BY report_id", "requests_wide", ("report_id",),
             _TO_REPORT),
    Resource("review_litigation_wide", "SELECT * FROM review_litigation_wide ORDER BY report_id",
             "review_litigation_wide", ("report_id",), _TO_REPORT),
    Resource("regions", "SELECT * FROM regions ORDER BY adcode", "regions", ("adcode",)),
    Resource("captures", "SELECT c.id, c.url, c.sha256, c.captured_at, c.http_status, c.headers, c.source, c.portal, "
             "COALESCE(c.content_type, o.content_type) AS content_type, o.size, o.format "
             "FROM captures c JOIN originals o ON o.sha256 = c.sha256 ORDER BY c.id", "captures", ("id",)),
    Resource("extractions", "SELECT * FROM extractions ORDER BY id", "extractions", ("id",),
             (*_TO_REPORT, ("capture_id", "captures", "id"))),
)

LICENSES = [{
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 for the compiled data (the code is MIT); the reports themselves are "
             "public government information published by the organs named, and each original keeps its URL",
}]

FORMATS = ("csv", "json")


def _plain(value: Any) -> Any:
    """Integral floats as integers (cells.value is REAL), everything else as is."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _rows(conn: Any, sql: str) -> tuple[list[str], Iterator[tuple]]:
    cur = conn.execute(sql)
    names = [d[0] for d in cur.description]
    return names, iter(cur)


def _write_csv(out: IO[str], names: list[str], rows: Iterator[tuple]) -> int:
    writer = csv.writer(out)
    writer.writerow(names)
    n = 0
    for row in rows:
        writer.writerow([_plain(v) for v in row])
        n += 1
    return n


def _write_json(out: IO[str], names: list[str], rows: Iterator[tuple]) -> int:
    """A JSON array of objects, one per line, written as it is read."""
    out.write("[")
    n = 0
    for row in rows:
        out.write(",\n" if n else "\n")
        out.write(json.dumps(dict(zip(names, map(_plain, row), strict=True)), ensure_ascii=False))
        n += 1
    out.write("\n]\n")
    return n


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _field(name: str, described: dict[str, dict], fallback: dict[str, dict]) -> dict[str, Any]:
    spec = described.get(name) or fallback.get(name) or {"type": "string", "description": ""}
    field = {"name": name, "type": spec["type"], "description": spec["description"]}
    if "unit" in spec:
        field["unit"] = spec["unit"]
    if spec["type"] == "datetime":  # the archive writes ISO 8601 with a Z
        field["format"] = "any"
    return field


def export(conn: Any, fmt: str, out_dir: str | Path, bom: bool = False) -> list[Path]:
    """Write one file per resource and datapackage.json into out_dir; returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    encoding = "utf-8-sig" if bom and fmt == "csv" else "utf-8"
    described = descriptions()
    fallback = {**described["reports"]["columns"], **described["cells_labelled"]["columns"]}
    resources, written = [], []
    for res in RESOURCES:
        path = out / f"{res.name}.{fmt}"
        names, rows = _rows(conn, res.sql)
        with path.open("w", encoding=encoding, newline="" if fmt == "csv" else None) as f:
            count = (_write_csv if fmt == "csv" else _write_json)(f, names, rows)
        written.append(path)
        table = described[res.description_of]
        resource: dict[str, Any] = {
            "name": res.name,
            "path": path.name,
            "profile": "tabular-data-resource",
            "description": table["description"],
            "format": fmt,
            "mediatype": "text/csv" if fmt == "csv" else "application/json",
            "encoding": encoding,
            "bytes": path.stat().st_size,
            "hash": f"sha256:{_sha256(path)}",
            "rows": count,
            "schema": {
                "fields": [_field(n, table["columns"], fallback) for n in names],
                "primaryKey": list(res.primary_key),
                "foreignKeys": [{"fields": f, "reference": {"resource": r, "fields": rf}}
                                for f, r, rf in res.foreign_keys],
            },
        }
        if fmt == "csv":
            resource["dialect"] = {"delimiter": ",", "header": True, "doubleQuote": True, "lineTerminator": "\r\n"}
        resources.append(resource)
    package = {
        "profile": "tabular-data-package",
        "name": "govreports",
        "title": "政府信息公开工作年度报告 — county governments' annual information-disclosure reports",
        "description": "The three statistical tables of Chinese county governments' annual reports on government "
                       "information disclosure, as tidy cells and one wide row per report, with every number "
                       "traceable to the archived original (sha256) and its capture. Blank cells are null, not 0; "
                       "money is in 万元 (10,000 yuan).",
        "created": utc_now(),
        "version": extractor_version,
        "licenses": LICENSES,
        "resources": resources,
    }
    meta = out / "datapackage.json"
    meta.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [*written, meta]
