"""Does speech-dispatcher answer? Asked with a time limit before Qt's engine connects to it.

Qt's speech-dispatcher engine connects through libspeechd with no time limit. A dispatcher
that hangs (seen here: one stuck on a lock at start-up, its socket's queue full) makes that
connect wait forever, and with it the kiosk's window: the watchdog then restarts the kiosk,
which hangs again at the same place, for as long as the dispatcher stays stuck. So the kiosk
first asks the dispatcher itself, the way libspeechd would (connect, then ``SET SELF
CLIENT_NAME``), with a socket time-out, off the window's thread. No answer in time: read-aloud
stays off, with one line that says why; the kiosk runs on without it.

When nothing listens yet, libspeechd would start the dispatcher itself ("autospawn"). The
probe does that step too (the same command, under a time limit), so a dispatcher that hangs
while it starts is caught as well.

Plain Python (sockets and one subprocess): no Qt.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

# How long the dispatcher may take to accept and answer (it answers in about a millisecond),
# and how long its own start may take (it lists its voice modules: about a second here).
ANSWER_SECONDS = 3.0
SPAWN_SECONDS = 10.0
CLIENT_NAME = b"SET SELF CLIENT_NAME kiosk:probe:main\r\n"


@dataclass(frozen=True)
class Address:
    """Where libspeechd would connect: a Unix socket path, or a TCP host and port."""

    path: Path | None = None
    host: str = ""
    port: int = 0

    def __str__(self) -> str:
        return str(self.path) if self.path is not None else f"{self.host}:{self.port}"


def speechd_address(env: Mapping[str, str], home: Path | None = None) -> Address:
    """libspeechd's choice: ``SPEECHD_ADDRESS``, else ``speech-dispatcher/speechd.sock`` in the
    user's runtime folder (GLib falls back to the cache folder when there is none)."""
    given = env.get("SPEECHD_ADDRESS", "").strip()
    if given.startswith("unix_socket:") and given[len("unix_socket:"):]:
        return Address(path=Path(given[len("unix_socket:"):]))
    if given.startswith("inet_socket:"):
        host, _, port = given[len("inet_socket:"):].partition(":")
        return Address(host=host or "127.0.0.1", port=int(port) if port.isdigit() else 6560)
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if not runtime:
        cache = env.get("XDG_CACHE_HOME", "")
        runtime = cache or str((home or Path.home()) / ".cache")
    return Address(path=Path(runtime) / "speech-dispatcher" / "speechd.sock")


def _ask(address: Address, timeout: float) -> str | None:
    """``None`` when the dispatcher answered; else what went wrong."""
    if address.path is not None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        target: str | tuple[str, int] = str(address.path)
    else:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        target = (address.host, address.port)
    with sock:
        sock.settimeout(timeout)
        try:
            sock.connect(target)
        except TimeoutError:
            return f"speech-dispatcher at {address} does not take connections (waited {timeout:g} s)"
        try:
            sock.sendall(CLIENT_NAME)
            reply = sock.recv(256)
        except TimeoutError:
            return f"speech-dispatcher at {address} does not answer (waited {timeout:g} s)"
        except OSError as exc:
            return f"speech-dispatcher at {address} dropped the connection ({exc.strerror or exc})"
        if not reply.startswith(b"2"):
            first = reply.decode("ascii", "replace").strip()[:80] or "nothing"
            return f"speech-dispatcher at {address} answered '{first}'"
        with contextlib.suppress(OSError):
            sock.sendall(b"QUIT\r\n")
    return None


def _spawn(address: Address, program: str, timeout: float) -> str | None:
    """Start the dispatcher as libspeechd's autospawn does; ``None`` when it started (or cannot be started here)."""
    if address.path is None:
        return None
    address.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    command = [program, "--spawn", "--communication-method", "unix_socket", "--socket-path", str(address.path)]
    try:
        subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"speech-dispatcher did not finish starting within {timeout:g} s"
    except OSError as exc:
        return f"speech-dispatcher cannot be started ({exc.strerror or exc})"
    return None


def probe_speechd(
    env: Mapping[str, str] | None = None,
    *,
    timeout: float = ANSWER_SECONDS,
    spawn_timeout: float = SPAWN_SECONDS,
    which: Callable[[str], str | None] = shutil.which,
) -> str | None:
    """``None`` when Qt's engine may connect without waiting forever; else the reason it would."""
    address = speechd_address(os.environ if env is None else env)
    try:
        return _ask(address, timeout)
    except (FileNotFoundError, ConnectionRefusedError):
        pass  # nothing listens: libspeechd would start one
    except OSError as exc:
        return f"speech-dispatcher at {address} cannot be reached ({exc.strerror or exc})"
    program = which("speech-dispatcher")
    if program is None:
        return None  # no dispatcher to start: Qt's engine then finds no voice, which is reported as such
    reason = _spawn(address, program, spawn_timeout)
    if reason is not None:
        return reason
    try:
        return _ask(address, timeout)
    except OSError as exc:
        return f"speech-dispatcher at {address} did not start listening ({exc.strerror or exc})"
