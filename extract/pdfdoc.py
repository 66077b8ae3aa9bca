"""Read a PDF report into lines in reading order: running text as lines, ruled tables as rows of cells.

Reports reach the archive as PDFs printed from Word/WPS: a text layer with the body, ruled tables with
the national row/column spans, running headers, page numbers, and tables that break across pages.
This reader (pdfplumber over pdfminer) turns one into the same Document the HTML reader makes, so
the shared table parser reads every format alike.

What it does, and why:

- One pass per page: pdfminer interprets the page once into this reader's own device and light object
  dicts (pdfplumber's ``page.objects`` costs a quarter more), ``page.find_tables()`` runs once on
  their ruling lines, then every character is assigned either to the table cell that holds its
  centre or to the running text. Nearly all the time left is pdfminer parsing content streams.
- A ruled table becomes one ``Line(text, cells)`` per row. What pdfplumber does (0.11.10, checked on
  the fixtures): its grid has a column per distinct cell left edge and a row per distinct cell top,
  and ``Table.rows``/``extract()`` give ``None`` for a slot where no cell starts, i.e. a slot covered
  by a row/column span (or a hole in the ruling), and ``""`` for a cell that exists but holds no
  character. Merged text sits in the top-left slot only. This reader keeps exactly that (the HTML
  grid's convention): ``None`` covered, ``""`` a blank statistic or the empty rest of a merged label
  continued on the next page. Text inside a cell is joined across its visual lines ("商业\\n企业" →
  "商业企业"; pdfplumber keeps the "\\n"); two numbers stacked in one cell are joined by a space,
  never glued, unless the first line fills the cell (a number wrapped mid-way).
- Running text is grouped into visual lines; wide horizontal gaps become tabs, so a table printed
  without ruling lines still yields label/value tokens in order (the text fallback). Lines of a
  paragraph wrapped at the right margin are joined again, but never into a heading.
- A table that continues on the next page needs little: its rows follow the earlier rows once the page
  furniture between them is gone. Page numbers ("- 4 -", "第 4 页", "4/12", a lone number at the
  bottom) and running headers/footers (the same text at the same place on most pages) are dropped
  from the top and bottom margins. Header rows that Word repeats at the top of each page (重复标题行)
  are dropped there. A row that the page break cut in two ("结果" / "维持", "2.其他法律行" /
  "政法规禁止公开") is joined.
- No usable text (scanned pages, glyphs without a Unicode map, mojibake, a font map pointing at the
  wrong CJK glyphs, a password, damaged content streams) raises UnreadableDocument with the reason;
  such pages in an otherwise readable file are named in ``Document.errors`` and their text is not
  used (junk could hold digits that look like statistics). Pages of a scan with a scanner's invisible
  OCR layer are read but named (their numbers may carry recognition errors), and so are pictures
  large enough to be tables pasted as screenshots. An OCR engine can be plugged in through
  ``OCR_BACKEND`` / ``read_pdf(ocr=...)``.
- Untrusted files are bounded: bytes, pages (the rest is not read, and ``errors`` says so), the
  inflated size of a page's content streams (a decompression bomb is named, not inflated) and
  seconds (a watchdog stops the reader even inside one page; the pages read so far are kept and
  ``errors`` names where it stopped). pdfminer's many exceptions on malformed files become
  UnreadableDocument.
"""

from __future__ import annotations

import io
import logging
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import Any

from .document import Document, Line, UnreadableDocument
from .textnorm import fold_cjk_variants, label_key
from .timecap import TimeCap, TimeCapExceeded

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    """Caps for one untrusted document."""

    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 200  # pages past this are not read; Document.errors says so
    max_seconds: float = 60.0  # wall clock for the whole file, enforced inside a page too (timecap)


LIMITS = Limits()

# The seam for OCR: a callable that gets a pdfplumber Page without usable text (render it with
# ``page.to_image(resolution=300).original``) and returns its lines in reading order (table rows as
# tab-separated text or as Line(text, cells)). None: such pages are reported as needing OCR.
OcrBackend = Callable[[Any], list[Line]]
OCR_BACKEND: OcrBackend | None = None

