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
    """The home screen turns pages although its tiles would fit two rows: name the tile with
    the most words (its title and summary, as the home screen measured them)."""
    from ..core.homeview import LIST

    for _ in range(3):  # the home screen measures its tiles, the core answers, the screen lays them out
        settle(kiosk.window)
    session = kiosk.bridge.session
    room, shown = session.home_room, session.home_plan
    columns = room.most_columns
    count = len(session.content.topics)
    if shown.mode == LIST or not room.measured or count > 2 * columns:  # more than two rows: pages are expected
        return None
    prefix = f"tileText-{columns}-"
    topics = {prefix + topic.id for topic in session.content.topics}  # not the shelves' tiles
    texts = [item for item in walk_items(kiosk.window.contentItem()) if item.objectName() in topics]
    if not texts:
        return None
    tallest = max(texts, key=lambda item: item.implicitHeight())
    rows = -(-count // columns)
    return HomeOverflow(tallest.objectName().removeprefix(prefix), language,
                        round(room.tile_height(columns) * rows), round(room.list_height))
