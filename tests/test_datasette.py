"""Publishing with Datasette: metadata.yml, canned queries, facets, CSV with BOM, dashboards, `govreports serve`.

Everything but the last test goes through Datasette's own in-process client (no network); the last one starts the
real server on a free loopback port and stops it by its PID.
"""

from __future__ import annotations

import asyncio
import csv
import importlib.util
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from archive import Archive
from archive.connection import sqlite_module
from archive.publish import DB_NAME, METADATA, PLUGINS_DIR, load_metadata, make_datasette, schema_table_metadata
from govreports.cli import main

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))
HTML = sorted((FIXTURES / "html").glob("*.html"))
QUERIES = ("search", "failing_checks", "coverage_by_province_year", "county_years", "ranking_applications")
BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seeds and the HTML fixtures, ingested once through the Archive API."""
    path = tmp_path_factory.mktemp("published") / "archive.db"
    with Archive(path) as a:
        results = a.ingest([*SEEDS, *HTML])
    assert not [r for r in results if r.outcome == "unreadable"]
    return path


@pytest.fixture(scope="module")
def ds(db: Path) -> Any:
    return make_datasette(db)


def sql(db: Path, query: str, *params: object) -> list[tuple]:
    """Ground truth, read straight from the file."""
    conn = sqlite_module().connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [tuple(row) for row in conn.execute(query, params)]
    finally:
        conn.close()


def get(ds: Any, path: str) -> Any:
    return asyncio.run(ds.client.get(path))


def rows(ds: Any, path: str) -> list[dict[str, Any]]:
    """JSON rows as objects (`_shape=array`)."""
    sep = "&" if "?" in path else "?"
    response = get(ds, f"{path}{sep}_shape=array")
    assert response.status_code == 200, response.text[:500]
    return response.json()


# --- configuration -----------------------------------------------------------------------------------------------


def test_metadata_matches_the_schema_descriptions() -> None:
    """metadata.yml describes every table, view and column exactly as archive.schema.descriptions() does."""
    tables = load_metadata()["databases"][DB_NAME]["tables"]
    for name, expected in schema_table_metadata().items():
        assert name in tables, f"metadata.yml lacks table {name}"
        assert tables[name].get("description") == expected["description"], name
        assert tables[name].get("columns") == expected["columns"], f"column descriptions of {name} differ"
    money = [c for c in tables["active_wide"]["columns"].values() if "amount" in c]
    assert money and all("万元" in c for c in money)


def test_metadata_essentials() -> None:
    meta = load_metadata()
    assert "CC BY 4.0" in meta["license"] and "creativecommons.org/licenses/by/4.0" in meta["license_url"]
    assert "MIT" in meta["about"] and ".csvbom" in meta["description_html"]
    assert set(meta["databases"][DB_NAME]["queries"]) == set(QUERIES)
    reports = meta["databases"][DB_NAME]["tables"]["reports"]
    assert reports["facets"] == ["province", "year", "template", "organ_kind", "check_status"]
    assert reports["fts_table"] == "reports_fts" and reports["label_column"] == "title"
    assert meta["plugins"]["datasette-dashboards"]["overview"]["charts"]


# --- pages, JSON, CSV ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/", "/archive", "/archive/reports", "/archive/reports/1", "/archive/requests_wide", "/archive/active_wide",
    "/archive/review_litigation_wide", "/archive/cells", "/archive/cells_labelled", "/archive/checks",
    "/archive/coverage", "/archive/captures", "/archive/originals", "/archive/checks?status=fail", "/-/dashboards",
    "/-/dashboards/overview",
    *(f"/archive/{q}" for q in QUERIES),
])
def test_pages(ds: Any, path: str) -> None:
    response = get(ds, path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")


def test_home_page_says_licence_and_excel_link(ds: Any) -> None:
    html = get(ds, "/").text
    assert "政府信息公开工作年度报告" in html and "CC BY 4.0" in html and "MIT" in html
    assert 'href="/archive/requests_wide.csvbom"' in html


def test_table_page_shows_descriptions_and_csvbom_link(ds: Any) -> None:
    html = get(ds, "/archive/requests_wide").text
    assert "本年新收政府信息公开申请数量" in html  # a column description
    assert "requests_wide.csvbom" in html
    assert "万元" in get(ds, "/archive/active_wide").text  # money columns say their unit


def test_json_array(ds: Any, db: Path) -> None:
    data = rows(ds, "/archive/reports.json?_size=max")
    assert len(data) == sql(db, "SELECT count(*) FROM reports")[0][0]
    by_county = {r["county"]: r for r in data if r["county"]}
    assert by_county["会宁县"]["template"] == "v2019" and by_county["会宁县"]["year"] == 2020
    assert by_county["建宁县"]["province"] == "福建省"
    assert [r["year"] for r in data] == sorted((r["year"] for r in data), reverse=True)  # sort_desc: year


def test_csv(ds: Any, db: Path) -> None:
    response = get(ds, "/archive/reports.csv?_size=max")
    assert response.status_code == 200
    assert not response.content.startswith(BOM)  # Datasette's own CSV has none: that is what .csvbom is for
    table = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert len(table) == sql(db, "SELECT count(*) FROM reports")[0][0]
    assert {"id", "report_key", "province", "county", "year", "template", "check_status", "sha256"} <= set(table[0])
    assert "绥中县" in {r["county"] for r in table}


def test_wide_view_numbers(ds: Any, db: Path) -> None:
    data = rows(ds, "/archive/requests_wide.json?county=会宁县")
    assert len(data) == 1
    truth = sql(db, "SELECT value FROM cells c JOIN reports r ON r.id = c.report_id WHERE r.county = '会宁县' AND "
                    "c.table_key = 'requests' AND c.row_key = 'new_received' AND c.column_key = 'total'")[0][0]
    assert data[0]["new_received_total"] == truth


# --- facets --------------------------------------------------------------------------------------------------------


def facet_counts(facet: dict[str, Any]) -> dict[Any, int]:
    return {r["value"]: r["count"] for r in facet["results"]}


@pytest.mark.parametrize("column", ["province", "year", "template", "organ_kind", "check_status"])
def test_metadata_facets_count_right(ds: Any, db: Path, column: str) -> None:
    data = get(ds, "/archive/reports.json").json()
    truth = dict(sql(db, f"SELECT {column}, count(*) FROM reports WHERE {column} IS NOT NULL GROUP BY {column}"))
    assert facet_counts(data["facet_results"][column]) == truth


def test_facet_values(ds: Any) -> None:
    facets = get(ds, "/archive/reports.json").json()["facet_results"]
    provinces = facet_counts(facets["province"])
    assert provinces["福建省"] == provinces["甘肃省"] == provinces["辽宁省"] == provinces["宁夏回族自治区"] == 1
    assert provinces["河南省"] >= 1
    assert facet_counts(facets["template"])["v2019"] == 1
    assert facet_counts(facets["year"])[2020] == 1


def test_facet_in_metadata_and_url_comes_back_twice(ds: Any) -> None:
    """Datasette 0.65 computes a facet named both in metadata.yml and in the URL twice (province, province_2):
    link to tables without repeating the metadata facets."""
    facets = get(ds, "/archive/reports.json?_facet=province&_facet=city").json()["facet_results"]
    assert "province" in facets and "province_2" in facets
    assert facet_counts(facets["province"]) == facet_counts(facets["province_2"])
    assert "city" in facets and "city_2" not in facets


def test_facet_filter(ds: Any, db: Path) -> None:
    data = rows(ds, "/archive/reports.json?province=河南省")
    assert {r["province"] for r in data} == {"河南省"}
    assert len(data) == sql(db, "SELECT count(*) FROM reports WHERE province = '河南省'")[0][0]


# --- canned queries ------------------------------------------------------------------------------------------------


def containing(db: Path, word: str) -> set[int]:
    return {i for i, title, text in sql(db, "SELECT id, title, text FROM reports")
            if word in (title or "") or word in (text or "")}


@pytest.mark.parametrize("word", ["复议", "依申请", "镇", "行政诉讼", "政务公开"])
def test_search_finds_short_and_long_words(ds: Any, db: Path, word: str) -> None:
    found = rows(ds, f"/archive/search.json?q={word}")
    expected = containing(db, word)
    assert expected, f"no fixture contains {word}"
    assert {r["id"] for r in found} == expected
    assert all(word in r["context"] for r in found if word in (r["context"] or ""))


def test_search_counties(ds: Any) -> None:
    two = {r["county"] for r in rows(ds, "/archive/search.json?q=复议")}
    three = {r["county"] for r in rows(ds, "/archive/search.json?q=依申请")}
    assert {"会宁县", "同心县", "绥中县"} <= two
    assert {"建宁县", "同心县", "会宁县", "绥中县"} <= three


def test_search_limit(ds: Any, db: Path) -> None:
    everything = containing(db, "公开")
    assert len(rows(ds, "/archive/search.json?q=公开")) == len(everything) <= 200
    newest = rows(ds, "/archive/search.json?q=公开&limit=2")
    assert len(newest) == 2 and newest[0]["year"] == max(r[0] for r in sql(db, "SELECT year FROM reports"))
    assert len(rows(ds, "/archive/search.json?q=公开&limit=x")) == len(everything)  # not a number: the default
    assert len(rows(ds, "/archive/failing_checks.json?limit=1")) == 1


def test_search_edge_cases(ds: Any, db: Path) -> None:
    assert rows(ds, "/archive/search.json") == []  # empty q: nothing, not everything
    assert rows(ds, "/archive/search.json?q=没有这个词组") == []
    assert get(ds, '/archive/search.json?q="复议').status_code == 200  # a quote does not break the MATCH
    for wildcard in ("%", "_", "%%", "\\"):  # LIKE wildcards in a short query are taken literally
        assert {r["id"] for r in rows(ds, f"/archive/search.json?q={quote(wildcard)}")} == containing(db, wildcard)
    assert get(ds, "/archive/search.json?q=%22%E4%BE%9D%E7%94%B3%E8%AF%B7%22").status_code == 200


def test_table_search_box_uses_the_trigram_index(ds: Any, db: Path) -> None:
    found = rows(ds, "/archive/reports.json?_search=依申请")
    assert {r["id"] for r in found} == containing(db, "依申请")


def test_failing_checks(ds: Any, db: Path) -> None:
    data = rows(ds, "/archive/failing_checks.json")
    assert {"建宁县", "栾川县"} <= {r["county"] for r in data}
    failed = {i for (i,) in sql(db, "SELECT report_id FROM checks WHERE status = 'fail'")}
    assert {r["report_id"] for r in data} == failed
    jianning = next(r for r in data if r["county"] == "建宁县")
    assert jianning["check"] == "narrative_requests" and jianning["kind"] == "warning" and "5" in jianning["detail"]
    assert rows(ds, "/archive/failing_checks.json?check=requests_balance") == [
        r for r in data if r["check"] == "requests_balance"]


def test_coverage(ds: Any, db: Path) -> None:
    data = rows(ds, "/archive/coverage_by_province_year.json")
    truth = sql(db, "SELECT province, year, reports FROM coverage")
    assert sorted((r["province"] or "", r["year"], r["reports"]) for r in data) == sorted(
        (p or "", y, n) for p, y, n in truth)
    gansu = rows(ds, "/archive/coverage_by_province_year.json?province=甘肃")
    assert [(r["province"], r["year"], r["reports"], r["with_tables"]) for r in gansu] == [("甘肃省", 2020, 1, 1)]
    assert {r["year"] for r in rows(ds, "/archive/coverage_by_province_year.json?year=2022")} == {2022}


@pytest.mark.parametrize("county", ["建宁", "建宁县", "350430"])
def test_county_years(ds: Any, county: str) -> None:
    data = rows(ds, f"/archive/county_years.json?county={county}")
    assert [(r["county"], r["year"], r["template"]) for r in data] == [("建宁县", 2022, "v2021")]
    assert data[0]["applications_received"] == 6  # the table says 6 (the narrative says 5)
    assert data[0]["handled"] is None  # cut off in the document: missing, not 0


def test_county_years_v2019(ds: Any) -> None:
    data = rows(ds, "/archive/county_years.json?county=会宁县")
    assert [(r["year"], r["template"]) for r in data] == [(2020, "v2019")]
    assert isinstance(data[0]["applications_received"], int)
    assert data[0]["fees_wan_yuan"] is None  # v2019 prints no fee amount
    assert rows(ds, "/archive/county_years.json") == []


def test_ranking(ds: Any, db: Path) -> None:
    data = rows(ds, "/archive/ranking_applications.json?year=2022")
    truth = sql(db, "SELECT r.id, c.value FROM reports r JOIN cells c ON c.report_id = r.id AND c.table_key = "
                    "'requests' AND c.row_key = 'new_received' AND c.column_key = 'total' "
                    "WHERE r.year = 2022 AND c.value IS NOT NULL ORDER BY c.value DESC")
    assert sorted((r["report_id"], r["applications_received"]) for r in data) == sorted((i, int(v)) for i, v in truth)
    assert [r["applications_received"] for r in data] == sorted((int(v) for _, v in truth), reverse=True)
    assert [r["rank"] for r in data] == sorted(r["rank"] for r in data) and data[0]["rank"] == 1
    latest = rows(ds, "/archive/ranking_applications.json")  # empty year: the latest year with tables
    assert {r["year"] for r in latest} == {2023} and latest[0]["county"] == "绥中县"
    assert {r["province"] for r in rows(ds, "/archive/ranking_applications.json?year=2022&province=宁夏")} == {
        "宁夏回族自治区"}


@pytest.mark.parametrize("query", QUERIES)
def test_canned_queries_as_csv(ds: Any, query: str) -> None:
    response = get(ds, f"/archive/{query}.csv?q=复议&county=建宁&year=2022")
    assert response.status_code == 200
    assert response.content.decode("utf-8").splitlines()[0]


# --- CSV with BOM --------------------------------------------------------------------------------------------------


def test_csvbom_table(ds: Any) -> None:
    response = get(ds, "/archive/reports.csvbom")
    assert response.status_code == 200
    assert response.content.startswith(BOM)
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="reports.csv"'
    plain = get(ds, "/archive/reports.csv?_stream=on").content
    assert response.content == BOM + plain
    assert "建宁县" in response.content.decode("utf-8-sig")


def csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_csvbom_streams_every_row(ds: Any, db: Path) -> None:
    response = get(ds, "/archive/cells.csvbom?_size=10")
    assert len(csv_rows(response.content)) == 1 + sql(db, "SELECT count(*) FROM cells")[0][0]  # all, not a page
    assert len(csv_rows(get(ds, "/archive/cells.csvbom?_size=10&_stream=").content)) == 11


def test_csvbom_canned_query_and_filters(ds: Any) -> None:
    response = get(ds, "/archive/search.csvbom?q=依申请")
    assert response.content.startswith(BOM)
    assert len(csv_rows(response.content)) == 1 + len(rows(ds, "/archive/search.json?q=依申请"))
    filtered = csv_rows(get(ds, "/archive/reports.csvbom?province=福建省").content)
    assert len(filtered) == 2 and "建宁县" in filtered[1]


def test_csvbom_errors_have_no_bom(ds: Any) -> None:
    response = get(ds, "/archive/no_such_table.csvbom")
    assert response.status_code == 404
    assert not response.content.startswith(BOM)


def test_csvbom_renderer_fallback() -> None:
    """The renderer's own output (used only if a request bypasses the wrapper): one page, BOM, labels expanded."""
    spec = importlib.util.spec_from_file_location("csv_bom_under_test", PLUGINS_DIR / "csv_bom.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    response = module.render_csvbom(["id", "county"], [(1, "建宁县"), (2, {"value": "x", "label": "y"})],
                                    {"table": "reports"})
    assert response.body.encode("utf-8") == BOM + "id,county\r\n1,建宁县\r\n2,x\r\n".encode()
    assert response.headers["content-disposition"] == 'attachment; filename="reports.csv"'


