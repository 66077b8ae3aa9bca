"""Rebuild the committed data of the replica web from the repository's fixtures.

    python replica/data/build.py          # write seeds.json and the PDF attachments
    python replica/data/build.py --check  # exit 1 if a committed file differs

Why committed files: the replica must also run in the demo, where only runtime dependencies are
installed. The seed texts live under ``tests/fixtures/seeds`` and PDFs need reportlab (a dev
dependency), so both are turned into plain files here once:

- ``seeds.json``: per seed, the paragraphs before and after the statistical tables (page chrome and
  PDF line breaks removed), the tables and the facts the replica re-uses to derive new reports.
- ``pdf/<name>.pdf``: every PDF attachment the replica publishes, one file per report revision,
  drawn with the same reportlab layout as ``tests/fixtures/pdf/generate.py`` (imported from there).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
for path in (ROOT, ROOT / "tests"):  # the replica renderer; the seeds' ground truth (tests/expected.py)
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from expected import SEED_STEMS as STEMS  # noqa: E402
from expected import load_expected  # noqa: E402

# What the replica replaces when it re-uses a seed for another organ: the seed county's names, and
# the sentence that states the number of applications (kept equal to the table's new total).
NAMES = {
    "000": ("建宁县", "建宁", r"全年共收到(\d+)个依申请公开"),
    "001": ("栾川县", "栾川", r"共受理政府信息公开申请(\d+)件"),
    "002": ("同心县", "同心", r"全县共收到政府信息公开申请事项(\d+)件"),
    "003": ("会宁县", "会宁", r"共收到依申请公开政府信息申请(\d+)件"),
    "004": ("绥中县", "绥中", r"共收依申请公开(\d+)件"),
}
CHROME = re.compile(r"^(TOP|县本级年度报告|来源:.*|• .*)$")


def _tidy(line: str) -> str:
    line = line.replace("**", "").strip().strip("\u3000").strip()
    line = re.sub(r"(?<=[^\x00-\x7f]) +(?=[0-9])|(?<=[0-9]) +(?=[^\x00-\x7f])", "", line)
    return line.replace("202311日至20231231日", "2023年1月1日至2023年12月31日")


def _heading(line: str) -> bool:
    pattern = r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|改进措施)"
    return bool(re.match(pattern, line)) and len(line) <= 30


def _paragraphs(chunk: list[str]) -> list[str]:
    """Join lines that a PDF page width broke (a line not ending a sentence continues below)."""
    out: list[str] = []
    for line in chunk:
        joined = out and not _heading(out[-1]) and not re.search(r"[。；：:）)]$", out[-1])
        if joined and not _heading(line) and not re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", line):
            out[-1] += line
        else:
            out.append(line)
    return out


def seed_record(key: str) -> dict[str, Any]:
    text = (SEEDS / f"{STEMS[key]}.txt").read_text(encoding="utf-8")
    exp = load_expected(STEMS[key])
    lines = [_tidy(x) for x in text.splitlines()]
    lines = [x for x in lines if x and not CHROME.match(x) and x != exp["title"]]
    start = next(i for i, x in enumerate(lines) if x.startswith("二、主动公开政府信息情况"))
    end = next(i for i, x in enumerate(lines) if x.startswith("五、存在的主要问题"))
    before = _paragraphs(lines[:start])
    if before.count("一、总体情况") > 1:  # seed 001 prints the heading twice; the replica once
        before.remove("一、总体情况")
    county, short, sentence = NAMES[key]
    return {
        "county": county,
        "short": short,
        "title": exp["title"],
        "year": exp["year"],
        "template": exp["template"],
        "narrative": sentence,
        "narrative_requests": exp.get("narrative_requests"),
        "before": before,
        "after": _paragraphs(lines[end:]),
        "tables": exp["tables"],
    }


def seeds_json() -> bytes:
    data = {key: seed_record(key) for key in STEMS}
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def pdf_files() -> dict[str, bytes]:
    """Every PDF attachment of the replica web (all revisions the sites declare), by file name."""
    from replica.sites import pdf_sources  # needs seeds.json, written first

    sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "pdf"))
    import generate as pdfgen  # tests/fixtures/pdf/generate.py

    out: dict[str, bytes] = {}
    for name, doc in pdf_sources().items():
        story: list[Any] = [pdfgen.Paragraph(pdfgen.escape(doc.title), pdfgen.TITLE)]
        story += [pdfgen._paragraph(x) for x in doc.before]
        for table, heading in pdfgen.TABLE_HEADINGS.items():
            story.append(pdfgen.Paragraph(pdfgen.escape(heading), pdfgen.HEAD))
            story.append(pdfgen.Spacer(1, 4))
            exp = {"tables": doc.tables, "template": doc.template}
            story.append(pdfgen.table_flowable(table, exp, ruled=True))
            story.append(pdfgen.Spacer(1, 6))
        story += [pdfgen._paragraph(x) for x in doc.after]
        out[name] = pdfgen.build(story, pdfgen._decor(None, lambda n: f"- {n} -"), title=doc.title)
    return out


def outputs() -> dict[Path, bytes]:
    files = {HERE / "seeds.json": seeds_json()}
    if "--seeds-only" in sys.argv:
        return files
    (HERE / "seeds.json").write_bytes(files[HERE / "seeds.json"]) if "--check" not in sys.argv else None
    files.update({HERE / "pdf" / name: data for name, data in pdf_files().items()})
    return files


def main(argv: list[str]) -> int:
    files = outputs()
    if "--check" in argv:
        stale = [p for p, b in files.items() if not p.exists() or p.read_bytes() != b]
        for p in stale:
            print(f"stale: {p.relative_to(ROOT)}")
        return 1 if stale else 0
    (HERE / "pdf").mkdir(exist_ok=True)
    keep = {p.name for p in files if p.parent.name == "pdf"}
    for old in (HERE / "pdf").glob("*.pdf"):
        if old.name not in keep:
            old.unlink()
    for path, data in files.items():
        path.write_bytes(data)
        print(f"{path.relative_to(ROOT)}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
