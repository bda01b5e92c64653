"""The home screen at every tile count: each tile keeps its title and summary inside it.

Tiles used to shrink as rows were added, until their subtitles spilled over their borders
(30 topics). Here libraries of 1 to 30 topics (copies of the bundled ones) are shown in every
language, at normal and largest text, in landscape and portrait, and every tile is checked
while the grid is scrolled through.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRectF, QThread

from conftest import open_kiosk
from kiosk.core.loader import Content, load_content
from kiosk.core.paths import bundled_content_dir
from kiosk.core.prefs import TEXT_SCALES
from kiosk.qt.app import KioskWindow
from kiosk.qt.items import settle, walk_items

COUNTS = (1, 6, 7, 12, 30)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Content:
    """30 topics: the six bundled ones and copies of the overview, whose title is the longest."""
    folder = tmp_path_factory.mktemp("library") / "content"
    shutil.copytree(bundled_content_dir(), folder)
    source = (folder / "topics" / "00-overview.yaml").read_text(encoding="utf-8")
    for i in range(24):
        text = re.sub(r"^id: .*$", f"id: copy-{i}", source, count=1, flags=re.M)
        text = re.sub(r"^order: .*$", f"order: {100 + i}", text, count=1, flags=re.M)
        (folder / "topics" / f"{100 + i}-copy-{i}.yaml").write_text(text, encoding="utf-8")
    result = load_content(folder)
    assert result.ok and result.content is not None, result.errors[:3]
    assert len(result.content.topics) == 30
    return result.content


@pytest.fixture(scope="module", params=["landscape", "portrait"])
def home_kiosk(request: pytest.FixtureRequest, kiosk_app: object) -> Iterator[KioskWindow]:
    yield from open_kiosk(*((1920, 1080) if request.param == "landscape" else (1080, 1920)))  # type: ignore[misc]


def tiles_laid_out(kiosk: KioskWindow, timeout: float = 5.0) -> list[str]:
    """Wait until every visible tile has its size: a GridView makes the delegates just outside the
    view in the background (incubation), and a tile read in that instant is still 0x0. Returns the
    tiles that never got a size."""
    deadline = time.monotonic() + timeout
    while True:
        settle(kiosk.window)
        empty = [t.objectName() for t in walk_items(kiosk.window.contentItem())
                 if t.objectName().startswith("tile-") and t.isVisible() and (t.width() <= 0 or t.height() <= 0)]
        if not empty or time.monotonic() > deadline:
            return [f"{name} has no size" for name in empty]
        QThread.msleep(10)


def spills(kiosk: KioskWindow) -> list[str]:
    """Tiles on screen whose title or summary reaches past the tile's border."""
    found = []
    for tile in walk_items(kiosk.window.contentItem()):
        if not tile.objectName().startswith("tile-") or not tile.isVisible():
            continue
        for text in walk_items(tile):
            if text is tile or text.metaObject().indexOfProperty("text") < 0 or not text.property("text"):
                continue
            box = text.mapRectToItem(tile, QRectF(0, 0, text.width(), text.property("implicitHeight")))
            if box.bottom() > tile.height() + 0.5 or box.top() < -0.5:
                found.append(f"{tile.objectName()}: {text.property('text')[:40]!r} ends at {box.bottom():.0f} "
                             f"of {tile.height():.0f}")
    return found


@pytest.mark.parametrize("text_step", [0, len(TEXT_SCALES) - 1])
@pytest.mark.parametrize("language", ["en", "es", "zh", "vi", "ar"])
def test_tiles_keep_their_text_inside_at_every_count(home_kiosk: KioskWindow, library: Content,
                                                      language: str, text_step: int) -> None:
    bridge = home_kiosk.bridge
    problems = []
    try:
        for count in COUNTS:
            bridge.set_content(dataclasses.replace(library, topics=library.topics[:count]))
            bridge.display.setLanguage(language)
            bridge.display.setTextStep(text_step)
            bridge.page.start()
            settle(home_kiosk.window)
            grid = next(i for i in walk_items(home_kiosk.window.contentItem()) if i.objectName() == "topicGrid")
            seen = set()
            y = 0.0
            while True:  # scroll through every row
                grid.setProperty("contentY", y)
                settle(home_kiosk.window)
                seen |= {t.objectName() for t in walk_items(grid) if t.objectName().startswith("tile-")}
                problems += [f"{count} topics: {p}" for p in (*tiles_laid_out(home_kiosk), *spills(home_kiosk))]
                if y + grid.height() >= grid.property("contentHeight"):
                    break
                y += grid.height() / 2
            assert len(seen) == count, f"{count} topics: only {len(seen)} tiles could be reached"
    finally:
        bridge.set_content(load_content(bundled_content_dir()).content)  # type: ignore[arg-type]
        bridge.reset()
    assert not problems, "\n".join(sorted(set(problems))[:10])
