"""QR codes for "take it with you": drawn by segno (a well-kept, dependency-free QR library)
and served to QML as ``image://qr/<address>``. Nothing about the patient goes into them."""

from __future__ import annotations

from urllib.parse import unquote

from PySide6 import QtCore
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


class QrImageProvider(QQuickImageProvider):
    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, ident: str, size: QSize, requested: QSize) -> QImage:
        import segno

        code = segno.make(unquote(ident), error="m", micro=False)
        matrix = list(code.matrix)
        modules = len(matrix) + 2 * QUIET_ZONE
        side = max(requested.width(), requested.height(), modules * 8)
        scale = max(1, side // modules)
        image = QImage(modules * scale, modules * scale, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setPen(QtCore.Qt.PenStyle.NoPen)  # the Qt namespace: when a code is drawn, not at start-up
        painter.setBrush(QColor("black"))
        for row, line in enumerate(matrix):
            for col, dark in enumerate(line):
                if dark:
                    painter.drawRect((col + QUIET_ZONE) * scale, (row + QUIET_ZONE) * scale, scale, scale)
        painter.end()
        if size is not None:
            size.setWidth(image.width())
            size.setHeight(image.height())
        return image
