"""Which controls lie outside seated reach on this kiosk's screen (for the admin screen)."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QCoreApplication, QRectF

from ..core.reach import Screen
from .app import KioskWindow
from .items import walk_visible


def _controls(kiosk: KioskWindow) -> Iterator[tuple[str, QRectF]]:
    area = kiosk.window.width() * kiosk.window.height()
    for item in walk_visible(kiosk.window.contentItem()):
        if item.metaObject().className() != "QQuickMouseArea":
            continue
        rect = item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))
        if rect.width() * rect.height() > area / 4:
            continue  # whole-screen areas
        parent = item.parentItem()
        name = (parent.objectName() if parent else "") or "control"
        yield name, rect


def outside_reach(kiosk: KioskWindow, screen: Screen) -> list[str]:
    """Walks the patient screens once (admin only: nobody is using the kiosk) and lists what is out of reach."""
    bridge = kiosk.bridge
    found: dict[str, str] = {}
    height = kiosk.window.height()

    def check(label: str) -> None:
        QCoreApplication.processEvents()
        for name, rect in _controls(kiosk):
            why = screen.outside_reach(rect.top(), rect.bottom(), height)
            if why and name not in found:
                found[name] = f"{name} ({label}): {why}"

    observer, bridge.observer = bridge.observer, None  # this walk is not a patient: count nothing
    bridge.reset()
    bridge.display.setReducedMotion(True)
    check("attract screen")
    bridge.page.start()
    check("home")
    for topic in bridge.session.content.topics:
        bridge.page.openTopic(topic.id)
        check(f"{topic.id}, first page")
        terms = bridge.page.property("pageTerms")
        if terms:
            bridge.card.openTerm(terms[0]["id"])
            check("word card")
            bridge.card.closeTerm()
        bridge.page.goTo(topic.page_count - 1)
        bridge.page.next()
        check(f"{topic.id}, finish")
    bridge.display.openSettings(True)
    check("settings")
    bridge.reset()
    bridge.observer = observer
    return sorted(found.values())
