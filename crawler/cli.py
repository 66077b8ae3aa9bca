"""The crawler's ``govreports`` subcommands: ``crawl``, ``portals`` and the ``demo`` main job.

A crawl runs Scrapy in a child process (``python -m scrapy crawl reports`` from the repository root):
Twisted's reactor cannot be restarted in one process, the demo's replica web keeps serving from this
process meanwhile, and a crawl that is killed leaves this process able to report what happened.
The child's log goes to ``{crawl dir}/crawl.log``; its stderr carries only the live status table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


# ---- crawl ------------------------------------------------------------------------------------------
def crawl_command(*, db: str | Path, crawl_dir: str | Path, registry: list[str] | None = None,
                  province: str | None = None, years: str | None = None, portals: list[str] | None = None,
                  delay: float | None = None, progress: bool = True, extra: list[str] | None = None) -> list[str]:
    """The child command line for one crawl (also used by the tests); creates the crawl directory."""
    crawl_dir = Path(crawl_dir).resolve()
    crawl_dir.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "scrapy", "crawl", "reports"]
    if registry:
        cmd += ["-a", "registry=" + ",".join(str(Path(r).resolve()) for r in registry)]
    if province:
        cmd += ["-a", f"province={province}"]
    if years:
        cmd += ["-a", f"years={years}"]
    if portals:
        cmd += ["-a", "portals=" + ",".join(portals)]
    settings = {"GOVREPORTS_DB": str(Path(db).resolve()), "GOVREPORTS_CRAWL_DIR": str(crawl_dir),
                "JOBDIR": str(crawl_dir / "job"), "LOG_FILE": str(crawl_dir / "crawl.log"),
                "GOVREPORTS_PROGRESS": str(progress)}
    if delay is not None:  # the replica web / tests only: see crawler/settings.py
        settings.update(DOWNLOAD_DELAY=str(delay), AUTOTHROTTLE_ENABLED=str(delay >= 1.0),
                        DOWNLOAD_DELAY_JITTER="0" if delay == 0 else "0.5")
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    return cmd + list(extra or [])


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env["SCRAPY_SETTINGS_MODULE"] = "crawler.settings"
    return env


def run_crawl(cmd: list[str]) -> int:
    """Run the child; Ctrl-C stops it cleanly (it stays resumable: run the same command again)."""
    Path(_setting(cmd, "LOG_FILE")).unlink(missing_ok=True)
    proc = subprocess.Popen(cmd, cwd=REPO, env=child_env())
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        return proc.wait()


def _setting(cmd: list[str], key: str) -> str:
    for i, part in enumerate(cmd):
        if part.startswith(f"{key}=") and cmd[i - 1] == "-s":
            return part.split("=", 1)[1]
    raise KeyError(key)


def summary(db: str | Path, run_id: int | None = None) -> list[str]:
    """A crawl run's figures from the status tables: reports per portal, blocked portals, errors."""
    from archive.connection import connect

    conn = connect(db)
    try:
        row = conn.execute("SELECT id, status, pages, reports_found, new, revised, unchanged, blocked, errors, "
                           "started_at, finished_at FROM crawl_runs WHERE id = COALESCE(?, (SELECT MAX(id) FROM "
                           "crawl_runs))", (run_id,)).fetchone()
        if row is None:
            return ["no crawl run recorded"]
        rid = row[0]
        lines = [f"run {rid} ({row[1]}): {row[2]} pages, {row[3]} reports found, {row[4]} new, {row[5]} revised, "
                 f"{row[6]} unchanged, {row[7]} blocked portals, {row[8]} errors",
                 f"{'portal':22} {'state':9} {'pages':>5} {'found':>5} {'new':>4} {'rev':>4} {'same':>4} "
                 f"{'dup':>4} {'err':>4}  stored reports"]
        stored = dict(conn.execute("SELECT portal, COUNT(DISTINCT report_id) FROM crawl_urls WHERE outcome = 'stored' "
                                   "AND role = 'page' GROUP BY portal").fetchall())
        for p in conn.execute("SELECT portal, state, pages, reports_found, new, revised, unchanged, duplicates, "
                              "errors, blocked_reason, last_error FROM portal_status WHERE run_id = ? ORDER BY portal",
                              (rid,)):
            lines.append(f"{p[0][:22]:22} {p[1]:9} {p[2]:>5} {p[3]:>5} {p[4]:>4} {p[5]:>4} {p[6]:>4} {p[7]:>4} "
                         f"{p[8]:>4}  {stored.get(p[0], 0)}")
            if p[9]:
                lines.append(f"{'':22} blocked: {p[9]}")
            if p[10]:
                lines.append(f"{'':22} last error: {p[10]}")
        total = conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
        lines.append(f"archive: {total} reports")
        return lines
    finally:
        conn.close()


