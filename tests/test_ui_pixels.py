"""What the patient sees, checked by pixels: nothing of a page is drawn outside its own area.

Geometry tests cannot see a drawing fault: under the software scene graph, icons inside the
scrolling page text were once drawn over the bottom button bar and stayed there on later
pages. Here every step of every topic, each finish screen and the home screen, in every
language, at normal and largest text, in landscape and portrait, is grabbed as the patient
sees it and compared with the same screen with its content hidden:

- every pixel that differs lies inside one of the page's cards (picture, text column, its
  scroll indicator, the checklist card): nothing is drawn outside its card;
- the bottom button bar is, pixel for pixel, the bar of a screen with no content.

Images are compared by Qt (QImage ==) after the cards are painted over; only when they differ
does numpy count and locate the differing pixels (never a per-pixel loop in Python).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QRect, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from conftest import SCENE_GRAPH, open_kiosk
from kiosk.core.prefs import TEXT_SCALES
from kiosk.qt.app import KioskWindow
from kiosk.qt.items import visible_item, wait_for_pictures, walk_visible
from uihelpers import wrong_answer

LANGUAGES = ["en", "es", "zh", "vi", "ar"]
SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
TEXT_STEPS = {"normal": 0, "largest": len(TEXT_SCALES) - 1}
# The page's cards: what a page draws, each within its own rectangle.
CARDS = ("stepPicture", "speechRow", "textArea", "scrollIndicator", "todoCard")
MASK = QColor("#FF00FF")


def scene_rect(item: QQuickItem) -> QRect:
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height())).toAlignedRect()


def grab(kiosk: KioskWindow) -> QImage:
    QCoreApplication.processEvents()
    image = kiosk.window.grabWindow()
    assert not image.isNull()
    return image.convertToFormat(QImage.Format.Format_RGB32)


def settled_grab(kiosk: KioskWindow, seconds: float = 3.0) -> QImage:
    """The window once two grabs a frame apart are the same: nothing still on its way (a picture
    fading in once drawn, a layout finishing), so the two grabs compared are of one still screen."""
    image = grab(kiosk)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QTest.qWait(16)
        again = grab(kiosk)
        if again == image:
            break
        image = again
    return image


def painted_over(image: QImage, rects: list[QRect]) -> QImage:
    """``image`` itself with ``rects`` painted over (no copy: a grab is used once)."""
    painter = QPainter(image)
    for rect in rects:
        painter.fillRect(rect, MASK)
    painter.end()
    return image


def pixels(image: QImage) -> np.ndarray:
    """The image as a height x width x 4 array (no copy)."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4)


# How different two pixels must be, and how many such pixels there must be, to count as a
# drawing fault. The software renderer draws the same scene to the same pixels: no tolerance.
# OpenGL's distance-field text shifts a few edge pixels slightly between frames as its glyph
# atlas grows; a stray icon or word changes hundreds of pixels strongly.
TOLERANCE = {"software": (0, 0), "opengl": (96, 8)}[SCENE_GRAPH]


def differences(a: QImage, b: QImage) -> str | None:
    """None when ``a`` and ``b`` match (within the scene graph's tolerance), else where they differ."""
    if a == b:
        return None
    level, allowed = TOLERANCE
    diff = np.abs(pixels(a)[..., :3].astype(np.int16) - pixels(b)[..., :3].astype(np.int16)).max(axis=2) > level
    count = int(diff.sum())
    if count <= allowed:
        return None
    ys, xs = np.nonzero(diff)
    return f"{count} pixels differ, within x {xs.min()}-{xs.max()}, y {ys.min()}-{ys.max()}"


@pytest.fixture(scope="module", params=list(SIZES))
def sized_kiosk(request: pytest.FixtureRequest, kiosk_app: object) -> Iterator[KioskWindow]:
    # read_aloud=False: the speaker buttons are drawn whether or not this machine has a voice.
    yield from open_kiosk(*SIZES[request.param], read_aloud=False)  # type: ignore[misc]


# Each screen that scrolls: the item holding its content, the cards that content may draw in,
# and its bottom bar.
WALK = ("pageArea", CARDS, "walkBottomBar")
FINISH = ("finishScroller", ("finishScroller",), "finishBottomBar")
CHECK = ("checkScroller", ("checkScroller", "checkScrollIndicator"), "checkBottomBar")
HOME = ("topicGrid", ("topicGrid", "homeScrollIndicator"), "homeBottomBar")


