"""The crawler against the local replica web (replica/): every crawl runs as a child process.

Scrapy's reactor cannot be restarted in one process (research notes §7), so each crawl is
``python -m scrapy crawl reports`` with the replica's registry, a temporary archive and no download
delay (loopback only). The replica keeps a log of every request it answered, which is how these
tests see what the crawler fetched.
"""

from __future__ import annotations

import gzip
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # crawler/ is not an installed package (pyproject lists extract, govreports, replica)
    sys.path.insert(0, str(REPO))

from crawler.cli import child_env, crawl_command  # noqa: E402
from replica.server import ReplicaWeb, serve  # noqa: E402

TIMEOUT = 240


def _crawl(web: ReplicaWeb, db: Path, crawl_dir: Path, delay: float = 0.0) -> subprocess.CompletedProcess:
    cmd = crawl_command(db=db, crawl_dir=crawl_dir, registry=[str(web.registry_path)], delay=delay, progress=False)
    result = subprocess.run(cmd, cwd=REPO, env=child_env(), capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _organ(name: str | None) -> str:
    return (name or "").replace("人民政府", "").replace("政府", "")


def _same_organ(stored: str | None, published: str) -> bool:
    """The extractor may shorten an organ (黔西南州 for 黔西南州人民政府); the county must stay."""
    a, b = _organ(stored), _organ(published)
    return bool(a) and (a == b or a in b or b in a)


def _snapshot(db: Path) -> dict[str, set]:
    """What must be equal between two crawls of the same web: reports, cells, originals."""
    return {
        "reports": set(_rows(db, "SELECT report_key, title, year, organ, template FROM reports")),
        "cells": set(_rows(db, "SELECT r.report_key, c.table_key, c.row_key, c.column_key, c.value, c.status "
                               "FROM cells c JOIN reports r ON r.id = c.report_id")),
        "originals": set(_rows(db, "SELECT sha256 FROM originals")),
    }


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReplicaWeb]:
    w = serve(tmp_path_factory.mktemp("replica"))
    yield w
    w.stop()


