"""Scoring anchors and titles: where is the annual-report column, which links are reports.

Why scoring rather than fixed paths: paths drift (10 of 16 Beijing district report roots moved in a
week, research C.4) while the words people click on (政府信息公开年报, 公开年报…) and the slugs
CMSes derive from them (zfxxgknb, xxgknb, ndbg…) stay. Every word list is data in
``crawler/data/discovery.yml``; this module only adds the weights up.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

DATA = Path(__file__).resolve().parent / "data" / "discovery.yml"
_SPACE = re.compile(r"\s+")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年?")


@dataclass(frozen=True)
class Rules:
    column_texts: dict[str, int]
    section_texts: dict[str, int]
    column_slugs: dict[str, int]
    section_slugs: dict[str, int]
    negative_texts: tuple[str, ...]
    negative_slugs: frozenset[str]
    column_threshold: int
    section_threshold: int
    max_sections_per_page: int
    max_columns_per_page: int
    year_subcolumn: re.Pattern[str]
    organ_subcolumns: frozenset[str]
    subcolumn_max_text: int
    organ_text: re.Pattern[str]
    max_parallel_columns: int
    report_title: re.Pattern[str]
    exclude_title: re.Pattern[str]
    attachment_exts: tuple[str, ...]
    attachment_patterns: tuple[re.Pattern[str], ...]
    next_texts: frozenset[str]
    antibot_statuses: frozenset[int]
    antibot_markers: tuple[str, ...]
    cookie_script: re.Pattern[str]
    max_challenge_bytes: int


@functools.cache
def rules(path: str | None = None) -> Rules:
    """The discovery rules (cached; ``path`` only for tests of other rule files)."""
    raw = yaml.safe_load(Path(path or DATA).read_text(encoding="utf-8"))
    anti = raw["antibot"]
    return Rules(
        column_texts=dict(raw["column_texts"]),
        section_texts=dict(raw["section_texts"]),
        column_slugs={k.lower(): v for k, v in raw["column_slugs"].items()},
        section_slugs={k.lower(): v for k, v in raw["section_slugs"].items()},
        negative_texts=tuple(raw["negative_texts"]),
        negative_slugs=frozenset(s.lower() for s in raw["negative_slugs"]),
        column_threshold=int(raw["column_threshold"]),
        section_threshold=int(raw["section_threshold"]),
        max_sections_per_page=int(raw["max_sections_per_page"]),
        max_columns_per_page=int(raw["max_columns_per_page"]),
        year_subcolumn=re.compile(raw["year_subcolumn"]),
        organ_subcolumns=frozenset(raw["organ_subcolumns"]),
        subcolumn_max_text=int(raw["subcolumn_max_text"]),
        organ_text=re.compile(raw["organ_text"]),
        max_parallel_columns=int(raw["max_parallel_columns"]),
        report_title=re.compile(raw["report_title"]),
        exclude_title=re.compile(raw["exclude_title"]),
        attachment_exts=tuple(e.lower() for e in raw["attachment_exts"]),
        attachment_patterns=tuple(re.compile(p, re.I) for p in raw["attachment_patterns"]),
        next_texts=frozenset(raw["next_texts"]),
        antibot_statuses=frozenset(int(s) for s in anti["statuses"]),
        antibot_markers=tuple(anti["body_markers"]),
        cookie_script=re.compile(anti["cookie_script"], re.S),
        max_challenge_bytes=int(anti["max_challenge_bytes"]),
    )


def clean_text(text: str | None) -> str:
    return _SPACE.sub("", text or "")


def _segments(url: str) -> list[str]:
    parts = urlsplit(url)
    segs = [unquote(s).lower() for s in parts.path.split("/") if s]
    if segs and "." in segs[-1]:
        segs[-1] = segs[-1].rsplit(".", 1)[0]
    return segs


def _slug_score(segments: list[str], table: dict[str, int]) -> int:
    best = 0
    for seg in segments:
        base = re.sub(r"(?:[_-]\w*?\d+\w*|\d+)$", "", seg)
        for slug, weight in table.items():
            if seg == slug or base == slug or (len(slug) >= 5 and slug in seg):
                best = max(best, weight)
    return best


def _text_score(text: str, table: dict[str, int]) -> int:
    return max((w for word, w in table.items() if word in text), default=0)


@dataclass(frozen=True)
class AnchorScore:
    column: int
    section: int


def score_anchor(text: str | None, url: str, title_attr: str | None = None) -> AnchorScore:
    """How much an anchor looks like the annual-report column, and like the disclosure section above it."""
    r = rules()
    words = clean_text(text) or clean_text(title_attr)
    if len(words) > 30 or (words and any(n in words for n in r.negative_texts)):
        return AnchorScore(0, 0)
    segments = _segments(url)
    if any(s in r.negative_slugs for s in segments):
        return AnchorScore(0, 0)
    column = _text_score(words, r.column_texts) + _slug_score(segments, r.column_slugs) // 2
    section = _text_score(words, r.section_texts) + _slug_score(segments, r.section_slugs) // 2
    if is_report_title(words) or r.exclude_title.search(words) or (len(words) > 14 and _YEAR.search(words)):
        return AnchorScore(0, 0)  # an article (a report, its 解读, a notice), not a column
    return AnchorScore(column, section)


def is_report_title(title: str | None) -> bool:
    """An annual information-disclosure report's title (not its 解读/图解 companion)."""
    r = rules()
    words = clean_text(title)
    return bool(words) and bool(r.report_title.search(words)) and not r.exclude_title.search(words)


