"""Load the portal registry (docs/registry.md): YAML files → :class:`Portal` records.

Why data: a new county on a known platform must be one registry entry, not code. Everything a
crawl of one portal needs (home, platform hint, known columns, allowed hosts) is here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from crawler.urls import HostPolicy, canonical_url, netloc_of

REGISTRY_DIR = Path(__file__).resolve().parent / "registry"


@dataclass(frozen=True)
class Portal:
    """One portal of the registry. ``home`` is None for counties with no known portal yet."""

    id: str
    province: str
    county: str | None = None
    city: str | None = None
    adcode: str | None = None
    home: str | None = None
    platform: str | None = None
    report_columns: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    also_covers: tuple[str, ...] = ()
    status: str = "unknown"
    known_reports: tuple[dict, ...] = field(default=(), compare=False)

    @property
    def crawlable(self) -> bool:
        return bool(self.home)

    @property
    def all_hosts(self) -> set[str]:
        """The exact hosts listed: home, ``hosts`` and the hosts of the known columns."""
        urls = [u for u in (self.home, *self.report_columns) if u]
        return {*(h.lower() for h in self.hosts), *(netloc_of(u) for u in urls)}

    def policy(self) -> HostPolicy:
        return HostPolicy(self.all_hosts)


def _portal(raw: dict, province: str) -> Portal:
    home = raw.get("home")
    return Portal(
        id=str(raw["id"]),
        province=raw.get("province") or province,  # a multi-province file (the replica's) names it per portal
        county=raw.get("county"),
        city=raw.get("city"),
        adcode=str(raw["adcode"]) if raw.get("adcode") else None,
        home=canonical_url(home) if home else None,
        platform=raw.get("platform"),
        report_columns=tuple(canonical_url(u) for u in raw.get("report_columns") or ()),
        hosts=tuple(str(h).lower() for h in raw.get("hosts") or ()),
        also_covers=tuple(str(a) for a in raw.get("also_covers") or ()),
        status=raw.get("status") or ("seeded" if home else "unknown"),
        known_reports=tuple(raw.get("known_reports") or ()),
    )


def load_file(path: str | Path) -> list[Portal]:
    """Portals of one registry file. A file may hold one province or a list under ``provinces``."""
    doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    blocks = doc.get("provinces") if isinstance(doc.get("provinces"), list) else [doc]
    portals: list[Portal] = []
    for block in blocks:
        province = block.get("province") or ""
        portals.extend(_portal(raw, province) for raw in block.get("portals") or ())
    return portals


def registry_files() -> list[Path]:
    return sorted(REGISTRY_DIR.glob("*.yml"))


def load_province(name: str) -> list[Portal]:
    """Portals of the province called ``name`` (福建, 福建省 or the file prefix fj); [] when unknown."""
    key = name.strip()
    for path in registry_files():
        portals = load_file(path)
        province = portals[0].province if portals else ""
        if key in (path.stem, province) or (key and province.startswith(key)):
            return portals
    return []


def load(paths: Iterable[str | Path]) -> list[Portal]:
    portals: list[Portal] = []
    for path in paths:
        portals.extend(load_file(path))
    return portals
