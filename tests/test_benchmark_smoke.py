"""The benchmark runs end to end on a tiny corpus and reports what it promises.

Timing figures are not asserted (they depend on the machine); the accuracy figure is, because the
corpus is built with known truth and every cell of it must come back exactly.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "parse.py"


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--docs", "20", "--json", "--quiet", "--trace-docs", "5"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_corpus_is_what_was_asked(result: dict[str, Any]) -> None:
    corpus = result["corpus"]
    assert corpus["docs"] == 20
    assert corpus["text"] == 10 and corpus["html"] == 10
    assert corpus["html_non_reports"] >= 1
    assert corpus["distinct"] is True


def test_speed_fields(result: dict[str, Any]) -> None:
    speed = result["speed"]
    for key in ("text_parse", "html_parse", "html_trafilatura"):
        for field in ("docs", "seconds", "cpu_seconds", "docs_per_s", "ms_mean", "ms_median", "ms_p95", "ms_max"):
            assert field in speed[key], f"{key}.{field}"
    assert speed["html_parse"]["docs"] == speed["html_trafilatura"]["docs"] == 10
    assert speed["html_ratio"]["total"] > 0


def test_memory_fields(result: dict[str, Any]) -> None:
    for job in ("text", "html", "trafilatura"):
        mem = result["memory"][job]
        for field in ("rss_imported_mb", "rss_loaded_mb", "rss_peak_mb", "rss_parse_mb", "tracemalloc_doc_max_mb"):
            assert field in mem, f"{job}.{field}"
        assert mem["rss_peak_mb"] >= mem["rss_loaded_mb"] > 0


def test_goals_are_reported(result: dict[str, Any]) -> None:
    assert [g["unit"] for g in result["goals"]] == ["x", "docs/s", "pages/s", "pages/s"]
    assert {g["status"] for g in result["goals"]} <= {"PASS", "MISS"}
    binary = result["speed"]["binary"]
    assert binary["pdf"]["per_round"] >= 15 and binary["pdf_libreoffice"]["per_round"] >= 15
    assert binary["docx"]["per_s"] > 0


def test_every_cell_is_right(result: dict[str, Any]) -> None:
    acc = result["accuracy"]
    assert acc["cells"] > 0
    assert acc["cells_exact"] == acc["cells"], acc["wrong_cells"]
    assert acc["cells_exact_share"] == 1.0
    assert acc["invented_values"] == 0
    assert acc["non_report_pages"]["with_ok_cells"] == 0
