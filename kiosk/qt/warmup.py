"""Warm-up: the first patient's first-time work, done while the attract screen waits.

Measured with bench/ui.py (a profile of the Next taps): what made the first patient's taps
slower than every later patient's was on the GUI thread in the tap itself: reading a topic's
validated model, applying each picture's layer states to its SVG (XML) and parsing the SVG
again to find where the picture's words go. Each is done once and cached, so this module does
it ahead: one small job per turn of the event loop (a topic, or one picture: about a
millisecond or two; or one of the screens built on first use), a few milliseconds apart, so a
tap during the warm-up waits at most one job. The longest is a topic's take-home codes (about 100 ms for the code of questions and key
points), which the first patient to finish the topic waited for otherwise. It pauses as soon
as the screen is not the attract screen (a patient is there) and goes on when the kiosk is
idle again. (Drawing the pages' words into an image ahead, to warm Qt's
glyph cache, measured no better: the words were not the first-time cost.)
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from .drawing import DrawingState

if TYPE_CHECKING:
    from ..core.model import Picture
    from ..core.session import Session
    from .bridge import KioskBridge

log = logging.getLogger(__name__)

# The screens Main.qml builds the first time they show (its Loaders): the first patient's first
# tap into each built it in the tap (the first check screen: some 10 ms of a Next tap).
LAZY_SCREENS = 7
# The topics warmed, in the library's order: as many as the content keeps open at once
# (kiosk.core.loader.LRU_TOPICS), so warming never pushes out a topic it warmed.
WARM_TOPICS = 8


class WarmUp(QObject):
    """Runs the warm-up jobs for the bridge's content in small slices while the attract screen shows."""

    finished = Signal()

    INTERVAL_MS = 5  # between two jobs: the event loop (taps, animations) runs in between

    def __init__(self, bridge: KioskBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._jobs: deque[Callable[[], None]] = deque()
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self._slice)
        self.done = 0  # jobs run (tests, the benchmark)
        self.longest_ms = 0.0  # the longest job: the most a tap during the warm-up waits for it
        bridge.page.screenChanged.connect(self._screen_changed)

    @property
    def running(self) -> bool:
        """Jobs are left (whether or not a patient has paused them)."""
        return bool(self._jobs)

    def start(self) -> None:
        """Plan the jobs for the content now loaded (after every content change) and begin when idle."""
        self._jobs.clear()
        session = self._session()
        if session is None:
            return
        content = session.content
        self._jobs.extend(self._screen for _ in range(LAZY_SCREENS - self.bridge.property("screensBuilt")))
        for entry in content.topics[:WARM_TOPICS]:
            self._jobs.append(partial(self._topic, entry.id))
        self._screen_changed()

    def _screen(self) -> None:
        """Build the next of the screens the window builds on first use (5-40 ms each)."""
        self.bridge.build_screen()

    def _topic(self, topic_id: str) -> None:
        """Read the topic's model (cached by the content), then queue one job per picture."""
        session = self._session()
        if session is None:
            return
        content = session.content
        topic = content.topic(topic_id)
        pictures = [step.picture for step in topic.steps] + [stage.picture for stage in topic.stages]
        jobs: list[Callable[[], None]] = [partial(self._picture, picture, topic_id) for picture in pictures]
        jobs.append(partial(self._take_home, topic_id))
        self._jobs.extendleft(reversed(jobs))

    def _take_home(self, topic_id: str) -> None:
        """Encode the finish screen's codes in the kiosk's default language (the longest job, about
        100 ms: without it, the first patient to finish each topic waited that long for the screen)."""
        from . import qrcode
        from ..core import pageview

        session = self._session()
        if session is None:
            return
        address = self.bridge.take_home.get(topic_id, "")
        if address:
            qrcode.prepare(address)
        words = self.bridge.take_home_words(session.language)
        if words is not None:
            code = pageview.take_home_code(session, session.content.topic(topic_id), words)
            if code is not None:
                qrcode.prepare(code.text)

    def _picture(self, picture: Picture, topic_id: str) -> None:
        """What a page showing ``picture`` asks of the drawing cache on the GUI thread (kiosk.qt.pictures)."""
        session = self._session()
        if session is None:
            return
        drawings = self.bridge.drawings
        token = drawings.register(DrawingState.of(session.content.picture_path(picture, topic_id), picture))
        drawings.svg(token)
        if picture.labels:
            drawings.anchors(token, [label.anchor for label in picture.labels])

    def _session(self) -> Session | None:
        return self.bridge.session if self.bridge.property("ready") else None

    def _idle(self) -> bool:
        return bool(self.bridge.page.property("screen") == "attract")

    def _screen_changed(self) -> None:
        if self._jobs and self._idle():
            self._timer.start()
        else:
            self._timer.stop()

    def _slice(self) -> None:
        if not self._idle():  # a patient tapped: their taps come first
            self._timer.stop()
            return
        if not self._jobs:
            self._timer.stop()
            return
        job = self._jobs.popleft()
        began = time.perf_counter()
        try:
            job()
        except Exception:  # a picture that cannot be read is shown (or not) as usual; never stop the kiosk
            log.exception("warm-up job failed; skipping it")
        self.longest_ms = max(self.longest_ms, (time.perf_counter() - began) * 1000)
        self.done += 1
        if not self._jobs:
            self._timer.stop()
            log.info("warm-up done: %d jobs", self.done)
            self.finished.emit()
