"""What the patient sees, checked by pixels: nothing of a page is drawn outside its own area.

Geometry tests cannot see a drawing fault: under the software scene graph, icons inside the
scrolling page text were once drawn over the bottom button bar and stayed there on later
pages. Here every step of every topic, in every language, at normal and largest text, in
landscape and portrait, is grabbed as the patient sees it and compared with the same screen
with the page's content hidden:

- every pixel that differs lies inside one of the page's cards (picture, text column, its
  scroll indicator, the checklist card): nothing is drawn outside its card;
- the bottom button bar is, pixel for pixel, the bar of a page with no content.

Images are compared by Qt (QImage ==) after the cards are painted over, not pixel by pixel
in Python; only a failure is located, to name where the stray pixels are.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QRect, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtQuick import QQuickItem

from conftest import open_kiosk
from kiosk.core.prefs import TEXT_SCALES
from kiosk.qt.app import KioskWindow
from kiosk.qt.items import settle, walk_items

LANGUAGES = ["en", "es", "zh", "vi", "ar"]
SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
TEXT_STEPS = {"normal": 0, "largest": len(TEXT_SCALES) - 1}
# The page's cards: what a page draws, each within its own rectangle.
CARDS = ("stepPicture", "textArea", "scrollIndicator", "todoCard")
MASK = QColor("#FF00FF")


def named(kiosk: KioskWindow, name: str) -> QQuickItem | None:
    for item in walk_items(kiosk.window.contentItem()):
        if item.objectName() == name and item.isVisible():
            return item
    return None


def scene_rect(item: QQuickItem) -> QRect:
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height())).toAlignedRect()


def grab(kiosk: KioskWindow) -> QImage:
    QCoreApplication.processEvents()
    image = kiosk.window.grabWindow()
    assert not image.isNull()
    return image.convertToFormat(QImage.Format.Format_RGB32)


def painted_over(image: QImage, rects: list[QRect]) -> QImage:
    copy = image.copy()
    painter = QPainter(copy)
    for rect in rects:
        painter.fillRect(rect, MASK)
    painter.end()
    return copy


def where_they_differ(a: QImage, b: QImage) -> str:
    """The bounding box of the differing pixels (only called on a failure)."""
    xs, ys = [], []
    for y in range(0, a.height(), 2):
        for x in range(0, a.width(), 2):
            if a.pixel(x, y) != b.pixel(x, y):
                xs.append(x)
                ys.append(y)
    if not xs:
        return "no difference found on a 2-pixel grid"
    return f"{len(xs)} sampled pixels differ, within x {min(xs)}-{max(xs)}, y {min(ys)}-{max(ys)}"


@pytest.fixture(scope="module", params=list(SIZES))
def sized_kiosk(request: pytest.FixtureRequest, kiosk_app: object) -> Iterator[KioskWindow]:
    yield from open_kiosk(*SIZES[request.param])  # type: ignore[misc]


@pytest.mark.parametrize("text", list(TEXT_STEPS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_is_drawn_outside_the_page_s_cards(sized_kiosk: KioskWindow, language: str, text: str) -> None:
    kiosk = sized_kiosk
    bridge = kiosk.bridge
    bridge.reset()
    bridge.setReducedMotion(True)  # no picture caught halfway through a fade
    bridge.setLanguage(language)
    bridge.setTextStep(TEXT_STEPS[text])
    bridge.start()
    problems: list[str] = []
    bar_reference: QImage | None = None
    for topic in bridge.session.content.topics:
        bridge.openTopic(topic.id)
        for index in range(topic.page_count):
            bridge.goTo(index)
            settle(kiosk.window)
            area = named(kiosk, "pageArea")
            bar = named(kiosk, "walkBottomBar")
            assert area is not None and bar is not None
            cards = [scene_rect(item) for name in CARDS if (item := named(kiosk, name)) is not None]
            seen = grab(kiosk)
            area.setVisible(False)
            empty = grab(kiosk)
            area.setVisible(True)
            where = f"{topic.id} step {index + 1}"
            if painted_over(seen, cards) != painted_over(empty, cards):
                problems.append(f"{where}: drawn outside the page's cards: {where_they_differ(painted_over(seen, cards), painted_over(empty, cards))}")
            bar_image = seen.copy(scene_rect(bar))
            if bar_reference is None:
                bar_reference = empty.copy(scene_rect(bar))
            if bar_image != bar_reference:
                problems.append(f"{where}: the bottom bar differs from a page with no content: "
                                f"{where_they_differ(bar_image, bar_reference)}")
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
    bridge.start()
    bridge.openTopic("diskectomy")
    QCoreApplication.processEvents()
    def source(item: QQuickItem) -> str:
        value = item.property("source") if item.metaObject().indexOfProperty("source") >= 0 else ""
        return value.toString() if hasattr(value, "toString") else str(value or "")

    icons = [i for i in walk_items(sized_kiosk.window.contentItem())
             if i.isVisible() and source(i).startswith("image://icon/")]
    assert len(icons) >= 4, "Home, Back, language and Next show icons"
    # An Image whose source failed to load has no implicit size.
    assert all(i.implicitWidth() > 0 and i.property("progress") == 1.0 for i in icons), "an icon did not load"
    bridge.reset()
