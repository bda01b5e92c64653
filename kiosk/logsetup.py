"""Logging for a kiosk that runs for weeks: rotating, size-capped files, stderr, a
rate limit so a repeating fault cannot fill the disk, and the last errors for the admin screen."""

from __future__ import annotations

import collections
import logging
import logging.handlers
import sys
import time
from pathlib import Path

from . import APP_NAME

MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def default_log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


class RateLimit(logging.Filter):
    """At most ``burst`` records of one message template per ``period`` seconds; says how many it dropped."""

    def __init__(self, burst: int = 10, period: float = 60.0) -> None:
        super().__init__()
        self.burst, self.period = burst, period
        self.windows: dict[tuple[str, int], list[float]] = {}
        self.dropped: collections.Counter[tuple[str, int]] = collections.Counter()

    def filter(self, record: logging.LogRecord) -> bool:
        # One instance serves every handler: decide once per record.
        decided = getattr(record, "_rate_limit_ok", None)
        if decided is not None:
            return bool(decided)
        record._rate_limit_ok = ok = self._decide(record)  # type: ignore[attr-defined]
        return ok

    def _decide(self, record: logging.LogRecord) -> bool:
        key = (str(record.msg)[:200], record.levelno)
        now = time.monotonic()
        window = self.windows.setdefault(key, [now, 0.0])
        if now - window[0] > self.period:
            if self.dropped[key]:
                record.msg = f"{record.msg} [and {self.dropped.pop(key)} more like it in the last minute]"
            window[0], window[1] = now, 0
        window[1] += 1
        if window[1] > self.burst:
            self.dropped[key] += 1
            return False
        if len(self.windows) > 1000:  # bounded memory however many distinct messages appear
            self.windows.clear()
        return True


class RecentErrors(logging.Handler):
    """Keeps the last few errors in memory for the admin screen and the heartbeat."""

    def __init__(self, size: int = 20) -> None:
        super().__init__(level=logging.ERROR)
        self.records: collections.deque[str] = collections.deque(maxlen=size)

    def emit(self, record: logging.LogRecord) -> None:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(record.created))
        self.records.append(f"{stamp} {record.name}: {record.getMessage().splitlines()[0][:300]}")

    @property
    def last(self) -> str:
        return self.records[-1] if self.records else ""


RECENT = RecentErrors()


def setup_logging(log_dir: Path | None, level: int = logging.INFO) -> Path | None:
    """Log to stderr (when there is one) and to rotating files in ``log_dir``; returns the log file or None."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.setLevel(level)
    limiter = RateLimit()
    formatter = logging.Formatter(FORMAT)
    if sys.stderr is not None:  # a windowed frozen build has no stderr
        stream = logging.StreamHandler()
        stream.setFormatter(formatter)
        stream.addFilter(limiter)
        root.addHandler(stream)
    RECENT.addFilter(limiter)
    root.addHandler(RECENT)
    folder = log_dir or default_log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "kiosk.log"
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError as exc:
        logging.getLogger("kiosk").error("cannot write logs to %s (%s); logging to stderr only", folder, exc)
        return None
    handler.setFormatter(formatter)
    handler.addFilter(limiter)
    root.addHandler(handler)
    return path
