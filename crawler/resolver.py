"""DNS that never hands a government host name a private, loopback or link-local address.

Why: the host policy admits ``*.gov.cn`` siblings by name, and a name can resolve anywhere (a
stale record, a hijacked subdomain, a resolver on an internal network). A crawler that follows
public links must not be steered into a private network. IP literals never come here as names to
check: the host policy admits them only when the registry lists that exact host:port (the replica
web on 127.0.0.1 is crawled that way).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from crawler.urls import is_ip_or_local


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
                or ip.is_unspecified)


class PublicOnlyResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing non-public answers for host names."""

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:
        d = super().getHostByName(name, timeout)
        if is_ip_or_local(name):
            return d  # a literal the registry listed (checked by crawler.middlewares.PortalGuard)

        def check(address: Any) -> Any:
            if not is_public(str(address)):
                raise DNSLookupError(f"{name} resolves to the non-public address {address}: not fetched")
            return address

        return d.addCallback(check)
