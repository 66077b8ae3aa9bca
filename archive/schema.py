"""The tables of archive.db: originals with provenance, reports, tidy cells, checks, extraction runs.

Provenance runs one way and is never lost: every cell belongs to an extraction run, every run to the
original (sha256) it read, every original to the captures (URL, time, HTTP status, headers) that
brought it in. Only the archive package writes this database.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);

CREATE TABLE IF NOT EXISTS regions (          -- county-level units (GB/T 2260)
    adcode TEXT PRIMARY KEY,                  -- 6 digits
    province TEXT NOT NULL,
    city TEXT,
    county TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS organs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,                       -- as written: 建宁县人民政府, 县政府办, 会同县林业局
    kind TEXT,                                -- government | government_office | department | township
    adcode TEXT REFERENCES regions(adcode),
    UNIQUE (name, adcode)
);

CREATE TABLE IF NOT EXISTS originals (        -- every captured file, byte for byte, by content
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    content_type TEXT,
    format TEXT,                              -- html | text | pdf | docx | doc | image …
    content BLOB NOT NULL,
    first_captured_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS captures (         -- one fetch (or local ingest) of one URL
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,                        -- http(s) URL, or file:// for a user's own files
    sha256 TEXT NOT NULL REFERENCES originals(sha256),
    captured_at TEXT NOT NULL,                -- ISO 8601 UTC
    http_status INTEGER,
    headers TEXT,                             -- JSON object
    source TEXT NOT NULL,                     -- crawl | ingest
    portal TEXT,                              -- registry id of the portal, for crawls
    content_type TEXT                         -- as served (HTTP Content-Type) or guessed from a file's suffix
);
CREATE INDEX IF NOT EXISTS captures_url ON captures(url, captured_at);
CREATE INDEX IF NOT EXISTS captures_sha ON captures(sha256);

CREATE TABLE IF NOT EXISTS reports (          -- one per organ and year
    id INTEGER PRIMARY KEY,
    report_key TEXT NOT NULL UNIQUE,          -- adcode|organ|year, or sha256:<hash> when organ/year unknown
    organ_id INTEGER REFERENCES organs(id),
    title TEXT,
    year INTEGER,
    template TEXT,                            -- v2021 | v2019 | legacy
    organ TEXT,
    organ_kind TEXT,
    adcode TEXT REFERENCES regions(adcode),
    province TEXT,
    city TEXT,
    county TEXT,
    published TEXT,
    url TEXT,                                 -- the page the report was found on
    formats TEXT,                             -- JSON list: html, pdf, docx …
    sha256 TEXT REFERENCES originals(sha256), -- the original the current cells were read from
    fetched_at TEXT,                          -- its capture time
    revised INTEGER NOT NULL DEFAULT 0,       -- 1 when a later capture of the same URL changed the content
    revisions INTEGER NOT NULL DEFAULT 1,
    check_status TEXT,                        -- fail if a table check failed, warn if only narrative_requests did,
                                              -- else pass (skipped if none could run)
    checks_failed INTEGER,
    cells_ok INTEGER,
    cells_missing INTEGER,
    errors TEXT,                              -- JSON list from the extractor
    text TEXT,                                -- cleaned body text, for full-text search
    extraction_id INTEGER REFERENCES extractions(id)
);
CREATE INDEX IF NOT EXISTS reports_place ON reports(province, city, county, year);
CREATE INDEX IF NOT EXISTS reports_year ON reports(year);
CREATE INDEX IF NOT EXISTS reports_sha ON reports(sha256);
CREATE INDEX IF NOT EXISTS reports_facets ON reports(template, organ_kind, check_status);  -- facet pages
CREATE INDEX IF NOT EXISTS reports_county ON reports(adcode, year);                       -- one county

CREATE TABLE IF NOT EXISTS report_captures (  -- the originals a report was found as (page + attachments)
    report_id INTEGER NOT NULL REFERENCES reports(id),
    capture_id INTEGER NOT NULL REFERENCES captures(id),
    role TEXT NOT NULL,                       -- page | attachment | file
    PRIMARY KEY (report_id, capture_id)
);
CREATE INDEX IF NOT EXISTS report_captures_capture ON report_captures(capture_id);

CREATE TABLE IF NOT EXISTS extractions (      -- every extraction run, so re-extraction is traceable
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id),
    sha256 TEXT NOT NULL REFERENCES originals(sha256),
    capture_id INTEGER REFERENCES captures(id),
    extractor_version TEXT NOT NULL,
    extracted_at TEXT NOT NULL,
    template TEXT,
    errors TEXT,                              -- JSON list
    result_sha256 TEXT,                       -- of the run's whole result: same hash = same cells, checks, metadata
    cells_ok INTEGER,
    cells_missing INTEGER
);
CREATE INDEX IF NOT EXISTS extractions_report ON extractions(report_id, sha256);

CREATE TABLE IF NOT EXISTS cell_keys (        -- labels of every canonical cell, Chinese and English
    id INTEGER PRIMARY KEY,
    template TEXT NOT NULL,
    table_key TEXT NOT NULL,
    row_key TEXT NOT NULL,
    column_key TEXT NOT NULL,
    table_label TEXT, row_label TEXT, row_label_en TEXT, column_label TEXT, column_label_en TEXT,
    UNIQUE (template, table_key, row_key, column_key)
);

CREATE TABLE IF NOT EXISTS cells (            -- tidy: one row per report and canonical cell
    report_id INTEGER NOT NULL REFERENCES reports(id),
    table_key TEXT NOT NULL,
    row_key TEXT NOT NULL,
    column_key TEXT NOT NULL,
    value REAL,
    raw TEXT,
    status TEXT NOT NULL,                     -- ok | blank | missing | unparsed
    extraction_id INTEGER NOT NULL REFERENCES extractions(id),
    PRIMARY KEY (report_id, table_key, row_key, column_key)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS checks (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    name TEXT NOT NULL,
    status TEXT NOT NULL,                     -- pass | fail | skipped
    detail TEXT,
    extraction_id INTEGER NOT NULL REFERENCES extractions(id),
    PRIMARY KEY (report_id, name)
) WITHOUT ROWID;
"""

