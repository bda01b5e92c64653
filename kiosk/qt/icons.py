"""The kiosk's icons, drawn as images at the size shown: ``image://icon/<name>/<colour>``.

Icons used to be Qt Quick ``Shape`` items. Under the software scene graph a Shape inside a
clipped Flickable is drawn outside the clip (the glossary buttons' book icons appeared over
the bottom bar once the page text scrolled, and stayed there on later pages). An Image is
clipped like any other item under both scene graphs, so every icon is an Image from here.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider
from PySide6.QtSvg import QSvgRenderer

# 48x48 outlines, filled (even-odd) unless stroked.
PATHS: dict[str, str] = {
    "next": "M6 20 H30 L20 10 L25 5 L44 24 L25 43 L20 38 L30 28 H6 Z",
    "back": "M42 20 H18 L28 10 L23 5 L4 24 L23 43 L28 38 L18 28 H42 Z",
    "home": "M24 4 L46 24 H40 V44 H29 V31 H19 V44 H8 V24 H2 Z",
    "close": "M9 14 L14 9 L24 19 L34 9 L39 14 L29 24 L39 34 L34 39 L24 29 L14 39 L9 34 L19 24 Z",
    "check": "M4 25 L11 18 L19 26 L37 8 L44 15 L19 40 Z",
    "book": "M4 8 H18 C21 8 23 10 23 13 V42 C23 39 21 37 18 37 H4 Z M44 8 H30 C27 8 25 10 25 13 V42 C25 39 27 37 30 37 H44 Z",
    "again": "M24 4 A20 20 0 1 1 4 24 H11 A13 13 0 1 0 24 11 V18 L13 8 L24 -2 Z",
    "globe": "M24 3 A21 21 0 1 1 23.99 3 Z M3 24 H45 M24 3 C11 15 11 33 24 45 M24 3 C37 15 37 33 24 45 M7 13 H41 M7 35 H41",
    "speaker": "M3 17 H13 L25 6 V42 L13 31 H3 Z M30 15 L33 12 C40 19 40 29 33 36 L30 33 C35 28 35 20 30 15 Z "
               "M35 9 L38 6 C48 16 48 32 38 42 L35 39 C43 31 43 17 35 9 Z",
    "stop": "M9 9 H39 V39 H9 Z",
    "play": "M12 6 L42 24 L12 42 Z",
    "pause": "M10 8 H20 V40 H10 Z M28 8 H38 V40 H28 Z",
    "person": "M24 3 A10 10 0 1 1 23.99 3 Z M5 45 C5 33 13 26 24 26 C35 26 43 33 43 45 Z",
    "question": "M24 2 A22 22 0 1 1 23.9 2 Z M21 34 V40 H27 V34 Z M24 9 C17 9 13 13 13 19 H19 C19 16 21 14 24 14 "
                "C27 14 29 16 29 18 C29 21 21 23 21 30 H27 C27 25 35 23 35 17 C35 12 31 9 24 9 Z",
}
STROKED = {"globe"}


def icon_svg(name: str, colour: str, size: int) -> bytes:
    """The icon as an SVG document; ``colour`` is ``#rrggbb``."""
    path = PATHS[name]
    if name in STROKED:
        width = max(2 * 48 / max(size, 1), 4)  # at least 2 px on screen, as the Shape drew it
        paint = f'fill="none" stroke="{colour}" stroke-width="{width:.2f}"'
    else:
        paint = f'fill="{colour}" fill-rule="evenodd"'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48">'
            f'<path d="{path}" {paint}/></svg>').encode()


@lru_cache(maxsize=256)
def render_icon(name: str, colour: str, width: int, height: int) -> QImage:
    image = QImage(max(1, width), max(1, height), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)  # transparent (0 in any ARGB format; Qt.GlobalColor would load the Qt namespace)
    if name in PATHS:
        renderer = QSvgRenderer(QByteArray(icon_svg(name, colour, min(width, height))))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
    return image


class IconProvider(QQuickImageProvider):
    """``image://icon/<name>/<rrggbb>`` at the size QML asks for (48x48 when it asks for none)."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, ident: str, size: QSize, requested: QSize) -> QImage:
        name, _, colour = ident.partition("/")
        colour = "#" + colour.lstrip("#")[-6:] if colour else "#000000"
        width = requested.width() if requested.width() > 0 else 48
        height = requested.height() if requested.height() > 0 else 48
        image = render_icon(name, colour, width, height)
        if size is not None:
            size.setWidth(image.width())
            size.setHeight(image.height())
        return image
