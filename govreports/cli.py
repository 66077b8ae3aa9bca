"""The `govreports` command."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extract import parse_path


def _parse(args: argparse.Namespace) -> int:
    status = 0
    for path in args.paths:
        try:
            report = parse_path(path)
        except OSError as exc:
            print(f"govreports: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
            status = 2
            continue
        indent = 2 if args.pretty else None
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=indent), flush=True)
    return status


def _crawler_cli() -> Any:
    """The crawler's commands (crawler/cli.py), imported on use: Scrapy is heavy for `parse`."""
    from crawler import cli

    return cli


def _demo(args: argparse.Namespace) -> int:
    """The main job: start the local replica web, crawl it into ./archive.db with live progress, print a
    summary (reports per portal, blocked portals, errors), then serve the archive with Datasette."""
    return _crawler_cli().demo(args)


def _archive_module() -> Any:
    """The archive package, imported on use (sqlite and Datasette are not needed to parse)."""
    import archive

    return archive


def _open_archive(db: str) -> Any:
    return _archive_module().Archive(db)


def _ingest(args: argparse.Namespace) -> int:
    status = 0
    with _open_archive(args.db) as archive:
        for r in archive.ingest(args.paths):
            if r.outcome == "unreadable":
                print(f"govreports: cannot read {r.path}: {r.error}", file=sys.stderr)
                status = 2
                continue
            stored = "new original" if r.new_content else "known original"
            report = f"report {r.report_id}" if r.report_id else "no report"
            place = " ".join(str(x) for x in (r.county, r.year) if x) or "-"
            print(f"{r.outcome:12} {report:10} {stored:14} {r.template or '-':7} cells ok {r.cells_ok:3} missing "
                  f"{r.cells_missing:3}  checks {r.check_status or '-':7}  {place:12} {r.path}", flush=True)
    return status


def _reextract(args: argparse.Namespace) -> int:
    with _open_archive(args.db) as archive:
        s = archive.reextract()
    print(f"{s.reports} reports, {s.originals} originals parsed: {s.unchanged} unchanged, {s.new_runs} new "
          f"extraction runs, {s.updated} reports updated, {s.rekeyed} re-keyed, {len(s.failures)} failures")
    for failure in s.failures:
        print(f"govreports: {failure}", file=sys.stderr)
    return 1 if s.failures else 0


def _export(args: argparse.Namespace) -> int:
    if not Path(args.db).is_file():
        print(f"govreports: no archive at {args.db}", file=sys.stderr)
        return 2
    with _open_archive(args.db) as archive:
        files = archive.export(args.format, args.out, bom=args.bom)
    for f in files:
        print(f)
    return 0


def _serve(args: argparse.Namespace) -> int:
    _archive_module()  # puts the checkout on the path when needed
    from archive.publish import serve

    return serve(args.db, host=args.host, port=args.port)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="govreports", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse reports (web pages, text) into canonical tables, one JSON line each")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--pretty", action="store_true", help="indented JSON for people")
    p.set_defaults(func=_parse)
    d = sub.add_parser("demo", help="the main job: crawl the local replica web into ./archive.db and serve it",
                       description=_demo.__doc__)
    _crawler_cli().add_demo_arguments(d)
    d.set_defaults(func=_demo)
    _crawler_cli().add_commands(sub)
    i = sub.add_parser(
        "ingest", help="archive your own report files (originals, tables, checks) in the database",
        description="One line per file: what happened to the report (new; unchanged; revised: the file changed; "
                    "kept: another original of the same organ and year stays current; replaced: this one reads "
                    "better; not-a-report: original archived, no report), the report id, whether the bytes were new, "
                    "template, cells ok/missing, check status (fail, warn, pass, skipped).")
    i.add_argument("paths", nargs="+", metavar="PATH", help="files, or directories of .html/.txt/.pdf/… files")
    i.add_argument("--db", default="archive.db", metavar="FILE", help="the archive (default: ./archive.db)")
    i.set_defaults(func=_ingest)
    r = sub.add_parser("reextract", help="re-read every archived original with the current extractor")
    r.add_argument("--db", default="archive.db", metavar="FILE", help="the archive (default: ./archive.db)")
    r.set_defaults(func=_reextract)
    e = sub.add_parser("export", help="write the tables as CSV or JSON with a datapackage.json")
    e.add_argument("--format", choices=("csv", "json"), required=True)
    e.add_argument("--out", required=True, metavar="DIR")
    e.add_argument("--bom", action="store_true", help="CSV with a UTF-8 byte order mark, for Excel")
    e.add_argument("--db", default="archive.db", metavar="FILE", help="the archive (default: ./archive.db)")
    e.set_defaults(func=_export)
    s = sub.add_parser("serve", help="publish the archive read-only with Datasette: tables, search, CSV, dashboards")
    s.add_argument("--db", default="archive.db", metavar="FILE", help="the archive (default: ./archive.db)")
    s.add_argument("--port", type=int, default=8001, metavar="N", help="TCP port (default: 8001)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    s.set_defaults(func=_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
