"""Gestures: a patient's swipe to turn a page, and the hidden way in for staff (hold the
top-left corner for 5 seconds, then tap the top-right, bottom-right and bottom-left
corners, in that order, within 10 seconds)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from .bigglyphs import theme_scale

HOLD_SECONDS = 5.0
SEQUENCE_SECONDS = 10.0
SEQUENCE = ("top-right", "bottom-right", "bottom-left")

# A swipe turns the page when the finger moved at least this far sideways (in pixels of the
# 1920x1080 design, so the same on every screen) and at least this many times further
# sideways than up or down (a scroll of the text is no page turn).
SWIPE_DISTANCE = 120.0
SWIPE_RATIO = 2.0


def swipe_step(dx: float, dy: float, rtl: bool = False) -> int:
    """+1 (next page), -1 (back) or 0 (no swipe) for a finger that moved ``dx``, ``dy``
    design pixels. Pages turn the way the language reads: right to left for Arabic."""
    if abs(dx) <= SWIPE_DISTANCE or abs(dx) <= SWIPE_RATIO * abs(dy):
        return 0
    forward = dx > 0 if rtl else dx < 0
    return 1 if forward else -1


CORNER_PX = 150  # the side of the corner squares at 1920x1080


def corner_size(width: float, height: float) -> float:
    """The side of the corner squares in a window of this size: scaled as the rest of the screen is
    (Theme's scale, which stops at half size in windows under 960x540)."""
    return CORNER_PX * theme_scale(width, height)


def corner_of(x: float, y: float, width: float, height: float, size: float) -> str | None:
    """Which corner square of side ``size`` the point lies in, if any."""
    left, right = x <= size, x >= width - size
    top, bottom = y <= size, y >= height - size
    if top and left:
        return "top-left"
    if top and right:
        return "top-right"
    if bottom and right:
        return "bottom-right"
    if bottom and left:
        return "bottom-left"
    return None


@dataclass
class AdminGesture:
    clock: Callable[[], float] = time.monotonic
    _press_corner: str | None = None
    _press_time: float = 0.0
    _armed_at: float | None = None
    _step: int = 0

    def press(self, corner: str | None) -> None:
        self._press_corner, self._press_time = corner, self.clock()

    def release(self, corner: str | None) -> bool:
        """Feed every finger lift; True when the whole gesture is complete."""
        now = self.clock()
        held = now - self._press_time
        pressed = self._press_corner
        self._press_corner = None
        if pressed == "top-left" and corner == "top-left" and held >= HOLD_SECONDS:
            self._armed_at, self._step = now, 0
            return False
        if self._armed_at is None:
            return False
        if now - self._armed_at > SEQUENCE_SECONDS or corner != SEQUENCE[self._step] or pressed != corner:
            self._armed_at, self._step = None, 0
            return False
        self._step += 1
        if self._step == len(SEQUENCE):
            self._armed_at, self._step = None, 0
            return True
        return False
