"""Python's cyclic garbage collector, run on the GUI thread only.

Python runs its collector in whichever thread happens to allocate when a threshold is crossed.
The kiosk runs Python on other threads too: the drawing worker draws pictures in Python
(kiosk/qt/drawing.py), the speech thread runs its slots, and the speech probe runs on a thread
of its own. A collection started there deletes whatever cyclic
garbage it finds, a closed window's Qt objects included, from the wrong thread and under the
GUI thread's feet: a crash at some later, random point in the GUI thread's event processing
(seen here as a segfault in a test worker right after a test, one CI run in a few).

So, as qutebrowser does, the automatic collector is off, and a timer on the GUI thread runs
it every second, for the oldest generation whose threshold was crossed (the same rule the
interpreter follows, so memory is collected as before, on the right thread).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot


class GuiThreadCollector(QObject):
    INTERVAL_MS = 1000

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    @Slot(result=int)
    def collect(self) -> int:
        """Collect the oldest generation over its threshold (none: 0 objects)."""
        threshold, count = gc.get_threshold(), gc.get_count()
        for generation in (2, 1, 0):
            if count[generation] > threshold[generation]:
                return gc.collect(generation)
        return 0


def install(app: QCoreApplication) -> GuiThreadCollector:
    """The one collector for ``app`` (made on its first call; the app is its parent)."""
    found = app.findChild(GuiThreadCollector)
    return found if isinstance(found, GuiThreadCollector) else GuiThreadCollector(app)