_TABLE_MIN_ROWS = 2
_TABLE_MIN_COLS = 2  # a single box (a framed paragraph, a page border) is text, not a table
_MARGIN_ZONE = 0.1  # top and bottom tenth of the page: where headers, footers and page numbers stand
_TAB_GAP = 1.0  # a gap wider than this many font sizes separates cells of an unruled table
_SPACE_GAP = 0.15  # a gap wider than this (in font sizes) is a space; CJK characters abut
_MIN_TEXT_CHARS = 5  # fewer non-space characters than this: the page has no text layer
_OUTLINE_CURVES = 50  # a page without characters but with this many curves has its text drawn as outlines
_DAMAGED_CONTENT = 200  # bytes of content stream that drew nothing: not a blank page but a broken one
_JUNK_RATIO = 0.2  # share of replacement/private-use/unmapped glyphs that makes a page unreadable
_MIN_CJK_RATIO = 0.05  # a page of this reader's reports is Chinese text
# A picture on a page with text that covers this much of the page is worth naming: a table pasted as a
# screenshot. A seal (公章, about 3% of an A4 page) or a logo is not.
_PICTURE_SHARE = 0.15
_MAX_CONTENT = 64 << 20  # bytes of inflated content stream per page; a dense real page has well under 1 MB
_OCR_LAYER = 0.5  # share of a page's characters drawn invisibly that makes it a scan with an OCR layer
# The most frequent characters of Chinese prose, plus every character of the national tables' labels
# (data/schema.yml, so a page holding only a table counts too): ≥ 20% of the CJK characters of any
# 300-character stretch of the seed reports, ~1% of CJK characters that a broken font map picked at
# random. Under _MIN_COMMON_RATIO, "Chinese" text is junk.
_FREQUENT_CJK = (
    "的一是在不了有和人这中大为上个我以要时来到作地于出就分对成会可主发年动同工也能下过产种面而方后多定行学法所民"
    "得经十三之进着等部度家政府信息公开申请报告县务理"
)
_MIN_COMMON_RATIO = 0.05

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—－―~～]\s*\d{1,4}\s*[-–—－―~～]"  # - 4 -, —4—
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?"  # 第 4 页, 第4页 共12页
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 4/12
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.I,
)
_LONE_NUMBER = re.compile(r"^\d{1,4}$")
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．](?!\d)|第[一二三四五六七八九十\d]+[条章节项])"
)
_SENTENCE_END = re.compile(r"[。！？!?；;：:]$")
_WORD_START = re.compile(r"[A-Za-z0-9.,%:/@_\-]+")


@dataclass
class _Item:
    """A line on a page: running text or a table row, with where it stands."""

    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    line: Line
    extents: tuple[tuple[float, float] | None, ...] = ()  # a row's cells: (x0, x1), None where covered


@dataclass
class _Page:
    number: int
    width: float
    height: float
    items: list[_Item] = field(default_factory=list)
    chars: int = 0  # non-space characters
    cjk: int = 0
    bad: int = 0  # replacement, private-use, unmapped (cid:N) and control characters
    images: int = 0
    drawings: int = 0  # curves: text converted to outlines has hundreds
    digits: int = 0
    picture: float = 0.0  # the share of the page that its largest picture covers
    invisible: int = 0  # characters drawn invisibly: a scanner's OCR layer
    common: int = 0  # CJK characters among _common_cjk()
    damaged: bool = False  # the page could not be read, or its content stream drew nothing although not empty
    failure: str = ""  # why, when pdfminer raised

    @property
    def needs_ocr(self) -> bool:
        """No text layer, but something is drawn: a scan, or text turned into outlines."""
        return self.chars < _MIN_TEXT_CHARS and (self.images > 0 or self.drawings > _OUTLINE_CURVES)

    @property
    def is_junk(self) -> bool:
        """Text that is not Chinese: unmapped or private-use glyphs, or mojibake (few CJK, few digits)."""
        if self.chars < _MIN_TEXT_CHARS:
            return False
        if self.bad > _JUNK_RATIO * self.chars:
            return True
        if self.cjk >= 30 and self.common < _MIN_COMMON_RATIO * self.cjk:
            return True  # CJK characters, but not Chinese: a font map that points at the wrong glyphs
        return self.chars >= 20 and self.cjk < _MIN_CJK_RATIO * self.chars and self.digits < 0.5 * self.chars


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def read_pdf(data: bytes, *, limits: Limits | None = None, ocr: OcrBackend | None = None) -> Document:
    """The Document of a PDF, or UnreadableDocument saying why it has no usable text."""
    limits = limits or LIMITS
    ocr = ocr or OCR_BACKEND
    if len(data) > limits.max_bytes:
        raise UnreadableDocument(
            f"PDF is {len(data) / 1e6:.1f} MB, over the {limits.max_bytes / 1e6:g} MB cap; not read")
    errors: list[str] = []
    pages: list[_Page] = []
    reading = 0
    try:
        with TimeCap(limits.max_seconds):
            pdf = _open(data)
            for page in _iter_pages(pdf, limits, errors):
                reading = page.page_number
                pages.append(_read_one(page, ocr, errors))
    except TimeCapExceeded:
        cap = f"the {limits.max_seconds:g} s time cap"
        if not pages:
            where = f"reading page {reading}" if reading else "opening the file"
            raise UnreadableDocument(f"{where} took longer than {cap}; not read") from None
        errors.append(f"reading stopped on page {reading} at {cap}; page {reading} and the rest were not read")
    if not pages:
        raise UnreadableDocument("PDF has no pages")
    _check_text(pages, errors)
    return Document(_assemble(pages), "pdf", errors=errors)