def _crawl(args: argparse.Namespace) -> int:
    if not args.province and not args.registry:
        print("govreports crawl: give --province NAME or --registry FILE", file=sys.stderr)
        return 2
    if args.province:
        from crawler.portals import load_province

        if not load_province(args.province):
            print(f"govreports crawl: no registry file for province {args.province!r}", file=sys.stderr)
            return 2
    crawl_dir = args.crawl_dir or f"{args.db}-crawl"
    cmd = crawl_command(db=args.db, crawl_dir=crawl_dir, registry=args.registry, province=args.province,
                        years=args.years, portals=args.portal, delay=args.delay, progress=not args.quiet)
    started = time.monotonic()
    code = run_crawl(cmd)
    print(f"\ncrawl finished in {time.monotonic() - started:.1f} s (exit {code}); log: {crawl_dir}/crawl.log")
    if Path(args.db).is_file():
        print("\n".join(summary(args.db)))
    return code


# ---- portals ----------------------------------------------------------------------------------------
def portal_lines(province: str) -> list[str] | None:
    """The registry's coverage of one province: every county with its portal, platform and columns."""
    from crawler.portals import load_province

    portals = load_province(province)
    if not portals:
        return None
    county_portals = [p for p in portals if p.adcode and not p.also_covers]
    city_portals = [p for p in portals if not p.adcode or p.also_covers]
    covered_by_city = {a for p in city_portals for a in p.also_covers}
    lines = [f"{portals[0].province}: {len(county_portals)} county-level units in the registry",
             f"{'adcode':6}  {_pad('county', 16)} {'status':8} {'platform':10} {'portal':32} known report columns"]
    for p in sorted(county_portals, key=lambda p: p.adcode or ""):
        extra = " (reports also on a city portal)" if p.adcode in covered_by_city else ""
        cols = ", ".join(p.report_columns[:2]) + (f" (+{len(p.report_columns) - 2})" if len(p.report_columns) > 2
                                                   else "")
        lines.append(f"{p.adcode:6}  {_pad(p.county or '', 16)} {p.status:8} {(p.platform or '-'):10} "
                     f"{(p.home or '-'):32} {cols or '-'}{extra}")
    for p in city_portals:
        lines.append(f"{'city':6}  {_pad(p.city or '', 16)} {p.status:8} {(p.platform or '-'):10} "
                     f"{(p.home or '-'):32} covers {', '.join(p.also_covers) or '-'}; "
                     f"{', '.join(p.report_columns[:2]) or '-'}")
    status = Counter(p.status for p in county_portals)
    platforms = Counter(p.platform for p in portals if p.home)
    with_cols = sum(1 for p in portals if p.report_columns)
    known = status.get("seeded", 0) + status.get("discovered", 0)
    via_city = covered_by_city & {p.adcode for p in county_portals if p.status == "unknown"}
    lines.append(f"counties: {len(county_portals)}; with a known portal: {known}; unknown: {status.get('unknown', 0)}"
                 f"; of these covered through a city portal: {len(via_city)}")
    lines.append(f"portals: {sum(1 for p in portals if p.home)} ({len(city_portals)} city); with known report columns: "
                 f"{with_cols}; platforms: " + ", ".join(f"{k} {v}" for k, v in platforms.most_common()))
    return lines


