"""Render an annual information-disclosure report as the HTML page a county portal would serve.

The input is plain data: a :class:`Report` (title, organ, dates, body blocks, the three statistical
tables as canonical values keyed like ``tests/fixtures/seeds/expected/*.yml``) and a :class:`Site`
(the portal chrome). :func:`render` returns the page as bytes in the platform's encoding.

Platforms follow ``shared/research/portal-platforms.md`` §1.2/§2: TRS WCM, Hanweb 大汉 JCMS,
VSB 博达 and a legacy GB2312-declared table-layout site. The statistical tables are written the
way Word/WPS exports and county CMS editors leave them (``MsoNormalTable``, national row/column
spans, labels split over ``<p>``/``<br>``, ``&nbsp;`` blanks, ``<o:p>``, full-width digits ...);
:class:`TableStyle` picks the variation.

Body blocks are tuples:

``("h", text)``            section heading (一、总体情况)
``("h2", text)``           sub-heading (（一）…)
``("p", text)``            paragraph; ``**x**`` becomes ``<strong>x</strong>``
``("center", text)``       centred bold line (the title repeated at the top of the body)
``("sign", text)``         right-aligned signature line
``("table", key)``         one of ``active``, ``requests``, ``review_litigation``
``("grid", rows)``         a small plain table (first row is the header), for non-report pages
``("img", src, alt)``      a picture paragraph
``("link", text, href)``   a link paragraph
``("chrome", text)``       a line of page chrome that the CMS template put inside the content
``("spacer",)``            ``<p>&nbsp;</p>``
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

MISSING = "missing"

# --------------------------------------------------------------------------------------------
# Canonical schema (shared/spec/report-format.md)
# --------------------------------------------------------------------------------------------

ACTIVE_LAYOUT: dict[str, list[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]]] = {
    "v2021": [
        (
            "第二十条第（一）项",
            ("本年制发件数", "本年废止件数", "现行有效件数"),
            (("regulations", "规章"), ("normative_documents", "行政规范性文件")),
        ),
        ("第二十条第（五）项", ("本年处理决定数量",), (("licensing", "行政许可"),)),
        ("第二十条第（六）项", ("本年处理决定数量",), (("penalty", "行政处罚"), ("coercion", "行政强制"))),
        ("第二十条第（八）项", ("本年收费金额（单位：万元）",), (("fees", "行政事业性收费"),)),
    ],
    "v2019": [
        (
            "第二十条第（一）项",
            ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
            (("regulations", "规章"), ("normative_documents", "规范性文件")),
        ),
        (
            "第二十条第（五）项",
            ("上一年项目数量", "本年增/减", "处理决定数量"),
            (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")),
        ),
        (
            "第二十条第（六）项",
            ("上一年项目数量", "本年增/减", "处理决定数量"),
            (("penalty", "行政处罚"), ("coercion", "行政强制")),
        ),
        ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), (("fees", "行政事业性收费"),)),
        ("第二十条第（九）项", ("采购项目数量", "采购总金额"), (("procurement", "政府集中采购"),)),
    ],
}

_V2021_THREE = ("issued", "repealed", "in_force")
_V2019_THREE = ("new_made", "new_published", "total_published")
_V2019_ITEMS = ("prior_items", "change", "decisions")

ACTIVE_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "v2021": {
        "regulations": _V2021_THREE,
        "normative_documents": _V2021_THREE,
        "licensing": ("decisions",),
        "penalty": ("decisions",),
        "coercion": ("decisions",),
        "fees": ("amount_wan_yuan",),
    },
    "v2019": {
        "regulations": _V2019_THREE,
        "normative_documents": _V2019_THREE,
        "licensing": _V2019_ITEMS,
        "other_services": _V2019_ITEMS,
        "penalty": _V2019_ITEMS,
        "coercion": _V2019_ITEMS,
        "fees": ("prior_items", "change"),
        "procurement": ("projects", "amount_wan_yuan"),
    },
}

REQUEST_COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
    "total",
)

_RESULT = "三、本年度办理结果"
_DENIED = "（三）不予公开"
_UNABLE = "（四）无法提供"
_REJECTED = "（五）不予处理"
_OTHER = "（六）其他处理"

# (row key, top label, group label, item label); a None label means the cell to its left spans it.
_REQUEST_ROWS_HEAD = [
    ("new_received", "一、本年新收政府信息公开申请数量", None, None),
    ("carried_over", "二、上年结转政府信息公开申请数量", None, None),
    ("granted", _RESULT, "（一）予以公开", None),
    ("partially_granted", _RESULT, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
    ("denied_state_secret", _RESULT, _DENIED, "1.属于国家秘密"),
    ("denied_law_prohibited", _RESULT, _DENIED, "2.其他法律行政法规禁止公开"),
    ("denied_security_stability", _RESULT, _DENIED, "3.危及“三安全一稳定”"),
    ("denied_third_party", _RESULT, _DENIED, "4.保护第三方合法权益"),
    ("denied_internal_affairs", _RESULT, _DENIED, "5.属于三类内部事务信息"),
    ("denied_process_info", _RESULT, _DENIED, "6.属于四类过程性信息"),
    ("denied_enforcement_file", _RESULT, _DENIED, "7.属于行政执法案卷"),
    ("denied_query_matter", _RESULT, _DENIED, "8.属于行政查询事项"),
    ("unable_not_held", _RESULT, _UNABLE, "1.本机关不掌握相关政府信息"),
    ("unable_needs_creation", _RESULT, _UNABLE, "2.没有现成信息需要另行制作"),
    ("unable_unclear", _RESULT, _UNABLE, "3.补正后申请内容仍不明确"),
    ("rejected_petition", _RESULT, _REJECTED, "1.信访举报投诉类申请"),
    ("rejected_duplicate", _RESULT, _REJECTED, "2.重复申请"),
    ("rejected_publication", _RESULT, _REJECTED, "3.要求提供公开出版物"),
    ("rejected_excessive", _RESULT, _REJECTED, "4.无正当理由大量反复申请"),
    ("rejected_confirmation", _RESULT, _REJECTED, "5.要求行政机关确认或重新出具已获取信息"),
]
_REQUEST_ROWS_TAIL = [
    ("total_handled", _RESULT, "（七）总计", None),
    ("carried_forward", "四、结转下年度继续办理", None, None),
]
REQUEST_ROWS: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "v2021": [
        *_REQUEST_ROWS_HEAD,
        (
            "other_no_correction",
            _RESULT,
            _OTHER,
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ),
        (
            "other_no_fee",
            _RESULT,
            _OTHER,
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ),
        ("other_other", _RESULT, _OTHER, "3.其他"),
        *_REQUEST_ROWS_TAIL,
    ],
    "v2019": [*_REQUEST_ROWS_HEAD, ("other", _RESULT, _OTHER, None), *_REQUEST_ROWS_TAIL],
}

REVIEW_GROUPS = ("review", "litigation_direct", "litigation_after_review")
REVIEW_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
_REVIEW_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

TABLES = ("active", "requests", "review_litigation")


def table_rows(table: str, template: str) -> list[tuple[str, tuple[str, ...]]]:
    """The printed rows of ``table`` in ``template`` with their column keys, in document order."""
    if table == "active":
        return list(ACTIVE_COLUMNS[template].items())
    if table == "requests":
        return [(row[0], REQUEST_COLUMNS) for row in REQUEST_ROWS[template]]
    if table == "review_litigation":
        return [(group, REVIEW_COLUMNS) for group in REVIEW_GROUPS]
    raise KeyError(table)


# --------------------------------------------------------------------------------------------
# Input data
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attachment:
    name: str  # link text, e.g. "附件：XX县2022年政府信息公开工作年度报告.pdf"
    href: str


@dataclass(frozen=True)
class TableStyle:
    """How the statistical tables are written. Cell keys are ``"table.row.column"``."""

    flavor: str = "word"  # "word" (Word/WPS export), "word_raw" (unquoted/single-quoted), "cms" (UEditor)
    split: str | None = None  # None, "br" (本年新<br>制作数量) or "p" (<p>商业</p><p>企业</p>)
    vertical: bool = False  # 三、本年度办理结果 and （三）不予公开 one character per <p>
    o_p: bool = False  # <o:p></o:p> after every run
    lang_span: bool = False  # digits in <span lang="EN-US">
    bold_heads: bool = True
    ascii_punct: bool = False  # (一) and : instead of （一） and ：
    nominal_spans: bool = False  # keep the template's rowspans even when rows are cut off
    blank: str = "\u00a0"  # how a null value is written: "", "\u00a0" (&nbsp;), "/", "—"
    fullwidth: frozenset[str] = frozenset()  # cells written with full-width digits
    raw: Mapping[str, str] = field(default_factory=dict)  # exact cell text, wins over the value
    relabel: Mapping[str, str] = field(default_factory=dict)  # template label -> label on this page
    spacers: bool = False  # <p>&nbsp;</p> after each table
    font: str = "宋体"


@dataclass(frozen=True)
class Site:
    """The portal around the article: names, breadcrumb, identifiers for the chrome."""

    name: str  # 建宁县人民政府
    host: str  # www.jianning.gov.cn
    breadcrumb: Sequence[str] = ("首页", "政务公开", "政府信息公开年报")
    index_no: str = ""
    site_code: str = ""  # 网站标识码
    icp: str = ""
    organizer: str = ""  # 主办单位
    column: str = "政府信息公开年报"


@dataclass(frozen=True)
class Report:
    title: str
    organ: str
    published: str  # "2023-01-18" or "2023-01-18 10:32:15"
    blocks: Sequence[tuple[Any, ...]]
    tables: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    template: str = "v2021"
    year: int | None = None
    attachments: Sequence[Attachment] = ()
    source: str = ""  # 来源; defaults to the organ
    written: str = ""  # 成文日期
    doc_no: str = ""  # 文号
    editor: str = ""  # 责任编辑
    style: TableStyle = field(default_factory=TableStyle)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        data = dict(data)
        if isinstance(data.get("style"), Mapping):
            st = dict(data["style"])
            st["fullwidth"] = frozenset(st.get("fullwidth", ()))
            data["style"] = TableStyle(**st)
        data["attachments"] = tuple(
            a if isinstance(a, Attachment) else Attachment(**a) for a in data.get("attachments", ())
        )
        data["blocks"] = tuple(tuple(b) for b in data.get("blocks", ()))
        return cls(**data)


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------

_FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def _esc(text: str) -> str:
    return html.escape(text, quote=False).replace("\u00a0", "&nbsp;")


def _inline(text: str) -> str:
    parts = re.split(r"\*\*(.+?)\*\*", text)
    return "".join(_esc(p) if i % 2 == 0 else f"<strong>{_esc(p)}</strong>" for i, p in enumerate(parts))


def _attrs(pairs: Sequence[tuple[str, str]], raw: bool = False) -> str:
    out = []
    for key, value in pairs:
        if raw and re.fullmatch(r"[\w.\-]+", value, re.ASCII):
            out.append(f"{key}={value}")
        elif raw:
            out.append(f"{key}='{value}'")
        else:
            out.append(f'{key}="{html.escape(value)}"')
    return "".join(" " + x for x in out)


def _date(published: str) -> str:
    return published[:10]


def _number(value: Any) -> str:
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _present(value: Any) -> bool:
    return value is not None and value != MISSING


def cell_text(table: str, row: str, column: str, value: Any, template: str, style: TableStyle) -> str:
    """The text a portal page shows for one cell (before HTML escaping)."""
    key = f"{table}.{row}.{column}"
    if key in style.raw:
        return style.raw[key]
    if value is None:
        return style.blank
    if table == "active" and column == "change":
        text = "0" if value == 0 else (f"增{_number(value)}" if value > 0 else f"减{_number(-value)}")
    elif table == "active" and template == "v2019" and column == "amount_wan_yuan":
        text = f"{_number(value)}万元"
    else:
        text = _number(value)
    if key in style.fullwidth:
        text = text.translate(_FULLWIDTH)
    return text


# --------------------------------------------------------------------------------------------
# Table model
# --------------------------------------------------------------------------------------------

_SPLITS = {
    "本年新制作数量": ("本年新", "制作数量"),
    "本年新公开数量": ("本年新", "公开数量"),
    "对外公开总数量": ("对外公开", "总数量"),
    "本年制发件数": ("本年制发", "件数"),
    "本年废止件数": ("本年废止", "件数"),
    "现行有效件数": ("现行有效", "件数"),
    "上一年项目数量": ("上一年", "项目数量"),
    "处理决定数量": ("处理决定", "数量"),
    "商业企业": ("商业", "企业"),
    "科研机构": ("科研", "机构"),
    "社会公益组织": ("社会公益", "组织"),
    "法律服务机构": ("法律服务", "机构"),
    "结果维持": ("结果", "维持"),
    "结果纠正": ("结果", "纠正"),
    "其他结果": ("其他", "结果"),
    "尚未审结": ("尚未", "审结"),
    "未经复议直接起诉": ("未经复议", "直接起诉"),
}


@dataclass
class _Cell:
    lines: list[str]
    rowspan: int = 1
    colspan: int = 1
    head: bool = False
    value: bool = False
    joiner: str = "p"  # "p": one <p> per line; "br": one <p> with <br>
    width: float = 0.0  # pt


def _label(text: str, style: TableStyle, head: bool = False, width: float = 0.0) -> _Cell:
    text = style.relabel.get(text, text)
    if style.ascii_punct:
        text = text.replace("（", "(").replace("）", ")").replace("：", ":")
    if style.split and text in _SPLITS:
        return _Cell(list(_SPLITS[text]), head=head, joiner=style.split, width=width)
    return _Cell([text], head=head, width=width)


def _vertical(cell: _Cell, style: TableStyle) -> _Cell:
    if not style.vertical:
        return cell
    text = "".join(cell.lines)
    m = re.match(r"^([一二三四五六七八九十]、|[（(][一二三四五六七][）)].)(.*)$", text)
    if not m:
        return cell
    cell.lines = [m.group(1), *m.group(2)]
    cell.joiner = "p"
    return cell


def _value(text: str, colspan: int = 1) -> _Cell:
    return _Cell([text], colspan=colspan, value=True)


def _spans(n: int) -> list[int]:
    return {3: [1, 1, 1], 2: [1, 2], 1: [3]}[n]


def _active_grid(values: Mapping[str, Any], template: str, style: TableStyle) -> list[list[_Cell]]:
    rows: list[list[_Cell]] = []
    for article, heads, items in ACTIVE_LAYOUT[template]:
        present = [(key, label) for key, label in items if _present(values.get(key))]
        if not present:
            continue
        spans = _spans(len(heads))
        rows.append([replace(_label(article, style, head=True), colspan=4)])
        head_row = [_label("信息内容", style, head=True, width=120)]
        for text, span in zip(heads, spans, strict=True):
            head_row.append(replace(_label(text, style, head=True, width=100 * span), colspan=span))
        rows.append(head_row)
        for key, label in present:
            row = [_label(label, style)]
            columns = ACTIVE_COLUMNS[template][key]
            for column, span, value in zip(columns, spans, values[key], strict=True):
                row.append(_value(cell_text("active", key, column, value, template, style), span))
            rows.append(row)
    return rows


def _requests_grid(values: Mapping[str, Any], template: str, style: TableStyle) -> list[list[_Cell]]:
    corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    rows: list[list[_Cell]] = [
        [
            replace(_label(corner, style, width=190), rowspan=3, colspan=3),
            replace(_label("申请人情况", style, head=True), colspan=7),
        ],
        [
            replace(_label("自然人", style, head=True, width=40), rowspan=2),
            replace(_label("法人或其他组织", style, head=True), colspan=5),
            replace(_label("总计", style, head=True, width=40), rowspan=2),
        ],
        [
            _label(t, style, head=True, width=40)
            for t in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
        ],
    ]
    layout = REQUEST_ROWS[template]
    present = [r for r in layout if _present(values.get(r[0]))]

    def span(level: int, label: str) -> int:
        pool = layout if style.nominal_spans else present
        return sum(1 for r in pool if r[level] == label)

    seen: set[tuple[int, str]] = set()
    for key, top, group, item in present:
        row: list[_Cell] = []
        if group is None:
            row.append(replace(_label(top, style), colspan=3))
        else:
            if (1, top) not in seen:
                seen.add((1, top))
                row.append(_vertical(replace(_label(top, style, width=30), rowspan=span(1, top)), style))
            if item is None:
                row.append(replace(_label(group, style), colspan=2))
            else:
                if (2, group) not in seen:
                    seen.add((2, group))
                    cell = replace(_label(group, style, width=40), rowspan=span(2, group))
                    row.append(_vertical(cell, style))
                row.append(_label(item, style, width=120))
        for column, value in zip(REQUEST_COLUMNS, values[key], strict=True):
            row.append(_value(cell_text("requests", key, column, value, template, style)))
        rows.append(row)
    return rows


def _review_grid(values: Mapping[str, Any], template: str, style: TableStyle) -> list[list[_Cell]]:
    rows: list[list[_Cell]] = [
        [
            replace(_label("行政复议", style, head=True), colspan=5),
            replace(_label("行政诉讼", style, head=True), colspan=10),
        ],
        [
            *(replace(_label(t, style, head=True, width=28), rowspan=2) for t in _REVIEW_LABELS),
            replace(_label("未经复议直接起诉", style, head=True), colspan=5),
            replace(_label("复议后起诉", style, head=True), colspan=5),
        ],
        [_label(t, style, head=True, width=28) for t in _REVIEW_LABELS * 2],
    ]
    cells = []
    for group in REVIEW_GROUPS:
        vals = values.get(group)
        if not _present(vals):
            vals = [None] * 5
        for column, value in zip(REVIEW_COLUMNS, vals, strict=True):
            cells.append(_value(cell_text("review_litigation", group, column, value, template, style)))
    rows.append(cells)
    return rows


_GRIDS = {"active": _active_grid, "requests": _requests_grid, "review_litigation": _review_grid}


def table_matrix(table: str, values: Mapping[str, Any], template: str) -> tuple[list[list[str]], list[tuple[int, ...]]]:
    """The national grid of ``table`` as a rectangular matrix (text at each span's top-left, "" elsewhere)
    plus its spans (row, column, rowspan, colspan): what PDF and DOCX builders lay out."""
    rows = _GRIDS[table](values, template, TableStyle(blank=""))
    taken: set[tuple[int, int]] = set()
    placed: list[tuple[int, int, int, int, str]] = []  # row, column, rowspan, colspan, text
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell.rowspan, cell.colspan, "".join(cell.lines)))
            taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            c += cell.colspan
    width = max(c for _, c in taken) + 1
    matrix = [[""] * width for _ in rows]
    spans = []
    for r, c, rs, cs, text in placed:
        matrix[r][c] = text
        if rs > 1 or cs > 1:
            spans.append((r, c, rs, cs))
    return matrix, spans


def _run(text: str, style: TableStyle, cell: _Cell) -> str:
    """One text run inside a table paragraph."""
    raw = style.flavor == "word_raw"
    if style.flavor == "cms":
        size = "" if cell.value else "font-size:14px;"
        run = f'<span style="font-family:{style.font};{size}">{_esc(text)}</span>'
    elif cell.value and style.lang_span:
        if not text.strip("\u00a0 ") and style.o_p:
            run = f"<span{_attrs([('lang', 'EN-US')], raw)}><o:p>&nbsp;</o:p></span>"
        else:
            tail = "<o:p></o:p>" if style.o_p else ""
            run = f"<span{_attrs([('lang', 'EN-US')], raw)}>{_esc(text)}{tail}</span>"
    else:
        tail = f"<span{_attrs([('lang', 'EN-US')], raw)}><o:p></o:p></span>" if style.o_p else ""
        run = f"<span{_attrs([('style', 'font-family:' + style.font)], raw)}>{_esc(text)}{tail}</span>"
    if cell.head and style.bold_heads:
        run = f"<b>{run}</b>"
    return run


def _td(cell: _Cell, style: TableStyle) -> str:
    """A cell. Label cells carry Word's width/border styles; value cells are bare ``<td>`` (the
    table's ``border="1"`` draws them), which keeps the pages small."""
    raw = style.flavor == "word_raw"
    attrs: list[tuple[str, str]] = []
    if not cell.value and style.flavor != "cms" and cell.width:
        attrs.append(("width", str(round(cell.width * 4 / 3))))
    if cell.rowspan > 1:
        attrs.append(("rowspan", str(cell.rowspan)))
    if cell.colspan > 1:
        attrs.append(("colspan", str(cell.colspan)))
    if style.flavor == "cms":
        if not cell.value:
            attrs += [("valign", "middle"), ("style", "border:1px solid windowtext;padding:0 5px;")]
        p_attrs = [("class", "MsoNormal"), ("align", "center"), ("style", "text-align:center;")]
    else:
        if not cell.value:
            css = "border:solid windowtext 1.0pt;padding:0cm 5.4pt"
            attrs.append(("style", f"width:{cell.width:.1f}pt;" + css if cell.width else css))
        p_attrs = [("class", "MsoNormal"), ("align", "center")]
        if raw:
            p_attrs.append(("style", "text-align:center"))
    p_open = f"<p{_attrs(p_attrs, raw)}>"
    if cell.joiner == "br" and len(cell.lines) > 1:
        inner = p_open + "<br>".join(_run(t, style, cell) for t in cell.lines) + "</p>"
    else:
        inner = "".join(p_open + _run(t, style, cell) + "</p>" for t in cell.lines)
    return f"<td{_attrs(attrs, raw)}>{inner}</td>"


def render_table(table: str, values: Mapping[str, Any], template: str, style: TableStyle) -> str:
    """One statistical table as Word/WPS/CMS markup."""
    grid = _GRIDS[table](values, template, style)
    raw = style.flavor == "word_raw"
    if style.flavor == "cms":
        t_attrs = [
            ("class", "MsoNormalTable"),
            ("border", "1"),
            ("cellspacing", "0"),
            ("cellpadding", "0"),
            ("width", "100%"),
            ("style", "border-collapse:collapse;border:none;width:100%;"),
        ]
        open_rows, close_rows = "<tbody>\n", "</tbody>\n"
    else:
        t_attrs = [
            ("class", "MsoNormalTable"),
            ("border", "1"),
            ("cellspacing", "0"),
            ("cellpadding", "0"),
            (
                "style",
                "border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;"
                "mso-padding-alt:0cm 5.4pt 0cm 5.4pt",
            ),
        ]
        open_rows = close_rows = ""
    lines = [f"<table{_attrs(t_attrs, raw)}>\n", open_rows]
    for i, row in enumerate(grid):
        tr = f"<tr{_attrs([('style', f'mso-yfti-irow:{i}')], raw)}>" if style.flavor != "cms" else "<tr>"
        lines.append(tr + "".join(_td(c, style) for c in row) + "</tr>\n")
    lines += [close_rows, "</table>\n"]
    return "".join(lines)


# --------------------------------------------------------------------------------------------
# Body blocks
# --------------------------------------------------------------------------------------------


def _grid_html(rows: Sequence[Sequence[str]]) -> str:
    out = ['<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse;width:90%;">']
    for i, row in enumerate(rows):
        tag = "th" if i == 0 else "td"
        out.append("<tr>" + "".join(f"<{tag}>{_esc(c)}</{tag}>" for c in row) + "</tr>")
    out.append("</table>")
    return "\n".join(out) + "\n"


def render_blocks(report: Report, word: bool = False) -> str:
    """The article body. ``word`` writes Word-export paragraphs (MsoNormal + spans)."""
    style = report.style
    raw = style.flavor == "word_raw"
    out: list[str] = []

    def para(text_html: str, kind: str) -> str:
        if word:
            font = {"h": "黑体", "h2": "楷体_GB2312", "center": "方正小标宋简体"}.get(kind, "仿宋_GB2312")
            align = {"sign": "right", "center": "center"}.get(kind)
            p_css = f"text-align:{align}" if align else "text-indent:32.0pt;line-height:28.0pt"
            p_attrs = [("class", "MsoNormal")]
            if align:
                p_attrs.append(("align", align))
            p_attrs.append(("style", p_css))
            span = f"<span{_attrs([('style', f'font-size:16.0pt;font-family:{font}')], raw)}>"
            tail = f"<span{_attrs([('lang', 'EN-US')], raw)}><o:p></o:p></span>" if style.o_p else ""
            return f"<p{_attrs(p_attrs, raw)}>{span}{text_html}{tail}</span></p>\n"
        if kind == "sign":
            return f'<p style="text-align:right;">{text_html}</p>\n'
        if kind == "center":
            return f'<p style="text-align:center;"><strong>{text_html}</strong></p>\n'
        if kind in ("h", "h2"):
            return f'<p style="text-indent:2em;"><strong>{text_html}</strong></p>\n'
        return f'<p style="text-indent:2em;text-align:justify;">{text_html}</p>\n'

    for block in report.blocks:
        kind = block[0]
        if kind in ("h", "h2", "p", "sign", "center"):
            out.append(para(_inline(block[1]), kind))
        elif kind == "table":
            out.append(render_table(block[1], report.tables.get(block[1], {}), report.template, style))
            if style.spacers:
                out.append("<p>&nbsp;</p>\n")
        elif kind == "grid":
            out.append(_grid_html(block[1]))
        elif kind == "img":
            out.append(
                f'<p style="text-align:center;"><img src="{html.escape(block[1])}" '
                f'alt="{html.escape(block[2])}" title="{html.escape(block[2])}" '
                f'style="max-width:100%;" border="0" /></p>\n'
            )
        elif kind == "link":
            out.append(f'<p><a href="{html.escape(block[2])}" target="_blank">{_esc(block[1])}</a></p>\n')
        elif kind == "chrome":
            out.append(f"<p>{_esc(block[1])}</p>\n")
        elif kind == "spacer":
            out.append("<p>&nbsp;</p>\n")
        else:
            raise ValueError(f"unknown block kind {kind!r}")
    return "".join(out)


def _breadcrumb(site: Site, sep: str, last: str | None = None) -> str:
    links = [f'<a href="/">{_esc(site.breadcrumb[0])}</a>']
    for i, name in enumerate(site.breadcrumb[1:], 1):
        links.append(f'<a href="{"../" * (len(site.breadcrumb) - i)}">{_esc(name)}</a>')
    if last:
        links.append(_esc(last))
    return sep.join(links)


# --------------------------------------------------------------------------------------------
# Platforms
# --------------------------------------------------------------------------------------------


class Platform:
    """A portal platform: page chrome around :func:`render_blocks`, and the bytes' encoding."""

    name = "base"
    encoding = "utf-8"

    def __init__(self, **options: Any) -> None:
        self.options = options

    def page(self, report: Report, site: Site) -> str:
        raise NotImplementedError

    def render(self, report: Report, site: Site) -> bytes:
        return self.page(report, site).encode(self.encoding)


class TRS(Platform):
    """TRS WCM. Options: ``variant`` "ucap" (div.TRS_Editor in #UCAP-CONTENT, metadata table,
    attachment block) or "view" (div.trs_editor_view; column name, title, 来源/日期, 【图解】 link,
    责任编辑 and 分享到 inside the content container, as on the Liaoning page of seed 004)."""

    name = "trs"

    def page(self, report: Report, site: Site) -> str:
        variant = self.options.get("variant", "ucap")
        source = report.source or report.organ
        date = _date(report.published)
        head = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1" />
<meta name="SiteName" content="{html.escape(site.name)}" />
<meta name="SiteDomain" content="{site.host}" />
<meta name="SiteIDCode" content="{site.site_code}" />
<meta name="ColumnName" content="{html.escape(site.column)}" />
<meta name="ColumnType" content="{html.escape(site.column)}" />
<meta name="ArticleTitle" content="{html.escape(report.title)}" />
<meta name="PubDate" content="{report.published}" />
<meta name="ContentSource" content="{html.escape(source)}" />
<meta name="Keywords" content="政府信息公开年报" />
<title>{_esc(report.title)}</title>
<link href="../../../images/common.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="../../../images/jquery-1.11.3.min.js"></script>
</head>
<body>
<div class="topbar"><div class="w1200"><span class="fl">欢迎访问{_esc(site.name)}门户网站</span>
<span class="fr"><a href="javascript:void(0)" id="wza">无障碍</a> | \
<a href="javascript:void(0)">关怀版</a> | <a href="/">登录</a> | <a href="/">注册</a> \
网站支持IPv6</span></div></div>
<div class="header"><a href="/"><img src="../../../images/logo.png" \
alt="{html.escape(site.name)}" /></a></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>\
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
"""
        footer = f"""<div class="footer"><p>主办单位：{_esc(site.organizer or site.name)}　\
<a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a></p>
<p>网站标识码：{site.site_code}　<a href="https://beian.miit.gov.cn/" target="_blank">\
{_esc(site.icp)}</a></p></div>
</body>
</html>
"""
        body = render_blocks(report)
        if variant == "view":
            return head + self._view(report, site, body, date, source) + footer
        return head + self._ucap(report, site, body, date, source) + footer

    def _ucap(self, report: Report, site: Site, body: str, date: str, source: str) -> str:
        files = "".join(f'<p><a href="{a.href}">{_esc(a.name)}</a></p>' for a in report.attachments)
        js_files = "".join(f'<a href="{a.href}">{_esc(a.name)}</a><br/>' for a in report.attachments)
        appendix = ""
        if report.attachments:
            appendix = f"""<div id="id_tblAppendix">{files}</div>
<script type="text/javascript">
var fjhtml = '{js_files}';
if (fjhtml == '') {{ document.getElementById("id_tblAppendix").style.display = "none"; }}
</script>
"""
        return f"""<div class="position">当前位置：{_breadcrumb(site, " &gt; ")}</div>
<div class="xxgk-info">
<table class="xxgk_table" width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td class="t1">索引号：</td><td class="t2">{_esc(site.index_no)}</td>\
<td class="t1">所属机构：</td><td class="t2">{_esc(source)}</td></tr>
<tr><td class="t1">发布机构：</td><td class="t2">{_esc(report.organ)}</td>\
<td class="t1">生成日期：</td><td class="t2">{report.written or date}</td></tr>
<tr><td class="t1">标　　题：</td><td class="t2" colspan="3">{_esc(report.title)}</td></tr>
<tr><td class="t1">文　　号：</td><td class="t2">{_esc(report.doc_no)}</td>\
<td class="t1">发布日期：</td><td class="t2">{date}</td></tr>
</table>
</div>
<div class="article">
<h1 class="article-title">{_esc(report.title)}</h1>
<div class="article-info"><span>来源:{_esc(source)}</span> <span>日期:{date}</span> \
<span>字号:<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> \
<a href="javascript:doZoom(14)">小</a></span></div>
<div id="UCAP-CONTENT" class="article-con">
<div class="TRS_Editor"><style type="text/css">
.TRS_Editor P{{margin-top:0px;margin-bottom:12px;line-height:1.8;font-family:宋体;font-size:12pt;}}\
.TRS_Editor TD{{font-size:10.5pt;}}
</style>
{body}</div>
</div>
{appendix}<div class="article-tools"><a href="javascript:window.print()">打印本页</a> \
<a href="javascript:window.close()">关闭窗口</a></div>
</div>
"""

    def _view(self, report: Report, site: Site, body: str, date: str, source: str) -> str:
        column = site.breadcrumb[-1]
        links = "".join(
            f'<li>• 链接: <a href="{a.href}" target="_blank">{_esc(a.name)}</a></li>'
            for a in report.attachments
        )
        editor = f"<li>• 责任编辑:{_esc(report.editor)}</li>" if report.editor else ""
        return f"""<div class="location">您当前的位置：{_breadcrumb(site, "&gt;")}</div>
<div class="main-content" id="UCAP-CONTENT">
<p class="gotop"><a href="javascript:window.scrollTo(0,0)">TOP</a></p>
<p class="lmname">{_esc(column)}</p>
<h1 class="title">{_esc(report.title)}</h1>
<p class="info">来源:{_esc(source)}&nbsp;&nbsp;&nbsp;日期:{date}</p>
<div class="trs_editor_view TRS_UEDITOR trs_paper_default trs_web">
{body}</div>
<ul class="extra">{links}{editor}</ul>
<p class="share">分享到:<a href="javascript:void(0)" class="wx"></a>\
<a href="javascript:void(0)" class="wb"></a></p>
</div>
"""


class Hanweb(Platform):
    """Hanweb 大汉 JCMS (Zhejiang-style article template). Options: ``jiedu`` (href of the
    解读 page, shown as 点击查看解读)."""

    name = "hanweb"

    def page(self, report: Report, site: Site) -> str:
        date = _date(report.published)
        files = "".join(
            f'<p><a href="{a.href}" target="_blank">{_esc(a.name)}</a></p>\n' for a in report.attachments
        )
        jiedu = self.options.get("jiedu")
        jiedu_html = ""
        if jiedu:
            jiedu_html = f'<div class="jd"><a href="{jiedu}" target="_blank">点击查看解读</a></div>\n'
        return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{_esc(report.title)}</title>
<meta name="keywords" content="{html.escape(site.name)}">
<script language="javascript" src="/script/0/1507250853542806.js"></script>
<link rel="stylesheet" href="/images/2021/css/article.css">
</head>
<body>
<div class="head"><div class="top_bar">{_esc(site.name)} | <a href="javascript:void(0)">长者版</a> | \
<a href="javascript:void(0)">无障碍</a></div></div>
<div class="dqwz">当前位置: {_breadcrumb(site, " &gt; ")}</div>
<div class="main">
<table class="xxgk_table" width="100%" border="1" cellspacing="0" cellpadding="0">
<tr><td class="bt">索 引 号</td><td>{_esc(site.index_no)}</td>\
<td class="bt">公开方式</td><td>主动公开</td></tr>
<tr><td class="bt">成文日期</td><td>{report.written or date}</td>\
<td class="bt">发布机构</td><td>{_esc(report.organ)}</td></tr>
<tr><td class="bt">组配分类</td><td>{_esc(site.column)}</td>\
<td class="bt">文　　号</td><td>{_esc(report.doc_no)}</td></tr>
</table>
<!--<$[信息内容]>begin--><div class="article">
<h1 class="title">{_esc(report.title)}</h1>
<div class="fbxx"><span>发布日期: {date}</span> <span>访问次数: <span id="c"></span>\
<script>getVisitNum();</script></span> <span>字号:[ <a href="javascript:doZoom(20)">大</a> \
<a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(12)">小</a> ]</span></div>
<div id="zoom">
{render_blocks(report)}{files}</div>
</div><!--<$[信息内容]>end-->
{jiedu_html}<div class="dy"><a href="javascript:window.print()">【打印本页】</a> \
<a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="foot"><p>主办：{_esc(site.organizer or site.name)}　网站标识码：{site.site_code}</p>
<p>{_esc(site.icp)}</p></div>
</body>
</html>
"""


class VSB(Platform):
    """VSB 博达站群. Options: ``variant`` "vsb_content" (fg.gov.cn/ynyx.gov.cn style, with
    ArticleTitle/PubDate metas) or "vsb_content_2" (a city portal's 区县年报 column, no metas);
    ``declare_charset`` (default True) writes the ``<META http-equiv>`` charset."""

    name = "vsb"

    def page(self, report: Report, site: Site) -> str:
        variant = self.options.get("variant", "vsb_content")
        date = _date(report.published)
        metas = ""
        if variant == "vsb_content":
            source = html.escape(report.source or report.organ)
            metas = (
                f'<META Name="ArticleTitle" Content="{html.escape(report.title)}" />\n'
                f'<META Name="PubDate" Content="{report.published}" />\n'
                f'<META Name="ContentSource" Content="{source}" />\n'
            )
        charset = ""
        if self.options.get("declare_charset", True):
            charset = '<META http-equiv="Content-Type" content="text/html; charset=UTF-8">\n'
        crumb = _breadcrumb(site, " -&gt; " if variant == "vsb_content_2" else " &gt; ", "正文")
        files = "".join(
            f'<li>附件【<a href="{a.href}" target="_blank">{_esc(a.name)}</a>】</li>'
            for a in report.attachments
        )
        if files:
            files = f'<ul style="list-style-type:none;">{files}</ul>\n'
        meta_table = f"""<table class="xxgk_info" width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td width="12%">索引号</td><td width="38%">{_esc(site.index_no)}</td><td width="12%">发文字号</td>\
<td>{_esc(report.doc_no) or "/"}</td></tr>
<tr><td>成文日期</td><td>{report.written or date}</td><td>发布日期</td><td>{date}</td></tr>
<tr><td>标 题</td><td colspan="3">{_esc(report.title)}</td></tr>
<tr><td>发布机构</td><td>{_esc(report.source or report.organ)}</td><td>公文时效</td><td>有效</td></tr>
</table>
"""
        if variant == "vsb_content_2":
            meta_table = f"""<table class="xxgk_info" width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td>索 引 号</td><td>{_esc(site.index_no)}</td><td>发布机构</td><td>{_esc(report.organ)}</td></tr>
<tr><td>公开目录</td><td>{_esc(site.column)}</td><td>发布日期</td><td>{date}</td></tr>
</table>
"""
        content_id = "vsb_content_2" if variant == "vsb_content_2" else "vsb_content"
        return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
<HTML><HEAD><TITLE>{_esc(report.title)}-{_esc(site.name)}</TITLE>
<META Name="keywords" Content="{html.escape(site.name)},{html.escape(site.column)}" />
{metas}{charset}<!--Announced by Visual SiteBuilder 9-->
<link rel="stylesheet" type="text/css" href="../../_sitegray/_sitegray_d.css" />
<script language="javascript" src="../../_sitegray/_sitegray.js"></script>
<!-- CustomerNO:77656262657232307e7847545253574703090000 -->
<link rel="stylesheet" type="text/css" href="../../content.vsb.css" />
<script type="text/javascript" src="/system/resource/js/counter.js"></script>
<script type="text/javascript">_jsq_(1648,'/content.jsp',47211,1610123456)</script>
</HEAD>
<BODY>
<div class="top"><div class="date">今天是:\
<script>document.write(new Date().toLocaleDateString());</script></div>
<div class="jf"><a href="javascript:void(0)">简体</a> | <a href="javascript:void(0)">繁体</a></div></div>
<div class="banner"><img src="../../images/banner.jpg" width="1200" height="180"></div>
<div class="dqwz">当前位置: {crumb}</div>
{meta_table}<script language="javascript" src="/system/resource/js/dynclicks.js"></script>
<script language="javascript" src="../../_dwr/interface/NewsvoteDWR.js"></script>
<script language="javascript" src="../../_dwr/engine.js"></script>
<form name="_newscontent_fromname">
<div class="content_title"><h1>{_esc(report.title)}</h1></div>
<table width="100%" border="0" cellspacing="0" cellpadding="0" class="winstyle1648"><tr>
<td align="center" class="timestyle1648">来源: </td><td class="authorstyle1648">作者: </td>
<td class="timestyle1648">时间:{date}</td>
<td class="clickstyle1648">点击率:<script>_showDynClicks("wbnews", 1610123456, 47211)</script></td>
<td>【 <a href="javascript:window.print()">打印</a> 】【 <a href="javascript:window.close()">关闭</a> 】</td>
</tr></table>
<div id="{content_id}"><div class="v_news_content">
{render_blocks(report)}</div></div>
{files}<div id="div_vote_id"></div>
</form>
<div class="footer">版权所有：{_esc(site.organizer or site.name)}　\
网站标识码：{site.site_code}　{_esc(site.icp)}</div>
</BODY></HTML>
"""


class LegacyGBK(Platform):
    """An old county site: nested layout tables, body in ``td#fontzoom``, Word-export paragraphs,
    charset declared only as ``<meta http-equiv ... charset=gb2312>`` and encoded as gb18030 (so
    characters outside GB2312 such as 喆 or 玥 survive, as on real sites)."""

    name = "gbk"
    encoding = "gb18030"

    def page(self, report: Report, site: Site) -> str:
        date = _date(report.published)
        source = report.source or report.organ
        editor = ""
        if report.editor:
            editor = f'<p align="right" style="text-align:right">责任编辑：{_esc(report.editor)}</p>\n'
        files = "".join(f'<p>附件：<a href="{a.href}">{_esc(a.name)}</a></p>\n' for a in report.attachments)
        return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{_esc(report.title)}</title>
<link href="/css/style.css" rel="stylesheet" type="text/css">
<script language="JavaScript" src="/js/fontzoom.js"></script>
</head>
<body leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr><td><img src="/images/top.jpg" width="1000" height="150"></td></tr>
  <tr><td height="36" class="nav"><a href="/">网站首页</a> | <a href="/html/xwzx/">新闻中心</a> | \
<a href="/html/xxgk/">政务公开</a> | <a href="/html/bsfw/">办事服务</a></td></tr>
</table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" bgcolor="#FFFFFF">
  <tr>
    <td height="30" class="wz">&nbsp;您现在的位置：{_breadcrumb(site, " &gt;&gt; ")}</td>
  </tr>
  <tr>
    <td valign="top">
      <table width="96%" border="0" align="center" cellpadding="0" cellspacing="0">
        <tr><td height="50" align="center" class="title"><strong>{_esc(report.title)}</strong></td></tr>
        <tr><td height="26" align="center" class="info">发布时间：{date}&nbsp;&nbsp;来源：{_esc(source)}\
&nbsp;&nbsp;浏览次数：<script language="javascript" src="/inc/count.asp?id=4562"></script>\
&nbsp;&nbsp;【字体：<a href="javascript:fontZoom(16)">大</a> <a href="javascript:fontZoom(14)">中</a> \
<a href="javascript:fontZoom(12)">小</a>】</td></tr>
        <tr><td height="1" bgcolor="#CCCCCC"></td></tr>
        <tr>
          <td id="fontzoom" class="content" valign="top">
{render_blocks(report, word=True)}{files}{editor}          </td>
        </tr>
        <tr><td align="right" height="40">【<a href="javascript:window.print()">打印本页</a>】\
【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
      </table>
    </td>
  </tr>
</table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="footer">
  <tr><td align="center">版权所有：{_esc(site.organizer or site.name)}&nbsp;&nbsp;{_esc(site.icp)}\
&nbsp;&nbsp;网站标识码：{site.site_code}</td></tr>
</table>
</body>
</html>
"""


PLATFORMS: dict[str, type[Platform]] = {p.name: p for p in (TRS, Hanweb, VSB, LegacyGBK)}


def render(report: Report | Mapping[str, Any], platform: str, site: Site, **options: Any) -> bytes:
    """Render ``report`` as a full page of ``platform`` ("trs", "hanweb", "vsb", "gbk")."""
    if not isinstance(report, Report):
        report = Report.from_dict(report)
    return PLATFORMS[platform](**options).render(report, site)


def encoding_of(platform: str) -> str:
    return PLATFORMS[platform].encoding
