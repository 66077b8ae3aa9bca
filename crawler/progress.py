"""Live progress on stderr, and periodic writes of the crawl status tables.

A compact table, one line per portal (state, pages, reports found/new/revised/unchanged, duplicates,
errors, blocked), redrawn in place on a terminal and printed every few seconds otherwise (a log file,
CI). The same tick writes ``portal_status`` and ``crawl_runs``, so Datasette shows a crawl in
progress and a killed crawl leaves its figures.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any, TextIO

from scrapy import Spider, signals
from twisted.internet import task

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

HEADER = f"{'portal':22} {'state':9} {'pages':>5} {'found':>5} {'new':>4} {'rev':>4} {'same':>4} {'dup':>4} {'err':>4}"


def table(state: Any, portal_ids: list[str], elapsed: float) -> list[str]:
    lines = [HEADER]
    for pid in portal_ids:
        pc = state.portals[pid]
        f = state.figures(pid)
        lines.append(f"{pid[:22]:22} {pc.state[:9]:9} {f['pages']:>5} {f['reports_found']:>5} {f['new']:>4} "
                     f"{f['revised']:>4} {f['unchanged']:>4} {f['duplicates']:>4} {f['errors']:>4}")
    t = state.totals()
    lines.append(f"{len(portal_ids)} portals, {elapsed:5.1f} s: {t['pages']} pages, {t['reports_found']} reports "
                 f"found, {t['new']} new, {t['revised']} revised, {t['blocked']} blocked, {t['errors']} errors")
    return lines


class Progress:
    """Scrapy extension: the status table on stderr and the status tables in the archive."""

    def __init__(self, crawler: Crawler, stream: TextIO = sys.stderr) -> None:
        self.crawler = crawler
        self.enabled = crawler.settings.getbool("GOVREPORTS_PROGRESS", True)
        self.interval = crawler.settings.getfloat("GOVREPORTS_PROGRESS_INTERVAL", 1.0)
        self.stream = stream
        self.tty = stream.isatty()
        self.drawn = 0
        self.last_print = 0.0
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        self.spider: Spider | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened, weak=False)
        crawler.signals.connect(ext.closing, signal=signals.spider_idle, weak=False)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed, weak=False)
        return ext

    def opened(self, spider: Spider) -> None:
        self.spider = spider
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(self.interval, now=False)

    def tick(self, final: bool = False) -> None:
        spider = self.spider
        state = getattr(spider, "crawl_state", None) if spider and getattr(spider, "session", None) else None
        if state is None:
            return
        state.flush()
        if not self.enabled:
            return
        lines = table(state, sorted(state.portals), time.monotonic() - self.started)
        if self.tty:
            up = f"\x1b[{self.drawn}F" if self.drawn else ""
            self.stream.write(up + "".join(f"\x1b[2K{line}\n" for line in lines))
            self.drawn = len(lines)
        elif final or time.monotonic() - self.last_print >= 5:
            self.stream.write("\n".join(lines) + "\n")
            self.last_print = time.monotonic()
        self.stream.flush()

    def closing(self, spider: Spider) -> None:
        """Idle means done: draw the last table before the spider closes the session."""
        self.tick(final=True)

    def closed(self, spider: Spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
