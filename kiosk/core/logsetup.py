"""Logging for a kiosk that runs for weeks: rotating, size-capped files, stderr, a
rate limit so a repeating or varying fault cannot fill the disk or rotate the history away
(while the first of each new error always gets through), and the last errors for the admin
screen and status.json."""

from __future__ import annotations

import collections
import contextlib
import logging
import logging.handlers
import re
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import APP_NAME

MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def default_log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def _shape(message: str) -> str:
    """A message with its numbers blanked: "fault 17" and "fault 18" are one kind of fault."""
    return _DIGITS.sub("#", message[:300])


_DIGITS = re.compile(r"\d+")


class RateLimit(logging.Filter):
    """Keeps a fault from filling the disk or rotating the history away, without hiding news.

    Per window of ``period`` seconds: at most ``burst`` records of one formatted message (its
    text as written to the log, so f-strings count too), and at most ``budget`` records in all.
    An ERROR or CRITICAL whose kind (the message with its numbers blanked) has not been seen in
    the window always passes, beyond the budget (up to ``new_errors`` kinds a window, so that
    not even endlessly varied errors can fill the disk). ``flush()``, called from a timer, writes
    how many records were dropped once their window is over, whether or not they come back.
    One instance serves every handler: it decides once per record.
    """

    def __init__(self, burst: int = 10, period: float = 60.0, budget: int = 100, new_errors: int = 100,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.burst, self.period, self.budget, self.new_errors = burst, period, budget, new_errors
        self.clock = clock
        self._lock = threading.Lock()
        self._start = clock()
        self._passed: dict[tuple[int, str], int] = {}  # (level, message) -> records passed this window
        self._total = 0  # records passed this window within the budget
        self._error_kinds: set[str] = set()  # kinds of ERROR/CRITICAL passed this window
        self._dropped: collections.Counter[tuple[str, str]] = collections.Counter()  # (level name, kind)
        self._pending: list[str] = []  # summaries of closed windows, for flush() to write

    def filter(self, record: logging.LogRecord) -> bool:
        decided = getattr(record, "_rate_limit_ok", None)
        if decided is not None:
            return bool(decided)
        with self._lock:
            ok = self._decide(record)
        record._rate_limit_ok = ok  # noqa: SLF001 - our own mark on the record; the underscore keeps it clear of extra= fields
        return ok

    def _decide(self, record: logging.LogRecord) -> bool:
        now = self.clock()
        if not 0 <= now - self._start < self.period:
            self._roll(now)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string is the handler's to report
            message = str(record.msg)
        key = (record.levelno, message[:300])
        kind = _shape(message) if record.levelno >= logging.ERROR else ""
        if kind and kind not in self._error_kinds and len(self._error_kinds) < self.budget + self.new_errors:
            self._error_kinds.add(kind)  # news: the first of its kind in this window
            self._passed[key] = self._passed.get(key, 0) + 1
            return True
        count = self._passed.get(key, 0)
        if count >= self.burst or self._total >= self.budget:
            label = (record.levelname, kind or _shape(message))
            if label in self._dropped or len(self._dropped) < 1000:  # bounded, however varied the messages
                self._dropped[label] += 1
            else:
                self._dropped[("", "other messages")] += 1
            return False
        self._passed[key] = count + 1
        self._total += 1
        if kind:
            self._error_kinds.add(kind)
        return True

    def _roll(self, now: float) -> None:
        if self._dropped:
            total = sum(self._dropped.values())
            top = ", ".join(f"{n:,} x {level} '{kind[:100]}'".replace(" x  '", " x '") for (level, kind), n in self._dropped.most_common(3))
            self._pending.append(f"log rate limit: {total:,} log lines dropped in the last {self.period:.0f} s; most often: {top}")
        self._start = now
        self._passed.clear()
        self._total = 0
        self._error_kinds.clear()
        self._dropped.clear()

    def flush(self, force: bool = False) -> None:
        """Write the dropped counts of a window that is over (``force``: end the window now, at exit).
        Cheap when there is nothing to say: the runtime calls it every second."""
        with self._lock:
            now = self.clock()
            if force or not 0 <= now - self._start < self.period:
                self._roll(now)
            pending, self._pending = self._pending, []
        for text in pending:
            logging.getLogger("kiosk.log").warning(text, extra={"_rate_limit_ok": True})


class RecentErrors(logging.Handler):
    """Keeps the last few errors in memory for the admin screen and the heartbeat.

    ``last`` follows every error, even one the rate limit keeps out of the log (status.json's
    last_error must never lag behind); the list on the admin screen holds the ones logged."""

    def __init__(self, size: int = 20) -> None:
        super().__init__(level=logging.ERROR)
        self.records: collections.deque[str] = collections.deque(maxlen=size)
        self.limiter: RateLimit | None = None
        self._last = ""
        self.last_time = 0.0  # when ``last`` was logged (seconds since the epoch); 0: no error yet
        self.count = 0  # errors since start, rate-limited or not (the heartbeat's clinic_kiosk_errors_total)

    def emit(self, record: logging.LogRecord) -> None:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(record.created))
        lines = record.getMessage().splitlines()
        text = f"{stamp} {record.name}: {lines[0][:300] if lines else ''}"
        self._last = text
        self.last_time = record.created
        self.count += 1
        if self.limiter is None or self.limiter.filter(record):
            self.records.append(text)

    @property
    def last(self) -> str:
        return self._last


