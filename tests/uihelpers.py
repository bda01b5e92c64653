"""Drive the real Qt Quick window with real input events, as a patient's finger would."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest

from kiosk.qt.app import KioskWindow
from kiosk.qt.items import walk_visible


class Clock:
    """The runtime's injected clock, moved by hand: the tests drive time themselves."""

    def __init__(self, now: float = 5000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def install_the_bundled_pack(runtime: Any, tmp_path: Path, monkeypatch: Any) -> tuple[Path, Any]:
    """A test kiosk's inbox and content store: the bundled content installed as the current pack,
    the runtime using that store, unsigned packs allowed (never on a real kiosk)."""
    from kiosk.core.packs.making import content_validator, make_pack
    from kiosk.core.packs.store import ContentStore
    from kiosk.core.paths import bundled_content_dir

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    monkeypatch.setattr(runtime, "config", runtime.config.model_copy(update={"content_inbox": str(inbox), "allow_unsigned_packs": True}))
    store = ContentStore(tmp_path / "store")
    make_pack(bundled_content_dir(), tmp_path / "first.zip", "Dr. Test (test only)")
    first = store.install(tmp_path / "first.zip", None, 10**9, content_validator(), allow_unsigned=True)
    assert first.ok, first.reason
    return inbox, store


class LoopTicks:
    """Ticks of a 50 ms timer while something runs: a stalled event loop shows as missing ticks."""

    INTERVAL = 0.05

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(round(self.INTERVAL * 1000))
        self.timer.timeout.connect(lambda: self.ticks.append(time.monotonic()))

    def __enter__(self) -> LoopTicks:
        self.started = time.monotonic()
        self.timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.timer.stop()
        self.spent = time.monotonic() - self.started

    def assert_kept_running(self) -> None:
        """At least a quarter of the ticks the time spent should have held."""
        assert len(self.ticks) >= self.spent / self.INTERVAL / 4, \
            f"{len(self.ticks)} ticks of 50 ms in {self.spent:.1f} s: the event loop stalled"


class UI:
    """Find items by objectName and tap, swipe and read them."""

    def __init__(self, kiosk: KioskWindow, qtbot: object) -> None:
        self.kiosk = kiosk
        self.window: QQuickWindow = kiosk.window
        self.qtbot = qtbot

    # ---- finding -------------------------------------------------------
    def items(self, name: str) -> list[QQuickItem]:
        return [i for i in walk_visible(self.window.contentItem()) if i.objectName() == name]

    def item(self, name: str) -> QQuickItem:
        found = self.items(name)
        if not found:
            visible = sorted({i.objectName() for i in walk_visible(self.window.contentItem()) if i.objectName()})
            raise AssertionError(f"no visible item named {name!r}; visible named items: {visible}")
        assert len(found) == 1, f"{len(found)} visible items are named {name!r}"
        return found[0]

    def exists(self, name: str) -> bool:
        return bool(self.items(name))

    def text(self, name: str) -> str:
        return str(self.item(name).property("text"))

    @property
    def screen(self) -> str:
        return str(self.kiosk.page.property("screen"))

    def centre(self, item: QQuickItem) -> QPoint:
        point = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
        return point.toPoint()

    # ---- input ---------------------------------------------------------
    def tap_at(self, point: QPoint) -> None:
        # A pause between taps, so two taps on one spot are never read as a double click.
        QTest.mouseClick(self.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point, 0)
        QTest.qWait(QGuiApplication.styleHints().mouseDoubleClickInterval() // 10)
        QGuiApplication.processEvents()

    def tap(self, name: str) -> None:
        item = self.item(name)
        assert item.width() > 0 and item.height() > 0, f"{name} has no size"
        point = self.centre(item)
        # A finger reaches only what is on screen: not a button scrolled out of its list (the tap
        # would land on whatever is drawn there instead); scroll_into_view first, as a patient would.
        clip = _clipping_ancestor_missing(item, QPointF(point))
        assert clip is None, f"{name} is out of view in {clip!r}: scroll_into_view({name!r}) first"
        self.tap_at(point)

    def scroll_into_view(self, name: str) -> None:
        """Scroll the list that holds ``name`` until all of it shows (what a patient's flick does)."""
        item = self.item(name)
        flickable = item.parentItem()
        while flickable is not None and flickable.property("contentY") is None:
            flickable = flickable.parentItem()
        assert flickable is not None, f"{name} is not in a scrolling list"
        box = flickable.mapRectFromItem(item, item.boundingRect())
        y = flickable.property("contentY")
        if box.top() < 0:
            y += box.top()
        elif box.bottom() > flickable.height():
            y += min(box.top(), box.bottom() - flickable.height())
        y = max(0.0, min(y, flickable.property("contentHeight") - flickable.height()))
        flickable.setProperty("contentY", y)
        QGuiApplication.processEvents()

    def swipe(self, name: str, dx: int) -> None:
        """Press in the middle of ``name``, slide ``dx`` pixels sideways, lift."""
        start = self.centre(self.item(name))
        left = Qt.MouseButton.LeftButton
        QTest.mousePress(self.window, left, Qt.KeyboardModifier.NoModifier, start)
        steps = 8
        for i in range(1, steps + 1):
            QTest.mouseMove(self.window, QPoint(start.x() + dx * i // steps, start.y()))
        QTest.mouseRelease(self.window, left, Qt.KeyboardModifier.NoModifier, QPoint(start.x() + dx, start.y()))
        QGuiApplication.processEvents()

    def link_point(self, name: str) -> QPoint:
        """Scene position of the first link inside the Text item ``name``."""
        item = self.item(name)
        width, height = int(item.width()), int(item.height())
        for y in range(4, height, 8):
            for x in range(4, width, 8):
                if _link_at(item, x, y):
                    return item.mapToScene(QPointF(x + 4, y)).toPoint()
        raise AssertionError(f"no link in {name}")


def _link_at(item: QQuickItem, x: int, y: int) -> str:
    """QML Text's invokable linkAt(x, y), which the Python wrapper of QQuickItem does not expose."""
    result = QMetaObject.invokeMethod(
        item, "linkAt", Qt.ConnectionType.DirectConnection, Q_RETURN_ARG("QString"), Q_ARG("qreal", float(x)), Q_ARG("qreal", float(y))
    )
    return str(result or "")


def _clipping_ancestor_missing(item: QQuickItem, point: QPointF) -> str | None:
    """The name of an ancestor that clips ``item`` so that the scene ``point`` is not shown, or None."""
    parent = item.parentItem()
    while parent is not None:
        if parent.clip():
            shown = parent.mapRectToScene(parent.boundingRect())
            if not shown.contains(point):
                return parent.objectName() or type(parent).__name__
        parent = parent.parentItem()
    return None


def wrong_answer(bridge: Any) -> int:
    """A wrong answer to the "Check what you learned" question on screen."""
    session = bridge.session
    return next(i for i, a in enumerate(session.topic.check[session.check.index].answers) if not a.right)


def right_answer(bridge: Any) -> int:
    session = bridge.session
    return int(session.topic.check[session.check.index].right_index)
