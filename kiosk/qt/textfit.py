"""Lay every page out with the kiosk's own QML and find the text that does not fit.

Like the SVG check uses Qt's renderer, this uses Qt's text layout: the real window at the
kiosk's design size, offscreen, every page in every language at the default text size.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent

from ..core.loader import Content
from ..core.pagefit import DESIGN_SIZE, HomeOverflow, Overflow, with_lines
from .app import KioskWindow, WindowOptions
from .items import settle, visible_item, walk_items

# The text of a page: everything in the text column above the glossary word buttons (which
# may sit below the fold: every word is also a link in the text).
_END_OF_TEXT = "termsHint"


def text_overflows(content: Content, size: tuple[int, int] = DESIGN_SIZE, only: Collection[str] | None = None,
                   home: bool = True) -> list[Overflow | HomeOverflow]:
    """Pages whose text needs more room than its column has, and home screens that must scroll
    although all their tiles would fit on one screen, at ``size`` and the default text size.
    ``only``: the topics to lay out (all when None); ``home``: whether to check the home screen."""
    kiosk = KioskWindow(content, WindowOptions(windowed=True, width=size[0], height=size[1], read_aloud=False))
    kiosk.show()
    bridge = kiosk.bridge
    overflows: list[Overflow | HomeOverflow] = []
    try:
        bridge.reset()
        bridge.display.setReducedMotion(True)
        for language in content.pack.languages:
            bridge.display.setLanguage(language)
            bridge.page.start()
            settle(kiosk.window)
            crowded = _home_overflow(kiosk, language) if home else None
            if crowded is not None:
                overflows.append(crowded)
            for topic in content.topics:
                if only is not None and topic.id not in only:
                    continue
                bridge.page.openTopic(topic.id)
                for page in range(topic.page_count):
                    bridge.page.goTo(page)
                    settle(kiosk.window)
                    needed, room = _text_height(kiosk)
                    if needed > room:
                        overflows.append(Overflow(topic.id, page, language, round(needed), round(room)))
    finally:
        bridge.reset()
        kiosk.dispose()
        # Delete the QML engine now, while the window object still holds the bridge: left to the
        # garbage collector, the window would take the bridge down first and every binding would warn.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
    return overflows


def layout_key(size: tuple[int, int] = DESIGN_SIZE) -> str:
    """Everything a page's layout depends on besides its content: the kiosk's QML, its button
    labels (the compiled translations), the Qt layer's modules (from a source checkout: which
    buttons a page shows is decided there, e.g. the speaker buttons), its fonts, Qt's version and
    the screen size."""
    import PySide6

    from .. import __version__
    from ..core.paths import font_files, qml_dir
    from .i18n import translations_dir

    digest = hashlib.sha256(f"{__version__} {PySide6.__version__} {size}".encode())
    layers = (qml_dir().rglob("*"), translations_dir().glob("*.qm"), Path(__file__).parent.glob("*.py"))
    for path in sorted(path for paths in layers for path in paths):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for font in font_files():
        digest.update(f"{font.name} {font.stat().st_size}".encode())
    return digest.hexdigest()


def cached_text_overflows(content: Content, keys: Mapping[str, str], root: Path,
                          size: tuple[int, int] = DESIGN_SIZE, home: bool = True) -> list[Overflow | HomeOverflow]:
    """:func:`text_overflows`, laying out only the topics whose results are not in the folder's
    text-fit cache (``keys``: each topic's cache key from the loader); the same list in the same order."""
    from ..core.contentcache import FitCache

    fits = FitCache(root)
    layout = layout_key(size)

    def key(*parts: str) -> str:
        return hashlib.sha256("\0".join((layout, *parts)).encode()).hexdigest()

    topic_keys = {t.id: key("topic", keys[t.id]) for t in content.topics if t.id in keys}
    home_key = key("home", *topic_keys.values()) if home and len(topic_keys) == len(content.topics) else None
    pages: dict[str, list[Overflow]] = {}
    for topic in content.topics:
        known = _rows(fits.get(topic_keys[topic.id])) if topic.id in topic_keys else None
        if known is not None and all(isinstance(row[0], int) for row in known):
            pages[topic.id] = [Overflow(topic.id, int(a), b, c, d, line) for a, b, c, d, line in known]
    crowded: list[HomeOverflow] | None = None
    if home_key is not None:
        rows = _rows(fits.get(home_key))
        if rows is not None and all(isinstance(row[0], str) for row in rows):
            crowded = [HomeOverflow(str(a), b, c, d, line) for a, b, c, d, line in rows]
    todo = [t.id for t in content.topics if t.id not in pages]
    home_todo = home and crowded is None
    found = with_lines(content, text_overflows(content, size, only=todo, home=home_todo)) if todo or home_todo else []
    for topic_id in todo:
        pages[topic_id] = [o for o in found if isinstance(o, Overflow) and o.topic_id == topic_id]
        if topic_id in topic_keys:
            fits.put(topic_keys[topic_id], [[o.page, o.language, o.needed, o.room, o.line] for o in pages[topic_id]])
    if home_todo:
        crowded = [o for o in found if isinstance(o, HomeOverflow)]
        if home_key is not None:
            fits.put(home_key, [[o.topic_id, o.language, o.needed, o.room, o.line] for o in crowded])
    fits.save()
    ordered: list[Overflow | HomeOverflow] = []  # as text_overflows lists them: by language, home first
    for language in content.pack.languages:
        ordered += [o for o in crowded or () if o.language == language]
        for topic in content.topics:
            mine = sorted((o for o in pages[topic.id] if o.language == language), key=lambda o: o.page)
            ordered += mine
    return ordered


def _rows(rows: list[list[Any]] | None) -> list[tuple[int | str, str, int, int, int | None]] | None:
    """Cached rows as (page or topic id, language, needed, room, line); None if any is not what was stored."""
    if rows is None:
        return None
    out = []
    for row in rows:
        if len(row) != 5:
            return None
        first, language, needed, room, line = row
        if not (isinstance(first, (int, str)) and isinstance(language, str) and isinstance(needed, int)
                and isinstance(room, int) and (line is None or isinstance(line, int))):
            return None
        out.append((first, language, needed, room, line))
    return out


def _text_height(kiosk: KioskWindow) -> tuple[float, float]:
    area = visible_item(kiosk.window, "textArea")
    if area is None:
        return 0.0, 0.0
    hint = visible_item(kiosk.window, _END_OF_TEXT)
    needed = hint.y() if hint is not None else float(area.property("contentHeight"))
    return needed, area.height()


def _home_overflow(kiosk: KioskWindow, language: str) -> HomeOverflow | None:
    """The home screen turns pages although its tiles would fit two rows: name the tile with
    the most words (its title and summary, as the home screen measured them)."""
    from ..core.homeview import LIST

    for _ in range(3):  # the home screen measures its tiles, the core answers, the screen lays them out
        settle(kiosk.window)
    session = kiosk.bridge.session
    room, shown = session.home_room, session.home_plan
    columns = room.most_columns
    count = len(session.content.topics)
    if shown.mode == LIST or not room.measured or count > 2 * columns:  # more than two rows: pages are expected
        return None
    prefix = f"tileText-{columns}-"
    topics = {prefix + topic.id for topic in session.content.topics}  # not the shelves' tiles
    texts = [item for item in walk_items(kiosk.window.contentItem()) if item.objectName() in topics]
    if not texts:
        return None
    tallest = max(texts, key=lambda item: item.implicitHeight())
    rows = -(-count // columns)
    return HomeOverflow(tallest.objectName().removeprefix(prefix), language,
                        round(room.tile_height(columns) * rows), round(room.list_height))