class LogFileHandler(logging.handlers.RotatingFileHandler):
    """The rotating log file, for a disk that may fill up.

    When a line cannot be written (a full disk: ENOSPC, or any other OSError) the standard handler
    prints a whole traceback to stderr for every line, which on a full disk means a screenful in the
    journal for each log line. This one says so once, on stderr (the journal), and then drops the
    file's lines quietly until a line can be written again, which it also says (in the file too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.failing: str | None = None  # why the file cannot be written now; None while it can
        self._failed_now = False  # the line being written did not make it

    def emit(self, record: logging.LogRecord) -> None:
        self._failed_now = False
        try:
            if self.shouldRollover(record):
                self.doRollover()
            logging.FileHandler.emit(self, record)  # its errors come to handleError
        except OSError as exc:
            self._failed(exc)
        if not self._failed_now and self.failing is not None and self._ok_again():
            self.failing = None

    def handleError(self, record: logging.LogRecord) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, OSError):
            self._failed(exc)
        else:
            super().handleError(record)

    def _failed(self, exc: OSError) -> None:
        reason = exc.strerror or type(exc).__name__
        self._failed_now = True
        if self.stream is not None:
            with contextlib.suppress(OSError, ValueError):
                self.stream.close()  # its buffer holds the lines that did not fit; a new stream starts clean
            self.stream = None  # reopened by the next emit
        if self.failing is None and sys.stderr is not None:
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.write(f"kiosk: cannot write the log file {self.baseFilename}: {reason}; its lines go to "
                                 "stderr (the journal) only until it can be written again\n")
                sys.stderr.flush()
        self.failing = reason

    def _ok_again(self) -> bool:
        text = f"the log file can be written again (it could not: {self.failing}); lines in between are only on stderr\n"
        if self.stream is None:
            return False
        try:
            self.stream.write(time.strftime("%Y-%m-%d %H:%M:%S ") + "WARNING kiosk.log: " + text)
            self.stream.flush()
        except OSError:
            return False
        if sys.stderr is not None:
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.write("kiosk: " + text)
        return True


RECENT = RecentErrors()
LIMITER = RateLimit()


def setup_logging(log_dir: Path | None, level: int = logging.INFO, clock: Callable[[], float] = time.monotonic) -> Path | None:
    """Log to stderr (when there is one) and to rotating files in ``log_dir``; returns the log file or None.

    The rate limit is ``LIMITER``; the runtime calls ``LIMITER.flush()`` from its timer."""
    global LIMITER  # noqa: PLW0603 - a new set-up replaces the process's one limiter; users read logsetup.LIMITER when they call it
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.setLevel(level)
    LIMITER = limiter = RateLimit(clock=clock)
    formatter = logging.Formatter(FORMAT)
    if sys.stderr is not None:  # a windowed frozen build has no stderr
        stream = logging.StreamHandler()
        stream.setFormatter(formatter)
        stream.addFilter(limiter)
        root.addHandler(stream)
    RECENT.limiter = limiter
    root.addHandler(RECENT)
    folder = log_dir or default_log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "kiosk.log"
        handler = LogFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError as exc:
        logging.getLogger("kiosk").error("cannot write logs to %s (%s); logging to stderr only", folder, exc)
        return None
    handler.setFormatter(formatter)
    handler.addFilter(limiter)
    root.addHandler(handler)
    return path
