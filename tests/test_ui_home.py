"""The home screen in the real window: every layout it can take, and real taps through a library.

Tiles used to shrink as rows were added until their subtitles spilled over their borders (30
topics). Now the core decides how many tiles a page holds (tests/test_homeview.py proves the
arithmetic for every count from 1 to 500); here the window shows the counts where the layout
changes (1, one screenful, one more, a full last page, 500 in shelves) in all five languages, at
every text size, landscape and portrait, and every screen is checked as a patient sees it: each
tile's words inside it, no text cut off or off screen, every target big enough and apart. One
window does all of it (it is resized, and the content swapped, in place).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QRectF, QThread
from PySide6.QtGui import QAccessible
from PySide6.QtQuick import QQuickItem

from conftest import open_kiosk
from kiosk.core.bigglyphs import theme_scale
from kiosk.core.homeview import LIST, SHELVES, TOPICS, Room, list_capacity
from kiosk.core.loader import Content, load_content
from kiosk.core.model import Section
from kiosk.core.paths import bundled_content_dir
from kiosk.core.prefs import TEXT_SCALES
from kiosk.qt.app import KioskWindow
from kiosk.qt.items import settle, walk_items, walk_visible
from libraries import SECTION_TITLES, make_library, section_id
from test_ui_layout import scene_rect, tappables, visible_part
from uihelpers import UI

LANGUAGES = ("en", "es", "zh", "vi", "ar")
# Buttons whose words stay on one line (or that show only their icon when the line is too narrow).
BUTTONS = ("previousPageButton", "nextPageButton", "homeButton", "backButton")
SHAPES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


@pytest.fixture(scope="module")
def bundled() -> Content:
    content = load_content(bundled_content_dir()).content
    assert content is not None
    return content


def library_of(base: Content, count: int, section_size: int = 0) -> Content:
    """``count`` copies of the bundled topics (no YAML read: the models copied in memory), in
    sections of ``section_size`` (0: none, the whole library is one shelf)."""
    topics = []
    for n in range(count):
        source = base.topics[n % len(base.topics)]
        section = section_id(n // section_size) if section_size else None
        topics.append(source.model_copy(update={"id": f"c{n:03d}-{source.id}", "order": n, "section": section, "related": []}))
    pack = base.pack.model_copy(update={"sections": []})  # the bundled pack's own sections name other topics
    if section_size:
        sections = [Section.model_validate({"id": section_id(i), "title": SECTION_TITLES[i % len(SECTION_TITLES)],
                                            "picture": base.topics[i % len(base.topics)].tile.model_dump(exclude_none=True)})
                    for i in range(-(-count // section_size))]
        pack = pack.model_copy(update={"sections": sections})
    return dataclasses.replace(base, pack=pack, topics=topics, files={})


@pytest.fixture(scope="module")
def home_kiosk(kiosk_app: object) -> Iterator[KioskWindow]:
    yield from open_kiosk(1920, 1080, read_aloud=False)  # type: ignore[misc]  # (no speech engine: none is needed, and a real one can hang)


def shown(kiosk: KioskWindow) -> None:
    """Settle until the window has measured the home screen and the core's answer is on screen
    (the window reports what it measured after the frame; the core may then change the grid)."""
    session = kiosk.bridge.session
    last: tuple[Room, object] | None = None
    for _ in range(20):
        settle(kiosk.window)
        now = (session.home_room, session.home_plan)
        if now == last and session.home_room.measured:
            break
        last = now
        QThread.msleep(5)
    settle(kiosk.window)


def tiles(kiosk: KioskWindow) -> list[QQuickItem]:
    return [t for t in walk_visible(kiosk.window.contentItem())
            if t.objectName().startswith(("tile-", "shelf-"))]


def check(kiosk: KioskWindow, where: str) -> list[str]:
    """What a patient would see wrong on this home screen."""
    ui = UI(kiosk, None)
    window = QRectF(0, 0, kiosk.window.width(), kiosk.window.height())
    plan = kiosk.bridge.session.home_plan
    problems = []
    found = tiles(kiosk)
    if sorted(t.objectName().split("-", 1)[1] for t in found) != sorted(plan.ids):
        problems.append(f"{where}: {len(found)} tiles shown for the {len(plan.ids)} the core put on this page")
    bar = next(i for i in walk_visible(kiosk.window.contentItem()) if i.objectName() == "homeBottomBar")
    floor = scene_rect(bar).top()
    pager = [i for i in walk_visible(kiosk.window.contentItem()) if i.objectName() == "homePager"]
    if pager:
        floor = scene_rect(pager[0]).top()
    elif plan.page_count > 1:
        problems.append(f"{where}: {plan.page_count} pages but no page buttons")
    for tile in found:
        rect = scene_rect(tile)
        if rect.width() <= 0 or rect.height() <= 0:
            problems.append(f"{where}: {tile.objectName()} has no size")
        if rect.bottom() > floor + 0.5 or not window.contains(rect):
            problems.append(f"{where}: {tile.objectName()} reaches past the grid to {rect.bottom():.0f} (floor {floor:.0f})")
        for text in walk_items(tile):
            if text is tile or text.metaObject().indexOfProperty("text") < 0 or not text.property("text"):
                continue
            box = text.mapRectToItem(tile, QRectF(0, 0, text.width(), text.property("implicitHeight")))
            if box.bottom() > tile.height() + 0.5 or box.top() < -0.5:
                problems.append(f"{where}: {tile.objectName()}: {text.property('text')[:30]!r} ends at "
                                f"{box.bottom():.0f} of {tile.height():.0f}")
    for item in walk_visible(kiosk.window.contentItem()):
        if not item.inherits("QQuickText") or not item.property("text"):
            continue
        rect = scene_rect(item)
        if item.property("truncated") or not window.contains(rect.adjusted(0.5, 0.5, -0.5, -0.5)):
            problems.append(f"{where}: text {item.property('text')[:30]!r} cut off or off screen at {rect}")
        if item.property("contentWidth") > item.width() * 1.02 + 4:
            problems.append(f"{where}: text {item.property('text')[:30]!r} is wider than its box")
    for button in walk_visible(kiosk.window.contentItem()):
        if button.objectName() in BUTTONS:
            for label in walk_items(button):
                if label.inherits("QQuickText") and label.property("text") and label.property("lineCount") > 1:
                    problems.append(f"{where}: {button.objectName()}'s words wrap in a button made for one line")
    scale = theme_scale(window.width(), window.height())
    rects = []
    for area in tappables(ui):
        rect = visible_part(area)
        name = area.parentItem().objectName() or area.parentItem().metaObject().className()
        iface = QAccessible.queryAccessibleInterface(area.parentItem())
        if iface is None or not iface.text(QAccessible.Text.Name).strip():
            problems.append(f"{where}: {name} has no accessible name")
        if rect.width() < 80 * scale - 0.5 or rect.height() < 80 * scale - 0.5:
            problems.append(f"{where}: {name} is {rect.width():.0f}x{rect.height():.0f}")
        rects.append((name, rect))
    for i, (name_a, a) in enumerate(rects):
        for name_b, b in rects[i + 1:]:
            if max(b.left() - a.right(), a.left() - b.right(), b.top() - a.bottom(), a.top() - b.bottom()) < 16 * scale - 0.5:
                problems.append(f"{where}: {name_a} and {name_b} are closer than 16 px")
    return problems


def pages_to_check(kiosk: KioskWindow, where: str) -> list[str]:
    """This screen, and its last page; for shelves, also the first shelf's first and last page."""
    bridge = kiosk.bridge
    session = bridge.session
    problems = check(kiosk, f"{where}, {session.home_plan.mode} page 1")
    if session.home_plan.page_count > 1:
        for _ in range(session.home_plan.page_count - 1):
            session.turn_home_page(1)  # straight to the last page (the taps are tested below)
        bridge.refresh()
        shown(kiosk)
        problems += check(kiosk, f"{where}, {session.home_plan.mode} page {session.home_plan.page_count}")
    if session.home_plan.mode == SHELVES:
        bridge.home.openShelf(session.home_plan.ids[-1])
        shown(kiosk)
        problems += pages_to_check(kiosk, f"{where}, last shelf")
    return problems


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_layout_keeps_its_text_inside_in_every_language_and_size(home_kiosk: KioskWindow, bundled: Content,
                                                                       shape: str) -> None:
    kiosk = home_kiosk
    bridge = kiosk.bridge
    kiosk.window.resize(*SHAPES[shape])
    problems: list[str] = []
    modes = set()
    big = library_of(bundled, 500, section_size=10)
    try:
        for language in LANGUAGES:
            for step in range(len(TEXT_SCALES)):
                def show(content: Content) -> None:
                    bridge.set_content(content)
                    bridge.display.setReducedMotion(True)
                    bridge.display.setLanguage(language)  # noqa: B023 - called at once
                    bridge.display.setTextStep(step)  # noqa: B023
                    bridge.page.start()
                    shown(kiosk)

                where = f"{shape} {language} text {step}"
                show(library_of(bundled, 1))
                room = bridge.session.home_room
                screenful = list_capacity(room).per_page
                counts = [1, screenful, screenful + 1] if screenful > 1 else [1, 2]
                for count in counts:
                    if count > 1:
                        show(library_of(bundled, count))
                    modes.add(bridge.session.home_plan.mode)
                    problems += pages_to_check(kiosk, f"{where}, {count} topics")
                for _ in range(3):  # a full last page (how many a page holds depends on the longest words shown)
                    paged = bridge.session.home_plan
                    per_page = paged.columns * paged.rows
                    show(library_of(bundled, 3 * per_page))
                    if bridge.session.home_plan.page_count == 3:
                        break
                assert bridge.session.home_plan.page_count == 3, f"{where}: {bridge.session.home_plan}"
                problems += pages_to_check(kiosk, f"{where}, {3 * per_page} topics")
                show(big)
                modes.add(bridge.session.home_plan.mode)
                problems += pages_to_check(kiosk, f"{where}, 500 topics")
    finally:
        kiosk.window.resize(1920, 1080)
        bridge.set_content(bundled)
        bridge.reset()
        QCoreApplication.processEvents()
    assert modes == {LIST, SHELVES, TOPICS}
    assert not problems, "\n".join(sorted(set(problems))[:20])


