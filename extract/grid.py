"""Read an HTML <table> as a grid that honours rowspan and colspan.

trafilatura keeps table cells but drops the span attributes, so the header hierarchy of the
statistical tables (申请人情况 → 法人或其他组织 → 商业企业…) and the difference between a merged label
and an empty statistic are lost. This reader keeps both: a slot covered by a span is None, an empty
cell on the page is "".
"""

from __future__ import annotations

from lxml import html

from .textnorm import clean_line

_MAX_SPAN = 200  # a junk rowspan="100000" must not blow up memory
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table"}


def _span(cell: html.HtmlElement, name: str) -> int:
    try:
        return max(1, min(_MAX_SPAN, int(str(cell.get(name, "1")).strip() or 1)))
    except ValueError:
        return 1


def cell_text(cell: html.HtmlElement) -> str:
    """The text of one cell; pieces in separate <p>/<br> are joined by a space (labels fold it away)."""
    parts: list[str] = []

    def walk(el: html.HtmlElement) -> None:
        if isinstance(el.tag, str) and el.tag in _BLOCKS:
            parts.append(" ")
        if el.text:
            parts.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(cell)
    return clean_line("".join(parts))


def table_rows(table: html.HtmlElement) -> list[html.HtmlElement]:
    return table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")


def table_grid(table: html.HtmlElement) -> list[list[str | None]]:
    """Rows of the table as lists of cell texts; None where a span from another cell covers the slot."""
    slots: dict[tuple[int, int], str | None] = {}
    rows = table_rows(table)
    width = 0
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.xpath("./td|./th"):
            while (r, c) in slots:
                c += 1
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            text = cell_text(cell)
            for dr in range(min(rowspan, len(rows) - r)):
                for dc in range(colspan):
                    slots[(r + dr, c + dc)] = text if dr == dc == 0 else None
            c += colspan
            width = max(width, c)
    return [[slots.get((r, c)) for c in range(width)] for r in range(len(rows))]
