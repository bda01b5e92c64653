"""Walking the Qt Quick item tree: the smoke test, the reach check and the tests all look items up this way."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QCoreApplication
from PySide6.QtQuick import QQuickItem, QQuickWindow


def walk_items(item: QQuickItem) -> Iterator[QQuickItem]:
    """``item`` and every item below it, depth first."""
    yield item
    for child in item.childItems():
        yield from walk_items(child)


def visible_item(window: QQuickWindow, name: str) -> QQuickItem | None:
    """The visible item called ``name`` (objectName), searched through the whole scene, or None."""
    for item in walk_items(window.contentItem()):
        if item.objectName() == name and item.isVisible():
            return item
    return None


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
