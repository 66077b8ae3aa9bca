"""The replica web behaves like the real platforms (portal-platforms.md) and keeps its ground truth.

Everything is fetched with urllib over loopback, as a crawler would; no test reaches the internet.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from replica.server import ReplicaWeb, free, serve

ROOT = Path(__file__).resolve().parents[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


_plain = urllib.request.build_opener(NoRedirect)


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
          follow: bool = True) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    opener = urllib.request.build_opener() if follow else _plain
    try:
        with opener.open(req, timeout=5) as resp:
            return resp.status, dict(resp.headers.items()), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers.items()), exc.read()


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"#][^"]*)"', html)


@pytest.fixture(scope="module")
def web() -> Iterator[ReplicaWeb]:
    w = serve()
    yield w
    w.stop()


@pytest.fixture(scope="module")
def manifest(web: ReplicaWeb) -> dict:
    return web.manifest()


def reports_of(manifest: dict, site: str) -> list[dict]:
    return [r for r in manifest["reports"] if r["site"] == site]


# --------------------------------------------------------------------------------------------
# Registry and manifest
# --------------------------------------------------------------------------------------------


def test_registry_lists_loopback_portals(web: ReplicaWeb) -> None:
    doc = yaml.safe_load(web.registry_path.read_text(encoding="utf-8"))
    portals = {p["id"]: p for p in doc["portals"]}
    assert len(portals) >= 8 and "outside" not in portals
    assert {p["platform"] for p in portals.values()} >= {"TRS", "Hanweb", "VSB", "Anhui", "gkmlpt"}
    for p in portals.values():
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", p["home"])
        assert urlsplit(p["home"]).netloc in p["hosts"]
        assert p["status"] == "seeded"
    assert len(portals["gz-xingyi"]["hosts"]) == 2  # www + sibling xxgk host
    assert portals["gz-qxn"]["also_covers"] == ["522301", "522302"] and "adcode" not in portals["gz-qxn"]
    with_columns = yaml.safe_load(web.registry(columns=True))["portals"]
    assert all(p["report_columns"] for p in with_columns if p["id"] not in ("ah-zongyang", "hb-xiangzhou"))


def test_every_published_document_is_served(web: ReplicaWeb, manifest: dict) -> None:
    assert len(manifest["reports"]) >= 40
    assert {r["organ_kind"] for r in manifest["reports"]} == {"government", "government_office", "department",
                                                               "township"}
    assert {d["format"] for r in manifest["reports"] for d in r["documents"]} == {"html", "pdf", "docx"}
    assert {r["template"] for r in manifest["reports"]} == {"v2019", "v2021"}
    for r in manifest["reports"]:
        assert fetch(r["url"])[0] == 200, r["url"]
        for doc in r["documents"]:
            status, headers, body = fetch(doc["url"])
            assert status == 200, doc["url"]
            if doc["format"] == "pdf":
                assert body.startswith(b"%PDF") and "pdf" in headers["Content-Type"]
            elif doc["format"] == "docx":
                assert body.startswith(b"PK")
        assert r["tables"]["requests"]["new_received"][6] == r["narrative_requests"]


def test_ground_truth_tables_add_up(manifest: dict) -> None:
    for r in manifest["reports"]:
        req = r["tables"]["requests"]
        for c in range(7):
            received = req["new_received"][c] + req["carried_over"][c]
            assert received == req["total_handled"][c] + req["carried_forward"][c]
        for row in req.values():
            assert sum(row[:6]) == row[6]
        for group in r["tables"]["review_litigation"].values():
            assert sum(group[:4]) == group[4]


def test_decoys_and_errors_answer_as_declared(manifest: dict) -> None:
    kinds = {d["kind"] for d in manifest["decoys"]}
    assert {"jiedu", "tujie", "news"} <= kinds
    report_urls = {r["url"] for r in manifest["reports"]}
    for d in manifest["decoys"]:
        assert d["url"] not in report_urls
        status, _, _ = fetch(d["url"])
        assert status == 200, d["url"]
    assert {e["status"] for e in manifest["errors"]} >= {404, 500, 301}
    for e in manifest["errors"]:
        status, _, _ = fetch(e["url"], follow=False)
        assert status == e["status"], e


def test_city_portal_repeats_a_county_report(manifest: dict) -> None:
    county = next(r for r in manifest["reports"] if r["id"] == "gz-xingyi/2022/szf")
    assert county["also_at"] and county["also_at"][0]["site"] == "gz-qxn"
    title = re.compile(r"<title>(.*?)</title>")
    _, _, a = fetch(county["url"])
    _, _, b = fetch(county["also_at"][0]["url"])
    assert title.search(a.decode()).group(1) == title.search(b.decode()).group(1)
    assert urlsplit(county["url"]).netloc != urlsplit(county["also_at"][0]["url"]).netloc


# --------------------------------------------------------------------------------------------
# Platforms
# --------------------------------------------------------------------------------------------


def test_trs_lists_paginate_with_create_page_html(web: ReplicaWeb, manifest: dict) -> None:
    xy = web.portal("gz-xingyi")
    col = xy.url("/zfxxgk/zfxxgknb/2022n/bmnb/", "xxgk")
    _, _, first = fetch(col)
    count = int(re.search(r'createPageHTML\((\d+), 0, "index", "html"\)', first.decode()).group(1))
    assert count >= 2
    found = set(links(first.decode()))
    for n in range(1, count):
        status, _, page = fetch(urljoin(col, f"index_{n}.html"))
        assert status == 200 and f"createPageHTML({count}, {n}," in page.decode()
        found |= set(links(page.decode()))
    assert fetch(urljoin(col, f"index_{count}.html"))[0] == 404
    expected = {r["url"] for r in reports_of(manifest, "gz-xingyi") if "/2022n/bmnb/" in r["url"]}
    assert expected <= {urljoin(col, h) for h in found}


def test_trs_article_twins_and_appendix(web: ReplicaWeb, manifest: dict) -> None:
    r = next(x for x in manifest["reports"] if x["id"] == "gz-xingyi/2023/jyj")
    _, _, page = fetch(r["url"])
    html = page.decode()
    appendix = re.search(r'<div id="id_tblAppendix">.*?href="(\./P0\d{20}\.pdf)"', html, re.S).group(1)
    assert f"var fjhtml = '<a href=\"{appendix}\"" in html  # the same URL again inside a JS string
    assert urljoin(r["url"], appendix) == next(d["url"] for d in r["documents"] if d["format"] == "pdf")
    assert re.search(r"/2023n/bmnb/202401/t20240122_\d{8}\.html$", r["url"])
    wap, mobile = r["twins"]
    assert wap.endswith("_wap.html") and mobile.endswith("?isMobile=false")
    for twin in (wap, mobile):
        status, _, body = fetch(twin)
        assert status == 200 and "兴义市教育局2023年政府信息公开工作年度报告" in body.decode()


def test_hanweb_datastore_and_dataproxy(web: ReplicaWeb) -> None:
    yh = web.portal("zj-yunhe")
    _, _, page = fetch(yh.url("/col/col1229780139/index.html"))
    html = page.decode()
    outside_scripts = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    assert "/art/" not in outside_scripts  # the list exists only inside the CDATA records
    inline = re.findall(r'<record><!\[CDATA\[\s*<li><a href="(/art/[^"]+)"', html)
    total = int(re.search(r"totalRecord: (\d+)", html).group(1))
    assert 0 < len(inline) < total
    assert "<nextgroup><![CDATA[<a href=\"/module/web/jpage/dataproxy.jsp?page=1" in html
    form = (b"col=1&appid=1&webid=3391&path=/&columnid=1229780139&sourceContentType=1&unitid=7418121"
            b"&webname=x&permissiontype=0")
    _, headers, xml = fetch(yh.url(f"/module/web/jpage/dataproxy.jsp?startrecord={len(inline) + 1}"
                                   f"&endrecord={total}&perpage=3"), data=form)
    rest = re.findall(r'<record><!\[CDATA\[\s*<li><a href="(/art/[^"]+)"', xml.decode())
    assert f"<totalrecord>{total}</totalrecord>" in xml.decode() and "xml" in headers["Content-Type"]
    assert len(inline) + len(rest) == total and not set(inline) & set(rest)
    by_page = []
    for n in range(1, 5):
        _, _, xml = fetch(yh.url(f"/module/web/jpage/dataproxy.jsp?page={n}&appid=1&webid=3391&path=/"
                                 f"&columnid=1229780139&unitid=7418121&webname=x&permissiontype=0"))
        by_page += re.findall(r'<li><a href="(/art/[^"]+)"', xml.decode())
    assert by_page == inline + rest


def test_hanweb_downfile_redirects_and_old_column_chain(web: ReplicaWeb, manifest: dict) -> None:
    yh = web.portal("zj-yunhe")
    r = next(x for x in manifest["reports"] if x["id"] == "zj-yunhe/2022/xzfb")
    _, _, page = fetch(r["url"])
    href = re.search(r'href="(/module/download/downfile\.jsp\?classid=0&filename=[0-9a-f]{32}\.pdf)"',
                     page.decode()).group(1)
    status, headers, _ = fetch(yh.url(href), follow=False)
    assert status == 302 and re.fullmatch(r"/attach/0/[0-9a-f]{32}\.pdf", headers["Location"])
    assert "点击查看解读" in page.decode()
    status, headers, _ = fetch(yh.url("/col/col1229100001/index.html"), follow=False)
    assert status == 301
    status, headers, _ = fetch(headers["Location"], follow=False)
    assert status == 302 and headers["Location"] == "/col/col1229780139/index.html"
    twin = r["twins"][0]
    assert "xxgkAnnualReport.jsp?fbtime=2022&area=" in twin and r["title"] in fetch(twin)[2].decode()


def test_vsb_pages_count_down(web: ReplicaWeb) -> None:
    fg = web.portal("sn-fugu")
    url = fg.url("/zwgk/zfxxgknb.htm")
    _, _, first = fetch(url)
    html = first.decode()
    count = int(re.search(r'<span class="p_t">共\d+条&nbsp;&nbsp;1/(\d+)</span>', html).group(1))
    last = re.search(r'<span class="p_last p_fun"><a href="([^"]+)">尾页</a>', html).group(1)
    assert count >= 3 and last == "zfxxgknb/1.htm"
    seen = [url]
    while True:
        m = re.search(r'<span class="p_next p_fun"><a href="([^"]+)">下页</a>', html)
        if not m:
            break
        url = urljoin(url, m.group(1))
        seen.append(url)
        status, _, body = fetch(url)
        assert status == 200
        html = body.decode()
    assert [urlsplit(u).path for u in seen[1:]] == [f"/zwgk/zfxxgknb/{n}.htm" for n in range(count - 1, 0, -1)]
    _, _, menu = fetch(fg.url("/zwgk.htm"))
    assert '<a href="#" class="zwgk-alink">政府信息公开年报</a>' in menu.decode()
    assert 'window.location.href = "zwgk/zfxxgknb.htm"' in menu.decode()
    assert re.search(r"/info/1648/47211\.htm$", next(r["url"] for r in web.manifest()["reports"]
                                                      if r["id"] == "sn-fugu/2022/xzfb"))


def test_anhui_lists_with_title_attributes(web: ReplicaWeb, manifest: dict) -> None:
    gy = web.portal("ah-guoyang")
    titles: dict[str, str] = {}
    n = 1
    while True:
        status, headers, body = fetch(gy.url(f"/OpennessContent/showList/1/0/page_{n}.html"))
        if status != 200:
            break
        assert headers["Content-Type"] == "text/html" and "ETag" not in headers
        for href, title, text in re.findall(r'<a href="(/XxgkAnnualReport/show/\d+\.html)" title="([^"]+)"[^>]*>'
                                            r"([^<]+)</a>", body.decode()):
            titles[href] = title
            assert title.startswith(text.rstrip("…"))
        n += 1
    assert n > 2  # at least two pages
    expected = {urlsplit(r["url"]).path: r["title"] for r in reports_of(manifest, "ah-guoyang")
                if r["organ"].startswith("涡阳县人民政府")}
    assert expected.items() <= titles.items()


def test_gkmlpt_shell_and_json_api(web: ReplicaWeb, manifest: dict) -> None:
    hp = web.portal("gd-heping")
    _, _, shell = fetch(hp.url("/gkmlpt/index"))
    sid = re.search(r"SID: '(\d+)'", shell.decode()).group(1)
    assert sid == "200165" and "post_" not in shell.decode()
    _, _, zwgk = fetch(hp.url("/zwgk/index.html"))
    catid = re.search(r'href="/gkmlpt/index#(\d+)">政府信息公开年报', zwgk.decode()).group(1)
    urls = []
    page = 1
    while True:
        status, headers, body = fetch(hp.url(f"/gkmlpt/api/all/{catid}?page={page}&sid={sid}"))
        data = json.loads(body)
        assert status == 200 and "json" in headers["Content-Type"]
        if not data["articles"]:
            break
        for a in data["articles"]:
            assert set(a) >= {"id", "title", "url", "created_at"}
            assert re.search(rf"/gkmlpt/content/0/{a['id'] // 1000}/post_{a['id']}\.html$", a["url"])
        urls += [a["url"] for a in data["articles"]]
        page += 1
    assert page > 2 and len(urls) == data["total"] == data["classify"]["post_count"]
    county = {r["url"] for r in reports_of(manifest, "gd-heping") if "/hyhpjyj/" not in r["url"]}
    assert county <= set(urls)
    assert json.loads(fetch(hp.url(f"/gkmlpt/api/all/{catid}?page=1&sid=1"))[2])["total"] == 0
    dept = next(r for r in manifest["reports"] if r["id"] == "gd-heping/2022/jyj")
    assert dept["url"].endswith("/hyhpjyj/gkmlpt/content/0/344/post_344022.html")


def test_gbk_site_decodes_only_as_gb18030(web: ReplicaWeb, manifest: dict) -> None:
    r = next(x for x in manifest["reports"] if x["id"] == "qh-xinghai/2022/xzf")
    _, headers, body = fetch(r["url"])
    assert headers["Content-Type"] == "text/html"  # no charset in the header
    assert b"charset=gb2312" in body
    for codec in ("utf-8", "gb2312", "gbk"):
        with pytest.raises(UnicodeDecodeError):
            body.decode(codec)
    text = body.decode("gb18030")
    assert r["title"] in text and "王喆" in text
    status, headers, _ = fetch(web.portal("qh-xinghai").url("/html/nothing.html"))
    assert status == 404 and headers["Content-Type"].endswith("charset=iso-8859-1")


def test_anti_bot_answers(web: ReplicaWeb) -> None:
    zy = web.portal("ah-zongyang")
    status, headers, body = fetch(zy.home)
    assert status == 521 and "__jsluid_s=" in headers["Set-Cookie"]
    assert re.search(r"<script>document\.cookie=.*;location\.href=location\.pathname\+location\.search</script>",
                     body.decode())
    clearance = "__jsl_clearance_s=1700000000.123|0|abc"
    status, _, body = fetch(zy.home, headers={"Cookie": clearance})
    assert status == 521 and '"ha":"sha256"' in body.decode()  # the second stage: still blocked
    status, _, body = fetch(web.portal("hb-xiangzhou").url("/zwgk/zfxxgknb/"))
    assert status == 412 and "$_ts=window['$_ts']" in body.decode()
    assert {b["site"]: b["status"] for b in web.manifest()["blocked"]} == {"ah-zongyang": 521, "hb-xiangzhou": 412}


def test_robots_and_traps(web: ReplicaWeb, manifest: dict) -> None:
    for trap in manifest["traps"]:
        parts = urlsplit(trap["url"])
        robots = urllib.robotparser.RobotFileParser()
        robots.parse(fetch(f"{parts.scheme}://{parts.netloc}/robots.txt")[2].decode().splitlines())
        assert robots.can_fetch("govreports", trap["url"]) is not trap["robots_disallowed"], trap
    assert any(t["robots_disallowed"] for t in manifest["traps"])
    assert any(not t["robots_disallowed"] for t in manifest["traps"])
    _, _, robots = fetch(web.portal("gz-xingyi").url("/robots.txt"))
    assert "Disallow: /search/" in robots.decode()


@pytest.mark.parametrize("site, start, pattern, codec", [
    ("qh-xinghai", "/calendar/2023/01/", r"href='(/calendar/\d+/\d+/)'>下一月", "gb18030"),
    ("sn-fugu", "/hdjl/ldhd.jsp?date=2023-01-01", r"href='(ldhd\.jsp\?date=[\d-]+)'>后一天", "utf-8"),
])
def test_traps_are_infinite(web: ReplicaWeb, site: str, start: str, pattern: str, codec: str) -> None:
    url = web.portal(site).url(start)
    seen = set()
    for _ in range(40):
        status, _, body = fetch(url)
        assert status == 200 and url not in seen
        seen.add(url)
        url = urljoin(url, re.search(pattern, body.decode(codec)).group(1))
    assert len(seen) == 40


# --------------------------------------------------------------------------------------------
# Server behaviour
# --------------------------------------------------------------------------------------------


def test_conditional_requests(web: ReplicaWeb, manifest: dict) -> None:
    url = next(r["url"] for r in manifest["reports"] if r["id"] == "gz-xingyi/2021/szf")
    _, headers, _ = fetch(url)
    assert "Last-Modified" in headers
    status, _, body = fetch(url, headers={"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""
    status, _, _ = fetch(url, headers={"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304


def test_request_log(web: ReplicaWeb) -> None:
    web.clear_log()
    xy = web.portal("gz-xingyi")
    fetch(xy.url("/"))
    fetch(xy.url("/no/such/page.html"))
    fetch(web.portal("outside").url("/zfxxgk/", "mirror"))
    log = web.log
    assert [(e.method, e.host, e.path, e.status) for e in log[:2]] == [
        ("GET", xy.host("www"), "/", 200),
        ("GET", xy.host("www"), "/no/such/page.html", 404),
    ]
    off = [e for e in log if e.host not in web.listed_hosts()]
    assert [e.site for e in off] == ["outside"]


def test_revise_and_add_change_only_what_changed() -> None:
    with serve() as w:
        before = {r["id"]: r for r in w.manifest()["reports"]}
        html_id, pdf_id = "zj-yunhe/2021/xzfb", "gz-xingyi/2022/czj"
        pages = {i: fetch(before[i]["url"]) for i in before}
        pdf_url = before[pdf_id]["documents"][0]["url"]
        pdf_before = fetch(pdf_url)[2]
        w.revise(html_id)
        w.revise(pdf_id)
        after = {r["id"]: r for r in w.manifest()["reports"]}
        assert after[html_id]["revision"] == 1 and after[html_id]["tables"] != before[html_id]["tables"]
        assert after[html_id]["url"] == before[html_id]["url"] and after[html_id]["title"] == before[html_id]["title"]
        assert fetch(pdf_url)[2] != pdf_before
        for rid, (_, headers, body) in pages.items():
            _, headers2, body2 = fetch(after[rid]["url"])
            changed = rid == html_id
            assert (body2 != body) is changed, rid
            assert (headers2.get("ETag") != headers.get("ETag")) is (changed and "ETag" in headers), rid
        new_id = w.add({"portal": "zj-yunhe", "organ": "云和县统计局", "year": 2023})
        new = next(r for r in w.manifest()["reports"] if r["id"] == new_id)
        assert fetch(new["url"])[0] == 200 and new["organ"] == "云和县统计局"
        yh = w.portal("zj-yunhe")
        _, _, xml = fetch(yh.url("/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=100&columnid=1229780139"))
        assert urlsplit(new["url"]).path in xml.decode()
        assert "云和县统计局" in Path(w.manifest_path).read_text(encoding="utf-8")


def test_deterministic_across_starts(web: ReplicaWeb, manifest: dict) -> None:
    def normal(text: str) -> str:
        return re.sub(r"127\.0\.0\.1:\d+", "HOST", text)

    with serve() as other:
        assert normal(json.dumps(other.manifest(), sort_keys=True)) == normal(json.dumps(manifest, sort_keys=True))
        for rid in ("zj-yunhe/2023/xzfb", "qh-xinghai/2022/zktz", "gd-heping/2022/ymz"):
            a = next(r for r in manifest["reports"] if r["id"] == rid)
            b = next(r for r in other.manifest()["reports"] if r["id"] == rid)
            for da, db in zip(a["documents"], b["documents"], strict=True):
                assert fetch(da["url"])[2] == fetch(db["url"])[2], rid


def test_stop_frees_ports() -> None:
    w = serve()
    ports = w.ports()
    assert not free(ports)
    root = w.root
    w.stop()
    assert free(ports) and not root.exists()


def test_replica_is_small_on_disk() -> None:
    size = sum(p.stat().st_size for p in (ROOT / "replica").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    assert size < 5_000_000


def test_reports_reachable_from_home_pages(web: ReplicaWeb, manifest: dict) -> None:
    """From each registry home page, within the portal's hosts and robots.txt, a crawler that knows the
    platforms' conventions (createPageHTML, datastore/dataproxy, gkmlpt #catid + SID, links in JS)
    reaches every report page and document."""
    registry = yaml.safe_load(web.registry())
    reached: set[str] = set()
    for portal in registry["portals"]:
        hosts, queue, seen, robots = set(portal["hosts"]), [portal["home"]], {portal["home"]}, {}
        while queue and len(seen) < 300:
            url = queue.pop(0)
            host = urlsplit(url).netloc
            if host not in robots:
                robots[host] = urllib.robotparser.RobotFileParser()
                status, _, body = fetch(f"http://{host}/robots.txt")
                robots[host].parse(body.decode("utf-8", "replace").splitlines() if status == 200 else [])
            if not robots[host].can_fetch("govreports", url) or "ldhd.jsp" in url:  # bounded trap: skip
                continue
            status, headers, body = fetch(url, follow=False)
            reached.add(url)
            kind = headers.get("Content-Type", "")
            if status in (301, 302):
                body, kind = f'<a href="{headers["Location"]}">'.encode(), "text/html"
            elif status != 200 or not any(k in kind for k in ("html", "xml", "json")):
                continue
            text = body.decode("gb18030" if b"charset=gb2312" in body[:600] else "utf-8", "replace")
            found = re.findall(r'href=["\']([^"\']+)["\']', text)
            found += re.findall(r"window\.location(?:\.href)?\s*=\s*['\"]([^'\"]+)['\"]", text)
            pager = re.search(r'createPageHTML\((\d+), \d+, "(\w+)", "(\w+)"\)', text)
            if pager:
                found += [f"{pager.group(2)}_{i}.{pager.group(3)}" for i in range(1, int(pager.group(1)))]
            if "totalRecord" in text:
                column = re.search(r"columnid: (\d+)", text).group(1)
                found.append(f"/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=999&columnid={column}")
            if "json" in kind:
                data = json.loads(text)
                found += [a["url"] for a in data["articles"]]
                if data["articles"]:
                    page = int(re.search(r"page=(\d+)", url).group(1))
                    found.append(re.sub(r"page=\d+", f"page={page + 1}", url))
            for href in found:
                if href.startswith("javascript:") or href == "#":
                    continue
                target, _, fragment = urljoin(url, href).partition("#")
                if fragment.isdigit() and target.endswith("/gkmlpt/index"):
                    sid = re.search(r"SID: '(\d+)'", fetch(target)[2].decode()).group(1)
                    target = f"{target[:-5]}api/all/{fragment}?page=1&sid={sid}"
                if urlsplit(target).netloc in hosts and target not in seen:
                    seen.add(target)
                    queue.append(target)
    wanted = {u for r in manifest["reports"] for u in [r["url"], *(d["url"] for d in r["documents"])]}
    assert wanted - reached == set()
    assert not any(urlsplit(u).netloc not in web.listed_hosts() for u in reached)
