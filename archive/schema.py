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
    portal TEXT                               -- registry id of the portal, for crawls
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
    check_status TEXT,                        -- fail if any check failed, else pass (skipped if none ran)
    checks_failed INTEGER,
    cells_ok INTEGER,
    cells_missing INTEGER,
    errors TEXT,                              -- JSON list from the extractor
    text TEXT,                                -- cleaned body text, for full-text search
    extraction_id INTEGER REFERENCES extractions(id)
);
CREATE INDEX IF NOT EXISTS reports_place ON reports(province, city, county, year);
CREATE INDEX IF NOT EXISTS reports_year ON reports(year);

CREATE TABLE IF NOT EXISTS report_captures (  -- the originals a report was found as (page + attachments)
    report_id INTEGER NOT NULL REFERENCES reports(id),
    capture_id INTEGER NOT NULL REFERENCES captures(id),
    role TEXT NOT NULL,                       -- page | attachment | file
    PRIMARY KEY (report_id, capture_id)
);

CREATE TABLE IF NOT EXISTS extractions (      -- every extraction run, so re-extraction is traceable
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id),
    sha256 TEXT NOT NULL REFERENCES originals(sha256),
    capture_id INTEGER REFERENCES captures(id),
    extractor_version TEXT NOT NULL,
    extracted_at TEXT NOT NULL,
    template TEXT,
    errors TEXT                               -- JSON list
);

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
