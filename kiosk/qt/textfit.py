"""Lay every page out with the kiosk's own QML and find the text that does not fit.

Like the SVG check uses Qt's renderer, this uses Qt's text layout: the real window at the
kiosk's design size, offscreen, every page in every language at the default text size.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent

from ..core.loader import Content
from ..core.pagefit import DESIGN_SIZE, HomeOverflow, Overflow
from .app import KioskWindow, WindowOptions
from .items import settle, visible_item, walk_items

# The text of a page: everything in the text column above the glossary word buttons (which
# may sit below the fold: every word is also a link in the text).
_END_OF_TEXT = "termsHint"


def text_overflows(content: Content, size: tuple[int, int] = DESIGN_SIZE) -> list[Overflow | HomeOverflow]:
    """Pages whose text needs more room than its column has, and home screens that must scroll
    although all their tiles would fit on one screen, at ``size`` and the default text size."""
    kiosk = KioskWindow(content, WindowOptions(windowed=True, width=size[0], height=size[1], read_aloud=False))
    kiosk.show()
    bridge = kiosk.bridge
    overflows: list[Overflow | HomeOverflow] = []
    try:
        bridge.reset()
        bridge.display.setReducedMotion(True)
        for language in content.pack.languages:
            bridge.display.setLanguage(language)
            bridge.page.start()
            settle(kiosk.window)
            home = _home_overflow(kiosk, language)
            if home is not None:
                overflows.append(home)
            for topic in content.topics:
                bridge.page.openTopic(topic.id)
                for page in range(topic.page_count):
                    bridge.page.goTo(page)
                    settle(kiosk.window)
                    needed, room = _text_height(kiosk)
                    if needed > room:
                        overflows.append(Overflow(topic.id, page, language, round(needed), round(room)))
    finally:
        bridge.reset()
        kiosk.dispose()
        # Delete the QML engine now, while the window object still holds the bridge: left to the
        # garbage collector, the window would take the bridge down first and every binding would warn.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
    return overflows


def _text_height(kiosk: KioskWindow) -> tuple[float, float]:
    area = visible_item(kiosk.window, "textArea")
    if area is None:
        return 0.0, 0.0
    hint = visible_item(kiosk.window, _END_OF_TEXT)
    needed = hint.y() if hint is not None else float(area.property("contentHeight"))
    return needed, area.height()


def _home_overflow(kiosk: KioskWindow, language: str) -> HomeOverflow | None:
    """The home screen scrolls although its tiles would fit two rows: name the tallest tile text."""
    grid = visible_item(kiosk.window, "topicGrid")
    if grid is None or not grid.property("interactive"):
        return None
    columns = int(grid.parentItem().property("columns"))
    count = int(grid.property("count"))
    if count > 2 * columns:  # more than a screenful of tiles: scrolling is expected
        return None
    texts = [item for item in walk_items(kiosk.window.contentItem()) if item.objectName().startswith("tileText-")]
    if not texts:
        return None
    tallest = max(texts, key=lambda item: item.implicitHeight())
    rows = -(-count // columns)
    return HomeOverflow(tallest.objectName().removeprefix("tileText-"), language,
                        round(float(grid.property("cellHeight")) * rows), round(grid.height()))
