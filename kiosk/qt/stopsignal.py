"""Stop cleanly when asked: systemd's stop (SIGTERM), Ctrl+C in a terminal (SIGINT), a closed terminal (SIGHUP).

Without this, a stop or an upgrade killed the kiosk where it stood: the usage counts of the
last minutes were never written, the log never said why the kiosk ended, and systemd saw a
process killed by a signal. Python runs its signal handlers only when Python code runs, and
Qt's event loop runs in C++; so the handler does nothing itself, and the byte that
``signal.set_wakeup_fd`` writes for it wakes a socket notifier on the event loop, which asks the
application to quit, the same way the window's own close does (``run_kiosk`` then flushes the
usage counts, logs the exit and returns 0).
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class StopOnSignal(QObject):
    """Calls ``stop`` (once) on the event loop when one of ``signals`` arrives. Main thread only."""

    def __init__(self, stop: Callable[[], None], signals: tuple[signal.Signals, ...] = STOP_SIGNALS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = stop
        self._signals = {int(s) for s in signals}
        self._stopping = False
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self._write.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._write.fileno(), warn_on_full_buffer=False)
        self._previous = {s: signal.signal(s, self._noted) for s in signals}
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)

    @staticmethod
    def _noted(_signum: int, _frame: object) -> None:
        """Python's handler: nothing to do here; the wakeup byte does the work on the event loop."""

    def _woken(self) -> None:
        received = b""
        with contextlib.suppress(BlockingIOError, InterruptedError):
            while chunk := self._read.recv(64):
                received += chunk
        asked = [number for number in received if number in self._signals]
        if not asked or self._stopping:
            return
        self._stopping = True
        log.info("stopping: asked to by %s", signal.Signals(asked[0]).name)
        self._stop()

    def close(self) -> None:
        """Put back what was there before (the tests make and close several)."""
        self._notifier.setEnabled(False)
        for number, previous in self._previous.items():
            signal.signal(number, previous)
        signal.set_wakeup_fd(self._previous_fd)
        self._read.close()
        self._write.close()