def _pad(text: str, width: int) -> str:
    """Pad to a terminal width: CJK characters take two columns."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - shown)


def _portals(args: argparse.Namespace) -> int:
    lines = portal_lines(args.province)
    if lines is None:
        print(f"govreports portals: no registry file for province {args.province!r} "
              f"(crawler/registry/*.yml)", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


# ---- demo -------------------------------------------------------------------------------------------
def _is_demo_db(db: Path, replica_root: Path) -> bool:
    """Only an archive made by an earlier demo (every run crawled the demo's replica) may be replaced."""
    from archive.connection import connect

    conn = connect(db)
    try:
        rows = conn.execute("SELECT registry FROM crawl_runs").fetchall()
    except Exception:
        return False
    finally:
        conn.close()
    return bool(rows) and all((r[0] or "").startswith(str(replica_root)) for r in rows)


def demo(args: argparse.Namespace) -> int:
    """Start the replica web, crawl it into ./archive.db with live progress, summarise, serve with Datasette."""
    from replica.server import serve

    db = Path(args.db)
    crawl_dir = Path(f"{db}-crawl").resolve()  # archive.db-crawl/: WARC files, log, the replica's registry
    if db.exists():
        if not _is_demo_db(db, crawl_dir / "replica"):
            print(f"govreports demo: {db} exists and was not made by the demo; pass --db OTHER.db", file=sys.stderr)
            return 2
        db.unlink()
        for suffix in ("-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(crawl_dir, ignore_errors=True)
    started = time.monotonic()
    web = serve(crawl_dir / "replica")
    try:
        print(f"replica web: {len(web.portals)} sites on 127.0.0.1 ports {web.ports()[0]}–{web.ports()[-1]}; "
              f"registry {web.registry_path}")
        cmd = crawl_command(db=db, crawl_dir=crawl_dir, registry=[str(web.registry_path)], delay=0.0,
                            progress=True)
        code = run_crawl(cmd)
        elapsed = time.monotonic() - started
        manifest = web.manifest()
        pages = len(web.log)
    finally:
        web.stop()
    print(f"\ndemo crawl: {elapsed:.1f} s, {pages} requests answered by the replica web (exit {code})")
    lines = summary(db)
    print("\n".join(lines))
    print(_manifest_score(db, manifest))
    print(f"WARC files: {crawl_dir / 'warc'}; crawl log: {crawl_dir / 'crawl.log'}")
    if code != 0:
        return code
    return _serve_demo(db, args)


def _manifest_score(db: Path, manifest: dict[str, Any]) -> str:
    from archive.connection import connect

    conn = connect(db)
    try:
        stored = dict(conn.execute("SELECT u.url, r.organ || '|' || r.year FROM crawl_urls u "
                                   "JOIN reports r ON r.id = u.report_id WHERE u.role = 'page'").fetchall())
        n_blocked = conn.execute("SELECT COUNT(*) FROM portal_status WHERE state = 'blocked' AND run_id = "
                                 "(SELECT MAX(id) FROM crawl_runs)").fetchone()[0]
    finally:
        conn.close()
    def same(pub: dict[str, Any]) -> bool:  # the extractor may shorten an organ: 黔西南州 for 黔西南州人民政府
        organ, _, year = (stored.get(pub["url"]) or "|").partition("|")
        a, b = organ.replace("人民政府", ""), pub["organ"].replace("人民政府", "")
        return year == str(pub["year"]) and bool(a) and (a in b or b in a)

    found = sum(1 for r in manifest["reports"] if same(r))
    return (f"replica manifest: {found} of {len(manifest['reports'])} published reports stored with their organ "
            f"and year; {n_blocked} of {len(manifest['blocked'])} anti-bot portals recorded as blocked")


def _serve_demo(db: Path, args: argparse.Namespace) -> int:
    try:
        from archive.publish import serve as publish
    except ImportError:
        print(f"to browse it: govreports serve --db {db}")
        return 0
    if args.no_serve:
        print(f"to browse it: govreports serve --db {db}")
        return 0
    return publish(db, host="127.0.0.1", port=args.port)


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``crawl`` and ``portals`` on the ``govreports`` command."""
    c = sub.add_parser("crawl", help="crawl county portals into the archive (polite; resumable)",
                       description="Crawl the portals of a province's registry file (crawler/registry/) or of "
                                   "your own registry files. Interrupted crawls resume when run again with the "
                                   "same --db and --crawl-dir; a rerun fetches only new or changed reports.")
    c.add_argument("--province", metavar="NAME", help="a province (福建, 福建省 or fj)")
    c.add_argument("--registry", action="append", metavar="FILE", help="a registry file (repeatable)")
    c.add_argument("--years", metavar="Y1-Y2", help="only reports of these years, e.g. 2019-2025")
    c.add_argument("--portal", action="append", metavar="ID", help="only this portal id (repeatable)")
    c.add_argument("--db", default="archive.db", metavar="FILE", help="the archive (default: ./archive.db)")
    c.add_argument("--crawl-dir", metavar="DIR", help="WARC files, job state, log (default: FILE-crawl/ next to --db)")
    c.add_argument("--delay", type=float, metavar="SECONDS",
                   help="download delay; default 1.5 s with AutoThrottle. Lower it only for a local replica "
                        "(e.g. --delay 0), never for the live web")
    c.add_argument("--quiet", action="store_true", help="no live status table on stderr")
    c.set_defaults(func=_crawl)
    p = sub.add_parser("portals", help="registry coverage of a province: counties, portals, platforms, columns")
    p.add_argument("--province", required=True, metavar="NAME")
    p.set_defaults(func=_portals)


def add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default="archive.db", metavar="FILE", help="the archive to build (./archive.db)")
    parser.add_argument("--no-serve", action="store_true", help="crawl and summarise, do not start Datasette")
    parser.add_argument("--port", type=int, default=8001, metavar="N", help="Datasette port (default: 8001)")
