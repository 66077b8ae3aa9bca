"""What the replica counties publish: reports derived from the five seeds, and the pages around them.

A published report is a :class:`ReportSpec` (who, which year, where, in which formats). Its content is
derived, deterministically, from one seed (``replica/data/seeds.json``): the seed's paragraphs with the
county, organ and years changed, and new statistical tables drawn around the seed's numbers so that
every national check still adds up (row totals, outcome sums, the request balance, the review totals).
The derived values are the ground truth the manifest publishes, so a crawl plus extraction can be
scored cell by cell. A revision (:meth:`ReportSpec.revised`) is a county quietly correcting a few
numbers in place: same URL, same title, different bytes.
"""

from __future__ import annotations

import copy
import io
import json
import random
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from replica import render
from replica.render import REQUEST_ROWS, Attachment, Report, TableStyle

DATA = Path(__file__).resolve().parents[1] / "data"
MISSING = render.MISSING

# organ kinds as in the archive (``organ_kind`` of the extraction output)
GOVERNMENT = "government"
OFFICE = "government_office"
DEPARTMENT = "department"
TOWNSHIP = "township"


@cache
def seeds() -> dict[str, dict[str, Any]]:
    """The five seeds' paragraphs and tables (built by ``replica/data/build.py``)."""
    return json.loads((DATA / "seeds.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class ReportSpec:
    """One report a portal publishes. ``formats`` lists where the report's content is: ``html`` (the
    article page itself), ``pdf`` / ``docx`` (attachments). Without ``html`` the article page is only a
    short wrapper around the attachment, as many counties publish them."""

    id: str  # stable: "<portal>/<year>/<organ key>"
    portal: str
    organ: str  # full name of the reporting organ
    kind: str  # GOVERNMENT | OFFICE | DEPARTMENT | TOWNSHIP
    year: int
    seed: str  # "000".."004"; "003" is the v2019 template (years <= 2020)
    published: str  # "YYYY-MM-DD HH:MM:SS"
    column: str  # the portal's column key that lists it
    formats: tuple[str, ...] = ("html",)
    title_organ: str = ""  # organ as printed in the title (default: county name for governments)
    title_style: int = 0
    revision: int = 0
    ids: Mapping[str, Any] = field(default_factory=dict)  # platform identifiers (doc id, hex, tree id…)
    scale: float = 1.0  # size of the organ's numbers relative to the seed's county
    same_as: str = ""  # a repost of another report (a city portal copy): same content

    def revised(self) -> ReportSpec:
        return replace(self, revision=self.revision + 1)

    @property
    def modified(self) -> str:
        """When the page last changed: publication, plus 30 days per quiet revision."""
        when = datetime.strptime(self.published, "%Y-%m-%d %H:%M:%S") + timedelta(days=30 * self.revision)
        return when.strftime("%Y-%m-%d %H:%M:%S")

    @property
    def date(self) -> str:
        return self.published[:10]


@dataclass(frozen=True)
class Truth:
    """The content of one report revision: what a perfect crawl + extraction must find."""

    title: str
    organ: str
    year: int
    template: str
    tables: dict[str, dict[str, Any]]
    narrative_requests: int
    before: list[str]
    after: list[str]
    sign: tuple[str, str]


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def _perturb(value: Any, rng: random.Random, scale: float) -> Any:
    if value is None or value == MISSING:
        return value
    if isinstance(value, float):
        return round(value * scale * rng.uniform(0.7, 1.3), 4)
    if value == 0:
        return 0 if rng.random() < 0.85 else rng.randint(1, 3)
    return max(0, round(value * scale * rng.uniform(0.7, 1.3)) + rng.randint(0, 2))


def _active(base: Mapping[str, Any], template: str, rng: random.Random, scale: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for row, columns in render.ACTIVE_COLUMNS[template].items():
        vals = base.get(row)
        if vals is None or vals == MISSING:
            vals = [0.0 if c == "amount_wan_yuan" else 0 for c in columns]
        new = []
        for column, value in zip(columns, vals, strict=True):
            if column == "change" and isinstance(value, int):
                new.append(value + rng.randint(-3, 3) if value else rng.choice([0, 0, 1, -1]))
            else:
                new.append(_perturb(value, rng, scale))
        if template == "v2021" and row in ("regulations", "normative_documents") and new[2] < new[0]:
            new[2] = new[0] + new[2]
        out[row] = new
    return out


def _requests(base: Mapping[str, Any], template: str, rng: random.Random, scale: float) -> dict[str, Any]:
    keys = [r[0] for r in REQUEST_ROWS[template]]
    outcomes = [k for k in keys if k not in ("new_received", "carried_over", "total_handled", "carried_forward")]

    def seed_cell(row: str, c: int) -> int:
        vals = base.get(row)
        if not isinstance(vals, list) or not isinstance(vals[c], int):
            return 0
        return vals[c]

    rows: dict[str, list[int]] = {k: [0] * 7 for k in keys}
    for c in range(6):
        received = _perturb(seed_cell("new_received", c), rng, scale)
        carried = min(seed_cell("carried_over", c), 2) + (1 if received > 3 and rng.random() < 0.3 else 0)
        forward = min(rng.choice([0, 0, 0, 1]), received + carried)
        handled = received + carried - forward
        weights = [seed_cell(k, c) + (3 if k == "granted" else 0) + 0.2 for k in outcomes]
        for pick in rng.choices(outcomes, weights=weights, k=handled):
            rows[pick][c] += 1
        rows["new_received"][c] = received
        rows["carried_over"][c] = carried
        rows["carried_forward"][c] = forward
        rows["total_handled"][c] = handled
    for vals in rows.values():
        vals[6] = sum(vals[:6])
    return dict(rows)


def _review(base: Mapping[str, Any], rng: random.Random, scale: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for group in render.REVIEW_GROUPS:
        vals = base.get(group)
        if not isinstance(vals, list):
            vals = [0, 0, 0, 0, 0]
        four = [_perturb(v, rng, scale) if isinstance(v, int) else 0 for v in vals[:4]]
        out[group] = [*four, sum(four)]
    return out


def derive_tables(seed: Mapping[str, Any], rng: random.Random, scale: float) -> dict[str, dict[str, Any]]:
    template = seed["template"]
    tables = seed["tables"]
    return {
        "active": _active(tables["active"], template, rng, scale),
        "requests": _requests(tables["requests"], template, rng, scale),
        "review_litigation": _review(tables["review_litigation"], rng, scale),
    }


def quiet_edit(tables: dict[str, dict[str, Any]], rng: random.Random) -> dict[str, dict[str, Any]]:
    """A county's silent correction: one more application received and granted (natural persons),
    one more penalty decision. Every check still adds up."""
    out = copy.deepcopy(tables)
    req = out["requests"]
    c = rng.choice([0, 0, 1])
    for row in ("new_received", "granted", "total_handled"):
        req[row][c] += 1
        req[row][6] += 1
    active = out["active"]["penalty"]
    active[-1] = (active[-1] or 0) + 1
    return out


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------

_YEAR = re.compile(r"(?<![A-Za-z0-9.@/_])(201[5-9]|202[0-7])(?![0-9])")


def _adapt(text: str, seed: Mapping[str, Any], county: str, delta: int) -> str:
    text = text.replace(seed["county"], county).replace(seed["short"], county[:-1] if len(county) > 2 else county)
    if county.endswith("市"):
        text = text.replace("我县", "我市").replace("全县", "全市").replace("县政府", "市政府")
        text = text.replace("县人民政府", "市人民政府").replace("常务副县长", "常务副市长")
    if delta:
        text = _YEAR.sub(lambda m: str(int(m.group(1)) + delta), text)
    return text


def title_of(spec: ReportSpec, county: str) -> str:
    organ = spec.title_organ or (county if spec.kind == GOVERNMENT else spec.organ)
    year = spec.year
    return [
        f"{organ}{year}年政府信息公开工作年度报告",
        f"{organ}{year}年度政府信息公开工作报告",
        f"{year}年{organ}政府信息公开工作年度报告",
        f"{organ}{year}年政府信息公开年度报告",
    ][spec.title_style]


def truth(spec: ReportSpec, county: str) -> Truth:
    """The content of ``spec`` at its revision (deterministic: seeded by id)."""
    seed = seeds()[spec.seed]
    rng = random.Random(f"replica:{spec.same_as or spec.id}")
    tables = derive_tables(seed, rng, spec.scale)
    for n in range(spec.revision):
        tables = quiet_edit(tables, random.Random(f"replica:{spec.same_as or spec.id}:rev{n + 1}"))
    total = tables["requests"]["new_received"][6]
    delta = spec.year - seed["year"]
    pattern = re.compile(seed["narrative"])

    def fix(text: str) -> str:
        text = _adapt(text, seed, county, delta)
        m = pattern.search(text)
        if m:
            text = text[: m.start(1)] + str(total) + text[m.end(1) :]
        return text

    before = [fix(x) for x in seed["before"]]
    after = [fix(x) for x in seed["after"]]
    # the seed's own signature (seed 000) is replaced by the organ's
    after = [x for x in after if not re.fullmatch(r".{2,20}(人民政府|办公室)?\d{4}年\d{1,2}月\d{1,2}日", x)]
    signed = datetime.strptime(spec.published[:10], "%Y-%m-%d") - timedelta(days=3)
    return Truth(
        title=title_of(spec, county),
        organ=spec.organ,
        year=spec.year,
        template=seed["template"],
        tables=tables,
        narrative_requests=total,
        before=before,
        after=after,
        sign=(spec.organ, f"{signed.year}年{signed.month}月{signed.day}日"),
    )


def _kind(text: str) -> str:
    if re.match(r"^[一二三四五六七八九十]+、", text) and len(text) <= 30:
        return "h"
    if re.match(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|改进措施)", text) and len(text) <= 30:
        return "h2"
    return "p"


def blocks_of(t: Truth, title_in_body: bool = True) -> list[tuple[Any, ...]]:
    """Article body blocks (``replica.render`` format): title, text, the three tables, signature."""
    blocks: list[tuple[Any, ...]] = [("center", t.title)] if title_in_body else []
    blocks += [(_kind(x), x) for x in t.before]
    blocks += [
        ("h", "二、主动公开政府信息情况"),
        ("table", "active"),
        ("h", "三、收到和处理政府信息公开申请情况"),
        ("table", "requests"),
        ("h", "四、政府信息公开行政复议、行政诉讼情况"),
        ("table", "review_litigation"),
    ]
    blocks += [(_kind(x), x) for x in t.after]
    blocks += [("sign", t.sign[0]), ("sign", t.sign[1])]
    return blocks


STYLES: dict[str, TableStyle] = {
    "word": TableStyle(flavor="word", nominal_spans=True, spacers=True),
    "cms": TableStyle(flavor="cms"),
    "split": TableStyle(flavor="word", split="br", vertical=True, o_p=True, lang_span=True),
    "raw": TableStyle(flavor="word_raw", split="br", vertical=True, o_p=True, lang_span=True),
    "ascii": TableStyle(flavor="word", split="p", ascii_punct=True, spacers=True),
}


def page_report(
    t: Truth,
    spec: ReportSpec,
    source: str,
    attachments: Sequence[Attachment] = (),
    style: str = "word",
    body: bool = True,
    editor: str = "",
) -> Report:
    """The ``replica.render`` input for the article page of ``spec``. ``body=False``: a wrapper page
    whose only content is a sentence and the attachment links."""
    blocks = blocks_of(t) if body else [("p", f"现将{t.title}予以公开，详见附件。")]
    return Report(
        title=t.title,
        organ=spec.organ,
        published=spec.published,
        blocks=blocks,
        tables=t.tables if body else {},
        template=t.template,
        year=spec.year,
        attachments=tuple(attachments),
        source=source,
        written=t.sign[1].replace("年", "-").replace("月", "-").replace("日", ""),
        editor=editor,
        style=STYLES[style],
    )


# --------------------------------------------------------------------------------------------
# Decoys: 解读, 图解, news, guide (titles that look like reports, or pages that mention them)
# --------------------------------------------------------------------------------------------


def jiedu(t: Truth, organ: str, published: str) -> Report:
    """The 解读 companion: its title holds 年度报告, its body names the six parts; no tables."""
    total = t.tables["requests"]["new_received"][6]
    blocks = [
        ("p", f"近日，{organ}发布了《{t.title}》。为便于公众更好地了解报告内容，现就有关情况解读如下。"),
        ("h", "一、年度报告的主要内容"),
        (
            "p",
            "报告共分六个部分，分别为总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
            "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。",
        ),
        ("h", "二、依申请公开情况"),
        ("p", f"{t.year}年共收到政府信息公开申请{total}件，均在法定期限内答复。"),
        ("h", "三、下一步工作"),
        ("p", "下一步，将进一步强化对政务公开工作的重视程度，严格对标对表完成上级要求的各项任务。"),
    ]
    return Report(title=f"《{t.title}》解读", organ=organ, published=published, blocks=blocks, year=t.year)


def tujie(t: Truth, organ: str, published: str, images: Sequence[str]) -> Report:
    """The 【图解】 companion: pictures only."""
    title = f"{t.title}【图解】"
    return Report(title=title, organ=organ, published=published, blocks=[("img", x, title) for x in images])


def news(title: str, organ: str, published: str, lines: Sequence[str]) -> Report:
    return Report(title=title, organ=organ, published=published, blocks=[("p", x) for x in lines])


def news_lines(county: str, year: int) -> list[str]:
    return [
        f"近日，{county}召开{year}年政务公开工作推进会，各乡镇（街道）、县直各部门分管领导和政务公开工作人员参加会议。",
        f"会议通报了{year - 1}年全县政务公开工作考核情况，安排部署了{year}年政务公开重点工作。",
        "会议要求，各单位要严格落实政务公开工作责任，按时完成政府信息公开工作年度报告编制和发布工作。",
    ]


# --------------------------------------------------------------------------------------------
# Attachments
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    """An attachment's content (what ``replica/data/build.py`` draws as PDF, or :func:`docx` writes)."""

    title: str
    before: list[str]
    after: list[str]
    tables: dict[str, dict[str, Any]]
    template: str


def doc_of(t: Truth) -> Doc:
    return Doc(t.title, t.before, [*t.after, *t.sign], t.tables, t.template)


def pdf_name(spec: ReportSpec) -> str:
    """File name under ``replica/data/pdf`` of the PDF of ``spec`` at its revision."""
    return spec.id.replace("/", "_") + f".r{spec.revision}.pdf"


def pdf_bytes(spec: ReportSpec) -> bytes:
    path = DATA / "pdf" / pdf_name(spec)
    if not path.exists():
        raise FileNotFoundError(f"{path} (run: python replica/data/build.py)")
    return path.read_bytes()


def docx_bytes(doc: Doc) -> bytes:
    """A Word report as counties attach them: title, paragraphs, the three tables with merged cells.
    Written with python-docx (a runtime dependency); zip dates fixed so the bytes are deterministic."""
    import docx  # python-docx
    from docx.table import _Cell

    document = docx.Document()
    document.add_heading(doc.title, level=1)
    for text in doc.before:
        document.add_paragraph(text)
    headings = {
        "active": "二、主动公开政府信息情况",
        "requests": "三、收到和处理政府信息公开申请情况",
        "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    }
    for table, heading in headings.items():
        document.add_paragraph(heading)
        matrix, spans = render.table_matrix(table, doc.tables[table], doc.template)
        grid = document.add_table(rows=len(matrix), cols=len(matrix[0]))
        grid.style = "Table Grid"
        # python-docx's table.cell() rescans the whole table on every call; address the <w:tc>s directly
        tcs = [list(tr.tc_lst) for tr in grid._tbl.tr_lst]
        for r, row in enumerate(matrix):
            for c, text in enumerate(row):
                if text:
                    _Cell(tcs[r][c], grid).text = text
        for r, c, rs, cs in spans:
            _Cell(tcs[r][c], grid).merge(_Cell(tcs[r + rs - 1][c + cs - 1], grid))
    for text in doc.after:
        document.add_paragraph(text)
    document.core_properties.title = doc.title
    buf = io.BytesIO()
    document.save(buf)
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2023, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
