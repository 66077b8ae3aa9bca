"""Read a plain-text report (PDF text layers, Word exports, copied web pages) into lines."""

from __future__ import annotations

from .document import Document, Line

_SPACES = str.maketrans({"\u00a0": " ", "\u3000": " ", "\ufeff": "", "\u200b": "", "\r": ""})


def read_text(text: str, encoding: str | None = None) -> Document:
    """Lines as written; tabs are kept because they separate the cells of linearised tables."""
    lines = []
    for raw in text.translate(_SPACES).split("\n"):
        raw = raw.replace("**", "").rstrip()
        if raw.strip():
            lines.append(Line(raw))
    return Document(lines, "text", encoding)
