"""The HTML report-page fixtures (tests/fixtures/html) against the extractor.

Each manifest entry names a page, the expected tables (a seed's hand-made YAML, possibly with
rows overridden) and the expected metadata. The extractor contract:
``extract.parse_bytes(data, url=..., content_type="text/html").to_dict()`` with keys path, title,
year, template, organ, ..., published, cells [{table, row, column, value, raw, status}], checks,
errors; ``report.text`` is the cleaned body text.
"""

from __future__ import annotations

import copy
import importlib.util
import math
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from replica.render import TABLES, table_rows

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HTML = FIXTURES / "html"
MANIFEST = yaml.safe_load((HTML / "manifest.yml").read_text(encoding="utf-8"))
ENTRIES = MANIFEST["fixtures"]
REPORTS = [e for e in ENTRIES if e["report"]]
CHROME_WORDS = MANIFEST["chrome_words"]
MISSING = "missing"

# Rows the extractor may add although the template does not print them (spec: v2021 `other` is
# derived as the sum of the three other_* rows).
DERIVED = {("v2021", "requests", "other")}


def _ids(entries: list[dict[str, Any]]) -> list[str]:
    return [e["file"] for e in entries]


def _parse(entry: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    from extract import parse_bytes  # the extractor is written in parallel; fail here, not at import

    data = (HTML / entry["file"]).read_bytes()
    report = parse_bytes(data, url=entry["url"], content_type="text/html")
    return report, report.to_dict()


def expected_tables(entry: dict[str, Any]) -> dict[str, dict[str, Any]]:
    doc = yaml.safe_load((FIXTURES / entry["cells"]).read_text(encoding="utf-8"))
    tables = copy.deepcopy(doc["tables"])
    for table, rows in (entry.get("override") or {}).items():
        tables.setdefault(table, {}).update(rows)
    return tables


def expected_cells(entry: dict[str, Any]) -> dict[tuple[str, str, str], tuple[Any, str]]:
    """(table, row, column) -> (value, status) for every printed cell of the template."""
    tables = expected_tables(entry)
    out: dict[tuple[str, str, str], tuple[Any, str]] = {}
    for table in TABLES:
        rows = tables.get(table) or {}
        for row, columns in table_rows(table, entry["template"]):
            values = rows.get(row, MISSING)
            if values == MISSING:
                for column in columns:
                    out[(table, row, column)] = (None, "missing")
                continue
            assert len(values) == len(columns), f"{entry['cells']}: {table}.{row} has {len(values)} values"
            for column, value in zip(columns, values, strict=True):
                out[(table, row, column)] = (None, "blank") if value is None else (value, "ok")
    return out


def _same_value(got: Any, want: Any) -> bool:
    if want is None:
        return got is None
    if isinstance(got, bool) or not isinstance(got, int | float):
        return False
    return math.isclose(float(got), float(want), rel_tol=0, abs_tol=1e-9)


def _squash(text: str | None) -> str:
    return re.sub(r"[\s\u00a0\u3000]+", "", text or "")


# --------------------------------------------------------------------------------------------
# Fixture sanity (no extractor needed)
# --------------------------------------------------------------------------------------------


def _load_generator() -> Any:
    spec = importlib.util.spec_from_file_location("html_fixture_generator", HTML / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fixtures_are_generated_and_current() -> None:
    built = _load_generator().build()
    assert sorted(built) == sorted([*_ids(ENTRIES), "manifest.yml"])
    stale = [name for name, data in built.items() if (HTML / name).read_bytes() != data]
    assert not stale, f"run tests/fixtures/html/generate.py: stale {stale}"


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids(ENTRIES))
def test_fixture_size_and_encoding(entry: dict[str, Any]) -> None:
    data = (HTML / entry["file"]).read_bytes()
    assert len(data) < 60_000
    text = data.decode(entry["encoding"])
    if entry["encoding"] != "utf-8":
        assert "charset=gb2312" in text
        with pytest.raises(UnicodeDecodeError):
            data.decode("gb2312")  # characters outside GB2312 (喆, 玥, 镕) are on the page
    assert entry["title"] in text
    for snippet in entry["text_contains"]:
        assert snippet in text


# --------------------------------------------------------------------------------------------
# Extractor against the fixtures
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("entry", REPORTS, ids=_ids(REPORTS))
def test_report_metadata(entry: dict[str, Any]) -> None:
    _, d = _parse(entry)
    assert d["title"] == entry["title"]
    assert d["year"] == entry["year"]
    assert d["template"] == entry["template"]
    assert d["published"] is not None and str(d["published"])[:10] == entry["published"]


@pytest.mark.parametrize("entry", REPORTS, ids=_ids(REPORTS))
def test_report_cells(entry: dict[str, Any]) -> None:
    _, d = _parse(entry)
    want = expected_cells(entry)
    got: dict[tuple[str, str, str], dict[str, Any]] = {}
    problems: list[str] = []
    for cell in d["cells"]:
        key = (cell["table"], cell["row"], cell["column"])
        if key in got:
            problems.append(f"{'.'.join(key)}: reported twice")
        got[key] = cell
    for key, (value, status) in want.items():
        name = ".".join(key)
        cell = got.get(key)
        if cell is None:
            problems.append(f"{name}: no cell (want {status} {value!r})")
            continue
        if cell["status"] != status or not _same_value(cell["value"], value):
            got_text = f"{cell['status']} {cell['value']!r} (raw {cell.get('raw')!r})"
            problems.append(f"{name}: got {got_text}, want {status} {value!r}")
    for key in sorted(set(got) - set(want)):
        if (entry["template"], key[0], key[1]) not in DERIVED:
            problems.append(f"{'.'.join(key)}: not a cell of template {entry['template']}")
    for name, raw in (entry.get("raw") or {}).items():
        cell = got.get(tuple(name.split(".")))
        if cell is not None and _squash(cell.get("raw")) != _squash(raw):
            problems.append(f"{name}: raw {cell.get('raw')!r}, want {raw!r}")
    assert not problems, f"{entry['file']}: {len(problems)} problems\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "entry", [e for e in ENTRIES if not e["report"]], ids=_ids([e for e in ENTRIES if not e["report"]])
)
def test_non_report_pages(entry: dict[str, Any]) -> None:
    _, d = _parse(entry)
    ok = [f"{c['table']}.{c['row']}.{c['column']}" for c in d["cells"] if c["status"] == "ok"]
    assert not ok, f"{entry['file']} is not a report but gave cells {ok[:10]}"
    assert d["errors"], f"{entry['file']} is not a report but the extractor reported no error"


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids(ENTRIES))
def test_text_has_body_and_no_chrome(entry: dict[str, Any]) -> None:
    report, _ = _parse(entry)
    text = getattr(report, "text", None)
    if text is None:
        pytest.skip("the report object offers no .text")
    leaked = [w for w in CHROME_WORDS if w in text]
    assert not leaked, f"{entry['file']}: page chrome in the document text: {leaked}"
    squashed = _squash(text)
    for snippet in entry["text_contains"]:
        assert _squash(snippet) in squashed, f"{entry['file']}: body text lacks {snippet!r}"
