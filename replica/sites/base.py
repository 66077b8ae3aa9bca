"""The machinery shared by every replica portal: routes, lazily rendered pages, HTTP semantics.

A :class:`Portal` is one county (or city, or outside) web presence. It may span several hosts (the
www site and a sibling xxgk site); on loopback each host is its own 127.0.0.1 port. A portal maps
paths to :class:`Resource` objects (static pages rendered on first request and cached, so start-up
stays fast) or to dynamic handlers (JSON APIs, dataproxy, traps, anti-bot answers). Static pages
get the headers of the web server in front of the CMS (nginx-style ETag and Last-Modified, 304 on
conditional requests), because an incremental crawler depends on them.
"""

from __future__ import annotations

import hashlib
import html
import threading
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.cookies import SimpleCookie
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import parse_qs, urlsplit

from replica.render import Attachment, Report, Site, render
from replica.sites.content import DEPARTMENT, ReportSpec, Truth, truth

if TYPE_CHECKING:
    from replica.server import ReplicaWeb


@dataclass
class Request:
    method: str
    target: str  # path with query, as sent
    headers: Mapping[str, str]
    body: bytes = b""

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.target).query, keep_blank_values=True)

    @property
    def form(self) -> dict[str, list[str]]:
        """Query parameters, with a urlencoded POST body's fields added (dataproxy accepts both)."""
        out = self.query
        if self.body:
            for key, vals in parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True).items():
                out.setdefault(key, []).extend(vals)
        return out

    def arg(self, name: str, default: str = "") -> str:
        return self.form.get(name, [default])[0]

    @property
    def cookies(self) -> dict[str, str]:
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(self.headers.get("Cookie", ""))
        except Exception:
            return {}
        return {k: m.value for k, m in jar.items()}


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)


HTML = "text/html; charset=utf-8"


@dataclass
class Resource:
    """A static page: bytes made on first use (``make``) and cached until the portal rebuilds."""

    make: Callable[[], bytes] | bytes
    content_type: str = HTML
    modified: str = ""  # "YYYY-MM-DD HH:MM:SS"; drives Last-Modified
    status: int = 200
    headers: Sequence[tuple[str, str]] = ()
    _body: bytes | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def body(self) -> bytes:
        with self._lock:
            if self._body is None:
                self._body = self.make() if callable(self.make) else self.make
            return self._body


Handler = Callable[[Request], Response]


def _gmt(stamp: str) -> str:
    """Local China time (UTC+8) of a CMS timestamp, as an HTTP date."""
    from datetime import timedelta, timezone

    when = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone(timedelta(hours=8)))
    return format_datetime(when.astimezone(UTC), usegmt=True)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass
class Item:
    """One entry of a list page."""

    title: str
    href: str
    date: str  # YYYY-MM-DD
    kind: str = "report"  # report | decoy | news | broken | error


