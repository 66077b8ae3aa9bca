"""The `govreports` command."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from extract import parse_path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = (REPO / "tests/fixtures/seeds", REPO / "tests/fixtures/html")


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


def _demo(args: argparse.Namespace) -> int:
    """Until the crawler exists: parse the bundled sample reports and print a summary."""
    files = sorted(p for d in SAMPLES if d.is_dir() for p in d.iterdir() if p.suffix in (".txt", ".html"))
    if not files:
        print("govreports: no bundled samples found (run from a checkout of the repository)", file=sys.stderr)
        return 2
    print(f"{'document':34} {'county':10} {'year':>4} {'template':8} {'cells ok/blank/missing/unparsed':>32}"
          f"  checks pass/fail/skip  errors")
    for path in files:
        r = parse_path(path)
        cells = Counter(c.status for c in r.cells)
        checks = Counter(c.status for c in r.checks)
        counts = "/".join(str(cells[s]) for s in ("ok", "blank", "missing", "unparsed"))
        verdict = "/".join(str(checks[s]) for s in ("pass", "fail", "skipped"))
        print(f"{path.name[:34]:34} {r.county or '-':10} {r.year or '-':>4} {r.template or '-':8} {counts:>32}"
              f"  {verdict:>21}  {len(r.errors)}")
    print("\nFull output for one document: govreports parse --pretty PATH")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="govreports", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="parse reports (web pages, text) into canonical tables, one JSON line each")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--pretty", action="store_true", help="indented JSON for people")
    p.set_defaults(func=_parse)
    d = sub.add_parser("demo", help="the main job on the bundled local data")
    d.set_defaults(func=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
