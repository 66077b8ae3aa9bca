"""The replica web: every replica portal served on its own 127.0.0.1 port, with a request log.

    from replica.server import serve
    web = serve()                 # starts every site; writes registry.yml and manifest.yml
    web.registry_path             # give this to the crawler (docs/registry.md format)
    web.manifest()                # ground truth: every report, decoy, error, trap, blocked site
    web.revise("zj-yunhe/2022/xzfb"); web.add({...})   # change the web between two crawls
    web.log                       # every request: method, host:port, path, status
    web.stop()

The manifest (``manifest()``, also written as ``manifest.yml``) has five lists:

- ``sites``: id, kind (county | city | outside), platform, home, hosts, blocked (null | jsl | ruishu).
- ``reports``: one entry per distinct report: ``id`` (stable, "<site>/<year>/<organ key>"), ``site``,
  ``url`` (the article page), ``documents`` ([{format: html|pdf|docx, url}] - where the report's
  content is; a page that only wraps an attachment is not an html document), ``twins`` (other URLs
  of the same page: ``_wap.html``, ``?isMobile=false``, xxgkAnnualReport.jsp, the interface-cms API),
  ``also_at`` (reposts on another portal, e.g. the prefecture's 区县年报 column: dedupe them),
  title, organ, organ_kind, province, city, county (null for a city's own report), adcode, year,
  template (v2019 | v2021), published (page date), formats, seed (the seed it derives from),
  revision, narrative_requests, and ``tables``: every cell in the canonical keys of
  shared/spec/report-format.md (``tables.requests.granted`` = 7 values, as the seeds' expected YAML).
- ``decoys``: pages that must not be stored as reports (kind jiedu | tujie | notice | news).
- ``errors``: URLs a crawler meets that fail on purpose (404 broken link, 500, 301/302 chain).
- ``traps``: endless URL spaces (kind, start URL, whether robots.txt forbids them).
- ``blocked``: anti-bot sites (521 加速乐, 412 瑞数) to be recorded as blocked.

Why loopback ports: there is no internet, and a crawler must treat each portal's hosts as
distinct origins (a sibling xxgk host, the city portal, outside mirror sites). One port per host
gives exactly that without DNS. The request log lets a test prove that nothing off a portal's
listed hosts was fetched and that robots.txt and traps were respected.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from replica.sites import PORTALS
from replica.sites.base import Portal, Request, Resource, Response
from replica.sites.content import ReportSpec


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    host: str  # the 127.0.0.1:PORT that was contacted
    path: str  # path and query as sent
    status: int
    site: str  # portal id ("" if unknown)
    host_header: str
    time: float


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


def _handler_class(web: ReplicaWeb, portal: Portal, key: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "nginx"
        sys_version = ""
        disable_nagle_algorithm = True  # headers and body go out in separate writes: no 40 ms stalls

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            req = Request(self.command, self.path, dict(self.headers.items()), body)
            try:
                resp = portal.handle(key, req)
            except Exception as exc:  # a bug in a page must not kill the server thread
                resp = Response(500, f"replica error: {exc!r}".encode(), [("Content-Type", "text/plain")])
            web._record(self.command, self.server.server_address[1], self.path, resp.status, portal.id, self.headers)
            self.send_response(resp.status)
            for name, value in resp.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(resp.body)))
            self.end_headers()
            if self.command != "HEAD" and resp.status not in (204, 304):
                self.wfile.write(resp.body)

        do_GET = _answer
        do_POST = _answer
        do_HEAD = _answer

        def log_message(self, format: str, *args: Any) -> None:  # quiet: the web keeps its own log
            pass

    return Handler


class ReplicaWeb:
    """All replica portals. Build with :func:`serve`; ports are chosen by the OS (free ones)."""

    def __init__(self, root: str | Path | None = None, address: str = "127.0.0.1") -> None:
        self.address = address
        self._own_root = root is None
        self.root = Path(tempfile.mkdtemp(prefix="replica-")) if root is None else Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.portals: dict[str, Portal] = {}
        self._ports: dict[tuple[str, str], int] = {}
        self._servers: list[tuple[_Server, threading.Thread]] = []
        self._log: list[LoggedRequest] = []
        self._log_lock = threading.Lock()
        self._added = 0
        for cls in PORTALS:
            portal = cls(self)
            self.portals[portal.id] = portal

    # ---- life cycle -------------------------------------------------------------------------

    def start(self) -> ReplicaWeb:
        """Bind every host to a free port, build every portal, then start answering."""
        bound = []
        for portal in self.portals.values():
            for key in portal.hosts:
                server = _Server((self.address, 0), _handler_class(self, portal, key))
                self._ports[(portal.id, key)] = server.server_address[1]
                bound.append(server)
        for portal in self.portals.values():
            portal.build()
        for server in bound:
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
            thread.start()
            self._servers.append((server, thread))
        self.write()
        threading.Thread(target=self._warm, daemon=True).start()
        return self

    def _warm(self) -> None:
        """Render the Word attachments in the background: python-docx needs ~0.3 s for each, which a
        crawler's first request would otherwise wait for."""
        for portal in list(self.portals.values()):
            with portal.lock:
                todo = [r for routes in portal.routes.values() for r in routes.values()
                        if isinstance(r, Resource) and "officedocument" in r.content_type]
            for resource in todo:
                resource.body  # noqa: B018 - computes and caches

    def stop(self) -> None:
        """Stop every server and free its port (and remove the temporary root, if we made it)."""
        stoppers = [threading.Thread(target=server.shutdown) for server, _ in self._servers]
        for t in stoppers:  # in parallel: each shutdown waits for one poll interval
            t.start()
        for t in stoppers:
            t.join(timeout=5)
        for server, thread in self._servers:
            server.server_close()
            thread.join(timeout=5)
        self._servers.clear()
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> ReplicaWeb:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- addressing -------------------------------------------------------------------------

    def port(self, portal_id: str, key: str = "www") -> int:
        return self._ports[(portal_id, key)]

    def ports(self) -> list[int]:
        return sorted(self._ports.values())

    def portal(self, portal_id: str) -> Portal:
        return self.portals[portal_id]

    def urls(self) -> dict[str, str]:
        """Home page of every portal (outside sites included), by portal id."""
        return {pid: p.home for pid, p in self.portals.items()}

    def listed_hosts(self) -> set[str]:
        """host:port of every portal in the registry (outside sites are not listed)."""
        return {p.host(k) for p in self.portals.values() if p.kind != "outside" for k in p.hosts}

    # ---- request log ------------------------------------------------------------------------

    def _record(self, method: str, port: int, path: str, status: int, site: str, headers: Mapping[str, str]) -> None:
        entry = LoggedRequest(method, f"{self.address}:{port}", path, status, site, headers.get("Host", ""),
                              time.time())
        with self._log_lock:
            self._log.append(entry)

    @property
    def log(self) -> list[LoggedRequest]:
        with self._log_lock:
            return list(self._log)

    def clear_log(self) -> None:
        with self._log_lock:
            self._log.clear()

    # ---- changing the web -------------------------------------------------------------------

    def _find(self, report_id: str) -> tuple[Portal, int]:
        for portal in self.portals.values():
            for i, spec in enumerate(portal.reports):
                if spec.id == report_id:
                    return portal, i
        raise KeyError(report_id)

    def revise(self, report_id: str) -> ReportSpec:
        """A county quietly corrects a published report: same URL and title, a few numbers changed
        (every document of the report, and reposts of it, change together)."""
        portal, i = self._find(report_id)
        spec = portal.reports[i].revised()
        if "pdf" in spec.formats:
            from replica.sites.content import DATA, pdf_name

            if not (DATA / "pdf" / pdf_name(spec)).exists():
                raise ValueError(f"{report_id}: no PDF built for revision {spec.revision}")
        portal.reports[i] = spec
        touched = {portal}
        for other in self.portals.values():
            for j, copy in enumerate(other.reports):
                if copy.same_as == report_id:
                    other.reports[j] = replace(copy, revision=spec.revision)
                    touched.add(other)
        for p in touched:
            p.build()
        self.write()
        return spec

    def add(self, report: ReportSpec | Mapping[str, Any]) -> str:
        """Publish a new report. ``report`` is a ReportSpec or a mapping with at least ``portal``
        (ids like ``zj-yunhe``); other fields default to a department report of the newest year."""
        if not isinstance(report, ReportSpec):
            data = dict(report)
            portal = self.portals[data.pop("portal")]
            self._added += 1
            spec = portal.new_report(self._added, **data)
        else:
            spec = report
            portal = self.portals[spec.portal]
        if any(s.id == spec.id for s in portal.reports):
            raise ValueError(f"{spec.id}: already published")
        if "pdf" in spec.formats and not spec.same_as:
            from replica.sites.content import DATA, pdf_name

            if not (DATA / "pdf" / pdf_name(spec)).exists():
                raise ValueError(f"{spec.id}: PDFs are pre-built (replica/data/build.py); use html or docx")
        portal.reports.append(spec)
        portal.build()
        self.write()
        return spec.id

    # ---- registry and manifest --------------------------------------------------------------

    def registry(self, path: str | Path | None = None, columns: bool | None = None) -> str:
        """The registry (docs/registry.md format) of the replica portals, as YAML text; also written to
        ``path`` if given. ``columns``: None lists report_columns only for the portals that a real
        registry would have seeded (the rest must be discovered), True for all, False for none."""
        portals = [p for p in self.portals.values() if p.kind != "outside"]
        entries = [p.registry_entry(p.columns_known if columns is None else columns) for p in portals]
        doc = {"province": "replica", "portals": entries}
        text = (
            "# Replica web on loopback (generated by replica.server; ports change on every start).\n"
            "# One file for several provinces: each portal carries its own `province`.\n"
            + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120)
        )
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def manifest(self) -> dict[str, Any]:
        """Ground truth of what the web publishes now (format in the module docstring)."""
        reports: list[dict[str, Any]] = []
        decoys: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        traps: list[dict[str, Any]] = []
        for portal in self.portals.values():
            with portal.lock:
                reports += portal.manifest_reports()
                decoys += portal.decoys
                errors += portal.errors
                traps += portal.traps
        by_id = {r["id"]: r for r in reports}
        for portal in self.portals.values():
            for spec in portal.reports:
                if spec.same_as and spec.same_as in by_id and spec.id in portal.locations:
                    loc = portal.locations[spec.id]
                    by_id[spec.same_as]["also_at"].append({"site": portal.id, "url": loc["page"],
                                                           "documents": [{"format": f, "url": u}
                                                                         for f, u in loc["documents"]]})
        sites = []
        for portal in self.portals.values():
            sites.append(
                {
                    "id": portal.id,
                    "kind": portal.kind,
                    "platform": portal.platform,
                    "home": portal.home,
                    "hosts": [portal.host(k) for k in portal.hosts],
                    "blocked": portal.blocked or None,
                    "county": portal.county or None,
                    "note": portal.__doc__.strip().splitlines()[0] if portal.__doc__ else "",
                }
            )
        return {
            "sites": sites,
            "reports": reports,
            "decoys": decoys,
            "errors": errors,
            "traps": traps,
            "blocked": [{"site": p.id, "home": p.home, "kind": p.blocked,
                         "status": 521 if p.blocked == "jsl" else 412}
                        for p in self.portals.values() if p.blocked],
        }

    @property
    def registry_path(self) -> Path:
        return self.root / "registry.yml"

    @property
    def manifest_path(self) -> Path:
        return self.root / "manifest.yml"

    def write(self) -> None:
        """(Re)write registry.yml and manifest.yml under the root."""
        self.registry(self.registry_path)
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the C emitter: 3x faster on 15k lines
        text = yaml.dump(self.manifest(), Dumper=dumper, allow_unicode=True, sort_keys=False, width=120,
                         default_flow_style=None)
        self.manifest_path.write_text(text, encoding="utf-8")


def serve(root: str | Path | None = None) -> ReplicaWeb:
    """Start the whole replica web on 127.0.0.1 (free ports). ``root``: where registry.yml and
    manifest.yml are written (default: a temporary directory removed by ``stop()``)."""
    return ReplicaWeb(root).start()


def free(ports: Iterable[int], address: str = "127.0.0.1") -> bool:
    """True if every port can be bound again (used by tests to check that stop() freed them)."""
    for port in ports:
        with socket.socket() as s:
            try:
                s.bind((address, port))
            except OSError:
                return False
    return True
