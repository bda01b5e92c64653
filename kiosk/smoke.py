"""``kiosk --smoke``: start the real kiosk headless, tap through every step of every topic
with real input events, and exit 0 only if nothing logged a warning or an error.

It is what CI runs against the frozen build, so it checks what tests cannot: that the
bundle holds every Qt library, plugin, QML module, font, drawing and content file.
"""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QPointF, QtMsgType, Qt, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest


def _find(window: QQuickWindow, name: str) -> QQuickItem:
    stack = [window.contentItem()]
    while stack:
        item = stack.pop()
        if item.objectName() == name and item.isVisible():
            return item
        stack.extend(item.childItems())
    raise LookupError(f"no visible item named {name!r}")


def _tap(window: QQuickWindow, name: str) -> None:
    for _ in range(100):  # up to 2 s for the item to be built and shown
        try:
            item = _find(window, name)
            break
        except LookupError:
            QTest.qWait(20)
    else:
        item = _find(window, name)
    point = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    QTest.qWait(30)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_QUICK_BACKEND", "software")
    problems: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            problems.append(f"{record.levelname} {record.name}: {record.getMessage()}")

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger().addHandler(Collect(level=logging.WARNING))

    def qt_messages(mode: QtMsgType, _context: object, message: str) -> None:
        if mode != QtMsgType.QtDebugMsg and mode != QtMsgType.QtInfoMsg:
            problems.append(f"Qt: {message}")

    qInstallMessageHandler(qt_messages)
    from .cli import load_for_kiosk
    from .qt.app import KioskWindow, WindowOptions, make_application

    make_application()
    content = load_for_kiosk(None)
    kiosk = KioskWindow(content, WindowOptions(windowed=True))
    kiosk.show()
    window, bridge = kiosk.window, kiosk.bridge
    if not QTest.qWaitForWindowExposed(window, 5000):
        problems.append("the window was never shown")
    steps = 0
    try:
        for topic in content.topics:
            _tap(window, "touchToStart")
            _tap(window, f"tile-{topic.id}")
            for _ in range(topic.page_count):
                if not str(bridge.property("pagePicture")).endswith(".svg"):
                    problems.append(f"{topic.id}: a step has no picture")
                _tap(window, "nextButton")
                steps += 1
            if bridge.property("screen") != "finish":
                problems.append(f"{topic.id}: did not reach the finish screen")
            _tap(window, "nextButton")  # Done
            if bridge.property("screen") != "home":
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