def test_the_bundled_topics_stay_on_one_screen(home_kiosk: KioskWindow, bundled: Content) -> None:
    """Six topics at 1920x1080 and normal text: the home screen as it always was."""
    bridge = home_kiosk.bridge
    bridge.reset()
    bridge.page.start()
    shown(home_kiosk)
    plan = bridge.session.home_plan
    assert (plan.mode, plan.columns, plan.rows, len(plan.ids)) == (LIST, 3, 2, 6)
    assert not [i for i in walk_visible(home_kiosk.window.contentItem()) if i.objectName() == "homePager"]


# ---- real taps through a library of 60 topics ---------------------------------------------------
@pytest.fixture(scope="module")
def library60(tmp_path_factory: pytest.TempPathFactory) -> Content:
    folder = make_library(tmp_path_factory.mktemp("library") / "content", 60, [24, 18, 12, 6])
    result = load_content(folder)
    assert result.ok and result.content is not None, result.errors[:3]
    return result.content


def test_taps_through_a_library_of_60_topics(home_kiosk: KioskWindow, library60: Content, bundled: Content,
                                             qtbot: object, tmp_path: Path) -> None:
    kiosk = home_kiosk
    bridge = kiosk.bridge
    ui = UI(kiosk, qtbot)
    home = bridge.home
    bridge.set_content(library60)
    try:
        ui.tap("attractScreen")
        shown(kiosk)
        assert home.property("mode") == SHELVES and ui.exists("shelf-" + section_id(0))
        assert home.property("pageCount") == 1 and not ui.exists("homePager")  # four shelves: one page, no buttons
        ui.tap("shelf-" + section_id(0))  # 24 topics
        shown(kiosk)
        assert home.property("mode") == TOPICS and ui.text("homeHeading") == "Your operation"
        pages = home.property("pageCount")
        assert pages > 1 and ui.text("pageLabel") == f"Page 1 of {pages}"
        first_page = {t.objectName() for t in tiles(kiosk)}
        ui.tap("nextPageButton")
        ui.tap("nextPageButton")
        ui.tap("previousPageButton")
        shown(kiosk)
        assert ui.text("pageLabel") == f"Page 2 of {pages}"
        second_page = [t.objectName() for t in tiles(kiosk)]
        assert second_page and not first_page & set(second_page)
        ui.tap(second_page[-1])  # open a topic
        assert ui.screen == "walk"
        ui.tap("backButton")  # its first page: Back returns to the page of tiles it came from
        shown(kiosk)
        assert ui.screen == "home" and ui.text("pageLabel") == f"Page 2 of {pages}"
        assert [t.objectName() for t in tiles(kiosk)] == second_page
        ui.tap("backButton")  # from a shelf's topics to the shelves
        shown(kiosk)
        assert home.property("mode") == SHELVES
        ui.tap("shelf-" + section_id(1))
        ui.tap("nextPageButton")
        ui.tap(tiles(kiosk)[0].objectName())
        ui.tap("homeButton")  # Home: the top, the first page of shelves
        shown(kiosk)
        assert ui.screen == "home" and home.property("mode") == SHELVES and home.property("pageNumber") == 1
        ui.tap("shelf-" + section_id(0))
        ui.tap("nextPageButton")
        bridge.reset()  # what the idle time-out does (kiosk.qt.runtime): the patient is forgotten
        ui.tap("attractScreen")
        shown(kiosk)
        assert home.property("mode") == SHELVES and home.property("pageNumber") == 1
        bridge.display.setLanguage("ar")  # page buttons in Arabic: mirrored, next on the left
        ui.tap("shelf-" + section_id(0))
        shown(kiosk)
        assert ui.text("pageLabel") == f"الصفحة 1 من {home.property('pageCount')}"
        assert scene_rect(ui.item("nextPageButton")).right() < scene_rect(ui.item("pageLabel")).left()
    finally:
        bridge.set_content(bundled)
        bridge.reset()