class Portal:
    """One replica web presence. Subclasses set the class attributes and implement :meth:`populate`."""

    id = ""
    platform = "generic"  # registry platform hint
    kind = "county"  # county | city | outside
    province = ""
    city = ""
    county = ""
    adcode = ""
    hosts: tuple[str, ...] = ("www",)  # host keys; the first is the home page's
    site_names: ClassVar[dict[str, str]] = {}  # host key -> real-world host name (for the registry notes)
    index_names: tuple[str, ...] = ("index.html",)
    etags = True  # static-file server in front: ETag/Last-Modified/304
    charset_header = True  # Content-Type of HTML carries "; charset=…"
    encoding = "utf-8"
    also_covers: tuple[str, ...] = ()
    columns_known: bool = False  # registry lists report_columns for this portal by default
    blocked = ""  # "" or the anti-bot kind ("jsl" 521, "ruishu" 412)

    def __init__(self, web: ReplicaWeb) -> None:
        self.web = web
        self.reports: list[ReportSpec] = list(self.initial_reports())
        self.routes: dict[str, dict[str, Resource | Handler]] = {}
        self.prefixes: dict[str, list[tuple[str, Handler]]] = {}
        self.decoys: list[dict[str, Any]] = []
        self.errors: list[dict[str, Any]] = []
        self.traps: list[dict[str, Any]] = []
        self.report_columns: list[str] = []
        self.locations: dict[str, dict[str, Any]] = {}  # report id -> where its documents are
        self.lock = threading.RLock()

    # ---- to implement -----------------------------------------------------------------------

    def initial_reports(self) -> Sequence[ReportSpec]:
        return ()

    def populate(self) -> None:
        raise NotImplementedError

    def site(self, column: str = "政府信息公开年报", crumbs: Sequence[str] = ()) -> Site:
        """The render.Site (chrome) for article pages."""
        return Site(
            name=self.gov_name,
            host=self.host("www"),
            breadcrumb=("首页", *crumbs) if crumbs else ("首页", "政务公开", column),
            index_no="",
            site_code=self.adcode + "0001",
            icp="ICP备05000000号",
            organizer=self.gov_name + "办公室",
            column=column,
        )

    # ---- names and URLs ---------------------------------------------------------------------

    @property
    def gov_name(self) -> str:
        return f"{self.county}人民政府"

    def host(self, key: str = "www") -> str:
        return f"127.0.0.1:{self.web.port(self.id, key)}"

    def url(self, path: str, key: str = "www") -> str:
        return f"http://{self.host(key)}{path}"

    @property
    def home(self) -> str:
        return self.url("/", self.hosts[0])

    # ---- building ---------------------------------------------------------------------------

    def build(self) -> None:
        with self.lock:
            self.routes = {h: {} for h in self.hosts}
            self.prefixes = {h: [] for h in self.hosts}
            self.decoys, self.errors, self.traps, self.report_columns = [], [], [], []
            self.locations = {}
            self.populate()

    def add(self, path: str, make: Callable[[], bytes] | bytes, key: str = "www", **kw: Any) -> None:
        if "content_type" not in kw and not self.charset_header:
            kw["content_type"] = "text/html"
        elif "content_type" not in kw:
            kw["content_type"] = f"text/html; charset={self.encoding}"
        self.routes[key][path] = Resource(make, **kw)

    def dynamic(self, path: str, handler: Handler, key: str = "www") -> None:
        self.routes[key][path] = handler

    def dynamic_prefix(self, prefix: str, handler: Handler, key: str = "www") -> None:
        self.prefixes[key].append((prefix, handler))

    def place(self, spec: ReportSpec) -> tuple[str, str | None, str]:
        """(name used in the text, county or None for a city's own report, adcode) of a report: a city
        portal publishes reports of several counties and its own."""
        name = spec.ids.get("county", self.county)
        county = None if spec.ids.get("level") == "city" else name
        return name, county, spec.ids.get("adcode", self.adcode)

    def truth(self, spec: ReportSpec) -> Truth:
        return truth(spec, self.place(spec)[0])

    new_column = ""  # column key for reports published with ReplicaWeb.add()
    new_organs = ("统计局", "审计局", "司法局", "民政局", "水务局", "林业局")

    def new_report(self, n: int, **data: Any) -> ReportSpec:
        """A new department report (``ReplicaWeb.add``): fields in ``data`` override the defaults."""
        year = int(data.pop("year", max(s.year for s in self.reports)))
        organ = data.pop("organ", self.county + self.new_organs[n % len(self.new_organs)])
        key = data.pop("key", f"new{n}")
        fields: dict[str, Any] = {
            "id": f"{self.id}/{year}/{key}",
            "portal": self.id,
            "organ": organ,
            "kind": DEPARTMENT,
            "year": year,
            "seed": "003" if year <= 2020 else "001",
            "published": f"{year + 1}-03-{min(28, 10 + n):02d} 10:00:00",
            "column": self.new_column or self.reports[-1].column,
            "scale": 0.2,
        }
        fields.update(data)
        if isinstance(fields.get("formats"), list):
            fields["formats"] = tuple(fields["formats"])
        return ReportSpec(**fields)

    def render_page(self, report: Report, platform: str, site: Site, **options: Any) -> bytes:
        return render(report, platform, site, **options)

    def record(
        self, spec: ReportSpec, page: str, documents: Sequence[tuple[str, str]], twins: Sequence[str] = ()
    ) -> None:
        """Where a report can be fetched: its article page, its documents (format, URL), twins."""
        self.locations[spec.id] = {"page": page, "documents": list(documents), "twins": list(twins)}

    def decoy(self, url: str, title: str, kind: str) -> None:
        self.decoys.append({"site": self.id, "url": url, "title": title, "kind": kind})

    def error(self, url: str, status: int, kind: str, note: str = "") -> None:
        self.errors.append({"site": self.id, "url": url, "status": status, "kind": kind, "note": note})

    def trap(self, url: str, kind: str, robots_disallowed: bool, note: str = "") -> None:
        self.traps.append(
            {"site": self.id, "url": url, "kind": kind, "robots_disallowed": robots_disallowed, "note": note}
        )

    def attachment(self, name: str, href: str) -> Attachment:
        return Attachment(name, href)

    # ---- answering --------------------------------------------------------------------------

    def robots(self, key: str) -> str | None:
        """robots.txt body for host ``key`` (None: 404)."""
        return "User-agent: *\nDisallow: /search/\n"

    def not_found(self, req: Request) -> Response:
        body = (
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>404 页面不存在</title></head>"
            "<body><h1>404</h1><p>您访问的页面不存在或已被删除。</p><p><a href=\"/\">返回首页</a></p></body></html>"
        ).encode()
        return Response(404, body, [("Content-Type", HTML)])

    def handle(self, key: str, req: Request) -> Response:
        with self.lock:
            routes = self.routes.get(key, {})
            prefixes = list(self.prefixes.get(key, []))
        path = req.path
        if path == "/robots.txt":
            text = self.robots(key)
            if text is None:
                return self.not_found(req)
            return Response(200, text.encode(), [("Content-Type", "text/plain")])
        target = routes.get(path)
        if target is None and path.endswith("/"):
            for name in self.index_names:
                target = routes.get(path + name)
                if target is not None:
                    break
        if target is None and not path.endswith("/"):
            for name in self.index_names:
                if path + "/" + name in routes:
                    query = urlsplit(req.target).query
                    return Response(301, b"", [("Location", path + "/" + (f"?{query}" if query else ""))])
        if target is None:
            for prefix, handler in prefixes:
                if path.startswith(prefix):
                    target = handler
                    break
        if target is None:
            return self.not_found(req)
        if not isinstance(target, Resource):
            return target(req)
        return self.serve_static(target, req)

    def serve_static(self, res: Resource, req: Request) -> Response:
        body = res.body
        headers = [("Content-Type", res.content_type), *res.headers]
        if self.etags and res.status == 200:
            etag = f'"{zlib.crc32(body):08x}-{len(body):x}"'
            headers.append(("ETag", etag))
            if res.modified:
                headers.append(("Last-Modified", _gmt(res.modified)))
            if req.headers.get("If-None-Match") == etag:
                return Response(304, b"", headers)
            since = req.headers.get("If-Modified-Since")
            if since and res.modified and "If-None-Match" not in req.headers:
                try:
                    if parsedate_to_datetime(since) >= parsedate_to_datetime(_gmt(res.modified)):
                        return Response(304, b"", headers)
                except (TypeError, ValueError):
                    pass
        return Response(res.status, body, headers)

    # ---- registry / manifest ----------------------------------------------------------------

    def registry_entry(self, columns: bool) -> dict[str, Any]:
        entry: dict[str, Any] = {"id": self.id}
        if self.adcode and self.kind == "county":
            entry["adcode"] = self.adcode
        entry.update(
            {
                "province": self.province,
                "county": self.county if self.kind == "county" else None,
                "city": self.city,
                "home": self.home,
                "platform": self.platform,
                "report_columns": list(self.report_columns) if columns else [],
                "hosts": [self.host(h) for h in self.hosts],
                "also_covers": list(self.also_covers),
                "status": "seeded",
            }
        )
        if entry["county"] is None:
            del entry["county"]
        return entry

    def manifest_reports(self) -> list[dict[str, Any]]:
        out = []
        for spec in self.reports:
            if spec.same_as:
                continue
            t = self.truth(spec)
            _, county, adcode = self.place(spec)
            loc = self.locations.get(spec.id, {})
            out.append(
                {
                    "id": spec.id,
                    "site": self.id,
                    "url": loc.get("page"),
                    "documents": [{"format": f, "url": u} for f, u in loc.get("documents", [])],
                    "twins": loc.get("twins", []),
                    "also_at": [],
                    "title": t.title,
                    "organ": spec.organ,
                    "organ_kind": spec.kind,
                    "province": self.province,
                    "city": self.city,
                    "county": county,
                    "adcode": adcode,
                    "year": spec.year,
                    "template": t.template,
                    "published": spec.date,
                    "formats": list(spec.formats),
                    "seed": spec.seed,
                    "revision": spec.revision,
                    "narrative_requests": t.narrative_requests,
                    "tables": t.tables,
                }
            )
        return out


