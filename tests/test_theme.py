"""Colour contrast of both themes, for every colour Theme.qml has.

Text (and the icons drawn like text) needs at least 7:1 on every background it is drawn on
(WCAG enhanced, the project's floor); shapes a patient must see to use the kiosk (outlines of
buttons and cards, the progress bar, the dot on a drawing's part) need 3:1 (WCAG 1.4.11).
The colours come from the Theme object itself, so a colour added to Theme.qml fails here until
it is placed in one of the lists below.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QColor
from PySide6.QtQml import QQmlComponent, QQmlEngine

from kiosk.core.paths import qml_dir

THEME_QML = qml_dir() / "Kiosk" / "Theme.qml"

# Text colour -> every background it is drawn on.
TEXT_ON = {
    "text": ["background", "surface", "keyPoint"],
    "mutedText": ["background", "surface"],  # hints under headings, tile summaries
    "primary": ["surface", "background"],  # secondary button labels and icons, related topics, stage numbers
    "link": ["background", "surface", "keyPoint"],  # page text, the word card, key points
    "textOnPrimary": ["primary"],  # primary buttons, the 'when' pill, passed stages
    "done": ["background", "keyPoint"],  # the check marks of a checklist
    "alertText": ["background"],  # the admin screen's lines that need action
    "labelText": ["labelBackground"],  # words on a drawing
    "noticeText": ["noticeBackground"],  # authors' preview: why a change is not shown
}
# Keypad mode's focus ring -> what it is drawn on: it must be found without a doubt (7:1, like text).
FOCUS_ON = {
    "focusRing": ["background", "surface", "keyPoint"],
}
# Shapes a patient must see -> what they sit on.
SHAPE_ON = {
    "border": ["background", "surface"],  # outlines of buttons, tiles and cards
    "primary": ["background", "surface", "track"],  # filled buttons, scroll bars, the progress bar
    "labelMark": ["pictureCard"],  # the dot on the part a word names, and its label's outline
}
# Colours on which nothing is read and that mark nothing a patient must find.
DECORATION = {
    "noFill": "nothing drawn: the inside of the keypad focus ring",
    "scrim": "dims the page under a card; the card carries the text",
    "softBorder": "the edge of a picture's card and the rule above the bottom bar; the content carries the meaning",
    "qrBackground": "the light quiet zone a phone's camera needs; the code's own modules are drawn black on white",
}
# A translucent background is checked over both of these: whatever lies under it, it must hold.
UNDERLAYS = ("#FFFFFF", "#000000")


def luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def over(top: QColor, under: QColor) -> QColor:
    """``top`` painted over the opaque ``under``."""
    alpha = top.alphaF()
    return QColor.fromRgbF(*(alpha * t + (1 - alpha) * u for t, u in
                             ((top.redF(), under.redF()), (top.greenF(), under.greenF()), (top.blueF(), under.blueF()))))


def worst_contrast(fg: QColor, bg: QColor) -> float:
    if bg.alphaF() >= 1.0:
        return contrast(fg, bg)
    return min(contrast(fg, over(bg, QColor(under))) for under in UNDERLAYS)


@pytest.fixture
def theme(kiosk_app: object) -> Iterator[QObject]:
    engine = QQmlEngine()
    engine.addImportPath(str(qml_dir()))
    component = QQmlComponent(engine)
    component.setData(b"import QtQuick\nimport Kiosk\nQtObject { property var theme: Theme }", QUrl())
    holder = component.create()
    assert holder is not None, component.errorString()
    found = holder.property("theme")
    assert isinstance(found, QObject)
    yield found
    found.setProperty("highContrast", False)


def colour_names(theme: QObject) -> set[str]:
    meta = theme.metaObject()
    names = (str(meta.property(i).name()) for i in range(meta.propertyOffset(), meta.propertyCount()))
    return {name for name in names if isinstance(theme.property(name), QColor)}


def test_every_theme_colour_is_checked(theme: QObject) -> None:
    names = colour_names(theme)
    assert {"text", "background", "alertText"} <= names, "the theme's colours were not found"
    placed = set(TEXT_ON) | set(SHAPE_ON) | set(FOCUS_ON) | set(DECORATION)
    placed |= {bg for backgrounds in (*TEXT_ON.values(), *SHAPE_ON.values(), *FOCUS_ON.values()) for bg in backgrounds}
    assert not names - placed, f"colours in Theme.qml that no contrast check covers: {sorted(names - placed)}"
    assert not placed - names, f"checked colours that Theme.qml no longer has: {sorted(placed - names)}"


def test_every_colour_literal_in_the_theme_is_a_colour_property() -> None:
    """A colour hidden in a string or var property would escape the check above."""
    stray = [line.strip() for line in THEME_QML.read_text(encoding="utf-8").splitlines()
             if re.search(r"""["']#[0-9A-Fa-f]{3,8}["']|\bQt\.(?:rgba|hsla|hsva|color|lighter|darker|tint)\s*\(""", line)
             and not re.match(r"\s*(?:readonly\s+)?property\s+color\s+\w+\s*:", line)]
    assert not stray, f"colours written outside a `property color` in Theme.qml: {stray}"


def below(theme: QObject, pairs: dict[str, list[str]], floor: float) -> list[str]:
    """The colour pairs of ``pairs`` (colour -> what it is drawn on) under ``floor``:1."""
    low = []
    for fg, backgrounds in pairs.items():
        for bg in backgrounds:
            ratio = worst_contrast(QColor(theme.property(fg)), QColor(theme.property(bg)))
            if ratio < floor:
                low.append(f"{fg} on {bg}: {ratio:.2f}:1")
    return low


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
def test_text_contrast_is_at_least_7_to_1(theme: QObject, high_contrast: bool) -> None:
    theme.setProperty("highContrast", high_contrast)
    low = below(theme, TEXT_ON, 7.0)
    assert not low, low


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
def test_the_keypad_focus_ring_is_at_least_7_to_1(theme: QObject, high_contrast: bool) -> None:
    theme.setProperty("highContrast", high_contrast)
    low = below(theme, FOCUS_ON, 7.0)
    assert not low, low


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
def test_shapes_a_patient_must_see_are_at_least_3_to_1(theme: QObject, high_contrast: bool) -> None:
    theme.setProperty("highContrast", high_contrast)
    low = below(theme, SHAPE_ON, 3.0)
    assert not low, low


def test_the_theme_switches_colours(theme: QObject) -> None:
    """The checks above really see both themes."""
    normal = QColor(theme.property("background")).name()
    theme.setProperty("highContrast", True)
    assert QColor(theme.property("background")).name() != normal


def test_contrast_formula() -> None:
    assert contrast(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)
    # The admin red before this check covered it: fine on the light theme, 2.87:1 on black.
    assert contrast(QColor("#B00020"), QColor("#000000")) == pytest.approx(2.87, abs=0.01)
    # Half-transparent black: the worst place for white text on it is over white (a mid grey).
    half_black = QColor(0, 0, 0, 128)
    assert worst_contrast(QColor("white"), half_black) == pytest.approx(contrast(QColor("white"), QColor("#7F7F7F")), abs=0.01)
