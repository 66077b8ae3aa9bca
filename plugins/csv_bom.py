"""Datasette plugin: a `.csvbom` download, CSV with a UTF-8 byte-order mark, so Excel reads Chinese text.

Excel opens a BOM-less UTF-8 CSV in the local ANSI code page (GBK on Chinese Windows) and garbles it; with
the BOM (EF BB BF) it reads UTF-8. Datasette has no such option, so:

- `asgi_wrapper` serves `<anything>.csvbom?…` as Datasette's own `<anything>.csv?…&_dl=1&_stream=on`
  (every row of the table with the current filters, streamed; the same columns, labels and blob links as
  `.csv`), `text/csv; charset=utf-8`, as an attachment, with the BOM in front. `_stream=` (empty) turns
  streaming off and gives one page, as `.csv` does.
- `register_output_renderer` adds the "csvbom" link next to json and csv on every table and query page;
  its `render` (the page's rows only) answers only if a request reaches Datasette without the wrapper.

Loaded with `datasette --plugins-dir plugins` (`govreports serve` does that). Works on 0.65 and 1.0.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qsl

from datasette import hookimpl
from datasette.utils.asgi import Response

BOM = b"\xef\xbb\xbf"
EXTENSION = ".csvbom"


def _csv_query(query_string: bytes) -> bytes:
    """The query string with _dl=1 and _stream=on added unless given (the rest is passed on byte for byte)."""
    keys = {key for key, _ in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)}
    extra = [f"{key}={value}".encode() for key, value in (("_dl", "1"), ("_stream", "on")) if key not in keys]
    return b"&".join([query_string, *extra] if query_string else extra)


def _wrap(app):
    async def wrapped(scope, receive, send):
        path = scope.get("path", "") if scope.get("type") == "http" else ""
        if not path.endswith(EXTENSION):
            await app(scope, receive, send)
            return
        scope = dict(scope, path=path[: -len(EXTENSION)] + ".csv", query_string=_csv_query(scope["query_string"]))
        raw_path = scope.get("raw_path")
        if raw_path and raw_path.endswith(EXTENSION.encode()):
            scope["raw_path"] = raw_path[: -len(EXTENSION)] + b".csv"
        add_bom = False

        async def send_with_bom(message):
            nonlocal add_bom
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers") or [])
                add_bom = message["status"] == 200 and headers.get(b"content-type", b"").startswith(b"text/csv")
                if add_bom and b"content-length" in headers:
                    length = str(int(headers[b"content-length"]) + len(BOM)).encode()
                    message = dict(message, headers=[(k, length if k == b"content-length" else v)
                                                     for k, v in message["headers"]])
            elif message["type"] == "http.response.body" and add_bom:
                add_bom = False
                message = dict(message, body=BOM + message.get("body", b""))
            await send(message)

        await app(scope, receive, send_with_bom)

    return wrapped


@hookimpl
def asgi_wrapper(datasette):
    return _wrap


def render_csvbom(columns, rows, data):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell.get("value") if isinstance(cell, dict) else cell for cell in row])
    name = data.get("table") or data.get("query_name") or data.get("database") or "data"
    return Response(
        "\ufeff" + out.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}.csv"'},
    )


@hookimpl
def register_output_renderer(datasette):
    return {"extension": "csvbom", "render": render_csvbom, "can_render": lambda: True}
