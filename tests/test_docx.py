"""Word reports: DOCX (python-docx, merged cells once) and DOC/WPS (LibreOffice → DOCX, or plain text).

The fixtures are built by tests/fixtures/docx/generate.py from the seeds' ground truth, so every
cell is checked against hand-made values, never against the parser's own output. The .doc goes
through LibreOffice once (module-scoped fixture); two more soffice runs cover batch conversion and a
junk file (~4 s in all). The plain-text fallback is forced by hiding soffice; tests that need a
system tool skip, naming scripts/system-packages.sh, when it is absent.
"""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from pathlib import Path

import docx
import pytest
from expected import SEEDS, cell_mismatches, expected_cells, load_expected

import extract.docdoc as docdoc
import extract.docxdoc as docxdoc
from extract import parse_bytes
from extract.document import UnreadableDocument
from extract.docxdoc import read_docx

HERE = Path(__file__).parent / "fixtures" / "docx"
DOCX_STEMS = ("001_759fee5d4dfad9d3", "003_e0c0fba79554bc10")
DOC_STEM = "003_e0c0fba79554bc10"
META = ("title", "year", "template", "organ", "organ_kind", "province", "city", "county", "adcode")
CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
needs_soffice = pytest.mark.skipif(docdoc.find_soffice() is None,
                                   reason="LibreOffice (soffice) not installed: run scripts/system-packages.sh")


def cells_of(report) -> dict[tuple[str, str, str], tuple[float | None, str]]:
    return {(c.table, c.row, c.column): (c.value, c.status) for c in report.cells}


def assert_matches_truth(report, stem: str) -> None:
    truth = load_expected(stem)
    assert cell_mismatches(report, expected_cells(truth["tables"], truth["template"])) == []


@pytest.fixture(scope="module")
def doc_report():
    """The committed .doc parsed once through LibreOffice (~1–2 s)."""
    if docdoc.find_soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed: run scripts/system-packages.sh")
    return parse_bytes((HERE / f"{DOC_STEM}.doc").read_bytes())


# ----------------------------------------------------------------------------------------------
# DOCX
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", DOCX_STEMS)
def test_docx_every_cell_metadata_and_checks(stem):
    report = parse_bytes((HERE / f"{stem}.docx").read_bytes())
    truth = load_expected(stem)
    assert report.format == "docx" and report.errors == []
    assert_matches_truth(report, stem)
    assert {k: getattr(report, k) for k in META} == {k: truth[k] for k in META}
    assert {c.name: c.status for c in report.checks} == truth["checks"]


@pytest.mark.parametrize("stem", DOCX_STEMS)
def test_docx_and_text_give_the_same_cells(stem):
    text = parse_bytes((SEEDS / f"{stem}.txt").read_bytes())
    assert cells_of(parse_bytes((HERE / f"{stem}.docx").read_bytes())) == cells_of(text)


def test_merged_cells_appear_once():
    doc = read_docx((HERE / "003_e0c0fba79554bc10.docx").read_bytes())
    rows = [line.cells for line in doc.lines if line.cells is not None]
    head = next(i for i, r in enumerate(rows) if r[0] == CORNER)
    assert rows[head] == (CORNER, None, None, "申请人情况", None, None, None, None, None, None)
    assert rows[head + 1] == (None, None, None, "自然人", "法人或其他组织", None, None, None, None, "总计")
    body = rows[head + 3: head + 3 + 23]  # v2019: 23 printed rows
    assert body[2][0] == "三、 本 年 度 办 理 结 果"  # one character per paragraph, joined by a space
    assert [r[0] for r in body[3:22]] == [None] * 19  # vMerge continue: covered, not repeated
    assert body[4][1] == "（三）不 予 公 开" and [r[1] for r in body[5:12]] == [None] * 7
    assert body[0][:4] == ("一、本年新收政府信息公开申请数量", None, None, "10")
    texts = [line.text for line in doc.lines if line.cells is None]
    assert texts[0] == "会宁县2020年政府信息公开工作年度报告"


def test_empty_cell_is_empty_string_not_none():
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "规章"
    table.cell(1, 0).text = "行政许可"
    table.cell(1, 2).text = "5"
    out = io.BytesIO()
    document.save(out)
    rows = [line.cells for line in read_docx(out.getvalue()).lines]
    assert rows == [("规章", None, ""), ("行政许可", "", "5")]


