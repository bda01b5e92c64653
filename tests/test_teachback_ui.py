"""'Check what you learned' with real taps: right, wrong (explanation, its step, back, asked again), skip,
in English and in Arabic (mirrored), and the anonymous usage counts afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import fresh_ui, open_kiosk
from uihelpers import UI, right_answer, wrong_answer

from kiosk.core import teachback
from kiosk.core.loader import Content
from kiosk.core.model import text_in
from kiosk.core.usage import UsageCounts
from kiosk.qt.app import KioskWindow


@pytest.fixture(scope="module")
def kiosk(kiosk_app: object) -> Iterator[KioskWindow]:
    yield from open_kiosk(speech_engine="mock")  # type: ignore[misc]  # (the questions need no real voice)


@pytest.fixture
def ui(kiosk: KioskWindow, qtbot: object) -> Iterator[UI]:
    ui: UI = fresh_ui(kiosk, qtbot)  # type: ignore[assignment]
    yield ui
    kiosk.bridge.observer = None
    kiosk.bridge.reset()


def to_questions(ui: UI, topic_id: str, language: str = "en") -> None:
    ui.tap("touchToStart")
    if language != "en":
        ui.tap("settingsButton")
        ui.tap(f"lang-{language}")
        ui.tap("settingsClose")
    ui.kiosk.bridge.page.openTopic(topic_id)  # (in Arabic the home screen shows shelves: tested elsewhere)
    while ui.screen == "walk":
        ui.tap("nextButton")
    assert ui.screen == "check"


def left_of(ui: UI, a: str, b: str) -> bool:
    return ui.centre(ui.item(a)).x() < ui.centre(ui.item(b)).x()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_right_wrong_step_and_back_then_skip(ui: UI, bundled_content: Content, tmp_path: Path, language: str) -> None:
    counts = UsageCounts(tmp_path / "usage.json", today=lambda: date(2026, 12, 6))
    ui.kiosk.bridge.observer = counts.record
    topic = bundled_content.topic("laminectomy")
    assert topic.check is not None
    said = teachback.words(language)
    to_questions(ui, "laminectomy", language)
    first, second = topic.check
    assert ui.text("checkTitle") == said["heading"]
    assert ui.text("checkCounter") == said["counter"].format(n=1, count=2)
    assert ui.text("checkQuestion") == text_in(first.question, language)
    assert ui.text("nextButton") == said["skip"]
    for name in ("answer-0", "answer-1", "answer-2"):
        assert ui.item(name).height() >= 80
    assert ui.item("answer-1").y() - (ui.item("answer-0").y() + ui.item("answer-0").height()) >= 16
    # Arabic mirrors the screen: Next (Skip) on the left, Home on the right.
    assert left_of(ui, "nextButton", "homeButton") == (language == "ar")

    # Right at the first try: kind words, then the next question.
    ui.tap(f"answer-{first.right_index}")
    assert ui.text("checkFeedbackText") == said["right"]
    assert not ui.exists("checkExplanation") and not ui.exists("openStepButton")
    assert ui.text("nextButton") == said["next"]
    ui.tap("nextButton")
    assert ui.text("checkCounter") == said["counter"].format(n=2, count=2)

    # Wrong: kind words, the explanation, a button to the step; from the step back to the question.
    wrong = wrong_answer(ui.kiosk.bridge)
    ui.tap(f"answer-{wrong}")
    assert ui.text("checkFeedbackText") == said["wrong"]
    assert ui.text("checkExplanation") == text_in(second.explanation, language)
    ui.tap("openStepButton")
    assert ui.screen == "walk"
    assert ui.text("stepTitle") == text_in(topic.steps[second.step - 1].title, language)
    assert ui.text("nextButton") == said["return"]
    ui.tap("nextButton")
    assert ui.screen == "check" and ui.text("checkCounter") == said["counter"].format(n=2, count=2)
    assert not ui.exists("checkFeedback"), "the question is asked again"
    # Wrong again, then try again, right this time: Done leads to the finish screen.
    ui.tap(f"answer-{wrong}")
    ui.tap("tryAgainButton")
    assert not ui.exists("checkFeedback")
    ui.tap(f"answer-{right_answer(ui.kiosk.bridge)}")
    assert ui.text("nextButton") == said["last"]
    ui.tap("nextButton")
    assert ui.screen == "finish"

    # Another patient skips.
    ui.kiosk.bridge.reset()
    to_questions(ui, "laminectomy", language)
    ui.tap("nextButton")  # Skip
    assert ui.screen == "finish"

    day = counts.totals(1)
    assert day["check_answered"] == {"laminectomy#1": 1, "laminectomy#2": 1}
    assert day["check_right_first"] == {"laminectomy#1": 1}, "the second was wrong at the first try"


def test_home_and_back_as_everywhere(ui: UI) -> None:
    to_questions(ui, "diskectomy")
    ui.tap("backButton")
    assert ui.screen == "walk" and ui.kiosk.page.property("pageNumber") == ui.kiosk.page.property("pageCount")
    ui.tap("nextButton")
    assert ui.screen == "check"
    ui.tap(f"answer-{wrong_answer(ui.kiosk.bridge)}")
    ui.tap("openStepButton")
    ui.tap("backButton")
    assert ui.screen == "check", "Back on the step also returns to the question"
    ui.tap("homeButton")
    assert ui.screen == "home"


def test_answering_and_the_next_question_change_the_answers_words_not_the_items(ui: UI) -> None:
    """The answers are kept from question to question and through a choice: each new list of
    answers made every one anew in the tap's frame (a Next tap onto this screen, bench/ui.py)."""
    from shiboken6 import getCppPointer

    from kiosk.qt.items import walk_items

    def answers() -> set[int]:
        return {getCppPointer(item)[0] for item in walk_items(ui.window.contentItem())
                if item.objectName().startswith("answer-") and not item.objectName().startswith("answer2-")}

    to_questions(ui, "diskectomy")
    made, question = answers(), ui.text("checkQuestion")
    ui.tap(f"answer-{right_answer(ui.kiosk.bridge)}")
    assert ui.kiosk.bridge.check.property("state") != "ask" and answers() == made
    ui.tap("homeButton")
    ui.tap("tile-laminectomy")
    while ui.screen == "walk":
        ui.tap("nextButton")
    assert ui.text("checkQuestion") != question and answers() == made
    shown = [next(str(t.property("text")) for t in walk_items(ui.item(f"answer-{i}")) if t.property("text"))
             for i in range(len(ui.kiosk.bridge.check.property("answers")))]
    assert shown == [a["text"] for a in ui.kiosk.bridge.check.property("answers")]


