"""Render every screen the patient can reach to PNG, for review."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from ..core.session import Screen
from .app import KioskWindow
from .items import settle, wait_for_pictures


def grab(kiosk: KioskWindow, path: Path) -> Path:
    QCoreApplication.processEvents()
    wait_for_pictures(kiosk.window)  # (drawn off the GUI thread)
    image = kiosk.window.grabWindow()
    if image.isNull() or not image.save(str(path)):
        raise RuntimeError(f"could not render {path}")
    return path


def render_all(kiosk: KioskWindow, outdir: Path, language: str | None = None, second: str | None = None) -> list[Path]:
    """Attract, home, every page of every topic, each finish screen, one glossary card per topic
    and a contact sheet per topic (``NN-topic-sheet.png``), in ``language`` (default: the
    content's default language), with ``second`` under it when given (two languages side by side).
    Returns the screens, not the sheets."""
    outdir.mkdir(parents=True, exist_ok=True)
    bridge = kiosk.bridge
    session = bridge.session
    files = []
    bridge.reset()
    if language is not None:
        bridge.display.setLanguage(language)
    if second is not None:
        bridge.display.setSecondLanguage(second)
    bridge.display.setReducedMotion(True)  # no picture caught halfway through a fade
    files.append(grab(kiosk, outdir / "00-attract.png"))
    files += render_home(kiosk, outdir)
    for number, topic in enumerate(session.content.topics, start=1):
        bridge.page.openTopic(topic.id)
        prefix = f"{number + 1:02d}-{topic.id}"
        card_done = False
        pages = []
        for index in range(topic.page_count):
            bridge.page.goTo(index)
            pages.append(grab(kiosk, outdir / f"{prefix}-{index + 1:02d}.png"))
            files.append(pages[-1])
            terms = bridge.page.property("pageTerms")
            if terms and not card_done:
                bridge.card.openTerm(terms[0]["id"])
                files.append(grab(kiosk, outdir / f"{prefix}-{index + 1:02d}-word-{terms[0]['id']}.png"))
                bridge.card.closeTerm()
                card_done = True
        bridge.page.goTo(topic.page_count - 1)
        bridge.page.next()
        if bridge.page.property("screen") == "check":  # "Check what you learned": asked, then after a wrong answer
            pages.append(grab(kiosk, outdir / f"{prefix}-check.png"))
            files.append(pages[-1])
            asked = session.content.topic(topic.id).check or []
            bridge.check.answer(next((i for i, a in enumerate(asked[0].answers) if not a.right), 0) if asked else 0)
            settle(kiosk.window)  # the explanation laid out and scrolled into view
            settle(kiosk.window)
            pages.append(grab(kiosk, outdir / f"{prefix}-check-wrong.png"))
            files.append(pages[-1])
            bridge.check.skip()
        pages.append(grab(kiosk, outdir / f"{prefix}-finish.png"))
        files.append(pages[-1])
        # One image per topic: every step and the finish screen, for a reviewer to read through.
        captions = [f"{topic.id} · {i + 1}" for i in range(topic.page_count)]
        captions += [f"{topic.id} · check"] * (len(pages) - 1 - topic.page_count) + [f"{topic.id} · finish"]
        contact_sheet(pages, captions, outdir / f"{prefix}-sheet.png")
    # Keypad mode: the focus ring on a walk-through's Next button.
    first = session.content.topics[0]
    bridge.page.openTopic(first.id)
    QCoreApplication.processEvents()
    if kiosk.keypad.show_focus("nextButton"):
        files.append(grab(kiosk, outdir / "zz-keypad-focus.png"))
    kiosk.keypad.end()
    bridge.reset()
    return files


def render_home(kiosk: KioskWindow, outdir: Path) -> list[Path]:
    """The home screen (``01-home.png``) and, for a library with more topics than one screen
    holds, its pages: every page of shelves (``01-home-shelves-pN.png``), every page of the first
    shelf and the first page of each other (``01-home-SHELF-pN.png``). Leaves the kiosk on the home screen."""
    bridge = kiosk.bridge
    home = bridge.home
    bridge.page.start()
    bridge.page.home()
    def shot(name: str) -> Path:
        # The window measures the home screen, the core answers, the window lays it out: until it holds still.
        session, last = bridge.session, None
        if session.screen is not Screen.HOME:
            raise RuntimeError(f"{name}: the kiosk left the home screen ({session.screen.name})")
        for _ in range(10):
            settle(kiosk.window)
            now = (session.home_room, session.home_plan)
            if now == last:
                break
            last = now
        return grab(kiosk, outdir / name)

    files = [shot("01-home.png")]

    def pages(name: str, every: bool) -> None:
        for number in range(1, int(home.property("pageCount")) + 1):
            if number > 1:
                if not every:
                    break
                home.nextPage()
            files.append(shot(f"01-home-{name}-p{number}.png"))

    mode = home.property("mode")
    if mode == "shelves":
        # A shelf of one topic opens that topic (its pages are the topic's own screenshots).
        shelves = [s for s in bridge.session.content.shelves() if len(s.topic_ids) > 1]
        pages("shelves", every=True)
        for index, shelf in enumerate(shelves):
            bridge.page.home()
            home.openShelf(shelf.id)
            pages(shelf.id, every=index == 0)
    elif mode == "topics":
        pages(str(bridge.session.home_plan.shelf_id), every=True)
    bridge.page.home()
    return files


def contact_sheet(pages: list[Path], captions: list[str], path: Path) -> Path:
    """The ``pages`` side by side, three to a row, each with its caption: one topic on one image."""
    columns, thumb_w, thumb_h, caption = 3, 640, 360, 44
    first = QImage(str(pages[0])) if pages else QImage()
    if not first.isNull() and first.height() > first.width():  # portrait screens: portrait thumbnails
        thumb_w, thumb_h = 360, 640
    rows = max(1, (len(pages) + columns - 1) // columns)
    sheet = QImage(columns * thumb_w, rows * (thumb_h + caption), QImage.Format.Format_RGB32)
    sheet.fill(QColor("#FFFFFF"))
    painter = QPainter(sheet)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    font = QFont()
    font.setPixelSize(26)
    painter.setFont(font)
    painter.setPen(QColor("#1B1B1B"))
    for i, (page, text) in enumerate(zip(pages, captions, strict=True)):
        x, y = (i % columns) * thumb_w, (i // columns) * (thumb_h + caption)
        painter.drawImage(QRectF(x + 4, y + 4, thumb_w - 8, thumb_h - 8), QImage(str(page)))
        painter.drawText(QRectF(x, y + thumb_h, thumb_w, caption), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    if not sheet.save(str(path)):
        raise RuntimeError(f"could not write {path}")
    return path


def render_gallery(kiosk: KioskWindow, outdir: Path, language: str = "en") -> list[Path]:
    """Every step of every topic with its picture, words and text, plus one contact sheet per
    topic, so that a clinician can review all the pictures at once."""
    outdir.mkdir(parents=True, exist_ok=True)
    bridge = kiosk.bridge
    bridge.reset()
    bridge.display.setLanguage(language)
    bridge.display.setReducedMotion(True)
    bridge.page.start()
    sheets = []
    for topic in bridge.session.content.topics:
        bridge.page.openTopic(topic.id)
        pages = []
        for index in range(topic.page_count):
            bridge.page.goTo(index)
            pages.append(grab(kiosk, outdir / f"{topic.id}-{index + 1:02d}.png"))
        sheet_path = contact_sheet(pages, [f"{topic.id} · {i + 1}" for i in range(len(pages))],
                                   outdir / f"{topic.id}-sheet.png")
        sheets.append(sheet_path)
    bridge.reset()
    return sheets
