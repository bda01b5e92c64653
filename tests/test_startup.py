"""The kiosk's start-up order (kiosk/qt/startup.py): the window's first frame, then the bridges and
screens, then what the caller hands in (the runtime), then the content. Order, not timings: the
figures are bench/ui.py's."""

from __future__ import annotations

from kiosk.qt.app import KioskWindow
from kiosk.qt.items import walk_items


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


def _warm_kiosk() -> KioskWindow:
    from kiosk.core.contentsource import load_for_kiosk
    from kiosk.qt.app import WindowOptions

    kiosk = KioskWindow(None, WindowOptions(windowed=True, width=960, height=540, speech_engine="mock", warm_up=True))
    kiosk.show()
    kiosk.set_content(load_for_kiosk(None))
    return kiosk


def test_warm_up_runs_in_slices_while_idle_and_prepares_every_picture(kiosk_app: object, qtbot: object) -> None:
    kiosk = _warm_kiosk()
    try:
        warm = kiosk.warm_up
        assert warm is not None and warm.running and warm.done == 0, "nothing is done inside set_content"
        content = kiosk.bridge.session.content
        with qtbot.waitSignal(warm.finished, timeout=20000):  # type: ignore[attr-defined]
            warm._slice()  # what its timer calls, a few milliseconds apart: one job each time
            assert warm.done == 1 and warm.running, "one job per turn of the event loop, not all at once"
        pictures = [(entry.id, p) for entry in content.topics for t in [content.topic(entry.id)]
                    for p in [s.picture for s in t.steps] + [s.picture for s in t.stages]]
        from kiosk.qt.warmup import LAZY_SCREENS

        assert warm.done == LAZY_SCREENS + 2 * len(content.topics) + len(pictures), \
            "a job per screen built on first use, per topic, per picture, and per topic's codes"
        loaders = [item for item in walk_items(kiosk.window.contentItem()) if item.inherits("QQuickLoader")]
        lazy = [loader for loader in loaders if loader.parentItem().objectName() == "patientSide"]
        assert len(lazy) == LAZY_SCREENS, "the warm-up builds as many screens as Main.qml builds on first use"
        assert all(loader.property("item") is not None for loader in lazy), "every screen is built before the first patient"
        assert kiosk.page.property("screen") == "attract"
        drawings = kiosk.bridge.drawings
        from kiosk.qt.drawing import DrawingState

        for topic_id, picture in pictures:
            token = DrawingState.of(content.picture_path(picture, topic_id), picture).token
            assert token in drawings._svg, "the picture's layer states are applied ahead"
            if picture.labels:
                assert (token, tuple(label.anchor for label in picture.labels)) in drawings._anchors
    finally:
        kiosk.dispose()


def test_the_first_patient_to_finish_a_topic_finds_its_take_home_codes_encoded(kiosk_app: object, qtbot: object) -> None:
    """Encoding a finish screen's code of questions and key points (version 25) takes about 100 ms of
    pure Python: it was done in the tap that opened the screen, the first time in each topic and
    language. The warm-up encodes them in the default language while the attract screen waits."""
    from kiosk.qt import qrcode

    qrcode._modules.cache_clear()
    kiosk = _warm_kiosk()
    try:
        kiosk.bridge.take_home = {"laminectomy": "https://clinic.example/laminectomy"}
        warm = kiosk.warm_up
        assert warm is not None
        qtbot.waitUntil(lambda: not warm.running, timeout=20000)  # type: ignore[attr-defined]
        encoded = qrcode._modules.cache_info().misses
        assert encoded >= len(kiosk.bridge.session.content.topics) + 1, "every topic's code, and the address"
        bridge = kiosk.bridge
        bridge.page.start()
        bridge.page.openTopic("laminectomy")
        bridge.page.goTo(bridge.session.topic.page_count - 1)
        hits = qrcode._modules.cache_info().hits
        bridge.page.next()
        if bridge.page.property("screen") == "check":
            bridge.check.skip()
        assert bridge.page.property("screen") == "finish"
        qtbot.waitUntil(lambda: qrcode._modules.cache_info().hits >= hits + 2, timeout=5000)  # type: ignore[attr-defined]
        assert qrcode._modules.cache_info().misses == encoded, "nothing encoded in the patient's tap"
    finally:
        kiosk.dispose()


def test_warm_up_pauses_while_a_patient_uses_the_kiosk(kiosk_app: object, qtbot: object) -> None:
    from PySide6.QtTest import QTest

    kiosk = _warm_kiosk()
    try:
        warm = kiosk.warm_up
        assert warm is not None
        kiosk.page.start()  # a patient taps the attract screen at once
        assert kiosk.page.property("screen") == "home"
        before = warm.done
        QTest.qWait(200)
        assert warm.done == before and warm.running, "no warm-up job runs while a patient is there"
        kiosk.bridge.reset()  # the idle reset: back on the attract screen
        qtbot.waitUntil(lambda: not warm.running, timeout=20000)  # type: ignore[attr-defined]
    finally:
        kiosk.dispose()


def test_a_closed_window_s_engine_is_deleted_at_once_with_its_speech_thread_ended(kiosk_app: object) -> None:
    """dispose() deletes the QML engine before it returns, while all it refers to is alive. Left
    to a later turn of the event loop (another test's), the engine was deleted after Python had
    collected parts of its window: a pure virtual call in its destructor crashed the test process."""
    import shiboken6

    import kiosk.qt.speech as speech_module
    from kiosk.qt.app import WindowOptions

    kiosk = KioskWindow(None, WindowOptions(windowed=True, width=640, height=360, speech_engine="mock"))
    kiosk.show()
    engine, speech = kiosk.engine, kiosk.speech
    assert speech.property("available")
    kiosk.dispose()
    assert not shiboken6.isValid(engine) and not shiboken6.isValid(speech)
    assert not speech_module._RUNNING, "the speech thread ended before the engine went"


def test_once_runs_its_slot_once_when_two_emissions_from_another_thread_are_queued(kiosk_app: object) -> None:
    """Under a real display (tools/run.sh on Xvfb), frameSwapped comes from Qt Quick's render thread:
    two frames were queued before the first reached the main thread, so the kiosk logged "first frame
    drawn" twice and libpyside warned that it failed to disconnect."""
    import threading
    import warnings

    from PySide6.QtCore import QCoreApplication, QObject, Signal

    from kiosk.qt.once import once

    class Frames(QObject):
        swapped = Signal(int)

    frames, calls = Frames(), []
    once(frames.swapped, calls.append)
    render = threading.Thread(target=lambda: (frames.swapped.emit(1), frames.swapped.emit(2)))
    render.start()
    render.join()
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        QCoreApplication.processEvents()
    assert calls == [1]
    assert [str(w.message) for w in said] == []
    frames.swapped.emit(3)
    assert calls == [1], "and it stays disconnected"
