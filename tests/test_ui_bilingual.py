"""Two languages side by side (issue 17, item 2), with real taps on the real window: a second
language chosen in the settings panel shows under the first on every page, each text block in
its own direction, pictures' labels in the first language, and the idle reset forgets it."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QRectF

from conftest import fresh_ui, open_kiosk
from kiosk.core import markup, teachback
from kiosk.core.loader import Content
from kiosk.core.model import text_in
from kiosk.core.pageview import page_view
from kiosk.core.session import Session
from kiosk.qt.app import KioskWindow
from uihelpers import UI, wrong_answer



def side(ui: UI, name: str) -> str:
    """Which edge of its box the text ``name`` is drawn against, as the window shows it: "left" or "right"."""
    import numpy as np
    from PySide6.QtGui import QImage

    item = ui.item(name)
    rect = item.mapRectToScene(QRectF(0, 0, item.width(), item.height())).toRect()  # (a Text's boundingRect is its ink)
    image = ui.window.grabWindow().convertToFormat(QImage.Format.Format_Grayscale8).copy(rect)
    pixels = np.array(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())[:, : image.width()]
    columns = np.flatnonzero((pixels < 128).any(axis=0))  # where the letters are
    assert columns.size, f"{name} draws nothing"
    left_gap, right_gap = columns[0], image.width() - 1 - columns[-1]
    assert abs(left_gap - right_gap) > 40, f"{name} is too wide to tell its side ({left_gap}, {right_gap}, {rect})"
    return "left" if left_gap < right_gap else "right"


def words(language: str, context: str, english: str) -> str:
    """A window's own words in ``language``, as the kiosk's translations have them (and not the English)."""
    from kiosk.qt.i18n import translations_dir
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(translations_dir() / f"kiosk_{language}.qm"))
    said = translator.translate(context, english)
    assert said and said != english, f"{english!r} has no {language} translation"
    return said


def plain(value: dict[str, str], language: str) -> str:
    return markup.plain(text_in(value, language))


# ---- the core: the session and the page view ------------------------------------------
def test_the_session_keeps_a_second_language_until_the_reset(bundled_content: Content) -> None:
    session = Session(bundled_content)
    session.start()
    session.set_second_language("xx")
    assert session.second == "", "only a language the content has"
    session.set_second_language("en")
    assert session.second == "", "the first language is not shown twice"
    session.set_second_language("es")
    session.open_topic("laminectomy")
    view = page_view(session)
    step = bundled_content.topic("laminectomy").steps[0]
    assert view.title == markup.plain(text_in(step.title, "en")) and view.title2 == plain(step.title, "es")
    assert view.body2 == plain(step.body, "es") and "<" not in view.body2, "plain text: the links stay in the first language"
    assert [label.text for label in view.picture.labels] == [text_in(lbl.text, "en") for lbl in step.picture.labels]
    session.set_language("es")
    assert (session.language, session.second) == ("es", "en"), "choosing the second as the first swaps them"
    session.reset()
    assert session.second == "" and page_view(session).title2 == ""


# ---- the real window ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def kiosk(kiosk_app: object) -> Iterator[KioskWindow]:
    yield from open_kiosk(read_aloud=False)  # type: ignore[misc]  # (no speech engine to start: nothing is read aloud)


@pytest.fixture
def ui(kiosk: KioskWindow, qtbot: object) -> UI:
    kiosk.keypad.end()
    return fresh_ui(kiosk, qtbot)  # type: ignore[return-value]


def choose_second(ui: UI, code: str) -> None:
    ui.tap("settingsButton")
    scroller = ui.item("settingsScroller")  # the row is the panel's last: scrolled into view, as a finger would
    scroller.setProperty("contentY", max(0.0, scroller.property("contentHeight") - scroller.height()))
    QCoreApplication.processEvents()
    ui.tap(f"secondLang-{code}")
    ui.tap("settingsClose")


def test_a_patient_and_a_family_member_walk_a_topic_in_two_languages(ui: UI, bundled_content: Content) -> None:
    topic = bundled_content.topic("laminectomy")
    ui.tap("touchToStart")
    assert not ui.exists("secondLang-en")
    choose_second(ui, "es")
    assert ui.kiosk.display.property("secondLanguage") == "es"
    # The home screen: its heading and every tile's title in both (taller tiles: on shelves here).
    shelves = {shelf.id: shelf for shelf in bundled_content.pack.sections}
    if ui.exists("shelf-operations"):
        assert ui.text("homeHeading2") == words("es", "HomeScreen", "Choose a subject")
        assert ui.text("shelfTitle2-operations") == plain(shelves["operations"].title, "es")
        ui.tap("shelf-operations")
        assert ui.text("homeHeading2") == plain(shelves["operations"].title, "es")
    assert ui.text("tileTitle2-laminectomy") == plain(topic.title, "es")
    ui.tap("tile-laminectomy")
    assert ui.text("topicTitle2") == plain(topic.title, "es"), "the top bar's title too"
    for step in topic.steps:
        assert ui.text("stepTitle") == markup.plain(text_in(step.title, "en"))
        assert ui.text("stepTitle2") == plain(step.title, "es")
        assert ui.text("stepBody2") == plain(step.body, "es")
        ui.tap("nextButton")
    assert ui.kiosk.page.property("pageKind") == "summary"
    assert ui.text("stepTitle2") == words("es", "WalkScreen", "Key points")
    for index, point in enumerate(topic.key_points):
        assert ui.text(f"listItem2-{index}") == plain(point, "es")
    ui.tap("nextButton")
    assert ui.screen == "check"  # the teach-back questions, in both languages
    question = topic.check[0]
    assert ui.text("checkTitle2") == teachback.words("es")["heading"]
    assert ui.text("checkQuestion2") == plain(question.question, "es")
    assert [ui.text(f"answer2-{i}") for i in range(len(question.answers))] == [plain(a.text, "es") for a in question.answers]
    ui.tap(f"answer-{wrong_answer(ui.kiosk.bridge)}")
    assert ui.text("checkFeedbackText2") == teachback.words("es")["wrong"]
    assert ui.text("checkExplanation2") == plain(question.explanation, "es")
    ui.tap("nextButton")  # (skips the questions)
    assert ui.screen == "finish"
    assert ui.text("finishTitle2") == plain(topic.title, "es")
    assert ui.text("questionsHeading2") == words("es", "FinishScreen", "Questions to ask your care team")
    assert ui.text("learnMore2") == words("es", "FinishScreen", "Learn more")
    for related in topic.related:
        assert ui.text(f"relatedTitle2-{related}") == plain(bundled_content.topic(related).title, "es")
    for index, question in enumerate(topic.questions):
        assert ui.text(f"question2-{index}") == plain(question, "es")
    # Nobody touches the screen: the idle reset (the runtime calls this) forgets the second language.
    ui.kiosk.bridge.reset()
    QCoreApplication.processEvents()
    assert ui.kiosk.display.property("secondLanguage") == ""
    ui.tap("touchToStart")
    assert not ui.exists("homeHeading2") and not ui.exists("tileTitle2-laminectomy")
    ui.tap("tile-laminectomy")
    assert not ui.exists("stepTitle2") and not ui.exists("stepBody2") and not ui.exists("topicTitle2")


def test_arabic_with_english_each_block_in_its_own_direction(ui: UI, bundled_content: Content) -> None:
    ui.tap("attractLang-ar")
    choose_second(ui, "en")
    if not ui.exists("tile-spinal-fusion"):
        ui.tap("shelf-operations")
    ui.tap("tile-spinal-fusion")
    step = bundled_content.topic("spinal-fusion").steps[0]
    assert ui.text("stepTitle") == markup.plain(text_in(step.title, "ar"))
    assert ui.text("stepTitle2") == plain(step.title, "en")
    assert side(ui, "stepTitle") == "right", "Arabic from the right"
    assert side(ui, "stepTitle2") == "left", "English from the left, under Arabic"
    labels = [label["text"] for label in ui.kiosk.page.property("pageLabels")]
    assert labels == [text_in(lbl.text, "ar") for lbl in step.picture.labels], "the picture's words follow the first language"


def test_english_with_arabic_reads_right_to_left_under_it(ui: UI) -> None:
    ui.tap("touchToStart")
    choose_second(ui, "ar")
    if not ui.exists("tile-laminectomy"):  # (the taller tiles of two languages may need the shelves)
        ui.tap("shelf-operations")
    ui.tap("tile-laminectomy")
    assert side(ui, "stepTitle") == "left"
    assert side(ui, "stepTitle2") == "right", "Arabic from the right, under English"
    choose_second(ui, "none")
    assert not ui.exists("stepTitle2")



@pytest.mark.parametrize(("first", "second"), list(itertools.permutations(("en", "es", "zh", "vi", "ar"), 2)))
def test_a_title_and_its_translation_beside_it_stay_on_one_line(ui: UI, bundled_content: Content, first: str,
                                                                second: str) -> None:
    """The top bar puts the title's translation beside the title when both fit on the line, each in
    a box as wide as its words on one line. Measured with FontMetrics and TextMetrics, bold Arabic
    came out a few pixels short (the translation's box) or, with the font's family named alone,
    a sixth short (the title's box): the last word wrapped onto a second line and the bar grew a
    line for nothing (the overview's title, Arabic with Spanish or English either way round)."""
    from kiosk.qt.items import settle

    ui.kiosk.display.setLanguage(first)
    ui.kiosk.display.setSecondLanguage(second)
    beside = 0
    for topic in bundled_content.topics:
        ui.kiosk.page.start()
        ui.kiosk.page.openTopic(topic.id)
        settle(ui.window)
        title, title2 = ui.item("topicTitle"), ui.item("topicTitle2")
        box, box2 = (item.mapRectToScene(QRectF(0, 0, item.width(), item.height())) for item in (title, title2))
        if box2.top() < box.bottom():  # beside the title, not under it
            beside += 1
            for item in (title, title2):
                assert item.property("lineCount") == 1, f"{topic.id} ({first} with {second}): {item.property('text')!r}"
    assert beside, "no title had its translation beside it: the test checks nothing"
