"""What the test harness itself promises (tests/conftest.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO, event_loops_run
from kiosk.buildtools.childenv import kiosk_child_env

STRAY_EXIT = '''
from PySide6.QtCore import QTimer


def test_one_that_leaves_a_timer_armed(qapp):
    QTimer.singleShot(0, qapp.exit)  # fires after the test, with no app.exec() running


def test_one_that_waits(qtbot):
    qtbot.wait(10)


def test_one_more(qtbot):
    qtbot.wait(10)
'''


def test_event_loops_run_here(qapp: object) -> None:
    assert event_loops_run()


def test_a_stray_exit_stops_the_next_test_and_names_the_one_before(tmp_path: Path) -> None:
    """Before the check, a stray ``app.exit`` (696b9b8's cause) failed every later wait in the
    process, each as a time-out of its own, with nothing pointing at the test that armed it."""
    (tmp_path / "test_stray.py").write_text(STRAY_EXIT, encoding="utf-8")
    env = kiosk_child_env(tmp_path, PYTHONPATH=str(REPO / "tests"))
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "conftest",
                           "-W", "ignore::pytest.PytestUnknownMarkWarning", "--rootdir", str(tmp_path),
                           str(tmp_path / "test_stray.py")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    said = done.stdout
    assert "1 passed, 2 errors" in said, said
    assert said.count("Qt event loops no longer run in this process") == 2, said
    assert "after test_stray.py::test_one_that_leaves_a_timer_armed began" in said, said
