"""Bad input gets a clear error in `errors`, never a traceback and never an invented number."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from extract import parse_bytes
from extract.decode import decode

CUT = """某某县2022年政府信息公开工作年度报告
一、总体情况
全年共收到政府信息公开申请3件。
二、主动公开政府信息情况
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t0\t0\t0
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3
二、上年结转政府信息公开申请数量\t0\t0
"""


def _ok_cells(report):
    return [c for c in report.cells if c.status == "ok"]


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (bytes(range(256)) * 20, "binary"),
        (b"GIF89a\x01\x00\x01\x00", "ocr"),
        (b"\x89PNG\r\n\x1a\n....", "image"),
        ("<html><body><p>本站新闻：县长调研春耕生产。</p></body></html>".encode(), "not an annual report"),
        ("某某县2022年政府信息公开工作年度报告\n一、总体情况\n见附件。".encode(), "no statistical tables"),
    ],
)
def test_bad_documents_are_reported(data, needle):
    report = parse_bytes(data)
    assert _ok_cells(report) == []
    assert any(needle in e.lower() for e in report.errors), report.errors


def test_cut_off_row_is_not_guessed():
    report = parse_bytes(CUT.encode())
    assert report.cell("requests", "new_received", "total").value == 3
    carried = [report.cell("requests", "carried_over", c).status for c in ("natural_person", "total")]
    assert carried == ["unparsed", "unparsed"]
    assert report.cell("requests", "granted", "total").status == "missing"
    assert any("2 values where 7 were expected" in e for e in report.errors)


def test_gb2312_declared_page_keeps_gbk_only_characters():
    page = '<html><head><meta charset="gb2312"></head><body><p>责任人：王喆</p></body></html>'
    text, encoding = decode(page.encode("gb18030"))
    assert "王喆" in text and encoding == "gb18030"


def test_undeclared_gbk_bytes_are_detected():
    text, _ = decode(("某某县人民政府关于政府信息公开工作年度报告的说明，" * 20).encode("gbk"))
    assert "政府信息公开" in text


def test_cli_exit_codes(tmp_path):
    good = tmp_path / "empty.txt"
    good.write_bytes(b"")
    run = subprocess.run([sys.executable, "-m", "govreports.cli", "parse", str(good), str(tmp_path / "nope.txt")],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 2
    assert "cannot read" in run.stderr and "nope.txt" in run.stderr
    line = json.loads(run.stdout.splitlines()[0])
    assert line["errors"] == ["empty document"] and line["cells"] == []
    ok = subprocess.run([sys.executable, "-m", "govreports.cli", "parse", str(good)], capture_output=True, check=False)
    assert ok.returncode == 0
    usage = subprocess.run([sys.executable, "-m", "govreports.cli", "parse"], capture_output=True, check=False)
    assert usage.returncode == 2
