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


def render_all(kiosk: KioskWindow, outdir: Path) -> list[Path]:
    """Attract, home, every page of every topic, each finish screen, and one glossary card per topic."""
    outdir.mkdir(parents=True, exist_ok=True)
    bridge = kiosk.bridge
    session = bridge.session
    files = []
    bridge.reset()
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
