"""The bundled fonts draw every character the kiosk can show, in every language, with no tofu.

What the kiosk can show is gathered by ``kiosk/buildtools/fontset.py`` (the same code
``tools/fonts.py`` builds the font subsets from): every string in ``content/**/*.yaml``, ``translations/*.ts`` and the QML, plus the
languages' own names. When a test here fails after a text change, run ``tools/fonts.py``
(see ``resources/fonts/README.md``).
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest

from kiosk.buildtools import fontset
from kiosk.core.paths import FONT_FAMILIES, font_files

REPO = Path(__file__).resolve().parents[1]
REGENERATE = "run `.venv/bin/python tools/fonts.py` (resources/fonts/README.md) and commit resources/fonts"
ARABIC = "العربية"
CHINESE = "中文"


@pytest.fixture(scope="module")
def used() -> dict[str, list[str]]:
    return fontset.used_characters(REPO)


@pytest.fixture(scope="module")
def raw_fonts(qapp: Any) -> dict[Path, Any]:
    from PySide6.QtGui import QRawFont

    fonts = {path: QRawFont(str(path), 40) for path in font_files()}
    assert fonts, "no bundled font files in resources/fonts"
    bad = [path.name for path, font in fonts.items() if not font.isValid()]
    assert not bad, f"Qt cannot read {bad}"
    return fonts


def _describe(missing: dict[str, list[str]]) -> str:
    lines = []
    for ch, places in sorted(missing.items()):
        where = sorted(set(places))
        more = f" (and {len(where) - 4} more)" if len(where) > 4 else ""
        lines.append(f"  U+{ord(ch):04X} {ch!r} in {', '.join(where[:4])}{more}")
    return "\n".join(lines)


def test_the_texts_include_every_language(used: dict[str, list[str]]) -> None:
    """The gathering itself works: the language names are there, in their own scripts."""
    for ch in "ñ中ếا":
        assert ch in used, ch


@pytest.mark.parametrize("style", ["Regular", "Bold"])
def test_every_character_is_in_a_bundled_font(raw_fonts: dict[Path, Any], used: dict[str, list[str]], style: str) -> None:
    """Each character of every string is in the cmap of a bundled face of this weight (the UI
    draws a lot of bold, and Qt does not borrow a regular glyph for bold text)."""
    faces = [font for path, font in raw_fonts.items() if path.stem.endswith(f"-{style}")]
    assert len(faces) == 4, [path.name for path in raw_fonts]
    missing = {ch: places for ch, places in used.items() if not any(font.supportsCharacter(ord(ch)) for font in faces)}
    assert not missing, f"no bundled {style} font has these characters; {REGENERATE}:\n{_describe(missing)}"


def test_qt_loads_every_bundled_font_with_the_expected_families(kiosk_app: Any) -> None:
    from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QRawFont

    from kiosk.core.paths import FONT_FAMILY

    assert list(fontset.FAMILIES) == FONT_FAMILIES
    files = font_files()
    assert sorted(path.name for path in files) == sorted(face.file for face in fontset.faces())
    for path in files:
        font_id = QFontDatabase.addApplicationFont(str(path))
        assert font_id >= 0, f"Qt could not load {path.name}"
        assert QFontDatabase.applicationFontFamilies(font_id) != []
        # (Taken out again: a second copy of a family could stand in for the kiosk's own fonts,
        # marked or not, in the tests after this one.)
        QFontDatabase.removeApplicationFont(font_id)
    for family in FONT_FAMILIES:
        styles = QFontDatabase.styles(family)
        assert "Regular" in styles and "Bold" in styles, (family, styles)
    font = QGuiApplication.font()
    assert font.family() == FONT_FAMILY
    assert font.families() == FONT_FAMILIES
    for path in files:  # upright faces only (the kiosk never asks for italics)
        raw = QRawFont(str(path), 40)
        italic_angle = struct.unpack(">i", bytes(raw.fontTable("post"))[4:8])[0]
        assert italic_angle == 0 and raw.style() == QFont.Style.StyleNormal, f"{path.name} is italic"
        assert raw.weight() == (700 if path.stem.endswith("-Bold") else 400), (path.name, raw.weight())
    licences = {path.name for path in (REPO / "resources" / "fonts" / "LICENSES").glob("*.txt")}
    assert {face.license_file for face in fontset.faces()} <= licences


def _glyph_runs(text: str, bold: bool) -> list[Any]:
    from PySide6.QtGui import QFont, QGuiApplication, QTextLayout

    font = QFont(QGuiApplication.font())
    font.setBold(bold)
    layout = QTextLayout(text.replace("\n", " "), font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return layout.glyphRuns(-1, -1, QTextLayout.GlyphRunRetrievalFlag.RetrieveAll)


@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
def test_qt_draws_every_string_with_the_bundled_faces(kiosk_app: Any, bold: bool) -> None:
    """Laid out as the kiosk lays it out (the application font's family list), every glyph of
    every string comes from a bundled face and none is the missing-glyph box (glyph 0)."""
    problems: dict[str, list[str]] = {}
    for where, text in fontset.iter_texts(REPO):
        for run in _glyph_runs(text, bold):
            family = run.rawFont().familyName()
            source = run.sourceString()
            if not any(fontset.drawn(source[i]) for i in run.stringIndexes() if i < len(source)):
                continue  # only invisible format characters (a direction mark, a joiner)
            if family not in FONT_FAMILIES:
                problems.setdefault(f"drawn with {family!r}", []).append(f"{where}: {text[:50]!r}")
            elif 0 in list(run.glyphIndexes()):
                problems.setdefault(f"missing glyph in {family!r}", []).append(f"{where}: {text[:50]!r}")
    report = "\n".join(f"  {what}: {', '.join(places[:5])}" for what, places in problems.items())
    assert not problems, f"strings Qt cannot draw with the bundled fonts; {REGENERATE}:\n{report}"


def test_arabic_is_shaped(kiosk_app: Any) -> None:
    """The Arabic subset kept its joining forms: in a word, letters take contextual glyphs
    other than the isolated ones the cmap maps them to."""
    (run,) = _glyph_runs(ARABIC, bold=False)
    assert run.rawFont().familyName() == FONT_FAMILIES[2]
    shaped = set(run.glyphIndexes())
    isolated = set(run.rawFont().glyphIndexesForString(ARABIC))
    assert shaped - isolated, "Arabic letters are not joined: the subset lost its init/medi/fina forms"


@pytest.mark.parametrize("text", [ARABIC, CHINESE, "Tiếng Việt"])
def test_non_latin_text_renders_ink(kiosk_app: Any, text: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

    image = QImage(400, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(QGuiApplication.font())
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    dark = sum(1 for y in range(0, 80, 2) for x in range(0, 400, 2) if QColor(image.pixel(x, y)).lightness() < 128)
    assert dark > 30, f"{text!r} drew almost nothing ({dark} dark samples)"
