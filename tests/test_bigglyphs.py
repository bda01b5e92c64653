"""Large text from Qt's glyph cache: the colour marker added to the fonts of a 4K kiosk.

Qt's software renderer fills every glyph over 64 px as an outline path (kiosk/core/bigglyphs.py
says why and what the marker costs). The first half checks the font surgery without Qt: the
marked font is a valid sfnt whose every original table is unchanged. The second half checks the
windows: a window whose body text is over 64 px loads the marked fonts, others the plain ones,
and a 4K page shows the same words, with the same ink, either way.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import open_kiosk

from kiosk.core.bigglyphs import (
    COLR,
    CPAL,
    body_text_px,
    theme_scale,
    wants_marked_fonts,
    with_colour_marker,
)
from kiosk.core.paths import font_files

HEAD_ADJUST_AT = 8


def tables_of(font: bytes) -> dict[bytes, tuple[int, int, int]]:
    """Tag -> (checksum, offset, length), from the table directory."""
    (count,) = struct.unpack_from(">H", font, 4)
    records = (struct.unpack_from(">4sIII", font, 12 + 16 * i) for i in range(count))
    return {tag: (checksum, offset, length) for tag, checksum, offset, length in records}


def table(font: bytes, tag: bytes) -> bytes:
    _, offset, length = tables_of(font)[tag]
    return font[offset:offset + length]


def checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


@pytest.fixture(scope="module", params=[path.name for path in font_files()])
def plain_and_marked(request: Any) -> tuple[bytes, bytes]:
    plain = next(path for path in font_files() if path.name == request.param).read_bytes()
    return plain, with_colour_marker(plain)


def test_the_marked_font_is_a_valid_sfnt(plain_and_marked: tuple[bytes, bytes]) -> None:
    _, marked = plain_and_marked
    directory = tables_of(marked)
    count, search_range, selector, shift = struct.unpack_from(">HHHH", marked, 4)
    assert count == len(directory)
    assert search_range == 16 * 2 ** selector <= 16 * count < 32 * 2 ** selector and shift == 16 * count - search_range
    assert list(directory) == sorted(directory), "table records must be sorted by tag"
    ends = 12 + 16 * count
    for tag, (sum_, offset, length) in sorted(directory.items(), key=lambda item: item[1][1]):
        assert offset % 4 == 0 and offset >= ends, f"{tag!r} at {offset} overlaps or is unaligned"
        ends = offset + length
        data = marked[offset:offset + length]
        if tag == b"head":
            data = data[:HEAD_ADJUST_AT] + b"\0\0\0\0" + data[HEAD_ADJUST_AT + 4:]
        assert sum_ == checksum(data), f"{tag!r}: wrong checksum"
    assert ends <= len(marked)
    assert checksum(marked) == 0xB1B0AFBA, "head.checkSumAdjustment does not balance the font's checksum"


def test_only_the_two_colour_tables_are_new(plain_and_marked: tuple[bytes, bytes]) -> None:
    plain, marked = plain_and_marked
    assert set(tables_of(marked)) - set(tables_of(plain)) == {b"COLR", b"CPAL"}
    for tag in tables_of(plain):
        before, after = table(plain, tag), table(marked, tag)
        if tag == b"head":  # all but the whole-font checksum
            before, after = before[:HEAD_ADJUST_AT] + before[HEAD_ADJUST_AT + 4:], after[:HEAD_ADJUST_AT] + after[HEAD_ADJUST_AT + 4:]
        assert before == after, f"{tag!r} changed"
    assert table(marked, b"COLR") == COLR and table(marked, b"CPAL") == CPAL
    assert with_colour_marker(marked) == marked, "marking twice must change nothing"


def test_the_colour_tables_say_what_the_module_says() -> None:
    """COLR v0: glyph 0 is one layer, glyph 0 in the text's colour (palette entry 0xFFFF); CPAL
    v0: one palette of one opaque colour."""
    version, bases, base_at, layers_at, layers = struct.unpack_from(">HHIIH", COLR)
    assert (version, bases, layers) == (0, 1, 1)
    assert struct.unpack_from(">HHH", COLR, base_at) == (0, 0, 1)
    assert struct.unpack_from(">HH", COLR, layers_at) == (0, 0xFFFF)
    version, entries, palettes, colours, colours_at = struct.unpack_from(">HHHHI", CPAL)
    assert (version, entries, palettes, colours) == (0, 1, 1, 1)
    assert struct.unpack_from(">H", CPAL, 12) == (0,)
    assert CPAL[colours_at:colours_at + 4][3] == 255


@pytest.mark.parametrize(("junk", "why"), [
    (b"", "too short"),
    (b"wOFF" + bytes(40), "not a TrueType"),
    (b"\x00\x01\x00\x00" + struct.pack(">H", 9999) + bytes(6), "do not fit"),
    (b"\x00\x01\x00\x00" + struct.pack(">HHHH", 1, 16, 0, 0) + struct.pack(">4sIII", b"head", 0, 28, 999), "past the end"),
    (b"\x00\x01\x00\x00" + struct.pack(">HHHH", 1, 16, 0, 0) + struct.pack(">4sIII", b"name", 0, 28, 4) + bytes(4), "no head"),
])
def test_what_is_not_a_font_is_refused(junk: bytes, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        with_colour_marker(junk)


def test_a_font_with_colour_tables_of_its_own_is_left_alone() -> None:
    plain = font_files()[0].read_bytes()
    marked = with_colour_marker(plain)
    colr = tables_of(marked)[b"COLR"]
    other = bytearray(marked)
    other[colr[1] + 3] = 2  # a different COLR (two base glyph records)
    assert with_colour_marker(bytes(other)) == bytes(other)


@pytest.mark.parametrize(("size", "body", "marked"), [
    ((1280, 720), 27, False),
    ((1920, 1080), 40, False),
    ((1080, 1920), 40, False),   # portrait: the same scale
    ((2560, 1440), 53, False),
    ((3200, 1800), 67, True),
    ((3840, 2160), 80, True),
    ((2160, 3840), 80, True),
    ((800, 450), 20, False),     # the scale's floor is 0.5
])
def test_which_windows_want_the_marked_fonts(size: tuple[int, int], body: int, marked: bool) -> None:
    assert body_text_px(*size) == body
    assert wants_marked_fonts(*size) is marked
    assert theme_scale(*size) == theme_scale(*reversed(size))


def test_a_scaling_screen_counts_its_own_pixels() -> None:
    """1920x1080 logical pixels on a 4K screen that scales by 2: the body text is 40 px to QML
    and 80 px on the glass, where Qt's limit applies."""
    assert not wants_marked_fonts(1920, 1080, 1.0)
    assert wants_marked_fonts(1920, 1080, 2.0)
    assert not wants_marked_fonts(1280, 720, 1.5)  # 27 px, 40 on the glass


