"""Portals that exist to test a crawler's manners: anti-bot answers and sites outside the registry.

- 枞阳县 (Anhui) answers every request with the 加速乐 (JSL) 521 challenge, as zongyang.gov.cn does
  (portal-platforms.md §5): first a ``document.cookie=…;location.href=…`` script, then, when the cookie
  comes back, the second-stage ``{"ha":"sha256","ct":…}`` challenge. It never serves content.
- 襄州区 (Hubei) answers 412 with an inline 瑞数 ``$_ts`` script and an external JS, on every request.
- "outside": a 中国政府网 stand-in and a gambling-spam mirror that copies a county page under its
  original path (§6). Neither is in the registry; a crawler that fetches them shows in the log.
"""

from __future__ import annotations

from typing import ClassVar

from replica.sites.base import Portal, Request, Response, esc, stable_hex


class Zongyang(Portal):
    """枞阳县 (Anhui): 加速乐 521 cookie challenge on every request; must be recorded as blocked."""

    id = "ah-zongyang"
    platform = "Anhui"
    province = "安徽省"
    city = "铜陵市"
    county = "枞阳县"
    adcode = "340722"
    blocked = "jsl"
    site_names: ClassVar[dict[str, str]] = {"www": "www.zongyang.gov.cn"}

    def populate(self) -> None:
        pass

    def handle(self, key: str, req: Request) -> Response:
        cookies = req.cookies
        uid = stable_hex(req.headers.get("User-Agent", "") + req.path)[:32]
        headers = [("Content-Type", "text/html"), ("Server", "JSL"), ("Cache-Control", "no-cache")]
        if "__jsl_clearance_s" not in cookies:
            headers.append(("Set-Cookie", f"__jsluid_s={uid}; max-age=31536000; path=/; HttpOnly"))
            clearance = f"1700000000.{int(uid[:6], 16) % 1000:03d}|0|{stable_hex(uid)[:24]}%3D"
            body = (
                f"<script>document.cookie=('_')+('_')+('jsl_clearance_s=')+('{clearance}')+"
                "(';max-age=3600;path=/');location.href=location.pathname+location.search</script>"
            )
            return Response(521, body.encode(), headers)
        chars = stable_hex(uid + "chars")[:12]
        body = (
            "<script>var _0x1a2b=['\\x63\\x6f\\x6f\\x6b\\x69\\x65'];"
            f'go({{"bts":["1700000001.1|0|{chars[:6]}","{chars[6:]}%3D"],"chars":"{chars}",'
            f'"ct":"{stable_hex(uid + "ct")}","ha":"sha256","is":true,"tn":"__jsl_clearance_s","vt":"3600",'
            '"wt":"1500"})</script>'
        )
        return Response(521, body.encode(), headers)


class Xiangzhou(Portal):
    """襄州区 (Hubei): 瑞数 (Ruishu) 412 with an inline $_ts script on every request; blocked."""

    id = "hb-xiangzhou"
    platform = "TRS"
    province = "湖北省"
    city = "襄阳市"
    county = "襄州区"
    adcode = "420607"
    blocked = "ruishu"
    site_names: ClassVar[dict[str, str]] = {"www": "www.xyxz.gov.cn"}

    def populate(self) -> None:
        pass

    def handle(self, key: str, req: Request) -> Response:
        token = stable_hex(req.path)
        body = (
            '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            f'<meta id="9DhefwqGPrzGxEp9hPaoag" content="{token}{token[:16]}" r="m">'
            f'<script type="text/javascript" r="m">$_ts=window[\'$_ts\'];if(!$_ts)$_ts={{}};$_ts.nsd=64521;'
            f"$_ts.cd=\"{token}qqrAEkqlDqLmrGAEcGqZcaEWrqWwEaLZcG\";"
            "</script><script type=\"text/javascript\" charset=\"utf-8\" src=\"/4QbVtADbnLVIc/d.FxJzG50F.dfe1675.js\" "
            'r="m"></script></head><body></body></html>'
        )
        headers = [
            ("Content-Type", "text/html"),
            ("Set-Cookie", f"FSSBBIl1UgzbN7N80S={token[:40]}; Path=/; expires=Fri, 01 Jan 2100 00:00:00 GMT; HttpOnly"),
        ]
        return Response(412, body.encode(), headers)


class Outside(Portal):
    """Hosts that are not county portals: a 中国政府网 stand-in and a spam mirror of county pages."""

    id = "outside"
    kind = "outside"
    platform = "generic"
    hosts = ("gov", "mirror")
    site_names: ClassVar[dict[str, str]] = {"gov": "www.gov.cn", "mirror": "jzmfx.com"}

    def populate(self) -> None:
        self.add("/index.html", "<html><head><meta charset='utf-8'><title>中国政府网</title></head>"
                 "<body><h1>中华人民共和国中央人民政府</h1></body></html>".encode(), "gov")
        self.dynamic_prefix("/", self.mirror, "mirror")

    def mirror(self, req: Request) -> Response:
        """Any path: a copied page with gambling ads, as clone domains keep the original path."""
        body = (
            "<html><head><meta charset='utf-8'><title>政府信息公开工作年度报告-澳门威尼斯人官网</title></head>"
            f"<body><div class='ad'>澳门威尼斯人 注册送彩金</div><p>{esc(req.path)}</p>"
            "<a href='/zfxxgk/zfxxgknb/'>政府信息公开年报</a></body></html>"
        )
        return Response(200, body.encode(), [("Content-Type", "text/html; charset=utf-8")])

    def robots(self, key: str) -> str | None:
        return "User-agent: *\nAllow: /\n"
