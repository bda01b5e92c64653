"""Navigation rules, without Qt: never a dead end, and a reset forgets everything."""

from __future__ import annotations


import pytest

from kiosk.core.loader import Content
from kiosk.core.session import Screen, Session


def test_walk_through_to_finish_and_home(content: Content) -> None:
    s = Session(content)
    assert s.screen is Screen.ATTRACT
    s.start()
    assert s.screen is Screen.HOME
    s.open_topic("demo")
    assert (s.screen, s.page_index, s.page_count) == (Screen.WALK, 0, 3)
    assert s.page is not None and s.page.title == "What it is"
    s.next()
    assert s.page is not None and s.page.key_point == "Remember this."
    s.next()
    assert s.page is not None and s.page.kind == "summary"
    assert s.page.points == ("First point.", "Second point.")
    s.next()
    assert s.screen is Screen.FINISH and s.page is None
    s.back()
    assert s.screen is Screen.WALK and s.page_index == 2


def test_back_from_first_page_goes_home(content: Content) -> None:
    s = Session(content)
    s.start()
    s.open_topic("demo")
    s.back()
    assert s.screen is Screen.HOME and s.topic is None
    s.back()
    assert s.screen is Screen.ATTRACT


def test_related_topic_remembers_where_the_patient_came_from(content: Content) -> None:
    s = Session(content)
    s.start()
    s.open_topic("demo")
    for _ in range(3):
        s.next()
    s.open_topic("after")
    assert s.page is not None and s.page.kind == "stage" and s.page.when == "Right after"
    assert s.page.todo == ("Rest.",)
    s.back()
    assert s.screen is Screen.FINISH and s.topic_id == "demo"


def test_recovery_pages_are_stages_then_summary(content: Content) -> None:
    s = Session(content)
    s.open_topic("after")
    assert [p.kind for p in s.pages(content.topic("after"))] == ["stage", "summary"]
    s.go_to(1)
    assert s.page_index == 1
    s.go_to(9)
    assert s.page_index == 1, "an index past the end is ignored"


def test_glossary_card_opens_and_closes_on_navigation(content: Content) -> None:
    s = Session(content)
    s.open_topic("demo")
    s.open_term("lamina")
    assert s.term_id == "lamina"
    s.open_term("not-a-term")
    assert s.term_id == "lamina"
    s.next()
    assert s.term_id is None


def test_reset_forgets_everything(content: Content) -> None:
    s = Session(content)
    s.start()
    s.open_topic("demo")
    s.next()
    s.open_term("lamina")
    s.language = "es"
    s.reset()
    assert (s.screen, s.topic_id, s.page_index, s.term_id, s.language, s.history) == (Screen.ATTRACT, None, 0, None, "en", [])


def test_unknown_topic_is_refused(content: Content) -> None:
    s = Session(content)
    with pytest.raises(KeyError):
        s.open_topic("nope")
    assert s.screen is Screen.ATTRACT


def test_observer_hears_only_countable_events(content: Content) -> None:
    heard: list[tuple[str, str | None]] = []
    s = Session(content, observer=lambda event, key: heard.append((event, key)))
    s.start()
    s.open_topic("demo")
    s.next()
    s.go_to(1)  # already there: not a new step
    s.next()
    s.next()
    assert heard == [
        ("languages", "en"),
        ("topics_opened", "demo"),
        ("steps_viewed", None),
        ("steps_viewed", None),
        ("steps_viewed", None),
        ("finished", "demo"),
    ]