def _docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_nested_tables_and_frames():
    document = docx.Document()
    document.add_paragraph("标题")
    frame = document.add_table(rows=1, cols=1)  # a one-cell frame around part of the report
    cell = frame.cell(0, 0)
    cell.paragraphs[0].text = "二、主动公开政府信息情况"
    inner = cell.add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "信息内容", "本年制发件数"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "规章", "3"
    cell.add_paragraph("三、收到和处理政府信息公开申请情况")
    wide = document.add_table(rows=1, cols=2)  # two columns, a table nested in the second
    wide.cell(0, 0).text = "左"
    wide.cell(0, 1).add_table(rows=1, cols=2).cell(0, 1).text = "7"
    lines = read_docx(_docx_bytes(document)).lines
    assert [(line.text, line.cells) for line in lines] == [
        ("标题", None),
        ("二、主动公开政府信息情况", None),
        ("信息内容\t本年制发件数", ("信息内容", "本年制发件数")),
        ("规章\t3", ("规章", "3")),
        ("三、收到和处理政府信息公开申请情况", None),
        ("左", None),
        ("\t7", ("", "7")),
    ]


def test_line_breaks_and_tabs_in_paragraphs():
    document = docx.Document()
    p = document.add_paragraph("规章\t0\t0")
    p.add_run().add_break()
    p.add_run("第二行")
    assert [(line.text, line.cells) for line in read_docx(_docx_bytes(document)).lines] == [
        ("规章\t0\t0", None), ("第二行", None)]


def test_vmerge_continue_without_restart_is_kept():
    """WPS sometimes writes <w:vMerge/> in a first row; Word shows the cell, so it is not dropped."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "行政许可", "5"
    tc_pr = table.cell(0, 1)._tc.get_or_add_tcPr()
    tc_pr.append(tc_pr.makeelement(docxdoc.W + "vMerge", {}))
    assert [line.cells for line in read_docx(_docx_bytes(document)).lines] == [("行政许可", "5")]


def test_html_alt_chunk_is_read_as_html():
    """CMS "export to Word" makes DOCX files whose body is one imported HTML chunk (w:altChunk)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = docx.Document()
    document.add_paragraph("前言")
    overview = "本县认真落实政府信息公开条例，推进决策、执行、管理、服务、结果公开。" * 8
    page = (f"<html><body><div><p>一、总体情况</p><p>{overview}</p><p>二、主动公开政府信息情况</p>"
            "<table><tr><td rowspan='2'>规章</td><td>0</td></tr><tr><td>1</td></tr></table></div></body></html>"
            ).encode()
    chunk = Part(PackURI("/word/afchunk.htm"), "text/html", page, document.part.package)
    rid = document.part.relate_to(chunk, RT.A_F_CHUNK)
    alt = document.element.body.makeelement(docxdoc.W + "altChunk", {docxdoc._R_ID: rid})
    document.element.body.insert(1, alt)
    doc = read_docx(_docx_bytes(document))
    assert [(line.text, line.cells) for line in doc.lines] == [
        ("前言", None), ("一、总体情况", None), (overview, None), ("二、主动公开政府信息情况", None),
        ("规章\t0", ("规章", "0")), ("\t1", (None, "1"))]


def test_docx_speed():
    data = (HERE / "001_759fee5d4dfad9d3.docx").read_bytes()
    parse_bytes(data)
    start = time.perf_counter()
    for _ in range(10):
        parse_bytes(data)
    assert (time.perf_counter() - start) / 10 < 0.5


# ----------------------------------------------------------------------------------------------
# Bad DOCX files
# ----------------------------------------------------------------------------------------------


def _assert_refused(report, *words: str) -> None:
    assert report.errors and report.errors[0].startswith("unreadable: ")
    assert all(w in report.errors[0] for w in words), report.errors
    assert not [c for c in report.cells if c.status == "ok"]


def test_corrupt_docx_is_a_clear_error():
    start = time.perf_counter()
    report = parse_bytes((HERE / "corrupt_truncated.docx").read_bytes())
    assert time.perf_counter() - start < 0.5
    _assert_refused(report, "corrupt DOCX", "zip")