def test_prime_counts(db: Path) -> None:
    """`govreports serve` counts every table and view once; table pages then show counts without recounting."""
    from archive.publish import prime_counts

    served = make_datasette(db)
    counts = asyncio.run(prime_counts(served))
    for name in ("reports", "cells", "checks", "cells_labelled", "requests_wide", "coverage"):
        assert counts[name] == sql(db, f"SELECT count(*) FROM {name}")[0][0], name
    assert served.inspect_data[DB_NAME]["tables"]["cells"]["count"] == counts["cells"]
    data = get(served, "/archive/cells.json").json()
    assert data["filtered_table_rows_count"] == counts["cells"]
    quick = asyncio.run(prime_counts(make_datasette(db), view_budget_ms=0))
    assert "requests_wide" not in quick  # not counted in time: Datasette counts it per request


def test_plain_datasette_with_the_plugins_dir(db: Path) -> None:
    """The configuration also works as `datasette -i archive.db --metadata metadata.yml --plugins-dir plugins`."""
    from datasette.app import Datasette

    plain = Datasette([], immutables=[str(db)], metadata=load_metadata(METADATA), plugins_dir=str(PLUGINS_DIR))
    assert get(plain, "/archive/reports.csvbom").content.startswith(BOM)
    assert rows(plain, "/archive/search.json?q=复议")


