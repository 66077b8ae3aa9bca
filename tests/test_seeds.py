"""Every cell, the metadata and the checks of the five seed reports, against hand-made ground truth."""

from __future__ import annotations

import pytest
from expected import SEEDS, cell_mismatches, expected_cells, load_expected

from extract import parse_bytes, parse_path

STEMS = sorted(p.stem for p in SEEDS.glob("*.txt"))
META = ("title", "year", "template", "organ", "organ_kind", "province", "city", "county", "adcode", "published")


@pytest.fixture(scope="module", params=STEMS)
def seed(request):
    return parse_path(SEEDS / f"{request.param}.txt"), load_expected(request.param)


def test_five_seeds_present():
    assert len(STEMS) == 5


def test_every_cell(seed):
    report, truth = seed
    assert cell_mismatches(report, expected_cells(truth["tables"], truth["template"])) == []


def test_metadata(seed):
    report, truth = seed
    got = {k: getattr(report, k) for k in META}
    want = {k: (str(truth[k]) if k == "published" and truth[k] else truth[k]) for k in META}
    assert got == want


def test_checks(seed):
    report, truth = seed
    assert {c.name: c.status for c in report.checks} == truth["checks"]


def test_errors_say_what_was_not_found(seed):
    report, truth = seed
    cut_off = any(v == "missing" for t in truth["tables"].values() for v in t.values())
    assert bool(report.errors) == cut_off


def test_cut_off_table_is_missing_not_zero():
    report = parse_path(SEEDS / "000_57f183bf8d689d9d.txt")
    cell = report.cell("requests", "total_handled", "total")
    assert (cell.value, cell.status) == (None, "missing")
    assert any("review_litigation" in e for e in report.errors)
    narrative = next(c for c in report.checks if c.name == "narrative_requests")
    assert narrative.status == "fail" and "5" in narrative.detail and "6" in narrative.detail


def test_raw_text_is_kept():
    report = parse_path(SEEDS / "003_e0c0fba79554bc10.txt")
    assert report.cell("active", "other_services", "change").raw == "减114"
    assert report.cell("active", "procurement", "amount_wan_yuan").raw == "75647.67万元"


def test_chrome_is_stripped_from_text():
    text = parse_path(SEEDS / "004_14adff9be6592cdd.txt").text
    for chrome in ("TOP", "来源:", "责任编辑", "【图解】", "县本级年度报告"):
        assert chrome not in text
    assert text.startswith("绥中县2023年政府信息公开工作年度报告")


# What a Word/WPS PDF's text layer gives for common characters: Kangxi radicals, the radicals
# supplement and a compatibility ideograph (U+F9B2 零). Text copied from such PDFs into web pages has them too.
LOOK_ALIKES = {"一": "\u2f00", "人": "\u2f08", "行": "\u2f8f", "门": "\u2ed4", "民": "\u2ea0", "长": "\u2ed3",
               "见": "\u2ec5", "零": "\uf9b2"}


@pytest.mark.parametrize("stem", STEMS)
def test_radical_look_alikes_read_as_the_ideographs(stem: str) -> None:
    text = (SEEDS / f"{stem}.txt").read_text("utf-8")
    disguised = text.translate(str.maketrans(LOOK_ALIKES))
    assert disguised != text
    plain, folded = parse_path(SEEDS / f"{stem}.txt"), parse_bytes(disguised.encode())
    assert folded.text == plain.text and not set(LOOK_ALIKES.values()) & set(folded.text)
    assert [(c.table, c.row, c.column, c.value, c.status) for c in folded.cells] == [
        (c.table, c.row, c.column, c.value, c.status) for c in plain.cells]
    assert {k: getattr(folded, k) for k in META} == {k: getattr(plain, k) for k in META}
