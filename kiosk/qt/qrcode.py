"""QR codes for "take it with you": drawn by segno (a well-kept, dependency-free QR library)
and served to QML as ``image://qr/<text>``: the clinic's address for a topic, or the topic's own
questions and key points (kiosk/core/takehome.py, which chose the text to fit version 25-M).
Nothing about the patient goes into them."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import unquote

from PySide6 import QtCore
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider

from ..core.takehome import QUIET_ZONE  # modules of white around the code, as the standard asks


class QrImageProvider(QQuickImageProvider):
    """Synchronous on purpose: a Python provider called from Qt's image thread can deadlock with
    the GUI thread over the GIL (seen in tests: the window froze for minutes). The code's modules
    go into a one-byte-per-module image scaled up without smoothing, and each text's modules are
    kept (a finish screen seen again costs nothing)."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, ident: str, size: QSize, requested: QSize) -> QImage:
        modules, pixels = _modules(unquote(ident))
        wanted = max(requested.width(), requested.height())
        exact = wanted > 0 and wanted % modules == 0  # asked for whole pixels per module: exactly that
        scale = wanted // modules if exact else max(1, max(wanted, modules * 8) // modules)
        small = QImage(pixels, modules, modules, modules, QImage.Format.Format_Grayscale8)
        image = small.scaled(modules * scale, modules * scale, QtCore.Qt.AspectRatioMode.IgnoreAspectRatio,
                             QtCore.Qt.TransformationMode.FastTransformation).convertToFormat(QImage.Format.Format_RGB32)
        if size is not None:
            size.setWidth(image.width())
            size.setHeight(image.height())
        return image


def prepare(text: str) -> None:
    """Encode ``text`` now, so that the screen showing its code finds it done (the warm-up: a
    version-25 code takes about 100 ms of pure Python, most of it choosing the best of 8 masks)."""
    _modules(text)


# Every finish screen's codes in every language of a library of a few dozen topics: about 16 KB each.
@lru_cache(maxsize=128)
def _modules(text: str) -> tuple[int, bytes]:
    """The code for ``text`` at error correction M (segno picks the smallest version, as
    kiosk/core/takehome.py fitted it): its width in modules with the quiet zone, and one byte a
    module, row by row (0 dark, 255 light)."""
    import segno

    matrix = segno.make(text, error="m", micro=False).matrix
    modules = len(matrix) + 2 * QUIET_ZONE
    light = b"\xff" * QUIET_ZONE
    rows = [b"\xff" * modules] * QUIET_ZONE
    rows += [light + bytes(0 if dark else 255 for dark in line) + light for line in matrix]
    rows += [b"\xff" * modules] * QUIET_ZONE
    return modules, b"".join(rows)
