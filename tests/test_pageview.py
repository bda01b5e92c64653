"""What each screen shows, built by the core's view model, without Qt."""

from __future__ import annotations


import pytest

from kiosk.core import pageview
from kiosk.core.gesture import SWIPE_DISTANCE, swipe_step
from kiosk.core.loader import Content
from kiosk.core.pageview import (
    CardView,
    DisplayView,
    LabelText,
    PageView,
    TermButton,
    TopicView,
    card_view,
    display_view,
    page_view,
    screen_view,
    to_html,
    topic_tiles,
    topic_view,
)
from kiosk.core.prefs import TEXT_SIZES, Defaults
from kiosk.core.session import Session


def test_nothing_but_the_attract_screen_before_a_topic(content: Content) -> None:
    s = Session(content)
    assert screen_view(s).screen == "attract" and screen_view(s).pack_title == "Demo"
    assert page_view(s) == PageView() and topic_view(s) == TopicView() and card_view(s) == CardView()
    s.start()
    assert screen_view(s).screen == "home" and page_view(s) == PageView()


def test_a_step_page_with_its_words_counter_and_speech(content: Content) -> None:
    s = Session(content)
    s.start()
    s.open_topic("demo")
    page = page_view(s)
    assert (page.kind, page.title, page.number, page.count) == ("step", "What it is", 1, 3)
    assert page.progress == pytest.approx(1 / 3)
    assert page.body == 'The <a href="term:lamina"><b>lamina</b></a> is part of a bone. It is at the back.'
    assert page.terms == (TermButton("lamina", "lamina"),)
    assert page.speech == "What it is\nThe lamina is part of a bone. It is at the back."
    assert page.picture.path == content.root / "pics" / "a.svg"
    assert page.picture.alt == "What it is", "a picture without alt text is described by the page title"
    s.next()
    page = page_view(s)
    assert (page.key_point, page.terms, page.number) == ("Remember this.", (), 2)
    assert page.speech == "Second step\nA short sentence.\nRemember this."


def test_a_page_names_the_text_of_the_pages_a_tap_shows_next(content: Content) -> None:
    """So the window can lay them out ahead (kiosk/core/textslots.py): the next page's first."""
    s = Session(content)
    s.start()
    s.open_topic("demo")
    first = page_view(s)
    s.next()
    second = page_view(s)
    s.next()
    third = page_view(s)  # the key points: no body of its own
    assert first.near_bodies == (second.body,)
    s.back()
    assert page_view(s).near_bodies == (first.body,), "the key points have no text to lay out ahead"
    assert third.near_bodies == (second.body,)
    s.home()
    assert page_view(s).near_bodies == ()


def test_the_pictures_drawn_ahead_are_the_next_and_the_previous_pages(bundled_content: Content) -> None:
    s = Session(bundled_content)
    s.start()
    assert pageview.neighbour_pictures(s) == ()
    s.open_topic("laminectomy")
    pictures = []
    for index in range(3):
        s.go_to(index)
        pictures.append(page_view(s).picture.picture)
    assert pictures[0] != pictures[1] != pictures[2] != pictures[0], "(each page its own picture, so the order shows)"
    s.go_to(1)
    assert [view.picture for view in pageview.neighbour_pictures(s)] == [pictures[2], pictures[0]]
    s.go_to(0)
    assert [view.picture for view in pageview.neighbour_pictures(s)] == [pictures[1]]


def test_the_key_points_page_and_the_finish_screen(content: Content) -> None:
    s = Session(content)
    s.start()
    s.open_topic("demo")
    s.go_to(2)
    page = page_view(s)
    assert (page.kind, page.title, page.points, page.progress) == ("summary", "", ("First point.", "Second point."), 1.0)
    s.next()
    assert screen_view(s).screen == "finish"
    assert page_view(s) == PageView(number=3, count=3), "the finish screen has no page, but knows where the topic ended"
    topic = topic_view(s, take_home={"demo": "https://clinic.example/demo"})
    assert (topic.id, topic.title, topic.kind) == ("demo", "Demo operation", "procedure")
    assert topic.questions == ("Is this right for me?",)
    assert [(r.id, r.title) for r in topic.related] == [("after", "After surgery")]
    assert topic.related[0].tile.path == content.root / "pics" / "a.svg"
    assert topic.take_home == "https://clinic.example/demo"
    assert topic.care_contact == "", "no line configured: the screen says to ask the care team"
    assert topic_view(s, care_contact="Call 555-0100.").care_contact == "Call 555-0100."