def test_the_idle_reset_forgets_the_questions(ui: UI) -> None:
    to_questions(ui, "recovery")
    ui.tap(f"answer-{wrong_answer(ui.kiosk.bridge)}")
    ui.tap("openStepButton")
    ui.kiosk.bridge.reset()
    assert ui.kiosk.bridge.check.property("returning") is False and ui.kiosk.bridge.check.property("counter") == ""
    ui.tap("touchToStart")
    ui.tap("tile-recovery")
    assert ui.text("nextButton") == "Next"


def test_every_character_of_the_screen_s_words_is_in_a_bundled_font(kiosk_app: Any) -> None:
    from PySide6.QtGui import QRawFont

    from kiosk.core.paths import font_files

    fonts = [QRawFont(str(path), 40) for path in font_files()]
    missing = {ch for table in teachback.WORDS.values() for text in table.values() for ch in text
               if not ch.isspace() and not any(font.supportsCharacter(ord(ch)) for font in fonts)}
    assert not missing, f"no bundled font draws {sorted(missing)}"


def within_view(ui: UI, name: str, view: str = "checkScroller") -> bool:
    """``name`` lies wholly inside the visible part of the scrolling ``view``, as the patient sees it."""
    from PySide6.QtCore import QRectF

    item, box = ui.item(name), ui.item(view)
    shown = box.mapRectToScene(QRectF(0, 0, box.width(), box.height()))
    return shown.contains(item.mapRectToScene(QRectF(0, 0, item.width(), item.height())))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_after_a_wrong_answer_its_explanation_and_step_come_into_view(kiosk: KioskWindow, qtbot: Any, language: str) -> None:
    """In Arabic with English under it (the longest words), the explanation and "open that step"
    start below the fold at 1080p: the screen scrolls them into view; the next question starts at the top."""
    from test_ui_bilingual import choose_second

    ui: UI = fresh_ui(kiosk, qtbot)  # type: ignore[assignment]
    try:
        to_questions(ui, "laminectomy", language)
        choose_second(ui, "vi" if language == "en" else "en")
        ui.tap(f"answer-{wrong_answer(ui.kiosk.bridge)}")
        qtbot.waitUntil(lambda: within_view(ui, "checkFeedbackButtons"), timeout=2000)
        assert within_view(ui, "checkFeedback"), "the kind words and the explanation, whole"
        ui.tap("openStepButton")
        assert ui.screen == "walk"
        ui.tap("nextButton")  # back to the question, asked again from the top
        assert ui.item("checkScroller").property("contentY") == 0
    finally:
        kiosk.bridge.reset()
