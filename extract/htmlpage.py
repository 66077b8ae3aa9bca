"""Read a report web page: find the article body, keep its text and tables in reading order.

The body is found by the platform containers of data/page.yml (TRS_Editor, #zoom, #vsb_content…);
failing that, by the smallest element that holds the report's headings and statistical tables; and
only then by trafilatura, the general fallback, which keeps text but not the structure of tables.
"""

from __future__ import annotations

import re

import trafilatura
from lxml import etree, html

from .chrome import find_published, find_source, iso_date
from .document import Document, Line
from .grid import table_grid
from .pagerules import page_rules
from .textnorm import cjk_count, clean_line

_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
    "table", "thead", "tbody", "section", "article", "header", "footer", "blockquote", "pre", "center", "form",
    "hr", "caption", "figure", "figcaption", "main", "nav", "aside",
}
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_REPORT_MARKS = re.compile(r"总体情况|申请人情况|第二十条|行政复议|主动公开政府信息")


class _Walker:
    """Linearise an element: block boundaries end lines; leaf tables become grid rows."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self._buf: list[str] = []

    def flush(self) -> None:
        text = clean_line("".join(self._buf))
        if text:
            self.lines.append(Line(text))
        self._buf = []

    def walk(self, el: html.HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table" and not el.xpath(".//table"):
            self.flush()
            self._table(el)
            return
        if tag == "br":
            self.flush()
            return
        block = tag in _BLOCKS
        if block:
            self.flush()
        if el.text and tag:
            self._buf.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self._buf.append(child.tail)
        if block:
            self.flush()

    def _table(self, table: html.HtmlElement) -> None:
        grid = table_grid(table)
        width = max((len(r) for r in grid), default=0)
        if width <= 1:  # a one-column layout table holds paragraphs, not statistics
            for row in grid:
                for cell in row:
                    if cell:
                        self.lines.append(Line(cell))
            return
        for row in grid:
            if any(row):
                self.lines.append(Line("\t".join(c or "" for c in row), tuple(row)))


def _metas(tree: html.HtmlElement) -> dict[str, str]:
    """Every <meta name|property content> of the page, by lower-case name (the first of each wins)."""
    found: dict[str, str] = {}
    for el in tree.xpath("//meta[@name or @property]"):
        name, content = (el.get("name") or el.get("property") or "").lower(), (el.get("content") or "").strip()
        if content:
            found.setdefault(name, content)
    return found


def _meta(metas: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((metas[n.lower()] for n in names if n.lower() in metas), None)


def _clean_tree(tree: html.HtmlElement) -> None:
    rules = page_rules()
    for el in tree.xpath("|".join(f"//{t}" for t in rules.drop_tags) + "|//comment()"):
        _drop(el)
    for el in tree.xpath("//*[@style]"):
        if _HIDDEN.search(el.get("style", "")):
            _drop(el)


def _drop(el: etree._Element) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _container(tree: html.HtmlElement) -> html.HtmlElement | None:
    """The article body by platform rules, else the element that holds the report's parts."""
    rules = page_rules()
    for xpath in rules.containers:
        found = [el for el in tree.xpath(xpath) if isinstance(el.tag, str)]
        scored = [(cjk_count(el.text_content()), el) for el in found]
        scored = [s for s in scored if s[0] >= rules.min_body_chars]
        if scored:
            return max(scored, key=lambda s: s[0])[1]
    marks = [el for el in tree.iter() if isinstance(el.tag, str) and el.text and _REPORT_MARKS.search(el.text)]
    if len(marks) >= 2:
        ancestors = [set(m.iterancestors()) | {m} for m in marks]
        common = set.intersection(*ancestors)
        if common:
            deepest = max(common, key=lambda el: len(list(el.iterancestors())))
            if cjk_count(deepest.text_content()) >= rules.min_body_chars:
                return deepest
    return None


def _title_hint(tree: html.HtmlElement, metas: dict[str, str]) -> str | None:
    title = _meta(metas, page_rules().meta["title"])
    if not title:
        heads = [clean_line(h.text_content()) for h in tree.xpath("//h1|//h2")]
        title = next((h for h in heads if "报告" in h or "年报" in h), None)
    if not title:
        page_title = tree.findtext(".//title") or ""
        title = clean_line(re.split(r"[_|]| - ", page_title)[0]) or None
    return title


def _trafilatura_lines(text: str) -> list[Line]:
    """The general fallback: trafilatura's main text; its pipe tables become tab rows."""
    extracted = trafilatura.extract(text, include_tables=True, include_comments=False, output_format="txt") or ""
    lines = []
    for raw in extracted.splitlines():
        raw = raw.strip()
        if raw.startswith("|") and raw.endswith("|"):
            raw = "\t".join(c.strip() for c in raw.strip("|").split("|"))
        if raw:
            lines.append(Line(raw))
    return lines


def read_html(text: str, encoding: str | None = None) -> Document:
    """Parse a page into a Document of body lines (chrome is removed later, line by line)."""
    text = _XML_DECL.sub("", text, count=1)
    try:
        tree = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        return Document([], "html", encoding, errors=[f"unreadable HTML: {exc}"])
    metas = _metas(tree)
    title = _title_hint(tree, metas)
    site = " ".join(filter(None, [_meta(metas, page_rules().meta["site"]), tree.findtext(".//title")]))
    published = iso_date(_meta(metas, page_rules().meta["published"]) or "")
    _clean_tree(tree)
    page_text = "\n".join(tree.itertext())
    if not published:  # the 发布日期 box or 来源/日期 line usually stands outside the body
        published = find_published(page_text)
    site = " ".join(filter(None, [site, find_source(page_text)]))
    body = _container(tree)
    if body is None:
        return Document(_trafilatura_lines(text), "html", encoding, title, published, site)
    walker = _Walker()
    try:
        walker.walk(body)
    except RecursionError:
        return Document(_trafilatura_lines(text), "html", encoding, title, published, site,
                        errors=["page nested too deeply; read with the general fallback"])
    walker.flush()
    return Document(walker.lines, "html", encoding, title, published, site)
