"""Heartbeat files for IT: a small JSON status and a Prometheus textfile-collector file.

Both hold only the kiosk's own figures (never anything about a patient) and are
written atomically, so a monitor never reads half a file.
"""

from __future__ import annotations

import calendar
import errno
import functools
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .statefile import atomic_write, overwrite_in_place

if TYPE_CHECKING:
    from .loader import Content

STATUS_FILE = "status.json"
PROM_FILE = "clinic_kiosk.prom"


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where there is none (another C library, another system)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim  # (musl has none: AttributeError)
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def return_free_memory() -> bool:
    """Give the memory the C heap holds free back to the system (glibc's ``malloc_trim``).

    After a patient's screens are freed, glibc keeps much of what they used (in the heaps of
    the GUI thread and of the thread that draws pictures) for later, and resident memory
    wanders 20-60 MB above what is in use. Trimmed between patients, it stays where the live
    memory is, which is what IT's monitoring reads. False where there is no glibc (nothing to do)."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


def rss_bytes() -> int:
    """The process's current resident memory (peak where the current figure is not available)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        pass
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024
    except ImportError:  # Windows
        return 0


@dataclass(frozen=True)
class PackHealth:
    """One content pack on screen, as the metrics name it."""

    pack_id: str
    version: str
    review_due: str  # ISO date: the earliest clinical review due among its topics; "" when it has none
    review_overdue: bool  # a topic's review was due before today (the admin screen shows it in red)


def pack_health(pack_id: str, version: str, review_dues: Iterable[date], today: date) -> PackHealth:
    due = min(review_dues, default=None)
    return PackHealth(pack_id, version, due.isoformat() if due else "", due is not None and due < today)


def content_packs(content: Content | None, today: date) -> tuple[PackHealth, ...]:
    """The packs on screen (none before content is loaded)."""
    if content is None:
        return ()
    return tuple(pack_health(part.pack.id, part.pack.version, (t.review.review_due for t in part.topics), today)
                 for part in (content.parts or [content]))


@dataclass(frozen=True)
class Status:
    kiosk_name: str
    time: str  # ISO 8601, UTC, to the second
    uptime_seconds: int
    memory_bytes: int
    app_version: str
    content_version: str
    last_error: str  # the last error's message, without any patient data (there is none to have)
    timestamp: int = 0  # ``time`` in seconds since the epoch
    last_error_timestamp: int = 0  # when the last error was logged (seconds since the epoch); 0: none since start
    errors_total: int = 0  # errors logged since start
    packs: tuple[PackHealth, ...] = ()
    speech_available: bool = False  # read-aloud works: the engine runs and has a voice for every patient language


def make_status(kiosk_name: str, started: float, app_version: str, content_version: str, last_error: str, *,
                clock: Callable[[], float] = time.monotonic, wall_clock: Callable[[], float] = time.time,
                last_error_time: float = 0.0, errors_total: int = 0, packs: Iterable[PackHealth] = (),
                speech_available: bool = False) -> Status:
    """The kiosk's health now; ``started`` is a reading of ``clock`` (monotonic) at start-up,
    ``last_error_time`` a reading of the wall clock (0: no error since start)."""
    now = wall_clock()
    return Status(
        kiosk_name=kiosk_name,
        time=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)),
        uptime_seconds=int(clock() - started),
        memory_bytes=rss_bytes(),
        app_version=app_version,
        content_version=content_version,
        last_error=last_error[:300],
        timestamp=int(now),
        last_error_timestamp=int(last_error_time),
        errors_total=max(0, errors_total),
        packs=tuple(packs),
        speech_available=speech_available,
    )


def _label(value: str) -> str:
    return re.sub(r'["\\\n]', "_", value)


def _day_start(iso: str) -> int:
    """Midnight UTC at the start of an ISO date, in seconds since the epoch."""
    return calendar.timegm(date.fromisoformat(iso).timetuple())


