"""The real kiosk window on the real bundled content, driven by taps and swipes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtQuick import QQuickItem

from kiosk.core.loader import Content
from kiosk.core.model import text_in
from conftest import fresh_ui, open_kiosk
from kiosk.qt.app import KioskWindow
from uihelpers import UI

TOPIC_IDS = ["overview", "laminectomy", "laminotomy-foraminotomy", "spinal-fusion", "diskectomy", "recovery"]


@pytest.fixture(scope="module")
def kiosk(kiosk_app: object) -> Iterator[KioskWindow]:
    """One window for the whole module; each test starts from the attract screen."""
    yield from open_kiosk(read_aloud=False)  # type: ignore[misc]  # (no speech engine: none is needed, and a real one can hang)


@pytest.fixture
def ui(kiosk: KioskWindow, qtbot: object) -> UI:
    return fresh_ui(kiosk, qtbot)  # type: ignore[return-value]


def titles(content: Content, topic_id: str) -> list[str]:
    topic = content.topic(topic_id)
    return [text_in(item.title, "en") for item in (topic.steps or topic.stages)]


def test_bundled_content_has_the_six_topics(bundled_content: Content) -> None:
    assert [t.id for t in bundled_content.topics] == TOPIC_IDS


def test_attract_screen_invites_a_touch(ui: UI) -> None:
    assert ui.screen == "attract"
    assert ui.text("attractTitle")
    ui.tap("touchToStart")
    assert ui.screen == "home"
    assert ui.text("homeHeading") == "What would you like to learn about?"
    for topic_id in TOPIC_IDS:
        assert ui.exists(f"tile-{topic_id}")


@pytest.mark.parametrize("topic_id", TOPIC_IDS)
def test_walk_every_step_of_a_topic_by_tapping(ui: UI, bundled_content: Content, topic_id: str) -> None:
    ui.tap("touchToStart")
    ui.tap(f"tile-{topic_id}")
    topic = bundled_content.topic(topic_id)
    expected = [*titles(bundled_content, topic_id), "Key points"]
    assert ui.text("topicTitle") == text_in(topic.title, "en")
    for number, title in enumerate(expected, start=1):
        assert ui.text("stepCounter") == f"Step {number} of {len(expected)}"
        assert ui.text("stepTitle") == title
        assert str(ui.item("stepPicture").property("source")).startswith("image://drawing/")
        ui.tap("nextButton")
    if topic.check:
        assert ui.screen == "check"
        ui.tap("nextButton")  # "Skip"
    assert ui.screen == "finish"
    assert ui.text("finishTitle") == f"You finished: {text_in(topic.title, 'en')}"
    for index, question in enumerate(topic.questions):
        assert ui.exists(f"question-{index}"), text_in(question, "en")
    for related in topic.related:
        assert ui.exists(f"related-{related}")
    ui.tap("nextButton")  # "Done"
    assert ui.screen == "home"


def test_back_goes_one_step_back_and_home_from_the_first_step(ui: UI) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-laminectomy")
    ui.tap("nextButton")
    ui.tap("nextButton")
    assert ui.text("stepCounter").startswith("Step 3 of")
    ui.tap("backButton")
    assert ui.text("stepCounter").startswith("Step 2 of")
    ui.tap("backButton")
    ui.tap("backButton")
    assert ui.screen == "home"


def test_back_from_the_finish_screen_returns_to_the_last_step(ui: UI) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-diskectomy")
    while ui.screen in ("walk", "check"):  # (Next on the questions skips them)
        ui.tap("nextButton")
    ui.tap("backButton")
    assert ui.screen == "walk"
    assert ui.text("stepTitle") == "Key points"


def test_home_is_always_one_tap_away(ui: UI) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-spinal-fusion")
    ui.tap("nextButton")
    ui.tap("homeButton")
    assert ui.screen == "home"


def test_swipe_left_and_right_turns_pages(ui: UI) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-spinal-fusion")
    ui.swipe("stepPicture", -400)
    assert ui.text("stepCounter").startswith("Step 2 of")
    ui.swipe("stepPicture", -400)
    assert ui.text("stepCounter").startswith("Step 3 of")
    ui.swipe("stepPicture", 400)
    assert ui.text("stepCounter").startswith("Step 2 of")


def test_a_short_drag_is_not_a_swipe(ui: UI) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-spinal-fusion")
    ui.swipe("stepPicture", -60)
    assert ui.text("stepCounter").startswith("Step 1 of")


def test_glossary_word_button_opens_a_definition_card(ui: UI, bundled_content: Content) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-laminectomy")
    terms = ui.kiosk.page.property("pageTerms")
    assert terms, "the first laminectomy step should link at least one glossary word"
    term = bundled_content.glossary[terms[0]["id"]]
    ui.tap(f"term-{term.id}")
    assert ui.exists("glossaryCard")
    assert ui.text("cardTitle") == text_in(term.term, "en")
    assert text_in(term.definition, "en").split("[[")[0][:20] in ui.text("cardBody")
    ui.tap("cardClose")
    assert not ui.exists("glossaryCard")
    assert ui.text("stepCounter").startswith("Step 1 of")


def test_tapping_a_linked_word_in_the_text_opens_its_card(ui: UI) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-laminectomy")
    assert "<a href=" in ui.text("stepBody"), "glossary words are visibly marked as links"
    ui.tap_at(ui.link_point("stepBody"))
    assert ui.exists("glossaryCard")
    ui.tap_at(QPoint(20, 20))  # outside the card
    assert not ui.exists("glossaryCard")


def test_recovery_timeline_is_tappable(ui: UI, bundled_content: Content) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-recovery")
    stages = bundled_content.topic("recovery").stages
    assert ui.exists("timeline")
    ui.tap("stage-3")
    assert ui.text("stepCounter") == f"Step 4 of {len(stages) + 1}"
    assert ui.text("stepTitle") == text_in(stages[3].title, "en")
    assert ui.text("stageWhen") == text_in(stages[3].when, "en")
    ui.tap("stage-0")
    assert ui.text("stepCounter").startswith("Step 1 of")
    while ui.text("stepCounter") != f"Step {len(stages) + 1} of {len(stages) + 1}":
        ui.tap("nextButton")
    assert not ui.exists("timeline"), "the key points page gives the timeline's room to its points"


def test_related_topic_link_and_back_to_where_you_were(ui: UI) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-spinal-fusion")
    while ui.screen in ("walk", "check"):
        ui.tap("nextButton")
    ui.tap("related-recovery")
    assert ui.text("topicTitle") == ui.kiosk.page.property("topicTitle")
    assert ui.kiosk.page.property("topicId") == "recovery"
    ui.tap("backButton")
    assert ui.screen == "finish"
    assert ui.kiosk.page.property("topicId") == "spinal-fusion"


def test_see_topic_again_starts_at_step_one(ui: UI) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-overview")
    while ui.screen in ("walk", "check"):  # (Next on the questions skips them)
        ui.tap("nextButton")
    ui.scroll_into_view("restartButton")  # (under the take-home code and the related topics)
    ui.tap("restartButton")
    assert ui.text("stepCounter").startswith("Step 1 of")



def test_turning_a_page_changes_the_words_of_its_lists_and_buttons_not_the_items(ui: UI) -> None:
    """The glossary word buttons, the picture's labels and the checklists' rows are kept from
    page to page and only their words change: made anew for each page, they were a large part
    of a Next tap's frame (bench/ui.py). Each page still shows its own words."""
    from shiboken6 import getCppPointer

    from kiosk.qt.items import walk_items, walk_visible

    def words_of(item: QQuickItem) -> str:
        text = item.property("text")
        return str(text) if text is not None else " ".join(words_of(child) for child in walk_items(item) if child is not item
                                                             and child.property("text"))

    def shown(prefix: str) -> dict[int, str]:
        """The items shown whose name starts with ``prefix``: their C++ object, and their words."""
        return {getCppPointer(item)[0]: words_of(item)
                for item in walk_visible(ui.window.contentItem()) if item.objectName().startswith(prefix)}

    def every(prefix: str) -> set[int]:
        """Every such item, shown or hidden."""
        return {getCppPointer(item)[0] for item in walk_items(ui.window.contentItem()) if item.objectName().startswith(prefix)}

    ui.tap("touchToStart")
    for tile, kinds in (("tile-laminectomy", ("term-", "pictureLabel")), ("tile-recovery", ("listItem-",))):
        ui.tap(tile)
        ui.tap("nextButton")  # (the second page on: the items of both first pages are made)
        made = {kind: every(kind) for kind in kinds}
        words: dict[str, set[tuple[str, ...]]] = {kind: set() for kind in kinds}
        for _ in range(ui.kiosk.page.property("pageCount") - 2):
            for kind in kinds:
                words[kind].add(tuple(sorted(shown(kind).values())))
                assert every(kind) == made[kind], f"{tile}: new {kind} items were made for a new page"
            if "term-" in kinds:
                assert sorted(shown("term-").values()) == sorted(t["label"] for t in ui.kiosk.page.property("pageTerms"))
            ui.tap("nextButton")
        for kind in kinds:
            assert len(words[kind]) > 2, f"{tile}: {kind} should change from page to page"
        ui.tap("homeButton")


