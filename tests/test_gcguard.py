"""Python's garbage collector runs on the GUI thread only (kiosk/qt/gcguard.py)."""

from __future__ import annotations

import gc
import threading


class Cycle:
    """Garbage only the cyclic collector frees; notes the thread that freed it."""

    def __init__(self, freed_on: list[threading.Thread]) -> None:
        self.me = self
        self.freed_on = freed_on

    def __del__(self) -> None:
        self.freed_on.append(threading.current_thread())


def test_garbage_made_anywhere_is_collected_on_the_gui_thread(kiosk_app: object, qtbot: object) -> None:
    """A collection that started on the image loader's thread (or the speech thread) freed a
    closed window's Qt objects there: a crash later in the GUI thread's event loop."""
    from kiosk.qt.app import make_application

    make_application()
    assert not gc.isenabled(), "the automatic collector is off"
    freed_on: list[threading.Thread] = []
    Cycle(freed_on)

    kept: list[list[int]] = []

    def allocate() -> None:  # what drawing a picture in Python does, many times over
        kept.extend([i] for i in range(200_000))

    worker = threading.Thread(target=allocate)
    worker.start()
    worker.join()
    assert freed_on == [], "no collection ran on the other thread, however much it allocated"
    qtbot.waitUntil(lambda: bool(freed_on), timeout=5000)  # type: ignore[attr-defined]  # the GUI thread's timer
    assert freed_on == [threading.main_thread()]
    kept.clear()