def _read_one(page: Any, ocr: OcrBackend | None, errors: list[str]) -> _Page:
    try:
        result = _read_page(page)
    except Exception as exc:  # pdfminer/pdfplumber raise anything on a broken content stream
        log.debug("page %s unreadable", page.page_number, exc_info=True)
        result = _Page(page.page_number, float(page.width), float(page.height), damaged=True,
                       failure=_describe(exc))
    if ocr is not None and (result.needs_ocr or result.is_junk):
        _ocr_page(page, result, ocr, errors)
    page.close()
    return result


def _open(data: bytes) -> Any:
    import pdfplumber  # heavy: imported on first use

    try:
        return pdfplumber.PDF(io.BytesIO(data), stream_is_external=True)
    except Exception as exc:
        raise UnreadableDocument(_describe(exc)) from None


def _describe(exc: BaseException) -> str:
    """A one-line reason for a pdfminer failure (pdfplumber wraps them in PdfminerException)."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    if isinstance(inner, PDFPasswordIncorrect):
        return "encrypted PDF: a password is needed to open it"
    if isinstance(inner, PDFEncryptionError):
        return f"encrypted PDF: {inner or 'unsupported encryption'}"
    text = str(inner).strip().replace("\n", " ")[:120]
    return f"malformed PDF ({type(inner).__name__}{': ' + text if text else ''})"


def _iter_pages(pdf: Any, limits: Limits, errors: list[str]) -> Iterator[Any]:
    """pdfplumber Pages one at a time (pdf.pages would walk the whole page tree first)."""
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    objects = PDFPage.create_pages(pdf.doc)
    doctop = 0.0
    number = 0
    while True:
        try:
            obj = next(objects)
        except StopIteration:
            return
        except Exception as exc:
            if number == 0:
                raise UnreadableDocument(_describe(exc)) from None
            errors.append(f"the page tree is broken after page {number} ({_describe(exc)}); the rest was not read")
            return
        if number >= limits.max_pages:
            total = _page_count(pdf)
            of = f"{total}" if total and total > number else f"more than {number}"
            errors.append(f"only the first {limits.max_pages} of {of} pages were read (page cap {limits.max_pages})")
            return
        number += 1
        try:
            page = Page(pdf, obj, page_number=number, initial_doctop=doctop)
        except Exception as exc:
            errors.append(f"page {number} could not be read ({_describe(exc)})")
            continue
        doctop += float(page.height)
        yield page


def _page_count(pdf: Any) -> int | None:
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"])
        return count if isinstance(count, int) else None
    except Exception:
        return None


# --------------------------------------------------------------------------------------------
# One page
# --------------------------------------------------------------------------------------------


def _read_page(page: Any) -> _Page:
    stored, inflated = _content_size(page)
    if inflated > _MAX_CONTENT:
        return _Page(page.page_number, float(page.width), float(page.height), damaged=True,
                     failure=f"its content stream inflates to over {_MAX_CONTENT >> 20} MB, a decompression bomb")
    page._objects, invisible = _page_objects(page)  # pdfplumber's page.edges and find_tables() read these
    out = _Page(page.page_number, float(page.width), float(page.height), images=len(page.images),
                drawings=len(page.curves), invisible=invisible)
    area = out.width * out.height or 1.0
    out.picture = max((min(1.0, im["width"] * im["height"] / area) for im in page.images), default=0.0)
    chars = [c for c in page.chars if c["text"].strip()]
    _count(chars, out)
    if out.chars < _MIN_TEXT_CHARS:
        out.damaged = not (out.images or any(page.objects.values())) and stored > _DAMAGED_CONTENT
        return out
    tables = [t for t in page.find_tables() if _is_table(t)]
    grids = [_Grid(t.cells) for t in tables]
    loose: list[dict[str, Any]] = []
    for ch in chars:
        hx, vy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not any(g.take(ch, hx, vy) for g in grids):
            loose.append(ch)
    for grid in grids:
        out.items.extend(grid.rows())
    out.items.extend(_text_items(loose))
    out.items.sort(key=lambda it: it.top)
    return out


@cache
def _device_class() -> type:
    """pdfminer's layout device, counting the characters drawn invisibly (text render mode 3): the OCR
    layer that scanners put over a scanned page."""
    from pdfminer.converter import PDFPageAggregator

    class Device(PDFPageAggregator):
        invisible = 0

        def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
            before = len(self.cur_item._objs)
            super().render_string(textstate, seq, ncs, graphicstate)
            if textstate.render == 3:
                self.invisible += len(self.cur_item._objs) - before

    return Device


def _page_objects(page: Any) -> tuple[dict[str, list[dict[str, Any]]], int]:
    """A page's characters, ruling graphics and images as pdfplumber's object dicts, with only the keys
    this reader and pdfplumber's table finder use, and how many characters were drawn invisibly.

    pdfplumber's own ``page.objects`` copies some twenty attributes per object and resolves colours
    and fonts: a quarter of the time of a dense page (47 against 36 ms). The coordinates are made the
    same way (top-down, shifted by the MediaBox origin), so ``find_tables()`` sees the same edges.
    """
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTLine, LTRect
    from pdfminer.pdfinterp import PDFPageInterpreter

    device = _device_class()(page.pdf.rsrcmgr, pageno=page.page_number, laparams=None)
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)

    height = float(page.height)
    mb_x0, mb_top = (float(v) for v in page.mediabox[:2])
    doctop = float(page.initial_doctop)
    chars: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    rects: list[dict[str, Any]] = []
    curves: list[dict[str, Any]] = []
    images: list[dict[str, Any]] = []

    def box(obj: Any, kind: str) -> dict[str, Any]:
        top = height - obj.y1 + mb_top
        return {"object_type": kind, "x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0, "y0": obj.y0, "y1": obj.y1,
                "top": top, "bottom": height - obj.y0 + mb_top, "doctop": doctop + top,
                "width": obj.width, "height": obj.height}

    stack = [iter(device.get_result()._objs)]
    while stack:
        obj = next(stack[-1], None)
        if obj is None:
            stack.pop()
        elif isinstance(obj, LTChar):
            top = height - obj.y1 + mb_top
            chars.append({"text": fold_cjk_variants(obj.get_text()), "x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0,
                          "top": top, "bottom": height - obj.y0 + mb_top, "size": obj.size})
        elif isinstance(obj, LTLine):
            lines.append(box(obj, "line"))
        elif isinstance(obj, LTRect):
            rects.append(box(obj, "rect"))
        elif isinstance(obj, LTCurve):
            curve = box(obj, "curve")
            curve["pts"] = [page.point2coord(pt) for pt in obj.pts]
            curves.append(curve)
        elif isinstance(obj, LTImage):
            images.append(box(obj, "image"))
        elif isinstance(obj, LTContainer):  # a form XObject (LTFigure): its contents count as the page's
            stack.append(iter(obj._objs))
    return {"char": chars, "line": lines, "rect": rects, "curve": curves, "image": images}, device.invisible


def _content_size(page: Any) -> tuple[int, int]:
    """A page's content streams: (bytes as stored, bytes once inflated), taken before pdfminer reads
    them, since it drops the stored bytes of a stream once decoded. A blank page stores next to none;
    inflated Flate bytes are counted only to just past _MAX_CONTENT, because pdfminer inflates a
    stream whole, in memory, before it reads a single operator."""
    import zlib

    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, stream_value

    stored = inflated = 0
    for obj in getattr(page.page_obj, "contents", None) or []:
        try:
            stream = stream_value(obj)
            filters = stream.get_filters()
            raw = stream.get_rawdata()
        except Exception:
            continue  # pdfminer reports it when it reads the page
        stored += len(raw or b"")
        if (raw is None or inflated > _MAX_CONTENT or stream.decipher or not filters
                or filters[0][0] not in LITERALS_FLATE_DECODE):
            continue
        try:
            inflated += len(zlib.decompressobj().decompress(raw, _MAX_CONTENT + 1 - inflated))
        except zlib.error:
            continue
    return stored, inflated


@cache
def _common_cjk() -> frozenset[str]:
    from importlib import resources

    schema = resources.files("extract").joinpath("data/schema.yml").read_text("utf-8")
    return frozenset(_FREQUENT_CJK) | frozenset(re.findall(r"[\u3400-\u9fff]", schema))


def _count(chars: list[dict[str, Any]], out: _Page) -> None:
    common = _common_cjk()
    for ch in chars:
        text = ch["text"]
        out.chars += 1
        if len(text) > 1:  # "(cid:123)": a glyph with no Unicode mapping
            out.bad += 1 if text.startswith("(cid:") else 0
            continue
        cp = ord(text)
        if 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF:
            out.cjk += 1
            out.common += text in common
        elif 0x30 <= cp <= 0x39 or 0xFF10 <= cp <= 0xFF19:
            out.digits += 1
        elif cp == 0xFFFD or 0xE000 <= cp <= 0xF8FF or cp < 0x20 or cp >= 0xF0000:
            out.bad += 1


def _is_table(table: Any) -> bool:
    xs = {c[0] for c in table.cells}
    tops = {c[1] for c in table.cells}
    return len(xs) >= _TABLE_MIN_COLS and len(tops) >= _TABLE_MIN_ROWS


class _Grid:
    """A ruled table's cells on the slot grid of their corners; characters are dropped into cells."""

    def __init__(self, cells: list[tuple[float, float, float, float]]) -> None:
        self.cells = cells
        self.xs = sorted({c[0] for c in cells})
        self.tops = sorted({c[1] for c in cells})
        self.x1 = max(c[2] for c in cells)
        self.bottom = max(c[3] for c in cells)
        self.owner: dict[tuple[int, int], int] = {}
        self.start: dict[tuple[int, int], int] = {}
        for i, (x0, top, x1, bottom) in enumerate(cells):
            c0, r0 = self.xs.index(x0), self.tops.index(top)
            self.start[(r0, c0)] = i
            c1 = bisect_right(self.xs, x1 - 0.01)
            r1 = bisect_right(self.tops, bottom - 0.01)
            for r in range(r0, r1):
                for c in range(c0, c1):
                    self.owner.setdefault((r, c), i)
        self.chars: list[list[dict[str, Any]]] = [[] for _ in cells]

    def take(self, ch: dict[str, Any], hx: float, vy: float) -> bool:
        """Put a character into the cell that holds its centre (pdfplumber's rule); False if none does."""
        if not (self.xs[0] <= hx < self.x1 and self.tops[0] <= vy < self.bottom):
            return False
        i = self.owner.get((bisect_right(self.tops, vy) - 1, bisect_right(self.xs, hx) - 1))
        if i is None:
            return False
        x0, top, x1, bottom = self.cells[i]
        if not (x0 <= hx < x1 and top <= vy < bottom):
            return False
        self.chars[i].append(ch)
        return True

    def rows(self) -> list[_Item]:
        items = []
        for r, top in enumerate(self.tops):
            cells: list[str | None] = []
            extents: list[tuple[float, float] | None] = []
            bottom = top
            for c in range(len(self.xs)):
                i = self.start.get((r, c))
                if i is None:
                    cells.append(None)  # covered by a span from the left or from above
                    extents.append(None)
                    continue
                bottom = max(bottom, self.cells[i][3])
                cells.append(_cell_text(self.chars[i], self.cells[i]))
                extents.append((self.cells[i][0], self.cells[i][2]))
            if not any(cells):
                continue
            line = Line("\t".join(c or "" for c in cells), tuple(cells))
            items.append(_Item(top, bottom, self.xs[0], self.x1, 0.0, line, tuple(extents)))
        return items


