"""What a URL's shape says: the CMS platform behind it and the column (list page) an article sits in.

Why from URLs: the registry is built from 157 real report URLs (research §0); their shapes identify
the platform far more reliably than page markup, which templates vary. The same rules pick a
platform adapter at crawl time when the registry gives no hint.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from crawler.urls import canonical_url

PLATFORMS = ("TRS", "Hanweb", "VSB", "Anhui", "gkmlpt", "hash-shtml", "gansu-art", "generic")

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Hanweb", re.compile(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html|/col/col\d+|/module/(?:xxgk|web|download)/",
                          re.I)),
    ("gansu-art", re.compile(r"/art/\d{4}/art_[0-9a-f]{32}\.html", re.I)),
    ("TRS", re.compile(r"/t\d{8}_\d+(?:_wap)?\.s?html?$|/t\d{5,}\.shtml$|/P0\d{8,}\.\w+$", re.I)),
    ("VSB", re.compile(r"/info/\d+/\d+\.htm$|wbtreeid=|wbnewsid=", re.I)),
    # Case-sensitive: the platform's CamelCase paths; lower-case /xxgknb/ is an ordinary slug elsewhere.
    ("Anhui", re.compile(r"/(?:Xxgk|Openness|BranchOpenness)\w*/(?:show|showList)/|/Xxgknb/show/"
                         r"|/public/content/\d+|/public/\d{6,}/\d+\.html")),
    ("gkmlpt", re.compile(r"/gkmlpt/|/content/post_\d+\.html", re.I)),
    ("hash-shtml", re.compile(r"/\d{6}/[0-9a-f]{32}\.shtml$", re.I)),
)

# Date folders TRS and the hash.shtml cluster put articles in: /202302/, /20220119/, /2023-01/13/, /2023/0118/.
_DATE_DIRS = re.compile(r"(?:/(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:[0-3]\d)?(?:/[0-3]\d)?"
                        r"|/(?:19|20)\d{2}-\d{2}(?:-\d{2}|/\d{2})?|/(?:19|20)\d{2}/\d{2}(?:-?\d{2}|/\d{2})?)$")
# Column slugs (research C.2): a generic URL's directory counts as a report column only if it names one.
COLUMN_SLUG = re.compile(r"nb|ndbg|niandubaogao|gzbg", re.I)
# Year sub-columns (research C.2): 2022n, 2022n_1, 2022n_5930973, nb_2022n, 2023nb, gknb2017, nb2017, 2022_98308.
YEAR_SEGMENT = re.compile(r"^(?:[a-z]*_)?(?:nb|gknb)?((?:19|20)\d{2})(?:n|nb)?(?:_\w+)?$", re.I)


def platform_of(url: str) -> str:
    """The platform a URL's shape belongs to, ``generic`` when none matches."""
    parts = urlsplit(canonical_url(url))
    path = parts.path + ("?" + parts.query if parts.query else "")
    for name, rule in _RULES:
        if rule.search(path):
            return name
    return "generic"


def column_of(url: str, platform: str | None = None) -> str | None:
    """The list page an article URL belongs to (its column directory), or None when the shape hides it.

    TRS ``…/zfxxgknb/2022n/202302/t20230218_1.html`` → ``…/zfxxgknb/2022n/``; Hanweb
    ``/art/2024/1/19/art_1229780139_5.html`` → ``/col/col1229780139/index.html``; hash.shtml
    ``/site/c123/202302/{hex}.shtml`` → ``/site/c123/``; Gansu ``/col/art/2023/art_{hex}.html`` → ``/col/``.
    VSB (``/info/{treeid}/…``), Anhui and gkmlpt article ids do not name their list page.
    """
    parts = urlsplit(canonical_url(url))
    platform = platform or platform_of(url)
    path = parts.path
    if platform == "Hanweb":
        m = re.search(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_(\d+)_\d+\.html", path)
        if not m:
            return None
        return urlunsplit((parts.scheme, parts.netloc, f"/col/col{m.group(1)}/index.html", "", ""))
    if platform in ("VSB", "Anhui", "gkmlpt") or parts.query:
        return None
    if platform == "gansu-art":
        path = re.sub(r"/art/\d{4}/art_[0-9a-f]{32}\.html$", "/", path, flags=re.I)
        return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    directory = path.rsplit("/", 1)[0]
    while _DATE_DIRS.search(directory):
        directory = _DATE_DIRS.sub("", directory)
    if not directory.strip("/") or (platform == "generic" and not COLUMN_SLUG.search(directory)):
        return None
    return urlunsplit((parts.scheme, parts.netloc, directory + "/", "", ""))


def column_root(column: str) -> str:
    """The column above a year sub-column (``…/zfxxgknb/2022n/`` → ``…/zfxxgknb/``), else the column itself."""
    parts = urlsplit(column)
    segments = [s for s in parts.path.split("/") if s]
    parent = segments[:-1]
    if parent and YEAR_SEGMENT.match(segments[-1]) and (len(parent) >= 2 or COLUMN_SLUG.search(parent[-1])):
        return urlunsplit((parts.scheme, parts.netloc, "/" + "/".join(parent) + "/", "", ""))
    return column
