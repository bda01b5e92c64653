"""``kiosk session -- COMMAND...``: the service's main process, so systemd hears the kiosk.

The service opens a logind session (``PAMName=``) so that cage gets the seat's screen, touch
and sound. pam_systemd moves that session's processes, cage and the kiosk with it, into a
``session-N.scope``: outside the service's own cgroup, where ``NotifyAccess=all`` would look
for them. systemd then never saw READY=1 or the watchdog pings, timed the start out after
``TimeoutStartSec`` and restarted the kiosk, over and over.

systemd accepts notifications from the service's main process wherever it runs
(``NotifyAccess=main``). So this small process is the main one: it starts COMMAND (cage, which
starts the kiosk) with ``NOTIFY_SOCKET`` pointing at a socket of its own, and passes on what the
kiosk says (READY=1, WATCHDOG=1, STATUS=..., STOPPING=1), nothing else. It passes systemd's
stop (SIGTERM) to the kiosk, COMMAND's child, which ends cleanly, and cage with it (COMMAND
itself only when it has no child, or when the kiosk has not ended in time); SIGINT and SIGHUP go
to COMMAND. It exits with COMMAND's exit status. If it dies itself (the watchdog's
SIGABRT, or SIGKILL), the kernel kills COMMAND (``PR_SET_PDEATHSIG``), and the kiosk does the same
for itself when cage dies, so no stopped or frozen process is left behind in the old session.

No Qt is imported: this process costs a few megabytes.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from .deathsig import die_with_parent

# What the kiosk may tell systemd through us. MAINPID= and FDSTORE= never pass: the main
# process stays this one.
FORWARDED = ("READY=1", "WATCHDOG=1", "WATCHDOG=trigger", "STOPPING=1", "RELOADING=1", "STATUS=", "ERRNO=")


class _Stop:
    """A stop (SIGTERM) for the service: when it was forwarded to the kiosk, and whether the
    command (cage) was stopped too because the kiosk had not ended in time."""

    def __init__(self) -> None:
        self.forwarded_at: float | None = None
        self.command_stopped = False

    def overdue(self, grace: float) -> bool:
        """Forwarded more than ``grace`` seconds ago, and the command not stopped yet."""
        return (self.forwarded_at is not None and not self.command_stopped
                and time.monotonic() - self.forwarded_at > grace)


def filter_message(data: bytes) -> bytes:
    """The lines of one notification that may pass, joined again (empty: nothing to send)."""
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return b""
    kept = [line for line in lines if line.startswith(FORWARDED)]
    return "\n".join(kept).encode("utf-8")


def _address(raw: str) -> str:
    return "\0" + raw[1:] if raw.startswith("@") else raw


def sweep_stale(folder: Path) -> list[Path]:
    """Remove the notify folders of earlier sessions that died without tidying up (the watchdog's
    SIGABRT, a SIGKILL): folders whose socket nobody listens on any more. Returns what it removed."""
    removed = []
    for old in folder.glob("kiosk-notify-*"):
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        try:
            probe.connect(str(old / "notify"))
            continue  # a live session's (another user's folders are not ours to look at anyway)
        except (ConnectionRefusedError, FileNotFoundError):
            pass
        except OSError:
            continue
        finally:
            probe.close()
        with contextlib.suppress(OSError):
            (old / "notify").unlink(missing_ok=True)
            old.rmdir()
            removed.append(old)
    return removed


def _exit_watch(pid: int) -> int | None:
    """A descriptor that becomes readable when process ``pid`` ends (Linux 5.3+), else None."""
    opener = getattr(os, "pidfd_open", None)
    if opener is None:
        return None
    try:
        fd: int = opener(pid)
    except OSError:
        return None
    return fd


STOP_GRACE = 10.0  # seconds the kiosk has to end after a stop before its compositor is stopped too


def children(pid: int) -> list[int]:
    """The PIDs of ``pid``'s children (Linux /proc; [] where it cannot tell)."""
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError, ValueError):
                found += [int(p) for p in (task / "children").read_text().split()]
    return found