# --------------------------------------------------------------------------------------------
# Characters → lines
# --------------------------------------------------------------------------------------------


def _visual_lines(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Characters grouped into visual lines (top to bottom), each left to right, overprints removed.

    Word's fake bold prints a glyph twice a fraction of a point apart; keeping both would read "政政府府".
    """
    lines: list[list[dict[str, Any]]] = []
    anchor = -math.inf
    for ch in sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2):
        mid = (ch["top"] + ch["bottom"]) / 2
        if mid - anchor > 0.5 * max(ch["size"], 1.0) or not lines:
            lines.append([ch])
            anchor = mid
        else:
            lines[-1].append(ch)
    out = []
    for line in lines:
        line.sort(key=lambda c: c["x0"])
        kept = [line[0]]
        for ch in line[1:]:
            prev = kept[-1]
            if (ch["text"] == prev["text"] and abs(ch["x0"] - prev["x0"]) < 0.25 * (prev["x1"] - prev["x0"])
                    and abs(ch["top"] - prev["top"]) < 0.25 * max(ch["size"], 1.0)):
                continue
            kept.append(ch)
        out.append(kept)
    return out


def _join(line: list[dict[str, Any]], tabs: bool) -> str:
    """One visual line's text: abutting characters joined, small gaps a space, wide gaps a tab."""
    parts = [line[0]["text"]]
    for prev, ch in pairwise(line):
        size = max(ch["size"], prev["size"], 1.0)
        gap = ch["x0"] - prev["x1"]
        if tabs and gap > _TAB_GAP * size:
            parts.append("\t")
        elif gap > _SPACE_GAP * size:
            parts.append(" ")
        parts.append(ch["text"])
    return "".join(parts)


def _is_wordish(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".,%")


def _cell_text(chars: list[dict[str, Any]], bbox: tuple[float, float, float, float]) -> str:
    """A cell's text with its visual lines joined: labels without a break, numbers never glued.

    Two lines that meet digit-to-digit are one number wrapped at the cell's edge only if the first
    line (plus the next character) fills the cell; otherwise they are two numbers, kept apart.
    """
    if not chars:
        return ""
    lines = _visual_lines(chars)
    text = _join(lines[0], tabs=False)
    width = bbox[2] - bbox[0]
    for prev, line in pairwise(lines):
        nxt = _join(line, tabs=False)
        if text and nxt and _is_wordish(text[-1]) and _is_wordish(nxt[0]):
            used = prev[-1]["x1"] - prev[0]["x0"] + (line[0]["x1"] - line[0]["x0"])
            text += "" if used >= 0.8 * width else " "
        text += nxt
    return text.strip()


def _text_items(chars: list[dict[str, Any]]) -> list[_Item]:
    items = []
    for line in _visual_lines(chars):
        text = _join(line, tabs=True).strip()
        if not text:
            continue
        sizes = Counter(round(c["size"], 1) for c in line)
        items.append(_Item(min(c["top"] for c in line), max(c["bottom"] for c in line), line[0]["x0"],
                           line[-1]["x1"], sizes.most_common(1)[0][0], Line(text)))
    return items


# --------------------------------------------------------------------------------------------
# Whole document: text quality, page furniture, paragraphs
# --------------------------------------------------------------------------------------------


def _page_list(numbers: list[int]) -> str:
    """"3, 5-7" for [3, 5, 6, 7]."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans)


def _ocr_page(page: Any, result: _Page, ocr: OcrBackend, errors: list[str]) -> None:
    """Replace a page without usable text by what the OCR backend reads from it."""
    try:
        lines = ocr(page)
    except Exception as exc:
        errors.append(f"OCR failed on page {result.number} ({type(exc).__name__}: {exc})")
        return
    text = "".join(line.text for line in lines)
    # size 0: an OCR line has no geometry, so it is never taken for page furniture or joined to another
    result.items = [_Item(float(i), float(i), 0.0, 0.0, 0.0, line) for i, line in enumerate(lines)]
    result.chars, result.bad, result.images, result.drawings, result.picture = len(text), 0, 0, 0, 0.0
    result.cjk = sum(1 for ch in text if 0x3400 <= ord(ch) <= 0x9FFF)
    result.common = sum(ch in _common_cjk() for ch in text)
    result.digits = sum(ch.isdigit() for ch in text)


def _check_text(pages: list[_Page], errors: list[str]) -> None:
    """Raise when no page has usable text; otherwise name the pages that need OCR and drop junk pages."""
    n = len(pages)
    scanned = [p for p in pages if p.needs_ocr]
    junk = [p for p in pages if p.is_junk]
    good = [p for p in pages if p.chars >= _MIN_TEXT_CHARS and not p.is_junk]
    if not good:
        if junk and len(junk) >= len(scanned):
            chars = sum(p.chars for p in junk)
            raise UnreadableDocument(
                f"junk PDF text layer on {len(junk)} of {n} pages (broken font encoding?): {chars} characters, "
                f"{100 * sum(p.common for p in junk) / chars:.0f}% common Chinese, "
                f"{100 * sum(p.bad for p in junk) / chars:.0f}% unmapped or private-use glyphs; needs OCR")
        if scanned:
            kind = "scanned PDF" if any(p.images for p in scanned) else "PDF with text drawn as outlines"
            raise UnreadableDocument(f"{kind}: no text layer on {len(scanned)} of {n} pages; needs OCR")
        damaged = [p for p in pages if p.damaged]
        if damaged:
            why = next((f" ({p.failure})" for p in damaged if p.failure), "")
            raise UnreadableDocument(
                f"damaged PDF: the content of {len(damaged)} of {n} pages could not be read{why}; no text read")
        raise UnreadableDocument(f"PDF has no text: its {n} page(s) are blank")
    if scanned:
        errors.append(f"scanned pages: no text layer on page(s) {_page_list([p.number for p in scanned])} of {n}; "
                      "their content needs OCR and was not read")
    ocr_layer = [p for p in good if p.invisible > _OCR_LAYER * p.chars]
    if ocr_layer:
        errors.append(f"page(s) {_page_list([p.number for p in ocr_layer])} of {n} are scans with a text layer "
                      "made by OCR (invisible text): their numbers may carry recognition errors")
    pictured = [p for p in good if p.picture >= _PICTURE_SHARE and p not in ocr_layer]
    if pictured:
        errors.append(f"pictures on page(s) {_page_list([p.number for p in pictured])} of {n} cover up to "
                      f"{100 * max(p.picture for p in pictured):.0f}% of a page: text or tables printed as "
                      "pictures need OCR and were not read")
    damaged = [p for p in pages if p.damaged]
    if damaged:
        why = next((f" ({p.failure})" for p in damaged if p.failure), "")
        errors.append(f"damaged pages: the content of page(s) {_page_list([p.number for p in damaged])} of {n} "
                      f"could not be read{why}; not read")
    if junk:
        errors.append(f"junk text (broken font encoding?) on page(s) {_page_list([p.number for p in junk])} of {n};"
                      " not read, needs OCR")
        for p in junk:
            p.items = []


def _furniture_key(item: _Item, page: _Page) -> tuple[str, int] | None:
    """How a margin line is recognised on other pages: its text with digits folded, and its place."""
    if item.line.is_row or not item.size:  # a table row, or an OCR line without geometry
        return None
    if item.bottom < _MARGIN_ZONE * page.height:
        band = "top"
    elif item.top > (1 - _MARGIN_ZONE) * page.height:
        band = "bottom"
    else:
        return None
    return re.sub(r"\d+", "#", label_key(item.line.text)) + "|" + band, round(item.top / 6)


def _is_page_number(item: _Item, page: _Page) -> bool:
    if item.line.is_row or not item.size:
        return False
    text = item.line.text.strip()
    in_top = item.bottom < _MARGIN_ZONE * page.height
    in_bottom = item.top > (1 - _MARGIN_ZONE) * page.height
    if (in_top or in_bottom) and _PAGE_NUMBER.match(text.replace("\t", " ")):
        return True
    return in_bottom and bool(_LONE_NUMBER.match(text))


def _strip_furniture(pages: list[_Page]) -> None:
    """Drop page numbers and running headers/footers (same text, same place, on most pages)."""
    with_text = [p for p in pages if p.items]
    seen: Counter[tuple[str, int]] = Counter()
    for page in with_text:
        seen.update({k for it in page.items if (k := _furniture_key(it, page))})
    need = max(2, math.ceil(0.5 * len(with_text)))
    repeated = {k for k, n in seen.items() if n >= need}
    for page in with_text:
        page.items = [it for it in page.items
                      if not _is_page_number(it, page) and _furniture_key(it, page) not in repeated]


def _drop_repeated_headers(pages: list[_Page]) -> None:
    """Drop the header rows that Word and WPS repeat at the top of each page a table runs onto
    (重复标题行). Read again in the middle of the table, they would cut it in two: the rows that a page
    starts with are dropped while they repeat, in order, the first rows of the table that the previous
    page ended in."""
    for n in range(1, len(pages)):
        items = pages[n].items
        if not items or not items[0].line.is_row:
            continue
        header = _open_table_head(pages[:n], len(items))
        repeated = 0
        while (repeated < len(header) and repeated < len(items) - 1
               and _filled(items[repeated]) == header[repeated]):
            repeated += 1
        del items[:repeated]


def _filled(item: _Item) -> tuple[str, ...]:
    """A row's filled cells: the same header can have a column more or less on a page where a narrow
    column has no cell boundary of its own."""
    return tuple(c for c in item.line.cells or () if c)


def _open_table_head(pages: list[_Page], limit: int) -> list[tuple[str, ...]]:
    """The first rows (at most ``limit``) of the table that the last of ``pages`` ends in, if it ends in one."""
    rows: list[_Item] = []
    for page in reversed(pages):
        for item in reversed(page.items):
            if not item.line.is_row:
                return [_filled(it) for it in rows[:limit]]
            rows.insert(0, item)
        if not page.items:
            break
    return [_filled(it) for it in rows[:limit]]


def _join_split_rows(pages: list[_Page]) -> None:
    """Put back together a table row that the page break cut in two (Word, WPS and LibreOffice let rows
    break by default).

    The next page then starts with the rest of the row: the lower halves of its labels ("结果" / "维持",
    "2.其他法律行" / "政法规禁止公开") in the same cell columns, and empty cells, since the numbers
    stand on the first line of their cells, above the break. Left alone, those empty cells would read
    as blank statistics. The first row of a page is joined to the last row of the page before only if
    it holds no number, its filled cells all continue filled label cells above and do not start a new
    item ("3.…", "（四）…"), and, when the row above has numbers, the label above is cut short (it does
    not end with a label of the national tables) and the joined label is one.
    """
    for page, nxt in pairwise(pages):
        if not page.items or not nxt.items:
            continue
        last, first = page.items[-1], nxt.items[0]
        if last.line.is_row and first.line.is_row and (row := _rejoined(last, first)) is not None:
            last.line = Line("\t".join(c or "" for c in row), row)
            nxt.items.pop(0)


def _rejoined(last: _Item, first: _Item) -> tuple[str | None, ...] | None:
    """The row ``last`` with the label tails of ``first`` put back, or None if ``first`` is a row of its own."""
    if not (last.extents and first.extents):
        return None
    above = {ext: i for i, ext in enumerate(last.extents) if ext is not None}
    cells = list(last.line.cells or ())
    joined = list(cells)
    continued: list[int] = []
    for text, ext in zip(first.line.cells or (), first.extents, strict=True):
        if not text:
            continue
        i = next((j for (x0, x1), j in above.items() if ext and abs(x0 - ext[0]) < 2 and abs(x1 - ext[1]) < 2), None)
        if (i is None or not cells[i] or _NUMBER_CELL.match(cells[i] or "") or _HEADING_START.match(text)
                or re.search(r"\d", text)):
            return None
        joined[i] = (cells[i] or "") + text
        continued.append(i)
    if any(c and _NUMBER_CELL.match(c) for c in cells) and not _cut_labels(
            [cells[i] or "" for i in continued], [joined[i] or "" for i in continued]):
        return None
    return tuple(joined)


_NUMBER_CELL = re.compile(r"^[\d,.，．\s%-]+$")
_ITEM_NUMBER = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．])")


@cache
def _label_keys() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """The national tables' row and column labels (numbering stripped) and the rows' patterns."""
    from .schema import load_schema

    tables = load_schema().tables.values()
    rows = [row for t in tables for template in t.rows.values() for row in template]
    labels = {label_key(row.label) for row in rows} | {label_key(c.label) for t in tables for c in t.columns.values()}
    return frozenset(labels), tuple(row.regex for row in rows)


def _cut_labels(heads: list[str], whole: list[str]) -> bool:
    """Whether a page break cut these labels: none of the ``heads`` above the break is a whole label
    ("2.其他法律行", "（三）不予") and one of them joined to its tail is a row's ("1.属于国家秘密");
    "行政规范性文件" above "规章" are two rows."""
    labels, patterns = _label_keys()
    for head in heads:
        key = _ITEM_NUMBER.sub("", label_key(head))
        if any(key.endswith(label) for label in labels):
            return False
    return any(p.search(label_key(text)) for text in whole for p in patterns)


def _assemble(pages: list[_Page]) -> list[Line]:
    """All pages' lines in order, furniture dropped, split rows and wrapped paragraph lines joined."""
    _strip_furniture(pages)
    _drop_repeated_headers(pages)
    _join_split_rows(pages)
    texts = [it for p in pages for it in p.items if not it.line.is_row and it.size]
    long = [it for it in texts if len(it.line.text) >= 10]
    if not long:
        return [it.line for p in pages for it in p.items]
    lefts = sorted(it.x0 for it in long)
    rights = sorted(it.x1 for it in long)
    left, right = lefts[len(lefts) // 10], rights[(9 * len(rights)) // 10]
    out: list[_Item] = []
    previous_page = None
    for page in pages:
        for it in page.items:
            prev = out[-1] if out else None
            if prev is not None and _continues(prev, it, left, right, same_page=previous_page is page):
                out[-1] = _Item(prev.top, it.bottom, prev.x0, it.x1, prev.size,
                                Line(_glue(prev.line.text, it.line.text)))
            else:
                out.append(it)
            previous_page = page
    return [it.line for it in out]


def _continues(prev: _Item, item: _Item, left: float, right: float, same_page: bool) -> bool:
    """Whether `item` is the next visual line of the paragraph that `prev` wraps at the right margin."""
    a, b = prev.line, item.line
    if a.is_row or b.is_row or "\t" in a.text or "\t" in b.text or not prev.size or not item.size:
        return False
    size = prev.size
    # A line wraps when the next word does not fit: a CJK character (give or take punctuation kept off a
    # line start) or a whole number/URL, which can leave the line well short of the margin.
    word = _WORD_START.match(b.text)
    fits = (len(word.group()) * 0.6 * size if word else size) + 1.0 * size
    if abs(prev.size - item.size) > 0.5 or right - prev.x1 > fits or prev.x1 - prev.x0 < 0.6 * (right - left):
        return False  # the previous line does not reach the right margin: its paragraph ended
    if item.x0 - left > 0.5 * size or _HEADING_START.match(b.text) or _SENTENCE_END.search(a.text):
        return False  # indented, a heading, or the sentence ended exactly at the margin
    return not same_page or item.top - prev.bottom < 1.2 * size


def _glue(a: str, b: str) -> str:
    return a + (" " if a[-1:].isascii() and a[-1:].isalpha() and b[:1].isascii() and b[:1].isalpha() else "") + b
