"""One crawl's files and run bookkeeping: archive connection, crawl tables, WARC log, JOBDIR hygiene.

Why the JOBDIR hygiene: Scrapy saves its scheduler queue and its ``requests.seen`` file properly only
when the crawl stops cleanly (queuelib writes the queue's head/tail pointers on close; the seen file
is buffered). After a SIGKILL those files disagree with what was done: requests may be marked seen
but never made. So:

* a clean stop (Ctrl-C, SIGTERM, a cap) leaves ``job/clean`` and the next start resumes Scrapy's
  queue exactly;
* a kill leaves no marker: the queue files are dropped and the crawl restarts from the portals'
  homes under the *same run id*; ``crawl_urls`` (crawler/state.py) then skips every article this run
  already stored, and the archive's content addressing makes any re-capture of an in-flight one a
  no-op for originals and reports;
* a finished run clears the job directory, so the next run starts afresh (as a rerun).
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

from archive import Archive
from crawler.state import CrawlState
from crawler.warc import WarcLog

log = logging.getLogger(__name__)
CLEAN = "clean"


class Session:
    """Opened when the spider is created (before Scrapy opens the JOBDIR), closed with the spider."""

    def __init__(self, *, db: str | Path, crawl_dir: str | Path, jobdir: str | None, registry: str,
                 years: str | None, portals: int) -> None:
        self.crawl_dir = Path(crawl_dir)
        self.crawl_dir.mkdir(parents=True, exist_ok=True)
        self.run_file = self.crawl_dir / "run.json"
        self.jobdir = Path(jobdir) if jobdir else None
        previous = self._previous_run(Path(db))
        if previous is None:
            self._clear_job("a new run")
        elif self.jobdir and not (self.jobdir / CLEAN).exists() and self._job_has_state():
            self._clear_job("the previous process was killed; restarting from the homes under the same run")
        if self.jobdir:
            (self.jobdir / CLEAN).unlink(missing_ok=True)
        self.archive = Archive(db)
        self.state = CrawlState(self.archive.conn, self.archive.transaction)
        self.run_id = self.state.start_run(registry=registry, years=years, portals=portals,
                                           crawl_dir=str(self.crawl_dir), resume=previous)
        self.resumed = previous is not None and previous == self.run_id
        self._write_run(finished=False, db=Path(db))
        self.warc = WarcLog(self.crawl_dir / "warc", self.run_id)

    def _previous_run(self, db: Path) -> int | None:
        """The id of an interrupted run of this crawl directory on this database, if any."""
        try:
            info = json.loads(self.run_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if info.get("finished") or Path(info.get("db", "")).resolve() != db.resolve():
            return None
        return int(info["run_id"])

    def _job_has_state(self) -> bool:
        return bool(self.jobdir and self.jobdir.exists() and any(self.jobdir.iterdir()))

    def _clear_job(self, why: str) -> None:
        if self._job_has_state():
            log.info("clearing %s: %s", self.jobdir, why)
            shutil.rmtree(self.jobdir, ignore_errors=True)

    def _write_run(self, *, finished: bool, db: Path) -> None:
        self.run_file.write_text(json.dumps({"run_id": self.run_id, "finished": finished, "db": str(db.resolve())}),
                                 encoding="utf-8")

    def close(self, reason: str) -> None:
        """End of the spider: figures written, run closed or left resumable, files closed."""
        finished = reason == "finished"
        if finished:
            self.state.close_portals()
        self.state.finish_run(reason)
        self._write_run(finished=finished, db=self.archive.path)
        self.warc.close()
        self.archive.close()
        if self.jobdir:  # a finished run's job directory is cleared when the next run starts
            self.jobdir.mkdir(parents=True, exist_ok=True)
            (self.jobdir / CLEAN).write_text(reason, encoding="utf-8")


def describe(session: Session) -> dict[str, Any]:
    return {"run_id": session.run_id, "resumed": session.resumed, "warc": str(session.warc.path)}
