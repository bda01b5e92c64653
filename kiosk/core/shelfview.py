"""The home screen's tiles and paging as the patient sees them, in the patient's language
(the rules behind them: :mod:`kiosk.core.homeview`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .homeview import LIST, SHELVES, TOPICS, longest
from .pageview import PictureView, picture_view

if TYPE_CHECKING:
    from .session import Session


@dataclass(frozen=True)
class HomeTile:
    """A tile on the home screen: a topic (title, summary) or a shelf (title, how many topics)."""

    id: str
    title: str
    summary: str = ""
    kind: str = ""  # a topic's kind; "shelf" for a shelf
    count: int = -1  # a shelf's number of topics (-1: a topic)
    tile: PictureView = field(default_factory=PictureView)


@dataclass(frozen=True)
class Measure:
    """The words of a tile the window lays out to learn how tall tile text can be."""

    title: str
    summary: str = ""
    count: int = -1
    id: str = ""  # the topic's or shelf's id (kiosk validate names the tile whose words are too long)


@dataclass(frozen=True)
class HomeView:
    """The home screen now, in the patient's language."""

    mode: str = LIST
    columns: int = 3
    rows: int = 2
    tiles: tuple[HomeTile, ...] = ()
    page_number: int = 1  # "Page 2 of 4": page_number 2, page_count 4
    page_count: int = 1
    shelf_title: str = ""  # the shelf whose topics are shown
    back_to_shelves: bool = False  # Back is shown and leads to the shelves
    pictures: bool = True  # the tiles show their pictures (False: only their words fit)


def home_view(session: Session) -> HomeView:
    shown = session.home_plan
    shelves = {shelf.id: shelf for shelf in session.shelves()}
    tiles: list[HomeTile] = []
    if shown.mode == SHELVES:
        for sid in shown.ids:
            shelf = shelves[sid]
            tiles.append(HomeTile(sid, session.text(shelf.title), kind="shelf", count=len(shelf.topic_ids),
                                  # In a library, a section's picture lies in its own pack's folder.
                                  tile=picture_view(session, shelf.picture,
                                                    topic_id=shelf.topic_ids[0] if shelf.topic_ids else None)))
    else:
        wanted = set(shown.ids)
        by_id = {t.id: t for t in session.content.topics if t.id in wanted}
        for tid in shown.ids:
            topic = by_id[tid]
            tiles.append(HomeTile(tid, session.text(topic.title, tid), session.text(topic.summary, tid), topic.kind,
                                  tile=picture_view(session, topic.tile, topic_id=tid)))
    shelf_title = session.text(shelves[shown.shelf_id].title) if shown.mode == TOPICS else ""
    return HomeView(shown.mode, shown.columns, shown.rows, tuple(tiles), shown.page + 1, shown.page_count,
                    shelf_title, shown.mode == TOPICS and shown.shelves_above, shown.pictures)


def measure_sample(session: Session) -> tuple[Measure, ...]:
    """The tiles with the longest words, topics and shelves, in the patient's language."""
    topics = [(session.text(t.title, t.id), session.text(t.summary, t.id)) for t in session.content.topics]
    ids = [t.id for t in session.content.topics]
    shelves = [s for s in session.shelves() if s.topic_ids]
    sample = [Measure(*topics[i], id=ids[i]) for i in longest(topics)]
    titles = [(session.text(s.title), str(len(s.topic_ids))) for s in shelves]
    sample += [Measure(titles[i][0], count=len(shelves[i].topic_ids), id=shelves[i].id) for i in longest(titles)]
    return tuple(sample)