def test_a_recovery_stage_page_and_its_timeline(content: Content) -> None:
    s = Session(content)
    s.start()
    s.open_topic("after")
    page, topic = page_view(s), topic_view(s)
    assert (page.kind, page.when, page.title, page.todo) == ("stage", "Right after", "Rest", ("Rest.",))
    assert page.speech == "Right after\nRest\nYou rest for a few hours.\nRest."
    assert [(m.when, m.title) for m in topic.stages] == [("Right after", "Rest")]


def test_the_glossary_card(content: Content) -> None:
    s = Session(content)
    s.start()
    s.open_topic("demo")
    s.open_term("lamina")
    card = card_view(s)
    assert card.open and card.title == "lamina"
    assert card.body == "The back part of a bone in your spine."
    assert card.speech == "lamina.\nThe back part of a bone in your spine."
    assert card.picture.picture is None, "this word has no picture"
    s.close_term()
    assert card_view(s) == CardView()


def test_every_text_follows_the_patient_s_language(bundled_content: Content) -> None:
    s = Session(bundled_content)
    s.start()
    s.set_language("es")
    s.open_topic("spinal-fusion")
    english = Session(bundled_content)
    english.start()
    english.open_topic("spinal-fusion")
    assert page_view(s).title != page_view(english).title
    assert topic_view(s).title != topic_view(english).title
    assert [t.title for t in topic_tiles(s)] != [t.title for t in topic_tiles(english)]
    labelled = [p for t in bundled_content.topics for p in [t.tile, *(st.picture for st in t.steps)] if p.labels]
    assert labelled, "the bundled content has words on its pictures"
    view = pageview.picture_view(s, labelled[0])
    assert view.labels == tuple(LabelText(lb.anchor, s.text(lb.text), lb.place == "below") for lb in labelled[0].labels)


def test_display_settings_and_the_text_sizes_come_from_one_list(bundled_content: Content) -> None:
    s = Session(bundled_content, defaults=Defaults(reduced_motion=True))
    view = display_view(s)
    assert (view.language, view.language_name, view.rtl, view.text_step, view.reduced_motion) == ("en", "English", False, 0, True)
    assert view.text_sizes == TEXT_SIZES and view.text_scale == TEXT_SIZES[0].scale
    assert [c.code for c in view.languages] == list(s.languages)
    s.set_language("ar")
    s.set_text_step(len(TEXT_SIZES) - 1)
    s.set_high_contrast(True)
    view = display_view(s)
    assert (view.language_name, view.rtl, view.high_contrast) == ("العربية", True, True)
    assert view.text_scale == TEXT_SIZES[-1].scale == max(size.scale for size in TEXT_SIZES)
    assert DisplayView().text_scale == 1.0, "before any content: normal text"
    assert [size.key for size in TEXT_SIZES] == ["normal", "large", "largest"], "the settings panel names each key"


def test_styled_text_escapes_everything_but_glossary_links() -> None:
    assert to_html("<b>x</b> & [[lamina|laminae]]") == '&lt;b&gt;x&lt;/b&gt; &amp; <a href="term:lamina"><b>laminae</b></a>'


@pytest.mark.parametrize(("dx", "dy", "rtl", "step"), [
    (-SWIPE_DISTANCE - 1, 0, False, 1),  # finger to the left: next page
    (SWIPE_DISTANCE + 1, 0, False, -1),
    (SWIPE_DISTANCE + 1, 0, True, 1),  # right to left: pages turn the other way
    (-SWIPE_DISTANCE, 0, False, 0),  # not far enough
    (-300, 200, False, 0),  # mostly a scroll
    (-300, 140, False, 1),
])
def test_a_swipe_turns_the_page_the_way_the_language_reads(dx: float, dy: float, rtl: bool, step: int) -> None:
    assert swipe_step(dx, dy, rtl) == step
