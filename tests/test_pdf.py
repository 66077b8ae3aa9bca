"""PDF reports (tests/fixtures/pdf) through `extract.parse_bytes`: cells, page furniture, bad files, caps.

The fixtures are built by tests/fixtures/pdf/generate.py from the seeds and their hand-made ground
truth, so every cell of a PDF must equal the ground truth and the seed's own text parse.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import time
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from expected import SEEDS, cell_mismatches, expected_cells, load_expected

from extract import parse_bytes, parse_path, pdfdoc
from extract.document import Line, UnreadableDocument
from extract.pdfdoc import Limits, read_pdf

PDF = Path(__file__).parent / "fixtures" / "pdf"
REPORTS = {
    "a_luanchuan_v2021_split.pdf": "001_759fee5d4dfad9d3",
    "b_huining_v2019.pdf": "003_e0c0fba79554bc10",
    "c_tongxin_unruled.pdf": "002_add18d99bbf22541",
    "h_libreoffice_luanchuan.pdf": "001_759fee5d4dfad9d3",
    "i_libreoffice_huining.pdf": "003_e0c0fba79554bc10",
    "j_libreoffice_repeated_header.pdf": "003_e0c0fba79554bc10",
}
META = ("title", "year", "template", "organ", "organ_kind", "province", "city", "county", "adcode", "published")


@cache
def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("pdf_fixture_generator", PDF / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def _parse(name: str) -> Any:
    return parse_bytes((PDF / name).read_bytes())


def _ok_cells(report) -> list:
    return [c for c in report.cells if c.status == "ok"]


# --------------------------------------------------------------------------------------------
# Fixtures are current and small
# --------------------------------------------------------------------------------------------


def test_fixtures_are_generated_and_current() -> None:
    built = _generator().outputs()
    assert sorted([*built, *_generator().LIBREOFFICE]) == sorted(p.name for p in PDF.glob("*.pdf"))
    stale = [name for name, data in built.items() if (PDF / name).read_bytes() != data]
    assert not stale, f"run tests/fixtures/pdf/generate.py: stale {stale}"
    assert all(len(data) < 100_000 for data in built.values())


# --------------------------------------------------------------------------------------------
# Reports: every cell, metadata, checks, and the same result as the seed text
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", REPORTS)
def test_every_cell(name: str) -> None:
    truth = load_expected(REPORTS[name])
    report = _parse(name)
    assert report.format == "pdf"
    assert cell_mismatches(report, expected_cells(truth["tables"], truth["template"])) == []
    assert report.errors == []


@pytest.mark.parametrize("name", REPORTS)
def test_metadata_and_checks(name: str) -> None:
    truth = load_expected(REPORTS[name])
    report = _parse(name)
    assert {k: getattr(report, k) for k in META} == {k: truth[k] for k in META}
    assert {c.name: c.status for c in report.checks} == truth["checks"]


@pytest.mark.parametrize("name", REPORTS)
def test_same_cells_as_the_text_of_the_same_report(name: str) -> None:
    text = parse_path(SEEDS / f"{REPORTS[name]}.txt")
    pdf = _parse(name)
    assert [(c.table, c.row, c.column, c.value, c.status) for c in pdf.cells] == [
        (c.table, c.row, c.column, c.value, c.status) for c in text.cells
    ]


def test_v2019_raw_cells_are_kept() -> None:
    report = _parse("b_huining_v2019.pdf")
    assert report.cell("active", "other_services", "change").raw == "减114"
    assert report.cell("active", "procurement", "amount_wan_yuan").raw == "75647.67万元"


# --------------------------------------------------------------------------------------------
# The reader's lines: spans, empty cells, page furniture, text fallback
# --------------------------------------------------------------------------------------------


@cache
def _lines(name: str) -> list[Line]:
    return read_pdf((PDF / name).read_bytes()).lines


def test_covered_slots_are_none_and_merged_labels_are_joined() -> None:
    rows = [line.cells for line in _lines("a_luanchuan_v2021_split.pdf") if line.cells]
    assert ("一、本年新收政府信息公开申请数量", None, None, "17", "0", "0", "0", "0", "0", "17") in rows
    header = next(r for r in rows if "科研机构" in r)  # printed as 科研 / 机构 in a narrow cell
    assert header == (None, None, None, None, "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", None)
    assert any(r[0] == "三、本年度办理结果" for r in rows)  # one character per visual line on the page


def test_table_continued_on_the_next_page_without_furniture_between() -> None:
    lines = _lines("a_luanchuan_v2021_split.pdf")
    texts = [line.text for line in lines]
    first = next(i for i, line in enumerate(lines) if line.cells and "2.重复申请" in line.cells)
    after = lines[first + 1]
    # the rest of the table on the next page: the merged labels continue as empty cells
    assert after.cells == ("", "", "3.要求提供公开出版物", "0", "0", "0", "0", "0", "0", "0")
    assert not any(t.startswith("- ") for t in texts)
    assert texts.count("县政府办2022年政府信息公开工作年度报告") == 1  # the title; the running header is gone


@pytest.mark.parametrize("name", ["b_huining_v2019.pdf", "c_tongxin_unruled.pdf"])
def test_page_numbers_are_dropped(name: str) -> None:
    texts = [line.text.strip() for line in _lines(name)]
    assert not [t for t in texts if t.isdigit() or t.startswith("第 ")]


def test_wrapped_paragraphs_are_joined() -> None:
    texts = [line.text for line in _lines("b_huining_v2019.pdf")]
    assert any(t.startswith("本报告通过会宁县人民政府门户网站") and "http://www.huining.gov.cn" in t for t in texts)
    assert "一、总体情况" in texts and "二、主动公开政府信息情况" in texts  # headings stay lines of their own


def test_unruled_table_is_read_as_tab_separated_text() -> None:
    lines = _lines("c_tongxin_unruled.pdf")
    row = next(line for line in lines if line.text.startswith("一、本年新收政府信息公开申请数量"))
    assert not row.is_row
    assert row.text.split("\t") == ["一、本年新收政府信息公开申请数量", "16", "0", "0", "0", "0", "0", "16"]
    assert any(line.is_row for line in lines)  # the active table on the same report is ruled


def test_row_broken_by_the_page_is_joined() -> None:
    """A header row whose cells break across the page ("结果" / "维持") is put back together.

    Word and LibreOffice let a row break across pages; the next page then starts with the lower
    halves of the labels and empty cells, which must not be read as blank statistics.
    """
    from reportlab.platypus import PageBreak

    from extract.schema import load_schema
    from extract.tables import read_table

    gen = _generator()
    top = [["行政复议", *[""] * 4, "行政诉讼", *[""] * 9],
           ["结果", "结果", "其他", "尚未", "总", "未经复议直接起诉", *[""] * 4, "复议后起诉", *[""] * 4]]
    top_spans = [(0, 0, 1, 5), (0, 5, 1, 10), (1, 5, 1, 5), (1, 10, 1, 5)]
    rest = [["维持", "纠正", "结果", "审结", "计", *[""] * 10],
            [*[""] * 5, *["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2],
            ["0", "1", "0", "0", "1", *["0"] * 10]]
    rest_spans = [*[(0, c, 2, 1) for c in range(5)], (0, 5, 1, 5), (0, 10, 1, 5)]
    widths = [30.0] * 15
    story = [gen.Spacer(1, gen.PAGE_H - 2 * gen.MARGIN - 80), gen.SpanTable(top, top_spans, widths, True),
             PageBreak(), gen.SpanTable(rest, rest_spans, widths, True)]
    lines = read_pdf(gen.build(story, gen._decor(None, lambda n: f"- {n} -"))).lines
    rows = [line.cells for line in lines if line.cells]
    assert rows[1] == ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉")
    assert len(rows) == 4  # the rest of the broken row is gone, its empty cells with it
    result = read_table(load_schema().tables["review_litigation"], "v2021", lines)
    assert result.errors == []
    assert [result.cells[("review", col)].value for col in ("upheld", "corrected", "other", "pending", "total")] == [
        0, 1, 0, 0, 1]


def test_header_rows_repeated_on_each_page_are_read_once() -> None:
    """Word's 重复标题行 prints the requests table's three header rows again on every page it runs onto
    (three times in this file); read again mid-table they would cut it in two."""
    import pdfplumber

    data = (PDF / "j_libreoffice_repeated_header.pdf").read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert sum((page.extract_text() or "").count("申请人情况") for page in pdf.pages) == 3
    rows = [line.cells for line in _lines("j_libreoffice_repeated_header.pdf") if line.cells]
    assert sum("申请人情况" in row for row in rows) == 1
    assert not [line.text for line in _lines("j_libreoffice_repeated_header.pdf") if "页 共" in line.text]


def _split_pages(above: tuple[str, ...], below: tuple[str, ...]) -> list[pdfdoc._Page]:
    """Two pages: ``above`` is the last table row of the first, ``below`` the first row of the second."""
    extents = tuple((10.0 + 40 * i, 50.0 + 40 * i) for i in range(len(above)))
    pages = []
    for n, cells in enumerate((above, below), start=1):
        page = pdfdoc._Page(n, 595, 842)
        page.items.append(pdfdoc._Item(700, 720, 10, 50 + 40 * len(cells), 0, Line("\t".join(cells), cells), extents))
        pages.append(page)
    return pages


@pytest.mark.parametrize(("above", "below", "joined"), [
    # LibreOffice and Word break a row inside a label; the numbers stand on its first line, above the break
    (("", "2.其他法律行", "2", "0"), ("", "政法规禁止公开", "", ""), ("", "2.其他法律行政法规禁止公开", "2", "0")),
    (("（三）不予", "1.属于国家秘", "0", "0"), ("公开", "密", "", ""), ("（三）不予公开", "1.属于国家秘密", "0", "0")),
    (("三、本年度办理", "结果"), ("结果", "维持"), ("三、本年度办理结果", "结果维持")),  # a header row: no numbers
    # rows of their own: a whole label above, a new item, a number below
    (("行政规范性文件", "2", "1", "30"), ("规章", "", "", ""), None),
    (("", "2.重复申请", "0", "0"), ("", "3.要求提供公开出版物", "0", "0"), None),
    (("", "1.本机关不掌握相关政府", "0", "0"), ("", "信息", "5", ""), None),
])
def test_a_row_cut_by_the_page_break_is_joined_only_when_its_label_was_cut(
        above: tuple[str, ...], below: tuple[str, ...], joined: tuple[str, ...] | None) -> None:
    pages = _split_pages(above, below)
    pdfdoc._join_split_rows(pages)
    if joined is None:
        assert [p.items[0].line.cells for p in pages] == [above, below]
    else:
        assert pages[0].items[0].line.cells == joined and pages[1].items == []


# --------------------------------------------------------------------------------------------
# Cell text: labels joined, numbers never glued
# --------------------------------------------------------------------------------------------


def _char(text: str, x0: float, top: float, size: float = 9.0) -> dict[str, Any]:
    width = size if ord(text) > 0x2000 else size / 2
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + size, "size": size}


def test_cell_lines_join_labels_and_keep_numbers_apart() -> None:
    label = [_char(c, 10 + 9 * i, 0) for i, c in enumerate("商业")] + [
        _char(c, 10 + 9 * i, 11) for i, c in enumerate("企业")]
    assert pdfdoc._cell_text(label, (5, -2, 35, 22)) == "商业企业"
    stacked = [_char("3", 20, 0), _char("5", 20, 11)]  # two numbers in one wide cell (a missing rule)
    assert pdfdoc._cell_text(stacked, (0, -2, 60, 22)) == "3 5"
    wrapped = [_char(c, 2 + 4.5 * i, 0) for i, c in enumerate("13148")] + [_char("3", 2, 11)]
    assert pdfdoc._cell_text(wrapped, (0, -2, 28, 22)) == "131483"
    spaced = [_char("1", 5, 0), _char("2", 20, 0)]  # a gap on one line is a space, never glued
    assert pdfdoc._cell_text(spaced, (0, -2, 60, 12)) == "1 2"


PAGE_NUMBERS = ["- 4 -", "—4—", "第 4 页", "第4页 共12页", "共12页 第4页", "4/12", "4 / 12", "Page 3"]


def test_overprinted_fake_bold_is_read_once() -> None:
    chars = [_char("政", 10, 0), _char("政", 10.3, 0), _char("府", 19, 0), _char("府", 19.3, 0), _char("府", 28, 0)]
    assert [c["text"] for c in pdfdoc._visual_lines(chars)[0]] == ["政", "府", "府"]  # a real repeat stays


@pytest.mark.parametrize("text", PAGE_NUMBERS)
def test_page_number_patterns(text: str) -> None:
    assert pdfdoc._PAGE_NUMBER.match(text)


@pytest.mark.parametrize("text", ["2022年", "第二十条第（一）项", "一、总体情况", "12733", "1.属于国家秘密"])
def test_not_page_numbers(text: str) -> None:
    assert not pdfdoc._PAGE_NUMBER.match(text)


# --------------------------------------------------------------------------------------------
# Files without usable text
# --------------------------------------------------------------------------------------------


def test_scanned_pdf_needs_ocr() -> None:
    report = _parse("d_scanned.pdf")
    assert _ok_cells(report) == []
    assert report.errors == ["unreadable: scanned PDF: no text layer on 2 of 2 pages; needs OCR"]


def test_junk_text_is_detected() -> None:
    report = _parse("e_junk_text.pdf")
    assert _ok_cells(report) == []
    assert len(report.errors) == 1 and "junk" in report.errors[0] and "OCR" in report.errors[0]


@pytest.mark.parametrize(
    ("chars", "junk"),
    [
        ("政府信息公开工作年度报告" * 5, False),
        ("\ue000\ue001\ue002\ue003" * 10, True),  # private-use glyphs
        ("\ufffd" * 30 + "政府信息公开" * 5, True),  # replacement characters
        ("¼Ó¿ìÕþ¸®Ö°ÄÜ×ª±ä" * 5, True),  # GBK bytes read as Latin-1
        ("鳨䳨泫賯㷳黳䏪鯷䳩棭" * 5, True),  # CJK code points, but not Chinese
        ("0 0 0 0 17 2 5 3 1" * 5, False),  # a page of numbers is not junk
    ],
)
def test_junk_classification(chars: str, junk: bool) -> None:
    page = pdfdoc._Page(1, 595, 842)
    pdfdoc._count([{"text": c} for c in chars if c.strip()], page)
    assert page.is_junk is junk


def test_unmapped_glyphs_are_junk() -> None:
    page = pdfdoc._Page(1, 595, 842)
    pdfdoc._count([{"text": "(cid:1234)"}] * 20 + [{"text": "政"}] * 5, page)
    assert page.is_junk


def test_truncated_pdf_gives_a_clear_error() -> None:
    report = _parse("f_truncated.pdf")
    assert _ok_cells(report) == []
    assert report.errors and report.errors[0].startswith("unreadable: malformed PDF")


def test_encrypted_pdf_needs_a_password() -> None:
    report = _parse("g_encrypted.pdf")
    assert report.errors == ["unreadable: encrypted PDF: a password is needed to open it"]


def test_copy_protected_pdf_is_opened() -> None:
    """Many reports are "encrypted" only to forbid copying (owner password, empty user password).

    They open without a password and their content streams decrypt. (reportlab leaves the CID font's
    /Registry and /Ordering strings unencrypted, which pdfminer then decrypts into garbage, so this
    synthetic file's glyphs come out unmapped; Word/WPS PDFs carry ToUnicode streams instead.)
    """
    from reportlab.lib.pdfencrypt import StandardEncryption

    gen = _generator()
    story = [gen.Paragraph("某某县2022年政府信息公开工作年度报告", gen.TITLE)]
    data = gen.build(story, encrypt=StandardEncryption("", ownerPassword="owner", canCopy=0, strength=128))
    assert b"/Encrypt" in data
    pdf = pdfdoc._open(data)
    page = next(pdfdoc._iter_pages(pdf, Limits(), []))
    assert len(page.chars) == 20
    assert "password" not in parse_bytes(data).errors[0]


@pytest.mark.parametrize("cut", [9, 200, 1000, 0.25, 0.75, -40])
def test_cut_and_damaged_files_fail_fast_without_traceback(cut: float) -> None:
    data = (PDF / "b_huining_v2019.pdf").read_bytes()
    end = int(cut * len(data)) if isinstance(cut, float) else cut
    start = time.monotonic()
    report = parse_bytes(data[:end])
    assert time.monotonic() - start < 10
    assert _ok_cells(report) == [] or report.errors  # whatever was read, a problem is reported


def test_damaged_content_stream_is_reported() -> None:
    data = bytearray((PDF / "b_huining_v2019.pdf").read_bytes())
    at = data.index(b"stream\n", data.index(b"/Filter")) + 200  # inside the first compressed stream
    data[at:at + 40] = b"\x00" * 40
    report = parse_bytes(bytes(data))
    assert report.errors, "a damaged stream must not pass silently"


def test_pages_without_text_in_a_text_pdf_are_named() -> None:
    data = _generator().fx_d(text_first="会宁县2020年政府信息公开工作年度报告")
    doc = read_pdf(data)
    assert [line.text for line in doc.lines] == ["会宁县2020年政府信息公开工作年度报告"]
    assert doc.errors == ["scanned pages: no text layer on page(s) 2-3 of 3; their content needs OCR and was not read"]


# --------------------------------------------------------------------------------------------
# OCR seam
# --------------------------------------------------------------------------------------------


def test_ocr_backend_reads_pages_without_text() -> None:
    seen: list[int] = []

    def fake_ocr(page: Any) -> list[Line]:
        seen.append(page.page_number)
        return [Line(f"第{page.page_number}页的识别文字：政府信息公开")]

    doc = read_pdf((PDF / "d_scanned.pdf").read_bytes(), ocr=fake_ocr)
    assert seen == [1, 2]
    assert [line.text for line in doc.lines] == ["第1页的识别文字：政府信息公开", "第2页的识别文字：政府信息公开"]
    assert doc.errors == []


# --------------------------------------------------------------------------------------------
# Caps for untrusted files
# --------------------------------------------------------------------------------------------


def test_page_cap_reads_the_first_pages_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfdoc, "LIMITS", Limits(max_pages=1))
    report = parse_bytes((PDF / "a_luanchuan_v2021_split.pdf").read_bytes())
    assert "only the first 1 of 4 pages were read (page cap 1)" in report.errors
    assert report.title == "县政府办2022年政府信息公开工作年度报告"  # page 1 was read
    assert _ok_cells(report) == []  # the tables stand on pages 3-4


def test_byte_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfdoc, "LIMITS", Limits(max_bytes=10_000))
    report = parse_bytes((PDF / "b_huining_v2019.pdf").read_bytes())
    assert len(report.errors) == 1 and "cap" in report.errors[0] and "MB" in report.errors[0]


def test_time_cap() -> None:
    with pytest.raises(UnreadableDocument, match="0 s time cap"):
        read_pdf((PDF / "b_huining_v2019.pdf").read_bytes(), limits=Limits(max_seconds=0))


def test_a_landscape_page_stored_rotated_reads_upright() -> None:
    """Printer drivers store a landscape page as a portrait page with /Rotate 90 and its content turned."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    canvas.setPageRotation(90)
    canvas.translate(A4[0], 0)
    canvas.rotate(90)
    canvas.setFont(_generator().FONT, 12)
    canvas.drawString(72, 500, "某某县2022年政府信息公开工作年度报告")
    canvas.drawString(72, 480, "一、总体情况")
    canvas.showPage()
    canvas.save()
    lines = read_pdf(out.getvalue()).lines
    assert [line.text for line in lines] == ["某某县2022年政府信息公开工作年度报告", "一、总体情况"]


@pytest.mark.parametrize(("picture_cm", "named"), [((17, 12), True), ((4, 4), False)])
def test_a_picture_in_a_text_page_is_named(picture_cm: tuple[int, int], named: bool) -> None:
    """A table pasted as a screenshot (17 x 12 cm) is named as needing OCR; a 4 cm seal is not."""
    from PIL import Image
    from reportlab.lib.units import cm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    canvas.setFont(_generator().FONT, 12)
    canvas.drawString(72, 780, "某某县2022年政府信息公开工作年度报告")
    canvas.drawString(72, 760, "三、收到和处理政府信息公开申请情况")
    canvas.drawImage(ImageReader(Image.new("RGB", (170, 120), "white")), 72, 300,
                     width=picture_cm[0] * cm, height=picture_cm[1] * cm)
    canvas.showPage()
    canvas.save()
    errors = read_pdf(out.getvalue()).errors
    assert any(e.startswith("pictures on page(s) 1 of 1 cover up to 33% of a page") for e in errors) is named


def test_a_scan_with_an_ocr_text_layer_is_read_and_flagged() -> None:
    """Scanners put recognised text invisibly (render mode 3) over the page image: it is read, and the
    errors say that its numbers come from OCR."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    canvas.drawImage(ImageReader(Image.new("L", (210, 297), 255)), 0, 0, width=A4[0], height=A4[1])
    text = canvas.beginText(72, 760)
    text.setFont(_generator().FONT, 12)
    text.setTextRenderMode(3)
    text.textLines(["某某县2022年政府信息公开工作年度报告", "全年共收到政府信息公开申请3件。"])
    canvas.drawText(text)
    canvas.showPage()
    canvas.save()
    doc = read_pdf(out.getvalue())
    text = "".join(line.text for line in doc.lines)
    assert text == "某某县2022年政府信息公开工作年度报告全年共收到政府信息公开申请3件。"
    assert doc.errors == ["page(s) 1 of 1 are scans with a text layer made by OCR (invisible text): "
                          "their numbers may carry recognition errors"]


def _one_stream_pdf(content: bytes, flate: bool) -> bytes:
    """A one-page PDF whose page content is ``content`` (Flate-compressed when ``flate``)."""
    import zlib

    stream = zlib.compress(content, 9) if flate else content
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>endobj\n"
            + f"4 0 obj<</Length {len(stream)}{'/Filter/FlateDecode' if flate else ''}>>stream\n".encode()
            + stream + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF")


def test_a_decompression_bomb_page_is_refused_unread() -> None:
    """A page whose content stream inflates to 100 MB (100 kB in the file) is named and not inflated."""
    with pytest.raises(UnreadableDocument, match="inflates to over 64 MB, a decompression bomb"):
        read_pdf(_one_stream_pdf(b" " * (100 << 20), flate=True))
    assert read_pdf((PDF / "b_huining_v2019.pdf").read_bytes()).errors == []  # real pages are far under the cap


@pytest.mark.parametrize("flate", [False, True])
def test_a_content_stream_that_draws_nothing_is_damaged_not_blank(flate: bool) -> None:
    """Over a kilobyte of unknown operators (stored, so compressed too) that draws nothing: not a blank
    page but a broken one."""
    junk = b" ".join(hashlib.sha256(bytes([i])).hexdigest()[:8].encode() for i in range(200))
    with pytest.raises(UnreadableDocument, match="damaged PDF: the content of 1 of 1 pages could not be read"):
        read_pdf(_one_stream_pdf(junk, flate))
    with pytest.raises(UnreadableDocument, match="its 1 page\\(s\\) are blank"):
        read_pdf(_one_stream_pdf(b" ", flate))


def _slow_pdf(text_pages: int) -> bytes:
    """Pages of Chinese text, then one page whose content stream holds 2.4 million operands (30 KB
    compressed; pdfminer needs about a minute for it): the page that a between-pages check misses."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pageCompression=1)
    for _ in range(text_pages):
        canvas.setFont(_generator().FONT, 12)
        canvas.drawString(72, 700, "县人民政府办公室政府信息公开工作年度报告")
        canvas.showPage()
    canvas._code.extend(["1 0 0 1 0 0 cm"] * 400_000)  # a no-op transform, 400,000 times
    canvas.showPage()
    canvas.save()
    return out.getvalue()


@pytest.mark.parametrize("text_pages", [0, 1])
def test_time_cap_stops_inside_a_page(text_pages: int) -> None:
    data = _slow_pdf(text_pages)
    start = time.monotonic()
    if not text_pages:
        with pytest.raises(UnreadableDocument, match="reading page 1 took longer than the 1 s time cap"):
            read_pdf(data, limits=Limits(max_seconds=1))
    else:  # what was read before the cap is kept, and errors says where reading stopped
        doc = read_pdf(data, limits=Limits(max_seconds=1))
        assert "县人民政府办公室政府信息公开工作年度报告" in doc.lines[0].text
        assert "reading stopped on page 2 at the 1 s time cap; page 2 and the rest were not read" in doc.errors
    assert time.monotonic() - start < 5
