"""The home screen's rules, free of Qt: all topics on one screen, or shelves and pages of tiles.

With up to one screenful of topics the home screen shows them all, as it always has. With
more, it shows the shelves (a pack's sections, or each pack) as big tiles, and a shelf's
topics as pages of big tiles with "Page 2 of 4" and previous/next buttons: nothing scrolls.

How many tiles fit depends on the screen's shape, the patient's text size and the words on
the tiles. The window reports what it measured (a :class:`Room`: the height it has for rows
of tiles, and how tall the tallest tile text is at 1, 2 or 3 columns, all in pixels); the
arithmetic here turns that into columns, rows and pages, and tiles never get shorter than
their text needs: more pages instead.
"""

from __future__ import annotations

import math
from functools import lru_cache
from collections.abc import Sequence
from dataclasses import dataclass

LIST = "list"  # every topic on one screen (as before shelves existed)
SHELVES = "shelves"  # the shelves, as pages of big tiles
TOPICS = "topics"  # one shelf's topics, as pages of big tiles

MOST_COLUMNS = 3  # landscape at normal text; the window measures tile text at 1..MOST_COLUMNS columns
SAMPLE = 4  # the tiles with the longest words the window lays out to find the tallest text


def max_columns(portrait: bool, text_scale: float) -> int:
    """The most tiles side by side: three in landscape, two in portrait, one fewer with large text."""
    return (2 if portrait else MOST_COLUMNS) - (1 if text_scale > 1.2 else 0)


@dataclass(frozen=True)
class Room:
    """What the window measured, in its own pixels.

    ``list_height``: the height for rows of tiles under the usual heading with no page buttons;
    ``paged_height``: the height above the page buttons; ``tile_extra``: what a tile needs
    besides its words (the smallest picture, padding, the gap between tiles), of which
    ``picture`` is the picture;
    ``text_heights[c - 1]``: the most that a tile's title and second line (a summary, or a
    shelf's count) need together, over the tiles with the longest words, laid out at the width
    of ``c`` columns.
    """

    portrait: bool = False
    text_scale: float = 1.0
    list_height: float = 0.0
    paged_height: float = 0.0
    tile_extra: float = 0.0
    text_heights: tuple[float, ...] = ()
    picture: float = 0.0

    @property
    def measured(self) -> bool:
        return self.list_height > 0 and self.paged_height > 0 and len(self.text_heights) >= self.most_columns

    @property
    def most_columns(self) -> int:
        return max_columns(self.portrait, self.text_scale)

    def tile_height(self, columns: int, pictures: bool = True) -> float:
        """The least height a tile may have at ``columns`` columns (with or without its picture)."""
        return self.text_heights[columns - 1] + self.tile_extra - (0 if pictures else self.picture)

    def rows(self, height: float, columns: int, pictures: bool = True) -> int:
        """Whole rows of full-height tiles in ``height`` (0: not even one)."""
        need = self.tile_height(columns, pictures)
        return math.floor((height + 0.5) / need) if need > 0 else 0


@dataclass(frozen=True)
class Grid:
    columns: int
    rows: int
    pictures: bool = True  # False: the tiles' words fit only without their pictures

    @property
    def per_page(self) -> int:
        return self.columns * self.rows


@lru_cache(maxsize=32)  # the same room is asked after every tap
def list_capacity(room: Room) -> Grid:
    """The grid of the one-screen home screen: as many columns as the screen takes, and the
    rows of full-height tiles that fit without page buttons (before the window has measured
    anything: two rows, the six topics of a single pack)."""
    columns = room.most_columns
    if not room.measured:
        return Grid(columns, 2)
    return Grid(columns, room.rows(room.list_height, columns))


@lru_cache(maxsize=32)
def paged_grid(room: Room) -> Grid:
    """The grid of a page of tiles: the most tiles that fit at full height, over 1 to the most
    columns (a tie goes to more columns: wide rows suit a wide screen). When not even one tile
    with its picture fits (the largest text in a language with tall lines, on a wide screen),
    the tiles leave their pictures out; when not even that fits, one tile fills the page."""
    if not room.measured:
        return Grid(room.most_columns, 1)
    for pictures in (True, False):
        best = Grid(1, 0, pictures)
        for columns in range(1, room.most_columns + 1):
            grid = Grid(columns, room.rows(room.paged_height, columns, pictures), pictures)
            if grid.per_page >= best.per_page and grid.rows > 0:
                best = grid
        if best.rows > 0:
            return best
    return Grid(1, 1)


