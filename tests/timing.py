"""Time bounds for hostile inputs: ratios to a normal input measured in the same run.

An absolute bound ("under 2 s") fails on a slow or busy machine and passes a regression on a
fast one; a ratio to the same work on a normal file measures what the hostile file costs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any


def best_time(work: Callable[[], Any], repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def bounded(work: Callable[[], Any], limit: float) -> Any:
    """Run ``work`` and return its result; fail (AssertionError) if it is still running after
    ``limit`` seconds, instead of hanging the suite. Its exception, if any, is re-raised."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - whatever it is, it is handed to the caller and raised there
            result["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(limit)
    if thread.is_alive():
        raise AssertionError(f"still running after {limit:.0f} s: a hostile input is not bounded")
    if "error" in result:
        raise result["error"]
    return result.get("value")


def ratio(hostile: Callable[[], Any], normal: Callable[[], Any], limit: float = 60.0, repeat: int = 3) -> float:
    """How many times longer the hostile input takes than the normal one (best of ``repeat``).

    The two are timed in turns, not all of one and then all of the other: the suite runs on two
    workers on two cores, and a burst of the other worker's load that fell on the hostile runs
    alone made the hostile input look slower than it is."""
    normal_times: list[float] = []
    hostile_times: list[float] = []

    def in_turns() -> None:
        for _ in range(repeat):
            normal_times.append(best_time(normal, 1))
            hostile_times.append(best_time(hostile, 1))

    bounded(in_turns, limit)
    return min(hostile_times) / max(min(normal_times), 1e-3)
