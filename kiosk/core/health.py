"""Heartbeat files for IT: a small JSON status and a Prometheus textfile-collector file.

Both hold only the kiosk's own figures (never anything about a patient) and are
written atomically, so a monitor never reads half a file.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from .statefile import atomic_write

STATUS_FILE = "status.json"
PROM_FILE = "clinic_kiosk.prom"


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
class Status:
    kiosk_name: str
    time: str  # ISO 8601, UTC, to the second
    uptime_seconds: int
    memory_bytes: int
    app_version: str
    content_version: str
    last_error: str  # the last error's message, without any patient data (there is none to have)


def make_status(kiosk_name: str, started: float, app_version: str, content_version: str, last_error: str, *,
                clock: Callable[[], float] = time.monotonic, wall_clock: Callable[[], float] = time.time) -> Status:
    """The kiosk's health now; ``started`` is a reading of ``clock`` (monotonic) at start-up."""
    return Status(
        kiosk_name=kiosk_name,
        time=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(wall_clock())),
        uptime_seconds=int(clock() - started),
        memory_bytes=rss_bytes(),
        app_version=app_version,
        content_version=content_version,
        last_error=last_error[:300],
    )


def _label(value: str) -> str:
    return re.sub(r'["\\\n]', "_", value)


def prometheus_text(status: Status) -> str:
    labels = f'kiosk="{_label(status.kiosk_name)}"'
    info = f'{labels},app_version="{_label(status.app_version)}",content_version="{_label(status.content_version)}"'
    return "\n".join(
        [
            "# HELP clinic_kiosk_up 1 while the kiosk's event loop is running.",
            "# TYPE clinic_kiosk_up gauge",
            f"clinic_kiosk_up{{{labels}}} 1",
            "# HELP clinic_kiosk_heartbeat_timestamp_seconds When the kiosk last wrote this file.",
            "# TYPE clinic_kiosk_heartbeat_timestamp_seconds gauge",
            f"clinic_kiosk_heartbeat_timestamp_seconds{{{labels}}} {int(time.time())}",
            "# HELP clinic_kiosk_uptime_seconds Seconds since the kiosk started.",
            "# TYPE clinic_kiosk_uptime_seconds gauge",
            f"clinic_kiosk_uptime_seconds{{{labels}}} {status.uptime_seconds}",
            "# HELP clinic_kiosk_memory_bytes Resident memory of the kiosk process.",
            "# TYPE clinic_kiosk_memory_bytes gauge",
            f"clinic_kiosk_memory_bytes{{{labels}}} {status.memory_bytes}",
            "# HELP clinic_kiosk_error Whether an error was logged since start (see status.json).",
            "# TYPE clinic_kiosk_error gauge",
            f"clinic_kiosk_error{{{labels}}} {1 if status.last_error else 0}",
            "# HELP clinic_kiosk_info Versions of the app and its content.",
            "# TYPE clinic_kiosk_info gauge",
            f"clinic_kiosk_info{{{info}}} 1",
            "",
        ]
    )


# Readable by everyone: node_exporter's textfile collector runs as its own user. They hold only
# the kiosk's own figures (the usage counts stay private, 0600).
PUBLIC = 0o644


def write_heartbeat(folder: Path, status: Status) -> None:
    atomic_write(folder / STATUS_FILE, json.dumps(asdict(status), indent=1) + "\n", mode=PUBLIC)
    atomic_write(folder / PROM_FILE, prometheus_text(status), mode=PUBLIC)
