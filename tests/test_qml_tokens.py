"""The QML takes every size and colour from Theme.qml, the design tokens.

A number of pixels (``Theme.px(24)``) or a colour (``"#1F4E8C"``, ``Qt.rgba(...)``,
``color: "white"``) written in any other QML file fails here: add or reuse a named token in
Theme.qml instead, so one change reaches every screen and tests/test_theme.py checks the
colour's contrast. Plain text checks, no Qt.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

QML_DIR = Path(__file__).resolve().parents[1] / "kiosk" / "qml" / "Kiosk"
THEME = QML_DIR / "Theme.qml"
OTHER_QML = sorted(path for path in QML_DIR.glob("*.qml") if path != THEME)

# Theme.px(...) or Theme.fontPx(...) with a digit in its argument: a size written in place.
PX_LITERAL = re.compile(r"\bTheme\.(?:px|fontPx)\s*\(([^()]*\d[^()]*)\)")
HEX_COLOUR = re.compile(r"""["']#[0-9A-Fa-f]{3,8}["']""")
COLOUR_CALL = re.compile(r"\bQt\.(?:rgba|hsla|hsva|hsl|hsv|color|lighter|darker|alpha|tint)\s*\(")
# A string given to a colour property, e.g. `color: "white"` or `border.color: on ? "red" : x`.
COLOUR_BINDING = re.compile(r"""\b\w*[cC]olor\s*:[^;{}]*?["']([^"']*)["']""")

MODAL_OVERLAYS = ("GlossaryCard.qml", "IdleOverlay.qml", "PinPad.qml", "SettingsPanel.qml")


def literals(text: str) -> list[str]:
    """Every size or colour written in place in the QML ``text``, as ``line N: ...``."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for pattern in (PX_LITERAL, HEX_COLOUR, COLOUR_CALL, COLOUR_BINDING):
            for match in pattern.finditer(line):
                found.append(f"line {number}: {match.group(0).strip()}")
    return found


def _id(path: Path) -> str:
    return path.name


def test_the_qml_files_are_found() -> None:
    assert THEME.is_file()
    assert len(OTHER_QML) >= 15, f"only {len(OTHER_QML)} QML files found in {QML_DIR}"


@pytest.mark.parametrize("path", OTHER_QML, ids=_id)
def test_no_size_or_colour_is_written_outside_the_theme(path: Path) -> None:
    found = literals(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name} writes sizes or colours in place; use a token from Theme.qml:\n  " + "\n  ".join(found)


@pytest.mark.parametrize(
    "line",
    [
        "width: Theme.px(24)",
        "height: Math.max(Theme.px(60), x)",
        "font.pixelSize: Theme.fontPx(34)",
        "spacing: Theme.px(2 * Theme.gap)",
        'color: "#B00020"',
        "color: '#fff'",
        'border.color: Theme.highContrast ? Theme.border : "#D6D2C8"',
        'color: "white"',
        "linkColor: 'red'",
        "color: Qt.rgba(0, 0, 0, 0.8)",
        "color: Qt.darker(Theme.primary)",
    ],
)
def test_the_check_sees_a_literal(line: str) -> None:
    assert literals(f"Item {{\n    {line}\n}}"), line


@pytest.mark.parametrize(
    "line",
    [
        "width: Theme.gap",
        "height: Math.max(Theme.scrollBarMinLength, 2 * Theme.gapS)",
        "color: Theme.highContrast ? Theme.border : Theme.softBorder",
        'source: "image://icon/" + root.name + "/" + root.color.toString().slice(-6)',
        'text: qsTr("Step %1 of %2").arg(2).arg(3)',
        'objectName: "tile-" + cell.topicId',
    ],
)
def test_the_check_lets_tokens_through(line: str) -> None:
    assert not literals(f"Item {{\n    {line}\n}}"), line


def test_the_theme_itself_holds_the_literals() -> None:
    """The same check finds the sizes and colours where they belong, so it really reads QML."""
    text = THEME.read_text(encoding="utf-8")
    assert len(HEX_COLOUR.findall(text)) >= 20
    assert len(re.findall(r"\bpx\(\d+\)", text)) >= 15


@pytest.mark.parametrize("path", [*OTHER_QML, THEME], ids=_id)
def test_every_qml_file_binds_its_components(path: Path) -> None:
    """``pragma ComponentBehavior: Bound``: delegates and components see only what they are given
    (required properties) and the ids around them, so qmllint can check every name."""
    assert re.search(r"^pragma ComponentBehavior: Bound$", path.read_text(encoding="utf-8"), re.MULTILINE), \
        f"{path.name} lacks `pragma ComponentBehavior: Bound`"


@pytest.mark.parametrize("name", MODAL_OVERLAYS)
def test_the_modal_cards_are_one_component(name: str) -> None:
    """The glossary card, the idle question, the PIN pad and the settings share ModalCard.qml
    (backdrop, card, padding, scrolling, button row) instead of each repeating it."""
    text = (QML_DIR / name).read_text(encoding="utf-8")
    root_type = re.search(r"^([A-Z]\w*)\s*\{", text, re.MULTILINE)
    assert root_type is not None and root_type.group(1) == "ModalCard", f"{name} is not a ModalCard"
    assert "Theme.scrim" not in text and "Flickable" not in text, f"{name} repeats what ModalCard does"


def test_every_qml_file_is_in_the_module() -> None:
    listed = {line.split()[-1] for line in (QML_DIR / "qmldir").read_text(encoding="utf-8").splitlines() if line.endswith(".qml")}
    assert listed == {path.name for path in QML_DIR.glob("*.qml")}
