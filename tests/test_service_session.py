"""`kiosk session`: the service's main process, through which systemd hears the kiosk.

Under the unit's logind session the kiosk runs in a session scope, where systemd accepts no
notification; only the main process is heard (NotifyAccess=main). These tests check that the
session passes the kiosk's READY=1 and pings on as its own, and nothing else; that it forwards
SIGTERM and exits with the command's status; and that nothing outlives it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO
from kiosk.buildtools.childenv import kiosk_child_env
from kiosk.core import notifyrelay
from kiosk.core.notifyrelay import filter_message, run_session

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="systemd's notify protocol: Linux")

SEND = """
import os, socket, sys
out = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
for message in sys.argv[2:]:
    out.sendto(message.encode(), os.environ["NOTIFY_SOCKET"])
with open(sys.argv[1], "w") as report:
    report.write(repr({k: os.environ.get(k) for k in ("NOTIFY_SOCKET", "WATCHDOG_PID", "KIOSK_DIE_WITH_PARENT")}))
sys.exit(3)
"""


def listener(tmp_path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(tmp_path / "systemd-notify"))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
    sock.settimeout(0.2)
    return sock


def received(sock: socket.socket) -> list[tuple[str, int]]:
    """Every message waiting on ``sock``, with its sender's PID."""
    found = []
    while True:
        try:
            data, ancillary, _, _ = sock.recvmsg(4096, socket.CMSG_SPACE(12))
        except TimeoutError:
            return found
        pid = next(struct.unpack("3i", c[:12])[0] for level, kind, c in ancillary
                   if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS)
        found.append((data.decode(), pid))


def test_only_what_systemd_should_hear_passes_and_as_the_main_process(tmp_path: Path) -> None:
    upstream = listener(tmp_path)
    report = tmp_path / "env"
    env = dict(os.environ, NOTIFY_SOCKET=str(tmp_path / "systemd-notify"), WATCHDOG_PID="1", WATCHDOG_USEC="2000000")
    code = run_session([sys.executable, "-c", SEND, str(report), "READY=1", "MAINPID=1", "WATCHDOG=1\nFDSTORE=1",
                        "STATUS=showing the attract screen", "BARRIER=1"], env)
    assert code == 3, "the command's exit status"
    assert received(upstream) == [("READY=1", os.getpid()), ("WATCHDOG=1", os.getpid()),
                                  ("STATUS=showing the attract screen", os.getpid())], \
        "sent by this process (the main one); MAINPID=, FDSTORE= and the rest never pass"
    child_env = eval(report.read_text())  # noqa: S307 - the dict our own child wrote
    assert child_env["NOTIFY_SOCKET"] not in (None, env["NOTIFY_SOCKET"]), "the kiosk talks to the session"
    assert child_env["WATCHDOG_PID"] is None, "so that the kiosk pings"
    assert child_env["KIOSK_DIE_WITH_PARENT"] == "1"
    assert not Path(child_env["NOTIFY_SOCKET"]).exists(), "its socket is removed afterwards"