def test_screenshots_show_the_library_s_pages(home_kiosk: KioskWindow, bundled: Content, tmp_path: Path) -> None:
    from kiosk.qt.screenshots import render_home

    bridge = home_kiosk.bridge
    bridge.set_content(library_of(bundled, 40, section_size=8))  # five shelves of eight
    try:
        files = render_home(home_kiosk, tmp_path)
        names = [f.name for f in files]
        assert names[0] == "01-home.png" and "01-home-shelves-p1.png" in names
        first = [n for n in names if n.startswith(f"01-home-{section_id(0)}-p")]
        assert len(first) == bridge.home.property("pageCount") or len(first) > 1, "every page of the first shelf"
        assert f"01-home-{section_id(4)}-p1.png" in names and f"01-home-{section_id(4)}-p2.png" not in names
        assert all(f.stat().st_size > 0 for f in files)
    finally:
        bridge.set_content(bundled)
        bridge.reset()


@pytest.mark.parametrize("shape", SHAPES)
def test_a_change_of_language_or_text_size_draws_the_new_tiles_in_its_first_frame(home_kiosk: KioskWindow, bundled: Content,
                                                                                  shape: str, qtbot: object) -> None:
    """The home screen measures its tiles' words and the core decides the rows and columns from
    them. The measures went to the core on a Qt.callLater, and a frame could be drawn first: in
    portrait, one step up in text size drew the tiles in the old rows for a frame, then they
    jumped (a known issue in the README). Now every frame after a change shows one layout."""
    kiosk = home_kiosk
    bridge = kiosk.bridge
    kiosk.window.resize(*SHAPES[shape])
    bridge.set_content(bundled)
    bridge.display.setReducedMotion(True)
    bridge.display.setLanguage(LANGUAGES[-1])  # (so that each change below changes something)
    bridge.display.setTextStep(0)
    bridge.page.start()
    shown(kiosk)
    frames: list[list[tuple[float, float, float, float]]] = []

    def drawn() -> None:
        frames.append(sorted((r.x(), r.y(), r.width(), r.height()) for r in map(scene_rect, tiles(kiosk))))

    kiosk.window.frameSwapped.connect(drawn)
    problems = []
    try:
        for language in LANGUAGES:
            for change, value in [("language", language), ("text", 1), ("text", 2), ("text", 0)]:
                frames.clear()
                if change == "language":
                    bridge.display.setLanguage(value)
                else:
                    bridge.display.setTextStep(value)
                qtbot.waitUntil(lambda: len(frames) > 0, timeout=5000)  # type: ignore[attr-defined]
                qtbot.wait(250)  # type: ignore[attr-defined]  # (a second layout came a frame or two later)
                layouts = [layout for i, layout in enumerate(frames) if i == 0 or layout != frames[i - 1]]
                if len(layouts) > 1:
                    problems.append(f"{shape} {language}, {change} {value}: {len(layouts)} layouts drawn one after another")
    finally:
        kiosk.window.frameSwapped.disconnect(drawn)
        bridge.display.setTextStep(0)
        bridge.display.setLanguage("en")
    assert not problems, "\n".join(problems)
