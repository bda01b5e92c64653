"""Anonymous daily usage counts: what was opened, never who or when within the day.

Stored as a small JSON file, written atomically. A corrupt file is set aside
(renamed) and counting starts afresh; it never stops the kiosk.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .statefile import UnreadableError, atomic_write, parse_json, read_bounded, set_aside

__all__ = ["KEYED", "PLAIN", "QUESTIONS", "UsageCounts", "read_days"]
log = logging.getLogger(__name__)

# The only things ever counted. Keyed counters hold a topic id or a language code, or for the
# "Check what you learned" questions a question ("<topic id>#<number>"): how many patients
# answered it, and how many of them answered it right at the first try. Nothing about the person.
# A file written before a counter existed simply has none of it.
QUESTIONS = ("check_answered", "check_right_first")
KEYED = ("topics_opened", "finished", "languages", *QUESTIONS)
PLAIN = ("steps_viewed", "idle_resets")
KEEP_DAYS = 400
# A year of counts is well under 1 MB; anything much larger is not ours and is not parsed.
MAX_FILE_BYTES = 8_000_000


def _count(value: Any, where: str) -> int:
    if type(value) is not int or value < 0:
        shown = "a mapping" if isinstance(value, dict) else "a list" if isinstance(value, list) else json.dumps(value)
        if isinstance(value, str):
            shown = repr(value[:40])
        raise UnreadableError(f"{where} is {shown}, not a count")
    return value


def read_days(path: Path) -> dict[str, dict[str, Any]]:
    """The per-day counts of a usage file; UnreadableError with the reason when it is not one."""
    data = parse_json(read_bounded(path, MAX_FILE_BYTES))
    if not isinstance(data, dict):
        raise UnreadableError("it is not a mapping with 'days'")
    if "days" not in data:
        raise UnreadableError("it has no 'days'")
    days = data["days"]
    if not isinstance(days, dict):
        raise UnreadableError("'days' is not a mapping")
    clean: dict[str, dict[str, Any]] = {}
    for day, counts in days.items():
        try:
            if len(day) != 10:
                raise ValueError
            date.fromisoformat(day)
        except ValueError:
            raise UnreadableError(f"{day[:40]!r} is not a date (YYYY-MM-DD)") from None
        clean[day] = _clean_day(day, counts)
    return clean


def _clean_day(day: str, counts: Any) -> dict[str, Any]:
    """Keep only the allowed fields, with whole-number counts."""
    if not isinstance(counts, dict):
        raise UnreadableError(f"{day} is not a mapping")
    clean = _empty_day()
    for key in KEYED:
        keyed = counts.get(key, {})
        if not isinstance(keyed, dict):
            raise UnreadableError(f"{key} on {day} is not a mapping")
        clean[key] = {k: _count(v, f"{key}.{k[:40]} on {day}") for k, v in keyed.items()}
    for key in PLAIN:
        clean[key] = _count(counts.get(key, 0), f"{key} on {day}")
    return clean


def _empty_day() -> dict[str, Any]:
    return {**{k: {} for k in KEYED}, **dict.fromkeys(PLAIN, 0)}


class UsageCounts:
    def __init__(self, path: Path, today: Callable[[], date] = date.today, enabled: bool = True) -> None:
        self.path = path
        self.today = today
        self.enabled = enabled
        self.days: dict[str, dict[str, Any]] = {}
        self.dirty = False
        if enabled:
            self._load()

    def _load(self) -> None:
        if not os.path.lexists(self.path):
            return
        try:
            self.days = read_days(self.path)
        except Exception as exc:  # noqa: BLE001 - whatever the file holds, the kiosk keeps counting
            reason = UnreadableError.reason(exc)
            aside = set_aside(self.path, f"corrupt-{self.today().isoformat()}")
            log.error("usage counts file %s was unreadable (%s); set aside as %s, counting afresh", self.path, reason, aside.name)
            self.days = {}

    def _day(self) -> dict[str, Any]:
        return self.days.setdefault(self.today().isoformat(), _empty_day())

    def record(self, metric: str, key: str | None = None) -> None:
        if not self.enabled:
            return
        day = self._day()
        if metric in KEYED:
            if key is None:
                raise ValueError(f"{metric} needs a key")
            day[metric][key] = day[metric].get(key, 0) + 1
        elif metric in PLAIN:
            day[metric] += 1
        else:
            raise ValueError(f"unknown metric {metric}")
        self.dirty = True

    def flush(self) -> None:
        if not self.enabled or not self.dirty:
            return
        cutoff = (self.today() - timedelta(days=KEEP_DAYS)).isoformat()
        self.days = {d: v for d, v in self.days.items() if d >= cutoff}
        try:
            atomic_write(self.path, json.dumps({"version": 1, "days": self.days}, indent=1, sort_keys=True))
            self.dirty = False
        except OSError as exc:
            log.error("could not write usage counts to %s: %s", self.path, exc)

    def totals(self, days: int) -> dict[str, Any]:
        """Sums over the last ``days`` days (1 = today)."""
        first = (self.today() - timedelta(days=days - 1)).isoformat()
        total = _empty_day()
        for day, counts in self.days.items():
            if day < first:
                continue
            for key in KEYED:
                for k, v in counts[key].items():
                    total[key][k] = total[key].get(k, 0) + v
            for key in PLAIN:
                total[key] += counts[key]
        return total

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["date", "metric", "key", "count"])
        for day in sorted(self.days):
            counts = self.days[day]
            for key in KEYED:
                for k, v in sorted(counts[key].items()):
                    writer.writerow([day, key, k, v])
            for key in PLAIN:
                writer.writerow([day, key, "", counts[key]])
        return out.getvalue()
