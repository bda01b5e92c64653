"""Display preferences a patient can change, and the defaults IT sets (no heavy imports:
the Qt layer reads these before the content is loaded)."""

from __future__ import annotations

from dataclasses import dataclass

TEXT_SCALES = (1.0, 1.3, 1.6)  # the three text sizes; the largest is 1.6x


@dataclass(frozen=True)
class Defaults:
    """What IT configured; every patient starts from these, and every reset returns to them."""

    language: str | None = None
    languages: tuple[str, ...] | None = None
    reduced_motion: bool = False
