"""Render every screen the patient can reach to PNG, for review."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from .app import KioskWindow


def grab(kiosk: KioskWindow, path: Path) -> Path:
    QCoreApplication.processEvents()
    image = kiosk.window.grabWindow()
    if image.isNull() or not image.save(str(path)):
        raise RuntimeError(f"could not render {path}")
    return path


def render_all(kiosk: KioskWindow, outdir: Path, language: str | None = None) -> list[Path]:
    """Attract, home, every page of every topic, each finish screen, and one glossary card per
    topic, in ``language`` (default: the content's default language)."""
    outdir.mkdir(parents=True, exist_ok=True)
    bridge = kiosk.bridge
    session = bridge.session
    files = []
    bridge.reset()
    if language is not None:
        bridge.setLanguage(language)
    bridge.setReducedMotion(True)  # no picture caught halfway through a fade
    files.append(grab(kiosk, outdir / "00-attract.png"))
    bridge.start()
    files.append(grab(kiosk, outdir / "01-home.png"))
    for number, topic in enumerate(session.content.topics, start=1):
        bridge.openTopic(topic.id)
        prefix = f"{number + 1:02d}-{topic.id}"
        card_done = False
        for index in range(topic.page_count):
            bridge.goTo(index)
            files.append(grab(kiosk, outdir / f"{prefix}-{index + 1:02d}.png"))
            terms = bridge.property("pageTerms")
            if terms and not card_done:
                bridge.openTerm(terms[0]["id"])
                files.append(grab(kiosk, outdir / f"{prefix}-{index + 1:02d}-word-{terms[0]['id']}.png"))
                bridge.closeTerm()
                card_done = True
        bridge.goTo(topic.page_count - 1)
        bridge.next()
        files.append(grab(kiosk, outdir / f"{prefix}-finish.png"))
    bridge.reset()
    return files


def render_gallery(kiosk: KioskWindow, outdir: Path, language: str = "en") -> list[Path]:
    """Every step of every topic with its picture, words and text, plus one contact sheet per
    topic, so that a clinician can review all the pictures at once."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    outdir.mkdir(parents=True, exist_ok=True)
    bridge = kiosk.bridge
    bridge.reset()
    bridge.setLanguage(language)
    bridge.setReducedMotion(True)
    bridge.start()
    sheets = []
    for topic in bridge.session.content.topics:
        bridge.openTopic(topic.id)
        pages = []
        for index in range(topic.page_count):
            bridge.goTo(index)
            pages.append(grab(kiosk, outdir / f"{topic.id}-{index + 1:02d}.png"))
        columns, thumb_w, thumb_h, caption = 3, 640, 360, 44
        rows = (len(pages) + columns - 1) // columns
        sheet = QImage(columns * thumb_w, rows * (thumb_h + caption), QImage.Format.Format_RGB32)
        sheet.fill(QColor("#FFFFFF"))
        painter = QPainter(sheet)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        font = QFont()
        font.setPixelSize(26)
        painter.setFont(font)
        for i, page in enumerate(pages):
            x, y = (i % columns) * thumb_w, (i // columns) * (thumb_h + caption)
            painter.drawImage(QRectF(x + 4, y + 4, thumb_w - 8, thumb_h - 8), QImage(str(page)))
            painter.setPen(QColor("#1B1B1B"))
            painter.drawText(QRectF(x, y + thumb_h, thumb_w, caption), Qt.AlignmentFlag.AlignCenter, f"{topic.id} · {i + 1}")
        painter.end()
        sheet_path = outdir / f"{topic.id}-sheet.png"
        if not sheet.save(str(sheet_path)):
            raise RuntimeError(f"could not write {sheet_path}")
        sheets.append(sheet_path)
    bridge.reset()
    return sheets