# ---------------------------------------------------------------- in windows


@pytest.fixture
def restore_plain_fonts(kiosk_app: Any) -> Iterator[None]:
    """Later tests in this process expect the plain fonts, whatever window this test made."""
    from kiosk.qt.app import load_fonts

    yield
    load_fonts(marked=False)


def underline_at_80px() -> float:
    """Where Qt puts an underline under the application font at 80 px: from the font's own
    metrics for a plain face, by Qt's rule for a colour face. So it tells which of the two
    forms Qt's font engine is using, whatever else is loaded."""
    from PySide6.QtGui import QFont, QFontMetricsF, QGuiApplication

    font = QFont(QGuiApplication.font())
    font.setPixelSize(80)
    return QFontMetricsF(font).underlinePos()


def test_the_self_test_leaves_the_kiosks_fonts_as_they_are(restore_plain_fonts: None) -> None:
    """The admin screen's self-test runs inside the kiosk. It once installed the font files to
    check them: the plain copies then stood in for a 4K kiosk's marked fonts (and every run
    added another copy)."""
    from kiosk.commands.selftest import font_check
    from kiosk.qt.app import load_fonts

    load_fonts(marked=False)
    plain = underline_at_80px()
    load_fonts(marked=True)
    marked = underline_at_80px()
    assert marked != plain, "Qt's engine does not see the colour marker"
    check = font_check()
    assert check.status == "PASS", check
    assert underline_at_80px() == marked, "after the self-test, Qt draws with the plain fonts again"


