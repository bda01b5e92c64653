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
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# The only things ever counted. Keyed counters hold a topic id or a language code.
KEYED = ("topics_opened", "finished", "languages")
PLAIN = ("steps_viewed", "idle_resets")
KEEP_DAYS = 400


def atomic_write(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path`` and rename it over: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _empty_day() -> dict[str, Any]:
    return {**{k: {} for k in KEYED}, **{k: 0 for k in PLAIN}}


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
        if not self.path.exists():
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            days = data["days"]
            if not isinstance(days, dict):
                raise ValueError("'days' is not a mapping")
            self.days = {d: self._clean(v) for d, v in days.items() if date.fromisoformat(d)}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            aside = self.path.with_name(f"{self.path.name}.corrupt-{self.today().isoformat()}")
            try:
                os.replace(self.path, aside)
            except OSError:
                aside = self.path
            log.error("usage counts file %s was unreadable (%s); set aside as %s, counting afresh", self.path, exc, aside.name)
            self.days = {}

    @staticmethod
    def _clean(day: Any) -> dict[str, Any]:
        """Keep only the allowed fields, with whole-number counts."""
        clean = _empty_day()
        if not isinstance(day, dict):
            raise ValueError("a day is not a mapping")
        for key in KEYED:
            clean[key] = {str(k): int(v) for k, v in dict(day.get(key, {})).items()}
        for key in PLAIN:
            clean[key] = int(day.get(key, 0))
        return clean

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
