"""Platform rules for web pages (data/page.yml): body containers, chrome lines, date lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class PageRules:
    containers: tuple[str, ...]  # xpaths, tried in order
    min_body_chars: int
    drop_tags: tuple[str, ...]
    meta: dict[str, tuple[str, ...]]
    chrome: re.Pattern[str]  # all chrome-line patterns as one alternation
    dates: tuple[re.Pattern[str], ...]


@cache
def page_rules() -> PageRules:
    raw = yaml.safe_load(resources.files("extract").joinpath("data/page.yml").read_text("utf-8"))
    return PageRules(
        containers=tuple(c["xpath"] for c in raw["containers"]),
        min_body_chars=int(raw["min_body_chars"]),
        drop_tags=tuple(raw["drop_tags"]),
        meta={k: tuple(v) for k, v in raw["meta"].items()},
        chrome=re.compile("|".join(f"(?:{p})" for p in raw["chrome_lines"])),
        dates=tuple(re.compile(p) for p in raw["date_lines"]),
    )
