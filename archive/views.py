"""The views over the archive: labelled tidy cells with provenance, wide tables per report, coverage.

Views are regenerated from code (and the wide ones from extract/data/schema.yml) whenever their SQL differs from
what the database holds, and left alone otherwise, so opening an archive never writes to it needlessly.
"""

from __future__ import annotations

from .wide import wide_view_sql

CELLS_LABELLED = """CREATE VIEW cells_labelled AS
-- every number with its labels, its report, and where it came from: run, extractor, original, capture
SELECT c.report_id, r.report_key, r.province, r.city, r.county, r.adcode, r.organ, r.year, e.template,
  c.table_key, c.row_key, c.column_key,
  k.table_label, k.row_label, k.row_label_en, k.column_label, k.column_label_en,
  CASE WHEN c.column_key <> 'amount_wan_yuan' AND c.value = CAST(c.value AS INTEGER)
       THEN CAST(c.value AS INTEGER) ELSE c.value END AS value,
  c.raw, c.status,
  c.extraction_id, e.extractor_version, e.extracted_at, e.sha256, cap.captured_at, cap.url
FROM cells c
JOIN reports r ON r.id = c.report_id
JOIN extractions e ON e.id = c.extraction_id
LEFT JOIN cell_keys k ON k.template = e.template AND k.table_key = c.table_key AND k.row_key = c.row_key
  AND k.column_key = c.column_key
LEFT JOIN captures cap ON cap.id = e.capture_id"""

COVERAGE = """CREATE VIEW coverage AS
-- reports per province and year
SELECT province, year, COUNT(*) AS reports, COUNT(DISTINCT adcode) AS counties,
  SUM(template IN ('v2021', 'v2019')) AS with_tables,
  SUM(check_status = 'pass') AS checks_pass,
  SUM(check_status = 'fail') AS checks_fail,
  SUM(revised) AS revised
FROM reports GROUP BY province, year"""


def view_sql() -> dict[str, str]:
    """Every view's CREATE statement, by name."""
    views = {"cells_labelled": CELLS_LABELLED, "coverage": COVERAGE}
    for table in ("active", "requests", "review_litigation"):
        views[f"{table}_wide"] = wide_view_sql(table)
    return views
