"""QR codes for "take it with you": drawn by segno (a well-kept, dependency-free QR library)
and served to QML as ``image://qr/<text>``: the clinic's address for a topic, or the topic's own
questions and key points (kiosk/core/takehome.py, which chose the text to fit version 25-M).
Nothing about the patient goes into them."""

from __future__ import annotations

from urllib.parse import unquote

from PySide6 import QtCore
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider

from ..core.takehome import QUIET_ZONE  # modules of white around the code, as the standard asks


class QrImageProvider(QQuickImageProvider):
    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, ident: str, size: QSize, requested: QSize) -> QImage:
        import segno

        code = segno.make(unquote(ident), error="m", micro=False)
        matrix = list(code.matrix)
        modules = len(matrix) + 2 * QUIET_ZONE
        wanted = max(requested.width(), requested.height())
        exact = wanted > 0 and wanted % modules == 0  # asked for whole pixels per module: exactly that
        scale = wanted // modules if exact else max(1, max(wanted, modules * 8) // modules)
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
