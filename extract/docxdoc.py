"""Read a Word 2007+ (.docx) report: paragraphs and tables in document order, merged cells once.

python-docx opens the package, but its ``row.cells`` repeats a merged cell in every grid slot it
covers (a 3×3 corner label comes out nine times), and following ``vMerge="continue"`` upwards raises
on malformed tables. So the body is walked here at the XML level: ``gridSpan`` and ``vMerge`` give a
grid where a covered slot is None and an empty cell is "", exactly like the HTML grid (grid.py),
which is what the table parser needs to tell a merged label from a blank statistic.

The walk follows ``Document.iter_inner_content()`` order but also enters content controls (``w:sdt``)
and custom-XML wrappers, which that skips; reads imported HTML chunks (``w:altChunk``, what CMS
"export to Word" buttons make) with the HTML reader; puts text boxes after their paragraph; and
handles nested tables the way the HTML reader does: a table that holds tables, or has one column,
is a layout frame whose content is read as body text.

Files come from the open web, so everything is capped before it is parsed: the compressed size,
the declared uncompressed size and ratio of the zip (zip bombs), the number of parts, paragraphs,
rows and grid columns. Problems raise UnreadableDocument with a message a person can act on.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from .decode import DecodeError, decode
from .document import Document, Line, UnreadableDocument
from .textnorm import clean_line

MAX_COMPRESSED = 50 * 1024 * 1024  # bytes of the .docx file itself
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # declared size of all parts; zipfile never reads past it
MAX_MARKUP = 60 * 1024 * 1024  # XML parts only: they are parsed into memory (images are not)
MAX_RATIO = 100  # uncompressed / compressed, checked once the parts exceed RATIO_FLOOR
RATIO_FLOOR = 10 * 1024 * 1024  # below this a high ratio is harmless (a table of zeros packs well)
MAX_PARTS = 5_000
MAX_PARAGRAPHS = 50_000
MAX_ROWS = 20_000  # table rows, all tables together
MAX_COLUMNS = 200  # grid slots per row; a junk gridSpan="100000" must not blow up memory
MAX_DEPTH = 12  # nested tables / content controls

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W = f"{{{_W}}}"
_P, _TBL, _TR, _TC, _SDT, _CUSTOM = (W + t for t in ("p", "tbl", "tr", "tc", "sdt", "customXml"))
_SDT_CONTENT, _TXBX, _ALT_CHUNK = W + "sdtContent", W + "txbxContent", W + "altChunk"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SKIP_IN_P = {W + "pPr", W + "rPr", W + "del", W + "moveFrom", W + "instrText", W + "delText",
              f"{{{_MC}}}Fallback"}
_CHARS = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
_ENCRYPTED_FLAG = 0x1
_IMAGE_EXT = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf")


def read_docx(data: bytes) -> Document:
    """The lines of a .docx file; raises UnreadableDocument for corrupt, encrypted or oversized files."""
    images = _check_package(data)
    try:
        import docx  # heavy import, only when a DOCX arrives

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors … on broken packages
        raise UnreadableDocument(f"corrupt DOCX, python-docx cannot open it ({type(exc).__name__}: {exc})") from exc
    walker = _Walker(document.part)
    walker.blocks(body, 0)
    doc = Document(walker.lines, "docx", "utf-8", errors=walker.notes)
    if not walker.lines and images:
        doc.errors.append(f"the DOCX holds {images} images and no text (a scanned report needs OCR)")
    return doc


def _check_package(data: bytes) -> int:
    """Refuse oversized, bomb-like, encrypted or non-zip files before parsing; return the image count."""
    if len(data) > MAX_COMPRESSED:
        raise UnreadableDocument(f"DOCX of {len(data) / 2**20:.0f} MB is over the {MAX_COMPRESSED // 2**20} MB cap")
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableDocument(f"corrupt DOCX: not a readable zip archive, truncated download? ({exc})") from exc
    if len(infos) > MAX_PARTS:
        raise UnreadableDocument(f"DOCX has {len(infos)} parts, over the {MAX_PARTS} cap")
    if any(i.flag_bits & _ENCRYPTED_FLAG for i in infos):
        raise UnreadableDocument("DOCX parts are password-encrypted")
    total = sum(i.file_size for i in infos)
    markup = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    if total > MAX_UNCOMPRESSED or markup > MAX_MARKUP:
        raise UnreadableDocument(
            f"DOCX declares {total / 2**20:.0f} MB uncompressed ({markup / 2**20:.0f} MB of XML), over the cap of "
            f"{MAX_UNCOMPRESSED // 2**20} MB ({MAX_MARKUP // 2**20} MB XML): refused as a possible zip bomb")
    if total > RATIO_FLOOR and total > MAX_RATIO * len(data):
        ratio = total / max(1, len(data))
        raise UnreadableDocument(f"DOCX unpacks {ratio:.0f}× its size (cap {MAX_RATIO}×): a possible zip bomb")
    names = {i.filename for i in infos}
    if not any(n.startswith("word/") for n in names):
        kind = ("an Excel workbook" if any(n.startswith("xl/") for n in names)
                else "a PowerPoint file" if any(n.startswith("ppt/") for n in names)
                else "a zip archive (attachments?)")
        raise UnreadableDocument(f"not a Word document but {kind} with {len(names)} files")
    return sum(1 for n in names if n.lower().endswith(_IMAGE_EXT))


class _Walker:
    """Linearise a body: paragraphs become lines, leaf tables become rows of cells."""

    def __init__(self, part=None) -> None:
        self.part = part  # the main document part, to resolve altChunk relationships
        self.lines: list[Line] = []
        self.notes: list[str] = []
        self.paragraphs = 0
        self.rows = 0

    def blocks(self, parent, depth: int) -> None:
        """Block-level content (body, a cell, a content control, a text box) in document order."""
        if depth > MAX_DEPTH:
            raise UnreadableDocument(f"DOCX nests tables or content controls deeper than {MAX_DEPTH} levels")
        for el in parent:
            tag = el.tag
            if tag == _P:
                self.paragraph(el, depth)
            elif tag == _TBL:
                self.table(el, depth)
            elif tag == _SDT:
                for content in el.iterchildren(_SDT_CONTENT):
                    self.blocks(content, depth + 1)
            elif tag == _CUSTOM:
                self.blocks(el, depth + 1)
            elif tag == _ALT_CHUNK:
                self.alt_chunk(el)

    def alt_chunk(self, el) -> None:
        """An imported HTML chunk: CMS "export to Word" buttons often make a DOCX that is only this.

        The chunk is read by the HTML reader, so its tables keep their spans like a web page's.
        """
        rid = el.get(_R_ID)
        part = self.part.related_parts.get(rid) if self.part is not None and rid else None
        if part is None:
            self.notes.append("an embedded chunk (altChunk) points to no part and is not read")
            return
        content_type = part.content_type.split(";")[0].strip().lower()
        if content_type not in _HTML_TYPES:
            self.notes.append(f"an embedded {content_type} chunk (altChunk) is not read")
            return
        from .htmlpage import read_html  # only DOCX files with HTML chunks need it

        try:
            text, encoding = decode(part.blob, part.content_type)
        except DecodeError as exc:
            self.notes.append(f"an embedded HTML chunk (altChunk) cannot be decoded: {exc}")
            return
        chunk = read_html(text, encoding)
        self.lines.extend(chunk.lines)
        self.notes.extend(chunk.errors)

    def paragraph(self, p, depth: int) -> None:
        self.paragraphs += 1
        if self.paragraphs > MAX_PARAGRAPHS:
            raise UnreadableDocument(f"DOCX has more than {MAX_PARAGRAPHS} paragraphs (cap)")
        boxes: list = []
        text = paragraph_text(p, boxes)
        # a manual line break ends a line, as <br> does in HTML; tabs separate cells of tab-aligned rows
        for piece in text.split("\n"):
            cells = [clean_line(c) for c in piece.split("\t")]
            line = "\t".join(c for c in cells if c)
            if line:
                self.lines.append(Line(line))
        for box in boxes:  # text boxes anchored in the paragraph follow it
            self.blocks(box, depth + 1)

    def table(self, tbl, depth: int) -> None:
        trs = list(_children(tbl, _TR))
        self.rows += len(trs)
        if self.rows > MAX_ROWS:
            raise UnreadableDocument(f"DOCX tables have more than {MAX_ROWS} rows (cap)")
        grid = None if any(el is not tbl for el in tbl.iter(_TBL)) else _grid(trs)
        if grid is None or max((len(r) for r in grid), default=0) <= 1:
            # a frame around the report (or around its tables): the cells are body content
            for tr in trs:
                for tc in _children(tr, _TC):
                    self.blocks(tc, depth + 1)
            return
        for row in grid:
            cells = tuple(row)
            if any(cells):
                self.lines.append(Line("\t".join(c or "" for c in cells), cells))


def paragraph_text(p, boxes: list | None = None) -> str:
    """A paragraph's text: runs, hyperlinks, fields, insertions; not deletions or Fallback copies.

    Text boxes inside the paragraph are not inlined: their w:txbxContent elements go to `boxes`.
    """
    parts: list[str] = []

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP_IN_P:
                continue
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag in _CHARS:
                parts.append(_CHARS[tag])
            elif tag == _TXBX:
                if boxes is not None:
                    boxes.append(child)
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def cell_text(tc) -> str:
    """A cell's text: its paragraphs (also inside content controls) joined by a space.

    A label written one character per paragraph (本/年/度…) becomes "本 年 度…"; the table parser
    compares labels with spaces folded away, as it does for the HTML grid.
    """
    texts = [paragraph_text(p) for p in _paragraphs(tc)]
    return clean_line(" ".join(t.replace("\t", " ").replace("\n", " ") for t in texts))


def _paragraphs(el) -> Iterator:
    for child in el:
        if child.tag == _P:
            yield child
        elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM):
            yield from _paragraphs(child)


def _children(el, tag: str) -> Iterator:
    """Direct children with `tag`, looking through content-control and custom-XML wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _children(content, tag)
        elif child.tag == _CUSTOM:
            yield from _children(child, tag)


