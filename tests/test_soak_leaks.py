"""Memory flat for months: what one patient leaves behind, the next must not add to.

bench/soak.py measures this over 10,000 simulated patients; these tests pin each leak it
found, with a few patients through the real window.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from conftest import fresh_ui, open_kiosk
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTranslator
from uihelpers import UI, walk_visible

from kiosk.qt.app import KioskWindow


@pytest.fixture(scope="module")
def kiosk(kiosk_app: object) -> Iterator[KioskWindow]:
    yield from open_kiosk(speech_engine="mock")  # type: ignore[misc]


@pytest.fixture
def ui(kiosk: KioskWindow, qtbot: object) -> UI:
    return fresh_ui(kiosk, qtbot)  # type: ignore[return-value]


def live_qobjects(kiosk: KioskWindow) -> int:
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
    gc.collect()
    return len(kiosk.findChildren(QObject)) + len(kiosk.window.findChildren(QObject))


def language_codes(ui: UI) -> list[str]:
    """The settings panel's language buttons, in order."""
    return [item.objectName().removeprefix("lang-") for item in walk_visible(ui.window.contentItem())
            if item.objectName().startswith("lang-")]


def patient_tries_every_language(ui: UI) -> None:
    """Starts, then picks each language in turn in the settings panel; the next patient starts over."""
    ui.tap("touchToStart")
    ui.tap("settingsButton")
    codes = language_codes(ui)
    for code in [*codes[1:], codes[0]]:
        ui.tap(f"lang-{code}")
    ui.tap("settingsClose")
    ui.kiosk.bridge.reset()
    QCoreApplication.processEvents()


def test_changing_language_again_and_again_keeps_one_translator_per_language(ui: UI) -> None:
    """Each language change made a new QTranslator (with its loaded strings) and never freed the old one."""
    patient_tries_every_language(ui)
    first = live_qobjects(ui.kiosk)
    for _ in range(5):
        patient_tries_every_language(ui)
    translators = ui.kiosk.findChildren(QTranslator)
    assert len(translators) <= 5, f"{len(translators)} translators after 6 patients"
    assert live_qobjects(ui.kiosk) == first, "each patient left Qt objects behind"
