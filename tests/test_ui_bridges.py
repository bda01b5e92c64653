"""The bridges QML binds to: one notify signal per property, emitted only when that property changed,
so a tap makes QML re-read what changed and nothing else."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QMetaMethod, QObject

from conftest import fresh_ui, open_kiosk
from kiosk.qt.app import KioskWindow
from uihelpers import UI


@pytest.fixture(scope="module")
def kiosk(kiosk_app: object) -> Iterator[KioskWindow]:
    yield from open_kiosk(read_aloud=False)  # type: ignore[misc]  # (no speech engine: none is needed, and a real one can hang)


@pytest.fixture
def ui(kiosk: KioskWindow, qtbot: object) -> UI:
    return fresh_ui(kiosk, qtbot)  # type: ignore[return-value]


class Signals:
    """Counts every notify signal of the given bridges while a tap is handled."""

    def __init__(self, *bridges: QObject) -> None:
        self.seen: list[str] = []
        self.bridges = bridges

    def __enter__(self) -> Signals:
        for bridge in self.bridges:
            meta = bridge.metaObject()
            for i in range(meta.propertyOffset(), meta.propertyCount()):
                prop = meta.property(i)
                if prop.hasNotifySignal():
                    name = f"{type(bridge).__name__}.{prop.name()}"
                    signal = getattr(bridge, bytes(prop.notifySignal().name().data()).decode())
                    signal.connect(lambda *_args, name=name: self.seen.append(name))
        return self

    def __exit__(self, *_exc: object) -> None:
        for bridge in self.bridges:
            meta = bridge.metaObject()
            for i in range(meta.propertyOffset(), meta.propertyCount()):
                prop = meta.property(i)
                if prop.hasNotifySignal():
                    getattr(bridge, bytes(prop.notifySignal().name().data()).decode()).disconnect()


def test_every_bridge_property_has_its_own_notify_signal(kiosk: KioskWindow) -> None:
    for bridge in (kiosk.page, kiosk.card, kiosk.display, kiosk.admin):
        meta = bridge.metaObject()
        notifiers: dict[str, str] = {}
        for i in range(meta.propertyOffset(), meta.propertyCount()):
            prop = meta.property(i)
            assert prop.hasNotifySignal(), f"{prop.name()} has no notify signal"
            method: QMetaMethod = prop.notifySignal()
            notifiers[prop.name()] = bytes(method.name().data()).decode()
        assert len(set(notifiers.values())) == len(notifiers), f"{type(bridge).__name__} shares a signal: {notifiers}"


def test_next_page_notifies_only_what_changed(ui: UI, kiosk: KioskWindow) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-spinal-fusion")
    with Signals(kiosk.page, kiosk.card, kiosk.display) as signals:
        ui.tap("nextButton")
    assert "PageBridge.pageNumber" in signals.seen and "PageBridge.pageTitle" in signals.seen
    assert "PageBridge.progress" in signals.seen
    for same in ("PageBridge.screen", "PageBridge.topicTitle", "PageBridge.packTitle", "PageBridge.pageCount",
                 "PageBridge.questions", "PageBridge.related", "DisplayBridge.language", "CardBridge.open"):
        assert same not in signals.seen, f"{same} did not change but was signalled"
    assert len(signals.seen) == len(set(signals.seen)), "each signal once per tap"


def test_a_display_setting_leaves_the_page_alone(ui: UI, kiosk: KioskWindow) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-overview")
    with Signals(kiosk.page, kiosk.card, kiosk.display) as signals:
        kiosk.display.setTextStep(1)
    assert signals.seen == ["DisplayBridge.textStep", "DisplayBridge.textScale"]
    with Signals(kiosk.page, kiosk.card, kiosk.display) as signals:
        kiosk.display.setLanguage("es")
    assert "DisplayBridge.language" in signals.seen and "PageBridge.pageTitle" in signals.seen
    assert "PageBridge.pageNumber" not in signals.seen and "PageBridge.screen" not in signals.seen
