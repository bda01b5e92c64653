"""Shared test set-up: headless Qt with the software scene graph, one app per session.

Tests that need Qt are marked ``gui`` automatically, so ``pytest -m "not gui"``
runs the core suite without a window (as qutebrowser does).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

# The scene graph the UI tests draw with: Qt Quick's software renderer, headless (the default),
# or "opengl": Qt's hardware path (RHI on OpenGL, through Mesa's llvmpipe on a virtual X screen),
# which tests/test_ui_pixels_gl.py runs the pixel tests under.
SCENE_GRAPH = os.environ.get("KIOSK_TEST_SCENE_GRAPH", "software")
if SCENE_GRAPH == "software":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_QUICK_BACKEND", "software")
# Accessibility over D-Bus is not available in CI containers and only produces noise.
os.environ.setdefault("QT_LINUX_ACCESSIBILITY_ALWAYS_ON", "0")
# The cache of validated content: a private one per test run, never the user's.
os.environ.setdefault("KIOSK_CACHE_DIR", tempfile.mkdtemp(prefix="kiosk-test-cache-"))
# A runtime folder of this test process's own, so that the speech-dispatcher its tests talk to
# (libspeechd, and kiosk.core.speechprobe, start one on its socket there) is its own too: the
# machine's may be stuck (one here hangs once it has spoken with no sound device), and a test
# must not depend on what a kiosk or an earlier run did to it. Ended in pytest_unconfigure.
RUNTIME_DIR = tempfile.mkdtemp(prefix="kiosk-rt-")  # (mode 0700, as XDG_RUNTIME_DIR must be)
os.environ["XDG_RUNTIME_DIR"] = RUNTIME_DIR

import pytest

from kiosk.core.paths import bundled_content_dir

REPO = Path(__file__).resolve().parents[1]
GUI_FIXTURES = {"qapp", "qtbot", "kiosk", "ui", "portrait_kiosk"}


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the speech-dispatcher this process's tests started (it would linger a while)."""
    import signal

    socket_path = f"{RUNTIME_DIR}/speech-dispatcher/speechd.sock".encode()
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if socket_path in (proc / "cmdline").read_bytes():
                os.kill(int(proc.name), signal.SIGTERM)
        except OSError:
            pass


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    from kiosk.core.qtmessages import patterns

    # The one list of harmless Qt messages, shared with `kiosk --smoke` and the running kiosk.
    harmless = pytest.mark.qt_log_ignore(*patterns())
    for item in items:
        item.add_marker(harmless)
        if GUI_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


def event_loops_run() -> bool:
    """Does a Qt event loop still run? ``QCoreApplication.exit()`` called while no ``app.exec()``
    runs (a test's guard timer that outlived the test, say) sets the thread's quit flag, and from
    then on every ``QEventLoop.exec()`` in this process returns at once without running anything."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop, timer, ran = QEventLoop(), QTimer(), []
    timer.setSingleShot(True)
    timer.timeout.connect(lambda: (ran.append(True), loop.quit()))
    timer.start(0)
    loop.exec()
    timer.stop()
    return bool(ran)


_last_test_with_running_loops: list[str] = []


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Stop at the first test after one that left Qt's quit flag set, and name that one: left
    unchecked, every wait of every later test in the process times out, far from the cause."""
    import sys

    core = sys.modules.get("PySide6.QtCore")
    if core is not None and core.QCoreApplication.instance() is not None and not event_loops_run():
        after = _last_test_with_running_loops[-1] if _last_test_with_running_loops else "the run"
        pytest.fail(f"Qt event loops no longer run in this process: QCoreApplication.exit() or quit() was called "
                    f"while no app.exec() ran, somewhere after {after} began (a timer left armed by a test? "
                    f"stop it when the test ends)", pytrace=False)
    _last_test_with_running_loops[:] = [item.nodeid]


@pytest.fixture(scope="session")
def qapp_cls() -> type:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

    api = QSGRendererInterface.GraphicsApi.OpenGL if SCENE_GRAPH == "opengl" else QSGRendererInterface.GraphicsApi.Software
    QQuickWindow.setGraphicsApi(api)
    return QGuiApplication


@pytest.fixture(scope="session")
def kiosk_app(qapp: object) -> object:
    from kiosk.qt.app import make_application

    return make_application()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private, editable copy of the bundled content."""
    target = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), target)
    return target


@pytest.fixture
def content(tmp_path: Path) -> object:
    """The small demo content of test_loader.make_content, loaded (the session and page-view tests)."""
    from kiosk.core.loader import load_content
    from test_loader import make_content

    result = load_content(make_content(tmp_path / "c"), resources=tmp_path / "c")
    assert result.content is not None
    return result.content


@pytest.fixture(scope="session")
def bundled_content() -> object:
    from kiosk.core.loader import load_content

    result = load_content(bundled_content_dir())
    assert result.ok, "\n".join(map(str, result.errors))
    return result.content


def open_kiosk(width: int = 1920, height: int = 1080, **options: object) -> Iterator[object]:
    """A shown kiosk window on the bundled content, closed afterwards (for module-scoped fixtures)."""
    from PySide6.QtCore import QCoreApplication

    from kiosk.core.loader import load_content
    from kiosk.qt.app import KioskWindow, WindowOptions

    content = load_content(bundled_content_dir()).content
    assert content is not None
    window = KioskWindow(content, WindowOptions(windowed=True, width=width, height=height, **options))  # type: ignore[arg-type]
    window.show()
    yield window
    window.dispose()
    QCoreApplication.processEvents()


def fresh_ui(kiosk: object, qtbot: object) -> object:
    """The UI helper on ``kiosk``, back on the attract screen with every choice reset."""
    from PySide6.QtCore import QCoreApplication

    from uihelpers import UI

    kiosk.bridge.reset()  # type: ignore[attr-defined]
    QCoreApplication.processEvents()
    return UI(kiosk, qtbot)  # type: ignore[arg-type]
