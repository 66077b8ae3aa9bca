"""Scrapy settings of the govreports crawler: polite by default.

County portals are small public servers; the archive is useless if it gets the project blocked or
burdens them. So, for the live web:

* ``ROBOTSTXT_OBEY``; a User-Agent that says who we are and where to complain;
* AutoThrottle on top of ``DOWNLOAD_DELAY = 1.5`` s (AutoThrottle never goes below it) and at most
  2 concurrent requests per host (each host:port is its own download slot, ``crawler.middlewares``);
* responses capped at 30 MB (warned at 10 MB), 30 s timeouts, 2 retries;
* caps per portal (``GOVREPORTS_MAX_PAGES_PER_PORTAL``), per column (``GOVREPORTS_MAX_LIST_PAGES``),
  discovery hops (``GOVREPORTS_MAX_HOPS``) and link depth (``DEPTH_LIMIT``), so that calendars and
  endless pagers end;
* only registry hosts and their ``*.gov.cn`` siblings (``crawler.urls.HostPolicy``), and never a
  private or loopback address behind a host name (``crawler.resolver``).

Lowering the delay is for the local replica web only: ``govreports crawl --delay 0`` or
``scrapy crawl reports -s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=False``; the tests and
``govreports demo`` do exactly that, against 127.0.0.1.

Crawl files: ``GOVREPORTS_DB`` (archive.db), ``GOVREPORTS_CRAWL_DIR`` (``crawl/``: ``warc/``, ``job/``
= Scrapy's JOBDIR, ``run.json``, ``crawl.log``).
"""

from __future__ import annotations

BOT_NAME = "govreports"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = ("govreports/0.1 (+https://github.com/govreports/govreports; "
              "open archive of government transparency reports)")
ROBOTSTXT_OBEY = True

# Politeness for the live web.
DOWNLOAD_DELAY = 1.5
DOWNLOAD_DELAY_JITTER = 0.5           # ±50 %
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Caps and patience.
DOWNLOAD_MAXSIZE = 30 * 1024 * 1024
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 2
DEPTH_LIMIT = 25
REDIRECT_MAX_TIMES = 5
GOVREPORTS_MAX_PAGES_PER_PORTAL = 3000
GOVREPORTS_MAX_LIST_PAGES = 100       # pages followed in one column (pagination)
GOVREPORTS_MAX_HOPS = 3               # home → section → section → column
GOVREPORTS_MAX_SUBCOLUMN_DEPTH = 3    # column → year → organ → …
GOVREPORTS_REVISIT_DAYS = 30.0        # see crawler/state.py (reruns)
GOVREPORTS_PROGRESS = True            # live status table on stderr
GOVREPORTS_PROGRESS_INTERVAL = 1.0
GOVREPORTS_DB = "archive.db"
GOVREPORTS_CRAWL_DIR = "crawl"
JOBDIR = "crawl/job"                  # keep it inside GOVREPORTS_CRAWL_DIR when you move that (crawler/session.py)

# The crawler sends If-None-Match / If-Modified-Since itself and wants the 304s (crawler/state.py);
# Scrapy's HTTP cache would hide them.
HTTPCACHE_ENABLED = False
# Host names that resolve to private/loopback addresses are refused (crawler/resolver.py).
TWISTED_DNS_RESOLVER = "crawler.resolver.PublicOnlyResolver"
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.PortalGuard": 50,
    "crawler.middlewares.AntiBot": 580,
    "crawler.middlewares.WarcRecorder": 950,
}
ITEM_PIPELINES = {
    "crawler.pipelines.ArchivePipeline": 300,
}
EXTENSIONS = {
    "crawler.progress.Progress": 500,
}
