"""A step's picture (Picture.qml) is asked for once its box has settled, at that box's size;
it is drawn on the worker thread, never on the GUI thread, and loaded from the cache on the GUI
thread only (Qt's image loader thread calling the Python provider deadlocked).

A page's layout passes through several sizes on its way (1x1, 1x508, 688x508, 688x481 were
seen in one turn), and each size asked for is a render of the drawing (kiosk/qt/drawing.py):
the picture waits for the box to settle, never asks at a degenerate size, is drawn exactly at
the box it is shown in (sharp: shown 1:1, never scaled), and the picture fading out is not
drawn again when the box changes under it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QObject, QSize, QUrl
from PySide6.QtGui import QImage
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest

from kiosk.core.paths import qml_dir
from kiosk.qt.drawing import DrawingCache, DrawingProvider, DrawingState
from kiosk.qt.pictures import Pictures
from test_drawings import kit
from kiosk.qt.items import walk_items

def scene_of(component: str, name: str) -> bytes:
    """A window holding one ``component`` called ``name``, its box empty until a test sizes it."""
    return f"""
import QtQuick
import Kiosk
import Kiosk.Bridges
Window {{
    id: scene
    required property Pictures pictures
    width: 1000; height: 800; visible: true
    {component} {{ objectName: "{name}"; width: 0; height: 0; pictures: scene.pictures }}
}}
""".encode()


class Recording(DrawingCache):
    """The drawing cache, noting every render actually drawn and the threads that drew them,
    and the threads the image provider was called on. ``delay`` slows each render down."""

    def __init__(self, delay: float = 0.0) -> None:
        super().__init__()
        self.drawn: list[tuple[str, int, int]] = []
        self.drawing_threads: set[threading.Thread] = set()
        self.provider_threads: set[threading.Thread] = set()
        self.delay = delay
        self._noted = threading.Lock()

    def _draw(self, token: str, width: int, height: int) -> QImage:
        time.sleep(self.delay)
        with self._noted:
            self.drawn.append((token, width, height))
            self.drawing_threads.add(threading.current_thread())
        return super()._draw(token, width, height)


class RecordingProvider(DrawingProvider):
    def requestImage(self, ident: str, size: QSize, requested: QSize) -> QImage:
        assert isinstance(self.cache, Recording)
        self.cache.provider_threads.add(threading.current_thread())
        return super().requestImage(ident, size, requested)


def load_scene(engine: QQmlApplicationEngine, cache: Recording, component: str, name: str) -> Pictures:
    """Load a scene of one ``component`` into ``engine``, drawing with ``cache``."""
    engine.addImportPath(str(qml_dir()))
    engine.addImageProvider("drawing", RecordingProvider(cache))
    pictures = Pictures(cache, engine)
    engine.setInitialProperties({"pictures": pictures})
    engine.loadData(scene_of(component, name), QUrl(f"file:///{name}-test.qml"))
    assert engine.rootObjects(), "the test scene failed to load"
    return pictures


def close_scene(engine: QQmlApplicationEngine, pictures: Pictures) -> None:
    pictures.detach()
    for window in engine.rootObjects():
        window.deleteLater()
    QCoreApplication.processEvents()


def off_the_gui_thread(cache: Recording) -> None:
    assert cache.drawing_threads and threading.main_thread() not in cache.drawing_threads, (
        "drawn on the worker thread, never on the GUI thread (where a patient's tap waits)")
    assert cache.provider_threads <= {threading.main_thread()}, (
        "the provider is called on the GUI thread only (from Qt's image loader thread, calling Python deadlocked)")


class Scene:
    def __init__(self, engine: QQmlApplicationEngine, cache: Recording, tokens: list[str], qtbot: object) -> None:
        self.engine, self.cache, self.tokens, self.qtbot = engine, cache, tokens, qtbot
        window = engine.rootObjects()[0]
        assert isinstance(window, QQuickWindow)
        self.window = window
        found = window.findChild(QQuickItem, "picture")
        assert isinstance(found, QQuickItem)
        self.picture = found
        self.images = [i for i in walk_items(found) if i.metaObject().className() == "QQuickImage"]
        assert len(self.images) == 2, "a front and a back image, for the cross-fade"

    def show(self, index: int) -> None:
        self.picture.setProperty("source", f"image://drawing/{self.tokens[index]}")

    def resize(self, *sizes: tuple[int, int]) -> None:
        """The picture's box passes through ``sizes`` in one turn of the event loop."""
        for width, height in sizes:
            self.picture.setWidth(width)
            self.picture.setHeight(height)

    def box(self) -> tuple[int, int]:
        """The size of the area the drawing is shown in (the card without its margin)."""
        image = self.images[0]
        return int(image.width()), int(image.height())

    def drawn(self) -> bool:
        return bool(self.picture.property("drawn"))

    def settle(self) -> None:
        self.qtbot.waitUntil(self.drawn, timeout=3000)  # type: ignore[attr-defined]
        QTest.qWait(20)  # a request that would come after the first settle has its turn

    def shown(self) -> QObject:
        return next(i for i in self.images if i.property("source").toString() == self.picture.property("source"))


