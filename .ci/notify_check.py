"""Start the kiosk the way clinic-kiosk.service does, minus cage and the screen, and check that
systemd would hear READY=1 and then WATCHDOG=1 pings from it.

Usage: python .ci/notify_check.py [WRAPPER ... --main] COMMAND [ARG ...]
(WRAPPER: what starts the command as the service's user, e.g. runuser and env; COMMAND: the
unit's ExecStart, minus cage, which needs a screen.)
Listens on a notify socket of its own (NOTIFY_SOCKET) and sets WATCHDOG_USEC to 2 s, as systemd
does. Like the unit's NotifyAccess=main, it counts only messages sent by the service's main
process: the command, after `exec` (its PID is WATCHDOG_PID, as systemd sets it; the sender's
PID comes with each message, SCM_CREDENTIALS). A kiosk that pings from anywhere else (cage's
child, in a logind session's scope) is not heard by systemd, and fails here.
Exit 0 when READY=1 and two WATCHDOG=1 arrive from the main process within 30 s.
"""

from __future__ import annotations

import os
import socket
import struct
import subprocess
import sys
import tempfile
import time


def main() -> int:
    command = sys.argv[1:]
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)  # noqa: S103 - the kiosk runs as its own user and must reach the socket in here
        path = os.path.join(folder, "notify")
        pid_file = os.path.join(folder, "main.pid")
        with open(pid_file, "w", encoding="ascii"):
            pass
        os.chmod(pid_file, 0o666)  # noqa: S103 - the kiosk runs as its own user and writes its PID here
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.bind(path)
            os.chmod(path, 0o777)  # noqa: S103 - the kiosk's user sends to this socket, as to systemd's
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
            sock.settimeout(0.5)
            env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="2000000", KIOSK_MAIN_PID_FILE=pid_file,
                       QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software")
            # The main process: the command itself, once exec'd from this shell (same PID).
            main_process = ["sh", "-c", 'echo $$ > "$KIOSK_MAIN_PID_FILE"; export WATCHDOG_PID=$$; exec "$@"', "sh"]
            wrapper, main_command = (command[:command.index("--main")], command[command.index("--main") + 1:]) \
                if "--main" in command else ([], command)
            full = wrapper + main_process + main_command
            start = time.monotonic()
            proc = subprocess.Popen(full, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            heard: list[str] = []
            ignored: list[str] = []
            while time.monotonic() - start < 30 and not ("READY=1" in heard and heard.count("WATCHDOG=1") >= 2):
                try:
                    data, ancillary, _flags, _addr = sock.recvmsg(4096, socket.CMSG_SPACE(12))
                except TimeoutError:
                    if proc.poll() is not None:
                        break
                    continue
                sender = next((struct.unpack("3i", cdata[:12])[0] for level, kind, cdata in ancillary
                               if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS), None)
                with open(pid_file, encoding="ascii") as handle:
                    main_pid = int(handle.read().strip() or 0)
                message = data.decode()
                if sender == main_pid:
                    heard.append(message)
                    print(f"notify: {time.monotonic() - start:5.2f} s  {message}  (from the main process, {sender})")
                else:
                    ignored.append(message)
                    print(f"notify: {time.monotonic() - start:5.2f} s  {message}  IGNORED: from {sender}, not the main process {main_pid}")
            proc.terminate()
            try:
                _, err = proc.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                _, err = proc.communicate()
    ok = "READY=1" in heard and heard.count("WATCHDOG=1") >= 2
    if not ok:
        print(f"notify: FAILED: heard {heard}, ignored {ignored}; the kiosk's log:\n{err[-3000:]}", file=sys.stderr)
    else:
        print("notify: READY=1 and watchdog pings arrive from the main process, as systemd (NotifyAccess=main) expects")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
