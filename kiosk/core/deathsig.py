"""Die with the parent process: the kernel's ``PR_SET_PDEATHSIG`` (Linux).

The kiosk under ``kiosk session`` (kiosk/core/notifyrelay.py) asks for it before its window
comes up, so this module imports nothing but what the call needs: the relay's own imports
(subprocess, sockets, tempfile) took 20 ms of the kiosk's first frame.
"""

from __future__ import annotations

import contextlib
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Ask the kernel to send ``sig`` to this process when its parent dies (Linux; else nothing)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