# A shown kiosk window on the bundled content, disposed of afterwards (conftest's open_kiosk).
kiosk_window = contextmanager(open_kiosk)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (3840, 2160)])
def test_the_window_loads_the_fonts_its_theme_needs(restore_plain_fonts: None, size: tuple[int, int]) -> None:
    """The core's rule agrees with Theme.qml (a change to either fails here), and the window
    loads the marked fonts exactly when its body text is over 64 px."""
    from PySide6.QtCore import QCoreApplication

    from kiosk.qt.app import fonts_marked

    with kiosk_window(*size, speech_engine="mock") as window:
        QCoreApplication.processEvents()
        theme = window.engine.singletonInstance("Kiosk", "Theme")
        assert theme is not None
        assert theme.property("bodySize") == body_text_px(*size)
        assert fonts_marked() is wants_marked_fonts(*size)


def page_text(marked: bool) -> np.ndarray:
    """A 4K walk page's body text as the patient sees it (grey levels), with the fonts marked or not."""
    from PySide6.QtCore import QCoreApplication, QRectF
    from PySide6.QtGui import QImage
    from PySide6.QtTest import QTest

    import kiosk.qt.app
    from kiosk.qt.items import visible_item

    with kiosk_window(3840, 2160, speech_engine="mock", marked_fonts=marked) as window:
        assert kiosk.qt.app.fonts_marked() is marked
        page = window.bridge.page
        page.start()
        page.openTopic(window.bridge.session.content.topics[0].id)
        page.next()
        QTest.qWait(300)
        body = visible_item(window.window, "stepBody")
        assert body is not None
        assert body.property("font").pixelSize() == 80
        rect = body.mapRectToScene(QRectF(0, 0, body.width(), body.height())).toAlignedRect()
        QCoreApplication.processEvents()
        image = window.window.grabWindow().copy(rect).convertToFormat(QImage.Format.Format_Grayscale8)
        width, height, stride = image.width(), image.height(), image.bytesPerLine()
        return np.frombuffer(image.constBits(), np.uint8, stride * height).reshape(height, stride)[:, :width].copy()


def test_a_4k_page_shows_the_same_words_with_the_marked_fonts(restore_plain_fonts: None) -> None:
    """The marked fonts' glyphs come from FreeType's rasteriser, the plain ones' from Qt's path
    filler: the same letters in the same places, differing only along their edges (and in the
    links' underline, which Qt places by its own rule for a colour font)."""
    plain = page_text(marked=False)
    marked = page_text(marked=True)
    assert plain.shape == marked.shape
    ink_plain, ink_marked = int((plain < 128).sum()), int((marked < 128).sum())
    assert ink_plain > 20_000, f"the plain page has almost no words ({ink_plain} dark pixels)"
    assert abs(ink_marked - ink_plain) < 0.08 * ink_plain, (ink_plain, ink_marked)
    # Where one is ink and the other paper: only the few rows of the links' underlines (Qt's
    # rule puts them 3 px thicker and a little higher at this size); every letter is the same.
    apart_rows = np.flatnonzero((np.abs(plain.astype(int) - marked.astype(int)) > 128).any(axis=1))
    assert len(apart_rows) < 0.03 * plain.shape[0], f"the words differ in rows {apart_rows.tolist()}"
    # ...and that difference is the sign that Qt's font engine took the marked faces for colour
    # faces (the only kind it draws from its glyph cache at this size): no difference, no marker.
    assert len(apart_rows) > 0, "the links' underlines are as in the plain fonts: Qt did not see the colour marker"


def test_the_marker_is_only_in_memory() -> None:
    """The bundled files stay plain: the marker is added as the fonts load, for large windows only."""
    for path in font_files():
        assert b"COLR" not in tables_of(Path(path).read_bytes())
