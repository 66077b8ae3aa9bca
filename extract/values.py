"""Normalise one statistical cell exactly as the spec says.

A number is stored as a number with its raw text beside it; a blank (empty, /, —, -, 无) is null with
status `blank`, never a silent 0; text that is not certainly a number is null with status `unparsed`.
Money is stored in 万元; the unit written in the cell, else in the header, decides.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .textnorm import fold_width

BLANK_MARKS = frozenset({"", "/", "\\", "-", "--", "---", "无", "空", "——", "/ /", "//"})
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?"
VALUE_TOKEN = re.compile(rf"^(?:[+\-]|增加?|减少?)?(?:{_NUMBER})(?:万元|万|元|件|个|条|项|次)?$")
_COUNT = re.compile(rf"^({_NUMBER})(万)?(?:件|个|条|项|次)?$")
_SIGNED = re.compile(rf"^(增加?|减少?|\+|-)?({_NUMBER})(?:件|个|项)?$")
_MONEY = re.compile(rf"^({_NUMBER})(万元|万|元)?$")


@lru_cache(maxsize=65536)
def compact(raw: str) -> str:
    """The raw cell text folded to half-width, without spaces; what the rules below read."""
    return re.sub(r"\s+", "", fold_width(raw))


@lru_cache(maxsize=65536)
def is_value_token(raw: str) -> bool:
    """Whether a table cell holds a statistic (a number or a blank mark) rather than a label."""
    text = compact(raw)
    return text in BLANK_MARKS or bool(VALUE_TOKEN.match(text))


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _tidy(x: float) -> int | float:
    return int(x) if x == int(x) else round(x, 6)


def parse_value(raw: str, kind: str, unit_hint: str | None = None) -> tuple[int | float | None, str]:
    """(value, status) for a cell of a column of this kind (count, signed or money)."""
    text = compact(raw)
    if text in BLANK_MARKS:
        return None, "blank"
    if kind == "count":
        m = _COUNT.match(text)
        if not m:
            return None, "unparsed"
        x = _number(m.group(1)) * (10_000 if m.group(2) else 1)
        return (int(x), "ok") if x == int(x) else (None, "unparsed")
    if kind == "signed":
        m = _SIGNED.match(text)
        if not m:
            return None, "unparsed"
        x = _number(m.group(2))
        if x != int(x):
            return None, "unparsed"
        return (-int(x) if (m.group(1) or "").startswith(("减", "-")) else int(x)), "ok"
    if kind == "money":
        m = _MONEY.match(text)
        if not m:
            return None, "unparsed"
        unit = m.group(2) or unit_hint
        if unit in ("万元", "万"):
            return _tidy(_number(m.group(1))), "ok"
        if unit == "元":
            return _tidy(_number(m.group(1)) / 10_000), "ok"
        return None, "unparsed"  # no unit anywhere: a factor of 10,000 is not ours to guess
    raise ValueError(f"unknown column kind {kind!r}")
