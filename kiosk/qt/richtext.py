"""Turn content markup into the small HTML subset that QML's StyledText draws."""

from __future__ import annotations

from html import escape

from ..core import markup


def to_html(text: str) -> str:
    """Glossary links become ``<a href="term:ID">`` anchors; everything else is escaped."""
    out = []
    for seg in markup.parse(text):
        words = escape(seg.text, quote=False)
        if seg.term is None:
            out.append(words)
        else:
            out.append(f'<a href="term:{escape(seg.term)}"><b>{words}</b></a>')
    return "".join(out)