def test_the_next_and_previous_pages_text_is_laid_out_before_the_tap_that_shows_it(ui: UI) -> None:
    """After each page's frame, the text of the pages Next and Back show waits, laid out, in a
    hidden text item; the tap only shows that item. Laid out in the tap's frame, a page's text
    took some 10 ms of a Next tap at 3840x2160 (bench/ui.py)."""
    from shiboken6 import getCppPointer

    from kiosk.qt.items import walk_items

    def bodies() -> dict[int, tuple[str, bool]]:
        """Every page-text item: its C++ object, its text, and whether it shows."""
        return {getCppPointer(item)[0]: (str(item.property("text")), item.isVisible())
                for item in walk_items(ui.window.contentItem()) if item.objectName() == "stepBody"}

    page = ui.kiosk.page
    ui.tap("touchToStart")
    ui.tap("tile-laminectomy")
    ui.tap("nextButton")  # (from the second page on, a page has a page on either side)
    for tap in ("nextButton", "nextButton", "backButton", "nextButton"):
        shown = page.property("pageBody")
        ui.qtbot.waitUntil(lambda: len(set(page.property("bodySlots")) - {""}) == 3)  # type: ignore[attr-defined]
        waiting = bodies()
        assert [text for text, visible in waiting.values() if visible] == [shown]
        coming = {text for text, visible in waiting.values() if not visible and text}
        assert len(coming) == 2, "the next and the previous page's text wait, hidden"
        ui.tap(tap)
        after = bodies()
        new = page.property("pageBody")
        assert new in coming
        assert [key for key, (text, visible) in after.items() if visible] == \
               [key for key, (text, visible) in waiting.items() if text == new], "the waiting item shows it"