def test_zip_bomb_is_refused_before_inflating():
    data = (HERE / "bomb.docx").read_bytes()
    assert len(data) < 4096
    start = time.perf_counter()
    report = parse_bytes(data)
    assert time.perf_counter() - start < 0.5
    _assert_refused(report, "zip bomb", "300 MB")


def _zip(members: dict[str, bytes], encrypt_flag: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    raw = out.getvalue()
    if encrypt_flag:  # set bit 0 of the general-purpose flags in every local and central header
        raw = bytearray(raw)
        for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            i = raw.find(sig)
            while i >= 0:
                raw[i + off] |= 1
                i = raw.find(sig, i + 4)
        raw = bytes(raw)
    return raw


def test_high_unzip_ratio_is_refused(monkeypatch):
    monkeypatch.setattr(docxdoc, "RATIO_FLOOR", 1 << 20)
    report = parse_bytes(_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * (4 << 20)}))
    _assert_refused(report, "zip bomb", "×")


def test_other_zips_and_encrypted_parts():
    _assert_refused(parse_bytes(_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"})),
                    "not a Word document", "Excel")
    _assert_refused(parse_bytes(_zip({"word/document.xml": b"<x/>"}, encrypt_flag=True)), "encrypted")
    _assert_refused(parse_bytes(_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<broken"})),
                    "corrupt DOCX")


@pytest.mark.parametrize(("cap", "value", "word"), [("MAX_PARAGRAPHS", 10, "paragraphs"), ("MAX_ROWS", 20, "rows")])
def test_paragraph_and_row_caps(monkeypatch, cap, value, word):
    monkeypatch.setattr(docxdoc, cap, value)
    _assert_refused(parse_bytes((HERE / "001_759fee5d4dfad9d3.docx").read_bytes()), word, "cap")


# ----------------------------------------------------------------------------------------------
# DOC / WPS
# ----------------------------------------------------------------------------------------------


def test_doc_every_cell(doc_report):
    assert doc_report.format == "doc" and doc_report.errors == []
    assert_matches_truth(doc_report, DOC_STEM)
    assert doc_report.title == load_expected(DOC_STEM)["title"]


def test_same_report_as_text_docx_and_doc(doc_report):
    text = parse_bytes((SEEDS / f"{DOC_STEM}.txt").read_bytes())
    docx_report = parse_bytes((HERE / f"{DOC_STEM}.docx").read_bytes())
    assert cells_of(text) == cells_of(docx_report) == cells_of(doc_report)


@pytest.mark.parametrize("tool", ["catdoc", "antiword"])
def test_text_fallback_without_libreoffice(monkeypatch, tool):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} not installed: run scripts/system-packages.sh")
    installed = docdoc.find_text_tools()
    monkeypatch.setattr(docdoc, "find_soffice", lambda: None)
    monkeypatch.setattr(docdoc, "find_text_tools", lambda: [t for t in installed if t[0] == tool])
    report = parse_bytes((HERE / f"{DOC_STEM}.doc").read_bytes())
    assert report.format == "doc" and report.template == "v2019"
    assert f"read as plain text with {tool} because LibreOffice (soffice) is not installed" in report.errors[0]
    assert "table structure may be lost" in report.errors[0]
    truth = load_expected(DOC_STEM)
    want = expected_cells(truth["tables"], truth["template"])
    if tool == "catdoc":  # tab-separated rows: every cell survives on this fixture
        assert cell_mismatches(report, want) == []
    else:  # antiword keeps the active table but loses the requests table under its vertical merges
        active = {k: v for k, v in want.items() if k[0] == "active"}
        assert [p for p in cell_mismatches(report, active) if "unexpected" not in p] == []


def test_no_converter_names_the_packages(monkeypatch):
    monkeypatch.setattr(docdoc, "find_soffice", lambda: None)
    monkeypatch.setattr(docdoc, "find_text_tools", lambda: [])
    report = parse_bytes((HERE / f"{DOC_STEM}.doc").read_bytes())
    _assert_refused(report, "libreoffice-writer-nogui", "catdoc", "antiword")


def test_encrypted_and_foreign_ole_files_are_refused_without_converting(monkeypatch):
    monkeypatch.setattr(docdoc, "find_soffice", lambda: pytest.fail("must not convert"))
    data = bytearray((HERE / f"{DOC_STEM}.doc").read_bytes())
    fib = next(o for o in range(512, len(data), 512) if data[o:o + 2] == b"\xec\xa5")
    data[fib + 11] |= 0x01  # fEncrypted (0x0100 of the flags word at offset 10)
    _assert_refused(parse_bytes(bytes(data)), "password-protected")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    _assert_refused(parse_bytes(ole + "Workbook".encode("utf-16-le")), "Excel")
    _assert_refused(parse_bytes(ole + "EncryptedPackage".encode("utf-16-le")), "encrypted")


def test_junk_ole_file_fails_cleanly():
    """LibreOffice loads nothing and the text tools find nothing: one error naming what was tried."""
    report = parse_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000 + "WordDocument".encode("utf-16-le"))
    _assert_refused(report)
    if docdoc.find_soffice():
        assert "LibreOffice" in report.errors[0]


