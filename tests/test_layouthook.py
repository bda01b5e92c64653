"""LayoutHook.qml: a hook into the layout step of the next frame (the home screen reports its
measures there, so the tiles the core decides on are drawn in that same frame)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine
from PySide6.QtQuick import QQuickWindow

from kiosk.core.paths import qml_dir

SCENE = b"""
import QtQuick
import Kiosk
Window {
    width: 400; height: 300; visible: true
    property int laidOut: 0
    property bool askAgain: false
    property var framesAtEachRound: []
    property int frames: 0
    onFrameSwapped: frames += 1
    function ask() { hook.request() }
    LayoutHook {
        id: hook
        objectName: "hook"
        onLayingOut: {
            laidOut += 1
            framesAtEachRound = framesAtEachRound.concat([frames])
            if (askAgain)
                hook.request()
        }
    }
    // What a handler changes is laid out in the same step: a Column places a box the handler grew.
    Column {
        Rectangle { objectName: "first"; width: 10; height: laidOut > 0 ? 100 : 10 }
        Rectangle { objectName: "second"; width: 10; height: 10 }
    }
}
"""


def rounds_at_frames(scene: QQuickWindow) -> list[int]:
    """How many frames had been drawn at each layingOut() signal."""
    return [int(n) for n in scene.property("framesAtEachRound").toVariant()]


@pytest.fixture
def scene(kiosk_app: object, qtbot: object) -> Iterator[QQuickWindow]:
    engine = QQmlEngine()
    engine.addImportPath(str(qml_dir()))
    component = QQmlComponent(engine)
    component.setData(SCENE, QUrl())
    window = component.create()
    assert isinstance(window, QQuickWindow), component.errorString()
    qtbot.waitUntil(lambda: window.property("frames") > 0)  # type: ignore[attr-defined]
    qtbot.wait(50)  # type: ignore[attr-defined]
    window.setProperty("laidOut", 0)
    window.setProperty("framesAtEachRound", [])
    qtbot.waitUntil(lambda: window.property("frames") > 1)  # type: ignore[attr-defined]  # (the reset drawn)
    yield window
    window.close()
    window.deleteLater()
    del engine


def test_a_request_is_answered_in_the_next_frames_layout_step(scene: QQuickWindow) -> None:
    """A frame drawn at once after the request (grabWindow draws one without running the event
    loop, as a frame that was already due would) shows what the handler changed, laid out.
    (With Qt.callLater the handler had not run yet: the home screen's tiles drew in the old
    rows for a frame.)"""
    second = scene.findChild(QObject, "second")
    scene.metaObject().invokeMethod(scene, "ask")
    scene.grabWindow()
    assert scene.property("laidOut") == 1
    assert second.property("y") == 100, "the Column placed what the handler changed in that same frame"


def test_a_handler_that_always_asks_again_gets_a_few_rounds_per_frame_and_no_loop(scene: QQuickWindow, qtbot: object) -> None:
    """Unbounded, this spun Qt's layout step: about 2,000 rounds a frame and a 'polish() loop'
    warning each time (which fails the test here: any Qt warning does)."""
    hook = scene.findChild(QObject, "hook")
    rounds = hook.property("maxRounds")
    scene.setProperty("askAgain", True)
    frames = scene.property("frames")
    scene.metaObject().invokeMethod(scene, "ask")
    qtbot.waitUntil(lambda: scene.property("frames") > frames)  # type: ignore[attr-defined]
    qtbot.wait(100)  # type: ignore[attr-defined]
    assert rounds_at_frames(scene) == [frames] * rounds
    # The bound is per layout step: a later request is answered again.
    scene.setProperty("askAgain", False)
    scene.metaObject().invokeMethod(scene, "ask")
    qtbot.waitUntil(lambda: scene.property("laidOut") == rounds + 1)  # type: ignore[attr-defined]
