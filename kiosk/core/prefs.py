"""Display preferences a patient can change, and the defaults IT sets (no heavy imports:
the Qt layer reads these before the content is loaded)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextSize:
    """One choice of text size: how much larger than normal, and its name's key (the
    settings panel shows the name in the patient's language)."""

    scale: float
    key: str


# The text sizes a patient can choose, smallest first; the first is every patient's start.
TEXT_SIZES = (TextSize(1.0, "normal"), TextSize(1.3, "large"), TextSize(1.6, "largest"))
TEXT_SCALES = tuple(size.scale for size in TEXT_SIZES)  # the largest is 1.6x


@dataclass(frozen=True)
class Defaults:
    """What IT configured; every patient starts from these, and every reset returns to them."""

    language: str | None = None
    languages: tuple[str, ...] | None = None
    reduced_motion: bool = False
