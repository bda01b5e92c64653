"""The kiosk's start-up order (kiosk/qt/startup.py): the window's first frame, then the bridges and
screens, then what the caller hands in (the runtime), then the content. Order, not timings: the
figures are bench/ui.py's."""

from __future__ import annotations

from kiosk.qt.app import KioskWindow


def test_first_frame_then_bridges_then_runtime_then_content(kiosk_app: object, qtbot: object) -> None:
    from kiosk.qt.startup import start_kiosk

    events: list[str] = []

    def then(kiosk: KioskWindow) -> None:
        events.append("then")
        assert kiosk.is_complete
        assert not kiosk.bridge.property("ready"), "the runtime comes before the content"

    _app, kiosk = start_kiosk(None, windowed=True, size=(800, 600), then=then)
    try:
        assert not kiosk.is_complete, "nothing but the window before its first frame"
        assert kiosk.window.findChild(object, "firstInvitation") is not None
        kiosk.window.frameSwapped.connect(lambda: events.append("frame") if not events else None)
        qtbot.waitUntil(lambda: kiosk.is_complete and kiosk.bridge.property("ready"), timeout=10000)  # type: ignore[attr-defined]
        assert events == ["frame", "then"]
        assert kiosk.window.property("screensIn")
        assert kiosk.page.property("screen") == "attract" and kiosk.page.property("packTitle")
    finally:
        kiosk.dispose()


def test_a_bridge_asked_for_early_makes_the_screens_at_once(kiosk_app: object) -> None:
    """Tools and tests that ask for a bridge before the first frame get a complete window, not an error."""
    from kiosk.qt.app import WindowOptions

    kiosk = KioskWindow(None, WindowOptions(windowed=True, width=640, height=360, speech_engine="mock"), defer=True)
    try:
        assert not kiosk.is_complete and not kiosk.window.property("screensIn")
        assert kiosk.page.property("screen") == "attract"
        assert kiosk.is_complete and kiosk.window.property("screensIn")
        assert kiosk.screens.objectName() == "screensRoot"
    finally:
        kiosk.dispose()
