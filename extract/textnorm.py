"""Text normalisation shared by every extractor.

Reports reach us through PDF text layers, Word exports and web pages, so the same label can come
with full-width punctuation, stray spaces between characters, `**` bold marks or curly quotes.
Labels are compared only after folding all of that away.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

import yaml

# Full-width ASCII (！..～) folds to half-width; the ideographic space to a space; a few look-alikes.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, ord("〔"): ord("("), ord("〕"): ord(")"), ord("【"): ord("["), ord("】"): ord("]"),
              ord("—"): ord("-"), ord("–"): ord("-")})
_NEEDS_FOLD = re.compile("[\uff01-\uff5e\u3000〔〕【】—–]")
_QUOTES = re.compile(r"[\"'“”‘’「」『』《》〈〉]")
_SPACE = re.compile(r"[\s\u00a0\u200b\u2002\u2003\ufeff]+")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_DIGIT_GAP = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0]+(?=\d)|(?<=\d)[ \t\u00a0]+(?=[{_CJK}])")


_MAY_NEED_CJK_FOLD = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")


@cache
def _cjk_variants() -> dict[int, str]:
    table = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in (*range(0x2F00, 0x2FD6), *range(0xF900, 0xFB00))}
    raw = yaml.safe_load(resources.files("extract").joinpath("data/cjk_variants.yml").read_text("utf-8"))
    table.update({ord(k): v for k, v in raw["radicals_supplement"].items()})
    return {cp: v for cp, v in table.items() if v != chr(cp)}


def fold_cjk_variants(text: str) -> str:
    """Replace radical and compatibility look-alikes with the common ideograph ("部⻔" → "部门").

    Text copied out of Word/WPS PDFs carries them, in PDFs and in web pages pasted from PDFs alike;
    unfolded, labels do not match and a search for 部门 misses the report (data/cjk_variants.yml).
    """
    return text.translate(_cjk_variants()) if _MAY_NEED_CJK_FOLD.search(text) else text


def fold_width(text: str) -> str:
    """Fold full-width ASCII and the ideographic space to their half-width forms."""
    return text.translate(_FOLD) if _NEEDS_FOLD.search(text) else text


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """The comparable form of a table label: folded, without white space, quotes, bold or heading marks."""
    text = fold_width(text).replace("**", "").replace("#", "")
    text = _QUOTES.sub("", text)
    return _SPACE.sub("", text)


def clean_line(text: str) -> str:
    """A text line with bold marks dropped and runs of white space folded to one space."""
    return _SPACE.sub(" ", text.replace("**", "")).strip()


def tidy_title(text: str) -> str:
    """Drop the spaces a PDF text layer puts between CJK characters and digits ("建宁县 2022 年")."""
    return _CJK_DIGIT_GAP.sub("", clean_line(text))


def cjk_count(text: str) -> int:
    """How many CJK ideographs a text holds: the measure of whether a body is real report text."""
    return len(re.findall(rf"[{_CJK}]", text))