# --- dashboards ----------------------------------------------------------------------------------------------------


def test_dashboard_pages(ds: Any) -> None:
    charts = load_metadata()["plugins"]["datasette-dashboards"]["overview"]["charts"]
    assert get(ds, "/-/dashboards/overview?year=2022&province=福建省").status_code == 200
    for slug in charts:
        assert get(ds, f"/-/dashboards/overview/{slug}").status_code == 200, slug


@pytest.mark.parametrize("options", [{}, {"year": "2022"}, {"province": "福建省"},
                                     {"year": "2020", "province": "甘肃省"}])
def test_dashboard_queries_run(ds: Any, options: dict[str, str]) -> None:
    """The charts fetch their data in the browser; run their SQL here the way the plugin fills in the filters."""
    from urllib.parse import urlencode

    from datasette_dashboards import replace_opts_in_query

    dashboard = load_metadata()["plugins"]["datasette-dashboards"]["overview"]
    for flt in dashboard["filters"].values():
        assert rows(ds, "/archive.json?" + urlencode({"sql": flt["query"]}))
    for slug, chart in dashboard["charts"].items():
        if "query" not in chart:
            continue
        query = replace_opts_in_query(chart["query"], options)
        response = get(ds, "/archive.json?" + urlencode({"sql": query, **options, "_shape": "array"}))
        assert response.status_code == 200, (slug, response.text[:300])
        if not options:
            assert response.json(), slug
    counts = rows(ds, "/archive.json?" + urlencode({
        "sql": replace_opts_in_query(dashboard["charts"]["reports-count"]["query"], {"year": "2020"}), "year": "2020"}))
    assert counts == [{"n": 1}]


