"""Large text without outline drawing: when the kiosk's fonts need a colour-table marker.

Qt's software renderer draws any glyph larger than 64 pixels as an outline path, filled with
antialiasing for each line of text as one path. On a 3840x2160 screen the body text is 80 px,
and a page change then spent some 40 ms filling outlines (one 80-character line: 12 ms, where
the same line drawn from Qt's glyph cache takes under 1 ms). The limit is compiled into Qt's
FreeType font engine (``QT_MAX_CACHED_GLYPH_SIZE``; raising the environment variable of that
name makes large glyphs come out blank, because the engine still refuses to rasterise them).

The engine lifts the limit for colour fonts: a face with a colour table is never drawn as
outlines, so every glyph comes from the glyph cache at any size. :func:`with_colour_marker`
gives a font the smallest colour table there is: one COLR v0 record that draws the "missing
character" glyph (glyph 0) in the text's own colour, and a one-colour CPAL palette. Every other
glyph, and every other table, is unchanged, so letters are shaped, placed and rasterised as
before.

The marker has a cost, which is why the kiosk uses it only where glyphs are that large
(:func:`wants_marked_fonts`): Qt keeps no per-glyph metrics cache for colour faces, so laying
out text takes longer (at 1920x1080, where no body glyph is over 64 px, a Next tap's median
went from about 7 to 11 ms). It also places link underlines by Qt's own rule rather than the
font's metrics (a little higher and thicker), and drops synthetic bold and italic, which the
kiosk never uses: every face has a real bold file and no text is italic.
"""

from __future__ import annotations

import struct

# The largest glyph, in pixels, that Qt's FreeType engine draws from its glyph cache (qfontengine_ft.cpp).
CACHE_LIMIT_PX = 64
# Theme.qml's body text at the 1920x1080 design size and the default text size (``fontPx(40)``).
BODY_PX_AT_1080P = 40

# COLR version 0: one base glyph record (glyph 0, first layer 0, one layer) and one layer
# record (glyph 0 in palette entry 0xFFFF, which means the text's own colour).
COLR = struct.pack(">HHIIH", 0, 1, 14, 20, 1) + struct.pack(">HHH", 0, 0, 1) + struct.pack(">HH", 0, 0xFFFF)
# CPAL version 0: one palette of one colour (opaque black, in BGRA order), never used by COLR above.
CPAL = struct.pack(">HHHHI", 0, 1, 1, 1, 14) + struct.pack(">H", 0) + bytes((0, 0, 0, 255))

_HEAD_ADJUST_AT = 8  # checkSumAdjustment's offset in the head table
_MAX_TABLES = 200  # a font with more is not one of ours


def theme_scale(width: float, height: float) -> float:
    """The scale Main.qml gives Theme for a window of this size (rotation does not change it)."""
    longer, shorter = max(width, height), min(width, height)
    return max(0.5, min(longer / 1920, shorter / 1080))


def body_text_px(width: float, height: float, text_scale: float = 1.0) -> int:
    """Theme.bodySize for a window of this size: ``Math.round(40 * scale * textScale)``."""
    # (JavaScript's Math.round rounds halves up; Python's round() would round them to even.)
    value = BODY_PX_AT_1080P * theme_scale(width, height) * text_scale
    return int(value + 0.5)


def wants_marked_fonts(width: float, height: float, device_pixel_ratio: float = 1.0) -> bool:
    """Whether a window of this size (in Qt's logical pixels, as QML sees it) shows its body text
    at the default text size larger than Qt's glyph cache takes, and so should use the fonts
    with the colour marker. Qt's limit is in the screen's own pixels: on a screen that scales
    (a device pixel ratio of 2), 40 logical pixels are 80 of the screen's."""
    return body_text_px(width, height) * device_pixel_ratio > CACHE_LIMIT_PX


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    words: tuple[int, ...] = struct.unpack(f">{len(padded) // 4}I", padded)
    return sum(words) & 0xFFFFFFFF


def with_colour_marker(font: bytes) -> bytes:
    """The TrueType or OpenType (CFF) font ``font`` with the COLR and CPAL tables above added.

    A font that already has either table is returned unchanged. Raises ValueError for data that
    is not a single sfnt font (a collection, WOFF, or a table outside the data)."""
    if len(font) < 12:
        raise ValueError("not a font: too short")
    version, count = struct.unpack_from(">4sH", font, 0)
    if version not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        raise ValueError(f"not a TrueType or OpenType font (starts with {version!r})")
    if count > _MAX_TABLES or 12 + 16 * count > len(font):
        raise ValueError(f"not a font: {count} tables do not fit in {len(font)} bytes")
    tables: dict[bytes, bytes] = {}
    for index in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", font, 12 + 16 * index)
        if offset + length > len(font):
            raise ValueError(f"not a font: table {tag.decode('latin-1')!r} runs past the end of the data")
        tables[tag] = font[offset:offset + length]
    if b"COLR" in tables or b"CPAL" in tables:
        return font
    if b"head" not in tables or len(tables[b"head"]) < _HEAD_ADJUST_AT + 4:
        raise ValueError("not a font: no head table")
    tables[b"COLR"], tables[b"CPAL"] = COLR, CPAL
    head = bytearray(tables[b"head"])
    head[_HEAD_ADJUST_AT:_HEAD_ADJUST_AT + 4] = b"\0\0\0\0"  # as the checksums need it
    tables[b"head"] = bytes(head)

    count = len(tables)
    power = 1 << (count.bit_length() - 1)  # the largest power of two not over the count
    header = struct.pack(">4sHHHH", version, count, power * 16, power.bit_length() - 1, count * 16 - power * 16)
    records, body = [], bytearray()
    offset = len(header) + 16 * count
    for tag in sorted(tables):
        data = tables[tag]
        records.append(struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data)))
        body += data + b"\0" * (-len(data) % 4)
    out = bytearray(header + b"".join(records) + body)
    head_at = struct.unpack_from(">I", out, len(header) + 16 * sorted(tables).index(b"head") + 8)[0]
    struct.pack_into(">I", out, head_at + _HEAD_ADJUST_AT, (0xB1B0AFBA - _checksum(bytes(out))) & 0xFFFFFFFF)
    return bytes(out)