def _int_attr(el, path: str, default: int) -> int:
    found = el.find(path)
    if found is None:
        return default
    try:
        return max(0, min(MAX_COLUMNS, int(found.get(W + "val", default))))
    except ValueError:
        return default


def _continues(tc) -> bool:
    """Whether the cell continues a vertical merge (a bare <w:vMerge/> means "continue")."""
    vmerge = tc.find(f"{W}tcPr/{W}vMerge")
    return vmerge is not None and vmerge.get(W + "val", "continue") == "continue"


def _grid(trs: list) -> list[list[str | None]]:
    """Rows of cell texts: a cell's text in its first slot, None in every slot its spans cover.

    A slot is covered when its w:tc is the one to its left (gridSpan) or the one above
    (vMerge="continue" under an open cell). A continuation with no cell above (malformed, seen in
    WPS output) is kept as a cell of its own. Slots before gridBefore or after a short row's last
    cell hold no cell at all and are None too, as in the HTML grid.
    """
    rows: list[list[str | None]] = []
    above: list[object | None] = []  # the w:tc that owns each slot of the previous row
    for tr in trs:
        before = _int_attr(tr, f"{W}trPr/{W}gridBefore", 0)
        owners: list[object | None] = [None] * before
        texts: list[str | None] = [None] * before
        for tc in _children(tr, _TC):
            col = len(owners)
            if col >= MAX_COLUMNS:
                break
            width = min(max(1, _int_attr(tc, f"{W}tcPr/{W}gridSpan", 1)), MAX_COLUMNS - col)
            top = above[col] if col < len(above) else None
            if top is not None and _continues(tc):
                owner, text = top, None
            else:
                owner, text = tc, cell_text(tc)
            owners.extend([owner] * width)
            texts.append(text)
            texts.extend([None] * (width - 1))
        rows.append(texts)
        above = owners
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        row.extend([None] * (width - len(row)))
    return rows
