"""From a document's bytes to a Report: sniff, read, strip chrome, find parts, map tables, check.

One direction only: this module knows nothing of crawling or storage. Each format has a reader that
turns bytes into a Document (lines in reading order, table rows as cells); everything after that is
shared. A format without a reader, or a document a reader cannot use, is reported in `errors`, with
nothing invented.
"""

from __future__ import annotations

import re

from .checks import run_checks
from .chrome import find_published, find_source, strip_chrome
from .decode import DecodeError, decode
from .document import Document, Line, UnreadableDocument
from .htmlpage import read_html
from .metadata import read_metadata
from .places import resolve_place
from .report import Cell, Check, Report
from .schema import TEMPLATES, load_schema
from .sections import split_parts
from .tables import detect_template, read_table
from .textdoc import read_text
from .textnorm import fold_cjk_variants

_MAGIC = (
    (b"%PDF", "pdf"),
    (b"PK\x03\x04", "docx"),
    (b"\xd0\xcf\x11\xe0", "doc"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
)
_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body|table|div|p)[\s>]", re.I)
_REPORT_TITLE = re.compile(r"报告|年报")
_COMPANION = re.compile(r"解读|图解|一图读懂|答记者问|问答")  # pages about a report, not the report
_TITLE_LINE = re.compile(r"^\s*标\s*题\s*[:：]\s*(\S.{3,80})$")  # a metadata box's 标题: line (chrome, but the title)


def sniff_format(data: bytes, content_type: str | None = None, name: str | None = None) -> str:
    for magic, fmt in _MAGIC:
        if data.startswith(magic):
            return fmt
    ctype = (content_type or "").lower()
    if "html" in ctype or (name or "").lower().endswith((".html", ".htm", ".shtml", ".jsp", ".xhtml")):
        return "html"
    if _HTML_SNIFF.search(data[:2048]):
        return "html"
    return "text"


def parse_bytes(data: bytes, *, url: str | None = None, content_type: str | None = None,
                path: str | None = None) -> Report:
    """Parse one document. Never raises for bad input: what went wrong is in `errors`."""
    fmt = sniff_format(data, content_type, path or url)
    report = Report(path=path, url=url, format=fmt)
    if not data.strip():
        report.errors.append("empty document")
        return report
    try:
        doc = read_document(fmt, data, content_type)
    except (DecodeError, UnreadableDocument) as exc:
        report.errors.append(f"unreadable: {exc}")
        return report
    return parse_document(doc, report)


def read_document(fmt: str, data: bytes, content_type: str | None = None) -> Document:
    """The reader of each format. Binary formats are imported on first use (they are heavier)."""
    if fmt in ("html", "text"):
        text, encoding = decode(data, content_type)
        return read_html(text, encoding) if fmt == "html" else read_text(text, encoding)
    if fmt == "pdf":
        from .pdfdoc import read_pdf

        return read_pdf(data)
    if fmt == "docx":
        from .docxdoc import read_docx

        return read_docx(data)
    if fmt == "doc":
        from .docdoc import read_doc

        return read_doc(data)
    raise UnreadableDocument(f"{fmt} documents hold no text to read (an image needs OCR, not supported yet)")


def _fold_line(line: Line) -> Line:
    text = fold_cjk_variants(line.text)
    if text is line.text:
        return line
    cells = None if line.cells is None else tuple(c and fold_cjk_variants(c) for c in line.cells)
    return Line(text, cells)


def parse_document(doc: Document, report: Report) -> Report:
    """Fill a Report from a read Document (shared by every format)."""
    report.encoding = doc.encoding
    report.errors.extend(doc.errors)
    doc_lines = [_fold_line(line) for line in doc.lines]
    edges = doc_lines[:15] + doc_lines[-5:]  # where pages put 来源/日期/标题 lines
    edge_text = "\n".join(line.text for line in edges)
    published = doc.published_hint or find_published(edge_text)
    title_hint = fold_cjk_variants(doc.title_hint or "") or next(
        (m.group(1) for line in edges if (m := _TITLE_LINE.match(line.text))), None)
    lines = strip_chrome(doc_lines)
    meta = read_metadata(lines, title_hint, published)
    if meta.title_index:
        lines = lines[meta.title_index:]  # column names and chrome above the title are not the report
    report.text = "\n".join(line.text for line in lines)
    report.title, report.year, report.published = meta.title, meta.year, meta.published
    report.organ, report.organ_kind = meta.organ, meta.organ_kind
    hints = "\n".join([doc.site_hint, find_source(edge_text)])
    if place := resolve_place(meta.title or "", meta.organ, report.text + "\n" + hints):
        report.province, report.city, report.county, report.adcode = (
            place.province, place.city, place.county, place.adcode)
    if not lines:
        report.errors.append("no text found in the document")
        return report
    if meta.title and _COMPANION.search(meta.title):
        report.errors.append(f"not an annual report: a companion page ({_COMPANION.search(meta.title).group()})")
        return report
    parts = split_parts(lines)
    region_text = "\n".join(line.text for lines_ in parts.regions.values() for line in lines_)
    template = detect_template(region_text)
    if template not in TEMPLATES:
        if meta.year is not None and meta.year <= 2018:
            report.template = "legacy"
            return report
        if not (meta.title and _REPORT_TITLE.search(meta.title)):
            report.errors.append("not an annual report: no report title and no statistical tables")
        else:
            report.errors.append("no statistical tables found (they may be images or attachments)")
        return report
    report.template = template
    schema = load_schema()
    cells = {}
    for key, spec in schema.tables.items():
        region = parts.regions.get(key, [])
        result = read_table(spec, template, region)
        if not result.found:
            report.errors.append(f"table {key} ({spec.label}) not found in the document")
        report.errors.extend(result.errors)
        for row in spec.rows[template]:
            for col in row.columns:
                c = result.cells[(row.key, col)]
                cells[(key, row.key, col)] = c
                report.cells.append(Cell(key, row.key, col, c.value, c.raw, c.status))
    report.checks = [Check(c.name, c.status, c.detail) for c in run_checks(cells, template, parts.overview)]
    return report
