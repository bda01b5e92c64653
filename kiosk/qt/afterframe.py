"""Work that waits for the window's next frame, run once that frame is out.

A tap changes the page and returns; the frame that shows it follows. Two things wait for that
frame so that they never slow it: the pictures of the pages on either side (drawn on a worker
thread) and the text of those pages (laid out in hidden slots). Both start on the turn of the
event loop after ``frameSwapped``, not inside it: Qt holds Python's lock while it draws a
picture and lays out text as it is set, so work begun inside ``frameSwapped`` made the frame's
other listeners wait for it (5-10 ms a tap, bench/ui.py).

:class:`AfterFrame` is the window's one Python listener for ``frameSwapped``. It asks each of
its waiters whether it waits, and only then puts one call on the event queue, so a frame with
nothing waiting (most frames of a fade) costs one cheap call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from PySide6.QtCore import QObject, QTimer, Slot


class Waiter(NamedTuple):
    """``waits()`` says whether it waits for a frame; ``run()`` is called once one is out."""

    waits: Callable[[], bool]
    run: Callable[[], None]


class AfterFrame(QObject):
    """Connect :meth:`frame_swapped` to the window's ``frameSwapped``: on the next turn of the
    event loop after a frame, each waiter that waits is run, once per frame at most.

    A QObject on the GUI thread with a slot, so a ``frameSwapped`` from Qt Quick's render thread
    (a threaded render loop, as under a real display) reaches it through the event queue."""

    def __init__(self, waiters: Sequence[Waiter], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._waiters = tuple(waiters)
        self._due = False  # a turn is on the event queue

    @Slot()
    def frame_swapped(self) -> None:
        if not self._due and any(waiter.waits() for waiter in self._waiters):
            self._due = True
            QTimer.singleShot(0, self, self._turn)

    @property
    def due(self) -> bool:
        """True from a frame something waited for until the turn after it runs the waiters."""
        return self._due

    def _turn(self) -> None:
        self._due = False
        for waiter in self._waiters:
            if waiter.waits():
                waiter.run()
