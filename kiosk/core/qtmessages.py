"""The one list of Qt messages that are harmless, each with why.

Three places judge Qt's messages: the test suite (any Qt warning fails a test),
``kiosk --smoke`` (exit 1 on any warning) and the running kiosk (a QML error is logged
and the patient goes home). They all read this list, so they never disagree. Keep it
short: add a message only when it is understood and says nothing about the kiosk's health.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Harmless(NamedTuple):  # (not a dataclass: the kiosk reads this list before its first frame)
    pattern: str  # a regular expression, searched in the message
    why: str


HARMLESS: tuple[Harmless, ...] = (
    Harmless(r"This plugin does not support propagateSizeHints\(\)",
             "the offscreen platform (tests, smoke, screenshots) cannot resize native windows"),
    Harmless(r"This plugin does not support raise\(\)",
             "the offscreen platform has no window stacking to raise a window in"),
    Harmless(r"This plugin does not support grabbing the keyboard",
             "the offscreen platform has no keyboard to grab"),
    Harmless(r"Couldn't load pipewire-0\.3 library",
             "Qt Multimedia (loaded by text-to-speech) probes for PipeWire and falls back to PulseAudio; "
             "kiosks without PipeWire lose nothing"),
    Harmless(r"Couldn't resolve pipewire-0\.3 symbols",
             "the second half of the same PipeWire probe"),
)

_COMPILED = re.compile("|".join(f"(?:{h.pattern})" for h in HARMLESS))


def is_harmless(message: str) -> bool:
    """Whether Qt's ``message`` is on the list of harmless messages."""
    return _COMPILED.search(message) is not None


def patterns() -> list[str]:
    """The patterns, for pytest-qt's ``qt_log_ignore``."""
    return [h.pattern for h in HARMLESS]