# --------------------------------------------------------------------------------------------
# Small page helpers shared by the platforms
# --------------------------------------------------------------------------------------------


def stable_number(key: str, low: int, high: int) -> int:
    """A CMS identifier for ``key`` in [low, high): deterministic, independent of start order."""
    return low + int(hashlib.sha1(key.encode()).hexdigest(), 16) % (high - low)


def stable_hex(key: str) -> str:
    """A 32-hex identifier (hash.shtml, Gansu art_, Hanweb download names) for ``key``."""
    return hashlib.md5(key.encode()).hexdigest()


def pages(items: Sequence[Item], per_page: int) -> list[list[Item]]:
    """Split a list into pages (at least one, possibly empty)."""
    return [list(items[i : i + per_page]) for i in range(0, len(items), per_page)] or [[]]


def latest(items: Sequence[Item]) -> str:
    dates = [i.date for i in items if i.date]
    return (max(dates) + " 00:00:00") if dates else "2023-01-01 00:00:00"


def simple_page(title: str, body: str, charset: str = "utf-8", extra_head: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="{charset}">\n<title>{esc(title)}</title>\n{extra_head}'
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def article_html(
    report: Report,
    *,
    site_name: str,
    crumbs: Sequence[str],
    meta_rows: Sequence[tuple[str, str]] = (),
    info: str = "",
    body_open: str = '<div class="article-content">',
    body_close: str = "</div>",
    metas: bool = False,
    head_extra: str = "",
    after_body: str = "",
    charset: str = "utf-8",
    attachment_prefix: str = "附件：",
) -> str:
    """An article page for the platforms ``replica.render`` has no template for (Anhui, gkmlpt,
    hash.shtml, Gansu): breadcrumb, metadata table, title, info line, body, attachments."""
    from replica.render import render_blocks

    meta_tags = ""
    if metas:
        meta_tags = (
            f'<meta name="ArticleTitle" content="{esc(report.title)}">\n'
            f'<meta name="PubDate" content="{report.published}">\n'
            f'<meta name="ContentSource" content="{esc(report.source or report.organ)}">\n'
        )
    table = ""
    if meta_rows:
        cells = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in meta_rows)
        table = f'<table class="xxgk-meta" border="1" cellspacing="0">{cells}</table>\n'
    files = "".join(
        f'<p class="fj">{esc(attachment_prefix)}<a href="{esc(a.href)}" target="_blank">{esc(a.name)}</a></p>\n'
        for a in report.attachments
    )
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="{charset}">
<title>{esc(report.title)}-{esc(site_name)}</title>
{meta_tags}{head_extra}</head>
<body>
<div class="header">{esc(site_name)}</div>
<div class="location">{" &gt; ".join(esc(c) for c in crumbs)}</div>
{table}<h1 class="title">{esc(report.title)}</h1>
<div class="info">{info}</div>
{body_open}
{render_blocks(report)}{files}{body_close}
{after_body}<div class="footer">主办单位：{esc(site_name)}</div>
</body>
</html>
"""