def test_without_systemd_it_just_runs_the_command(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NOTIFY_SOCKET"}
    report = tmp_path / "env"
    assert run_session([sys.executable, "-c", SEND.replace('os.environ["NOTIFY_SOCKET"]', '"/nonexistent"')
                        .replace("for message in sys.argv[2:]", "for message in []"), str(report)], env) == 3
    assert "'NOTIFY_SOCKET': None" in report.read_text()


def test_filter_keeps_only_the_notifications_the_kiosk_may_send() -> None:
    assert filter_message(b"READY=1\nSTATUS=up\nMAINPID=7") == b"READY=1\nSTATUS=up"
    assert filter_message(b"MAINPID=7") == b""
    assert filter_message(b"\xff\xfe") == b""


def _session(tmp_path: Path, script: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, NOTIFY_SOCKET=str(tmp_path / "systemd-notify"), XDG_RUNTIME_DIR=str(tmp_path))
    return subprocess.Popen([sys.executable, "-m", "kiosk", "session", "--", sys.executable, "-c", script],
                            cwd=REPO, env=env)


def _wait_for(path: Path, seconds: float = 20) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if path.exists() and path.read_text().strip():
            return path.read_text().strip()
        time.sleep(0.05)
    raise AssertionError(f"{path.name} was never written")


def test_sigterm_reaches_the_command_and_its_status_comes_back(tmp_path: Path) -> None:
    upstream = listener(tmp_path)
    ready = tmp_path / "ready"
    script = (f"import signal, sys, time, pathlib\n"
              f"signal.signal(signal.SIGTERM, lambda *a: sys.exit(7))\n"
              f"pathlib.Path({str(ready)!r}).write_text('1')\n"
              f"time.sleep(60)\n")
    session = _session(tmp_path, script)
    _wait_for(ready)
    session.send_signal(signal.SIGTERM)
    assert session.wait(timeout=20) == 7, "systemd's stop reaches cage, and cage's status is the service's"
    upstream.close()


def test_nothing_outlives_a_killed_session(tmp_path: Path) -> None:
    """The watchdog's SIGABRT or a SIGKILL of the main process leaves no cage (or frozen kiosk) behind."""
    pid_file = tmp_path / "child.pid"
    script = f"import os, time, pathlib\npathlib.Path({str(pid_file)!r}).write_text(str(os.getpid()))\ntime.sleep(60)\n"
    session = _session(tmp_path, script)
    child = int(_wait_for(pid_file))
    session.kill()
    session.wait(timeout=20)
    end = time.monotonic() + 10
    while time.monotonic() < end:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(child, signal.SIGKILL)
    raise AssertionError("the command outlived the killed session")


def test_the_real_kiosk_is_heard_through_the_session_as_systemd_would_hear_it(tmp_path: Path) -> None:
    """The unit's own way (minus cage): .ci/notify_check.py counts only the main process's messages."""
    env = kiosk_child_env(tmp_path)
    result = subprocess.run([sys.executable, str(REPO / ".ci" / "notify_check.py"), "--main",
                             sys.executable, "-m", "kiosk", "session", "--", sys.executable, "-m", "kiosk", "--windowed"],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "from the main process" in result.stdout and "IGNORED" not in result.stdout


def test_what_the_command_sent_just_before_it_ended_still_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The session used to stop reading when the command ended, dropping what was still waiting
    (seen on a busy machine: READY=1 passed, the WATCHDOG=1 and STATUS= after it did not). A slow
    select() plays the busy machine: the command sends everything and ends while the session waits."""
    real_select = notifyrelay.select.select

    def slow_select(*args: object) -> object:
        time.sleep(0.5)
        return real_select(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(notifyrelay.select, "select", slow_select)
    upstream = listener(tmp_path)
    env = dict(os.environ, NOTIFY_SOCKET=str(tmp_path / "systemd-notify"))
    statuses = [f"STATUS=step {i}" for i in range(8)]  # within the kernel's queue of 10 datagrams upstream
    assert run_session([sys.executable, "-c", SEND, str(tmp_path / "env"), *statuses], env) == 3
    assert [message for message, _ in received(upstream)] == statuses


def test_a_new_session_removes_what_a_killed_one_left_in_the_runtime_folder(tmp_path: Path) -> None:
    """The watchdog's SIGABRT kills the session before it can remove its notify folder; the next one
    removes it (seen under a booted systemd by tools/bootcheck.sh), and leaves a live session's alone."""
    runtime = tmp_path / "run"
    dead, alive = runtime / "kiosk-notify-dead", runtime / "kiosk-notify-alive"
    for folder in (dead, alive):
        folder.mkdir(parents=True)
    gone = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    gone.bind(str(dead / "notify"))
    gone.close()  # its socket file stays, with nobody listening: as a killed session leaves it
    live = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    live.bind(str(alive / "notify"))
    upstream = listener(tmp_path)
    try:
        env = dict(os.environ, NOTIFY_SOCKET=str(tmp_path / "systemd-notify"), XDG_RUNTIME_DIR=str(runtime))
        assert run_session([sys.executable, "-c", SEND, str(tmp_path / "env"), "READY=1"], env) == 3
        assert sorted(p.name for p in runtime.iterdir()) == ["kiosk-notify-alive"]
    finally:
        live.close()
        upstream.close()


# A stand-in for cage: it starts a "kiosk" child and ends with the kiosk's status when the kiosk
# ends, as cage does; a SIGTERM to it is recorded and ends it with 134, as cage's abort did.
CAGE = """
import signal, subprocess, sys, pathlib
folder = pathlib.Path(sys.argv[1])
signal.signal(signal.SIGTERM, lambda *a: (folder.joinpath("cage-got-term").write_text("1"), sys.exit(134)))
kiosk = subprocess.Popen([sys.executable, "-c", sys.argv[2], sys.argv[1]])
sys.exit(kiosk.wait())
"""
KIOSK = """
import os, signal, sys, time, pathlib
folder = pathlib.Path(sys.argv[1])
def stop(*_):
    folder.joinpath("kiosk-got-term").write_text("1")
    sys.exit(0)
signal.signal(signal.SIGTERM, stop if "{obeys}" == "yes" else signal.SIG_IGN)
folder.joinpath("kiosk.pid").write_text(str(os.getpid()))
time.sleep(60)
"""


def _cage_session(tmp_path: Path, obeys: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, NOTIFY_SOCKET=str(tmp_path / "systemd-notify"), XDG_RUNTIME_DIR=str(tmp_path))
    code = ("import sys; from kiosk.core.notifyrelay import run_session; "
            "sys.exit(run_session(sys.argv[1:], stop_grace=1.0))")
    return subprocess.Popen([sys.executable, "-c", code, sys.executable, "-c", CAGE, str(tmp_path),
                             KIOSK.replace("{obeys}", obeys)], cwd=REPO, env=env)


def test_a_stop_goes_to_the_kiosk_and_cage_ends_with_it(tmp_path: Path) -> None:
    """systemd's stop reaches the kiosk, which ends cleanly; cage is never sent a SIGTERM (it aborted on
    one, and systemd logged every stop and restart of the service as a failure: status=134)."""
    upstream = listener(tmp_path)
    session = _cage_session(tmp_path, obeys="yes")
    _wait_for(tmp_path / "kiosk.pid")
    session.send_signal(signal.SIGTERM)
    assert session.wait(timeout=20) == 0, "a clean stop"
    assert (tmp_path / "kiosk-got-term").exists() and not (tmp_path / "cage-got-term").exists()
    upstream.close()


def test_a_kiosk_that_does_not_end_in_time_gets_cage_stopped(tmp_path: Path) -> None:
    upstream = listener(tmp_path)
    session = _cage_session(tmp_path, obeys="no")
    kiosk = int(_wait_for(tmp_path / "kiosk.pid"))
    try:
        session.send_signal(signal.SIGTERM)
        assert session.wait(timeout=20) == 134, "after the grace, cage is stopped: its status comes back"
        assert (tmp_path / "cage-got-term").exists()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(kiosk, signal.SIGKILL)
        upstream.close()