@pytest.fixture
def scene(kiosk_app: object, qtbot: object, tmp_path: Path) -> Iterator[Scene]:
    cache = Recording()
    drawing = kit(tmp_path)
    states = [DrawingState(drawing), DrawingState(drawing, hide=("lamina",)), DrawingState(drawing, show=("screw",))]
    tokens = [cache.register(state) for state in states]
    engine = QQmlApplicationEngine()
    pictures = load_scene(engine, cache, "Picture", "picture")
    yield Scene(engine, cache, tokens, qtbot)
    close_scene(engine, pictures)
    cache.close()


def test_a_picture_is_asked_for_once_at_its_settled_box_and_never_at_a_degenerate_size(scene: Scene) -> None:
    scene.show(0)
    scene.resize((1, 1), (1, 508))
    QTest.qWait(50)
    assert scene.cache.drawn == [], "a box of 1x1 or 1x508 is a layout on its way: nothing is drawn for it"
    scene.resize((688, 508), (688, 481), (652, 481))
    scene.settle()
    box = scene.box()
    assert scene.cache.drawn == [(scene.tokens[0], *box)], "one render, at the box the layout settled on"
    off_the_gui_thread(scene.cache)

    image = scene.shown()
    drawn = (int(image.property("implicitWidth")), int(image.property("implicitHeight")))
    assert drawn[0] == box[0] or drawn[1] == box[1], f"the drawing fills its box one way: {drawn} in {box}"
    assert drawn[0] <= box[0] and drawn[1] <= box[1]
    painted = (round(image.property("paintedWidth")), round(image.property("paintedHeight")))
    assert painted == drawn, "shown 1:1 (sharp), not scaled"


def test_a_new_box_draws_the_shown_picture_again_but_not_the_one_fading_out(scene: Scene) -> None:
    scene.resize((700, 500))
    scene.show(0)
    scene.settle()
    scene.cache.drawn.clear()
    scene.show(1)  # fades in over picture 0, which fades out
    scene.settle()
    assert float(scene.picture.property("shownOpacity")) < 1.0, "the change fades in"
    scene.resize((600, 480))  # while the old picture fades out
    scene.settle()
    drawn = scene.cache.drawn
    assert all(token == scene.tokens[1] for token, _, _ in drawn), f"the picture fading out was drawn again: {drawn}"
    assert drawn[-1] == (scene.tokens[1], *scene.box()), "the shown picture is drawn at its new box"
    off_the_gui_thread(scene.cache)
    QTest.qWait(600)
    assert float(scene.picture.property("shownOpacity")) == 1.0
    assert scene.images[0].property("source").toString() == "" or scene.images[1].property("source").toString() == "", (
        "the old picture is let go once faded out")


def test_a_picture_that_fades_in_is_asked_for_after_the_frame_that_changed_it(scene: Scene) -> None:
    """That frame shows the old picture all the same (the fade starts from it), so the new one is
    asked for, drawn and loaded after it: the worker holds Python's lock while Qt draws, and a
    tap's own Python waited for it (bench/ui.py). Asked for before the frame, the picture of a
    page not drawn ahead was drawn during the tap."""
    scene.resize((700, 500))
    scene.show(0)
    scene.settle()
    asked: list[tuple[str, int, int]] = []
    want = scene.cache.want

    def noting(token: str, width: int, height: int) -> bool:
        asked.append((token, width, height))
        return want(token, width, height)

    scene.cache.want = noting  # type: ignore[method-assign]
    at_frames: list[int] = []

    def frame() -> None:
        at_frames.append(len(asked))

    scene.window.frameSwapped.connect(frame)
    try:
        scene.show(1)
        scene.settle()
    finally:
        scene.window.frameSwapped.disconnect(frame)
    assert at_frames and at_frames[0] == 0, "the new picture was asked for before the frame of the change"
    assert set(asked) == {(scene.tokens[1], *scene.box())}, f"then asked for at its box only: {asked}"
    QTest.qWait(600)
    assert float(scene.picture.property("shownOpacity")) == 1.0, "and faded in"


