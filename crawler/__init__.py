"""govreports crawler: county portals → originals in the archive (Scrapy project `crawler`).

The crawler only fetches and hands originals over: it never reads table rows. Extraction is
`extract.parse_bytes`, storage is `archive.Archive`. The design notes live in
`crawler/settings.py` (politeness), `crawler/state.py` (reruns, resume) and `crawler/spiders/reports.py`.
"""

__version__ = "0.1.0"
