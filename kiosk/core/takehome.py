"""The take-home code: a topic's questions for the care team and its key points, as plain
text in the patient's language, for a QR code a phone camera shows as text.

No address, no patient data, nothing to download: only the topic's own words. The code must
stay easy to scan from a screen, so the text is fitted to QR version 25 at error correction M
(117 modules a side) or less. The fitting rule, in order:

1. the topic's title, its questions and its key points;
2. too long: the title and the questions alone (they are what the patient takes to the
   appointment; the key points are on the kiosk and in the care team's own leaflets);
3. even that too long: the title, the first questions that fit, and a line saying to ask the
   care team (the patient is never handed a list that silently stops);
4. a topic without questions fits its key points the same way (all, else the first that fit).

Nothing fits at all (an absurd title): no code. segno (pure Python) does the encoding; the
window draws the same text with the same settings (kiosk/qt/qrcode.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

MAX_VERSION = 25  # 117 x 117 modules: still read at a glance by a phone at arm's length
ERROR = "m"  # error correction level M: about 15 % of the code may be unreadable (glare, a finger)
QUIET_ZONE = 4  # modules of white around the code, as the standard asks
MIN_MM = 40  # the code is drawn at least this wide on the real screen
MIN_MODULE_PX = 2  # and each module at least this many whole pixels (one-pixel modules blur)
BULLET = "\u2022 "

Fit = Literal["all", "questions", "cut"]


@dataclass(frozen=True)
class TakeHomeWords:
    """The UI words the text needs, in the patient's language (from the UI translations)."""

    questions: str = "Questions to ask your care team"
    key_points: str = "Key points"
    ask: str = "Questions? Ask your care team."


@dataclass(frozen=True)
class TakeHome:
    """The text to put in the code, how much of the topic it holds, and the code's size."""

    text: str
    version: int
    fit: Fit

    @property
    def modules(self) -> int:
        """Modules a side, with the quiet zone: the code's width in modules."""
        return 17 + 4 * self.version + 2 * QUIET_ZONE


def qr_version(text: str) -> int | None:
    """The smallest QR version that holds ``text`` at error correction M, or None above 40."""
    # segno's own version search, without drawing the code (masking a version-25 code takes
    # 30-80 ms of pure Python; this takes well under one). segno.make gives the same version.
    from segno import DataOverflowError, consts, encoder

    try:
        segments = encoder.prepare_data(text, None, None)  # type: ignore[no-untyped-call]
        return int(encoder.find_version(segments, consts.ERROR_LEVEL_M, eci=False, micro=False))  # type: ignore[no-untyped-call]
    except DataOverflowError:
        return None


def _section(heading: str, items: Sequence[str]) -> str:
    return "\n".join([heading, *(BULLET + item for item in items)])


def _compose(title: str, *sections: str) -> str:
    return "\n\n".join(part for part in (title, *sections) if part)


def take_home(title: str, questions: Sequence[str], key_points: Sequence[str],
              words: TakeHomeWords = TakeHomeWords()) -> TakeHome | None:
    """The text for the topic's take-home code (plain text: no markup), or None when nothing fits."""
    return _take_home(title.strip(), tuple(q.strip() for q in questions if q.strip()),
                      tuple(p.strip() for p in key_points if p.strip()), words)


@lru_cache(maxsize=64)  # the finish screen is rebuilt on every tap; encoding takes a few milliseconds
def _take_home(title: str, questions: tuple[str, ...], key_points: tuple[str, ...], words: TakeHomeWords) -> TakeHome | None:
    def fits(text: str) -> int | None:
        version = qr_version(text)
        return version if version is not None and version <= MAX_VERSION else None

    asked = _section(words.questions, questions) if questions else ""
    points = _section(words.key_points, key_points) if key_points else ""
    if questions or key_points:
        whole = _compose(title, asked, points)
        if (version := fits(whole)) is not None:
            return TakeHome(whole, version, "all")
    if questions and key_points:
        alone = _compose(title, asked)
        if (version := fits(alone)) is not None:
            return TakeHome(alone, version, "questions")
    heading, items = (words.questions, questions) if questions else (words.key_points, key_points)
    for count in range(len(items) - 1, -1, -1):
        shorter = _compose(title, _section(heading, items[:count]) if count else "", words.ask)
        if (version := fits(shorter)) is not None:
            return TakeHome(shorter, version, "cut")
    return None


def side_px(modules: int, px_per_mm: float, scale: float = 1.0) -> int:
    """The code's width on screen in pixels: at least ``MIN_MM`` on a screen with ``px_per_mm``
    pixels per millimetre, at least ``MIN_MODULE_PX`` pixels per module at the 1080p design
    (``scale``: the window against it), and always a whole number of pixels per module."""
    least = max(MIN_MM * px_per_mm, MIN_MODULE_PX * modules * max(scale, 0.5))
    per_module = max(1, -(-round(least * 1000) // (modules * 1000)))  # ceiling, without float drift
    return per_module * modules
