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


# A full stop after these (lower-cased, without it) is an abbreviation's, not a sentence's end,
# unless it is the last one of the text: "Dr. Lee will see you." is one sentence.
ABBREVIATIONS = frozenset({
    "dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "vs", "approx", "e.g", "i.e", "etc", "eg", "ie",
    "dra", "sra", "srta", "ud", "uds",  # Spanish: doctora, señora, señorita, usted, ustedes
})


def sentence_count(text: str) -> int:
    stripped = plain(text).strip()
    if not stripped:
        return 0
    ends = 0
    for match in _SENTENCE_END.finditer(stripped):
        if match.group() == "." and match.end() < len(stripped):
            before = stripped[: match.start()].split()
            word = before[-1].lstrip("([{\"'¡¿“‘").lower() if before else ""
            if word in ABBREVIATIONS:
                continue
        ends += 1
    return ends if stripped[-1] in ".!?。！？؟" else ends + 1


# "a" or "an" before a glossary link: the link's shown words decide, and the source text hides
# them ("an [[incision|cut]]" reads "an cut" on screen). English only; by sound, with the usual
# exceptions of spelling.
_ARTICLE_BEFORE_LINK = re.compile(r"\b(an?|An?)\s+\[\[([^\[\]|]+)(?:\|([^\[\]|]+))?\]\]")
_VOWEL_SOUND_CONSONANTS = ("hour", "honest", "honor", "honour", "heir")
_CONSONANT_SOUND_VOWELS = ("uni", "use", "usu", "uti", "ure", "uro", "eu", "one", "once", "ewe")
_LETTERS_SAID_WITH_VOWEL = set("AEFHILMNORSX")  # "an MRI", "an X-ray", "an NSAID"


def wants_an(words: str) -> bool:
    """Whether ``words`` take "an" (start with a vowel sound)."""
    first = words.strip().split()[0] if words.strip() else ""
    if not first:
        return False
    letters = first.split("-")[0]
    if len(letters) == 1 or letters.isupper():  # a letter or an acronym: said letter by letter
        return letters[0].upper() in _LETTERS_SAID_WITH_VOWEL
    lower = first.lower()
    if lower.startswith(_VOWEL_SOUND_CONSONANTS):
        return True
    if lower.startswith(_CONSONANT_SOUND_VOWELS):
        return False
    return lower[0] in "aeiou"


def article_slips(text: str) -> list[str]:
    """Each "a"/"an" before a glossary link whose shown words need the other article."""
    slips = []
    for match in _ARTICLE_BEFORE_LINK.finditer(text):
        article, shown = match.group(1), (match.group(3) or match.group(2)).strip()
        right = "an" if wants_an(shown) else "a"
        if article.lower() != right:
            link = match.group(0)[len(article):].strip()
            fixed = right.capitalize() if article[0].isupper() else right
            slips.append(f"'{match.group(0)}' reads '{article} {shown}' on screen; write '{fixed} {link}'")
    return slips
