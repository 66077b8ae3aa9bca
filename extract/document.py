"""The linear document every reader produces and the table parser consumes.

Web pages, text files (and later PDF and DOCX) all become a list of lines in reading order. A line
is either running text or a table row. Rows read from real markup (HTML, DOCX) keep the difference
between a cell covered by a span (None) and a cell that is empty on the page (""), which is what
lets the parser tell a blank statistic from a merged label.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class UnreadableDocument(Exception):
    """A reader could not get usable text (encrypted, scanned, junk, over a cap); the message says why."""


@dataclass(frozen=True)
class Line:
    text: str
    cells: tuple[str | None, ...] | None = None  # a table row from real markup

    @property
    def is_row(self) -> bool:
        return self.cells is not None


@dataclass
class Document:
    lines: list[Line]
    kind: str  # html | text | pdf | docx | doc
    encoding: str | None = None
    title_hint: str | None = None  # from <meta ArticleTitle>, <h1> …
    published_hint: str | None = None  # ISO date from <meta PubDate> or a 发布日期 line
    site_hint: str = ""  # SiteName/keywords metas and the <title>: they name the county when the body does not
    errors: list[str] = field(default_factory=list)
