"""The replica portals, one module per platform (see each module's docstring for what it mirrors)."""

from __future__ import annotations

from replica.sites.anhui import Guoyang
from replica.sites.base import Portal
from replica.sites.clusters import Huining, Wuqia
from replica.sites.content import Doc, doc_of, pdf_name, truth
from replica.sites.gkmlpt import Heping
from replica.sites.hanweb import Yunhe
from replica.sites.legacy import Xinghai
from replica.sites.other import Outside, Xiangzhou, Zongyang
from replica.sites.trs import Qianxinan, Xingyi
from replica.sites.vsb import Fugu

PORTALS: list[type[Portal]] = [
    Xingyi,  # TRS WCM, www + xxgk hosts
    Yunhe,  # Hanweb 大汉
    Fugu,  # VSB 博达
    Guoyang,  # Anhui Openness platform
    Heping,  # Guangdong gkmlpt
    Xinghai,  # legacy GB18030 site
    Wuqia,  # hash.shtml cluster
    Huining,  # Gansu art_{hex} cluster
    Qianxinan,  # prefecture portal with a 区县年报 column (TRS)
    Zongyang,  # 加速乐 521
    Xiangzhou,  # 瑞数 412
    Outside,  # 中国政府网 stand-in and a spam mirror: not in the registry
]


def pdf_sources() -> dict[str, Doc]:
    """Every PDF the portals publish, for revisions 0 and 1 (what ``ReplicaWeb.revise`` can reach),
    by file name under ``replica/data/pdf``. Used by ``replica/data/build.py``."""
    out: dict[str, Doc] = {}
    for cls in PORTALS:
        portal = cls.__new__(cls)
        for spec in cls.initial_reports(portal):
            if "pdf" not in spec.formats or spec.same_as:
                continue
            county = spec.ids.get("county", cls.county)
            for rev in (spec, spec.revised()):
                out[pdf_name(rev)] = doc_of(truth(rev, county))
    return out