def title_year(title: str | None) -> int | None:
    """The report year a title names (the first 19xx/20xx), or None."""
    m = _YEAR.search(clean_text(title))
    return int(m.group(1)) if m else None


def is_subcolumn(text: str | None) -> bool:
    """A year (2022年) or organ-group (部门, 乡镇街道…) link inside a report column."""
    r = rules()
    words = clean_text(text)
    return bool(words) and (bool(r.year_subcolumn.match(words)) or words in r.organ_subcolumns)


_DIRECTORY = re.compile(r"(?:/|/index\.s?html?|/default\.s?html?|/col/col\d+/index\.html|/list\.s?html?)$", re.I)


def is_directory_like(url: str, text: str | None) -> bool:
    """A column-looking link (``…/xs/``, ``…/index.html``, ``col/col123/…``) with a short text."""
    words = clean_text(text)
    return (bool(words) and len(words) <= rules().subcolumn_max_text and not words.isdigit()
            and not is_next_link(words) and bool(_DIRECTORY.search(urlsplit(url).path)))


def url_shape(url: str) -> str:
    """``/OpennessContent/showList/#/#/page_#.html``: a URL with its numbers (ids) blanked out."""
    parts = urlsplit(url)
    return parts.netloc + re.sub(r"\d+", "#", parts.path) + ("?" + re.sub(r"\d+", "#", parts.query) if parts.query
                                                            else "")


def is_organ_name(text: str | None) -> bool:
    """A unit's name (县财政局, 义门镇, 乡镇街道…): short and ending like an organ."""
    words = clean_text(text)
    r = rules()
    return 2 <= len(words) <= 20 and (bool(r.organ_text.search(words)) or words in r.organ_subcolumns)


def is_next_link(text: str | None) -> bool:
    return clean_text(text) in rules().next_texts


def is_attachment(url: str, text: str | None = None) -> bool:
    """A report file linked from a page: pdf/doc/docx/wps by extension or a download endpoint."""
    r = rules()
    words = clean_text(text)
    if words and r.exclude_title.search(words):
        return False
    path = urlsplit(url).path.lower()
    query = urlsplit(url).query.lower()
    ext = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    if ext in r.attachment_exts:
        return True
    if any(p.search(url) for p in r.attachment_patterns):
        return any(f".{e}" in query for e in r.attachment_exts) or not query
    return False
