"""Every response, byte for byte, in WARC files under the crawl directory.

Why WARC as well as the archive: the archive keeps the originals of *reports*; the WARC keeps every
fetch (home pages, lists, robots.txt, 302s, 304s, anti-bot answers) with its exact status line,
headers and body as they came off the wire (before decompression), in the format web archives and
replay tools read. A crawl can be audited, or re-discovered offline, from these files alone.

One file per crawl process (``{run}-{timestamp}-{pid}.warc.gz``), each record its own gzip member,
flushed at once: a killed crawl loses at most the record being written, and a resumed crawl never
appends to a file whose tail may be torn.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler import __version__

# Headers Twisted has already undone: the body handed over is de-chunked.
_HOP = frozenset({b"transfer-encoding"})


class WarcLog:
    """Appends request/response record pairs to one WARC file."""

    def __init__(self, directory: str | Path, run_id: int | str) -> None:
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        self.path = self.dir / f"run{run_id}-{stamp}-{os.getpid()}.warc.gz"
        self._fh: BinaryIO = self.path.open("ab")
        self._writer = WARCWriter(self._fh, gzip=True)
        info = self._writer.create_warcinfo_record(self.path.name, {
            "software": f"govreports-crawler/{__version__} (warcio)",
            "format": "WARC File Format 1.1",
            "description": "county portal crawl: every response as received",
        })
        self._write(info)
        self.records = 0

    def _write(self, record: object) -> None:
        self._writer.write_record(record)
        self._fh.flush()

    def write(self, *, url: str, method: str, request_headers: list[tuple[bytes, bytes]], request_body: bytes,
              status: int, reason: str, response_headers: list[tuple[bytes, bytes]], body: bytes,
              protocol: str = "HTTP/1.1", ip: str | None = None) -> None:
        """One request record and its response record (linked by WARC-Concurrent-To)."""
        target = url.split("://", 1)[-1]
        path = "/" + target.split("/", 1)[1] if "/" in target else "/"
        req_hdrs = StatusAndHeaders(f"{method} {path} {protocol}", _decode(request_headers), is_http_request=True,
                                    protocol=protocol)
        request = self._writer.create_warc_record(url, "request", payload=BytesIO(request_body),
                                                  http_headers=req_hdrs, length=len(request_body))
        headers = [(k, v) for k, v in _decode(response_headers) if k.lower().encode() not in _HOP]
        resp_hdrs = StatusAndHeaders(f"{status} {reason}".strip(), headers, protocol=protocol)
        warc_headers = {"WARC-IP-Address": ip} if ip else None
        response = self._writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=resp_hdrs,
                                                   length=len(body), warc_headers_dict=warc_headers)
        request.rec_headers.add_header("WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID"))
        self._write(response)
        self._write(request)
        self.records += 1

    def close(self) -> None:
        self._fh.close()


def _decode(pairs: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    # WARC headers are ISO-8859-1 on the wire; latin-1 keeps every byte as it was.
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in pairs]