# --- the command ---------------------------------------------------------------------------------------------------


def test_serve_refuses_a_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--db", str(tmp_path / "nothing.db")]) == 2
    assert "no archive database" in capsys.readouterr().err
    (tmp_path / "other.db").write_bytes(b"")
    assert main(["serve", "--db", str(tmp_path / "other.db")]) == 2
    assert "not an archive database" in capsys.readouterr().err


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def test_govreports_serve_real_server(db: Path) -> None:
    port = free_port()
    script = Path(sys.executable).with_name("govreports")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "govreports.cli"]
    proc = subprocess.Popen([*command, "serve", "--db", str(db), "--port", str(port), "--host", "127.0.0.1"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=REPO, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        versions = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status, _, body = fetch(f"{base}/-/versions.json")
            except OSError:
                time.sleep(0.2)
                continue
            assert status == 200
            versions = json.loads(body)
            break
        assert versions is not None, f"server did not answer: exit {proc.poll()}"
        assert tuple(int(x) for x in versions["sqlite"]["version"].split(".")[:2]) >= (3, 44)
        assert "FTS5" in versions["sqlite"]["fts_versions"]
        status, headers, body = fetch(f"{base}/archive/reports")
        assert status == 200 and "建宁县" in body.decode("utf-8")
        status, headers, body = fetch(f"{base}/archive/reports.csv?_size=max")
        assert status == 200 and body.decode("utf-8").startswith("id,report_key,")
        status, headers, body = fetch(f"{base}/archive/requests_wide.csvbom")
        assert status == 200 and body.startswith(BOM) and headers["content-type"].startswith("text/csv")
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            output, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            output, _ = proc.communicate()
    assert f"http://127.0.0.1:{port}/" in output


def test_benchmark_runs_small(tmp_path: Path) -> None:
    """benchmarks/archive.py end to end on 60 reports: it builds through the archive API and times every page."""
    proc = subprocess.run([sys.executable, str(REPO / "benchmarks" / "archive.py"), "--reports", "60", "--runs", "1",
                           "--db", str(tmp_path / "bench.db")], capture_output=True, text=True, timeout=600, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout
    assert "60 reports" in out and "database size" in out
    timed = [m.groups() for m in re.finditer(r"\s(\d{3})\s+\d+\s+\d+\s+(PASS|MISS|-)$", out, re.MULTILINE)]
    assert len([v for _, v in timed if v != "-"]) >= 10
    assert {status for status, _ in timed} == {"200"}  # every page and query answered
