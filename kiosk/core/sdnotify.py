"""systemd's notify protocol, written to $NOTIFY_SOCKET directly (no dependency).

READY=1 once the window is up; WATCHDOG=1 from a GUI-thread timer, so a frozen
event loop stops the pings and systemd restarts the kiosk.
"""

from __future__ import annotations

import os
import socket


def notify(message: str) -> bool:
    """Send one notification; False where no supervisor listens (not under systemd)."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address or not hasattr(socket, "AF_UNIX"):
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]  # abstract namespace
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.connect(address)
            sock.sendall(message.encode())
        return True
    except OSError:
        return False


def watchdog_interval_ms() -> int | None:
    """Half of systemd's WatchdogSec, in milliseconds; None when no watchdog is set for this process."""
    usec = os.environ.get("WATCHDOG_USEC")
    pid = os.environ.get("WATCHDOG_PID")
    if not usec or (pid and pid != str(os.getpid())):
        return None
    try:
        return max(100, int(usec) // 2000)
    except ValueError:
        return None