@pytest.fixture(scope="module")
def crawled(web: ReplicaWeb, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One uninterrupted crawl of the whole replica web."""
    tmp = tmp_path_factory.mktemp("crawl")
    web.clear_log()
    started = time.monotonic()
    _crawl(web, tmp / "archive.db", tmp / "crawl")
    return {"db": tmp / "archive.db", "dir": tmp / "crawl", "log": web.log, "manifest": web.manifest(),
            "seconds": time.monotonic() - started}


def test_every_published_report_is_stored_with_its_organ_and_year(crawled: dict[str, Any]) -> None:
    db, manifest = crawled["db"], crawled["manifest"]
    missing = []
    for pub in manifest["reports"]:
        row = _rows(db, "SELECT r.organ, r.year, u.outcome FROM crawl_urls u JOIN reports r ON r.id = u.report_id "
                        "WHERE u.url = ?", (pub["url"],))
        if not row or row[0][1] != pub["year"] or not _same_organ(row[0][0], pub["organ"]):
            missing.append((pub["id"], pub["organ"], pub["year"], row))
    assert not missing
    assert len(_rows(db, "SELECT id FROM reports")) == len(manifest["reports"])


def test_no_decoy_is_stored(crawled: dict[str, Any]) -> None:
    db, manifest = crawled["db"], crawled["manifest"]
    for decoy in manifest["decoys"]:
        assert not _rows(db, "SELECT id FROM captures WHERE url = ?", (decoy["url"],)), decoy
        assert not _rows(db, "SELECT id FROM reports WHERE title = ?", (decoy["title"],)), decoy


def test_nothing_is_fetched_off_the_registry_hosts(web: ReplicaWeb, crawled: dict[str, Any]) -> None:
    listed = web.listed_hosts()
    off = [(e.host, e.path) for e in crawled["log"] if e.host not in listed]
    assert not off
    assert not [e for e in crawled["log"] if e.site == "outside"]


def test_robots_txt_is_obeyed_and_traps_are_bounded(crawled: dict[str, Any]) -> None:
    log = crawled["log"]
    for trap in crawled["manifest"]["traps"]:
        path = "/" + trap["url"].split("/", 3)[3].split("?")[0]  # /search/, /calendar/2023/01/, /hdjl/ldhd.jsp
        prefix = "/" + path.split("/")[1] + "/" if trap["robots_disallowed"] else path
        hits = [e for e in log if e.site == trap["site"] and e.path.startswith(prefix)]
        if trap["robots_disallowed"]:
            assert not hits, trap
        else:
            assert len(hits) <= 20, trap
    assert any(e.path == "/robots.txt" for e in log)
    per_site: dict[str, int] = {}
    for e in log:
        per_site[e.site] = per_site.get(e.site, 0) + 1
    assert max(per_site.values()) < 200


def test_anti_bot_portals_are_recorded_as_blocked(crawled: dict[str, Any]) -> None:
    db, log = crawled["db"], crawled["log"]
    for blocked in crawled["manifest"]["blocked"]:
        state = _rows(db, "SELECT state, blocked_reason FROM portal_status WHERE portal = ?", (blocked["site"],))
        assert state and state[0][0] == "blocked", blocked
        assert str(blocked["status"]) in state[0][1]
        assert not _rows(db, "SELECT id FROM captures WHERE portal = ?", (blocked["site"],))
        assert len([e for e in log if e.site == blocked["site"]]) <= 6  # no hammering a challenge


def test_gbk_site_reports_are_parsed(crawled: dict[str, Any]) -> None:
    db = crawled["db"]
    gbk = [r for r in crawled["manifest"]["reports"] if r["site"] == "qh-xinghai"]
    assert gbk
    for pub in gbk:
        row = _rows(db, "SELECT r.title, r.template, r.cells_ok FROM crawl_urls u JOIN reports r "
                        "ON r.id = u.report_id WHERE u.url = ?", (pub["url"],))
        assert row and row[0][1] and row[0][2] > 0, pub["id"]
        assert "兴海县" in row[0][0] or "子科滩镇" in row[0][0]


def test_report_on_county_and_city_portals_is_stored_once(crawled: dict[str, Any]) -> None:
    db = crawled["db"]
    reposted = [r for r in crawled["manifest"]["reports"] if r["also_at"]]
    assert reposted
    for pub in reposted:
        rows = _rows(db, "SELECT id, organ FROM reports WHERE year = ?", (pub["year"],))
        same = [r for r in rows if _same_organ(r[1], pub["organ"]) and _organ(r[1]) == _organ(pub["organ"])]
        assert len(same) == 1, pub["id"]
        for copy in pub["also_at"]:
            urls = _rows(db, "SELECT outcome, report_id FROM crawl_urls WHERE url = ?", (copy["url"],))
            assert urls and urls[0][1] == same[0][0]


def test_crawl_status_and_warc_provenance(crawled: dict[str, Any]) -> None:
    db, crawl_dir = crawled["db"], crawled["dir"]
    run = _rows(db, "SELECT status, pages, new, blocked FROM crawl_runs")
    assert run == [("finished", run[0][1], len(crawled["manifest"]["reports"]), len(crawled["manifest"]["blocked"]))]
    assert {r[0] for r in _rows(db, "SELECT portal FROM portal_status")} >= {
        s["id"] for s in crawled["manifest"]["sites"] if s["kind"] != "outside"}
    # every answer the replica gave is in the WARC, byte for byte for the report originals
    bodies: dict[str, bytes] = {}
    responses = 0
    for path in (crawl_dir / "warc").glob("*.warc.gz"):
        with gzip.open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    responses += 1
                    bodies[record.rec_headers.get_header("WARC-Target-URI")] = record.content_stream().read()
    assert responses == len(crawled["log"])
    url, content = _rows(db, "SELECT c.url, o.content FROM captures c JOIN originals o ON o.sha256 = c.sha256 "
                             "WHERE o.format = 'pdf' LIMIT 1")[0]
    assert bodies[url] == content


def test_kill_and_resume_equals_an_uninterrupted_crawl(web: ReplicaWeb, crawled: dict[str, Any],
                                                        tmp_path: Path) -> None:
    db, crawl_dir = tmp_path / "archive.db", tmp_path / "crawl"
    cmd = crawl_command(db=db, crawl_dir=crawl_dir, registry=[str(web.registry_path)], delay=0.0, progress=False)
    child = subprocess.Popen(cmd, cwd=REPO, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    total = len(crawled["manifest"]["reports"])
    deadline = time.monotonic() + TIMEOUT
    stored = 0
    while time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                stored = _rows(db, "SELECT COUNT(*) FROM reports")[0][0]
            except sqlite3.OperationalError:
                continue
            if stored >= 5:
                break
    assert child.poll() is None, "the crawl finished before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert 0 < stored < total
    assert _rows(db, "SELECT status FROM crawl_runs") == [("running",)]
    _crawl(web, db, crawl_dir)
    assert _snapshot(db) == _snapshot(crawled["db"])
    run = _rows(db, "SELECT id, status, resumes, new FROM crawl_runs")
    assert run == [(1, "finished", 1, total)]
    # each report page was stored by exactly one of the two processes
    pages = "SELECT COUNT(*) FROM crawl_urls WHERE role = 'page' AND outcome IN ('stored', 'duplicate')"
    assert _rows(db, pages) == _rows(crawled["db"], pages)


def test_rerun_fetches_only_what_changed_and_records_the_revision(tmp_path: Path) -> None:
    with serve(tmp_path / "replica") as web:
        db, crawl_dir = tmp_path / "archive.db", tmp_path / "crawl"
        _crawl(web, db, crawl_dir)
        before = web.manifest()
        revised = next(r for r in before["reports"] if r["formats"] == ["html"] and not r["also_at"])
        pdf_only = next((r for r in before["reports"] if r["formats"] == ["pdf"]), None)
        web.revise(revised["id"])
        if pdf_only:
            web.revise(pdf_only["id"])
        added = web.add({"portal": revised["site"]})
        after = web.manifest()
        new = next(r for r in after["reports"] if r["id"] == added)
        web.clear_log()
        _crawl(web, db, crawl_dir)
        log = web.log

        changed = {revised["url"], new["url"]} | ({pdf_only["url"]} if pdf_only else set())
        article_urls = {r["url"] for r in after["reports"]}
        full = {f"http://{e.host}{e.path}" for e in log if e.status == 200}
        assert {u for u in article_urls if u in full} <= changed
        assert new["url"] in full and revised["url"] in full
        # unchanged articles: a 304 where the server gives validators, no request at all where it does not
        # (their list entries are unchanged and they were fetched within GOVREPORTS_REVISIT_DAYS)
        asked = {f"http://{e.host}{e.path}" for e in log} & article_urls
        not_modified = {f"http://{e.host}{e.path}" for e in log if e.status == 304}
        assert asked - changed <= not_modified
        assert len(not_modified & article_urls) >= 20
        no_validators = {r["url"] for r in after["reports"] if r["site"] == "ah-guoyang"}
        assert not (asked & no_validators) - changed
        if pdf_only:  # the page stayed the same (304), its PDF changed and was fetched again
            pdf = next(d["url"] for d in pdf_only["documents"] if d["format"] == "pdf")
            assert pdf in full

        runs = _rows(db, "SELECT id, new, revised FROM crawl_runs ORDER BY id")
        assert runs[1] == (2, 1, 1 + bool(pdf_only))
        row = _rows(db, "SELECT r.revised, r.revisions FROM crawl_urls u JOIN reports r ON r.id = u.report_id "
                        "WHERE u.url = ?", (revised["url"],))
        assert row == [(1, 2)]
        if pdf_only:  # a county replacing only the attached PDF has revised its report too
            row = _rows(db, "SELECT r.revised FROM crawl_urls u JOIN reports r ON r.id = u.report_id "
                            "WHERE u.url = ?", (pdf_only["url"],))
            assert row == [(1,)]
        assert len(_rows(db, "SELECT id FROM reports")) == len(after["reports"])


# ---- the pieces, without a crawl ---------------------------------------------------------------------


def test_canonical_urls_fold_twins() -> None:
    from crawler.urls import canonical_url

    base = "http://www.cqck.gov.cn/zwgk/zfxxgknb/202102/t20210203_8862455.html"
    assert canonical_url("HTTP://WWW.CQCK.gov.cn:80/zwgk/zfxxgknb/202102/t20210203_8862455_wap.html#top") == base
    assert canonical_url(base + "?isMobile=false") == base
    assert canonical_url("http://wenchang.hainan.gov.cn/wenchang/nb2017/201803/a.shtml?ddtab=true") == \
        "http://wenchang.hainan.gov.cn/wenchang/nb2017/201803/a.shtml"
    assert canonical_url("http://x.gov.cn/module/xxgk/xxgkAnnualReport.jsp?fbtime=2022&area=1") == \
        "http://x.gov.cn/module/xxgk/xxgkAnnualReport.jsp?fbtime=2022&area=1"


def test_host_policy_allows_registry_hosts_and_gov_cn_siblings_only() -> None:
    from crawler.urls import HostPolicy, href_target

    policy = HostPolicy({"www.tongyu.gov.cn", "127.0.0.1:8001"})
    assert policy.allows("http://xxgk.tongyu.gov.cn/zsts/tyxrmzfndbg/")
    assert policy.allows("http://127.0.0.1:8001/a")
    assert not policy.allows("http://127.0.0.1:8002/a")
    assert not policy.allows("http://10.0.0.1/a")
    assert not policy.allows("http://www.jilin.gov.cn/")  # another government, not a sibling
    assert not policy.allows("http://ptshed.com/zfxxgk/zfxxgknb/")  # a clone domain
    assert href_target("http://a.gov.cn/x/", "javascript:if(confirm('离开?'))window.location='/gknb/'") == \
        "http://a.gov.cn/gknb/"
    assert href_target("http://a.gov.cn/x/", "#") is None
    from crawler.resolver import is_public

    assert is_public("202.96.128.86") and not is_public("10.1.2.3") and not is_public("127.0.0.1")
    assert href_target("http://a.gov.cn/x/", "javascript:void(0)") is None


def test_titles_and_anchor_scores() -> None:
    from crawler.discovery import is_report_title, is_subcolumn, score_anchor, title_year

    assert is_report_title("建宁县2022年政府信息公开工作年度报告")
    assert is_report_title("2022年湖口县卫生健康委员会信息公开年报")
    assert is_report_title("通化县2025年度政府信息公开工作报告")
    assert not is_report_title("《兴义市2022年政府信息公开工作年度报告》解读")
    assert not is_report_title("兴义市2023年政府信息公开工作年度报告【图解】")
    assert not is_report_title("关于报送2022年度政府信息公开工作年度报告的通知")
    assert title_year("2022年湖口县卫生健康委员会信息公开年报") == 2022
    assert score_anchor("政府信息公开年报", "http://a.gov.cn/zfxxgk/zfxxgknb/").column >= 55
    assert score_anchor("政务公开", "http://a.gov.cn/zwgk/").section >= 30
    assert score_anchor("政策解读", "http://a.gov.cn/zcjd/").column == 0
    assert is_subcolumn("2022年") and is_subcolumn("县（市、区）") and not is_subcolumn("新闻中心")


def test_anti_bot_answers_are_recognised() -> None:
    from scrapy.http import HtmlResponse

    from crawler.middlewares import challenge_kind

    jsl = HtmlResponse("http://a.gov.cn/", status=521, body=b"<script>document.cookie=('_')+('_jsl_clearance_s=1');"
                       b"location.href=location.pathname+location.search</script>")
    ruishu = HtmlResponse("http://a.gov.cn/", status=412, body=b"<script>$_ts=window['$_ts'];</script>")
    page = HtmlResponse("http://a.gov.cn/", status=200, body="<p>政府信息公开年报</p>".encode() * 50)
    assert challenge_kind(jsl) == "jsl-521"
    assert challenge_kind(ruishu) == "ruishu-412"
    assert challenge_kind(page) is None


def test_platform_adapters_find_entries_and_pages() -> None:
    from scrapy.http import HtmlResponse

    from crawler.platforms import adapter_for

    trs = HtmlResponse("http://a.gov.cn/zfxxgknb/", encoding="utf-8", body=(
        '<ul><li><a href="./202302/t20230218_1.html">某县2022年政府信息公开工作年度报告</a><span>2023-02-18</span></li>'
        '</ul><script>createPageHTML(3, 0, "index", "shtml");</script>').encode())
    adapter = adapter_for(trs, None)
    assert adapter.name == "TRS"
    assert [p.url for p in adapter.next_pages(trs)] == ["http://a.gov.cn/zfxxgknb/index_1.shtml",
                                                       "http://a.gov.cn/zfxxgknb/index_2.shtml"]
    assert adapter.entries(trs)[0].date == "2023-02-18"
    hanweb = HtmlResponse("http://a.gov.cn/col/col1/index.html", encoding="utf-8", body=(
        '<div id="9"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?'
        'page=1&webid=7&columnid=1&unitid=9"></a>]]></nextgroup><recordset><record><![CDATA[<li><a href="/art/2023/1/2/'
        'art_1_5.html">某县2022年政府信息公开工作年度报告</a></li>]]></record></recordset></datastore></script></div>'
        '<script>$("#9").jpage({perPage: 1, totalRecord: 3, ajaxParam: {columnid: 1}});</script>').encode())
    adapter = adapter_for(hanweb, None)
    assert adapter.name == "Hanweb"
    assert [e.url for e in adapter.entries(hanweb)][:1] == ["http://a.gov.cn/art/2023/1/2/art_1_5.html"]
    pages = adapter.next_pages(hanweb)
    assert pages and pages[0].method == "POST" and "startrecord=2&endrecord=3" in pages[0].url
    vsb = HtmlResponse("http://a.gov.cn/zwgk/nb.htm", encoding="utf-8", body=(
        '<span class="p_pages"><span class="p_next p_fun"><a href="nb/3.htm">下页</a></span>'
        '<span class="p_last p_fun"><a href="nb/1.htm">尾页</a></span></span><span class="p_t">1/4</span>').encode())
    urls = {p.url for p in adapter_for(vsb, None).next_pages(vsb)}
    assert urls == {f"http://a.gov.cn/zwgk/nb/{n}.htm" for n in (1, 2, 3)}


def test_a_broken_page_counter_cannot_flood_a_column() -> None:
    from scrapy.http import HtmlResponse

    from crawler.platforms import adapter_for
    from crawler.platforms.base import MAX_PAGES
    from crawler.settings import GOVREPORTS_MAX_LIST_PAGES

    trs = HtmlResponse("http://a.gov.cn/zfxxgknb/", encoding="utf-8",
                       body=b'<script>createPageHTML(99999999, 0, "index", "html");</script>')
    pages = adapter_for(trs, None).next_pages(trs)
    assert len(pages) == MAX_PAGES - 1  # index_1 … index_999: the adapter's guard
    assert GOVREPORTS_MAX_LIST_PAGES < MAX_PAGES  # the spider then follows at most this many per column


def test_registry_is_built_from_the_csv_and_lists_every_county() -> None:
    from crawler.cli import portal_lines
    from crawler.portals import load_province
    from extract.places import counties_of

    portals = load_province("陕西")
    assert {p.adcode for p in portals if p.adcode and not p.also_covers} >= {c.adcode for c in counties_of("陕西")}
    fugu = next(p for p in portals if p.id == "sn-fg")
    assert (fugu.platform, fugu.status, fugu.county) == ("VSB", "seeded", "府谷县")
    baoji = next(p for p in portals if p.id == "sn-baoji")
    assert baoji.also_covers == ("610324",) and baoji.report_columns
    lines = portal_lines("陕西") or []
    assert any("府谷县" in line and "VSB" in line for line in lines)
    assert lines[-2].startswith("counties: 107")
