"""The core stays free of Qt (napari's rule), checked two ways."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO


def test_importing_the_core_loads_no_qt() -> None:
    code = (
        "import sys, kiosk.core.loader, kiosk.core.session, kiosk.core.model, kiosk.core.markup, kiosk.core.paths;"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'kiosk.qt')));"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr


def test_import_linter_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if lint is None:
        pytest.fail("lint-imports is not installed; the test command installs it with the [test] extra")
    done = subprocess.run([lint], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr


def test_one_list_of_harmless_qt_messages() -> None:
    """The tests, `kiosk --smoke` and the running kiosk judge Qt's messages by one list."""
    import tomllib

    from kiosk.core.qtmessages import is_harmless

    pytest_ini = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "qt_log_ignore" not in pytest_ini, "a second list in pyproject.toml; use kiosk/core/qtmessages.py"
    for module in ("kiosk/smoke.py", "kiosk/qt/runtime.py", "kiosk/qt/app.py", "tests/conftest.py"):
        assert "qtmessages import" in (REPO / module).read_text(), f"{module} does not read the shared list"
    assert is_harmless("qt.multimedia.symbolsresolver: Couldn't load pipewire-0.3 library")
    assert not is_harmless('Error loading text-to-speech plug-in "speechd"'), "a failed plugin is never harmless"


def test_commands_drop_harmless_qt_messages_and_print_the_rest() -> None:
    """kiosk self-test, validate, screenshots...: a clean machine without PipeWire says nothing about it."""
    code = (
        "from kiosk.qt.app import make_application; make_application();"
        "from PySide6.QtCore import qWarning;"
        "qWarning(\"Couldn't load pipewire-0.3 library\"); qWarning('a real problem')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "pipewire" not in done.stderr
    assert "a real problem" in done.stderr
