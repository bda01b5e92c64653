"""Check that Qt's own SVG renderer draws a picture cleanly.

Qt renders SVG Tiny 1.2 plus some extensions and silently skips what it does
not support (clipPath, masks, filters, scripts, external files), so a drawing
can look right in a browser and wrong on the kiosk. We reject those elements by
name and render the file once, failing on any warning Qt prints.

Rendering an untrusted drawing can take unbounded time (a ``<use>`` bomb draws 10^n
shapes), so every file first passes the bounded static check of
:mod:`kiosk.core.svgstatic`; a drawing it refuses is never handed to Qt.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QRectF, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from ..core.svgstatic import check_svg_file

UNSUPPORTED = ("clipPath", "mask", "filter", "pattern", "marker", "script", "foreignObject", "image", "style")
_ELEMENT = re.compile(r"<\s*(?:svg:)?(" + "|".join(UNSUPPORTED) + r")\b")
_TEXT = re.compile(r"<\s*(?:svg:)?(?:text|tspan|textPath)\b")


def check_svg(path: Path) -> list[str]:
    """Problems with one SVG file, as sentences; empty when Qt draws it cleanly."""
    refused = check_svg_file(path)  # bounded: size, elements, nesting, <use> expansion, entities
    if refused:
        return refused
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [f"cannot read the drawing ({exc})"]
    problems = [
        f"uses <{name}>, which the kiosk's SVG renderer cannot draw"
        for name in sorted(set(_ELEMENT.findall(text)))
    ]
    if _TEXT.search(text):
        problems.append("has words in it (<text>); words in a drawing cannot be translated: put labels in the content instead")
    if QGuiApplication.instance() is None:
        raise RuntimeError("check_svg needs a QGuiApplication")
    warnings: list[str] = []

    def handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if mode != QtMsgType.QtDebugMsg:
            warnings.append(message)

    previous = qInstallMessageHandler(handler)
    try:
        renderer = QSvgRenderer(str(path))
        if not renderer.isValid():
            problems.append("is not a valid SVG drawing")
        else:
            image = QImage(200, 150, QImage.Format.Format_ARGB32)
            image.fill(QColor("white"))
            painter = QPainter(image)
            renderer.render(painter, QRectF(0, 0, 200, 150))
            painter.end()
    finally:
        qInstallMessageHandler(previous)
    problems.extend(f"Qt's SVG renderer warns: {w}" for w in dict.fromkeys(warnings))
    return problems
