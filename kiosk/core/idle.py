"""When a patient walks away: idle, then 'Are you still there?' with a countdown, then reset."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class IdleState(StrEnum):
    ACTIVE = "active"
    ASKING = "asking"  # "Are you still there?" is showing with its countdown
    EXPIRED = "expired"  # time to forget the patient


@dataclass
class IdleWatch:
    idle_seconds: float
    countdown_seconds: float
    clock: Callable[[], float] = time.monotonic
    last_touch: float = field(default=0.0)

    def __post_init__(self) -> None:
        self.countdown_seconds = max(20.0, self.countdown_seconds)  # WCAG 2.2.1: at least 20 s to answer
        self.last_touch = self.clock()

    def touch(self) -> None:
        self.last_touch = self.clock()

    def state(self) -> IdleState:
        quiet = self.clock() - self.last_touch
        if quiet < self.idle_seconds:
            return IdleState.ACTIVE
        if quiet < self.idle_seconds + self.countdown_seconds:
            return IdleState.ASKING
        return IdleState.EXPIRED

    def remaining(self) -> int:
        """Whole seconds left on the countdown (shown to the patient)."""
        quiet = self.clock() - self.last_touch
        left = self.idle_seconds + self.countdown_seconds - quiet
        return max(0, int(left + 0.999))
