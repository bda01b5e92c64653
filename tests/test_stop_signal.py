"""systemd's stop (SIGTERM) ends the kiosk cleanly: it logs why, writes what it holds and exits 0.

Before, a stop or an upgrade killed the kiosk where it stood (no handler), so the last minutes'
usage counts were lost and systemd saw a process killed by a signal on every stop."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO
from kiosk.buildtools.childenv import kiosk_child_env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX signals")


def _wait_for_line(path: Path, words: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if path.exists() and words in path.read_text(encoding="utf-8", errors="replace"):
            return
        time.sleep(0.1)
    raise AssertionError(f"{path} never said {words!r}")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_ends_the_kiosk_cleanly(tmp_path: Path, sig: signal.Signals) -> None:
    logs = tmp_path / "logs"
    config = tmp_path / "config.yaml"
    config.write_text(f'log_dir: "{logs}"\nusage_counts: false\n', encoding="utf-8")
    env = kiosk_child_env(tmp_path, config)
    kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", "--windowed"], cwd=REPO, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_line(logs / "kiosk.log", "first frame drawn")
        kiosk.send_signal(sig)
        assert kiosk.wait(timeout=20) == 0, "a clean exit, not a death by signal"
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
    said = (logs / "kiosk.log").read_text(encoding="utf-8")
    assert f"stopping: asked to by {sig.name}" in said
    assert "kiosk exiting with code 0" in said


def test_the_kiosk_removes_what_a_kiosk_killed_mid_write_left_and_nothing_else(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The temporary files of the heartbeat, the usage counts and the PIN lock that a kill -9 or the
    watchdog left (tests/test_faults.py makes one for real) go at the next start; other files stay."""
    import platformdirs

    from kiosk import APP_NAME

    logs, data = tmp_path / "logs", tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    state = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    logs.mkdir()
    state.mkdir(parents=True)
    left = [logs / ".clinic_kiosk.prom.paick5mu", logs / ".status.json.k2_9xq0a",
            state / ".usage.json.abcdefgh", state / ".pin-lock.json.0123456_"]
    kept = [logs / ".clinic_kiosk.prom.tmp", logs / ".bashrc", state / ".notes.json.abcdefgh"]
    for path in left + kept:
        path.write_text("x")
    config = tmp_path / "config.yaml"
    config.write_text(f'log_dir: "{logs}"\nusage_counts: true\n', encoding="utf-8")
    env = kiosk_child_env(tmp_path, config)
    kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", "--windowed"], cwd=REPO, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_line(logs / "kiosk.log", "stopped in the middle of a write")
        kiosk.send_signal(signal.SIGTERM)
        assert kiosk.wait(timeout=20) == 0
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
    assert [path for path in left if path.exists()] == []
    assert [path for path in kept if not path.exists()] == []
    said = (logs / "kiosk.log").read_text(encoding="utf-8")
    assert "removed 4 temporary file(s)" in said and ".clinic_kiosk.prom.paick5mu" in said
