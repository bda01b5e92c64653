"""Walking the Qt Quick item tree: the smoke test, the reach check and the tests all look items up this way."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtQuick import QQuickItem, QQuickWindow

log = logging.getLogger(__name__)


def walk_items(item: QQuickItem) -> Iterator[QQuickItem]:
    """``item`` and every item below it, depth first (each item before its children, the
    children in order). A stack, not nested generators: a recursive walk passed each item up
    through one generator per level, and the keypad walks the scene on every key press."""
    stack = [item]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.childItems()))


def walk_visible(item: QQuickItem) -> Iterator[QQuickItem]:
    """The visible items among ``item`` and those below it, depth first. An item that is not
    visible hides everything below it (``isVisible`` is the effective visibility), so its branch
    is not walked: the screens not shown, most of the scene, cost nothing."""
    stack = [item]
    while stack:
        current = stack.pop()
        if current.isVisible():
            yield current
            stack.extend(reversed(current.childItems()))


def visible_item(window: QQuickWindow, name: str) -> QQuickItem | None:
    """The visible item called ``name`` (objectName), searched through the shown scene, or None."""
    for item in walk_visible(window.contentItem()):
        if item.objectName() == name:
            return item
    return None


def first_visible(window: QQuickWindow, names: tuple[str, ...]) -> str | None:
    """The first of ``names`` (in their order) that names a visible item, found in one walk of the scene."""
    shown = {item.objectName() for item in walk_visible(window.contentItem())}
    return next((name for name in names if name in shown), None)


def find_item(window: QQuickWindow, name: str) -> QQuickItem:
    """The visible item called ``name``; LookupError when there is none."""
    item = visible_item(window, name)
    if item is None:
        raise LookupError(f"no visible item named {name!r}")
    return item


def settle(window: QQuickWindow) -> None:
    """Handle pending events and lay every item out now.

    Positioners (Column, Row, Flow) and some controls lay out in their polish step, which Qt
    runs just before it draws the next frame; geometry read before that frame is stale (a
    Flow's new buttons all sit at its origin). Polishing children before their parents, as
    that frame would, makes the geometry what the patient will see.
    """
    QCoreApplication.processEvents()
    for item in reversed(list(walk_items(window.contentItem()))):  # children before their parents
        item.ensurePolished()
    QCoreApplication.processEvents()


def wait_for_pictures(window: QQuickWindow, seconds: float = 10.0) -> bool:
    """Run the event loop until every visible picture (Picture.qml's ``drawn``) is drawn at its
    size and shown, at most ``seconds``: pictures are drawn off the GUI thread, so a screenshot or a
    pixel check taken at once would catch an empty card. False when some were still not drawn."""
    end = time.monotonic() + seconds
    while True:
        settle(window)
        waiting = [item for item in walk_visible(window.contentItem()) if item.property("drawn") is False]
        if not waiting or time.monotonic() > end:
            if waiting:
                log.warning(
                    "pictures not drawn after %g s: %s", seconds,
                    ", ".join(f"{i.objectName() or type(i).__name__} {i.width():.0f}x{i.height():.0f} {i.property('source')}"
                              for i in waiting))
            return not waiting
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.01)