# What every table, view and column holds, for people: Datasette's metadata.yml and the export's
# datapackage.json are generated from this (see `descriptions()`), so the words live in one place.
# A column is (Frictionless type, description) or (type, description, unit).
Column = tuple[str, str] | tuple[str, str, str]

_REPORT_META: dict[str, Column] = {
    "report_id": ("integer", "The report (reports.id)"),
    "report_key": ("string", "adcode|organ|year, or sha256:<hash of the first original> when the county, organ or "
                             "year is unknown"),
    "province": ("string", "Province of the reporting organ"),
    "city": ("string", "Prefecture (地级市/州/盟); the municipality for its districts; empty for 省直辖 units"),
    "county": ("string", "County-level unit (县, 县级市, 市辖区, 旗, 自治县)"),
    "adcode": ("string", "6-digit GB/T 2260 code of the county, when resolved"),
    "organ": ("string", "The reporting organ as written (建宁县人民政府, 县政府办…)"),
    "organ_kind": ("string", "government | government_office | department | township"),
    "year": ("integer", "The statistical year the report covers (not the publication year)"),
    "template": ("string", "Table template, detected from the headers: v2021 | v2019 | legacy"),
    "check_status": ("string", "fail: a consistency check of the tables failed; warn: only the narrative check "
                               "failed; pass; skipped: nothing checkable"),
    "sha256": ("string", "SHA-256 of the original the numbers were read from (originals.sha256)"),
    "fetched_at": ("datetime", "When that original was captured (ISO 8601, UTC)"),
}

