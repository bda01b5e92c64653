"""How far apart a paragraph's lines are, per script, in the real window: Noto Sans Arabic sets its
own lines 2.1 em apart, so the paragraphs' usual quarter more put Arabic lines 2.6 em apart and
7 bundled pages needed scrolling in Arabic alone (kiosk/core/languages.py: line_factor)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conftest import fresh_ui, open_kiosk
from kiosk.qt.app import KioskWindow
from uihelpers import UI


@pytest.fixture(scope="module")
def kiosk(kiosk_app: object) -> Iterator[KioskWindow]:
    yield from open_kiosk(read_aloud=False)  # type: ignore[misc]


def line_pitch(ui: UI, name: str) -> float:
    """The distance between two lines of the Text ``name``, in ems of its font."""
    item = ui.item(name)
    lines = int(item.property("lineCount"))
    assert lines >= 2, f"{name} needs two lines to tell"
    return item.property("contentHeight") / lines / item.property("font").pixelSize()


@pytest.mark.parametrize(("language", "low", "high"), [("en", 1.45, 1.65), ("vi", 1.5, 1.9), ("ar", 1.75, 2.05)])
def test_paragraph_lines_sit_about_as_far_apart_in_every_script(kiosk: KioskWindow, qtbot: object,
                                                                 language: str, low: float, high: float) -> None:
    ui: UI = fresh_ui(kiosk, qtbot)  # type: ignore[assignment]
    try:
        ui.kiosk.bridge.display.setLanguage(language)
        ui.kiosk.bridge.page.openTopic("laminotomy-foraminotomy")
        ui.kiosk.bridge.page.goTo(2)  # "Opening your back": three lines or more in each language
        assert low <= line_pitch(ui, "stepBody") <= high
    finally:
        kiosk.bridge.reset()


def test_a_second_language_keeps_its_own_line_height(kiosk: KioskWindow, qtbot: object) -> None:
    ui: UI = fresh_ui(kiosk, qtbot)  # type: ignore[assignment]
    try:
        ui.kiosk.bridge.display.setSecondLanguage("ar")
        ui.kiosk.bridge.page.openTopic("laminotomy-foraminotomy")
        ui.kiosk.bridge.page.goTo(2)
        assert 1.45 <= line_pitch(ui, "stepBody") <= 1.65, "English as usual"
        assert 1.75 <= line_pitch(ui, "stepBody2") <= 2.05, "Arabic under it, as Arabic is set"
    finally:
        kiosk.bridge.reset()
