"""``kiosk --smoke``: start the real kiosk headless, tap through every step of every topic
with real input events, and exit 0 only if nothing logged a warning or an error.

It is what CI runs against the frozen build, so it checks what tests cannot: that the
bundle holds every Qt library, plugin, QML module, font, drawing and content file.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QEvent, QEventLoop, QPointF, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtQuick import QQuickWindow

from ..core.qtmessages import is_harmless
from ..qt.items import find_item

# No QtTest here: its binding imports QtWidgets, which would put 15 MB of widgets into the
# frozen kiosk for the smoke test alone. Clicks are the mouse events the window would get.
_CLOCK = QElapsedTimer()
_CLOCK.start()


def _wait(ms: int) -> None:
    """Run the event loop for ``ms`` milliseconds (what QTest.qWait does)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _click(window: QQuickWindow, point: QPointF) -> None:
    """A left click at ``point`` (scene coordinates): press, then release, delivered to the window."""
    for kind, buttons in ((QEvent.Type.MouseButtonPress, Qt.MouseButton.LeftButton),
                          (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
        event = QMouseEvent(kind, point, window.mapToGlobal(point), Qt.MouseButton.LeftButton, buttons,
                            Qt.KeyboardModifier.NoModifier)
        event.setTimestamp(_CLOCK.elapsed())
        QGuiApplication.sendEvent(window, event)


def _tap(window: QQuickWindow, name: str) -> None:
    for _ in range(100):  # up to 2 s for the item to be built and shown
        try:
            item = find_item(window, name)
            break
        except LookupError:
            _wait(20)
    else:
        item = find_item(window, name)
    _click(window, item.mapToScene(QPointF(item.width() / 2, item.height() / 2)))
    _wait(30)


def main(content_dir: list[Path] | Path | None = None) -> int:
    """Walk the content in ``content_dir`` (what the config says, from the command line); if it is
    invalid the kiosk's fallback to the bundled content happens, and its errors count as problems."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_QUICK_BACKEND", "software")
    problems: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            problems.append(f"{record.levelname} {record.name}: {record.getMessage()}")

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger().addHandler(Collect(level=logging.WARNING))

    def qt_messages(mode: QtMsgType, _context: object, message: str) -> None:
        if mode not in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) and not is_harmless(message):
            problems.append(f"Qt: {message}")

    qInstallMessageHandler(qt_messages)
    from ..core.contentsource import load_for_kiosk
    from ..qt.app import KioskWindow, WindowOptions, make_application

    make_application()
    content = load_for_kiosk(content_dir)
    print(f"smoke: content {content.root} ({content.pack.id} {content.pack.version})")
    kiosk = KioskWindow(content, WindowOptions(windowed=True))
    kiosk.show()
    window, bridge = kiosk.window, kiosk.bridge
    for _ in range(250):  # up to 5 s
        if window.isExposed():
            break
        _wait(20)
    if not window.isExposed():
        problems.append("the window was never shown")
    steps = 0
    try:
        for topic in content.topics:
            _tap(window, "touchToStart")
            _tap(window, f"tile-{topic.id}")
            for _ in range(topic.page_count):
                if not str(bridge.page.property("pagePicture")).startswith("image://drawing/"):
                    problems.append(f"{topic.id}: a step has no picture")
                _tap(window, "nextButton")
                steps += 1
            for question in content.topic(topic.id).check or ():  # "Check what you learned": the right answer, then on
                _tap(window, f"answer-{question.right_index}")
                _tap(window, "nextButton")
            if bridge.page.property("screen") != "finish":
                problems.append(f"{topic.id}: did not reach the finish screen")
            _tap(window, "nextButton")  # Done
            if bridge.page.property("screen") != "home":
                problems.append(f"{topic.id}: Done did not lead home")
            bridge.reset()
    except LookupError as exc:
        problems.append(str(exc))
    kiosk.dispose()
    for problem in problems:
        print(f"smoke: {problem}", file=sys.stderr)
    print(f"smoke: {len(content.topics)} topics, {steps} steps tapped through, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
