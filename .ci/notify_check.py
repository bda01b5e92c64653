"""Start the kiosk the way clinic-kiosk.service does, minus cage and the screen, and check that
systemd would hear READY=1 and then WATCHDOG=1 pings from it.

Usage: python .ci/notify_check.py COMMAND [ARG ...]
Listens on a notify socket of its own (NOTIFY_SOCKET), sets WATCHDOG_USEC to 2 s and
WATCHDOG_PID to this process's PID, as systemd does for cage (the kiosk's parent there); the
command is expected to deal with that (the unit runs the kiosk through `env -u WATCHDOG_PID`).
Exit 0 when READY=1 and two WATCHDOG=1 arrive within 30 s.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time


def main() -> int:
    command = sys.argv[1:]
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)
        path = os.path.join(folder, "notify")
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.bind(path)
            os.chmod(path, 0o777)  # the kiosk runs as its own user
            sock.settimeout(0.5)
            env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="2000000", WATCHDOG_PID=str(os.getpid()),
                       QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software")
            start = time.monotonic()
            proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            seen: list[str] = []
            while time.monotonic() - start < 30 and not ("READY=1" in seen and seen.count("WATCHDOG=1") >= 2):
                try:
                    seen.append(sock.recv(4096).decode())
                    print(f"notify: {time.monotonic() - start:5.2f} s  {seen[-1]}")
                except socket.timeout:
                    if proc.poll() is not None:
                        break
            proc.terminate()
            try:
                _, err = proc.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                _, err = proc.communicate()
    ok = "READY=1" in seen and seen.count("WATCHDOG=1") >= 2
    if not ok:
        print(f"notify: FAILED: got {seen}; the kiosk's log:\n{err[-3000:]}", file=sys.stderr)
    else:
        print("notify: READY=1 and watchdog pings arrive as systemd expects them")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