def test_a_picture_hidden_meanwhile_shows_its_new_drawing_without_fading_from_the_old(scene: Scene) -> None:
    scene.resize((700, 500))
    scene.show(0)
    scene.settle()
    scene.picture.setVisible(False)  # another screen, or a closed word card
    scene.show(1)
    scene.picture.setVisible(True)
    scene.settle()
    assert float(scene.picture.property("shownOpacity")) == 1.0, "no cross-fade from a picture nobody saw go"
    assert [image.property("source").toString() for image in scene.images].count("") == 1


def test_the_old_picture_shows_until_the_new_one_is_drawn_and_the_gui_thread_never_waits(scene: Scene) -> None:
    """The page's words change in the tap's frame; a picture still being drawn on the worker
    leaves the old one on screen (no blank card, no frozen window), then fades in."""
    scene.resize((700, 500))
    scene.show(0)
    scene.settle()
    old = scene.shown()
    scene.cache.delay = 0.4  # a slow drawing
    scene.show(1)
    started = time.monotonic()
    QTest.qWait(150)  # the event loop runs on (a render on the GUI thread would block it for 0.4 s)
    assert time.monotonic() - started < 0.35, "the GUI thread waited for the drawing"
    assert not scene.drawn()
    assert old.property("source").toString() == f"image://drawing/{scene.tokens[0]}"
    assert float(old.property("opacity")) == 1.0, "the old picture stays on screen meanwhile"
    scene.settle()
    assert scene.shown().property("source").toString() == f"image://drawing/{scene.tokens[1]}"
    off_the_gui_thread(scene.cache)


# ---- Thumb.qml: a home tile's, an answer's and a related topic's small drawing ----------------
def test_a_thumb_is_drawn_once_at_its_settled_box_and_never_from_qt_s_loader_thread(
        kiosk_app: object, qtbot: object, tmp_path: Path) -> None:
    """A home tile's box changes size while its words are laid out: each size asked for was a
    render as the home screen opened. Now: one, at the settled size. Never from Qt's image
    loader thread: calling Python there, under Qt's lock, deadlocked with the GUI thread."""
    cache = Recording()
    drawing = kit(tmp_path)
    tokens = [cache.register(DrawingState(drawing)), cache.register(DrawingState(drawing, hide=("lamina",)))]
    engine = QQmlApplicationEngine()
    pictures = load_scene(engine, cache, "Thumb", "thumb")
    try:
        window = engine.rootObjects()[0]
        thumb = window.findChild(QQuickItem, "thumb")
        assert isinstance(thumb, QQuickItem)
        thumb.setProperty("picture", f"image://drawing/{tokens[0]}")
        for width, height in ((1, 1), (1, 120), (240, 120), (240, 180), (232, 174)):  # one turn of the event loop
            thumb.setWidth(width)
            thumb.setHeight(height)
        qtbot.waitUntil(lambda: bool(thumb.property("drawn")), timeout=3000)  # type: ignore[attr-defined]
        QTest.qWait(20)
        assert cache.drawn == [(tokens[0], 232, 174)], "one render, at the box the layout settled on"
        off_the_gui_thread(cache)

        thumb.setWidth(200)  # a new box: the same picture at the new size; a new picture
        qtbot.waitUntil(lambda: bool(thumb.property("drawn")), timeout=3000)  # type: ignore[attr-defined]
        thumb.setProperty("picture", f"image://drawing/{tokens[1]}")
        qtbot.waitUntil(lambda: bool(thumb.property("drawn")), timeout=3000)  # type: ignore[attr-defined]
        assert cache.drawn[1:] == [(tokens[0], 200, 174), (tokens[1], 200, 174)]
        off_the_gui_thread(cache)
    finally:
        close_scene(engine, pictures)
        cache.close()