def check_screen(kiosk: KioskWindow, where: str, screen: tuple[str, tuple[str, ...], str],
                 bars: dict[str, QImage]) -> list[str]:
    """Grab the screen as shown and with its content hidden; compare outside the cards and the bar."""
    content_name, card_names, bar_name = screen
    wait_for_pictures(kiosk.window)  # drawn off the GUI thread: check the screen the patient ends up with
    content, bar = visible_item(kiosk.window, content_name), visible_item(kiosk.window, bar_name)
    assert content is not None and bar is not None, f"{where}: no {content_name} or {bar_name}"
    cards = [scene_rect(item) for name in card_names if (item := visible_item(kiosk.window, name)) is not None]
    seen = settled_grab(kiosk)
    content.setVisible(False)
    empty = grab(kiosk)
    content.setVisible(True)
    problems = []
    # The bar first: the cards are then painted over in the grabs themselves.
    reference = bars.setdefault(bar_name, empty.copy(scene_rect(bar)))  # the bar with no content at all
    in_bar = differences(seen.copy(scene_rect(bar)), reference)
    if in_bar:
        problems.append(f"{where}: the bottom bar differs from one with no content: {in_bar}")
    outside = differences(painted_over(seen, cards), painted_over(empty, cards))
    if outside:
        problems.append(f"{where}: drawn outside the screen's cards: {outside}")
        kept = Path(tempfile.gettempdir()) / "kiosk-pixel-faults"  # both grabs (cards painted over), to look at
        kept.mkdir(exist_ok=True)
        for name, image in (("seen", seen), ("empty", empty)):
            image.save(str(kept / f"{where.replace(' ', '_')}-{name}.png"))
        problems[-1] += f" (grabs in {kept})"
    return problems


@pytest.mark.parametrize("text", list(TEXT_STEPS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_is_drawn_outside_the_page_s_cards(sized_kiosk: KioskWindow, language: str, text: str) -> None:
    """Every step of every topic, its finish screen, and the home screen."""
    every_screen_within_its_cards(sized_kiosk, language, TEXT_STEPS[text])


# Two languages side by side (a patient and a family member), at normal text size as issue 17
# asks: mixed directions included.
PAIRS = [("es", "en"), ("ar", "en"), ("en", "ar"), ("zh", "vi")]


@pytest.mark.parametrize("pair", PAIRS, ids="+".join)
def test_two_languages_draw_nothing_outside_the_page_s_cards(sized_kiosk: KioskWindow, pair: tuple[str, str]) -> None:
    every_screen_within_its_cards(sized_kiosk, pair[0], TEXT_STEPS["normal"], second=pair[1])


def every_screen_within_its_cards(kiosk: KioskWindow, language: str, text_step: int, second: str = "") -> None:
    bridge = kiosk.bridge
    bridge.reset()
    bridge.display.setReducedMotion(True)  # no picture caught halfway through a fade
    bridge.display.setLanguage(language)
    bridge.display.setTextStep(text_step)
    if second:
        bridge.display.setSecondLanguage(second)
    bridge.page.start()
    problems: list[str] = []
    bars: dict[str, QImage] = {}
    for topic in bridge.session.content.topics:
        bridge.page.openTopic(topic.id)
        for index in range(topic.page_count):
            bridge.page.goTo(index)
            problems += check_screen(kiosk, f"{topic.id} step {index + 1}", WALK, bars)
            if second and index == 0:
                assert visible_item(kiosk.window, "stepTitle2") is not None, "the second language is not shown"
        bridge.page.next()
        if bridge.page.property("screen") == "check":
            bridge.check.answer(wrong_answer(bridge))
            problems += check_screen(kiosk, f"{topic.id} check", CHECK, bars)
            bridge.check.skip()
        problems += check_screen(kiosk, f"{topic.id} finish", FINISH, bars)
    bridge.page.home()
    problems += check_screen(kiosk, "home", HOME, bars)
    bridge.reset()
    assert not problems, "\n".join(problems[:12])


def test_icons_are_drawn_in_their_colour(kiosk_app: object) -> None:
    """The icons are images now: each one renders, filled with the colour asked for."""
    from kiosk.qt.icons import PATHS, IconProvider

    provider = IconProvider()
    for name in PATHS:
        image = provider.requestImage(f"{name}/1b4f8f", None, QSize(48, 48)).convertToFormat(QImage.Format.Format_ARGB32)
        assert (image.width(), image.height()) == (48, 48)
        colours = {image.pixel(x, y) for x in range(48) for y in range(48)}
        assert QColor("#1b4f8f").rgba() in colours, f"icon {name} is not drawn in its colour"
        assert QColor(0, 0, 0, 0).rgba() in colours, f"icon {name} fills its whole square"


def test_every_icon_on_screen_is_loaded(sized_kiosk: KioskWindow) -> None:
    bridge = sized_kiosk.bridge
    bridge.reset()
    bridge.page.start()
    bridge.page.openTopic("diskectomy")
    QCoreApplication.processEvents()
    def source(item: QQuickItem) -> str:
        value = item.property("source") if item.metaObject().indexOfProperty("source") >= 0 else ""
        return value.toString() if hasattr(value, "toString") else str(value or "")

    icons = [i for i in walk_visible(sized_kiosk.window.contentItem())
             if source(i).startswith("image://icon/")]
    assert len(icons) >= 4, "Home, Back, language and Next show icons"
    # An Image whose source failed to load has no implicit size.
    assert all(i.implicitWidth() > 0 and i.property("progress") == 1.0 for i in icons), "an icon did not load"
    bridge.reset()
