"""The archive: provenance of every cell, idempotent re-ingest and re-extraction, revisions, search, views, export."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from expected import load_expected

import archive
from archive import Archive, SQLiteTooOld, descriptions
from archive.connection import check_version
from extract import parse_path
from govreports.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
HTML = sorted((FIXTURES / "html").glob("*.html"))
HUINING = FIXTURES / "seeds" / "003_e0c0fba79554bc10.txt"
TONGXIN = FIXTURES / "seeds" / "002_add18d99bbf22541.txt"


def dump(a: Archive) -> list[str]:
    return list(a.iterdump())


def scalar(a: Archive, sql: str, *params: object) -> object:
    return a.conn.execute(sql, params).fetchone()[0]


def check_search_index(a: Archive) -> None:
    """FTS5 raises if reports_fts does not match the reports it indexes."""
    a.conn.execute("INSERT INTO reports_fts (reports_fts, rank) VALUES ('integrity-check', 1)")


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seeds and the HTML fixtures, ingested once (tests that write copy it)."""
    path = tmp_path_factory.mktemp("archive") / "archive.db"
    with Archive(path) as a:
        results = a.ingest([*SEEDS, *HTML])
    assert [r.outcome for r in results if r.outcome == "unreadable"] == []
    return path


@pytest.fixture
def db(fixture_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "archive.db"
    shutil.copy(fixture_db, copy)
    return copy


def test_ingest_seeds_and_pages(fixture_db: Path) -> None:
    with Archive(fixture_db) as a:
        assert scalar(a, "SELECT COUNT(*) FROM originals") == len(SEEDS) + len(HTML)
        assert scalar(a, "SELECT COUNT(*) FROM captures WHERE source = 'ingest' AND url LIKE 'file:///%'") == len(
            SEEDS) + len(HTML)
        # one report per organ and year: the pages of the seeds' reports join them; the news item is no report
        keys = {r[0] for r in a.conn.execute("SELECT report_key FROM reports")}
        assert {"350430|建宁县人民政府|2022", "410324|县政府办|2022", "640324|同心县人民政府|2022",
                "620422|会宁县人民政府|2020", "211421|绥中县人民政府|2023"} <= keys
        assert not any("会宁县召开" in k for k in keys)
        huining = a.conn.execute("SELECT template, cells_ok, cells_missing, check_status, formats, revised FROM "
                                 "reports WHERE report_key = '620422|会宁县人民政府|2020'").fetchone()
        assert tuple(huining) == ("v2019", 198, 0, "pass", '["html", "text"]', 0)
        jianning = a.conn.execute("SELECT cells_ok, cells_missing, check_status FROM reports "
                                  "WHERE report_key = '350430|建宁县人民政府|2022'").fetchone()
        assert tuple(jianning) == (66, 134, "warn")  # table 3 cut off; only the narrative check fails
        assert scalar(a, "SELECT COUNT(*) FROM regions") == 5
        assert scalar(a, "SELECT COUNT(*) FROM cell_keys") == 200 + 198
        assert a.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        check_search_index(a)


def test_every_cell_has_run_original_and_capture(fixture_db: Path) -> None:
    with Archive(fixture_db) as a:
        assert scalar(a, "SELECT COUNT(*) FROM cells") > 900
        orphans = scalar(a, """
            SELECT COUNT(*) FROM cells c
            LEFT JOIN extractions e ON e.id = c.extraction_id
            LEFT JOIN originals o ON o.sha256 = e.sha256
            LEFT JOIN captures cap ON cap.id = e.capture_id AND cap.sha256 = o.sha256
            WHERE e.extractor_version IS NULL OR o.content IS NULL OR cap.captured_at IS NULL""")
        assert orphans == 0
        assert scalar(a, "SELECT COUNT(*) FROM cells_labelled WHERE sha256 IS NULL OR captured_at IS NULL "
                         "OR row_label IS NULL OR extractor_version IS NULL") == 0
        assert scalar(a, "SELECT COUNT(*) FROM cells_labelled") == scalar(a, "SELECT COUNT(*) FROM cells")
        # the current cells come from the original the report row names
        assert scalar(a, "SELECT COUNT(*) FROM cells c JOIN reports r ON r.id = c.report_id "
                         "JOIN extractions e ON e.id = c.extraction_id WHERE e.sha256 <> r.sha256") == 0
        # originals are stored byte for byte
        content = scalar(a, "SELECT o.content FROM originals o JOIN captures c ON c.sha256 = o.sha256 "
                            "WHERE c.url = ?", HUINING.resolve().as_uri())
        assert bytes(content) == HUINING.read_bytes()


def test_reingest_changes_nothing(db: Path) -> None:
    with Archive(db) as a:
        before = dump(a)
        results = a.ingest([*SEEDS, *HTML])
        assert {r.outcome for r in results} <= {"unchanged", "kept", "not-a-report"}
        assert not any(r.new_content for r in results)
        assert dump(a) == before
    with Archive(db) as a:  # opening again writes nothing either
        assert dump(a) == before


def test_changed_file_is_a_revision(tmp_path: Path) -> None:
    path = tmp_path / "huining.txt"
    original = HUINING.read_bytes()
    assert "增50".encode() in original
    path.write_bytes(original)
    with Archive(tmp_path / "a.db") as a:
        first = a.ingest([path])[0]
        assert first.outcome == "new"
        path.write_bytes(original.replace("增50".encode(), "增51".encode()))
        second = a.ingest([path])[0]
        assert second.outcome == "revised"
        assert second.report_id == first.report_id and second.sha256 != first.sha256
        row = a.conn.execute("SELECT revised, revisions, sha256 FROM reports WHERE id = ?",
                             (first.report_id,)).fetchone()
        assert tuple(row) == (1, 2, second.sha256)
        assert scalar(a, "SELECT COUNT(*) FROM originals WHERE sha256 IN (?, ?)", first.sha256, second.sha256) == 2
        assert scalar(a, "SELECT COUNT(*) FROM extractions WHERE report_id = ?", first.report_id) == 2
        assert scalar(a, "SELECT licensing_change FROM active_wide WHERE report_id = ?", first.report_id) == 51
        assert [h.report_id for h in a.search("增51")] == [first.report_id] and a.search("增50") == []
        check_search_index(a)
        before = dump(a)
        assert a.ingest([path])[0].outcome == "unchanged"
        assert dump(a) == before
        path.write_bytes(original)  # changed back: a revision again, read by the run kept from the first time
        assert a.ingest([path])[0].outcome == "revised"
        assert scalar(a, "SELECT COUNT(*) FROM extractions WHERE report_id = ?", first.report_id) == 2
        assert scalar(a, "SELECT licensing_change FROM active_wide WHERE report_id = ?", first.report_id) == 50


def test_reextract_is_idempotent_and_follows_the_extractor(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Archive(db) as a:
        before = dump(a)
        summary = a.reextract()
        assert summary.reports == scalar(a, "SELECT COUNT(*) FROM reports")
        assert summary.originals >= summary.reports and summary.new_runs == 0 and summary.updated == 0
        assert dump(a) == before

        # a new extractor that reads 会宁's licensing change differently
        import archive.reextract
        import extract

        real = archive.reextract.parse_original

        def improved(data: bytes, url: str, content_type: str | None) -> extract.Report:
            report = real(data, url, content_type)
            report.cells = [replace(c, value=49) if (c.table, c.row, c.column) == ("active", "licensing", "change")
                            and c.value == 50 else c for c in report.cells]
            return report

        monkeypatch.setattr(archive.reextract, "parse_original", improved)
        monkeypatch.setattr(extract, "__version__", "9.9.9")
        summary = a.reextract()
        assert summary.updated == 1 and summary.new_runs == 2  # the seed (current) and the page of 会宁
        rid = scalar(a, "SELECT id FROM reports WHERE report_key = '620422|会宁县人民政府|2020'")
        assert scalar(a, "SELECT licensing_change FROM active_wide WHERE report_id = ?", rid) == 49
        assert scalar(a, "SELECT DISTINCT extractor_version FROM cells_labelled WHERE report_id = ?", rid) == "9.9.9"
        assert scalar(a, "SELECT COUNT(DISTINCT extractor_version) FROM extractions WHERE report_id = ?", rid) == 2
        check_search_index(a)
        after = dump(a)
        assert a.reextract().new_runs == 0
        assert dump(a) == after


def test_search_short_and_long_words(fixture_db: Path) -> None:
    with Archive(fixture_db) as a:
        # a trigram index cannot match 2 characters: that is why search() falls back to LIKE
        assert scalar(a, "SELECT COUNT(*) FROM reports_fts WHERE reports_fts MATCH '复议'") == 0
        two = a.search("复议")
        assert len(two) == scalar(a, "SELECT COUNT(*) FROM reports WHERE text LIKE '%复议%'") >= 4
        assert all("复议" in scalar(a, "SELECT text FROM reports WHERE id = ?", h.report_id) for h in two)
        three = a.search("依申请")
        assert {h.county for h in three} >= {"建宁县", "会宁县", "同心县"}
        assert a.search("政务公开")
        assert [h.county for h in a.search("会宁县")] == ["会宁县"]
        assert [h.county for h in a.search("会宁")] == ["会宁县"]
        assert a.search("会宁县 复议")[0].county == "会宁县"
        assert a.search("不存在的词语") == [] and a.search("") == []
        assert a.search("复_") == []  # LIKE wildcards are searched for literally


def test_wide_views_numbers(fixture_db: Path) -> None:
    truth = load_expected(HUINING.stem)["tables"]
    with Archive(fixture_db) as a:
        a.conn.row_factory = archive.connection.sqlite_module().Row
        active = a.conn.execute("SELECT * FROM active_wide WHERE county = '会宁县' AND year = 2020").fetchone()
        assert active["template"] == "v2019"
        assert active["licensing_change"] == 50 and active["other_services_change"] == -114
        assert active["procurement_amount_wan_yuan"] == pytest.approx(75647.67)
        assert active["regulations_issued"] is None  # a v2021 column
        requests = a.conn.execute("SELECT * FROM requests_wide WHERE county = '会宁县'").fetchone()
        assert requests["new_received_total"] == truth["requests"]["new_received"][-1]
        assert requests["other_total"] == truth["requests"]["other"][-1]  # printed in v2019
        review = a.conn.execute("SELECT * FROM review_litigation_wide WHERE county = '会宁县'").fetchone()
        assert review["review_total"] == truth["review_litigation"]["review"][-1]

        # v2021 prints no 其他处理 total: the view derives it from the three other_* rows
        tongxin = load_expected(TONGXIN.stem)["tables"]["requests"]
        row = a.conn.execute("SELECT * FROM requests_wide WHERE county = '同心县'").fetchone()
        want = sum(tongxin[k][-1] or 0 for k in ("other_no_correction", "other_no_fee", "other_other"))
        assert row["other_total"] == want and row["new_received_total"] == tongxin["new_received"][-1]
        sql = scalar(a, "SELECT sql FROM sqlite_master WHERE name = 'requests_wide'")
        assert "derived = other_no_correction + other_no_fee + other_other" in sql

        coverage = {(r["province"], r["year"]): r["reports"] for r in a.conn.execute("SELECT * FROM coverage")}
        assert coverage[("甘肃省", 2020)] == 1


def test_views_and_tables_are_described(fixture_db: Path) -> None:
    described = descriptions()
    with Archive(fixture_db) as a:
        names = [r[0] for r in a.conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'reports_fts%' "
            "AND name NOT LIKE 'sqlite_%'")]
        for name in names:
            columns = [r[1] for r in a.conn.execute(f"PRAGMA table_info({name})")]
            assert set(columns) <= set(described[name]["columns"]), name
            assert described[name]["description"]
    assert described["active_wide"]["columns"]["procurement_amount_wan_yuan"]["unit"] == "万元"


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_loads_back(fixture_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / fmt
    with Archive(fixture_db) as a:
        files = a.export(fmt, out)
        reports = scalar(a, "SELECT COUNT(*) FROM reports")
        cells = scalar(a, "SELECT COUNT(*) FROM cells")
    package = json.loads((out / "datapackage.json").read_text("utf-8"))
    assert package["licenses"] and package["profile"] == "tabular-data-package"
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == {"reports", "cells", "checks", "active_wide", "requests_wide", "review_litigation_wide",
                              "regions", "captures", "extractions"}
    assert {out / r["path"] for r in resources.values()} | {out / "datapackage.json"} == set(files)

    def load(name: str) -> list[dict]:
        path = out / resources[name]["path"]
        if fmt == "json":
            text = path.read_text("utf-8")
            assert "\\u" not in text
            return json.loads(text)
        with path.open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    for name, res in resources.items():
        rows = load(name)
        assert len(rows) == res["rows"]
        assert list(rows[0]) == [f["name"] for f in res["schema"]["fields"]], name
        assert all(f["description"] for f in res["schema"]["fields"]), name
    assert len(load("reports")) == reports and len(load("cells")) == cells
    huining = next(r for r in load("active_wide") if r["county"] == "会宁县")
    assert str(huining["licensing_change"]) == "50"
    assert "content" not in load("captures")[0]
    money = next(f for f in resources["active_wide"]["schema"]["fields"] if f["name"] == "fees_amount_wan_yuan")
    assert money["unit"] == "万元" and money["type"] == "number"


def test_export_bom(fixture_db: Path, tmp_path: Path) -> None:
    with Archive(fixture_db) as a:
        a.export("csv", tmp_path / "bom", bom=True)
        a.export("csv", tmp_path / "plain")
    assert (tmp_path / "bom" / "cells.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    assert (tmp_path / "plain" / "cells.csv").read_bytes()[:3] != b"\xef\xbb\xbf"
    package = json.loads((tmp_path / "bom" / "datapackage.json").read_text("utf-8"))
    assert {r["encoding"] for r in package["resources"]} == {"utf-8-sig"}


def test_crawl_captures(tmp_path: Path) -> None:
    url = "http://www.huining.gov.cn/zwgk/ndbg/2021/t1.html"
    data = HUINING.read_bytes()
    report = parse_path(HUINING)
    with Archive(tmp_path / "a.db") as a:
        first = a.capture(url=url, content=data, source="crawl", http_status=200, content_type="text/plain",
                          headers={"Content-Type": "text/plain"}, portal="huining")
        assert first.new_content and not first.revised
        rid = a.add_report(report, [first.capture_id], ["page"])
        row = a.conn.execute("SELECT * FROM reports WHERE id = ?", (rid,)).fetchone()
        again = a.capture(url=url, content=data, source="crawl", http_status=200)
        assert again.capture_id != first.capture_id and not again.new_content and not again.revised
        assert a.store_report(report, [again.capture_id], ["page"]).outcome == "unchanged"
        assert a.conn.execute("SELECT * FROM reports WHERE id = ?", (rid,)).fetchone() == row
        assert scalar(a, "SELECT COUNT(*) FROM originals") == 1
        assert scalar(a, "SELECT COUNT(*) FROM extractions") == 1
        changed = data.replace("增50".encode(), "增52".encode())
        third = a.capture(url=url, content=changed, source="crawl")
        assert third.new_content and third.revised
        result = a.add_document(url=url, content=changed, content_type="text/plain")
        assert result.outcome == "revised" and result.report_id == rid
        assert scalar(a, "SELECT revised FROM reports WHERE id = ?", rid) == 1


def test_bulk_is_one_transaction(tmp_path: Path) -> None:
    report = parse_path(TONGXIN)
    data = TONGXIN.read_bytes()
    with Archive(tmp_path / "a.db") as a:
        with a.bulk():
            for i in range(3):
                a.add_document(url=f"http://example.gov.cn/{i}.txt", content=data + str(i).encode(),
                               report=replace(report, year=2000 + i))
            a.commit()
        assert scalar(a, "SELECT COUNT(*) FROM reports") == 3
        assert len(a.search("依申请")) == 3 and len(a.search("复议")) == 3
        check_search_index(a)
        with pytest.raises(RuntimeError), a.bulk():
            a.add_document(url="http://example.gov.cn/x.txt", content=b"x", report=report)
            raise RuntimeError("stop")
        assert scalar(a, "SELECT COUNT(*) FROM captures") == 3


def test_old_sqlite_is_refused() -> None:
    old = SimpleNamespace(__name__="sqlite3", sqlite_version="3.40.1", sqlite_version_info=(3, 40, 1))
    with pytest.raises(SQLiteTooOld, match=r"3\.40\.1"):
        check_version(old)
    check_version(archive.connection.sqlite_module())


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.db")
    assert main(["ingest", str(FIXTURES / "seeds"), "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(SEEDS) and all(line.startswith("new") for line in lines)
    assert "v2019" in lines[3] and "cells ok 198 missing   0" in lines[3] and "pass" in lines[3]
    assert main(["ingest", str(HUINING), str(tmp_path / "missing.txt"), "--db", db]) == 2
    captured = capsys.readouterr()
    assert captured.out.startswith("unchanged") and "cannot read" in captured.err
    assert main(["reextract", "--db", db]) == 0
    assert "0 new extraction runs" in capsys.readouterr().out
    assert main(["export", "--format", "json", "--out", str(tmp_path / "out"), "--db", db]) == 0
    assert (tmp_path / "out" / "datapackage.json").is_file()