def page_count(count: int, per_page: int) -> int:
    """Pages for ``count`` tiles (at least one, also for none)."""
    return max(1, -(-count // max(1, per_page)))


def clamp_page(page: int, count: int, per_page: int) -> int:
    return min(max(0, page), page_count(count, per_page) - 1)


def page_items(ids: Sequence[str], per_page: int, page: int) -> tuple[str, ...]:
    """The ids on page ``page`` (clamped to the pages there are)."""
    page = clamp_page(page, len(ids), per_page)
    return tuple(ids[page * per_page:(page + 1) * per_page])


def page_of(ids: Sequence[str], per_page: int, item: str) -> int | None:
    """The page that shows ``item``, or None when it is not among ``ids``."""
    try:
        return list(ids).index(item) // max(1, per_page)
    except ValueError:
        return None


@dataclass(frozen=True)
class HomePlan:
    """What the home screen shows now: which kind of tiles, in what grid, which page."""

    mode: str = LIST
    columns: int = 3
    rows: int = 2
    ids: tuple[str, ...] = ()  # the topic or shelf ids on this page, in order
    page: int = 0  # 0-based, within the pages there are
    page_count: int = 1
    shelf_id: str = ""  # the shelf whose topics are shown (mode TOPICS)
    shelves_above: bool = False  # Back leads from this shelf's topics to the shelves
    pictures: bool = True  # the tiles show their pictures

    @property
    def paged(self) -> bool:
        return self.mode != LIST


def plan(topic_ids: Sequence[str], shelves: Sequence[tuple[str, Sequence[str]]], room: Room,
         shelf_id: str | None = None, shelf_page: int = 0, topic_page: int = 0) -> HomePlan:
    """The home screen for these topics and shelves (id, topic ids), in ``room``, with the
    patient on ``shelf_id`` (None: on the shelves) at the given pages.

    Up to one screenful of topics: all of them, one screen. More: the non-empty shelves, and a
    shelf's topics once one is chosen; a library with a single non-empty shelf opens straight
    on its topics (a shelf page with one tile would be a useless tap).
    """
    one_screen = list_capacity(room)
    if len(topic_ids) <= one_screen.per_page:
        rows = max(1, -(-len(topic_ids) // one_screen.columns))
        return HomePlan(LIST, one_screen.columns, rows, tuple(topic_ids))
    grid = paged_grid(room)
    full = [(sid, ids) for sid, ids in shelves if ids]
    chosen = next((ids for sid, ids in full if sid == shelf_id), None)
    if len(full) == 1:
        shelf_id, chosen = full[0]
    if chosen is None or shelf_id is None:
        ids = [sid for sid, _ in full]
        page = clamp_page(shelf_page, len(ids), grid.per_page)
        return HomePlan(SHELVES, grid.columns, grid.rows, page_items(ids, grid.per_page, page), page,
                        page_count(len(ids), grid.per_page), pictures=grid.pictures)
    page = clamp_page(topic_page, len(chosen), grid.per_page)
    return HomePlan(TOPICS, grid.columns, grid.rows, page_items(chosen, grid.per_page, page), page,
                    page_count(len(chosen), grid.per_page), shelf_id, shelves_above=len(full) > 1,
                    pictures=grid.pictures)


def longest(texts: Sequence[tuple[str, str]], keep: int = SAMPLE) -> list[int]:
    """Indexes of the tiles (title, second line) whose title or second line is among the
    ``keep`` longest, or whose two together are: the tiles whose words the window lays out to
    find how tall a tile's text can be."""
    chosen: set[int] = set()
    for part in (0, 1, 2):  # the title, the second line, both
        lengths = [len(t[0]) + len(t[1]) if part == 2 else len(t[part]) for t in texts]
        chosen.update(sorted(range(len(texts)), key=lengths.__getitem__, reverse=True)[:keep])
    return sorted(chosen)

