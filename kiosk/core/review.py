"""What a clinician reviewing the content would question: warnings for ``kiosk validate``.

Two patterns made the bundled pack say more than its source did:

- **Absolute words** in patient text ("will", "always", "never", "the whole time", "it may
  even go away"): a promise for every patient, where results differ from person to person.
  ``promise_slips`` finds them per language. In English "will" counts only in statements:
  a question ("Will I be asleep?") or a question to ask ("Ask your care team what you will
  need.") promises nothing.
- **Drawings that show more than the page says**: a label whose words the page's text never
  uses, or a drawing part the picture shows or highlights (a screw, a spinous process) that
  the text does not name. ``unnamed_parts`` compares them. Kit drawings give a part its
  English name in a ``data-name`` attribute; a picture's ``unnamed_ok`` lists the ids a
  reviewer accepted unnamed on that page.

Only wording is judged here, never medicine: a warning asks a person to look again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from . import markup

# Words that promise an outcome or assume one experience for everyone, per language. Each is a
# regular expression matched case-insensitively; keep each list short and its words unambiguous.
PROMISE_WORDS: dict[str, tuple[str, ...]] = {
    "en": (r"\bwill\b", r"\balways\b", r"\bnever\b", r"\bthe whole time\b", r"\ball the time\b",
           r"\bfor sure\b", r"\bdefinitely\b", r"\bguarantee[sd]?\b", r"\bcure[sd]?\b",
           r"\b(?:go|goes) away\b", r"\bend (?:it|your pain|the pain)\b", r"\bpain[- ]free\b"),
    "es": (r"\bsiempre\b", r"\bnunca\b", r"\bjamás\b", r"\btodo el tiempo\b", r"\bgarantiz\w*",
           r"\bsin duda\b", r"\bdesapare[cz]\w*"),
    "zh": (r"一定", r"总是", r"永远", r"绝不", r"从不", r"整个过程", r"保证", r"肯定", r"消失"),
    "vi": (r"\bluôn\b", r"\bkhông bao giờ\b", r"\bsuốt\b", r"\bchắc chắn sẽ\b", r"\bđảm bảo\b",
           r"\bbảo đảm\b", r"\bhết hẳn\b"),
    "ar": (r"دائم[اًا]", r"أبد[اًا]", r"طوال الوقت", r"بالتأكيد", r"مضمون", r"يزول تمام"),
}
_COMPILED = {lang: [re.compile(p, re.IGNORECASE) for p in pats] for lang, pats in PROMISE_WORDS.items()}
# "will" is a promise only in a statement (see the module docstring).
_STATEMENT_ONLY = {r"\bwill\b"}
_SENTENCE = re.compile(r"[^.!?؟。！？]+[.!?؟。！？]*")


@dataclass(frozen=True)
class Slip:
    word: str  # as written in the text
    sentence: str

    def __str__(self) -> str:
        return (f"'{self.word}' promises or assumes the same for every patient (\"{self.sentence}\"); "
                "say what can or may happen, or send the patient to the care team")


def _is_question(sentence: str) -> bool:
    s = sentence.strip()
    return s.endswith(("?", "؟", "？")) or s.lower().startswith("ask")


def promise_slips(text: str, lang: str, accepted: Iterable[str] = ()) -> list[Slip]:
    """Each absolute word in ``text`` (language ``lang``), except the ``accepted`` ones."""
    patterns = _COMPILED.get(lang.split("-")[0].lower())
    if not patterns:
        return []
    ok = {a.casefold() for a in accepted}
    slips: list[Slip] = []
    for sentence in _SENTENCE.findall(markup.plain(text)):
        for pattern in patterns:
            if pattern.pattern in _STATEMENT_ONLY and _is_question(sentence):
                continue
            for match in pattern.finditer(sentence):
                if match.group(0).casefold() not in ok:
                    slips.append(Slip(match.group(0), sentence.strip()))
    return slips


# Words that never name a part ("Your hip" is named by "hip").
_STOPWORDS = frozenset(
    ["a", "an", "the", "of", "and", "or", "your", "you", "my", "one", "two", "its", "it", "this", "that", "to", "in", "on", "at"]
)
_WORD = re.compile(r"\w+", re.UNICODE)


def _stem(word: str) -> str:
    """One form for singular and plural: bones/bone, processes/process, vertebrae/vertebra."""
    word = word.casefold()
    if len(word) <= 3:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if word.endswith("ae"):
        return word[:-1]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _spaced(text: str) -> bool:
    return not any("\u3000" <= ch <= "\u9fff" for ch in text)


def names(words: str, text: str) -> bool:
    """True when ``text`` names the part called ``words`` (every word of it, in any form)."""
    words, text = markup.plain(words), markup.plain(text)
    if not _spaced(words) or not _spaced(text):  # Chinese: no spaces between words, match as written
        return words.strip() in text
    wanted = {_stem(w) for w in _WORD.findall(words)} - _STOPWORDS
    have = {_stem(w) for w in _WORD.findall(text)}
    return bool(wanted) and wanted <= have


@dataclass(frozen=True)
class Unnamed:
    part: str  # the id (label anchor or drawing part)
    words: str  # what a patient sees or what the part is called
    field: str  # "labels", "show" or "highlight"

    def __str__(self) -> str:
        if self.field == "labels":
            return (f"the picture's label '{self.words}' ({self.part}) names a part the page's text does not mention; "
                    f"name it in the text, or list '{self.part}' under the picture's unnamed_ok")
        return (f"the picture {'shows' if self.field == 'show' else 'highlights'} the {self.words} ({self.part}), "
                f"which the page's text does not mention; name it, leave it out of the picture, "
                f"or list '{self.part}' under the picture's unnamed_ok")


def unnamed_parts(
    page_text: str,
    labels: Sequence[tuple[str, str]],
    shown: Sequence[tuple[str, str]],
    part_names: Mapping[str, str],
    unnamed_ok: Iterable[str] = (),
) -> list[Unnamed]:
    """Labels (anchor, words) and shown parts (field, id) the page's text does not name.

    ``part_names`` maps a drawing's part ids to their names (``data-name``); a shown part
    without a name is not judged.
    """
    ok = set(unnamed_ok)
    found: list[Unnamed] = []
    for anchor, words in labels:
        if anchor not in ok and words.strip() and not names(words, page_text):
            found.append(Unnamed(anchor, words.strip(), "labels"))
    seen = {u.part for u in found}
    for field, part in shown:
        name = part_names.get(part)
        if name and part not in ok and part not in seen and not names(name, page_text):
            found.append(Unnamed(part, name, field))
            seen.add(part)
    return found


__all__ = ["PROMISE_WORDS", "Slip", "Unnamed", "names", "promise_slips", "unnamed_parts"]
