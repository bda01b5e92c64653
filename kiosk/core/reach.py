"""Seated reach (ADA): controls between 38 and 122 cm above the floor, and targets of at least 15 mm.

Needs the screen's physical picture height and the height of its bottom edge above
the floor, from the config; without them nothing can be said and nothing is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

LOW_MM = 380
HIGH_MM = 1220
MIN_TARGET_MM = 15


@dataclass(frozen=True)
class Screen:
    height_mm: float
    bottom_mm: float

    def px_per_mm(self, window_height_px: float) -> float:
        return window_height_px / self.height_mm

    def height_above_floor(self, y_px: float, window_height_px: float) -> float:
        """Millimetres above the floor of a point ``y_px`` from the top of the window."""
        return self.bottom_mm + (window_height_px - y_px) / self.px_per_mm(window_height_px)

    def outside_reach(self, top_px: float, bottom_px: float, window_height_px: float) -> str | None:
        """Why a control spanning ``top_px``..``bottom_px`` is out of seated reach, or None.

        A control is reachable when some part of it lies within the band.
        """
        high = self.height_above_floor(top_px, window_height_px)
        low = self.height_above_floor(bottom_px, window_height_px)
        if low > HIGH_MM:
            return f"{low / 10:.0f}-{high / 10:.0f} cm above the floor: higher than {HIGH_MM // 10} cm"
        if high < LOW_MM:
            return f"{low / 10:.0f}-{high / 10:.0f} cm above the floor: lower than {LOW_MM // 10} cm"
        return None


def screen_from_config(height_mm: int | None, bottom_mm: int | None) -> Screen | None:
    if height_mm is None or bottom_mm is None:
        return None
    return Screen(float(height_mm), float(bottom_mm))
