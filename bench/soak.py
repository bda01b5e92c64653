"""Soak benchmark: thousands of simulated patients in one kiosk process; memory must stay flat.

Run: .venv/bin/python bench/soak.py [--sessions N] [--every N] [--seed N] [--size WxH]

Each patient is a short session of real taps sent to the real window (QTest mouse events at
the centre of the items a patient would touch, found by objectName): sometimes a language
on the attract screen, then a topic, some steps (Next, now and then Back or a swipe), a word
card, the settings panel (another language, a text size, stronger colours), sometimes the
finish screen and a related topic; then the patient walks away and the kiosk's own idle
reset (the runtime's timer tick, on a hand-driven clock with the config's shortest
timeouts) asks "Are you still there?" and starts over; the attract screen then waits ten
seconds (by that clock) for the next patient. Every step is checked on screen, so
a soak that stops doing what a patient does fails instead of measuring nothing.

Every ``--every`` sessions it prints resident memory (RSS), the picture renders the cache
keeps (part of RSS, bounded by the window's size), the live QObjects (the window's
and the kiosk's object trees, the Qt Quick items, and the Python wrappers shiboken6 holds),
the Python objects the garbage collector tracks and the types whose count grew most.
Goal (issue #14): RSS grows by less than 1 MB per 1,000 sessions after the first 1,000.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ.setdefault("QT_LINUX_ACCESSIBILITY_ALWAYS_ON", "0")

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QObject,
    QPoint,
    QPointF,
    Qt,
    QTimer,
)
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest

from kiosk.core.config import Config, LoadedConfig
from kiosk.core.health import rss_bytes
from kiosk.core.loader import load_content
from kiosk.core.paths import bundled_content_dir
from kiosk.qt.app import KioskWindow, WindowOptions, make_application
from kiosk.qt.items import walk_items
from kiosk.qt.runtime import KioskRuntime

IDLE_SECONDS, COUNTDOWN_SECONDS = 15, 20  # the shortest the config allows
ATTRACT_WAIT_SECONDS = 10  # the attract screen between two patients
GOAL_MB_PER_1000 = 1.0


class Clock:
    """The runtime's injected clock, moved by hand (as the tests do)."""

    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


