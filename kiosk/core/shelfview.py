"""The home screen's tiles and paging as the patient sees them, in the patient's language
(the rules behind them: :mod:`kiosk.core.homeview`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .homeview import LIST, SHELVES, TOPICS, longest
from .pageview import PictureView, in_second, picture_view

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
    title2: str = ""  # the title in the second language (for a family member), or ""


@dataclass(frozen=True)
class Measure:
    """The words of a tile the window lays out to learn how tall tile text can be."""

    title: str
    summary: str = ""
    count: int = -1
    id: str = ""  # the topic's or shelf's id (kiosk validate names the tile whose words are too long)
    title2: str = ""  # the title in the second language, or ""


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
    shelf_title2: str = ""  # the shelf's title in the second language, or ""


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
                                                    topic_id=shelf.topic_ids[0] if shelf.topic_ids else None),
                                  title2=in_second(session, shelf.title)))
    else:
        wanted = set(shown.ids)
        by_id = {t.id: t for t in session.content.topics if t.id in wanted}
        for tid in shown.ids:
            topic = by_id[tid]
            tiles.append(HomeTile(tid, session.text(topic.title, tid), session.text(topic.summary, tid), topic.kind,
                                  tile=picture_view(session, topic.tile, topic_id=tid),
                                  title2=in_second(session, topic.title, tid)))
    open_shelf = shelves[shown.shelf_id] if shown.mode == TOPICS else None
    return HomeView(shown.mode, shown.columns, shown.rows, tuple(tiles), shown.page + 1, shown.page_count,
                    session.text(open_shelf.title) if open_shelf else "", shown.mode == TOPICS and shown.shelves_above,
                    shown.pictures, in_second(session, open_shelf.title) if open_shelf else "")


def measure_sample(session: Session) -> tuple[Measure, ...]:
    """The tiles with the longest words, topics and shelves, in the patient's language."""
    topics = session.content.topics
    words = [(session.text(t.title, t.id), session.text(t.summary, t.id), in_second(session, t.title, t.id)) for t in topics]
    # (a title and its translation count as one, for choosing the longest)
    sample = [Measure(words[i][0], words[i][1], id=topics[i].id, title2=words[i][2])
              for i in longest([(title + " " + title2, summary) for title, summary, title2 in words])]
    shelves = [s for s in session.shelves() if s.topic_ids]
    titles = [(session.text(s.title), in_second(session, s.title)) for s in shelves]
    sample += [Measure(titles[i][0], count=len(shelves[i].topic_ids), id=shelves[i].id, title2=titles[i][1])
               for i in longest([(title + " " + title2, "") for title, title2 in titles])]
    return tuple(sample)