def run_session(command: Sequence[str], environ: dict[str, str] | None = None, stop_grace: float = STOP_GRACE) -> int:
    """Run ``command`` as described above; return its exit status (128+N for signal N)."""
    env = dict(os.environ if environ is None else environ)
    upstream = env.pop("NOTIFY_SOCKET", None)
    env.pop("WATCHDOG_PID", None)  # the kiosk pings; it is not this process
    folder = Path(env.get("XDG_RUNTIME_DIR") or tempfile.gettempdir())
    listen: socket.socket | None = None
    path = None
    if upstream:
        sweep_stale(folder)
        path = Path(tempfile.mkdtemp(prefix="kiosk-notify-", dir=folder)) / "notify"
        listen = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        listen.bind(str(path))
        env["NOTIFY_SOCKET"] = str(path)
        env["KIOSK_DIE_WITH_PARENT"] = "1"  # the kiosk asks for PR_SET_PDEATHSIG too (qt/startup.py)
    try:
        child = subprocess.Popen(list(command), env=env, preexec_fn=die_with_parent)  # noqa: PLW1509 - only the child can ask; no threads here
    except OSError as exc:
        print(f"kiosk session: cannot start {command[0]}: {exc.strerror}", file=sys.stderr)
        return 127

    stop = _Stop()

    def forward(signum: int, _frame: object) -> None:
        """A stop goes to the kiosk (the command's children), once: it ends cleanly, and cage
        ends with it. cage stopped by a SIGTERM aborts on the way out (libwayland's
        wl_display_terminate assertion, seen under systemd), which made every stop and restart
        of the service a failure in systemd's eyes and killed the kiosk before it could write
        its usage counts; so cage gets one only if the kiosk has not ended within
        ``stop_grace`` seconds."""
        kids = children(child.pid) if signum == signal.SIGTERM else []
        if not kids or stop.forwarded_at is not None:
            with contextlib.suppress(ProcessLookupError):
                child.send_signal(signum)
            return
        stop.forwarded_at = time.monotonic()
        for pid in kids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signum)

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, forward)
    out = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) if upstream else None
    # The command's end wakes the loop at once (a stop or a crash costs no extra second before the restart).
    ended = _exit_watch(child.pid) if listen is not None else None
    watched: list[socket.socket | int] = [listen] if listen is not None else []
    if ended is not None:
        watched.append(ended)

    def relay(data: bytes) -> None:
        message = filter_message(data)
        if message and out is not None and upstream:
            with contextlib.suppress(OSError):
                out.sendto(message, _address(upstream))

    try:
        while child.poll() is None:
            if stop.overdue(stop_grace):
                stop.command_stopped = True  # the kiosk did not end in time: stop the command itself
                with contextlib.suppress(ProcessLookupError):
                    child.send_signal(signal.SIGTERM)
            if listen is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    child.wait(timeout=1.0)
                continue
            try:
                ready, _, _ = select.select(watched, [], [], 1.0)
            except InterruptedError:
                continue
            if listen in ready:
                relay(listen.recv(4096))
        if listen is not None:
            # What the command sent just before it ended (its last STATUS=) is still waiting.
            listen.setblocking(False)
            with contextlib.suppress(BlockingIOError, InterruptedError):
                while True:
                    relay(listen.recv(4096))
    finally:
        if ended is not None:
            os.close(ended)
        for sock in (listen, out):
            if sock is not None:
                sock.close()
        if path is not None:
            with contextlib.suppress(OSError):
                path.unlink()
                path.parent.rmdir()
    code = child.returncode
    return 128 - code if code < 0 else code


def main(argv: Sequence[str]) -> int:
    command = list(argv[1:] if argv and argv[0] == "--" else argv)
    if not command:
        print("usage: kiosk session -- COMMAND [ARGS...]", file=sys.stderr)
        return 2
    return run_session(command)


__all__ = ["FORWARDED", "die_with_parent", "filter_message", "main", "run_session", "sweep_stale"]