TABLES: dict[str, dict] = {
    "meta": {
        "description": "Archive settings: schema_version, created_at.",
        "columns": {"key": ("string", "Setting"), "value": ("string", "Its value")},
    },
    "regions": {
        "description": "County-level units (GB/T 2260) that at least one report was resolved to.",
        "columns": {k: _REPORT_META[k] for k in ("adcode", "province", "city", "county")},
    },
    "organs": {
        "description": "Reporting organs, as written, per county.",
        "columns": {
            "id": ("integer", "Organ id"),
            "name": ("string", "The organ as written in the report"),
            "kind": _REPORT_META["organ_kind"],
            "adcode": _REPORT_META["adcode"],
        },
    },
    "originals": {
        "description": "Every captured file byte for byte, stored once per content (SHA-256). The evidence behind "
                       "every number.",
        "columns": {
            "sha256": ("string", "SHA-256 of the content"),
            "size": ("integer", "Bytes", "bytes"),
            "content_type": ("string", "Content type when first captured"),
            "format": ("string", "html | text | pdf | docx | doc | image, sniffed from the bytes"),
            "content": ("string", "The original bytes (BLOB)"),
            "first_captured_at": ("datetime", "When these bytes were first captured (ISO 8601, UTC)"),
        },
    },
    "captures": {
        "description": "One fetch of a URL by the crawler, or one ingest of a user's file (file:// URL). A URL whose "
                       "content changed has several captures with different sha256.",
        "columns": {
            "id": ("integer", "Capture id"),
            "url": ("string", "http(s) URL, or file:// for a user's own file"),
            "sha256": ("string", "The original captured (originals.sha256)"),
            "captured_at": ("datetime", "When (ISO 8601, UTC)"),
            "http_status": ("integer", "HTTP status of the fetch"),
            "headers": ("string", "HTTP response headers (JSON object)"),
            "source": ("string", "crawl | ingest"),
            "portal": ("string", "Registry id of the portal, for crawls"),
            "content_type": ("string", "As served, or guessed from the file suffix"),
            "size": ("integer", "Bytes of the original (export only)", "bytes"),
            "format": ("string", "Format of the original (export only)"),
        },
    },
    "reports": {
        "description": "One row per organ and year: metadata, the original its numbers come from, check results and "
                       "the cleaned text (full-text searchable).",
        "columns": {
            "id": ("integer", "Report id"),
            "report_key": _REPORT_META["report_key"],
            "organ_id": ("integer", "organs.id"),
            "title": ("string", "Title as published"),
            "year": _REPORT_META["year"],
            "template": _REPORT_META["template"],
            "organ": _REPORT_META["organ"],
            "organ_kind": _REPORT_META["organ_kind"],
            "adcode": _REPORT_META["adcode"],
            "province": _REPORT_META["province"],
            "city": _REPORT_META["city"],
            "county": _REPORT_META["county"],
            "published": ("date", "Publication date on the page (ISO date), when given"),
            "url": ("string", "The page (or file:// path) the current original was captured from"),
            "formats": ("string", "JSON list of the formats the report was found as (html, text, pdf…)"),
            "sha256": _REPORT_META["sha256"],
            "fetched_at": _REPORT_META["fetched_at"],
            "revised": ("integer", "1 when the page changed content after it was first captured (both versions kept)"),
            "revisions": ("integer", "Number of different contents captured at the report's page URL"),
            "check_status": _REPORT_META["check_status"],
            "checks_failed": ("integer", "Number of failed table consistency checks (narrative check not counted)"),
            "cells_ok": ("integer", "Cells read as numbers"),
            "cells_missing": ("integer", "Cells the document does not contain (table cut off or absent)"),
            "errors": ("string", "JSON list of what the extractor could not find or understand"),
            "text": ("string", "Cleaned body text (page chrome removed)"),
            "extraction_id": ("integer", "The extraction run the current cells and checks come from"),
        },
    },
    "report_captures": {
        "description": "Which captures a report was found as (its page, attachments, a user's file).",
        "columns": {
            "report_id": ("integer", "reports.id"),
            "capture_id": ("integer", "captures.id"),
            "role": ("string", "page | attachment | file"),
        },
    },
    "extractions": {
        "description": "Every extraction run: which original was read, by which extractor version, when, and what it "
                       "could not read. Runs are kept when a page is revised or the extractor changes.",
        "columns": {
            "id": ("integer", "Run id"),
            "report_id": ("integer", "reports.id"),
            "sha256": ("string", "The original read (originals.sha256)"),
            "capture_id": ("integer", "The capture whose URL and content type the extractor was given"),
            "extractor_version": ("string", "extract.__version__ of the run"),
            "extracted_at": ("datetime", "When (ISO 8601, UTC)"),
            "template": _REPORT_META["template"],
            "errors": ("string", "JSON list of extractor errors"),
            "result_sha256": ("string", "SHA-256 of the whole result; equal hashes mean identical cells, checks and "
                                        "metadata"),
            "cells_ok": ("integer", "Cells read as numbers in this run"),
            "cells_missing": ("integer", "Cells missing in this run"),
        },
    },
    "cell_keys": {
        "description": "Chinese and English labels of every canonical cell of each template (from "
                       "extract/data/schema.yml).",
        "columns": {
            "id": ("integer", "Key id"),
            "template": ("string", "v2021 | v2019"),
            "table_key": ("string", "active | requests | review_litigation"),
            "row_key": ("string", "Canonical row key"),
            "column_key": ("string", "Canonical column key"),
            "table_label": ("string", "Table heading (Chinese)"),
            "row_label": ("string", "Row label (Chinese, as in the national template)"),
            "row_label_en": ("string", "Row label (English)"),
            "column_label": ("string", "Column label (Chinese)"),
            "column_label_en": ("string", "Column label (English)"),
        },
    },
    "cells": {
        "description": "Tidy table: one row per report and canonical cell of the three statistical tables.",
        "columns": {
            "report_id": ("integer", "reports.id"),
            "table_key": ("string", "active | requests | review_litigation"),
            "row_key": ("string", "Canonical row key"),
            "column_key": ("string", "Canonical column key"),
            "value": ("number", "The number; null when blank, missing or unparsed. Money (column amount_wan_yuan) is "
                                "in 万元 (10,000 yuan)"),
            "raw": ("string", "The cell text as printed"),
            "status": ("string", "ok | blank (printed empty, /, —, 无: not 0) | missing (not in the document) | "
                                 "unparsed (text that is not certainly a number)"),
            "extraction_id": ("integer", "The extraction run that read it (extractions.id)"),
        },
    },
    "checks": {
        "description": "Consistency checks (勾稽关系) per report; a failed check never blocks storage.",
        "columns": {
            "report_id": ("integer", "reports.id"),
            "name": ("string", "requests_balance | requests_outcomes_sum | requests_row_totals | "
                               "review_litigation_totals | narrative_requests (warning only)"),
            "status": ("string", "pass | fail | skipped"),
            "detail": ("string", "What was checked or what failed"),
            "extraction_id": ("integer", "The extraction run (extractions.id)"),
        },
    },
    "cells_labelled": {
        "description": "Every cell with its labels, the report's place and year, and its provenance: extraction run, "
                       "extractor version, original sha256, capture URL and time.",
        "columns": {
            **{k: _REPORT_META[k] for k in ("report_id", "report_key", "province", "city", "county", "adcode",
                                            "organ", "year", "template")},
            "table_key": ("string", "active | requests | review_litigation"),
            "row_key": ("string", "Canonical row key"),
            "column_key": ("string", "Canonical column key"),
            "table_label": ("string", "Table heading (Chinese)"),
            "row_label": ("string", "Row label (Chinese)"),
            "row_label_en": ("string", "Row label (English)"),
            "column_label": ("string", "Column label (Chinese)"),
            "column_label_en": ("string", "Column label (English)"),
            "value": ("number", "The number; null when blank, missing or unparsed. Money is in 万元"),
            "raw": ("string", "The cell text as printed"),
            "status": ("string", "ok | blank | missing | unparsed"),
            "extraction_id": ("integer", "extractions.id"),
            "extractor_version": ("string", "Extractor version of the run"),
            "extracted_at": ("datetime", "When the run happened"),
            "sha256": ("string", "SHA-256 of the original the value was read from"),
            "captured_at": ("datetime", "When that original was captured"),
            "url": ("string", "Where it was captured from"),
        },
    },
    "coverage": {
        "description": "Reports per province and year.",
        "columns": {
            "province": _REPORT_META["province"],
            "year": _REPORT_META["year"],
            "reports": ("integer", "Reports archived"),
            "counties": ("integer", "Distinct counties (adcode) among them"),
            "with_tables": ("integer", "Reports whose statistical tables were read (v2021 or v2019)"),
            "checks_pass": ("integer", "Reports whose checks all pass"),
            "checks_fail": ("integer", "Reports with a failed table check"),
            "revised": ("integer", "Reports whose page changed after capture"),
        },
    },
}

WIDE_VIEWS = ("active_wide", "requests_wide", "review_litigation_wide")


def descriptions() -> dict[str, dict]:
    """Every table and view with its description and columns ({name: {type, description[, unit]}}), the wide views'
    columns generated from extract/data/schema.yml. Plain dicts: dump them as YAML or JSON."""
    from .wide import wide_descriptions  # the wide views follow the extractor's schema

    out: dict[str, dict] = {}
    for name, spec in {**TABLES, **wide_descriptions(_REPORT_META)}.items():
        columns = {}
        for col, c in spec["columns"].items():
            columns[col] = {"type": c[0], "description": c[1], **({"unit": c[2]} if len(c) > 2 else {})}
        out[name] = {"description": spec["description"], "columns": columns}
    return out
