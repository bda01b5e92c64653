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
import stat
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
# A year of counts is well under 1 MB; anything much larger is not ours and is not parsed.
MAX_FILE_BYTES = 8_000_000
MAX_DIGITS = 12  # a count of a trillion taps is already impossible


class Unreadable(ValueError):
    """Why a usage file cannot be used, in a few words for the log."""


def _remove(path: Path) -> None:
    """Make room for a file set aside (an older one set aside the same day goes)."""
    if path.is_dir() and not path.is_symlink():
        import shutil

        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _no_constant(name: str) -> Any:
    raise Unreadable(f"'{name}' is not a count")


def _no_float(text: str) -> Any:
    raise Unreadable(f"{text} is not a whole-number count")


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise Unreadable(f"a count has more than {MAX_DIGITS} digits")
    return int(text)


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; Unreadable otherwise.

    Never blocks on a FIFO or a device (opened non-blocking and checked before reading) and
    never reads more than ``limit`` + 1 bytes, whatever the file claims."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise Unreadable(f"cannot read it: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise Unreadable(f"cannot read it: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise Unreadable("it is not a regular file")
    if info.st_size > limit:
        os.close(fd)
        raise Unreadable(f"it is larger than {_size(limit)}")
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise Unreadable(f"cannot read it: {exc.strerror}") from None
    if len(data) > limit:
        raise Unreadable(f"it is larger than {_size(limit)}")
    return data


def _size(limit: int) -> str:
    return f"{limit // 1_000_000} MB" if limit >= 1_000_000 else f"{limit // 1000} KB"


def parse_json(data: bytes) -> Any:
    """Strict JSON of whole numbers: no Infinity or NaN, no fractions, no number of more than
    MAX_DIGITS digits (Python would spend time on it or refuse it with a ValueError), and nesting
    bounded (RecursionError). Unreadable with one short reason otherwise."""
    if not data.strip():
        raise Unreadable("it is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable("it is not UTF-8 text") from None
    try:
        return json.loads(text, parse_constant=_no_constant, parse_float=_no_float, parse_int=_int)
    except json.JSONDecodeError as exc:
        raise Unreadable(f"it is not JSON ({exc.msg}, line {exc.lineno})") from None
    except RecursionError:
        raise Unreadable("it is nested too deeply") from None


def _count(value: Any, where: str) -> int:
    if type(value) is not int or value < 0:
        shown = "a mapping" if isinstance(value, dict) else "a list" if isinstance(value, list) else json.dumps(value)
        if isinstance(value, str):
            shown = repr(value[:40])
        raise Unreadable(f"{where} is {shown}, not a count")
    return value


def read_days(path: Path) -> dict[str, dict[str, Any]]:
    """The per-day counts of a usage file; Unreadable with the reason when it is not one."""
    data = parse_json(read_bounded(path, MAX_FILE_BYTES))
    if not isinstance(data, dict):
        raise Unreadable("it is not a mapping with 'days'")
    if "days" not in data:
        raise Unreadable("it has no 'days'")
    days = data["days"]
    if not isinstance(days, dict):
        raise Unreadable("'days' is not a mapping")
    clean: dict[str, dict[str, Any]] = {}
    for day, counts in days.items():
        try:
            if len(day) != 10:
                raise ValueError
            date.fromisoformat(day)
        except ValueError:
            raise Unreadable(f"{day[:40]!r} is not a date (YYYY-MM-DD)") from None
        clean[day] = _clean_day(day, counts)
    return clean


def _clean_day(day: str, counts: Any) -> dict[str, Any]:
    """Keep only the allowed fields, with whole-number counts."""
    if not isinstance(counts, dict):
        raise Unreadable(f"{day} is not a mapping")
    clean = _empty_day()
    for key in KEYED:
        keyed = counts.get(key, {})
        if not isinstance(keyed, dict):
            raise Unreadable(f"{key} on {day} is not a mapping")
        clean[key] = {k: _count(v, f"{key}.{k[:40]} on {day}") for k, v in keyed.items()}
    for key in PLAIN:
        clean[key] = _count(counts.get(key, 0), f"{key} on {day}")
    return clean


def atomic_write(path: Path, text: str, mode: int = 0o600) -> None:
    """Write to a temporary file beside ``path`` and rename it over: never a half-written file.

    The file gets exactly ``mode`` (private by default), whatever the process's umask."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)  # not filtered by the umask, unlike the mode of open()
        else:  # Windows: only the read-only bit exists
            os.chmod(tmp, mode)
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
        if not os.path.lexists(self.path):
            return
        try:
            self.days = read_days(self.path)
        except Exception as exc:  # noqa: BLE001 - whatever the file holds, the kiosk keeps counting
            reason = str(exc) if isinstance(exc, Unreadable) else f"{type(exc).__name__}: {exc}"
            aside = self.path.with_name(f"{self.path.name}.corrupt-{self.today().isoformat()}")
            try:
                _remove(aside)
                os.replace(self.path, aside)
            except OSError:
                aside = self.path
            log.error("usage counts file %s was unreadable (%s); set aside as %s, counting afresh",
                      self.path, reason.splitlines()[0][:300] if reason else "?", aside.name)
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