def test_drawing_ahead_starts_after_the_frame_of_a_tap_not_inside_it(ui: UI) -> None:
    """The pictures of the pages on either side are drawn once the tap's frame is out, by a
    worker woken after the frame's listeners have run: woken inside frameSwapped, it held
    Python's lock while Qt drew, and the listeners after it waited (bench/ui.py's clock read
    5-10 ms late on some taps)."""
    drawings = ui.kiosk.bridge.drawings
    ui.tap("touchToStart")
    ui.tap("tile-laminectomy")
    ui.tap("nextButton")
    ui.qtbot.waitUntil(lambda: not drawings.waiting_for_frame)  # type: ignore[attr-defined]
    kept = drawings.max_bytes
    drawings.fit_screen(1, 1)  # drop the renders: the pages on either side are drawn again
    drawings.max_bytes = kept
    seen: list[bool] = []

    def listener() -> None:  # connected after the kiosk's own
        seen.append(drawings.waiting_for_frame)

    ui.window.frameSwapped.connect(listener)
    try:
        ui.tap("nextButton")
    finally:
        ui.window.frameSwapped.disconnect(listener)
    assert seen and seen[0], "the worker drawing ahead was woken inside the tap's frame"
    ui.qtbot.waitUntil(lambda: not drawings.waiting_for_frame)  # type: ignore[attr-defined]


def test_the_next_stages_checklist_and_the_key_points_are_laid_out_before_the_tap(ui: UI) -> None:
    """As the page's text: the next recovery stage's "What to do" and, from the last stage, the
    key points wait in hidden lists; the tap shows rows that already hold their words."""
    from shiboken6 import getCppPointer

    from kiosk.qt.items import walk_items

    def first_rows() -> dict[int, tuple[str, bool]]:
        """Every checklist's first row: its C++ object, its words, and whether it shows."""
        found = {}
        for row in walk_items(ui.window.contentItem()):
            if row.objectName() == "listItem-0":
                texts = [str(t.property("text")) for t in walk_items(row) if t is not row and t.property("text")]
                found[getCppPointer(row)[0]] = (texts[0] if texts else "", row.isVisible())
        return found

    page = ui.kiosk.page

    def one_waits() -> bool:
        return any(slot["items"] for i, slot in enumerate(page.property("listSlots")) if i != page.property("listShown"))

    ui.tap("touchToStart")
    ui.tap("tile-recovery")
    while page.property("pageKind") != "summary":
        ui.qtbot.waitUntil(one_waits)  # type: ignore[attr-defined]
        before = first_rows()
        ui.tap("nextButton")
        checklist = page.property("points") if page.property("pageKind") == "summary" else page.property("todo")
        shown = [key for key, (_, visible) in first_rows().items() if visible]
        assert len(shown) == 1 and before[shown[0]][0] == checklist[0], "a row that held the words before the tap"