class Patient:
    """Taps, swipes and reads the real window by objectName."""

    def __init__(self, kiosk: KioskWindow) -> None:
        self.window: QQuickWindow = kiosk.window
        self.loop = QEventLoop()
        self.frames = 0
        self.window.frameSwapped.connect(self._swapped)
        self.timer = QTimer()
        self.timer.setSingleShot(True)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.loop.quit)
        self.taps = 0
        self.missed = 0  # waits for a frame that never came (the tap changed nothing on screen)

    def visible(self) -> list[QQuickItem]:
        return [item for item in walk_items(self.window.contentItem()) if item.isVisible()]

    def find(self, name: str) -> QQuickItem | None:
        for item in self.visible():
            if item.objectName() == name:
                return item
        return None

    def named(self, prefix: str) -> list[str]:
        return [item.objectName() for item in self.visible() if item.objectName().startswith(prefix)]

    def reachable(self, prefix: str) -> list[str]:
        """Visible items named ``prefix...`` whose centre a finger can touch: inside the window and
        inside every clipping item around them (not scrolled out of sight)."""
        out = []
        for item in self.visible():
            if not item.objectName().startswith(prefix):
                continue
            centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
            outer: QQuickItem | None = item.parentItem()
            inside = 0 <= centre.x() < self.window.width() and 0 <= centre.y() < self.window.height()
            while inside and outer is not None:
                if outer.clip():
                    inside = outer.mapRectToScene(outer.boundingRect()).contains(centre)
                outer = outer.parentItem()
            if inside:
                out.append(item.objectName())
        return out

    def expect(self, name: str) -> QQuickItem:
        item = self.find(name)
        if item is None:
            shown = sorted({i.objectName() for i in self.visible() if i.objectName()})
            raise AssertionError(f"no visible {name!r}; the patient sees {shown}")
        return item

    def screen(self) -> str:
        for screen in ("attract", "home", "walk", "check", "finish"):
            if self.find(screen + "Screen") is not None:
                return screen
        return "?"

    def _swapped(self) -> None:
        self.frames += 1
        self.loop.quit()

    def frame(self, since: int | None = None) -> None:
        """Let the window draw what the last input changed (as it would for the patient), unless
        it has drawn a frame since ``since`` already (Qt often draws while it delivers the tap)."""
        if since is not None and self.frames > since:
            return
        self.timer.start()
        self.loop.exec()
        if not self.timer.isActive():
            self.missed += 1
        self.timer.stop()

    def scroll_to(self, name: str) -> None:
        """Scroll (by swiping, as a patient does) until ``name`` is in reach."""
        for _ in range(6):
            if name in self.reachable(name):
                return
            item = self.expect(name)
            outer = item.parentItem()
            while outer is not None and not outer.clip():
                outer = outer.parentItem()
            assert outer is not None, f"{name} is off screen"
            box = outer.mapRectToScene(outer.boundingRect())
            below = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).y() > box.center().y()
            start = box.center().toPoint()
            travel = int(box.height() * 0.4) * (-1 if below else 1)
            left = Qt.MouseButton.LeftButton
            QTest.mousePress(self.window, left, Qt.KeyboardModifier.NoModifier, start)
            for i in range(1, 9):
                QTest.mouseMove(self.window, QPoint(start.x(), start.y() + travel * i // 8))
            QTest.mouseMove(self.window, QPoint(start.x(), start.y() + travel), 120)  # stop before lifting: no flick
            QTest.mouseRelease(self.window, left, Qt.KeyboardModifier.NoModifier, QPoint(start.x(), start.y() + travel))
            for _ in range(100):  # a tap on a moving list only stops it: wait until it rests
                if not outer.property("moving"):
                    break
                QTest.qWait(20)
            self.frame()
        raise AssertionError(f"{name} is out of reach (scrolled away or off screen)")

    def tap(self, name: str) -> None:
        self.scroll_to(name)
        item = self.expect(name)
        point = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
        before = self.frames
        QTest.mouseClick(self.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        self.taps += 1
        self.frame(before)

    def tap_at(self, point: QPoint) -> None:
        before = self.frames
        QTest.mouseClick(self.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        self.taps += 1
        self.frame(before)

    def swipe(self, name: str, dx: int, dy: int = 0) -> None:
        start = self.expect(name)
        point = start.mapToScene(QPointF(start.width() / 2, start.height() / 2)).toPoint()
        left = Qt.MouseButton.LeftButton
        before = self.frames
        QTest.mousePress(self.window, left, Qt.KeyboardModifier.NoModifier, point)
        for i in range(1, 9):
            QTest.mouseMove(self.window, QPoint(point.x() + dx * i // 8, point.y() + dy * i // 8))
        end = QPoint(point.x() + dx, point.y() + dy)
        QTest.mouseRelease(self.window, left, Qt.KeyboardModifier.NoModifier, end)
        self.taps += 1
        self.frame(before)



def step_counter(patient: Patient) -> str:
    return str(patient.expect("stepCounter").property("text"))


def one_patient(patient: Patient, runtime: KioskRuntime, clock: Clock, rng: random.Random, languages: list[str],
                default_language: str) -> None:
    """One simulated patient, from the attract screen back to it."""
    assert patient.screen() == "attract", patient.screen()
    if rng.random() < 0.3:
        patient.tap("attractLang-" + rng.choice(languages))  # picks a language and starts
    else:
        patient.tap("touchToStart")
    assert patient.screen() == "home", patient.screen()
    if not patient.reachable("tile-"):  # the topics do not fit one screen here: their sections first
        patient.tap(rng.choice(patient.reachable("shelf-")))
    if patient.screen() == "home":  # (a section of one topic opens it)
        patient.tap(rng.choice(patient.reachable("tile-")))  # some languages scroll the tiles
    assert patient.screen() == "walk", patient.screen()

    saw_card = False
    for _ in range(rng.randint(1, 7)):
        if patient.screen() != "walk":
            break
        before = step_counter(patient)
        terms = patient.reachable("term-")
        if terms and not saw_card:
            saw_card = True
            patient.tap(rng.choice(terms))
            assert patient.find("glossaryCard") is not None, "the word card did not open"
            patient.tap("cardClose")
            assert patient.find("glossaryCard") is None, "the word card did not close"
        roll = rng.random()
        if roll < 0.15 and patient.find("backButton") is not None:
            patient.tap("backButton")
        elif roll < 0.3:
            patient.swipe("swipeArea", -int(patient.window.width() * 0.3))  # left: the next page
        else:
            patient.tap("nextButton")
        assert patient.screen() != "walk" or step_counter(patient) != before, "the page did not turn"

    if patient.screen() == "check":  # the teach-back questions after a topic's last page
        answers = patient.reachable("answer-")
        if answers:
            patient.tap(rng.choice(answers))
        patient.tap("nextButton")  # the next question, or past the questions (Skip)

    if patient.screen() in ("walk", "finish"):
        patient.tap("settingsButton")
        patient.expect("settingsPanel")
        current = [code for code in languages if patient.expect("lang-" + code).property("primary")]
        patient.tap("lang-" + rng.choice([code for code in languages if code not in current]))
        patient.tap(f"textSize-{rng.randint(0, 2)}")
        if rng.random() < 0.3:
            patient.tap("contrastToggle")
        if rng.random() < 0.2:
            patient.tap("motionToggle")
        if patient.reachable("settingsClose") or rng.random() < 0.3:
            patient.tap("settingsClose")  # scrolling down to it when the largest text pushed it out of sight
        else:
            box = patient.expect("settingsBox")
            patient.tap_at(QPoint(patient.window.width() // 2, int(box.mapToScene(QPointF(0, 0)).y()) // 2))  # beside the box
        assert patient.find("settingsPanel") is None, "the settings did not close"

    if patient.screen() == "finish":
        related = patient.reachable("related-")
        if related and rng.random() < 0.5:
            patient.tap(rng.choice(related))
            assert patient.screen() == "walk", patient.screen()

    # The patient walks away: the kiosk asks, counts down, and starts over.
    clock.now += IDLE_SECONDS + 1
    runtime.tick()
    patient.frame()
    patient.expect("idleOverlay")
    if rng.random() < 0.1:  # ... or comes back just in time, and then walks away
        patient.tap("stillHereButton")
        assert patient.find("idleOverlay") is None, "'I'm still here' did not close the question"
        clock.now += IDLE_SECONDS + 1
        runtime.tick()
        patient.frame()
        patient.expect("idleOverlay")
    clock.now += COUNTDOWN_SECONDS
    runtime.tick()
    patient.frame()
    assert patient.screen() == "attract" and patient.find("idleOverlay") is None, "the idle reset did not start over"
    assert patient.expect("attractLang-" + default_language).property("primary"), "the reset kept the patient's language"
    # The attract screen waits a little before the next patient (the kiosk gives the last
    # patient's freed memory back to the system a few seconds in).
    clock.now += ATTRACT_WAIT_SECONDS
    runtime.tick()
    patient.frame()


@dataclass
class Census:
    sessions: int
    seconds: float
    rss_mb: float
    pictures_mb: float
    qobjects: int
    items: int
    wrappers: int
    python: int
    types: Counter[str]


def count_wrappers() -> int:
    try:
        from shiboken6 import Shiboken

        return len(Shiboken.getAllValidWrappers())
    except (ImportError, AttributeError):
        return -1


def census(kiosk: KioskWindow, sessions: int, started: float) -> Census:
    """Memory and object counts, after deferred deletes and a full garbage collection."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
    gc.collect()
    objects = gc.get_objects()
    types = Counter(type(o).__name__ for o in objects)
    qobjects = len(kiosk.findChildren(QObject)) + len(kiosk.window.findChildren(QObject))
    items = sum(1 for _ in walk_items(kiosk.window.contentItem()))
    result = Census(sessions, time.monotonic() - started, rss_bytes() / 2**20, kiosk.bridge.drawings.bytes / 2**20,
                    qobjects, items, count_wrappers(), len(objects), types)
    del objects
    return result


def report(now: Census, previous: Census | None) -> None:
    grew = ""
    if previous is not None:
        delta = now.types - previous.types
        grew = ", ".join(f"{name} +{n}" for name, n in delta.most_common(4)) or "none"
    rate = now.seconds / now.sessions if now.sessions else 0.0
    drss = f"{now.rss_mb - previous.rss_mb:+6.1f}" if previous else "      "
    print(f"{now.sessions:>7} {now.seconds:>8.0f} {rate * 1000:>7.0f} {now.rss_mb:>8.1f} {drss} {now.pictures_mb:>7.1f} {now.qobjects:>8} "
          f"{now.items:>6} {now.wrappers:>8} {now.python:>9}  {grew}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000, help="simulated patients (default 10,000)")
    parser.add_argument("--every", type=int, default=1000, help="print figures every N sessions (default 1,000)")
    parser.add_argument("--seed", type=int, default=14, help="random seed for the patients' choices")
    parser.add_argument("--size", default="1920x1080", help="window size (default 1920x1080)")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))

    app = make_application()
    content = load_content(bundled_content_dir()).content
    assert content is not None
    kiosk = KioskWindow(content, WindowOptions(windowed=True, width=width, height=height))
    kiosk.show()
    folder = Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
    clock = Clock()
    config = Config(idle_seconds=IDLE_SECONDS, countdown_seconds=COUNTDOWN_SECONDS, status_dir=str(folder))
    runtime = KioskRuntime(kiosk, LoadedConfig(config, folder / "config.yaml"), lambda: None,
                           usage_file=folder / "usage.json", clock=clock, wall_clock=clock,
                           ticking=False)  # the patients' clock drives the idle reset, as in the tests
    patient = Patient(kiosk)
    patient.frame()
    languages = [name.removeprefix("attractLang-") for name in patient.named("attractLang-")]
    default_language = next(code for code in languages if patient.expect("attractLang-" + code).property("primary"))
    rng = random.Random(args.seed)  # noqa: S311 - simulated patients, seeded to repeat, not secrets

    print(f"soak: {args.sessions} patients at {width}x{height}, offscreen + software Qt Quick, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print(f"{'session':>7} {'seconds':>8} {'ms/pat':>7} {'RSS MB':>8} {'dRSS':>6} {'pics MB':>7} {'QObjects':>8} {'items':>6} "
          f"{'wrappers':>8} {'py objs':>9}  python types that grew most")
    started = time.monotonic()
    rows = [census(kiosk, 0, started)]
    report(rows[0], None)
    failures: list[str] = []
    for n in range(1, args.sessions + 1):
        try:
            one_patient(patient, runtime, clock, rng, languages, default_language)
        except AssertionError as exc:  # report it, picture it, and let the kiosk's own reset start over
            shot = folder / f"patient-{n}.png"
            patient.window.grabWindow().save(str(shot))
            failures.append(f"patient {n}: {exc} (the screen: {shot})")
            print(f"FAILED {failures[-1]}", flush=True)
            runtime.forget()
            patient.frame()
        if n % args.every == 0 or n == args.sessions:
            rows.append(census(kiosk, n, started))
            report(rows[-1], rows[-2])
    total = time.monotonic() - started
    resets = runtime.usage.totals(1).get("idle_resets", 0)
    print(f"{args.sessions} patients, {patient.taps} taps ({patient.missed} drew nothing), {resets} idle resets in {total:.0f} s "
          f"({total / args.sessions * 1000:.0f} ms per patient), load {os.getloadavg()[0]:.1f}")
    if failures:
        print(f"{len(failures)} patients did not see what they should have:", *failures, sep="\n  ")
    # The goal counts from the first 1,000 sessions on (the screens built, the caches filled);
    # a run shorter than that counts from its first report.
    base = next((row for row in rows if row.sessions >= 1000), rows[min(1, len(rows) - 1)])
    last = rows[-1]
    if last.sessions > base.sessions:
        per_1000 = (last.rss_mb - base.rss_mb) / (last.sessions - base.sessions) * 1000
        ok = "met" if per_1000 < GOAL_MB_PER_1000 else "NOT met"
        print(f"RSS growth after the first {base.sessions} sessions: {last.rss_mb - base.rss_mb:+.1f} MB over "
              f"{last.sessions - base.sessions} sessions = {per_1000:+.2f} MB per 1,000 "
              f"(goal < {GOAL_MB_PER_1000:g} MB: {ok}); QObjects {base.qobjects} -> {last.qobjects}, "
              f"Python objects {base.python} -> {last.python}")
    QCoreApplication.instance().removeEventFilter(runtime)  # type: ignore[union-attr]
    kiosk.dispose()
    QCoreApplication.processEvents()
    del app


if __name__ == "__main__":
    main()