def _metric(name: str, kind: str, text: str, samples: Iterable[tuple[str, int]]) -> list[str]:
    """One metric family; none at all (not even HELP) without samples, e.g. before content is loaded."""
    lines = [f"{name}{{{labels}}} {value}" for labels, value in samples]
    return [f"# HELP {name} {text}", f"# TYPE {name} {kind}", *lines] if lines else []


def prometheus_text(status: Status) -> str:
    """The textfile-collector file. Labels: ``kiosk`` on every series, ``pack`` on the per-pack
    ones, the versions on ``clinic_kiosk_info`` only (README, "Metrics and alerts")."""
    labels = f'kiosk="{_label(status.kiosk_name)}"'
    info = f'{labels},app_version="{_label(status.app_version)}",content_version="{_label(status.content_version)}"'
    packs = [(f'{labels},pack="{_label(p.pack_id)}"', p) for p in status.packs]
    lines = [
        *_metric("clinic_kiosk_up", "gauge", "1 while the kiosk's event loop is running.", [(labels, 1)]),
        *_metric("clinic_kiosk_heartbeat_timestamp_seconds", "gauge", "When the kiosk last wrote this file.",
                 [(labels, status.timestamp)]),
        *_metric("clinic_kiosk_uptime_seconds", "gauge", "Seconds since the kiosk started.", [(labels, status.uptime_seconds)]),
        *_metric("clinic_kiosk_memory_bytes", "gauge", "Resident memory of the kiosk process.", [(labels, status.memory_bytes)]),
        *_metric("clinic_kiosk_error", "gauge", "Whether an error was logged since start (see status.json).",
                 [(labels, 1 if status.last_error else 0)]),
        *_metric("clinic_kiosk_errors_total", "counter", "Errors logged since start.", [(labels, status.errors_total)]),
        *_metric("clinic_kiosk_last_error_timestamp_seconds", "gauge",
                 "When the last error was logged; 0 when none was since start.", [(labels, status.last_error_timestamp)]),
        *_metric("clinic_kiosk_speech_available", "gauge",
                 "1 when read-aloud works: the speech engine runs and has a voice for every patient language.",
                 [(labels, 1 if status.speech_available else 0)]),
        *_metric("clinic_kiosk_content_review_overdue", "gauge",
                 "1 when a topic of the content pack is past its clinical review date.",
                 [(pl, 1 if p.review_overdue else 0) for pl, p in packs]),
        *_metric("clinic_kiosk_content_review_due_timestamp_seconds", "gauge",
                 "Start (UTC) of the day the pack's next clinical review is due (its earliest topic).",
                 [(pl, _day_start(p.review_due)) for pl, p in packs if p.review_due]),
        *_metric("clinic_kiosk_info", "gauge", "Versions of the app and its content.", [(info, 1)]),
        "",
    ]
    return "\n".join(lines)


# Readable by everyone: node_exporter's textfile collector runs as its own user. They hold only
# the kiosk's own figures (the usage counts stay private, 0600).
PUBLIC = 0o644


def heartbeat_files(folder: Path) -> tuple[Path, Path]:
    """The two files a heartbeat writes into ``folder``."""
    return folder / STATUS_FILE, folder / PROM_FILE


def write_heartbeat(folder: Path, status: Status) -> bool:
    """Write both files atomically; True when done so. On a full disk (no room for the temporary
    file), each file is rewritten in the room it already has, so that monitors see a fresh heartbeat
    (whose last_error says the disk is full) rather than a stale one that looks like a dead kiosk:
    False then. OSError when a file cannot be written either way."""
    atomic = True
    status_file, prom_file = heartbeat_files(folder)
    for path, text in ((status_file, json.dumps(asdict(status), indent=1) + "\n"), (prom_file, prometheus_text(status))):
        try:
            atomic_write(path, text, mode=PUBLIC)
        except OSError as exc:
            if exc.errno != errno.ENOSPC or not overwrite_in_place(path, text):
                raise
            atomic = False
    return atomic
