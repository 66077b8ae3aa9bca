"""Turn the bytes of a document into text without losing a character.

County sites declare gb2312 but use GBK/GB18030 characters (喆), send no charset header, or add a
BOM. GB2312 and GBK are therefore always read as GB18030 (a superset), and a declared encoding that
does not decode is overruled by detection instead of replacing characters.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
              "euc-cn": "gb18030", "iso-8859-1": None, "latin-1": None, "us-ascii": "utf-8", "ascii": "utf-8"}


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can trust."""


def _canonical(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    if name in _SUPERSETS:
        return _SUPERSETS[name]  # latin-1 is what servers say when they do not know: ignore it
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def looks_binary(data: bytes) -> bool:
    """True for bytes no text document has: NULs or a high share of control characters."""
    sample = data[:4096]
    if not sample:
        return False
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(sample) > 0.05


def decode(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode bytes to (text, encoding used). Raises DecodeError for binary junk."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace"), enc
    if looks_binary(data):
        raise DecodeError("binary data, not a text document")
    candidates: list[str] = []
    if content_type and (m := _HEADER_CHARSET.search(content_type)) and (enc := _canonical(m.group(1))):
        candidates.append(enc)
    if (m := _META_CHARSET.search(data[:4096])) and (enc := _canonical(m.group(1).decode("ascii"))):
        candidates.append(enc)
    candidates.append("utf-8")
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    best = from_bytes(data[:200_000]).best()
    enc = _canonical(best.encoding) if best else None
    if enc:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            pass
    # Last resort: GB18030 decodes almost anything; keep what it can and say so.
    text = data.decode("gb18030", errors="replace")
    if text.count("\ufffd") > len(text) / 20:
        raise DecodeError("text in an unknown encoding")
    return text, "gb18030"