def _group_alive(pgid: int) -> list[str]:
    """Live (non-zombie) processes of a process group, from /proc; a killed child may stay a zombie
    for a moment when PID 1 of a container is slow to reap it."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(stat.parent.name)
    return alive


@needs_soffice
def test_soffice_timeout_kills_it_and_falls_back(monkeypatch, tmp_path):
    started = []
    real_popen = docdoc.subprocess.Popen

    def popen(*args, **kwargs):
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(docdoc.subprocess, "Popen", popen)
    monkeypatch.setattr(docdoc, "SOFFICE_TIMEOUT", 0.05)
    monkeypatch.setenv("GOVREPORTS_SOFFICE_PROFILES", str(tmp_path))  # the killed run's profile is removed
    report = parse_bytes((HERE / f"{DOC_STEM}.doc").read_bytes())
    assert started and started[0].returncode is not None
    if Path("/proc/self/stat").exists():
        assert _group_alive(started[0].pid) == [], "soffice.bin outlived the timeout"
    if docdoc.find_text_tools():
        assert "LibreOffice could not convert it" in report.errors[0] and "stopped" in report.errors[0]
    else:
        _assert_refused(report, "stopped")


def test_batches_never_hold_two_files_with_one_stem(monkeypatch, tmp_path):
    calls = []

    def fake(soffice, profile, args, timeout):
        files = [Path(a) for a in args[4:]]
        calls.append([f.parent.name + "/" + f.name for f in files])
        for f in files:
            if f.read_bytes() != b"bad":
                (Path(args[3]) / f"{f.stem}.docx").write_bytes(b"docx")
        return True, ""

    monkeypatch.setattr(docdoc, "_run_soffice", fake)
    paths = []
    for folder, name, data in (("a", "x.doc", b"ok"), ("b", "x.doc", b"ok"), ("a", "y.wps", b"ok"),
                               ("a", "z.doc", b"bad")):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / name).write_bytes(data)
        paths.append(tmp_path / folder / name)
    out = tmp_path / "out"
    result = docdoc.convert_docs_to_docx(paths, out, soffice="soffice")
    assert calls == [["a/x.doc", "a/y.wps", "a/z.doc"], ["b/x.doc"]]
    assert result == {paths[0]: out / "x.docx", paths[1]: out / "x.docx", paths[2]: out / "y.docx",
                      paths[3]: None}


@needs_soffice
def test_batch_conversion_for_real(tmp_path):
    good = tmp_path / "report.wps"  # a WPS file is an OLE Word file; LibreOffice detects it by content
    shutil.copyfile(HERE / f"{DOC_STEM}.doc", good)
    junk = tmp_path / "junk.doc"
    junk.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    result = docdoc.convert_docs_to_docx([good, junk], tmp_path / "out")
    assert result[junk] is None
    assert_matches_truth(parse_bytes(result[good].read_bytes()), DOC_STEM)


def test_profiles_are_exclusive(monkeypatch, tmp_path):
    monkeypatch.setenv("GOVREPORTS_SOFFICE_PROFILES", str(tmp_path))
    with docdoc.soffice_profile() as first, docdoc.soffice_profile() as second:
        assert first != second
    with docdoc.soffice_profile() as again:
        assert again == first
    with pytest.raises(UnreadableDocument):
        monkeypatch.setattr(docdoc, "MAX_PROFILES", 1)
        with docdoc.soffice_profile(), docdoc.soffice_profile():
            pass
