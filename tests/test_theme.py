"""Text contrast of every theme: at least 7:1 (WCAG enhanced) for every text/background pair the QML uses."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QColor
from PySide6.QtQml import QQmlComponent, QQmlEngine

from kiosk.core.paths import qml_dir

PAIRS = [
    ("text", "background"),
    ("mutedText", "background"),
    ("text", "surface"),
    ("mutedText", "surface"),
    ("primary", "surface"),  # secondary button labels, links on cards
    ("link", "surface"),
    ("primary", "background"),
    ("textOnPrimary", "primary"),  # primary buttons, the 'when' pill
    ("text", "keyPoint"),
    ("link", "keyPoint"),
]


def luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
def test_text_contrast_is_at_least_7_to_1(kiosk_app: object, high_contrast: bool) -> None:
    engine = QQmlEngine()
    engine.addImportPath(str(qml_dir()))
    component = QQmlComponent(engine)
    component.setData(b"import QtQuick\nimport Kiosk\nQtObject { property var theme: Theme }", QUrl())
    holder = component.create()
    assert holder is not None, component.errorString()
    theme = holder.property("theme")
    assert isinstance(theme, QObject)
    theme.setProperty("highContrast", high_contrast)
    low = []
    for fg, bg in PAIRS:
        ratio = contrast(QColor(theme.property(fg)), QColor(theme.property(bg)))
        if ratio < 7.0:
            low.append(f"{fg} on {bg}: {ratio:.2f}:1")
    theme.setProperty("highContrast", False)
    assert not low, low


def test_contrast_formula() -> None:
    assert contrast(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)
