"""Glossary links inside patient text: ``[[lamina]]`` or ``[[vertebra|vertebrae]]``."""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINK = re.compile(r"\[\[([^\[\]|]+)(?:\|([^\[\]|]+))?\]\]")


@dataclass(frozen=True)
class Segment:
    text: str
    term: str | None = None  # glossary id when this segment is a link


class MarkupError(ValueError):
    pass


def parse(text: str) -> list[Segment]:
    """Split text into plain and linked segments; raise MarkupError on a broken link."""
    segments: list[Segment] = []
    pos = 0
    for match in _LINK.finditer(text):
        if match.start() > pos:
            segments.append(Segment(text[pos : match.start()]))
        term = match.group(1).strip()
        shown = (match.group(2) or match.group(1)).strip()
        segments.append(Segment(shown, term))
        pos = match.end()
    if pos < len(text):
        segments.append(Segment(text[pos:]))
    for seg in segments:
        if seg.term is None and ("[[" in seg.text or "]]" in seg.text):
            raise MarkupError("a glossary link is not closed: write [[term]] or [[term|words]]")
    return segments


def terms_in(text: str) -> list[str]:
    """Glossary ids linked from ``text``, in order, without repeats."""
    seen: dict[str, None] = {}
    for seg in parse(text):
        if seg.term is not None:
            seen.setdefault(seg.term)
    return list(seen)


def plain(text: str) -> str:
    """The text as it reads aloud, links replaced by their words."""
    return "".join(seg.text for seg in parse(text))


# Latin and Arabic full stops end a sentence before a space; the CJK full-width ones end it anywhere.
_SENTENCE_END = re.compile(r"[.!?؟]+(?=\s|$)|[。！？]+")


def sentence_count(text: str) -> int:
    stripped = plain(text).strip()
    if not stripped:
        return 0
    ends = len(_SENTENCE_END.findall(stripped))
    return ends if stripped[-1] in ".!?。！？؟" else ends + 1
