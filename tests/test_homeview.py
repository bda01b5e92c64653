"""The home screen's arithmetic, without a window: every count of topics from 1 to 500 is shown
whole, each topic exactly once, on full-height tiles, at every text size and screen shape; and
the patient's place among shelves and pages (Back, Home, the idle reset) lives in the session."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kiosk.core import homeview
from kiosk.core.homeview import LIST, SHELVES, TOPICS, Room, list_capacity, paged_grid, plan
from kiosk.core.loader import Content, load_content
from kiosk.core.prefs import TEXT_SCALES
from kiosk.core.session import Screen, Session
from libraries import make_library, section_id

# Rooms as the real window measured them (tests/test_ui_home.py checks the window's side): 1920x1080
# and 1080x1920, normal and largest text, the language with the tallest tile text (Arabic), and
# English; a tiny window where not even one tile fits at full height.
ROOMS = {
    "landscape en 1.0": Room(False, 1.0, 715, 667, 144, (103, 163, 206)),
    "landscape ar 1.0": Room(False, 1.0, 619, 606, 144, (174, 174, 348)),
    "landscape en 1.3": Room(False, 1.3, 678, 580, 144, (120, 264, 350)),
    "landscape ar 1.6": Room(False, 1.6, 492, 440, 144, (278, 556, 719)),
    "portrait en 1.0": Room(True, 1.0, 1480, 1432, 144, (103, 266, 369)),
    "portrait ar 1.6": Room(True, 1.6, 1332, 1340, 144, (556, 1160, 1415)),
    "landscape en 1.0, three a page": Room(False, 1.0, 715, 603, 144, (103, 163, 206)),
    "tiny": Room(False, 1.6, 200, 150, 144, (400, 800, 1200)),
}
SHELF_SHAPES = {
    "one shelf": lambda n: [n],
    "sections of 24, 18, 12, 6...": lambda n: _deal(n, [24, 18, 12, 6]),
    "ten topics a section": lambda n: _deal(n, [10] * 50),
}


def _deal(count: int, sizes: list[int]) -> list[int]:
    out = []
    left = count
    for size in sizes * (count // max(1, sum(sizes)) + 1):
        if left <= 0:
            break
        out.append(min(size, left))
        left -= out[-1]
    return out


def _shelves(count: int, sizes: list[int]) -> tuple[list[str], list[tuple[str, tuple[str, ...]]]]:
    ids = [f"t{i}" for i in range(count)]
    shelves, start = [], 0
    for i, size in enumerate(sizes):
        shelves.append((f"s{i}", tuple(ids[start:start + size])))
        start += size
    shelves.append(("empty", ()))  # an empty shelf is never shown
    return ids, shelves


def _walk(ids: list[str], shelves: list[tuple[str, tuple[str, ...]]], room: Room) -> list[str]:
    """Every tile a patient can reach by paging through every shelf, checking each page on the way."""
    first = plan(ids, shelves, room)
    seen: list[str] = []
    grid = paged_grid(room)

    def pages(shelf: str | None) -> list[homeview.HomePlan]:
        count = plan(ids, shelves, room, shelf).page_count
        out = [plan(ids, shelves, room, shelf, number, number) for number in range(count)]
        assert [p.page for p in out] == list(range(count))
        assert plan(ids, shelves, room, shelf, count, count).page == count - 1, "no page past the last"
        return out

    if first.mode == LIST:
        assert first.rows * first.columns >= len(ids) and first.rows <= max(1, list_capacity(room).rows)
        return list(first.ids)
    shelf_pages = pages(None)
    full = [sid for sid, t in shelves if t]
    if first.mode == SHELVES:
        shown_shelves = [sid for p in shelf_pages for sid in p.ids]
        assert shown_shelves == full, "every non-empty shelf once, in order"
    else:
        assert len(full) == 1 and first.shelf_id == full[0] and not first.shelves_above
    for sid in full:
        for shown in pages(sid):
            assert shown.mode == TOPICS and shown.shelf_id == sid
            assert 0 < len(shown.ids) <= grid.per_page, "no empty page, none too full"
            assert shown.page_count == -(-len(dict(shelves)[sid]) // grid.per_page)
            seen += shown.ids
    for shown in shelf_pages:
        assert shown.page_count == len(shelf_pages) and 0 < len(shown.ids) <= grid.per_page
    return seen


@pytest.mark.parametrize("shape", list(SHELF_SHAPES))
@pytest.mark.parametrize("room_name", list(ROOMS))
def test_every_count_from_1_to_500_shows_each_topic_once(room_name: str, shape: str) -> None:
    room = ROOMS[room_name]
    for count in range(1, 501):
        ids, shelves = _shelves(count, SHELF_SHAPES[shape](count))
        assert _walk(ids, shelves, room) == ids, f"{count} topics"


@pytest.mark.parametrize("room_name", list(ROOMS))
def test_tiles_are_never_shorter_than_their_text(room_name: str) -> None:
    room = ROOMS[room_name]
    one_screen, paged = list_capacity(room), paged_grid(room)
    assert 1 <= one_screen.columns <= room.most_columns and 1 <= paged.columns <= room.most_columns
    if one_screen.rows:
        assert room.list_height / one_screen.rows >= room.tile_height(one_screen.columns)
    if room_name == "tiny":  # not even one tile fits: one tile fills the page
        assert (paged.columns, paged.rows) == (1, 1)
    else:
        assert room.paged_height / paged.rows >= room.tile_height(paged.columns)
        # No other column count would hold more full-height tiles.
        assert all(c * room.rows(room.paged_height, c) <= paged.per_page for c in range(1, room.most_columns + 1))


def test_columns_follow_orientation_and_text_size() -> None:
    assert [homeview.max_columns(False, s) for s in TEXT_SCALES] == [3, 2, 2]
    assert [homeview.max_columns(True, s) for s in TEXT_SCALES] == [2, 1, 1]


def test_one_screenful_stays_one_screen_and_one_more_pages() -> None:
    room = ROOMS["landscape en 1.0, three a page"]
    ids, shelves = _shelves(6, [6])
    assert plan(ids, shelves, room).mode == LIST  # the bundled six topics, as always
    ids, shelves = _shelves(7, [7])
    shown = plan(ids, shelves, room)
    assert (shown.mode, shown.page_count, shown.ids) == (TOPICS, 3, ("t0", "t1", "t2"))


def test_the_window_s_first_frame_before_it_measured() -> None:
    assert list_capacity(Room()).per_page == 6 and paged_grid(Room()).per_page == 3


def test_longest_tiles_are_the_sample() -> None:
    texts = [("a", "b"), ("a much longer title", "x"), ("t", "a much longer summary here"), ("mid title", "mid summary")]
    assert homeview.longest(texts, keep=1) == [1, 2]


# ---- the session: the patient's place ---------------------------------------------------------
@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Content:
    folder = make_library(tmp_path_factory.mktemp("lib") / "content", 60, [24, 18, 12, 6])
    result = load_content(folder)
    assert result.ok and result.content is not None, result.errors[:3]
    return result.content


def _session(content: Content) -> Session:
    session = Session(content)
    session.set_home_room(ROOMS["landscape en 1.0, three a page"])
    session.start()
    return session


def test_shelves_pages_back_and_home(library: Content) -> None:
    s = _session(library)
    assert s.home_plan.mode == SHELVES and s.home_plan.ids == (section_id(0), section_id(1), section_id(2))
    s.turn_home_page(1)
    assert s.home_plan.ids == (section_id(3),) and s.home_plan.page_count == 2
    s.turn_home_page(1)  # nothing past the last page
    assert s.home_plan.page == 1
    s.open_shelf(section_id(3))
    assert s.home_plan.mode == TOPICS and s.home_plan.page_count == 2 and s.home_plan.shelves_above
    s.back()  # from a shelf's topics to the page of shelves that shows it
    assert s.screen is Screen.HOME and s.home_plan.mode == SHELVES and s.home_plan.page == 1
    s.turn_home_page(-1)
    s.open_shelf(section_id(0))
    for _ in range(3):
        s.turn_home_page(1)
    assert s.home_plan.page == 3 and s.home_plan.page_count == 8
    opened = s.home_plan.ids[1]
    s.open_topic(opened)
    s.next()
    s.back()
    s.back()  # first page of the topic: back to the page of tiles it was opened from
    assert s.screen is Screen.HOME and s.home_plan.shelf_id == section_id(0) and s.home_plan.page == 3
    s.open_topic(opened)
    s.home()  # Home: the top
    assert s.home_plan.mode == SHELVES and s.home_plan.page == 0
    s.open_shelf(section_id(1))
    s.turn_home_page(1)
    s.reset()  # the idle reset forgets it all
    s.start()
    assert s.home_plan.mode == SHELVES and s.home_plan.page == 0 and s.shelf_id is None


def test_back_returns_to_the_page_showing_the_topic_after_the_text_grew(library: Content) -> None:
    s = _session(library)
    s.open_shelf(section_id(0))
    s.turn_home_page(1)
    s.turn_home_page(1)  # tiles 7-9 of 24
    s.open_topic(s.home_plan.ids[2])
    s.set_home_room(ROOMS["portrait en 1.0"])  # six a page now
    s.back()
    assert s.home_plan.page == 1 and "t009-laminotomy-foraminotomy" in s.home_plan.ids


def test_taps_that_do_not_apply_change_nothing(library: Content) -> None:
    s = _session(library)
    s.open_shelf("no-such-shelf")
    assert s.shelf_id is None
    s.turn_home_page(-1)
    assert s.home_plan.page == 0
    s.open_topic(library.topics[0].id)
    s.open_shelf(section_id(0))  # not on the home screen
    s.turn_home_page(1)
    assert s.shelf_id is None and s.screen is Screen.WALK


def test_a_single_shelf_opens_on_its_topics_and_back_leaves(tmp_path: Path) -> None:
    result = load_content(make_library(tmp_path / "content", 12))
    assert result.content is not None
    s = _session(result.content)
    assert s.home_plan.mode == TOPICS and not s.home_plan.shelves_above and s.home_plan.page_count == 4
    s.turn_home_page(1)
    s.back()
    assert s.screen is Screen.ATTRACT
    s.start()
    assert s.home_plan.page == 0


def test_words_that_fit_only_without_pictures_leave_the_pictures_out() -> None:
    """Arabic at the largest text on a 1920x1080 screen, as the window measured it: one tile with its
    picture needs 422 px of the 368 there are; without the picture (80 px) it fits."""
    room = Room(False, 1.6, 441, 368, 144, (278, 719, 997), picture=80)
    grid = paged_grid(room)
    assert (grid.columns, grid.rows, grid.pictures) == (1, 1, False)
    assert room.paged_height >= room.tile_height(1, pictures=False)
    ids, shelves = _shelves(3, [3])
    assert not plan(ids, shelves, room).pictures
    roomier = dataclasses.replace(room, paged_height=430)
    assert paged_grid(roomier).pictures and plan(ids, shelves, roomier).pictures
