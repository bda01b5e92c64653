"""Every patient can use it: language switch (with right-to-left), read-aloud, text size,
contrast, motion, screen-reader names; all of it forgotten at the idle reset."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAccessible, QColor
from PySide6.QtTest import QTest

from kiosk.core.loader import Content
from kiosk.core.model import text_in
from conftest import fresh_ui, open_kiosk
from kiosk.qt.app import KioskWindow
from test_ui_layout import screens, tappables
from kiosk.qt.items import walk_items
from uihelpers import UI


@pytest.fixture(scope="module")
def kiosk(kiosk_app: object) -> Iterator[KioskWindow]:
    yield from open_kiosk(speech_engine="mock")  # type: ignore[misc]


@pytest.fixture
def ui(kiosk: KioskWindow, qtbot: object) -> UI:
    return fresh_ui(kiosk, qtbot)  # type: ignore[return-value]


def other_languages(content: Content) -> list[str]:
    return [lang for lang in content.pack.languages if lang != content.pack.default_language]


def test_content_ships_in_five_languages(bundled_content: Content) -> None:
    assert bundled_content.pack.languages == ["en", "es", "zh", "vi", "ar"]
    for lang in other_languages(bundled_content):
        review = bundled_content.pack.translations[lang]
        assert review.status == "draft", "no clinician has reviewed the translations: never claim otherwise"


@pytest.mark.parametrize("language", ["es", "zh", "vi", "ar"])
def test_switching_language_keeps_the_patients_place(ui: UI, bundled_content: Content, language: str) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-laminectomy")
    ui.tap("nextButton")
    ui.tap("nextButton")
    english_counter = ui.text("stepCounter")
    ui.tap("settingsButton")
    assert ui.exists("settingsPanel")
    ui.tap(f"lang-{language}")
    ui.tap("settingsClose")
    step = bundled_content.topic("laminectomy").steps[2]
    assert ui.kiosk.display.property("language") == language
    assert ui.text("stepTitle") == text_in(step.title, language)
    assert ui.text("topicTitle") == text_in(bundled_content.topic("laminectomy").title, language)
    counter = ui.text("stepCounter")
    assert counter != english_counter and "3" in counter and "8" in counter, "the UI strings follow the language"
    ui.tap("homeButton")
    if ui.kiosk.bridge.session.home_plan.mode == "shelves":  # the six tiles do not fit one screen in this language
        ui.tap("shelf-operations")
    title = ui.item("tile-laminectomy")
    expected = text_in(bundled_content.topic("laminectomy").title, language)
    assert QAccessible.queryAccessibleInterface(title).text(QAccessible.Text.Name) == expected


def test_language_buttons_on_the_attract_screen_show_native_names(ui: UI) -> None:
    names = {lang: ui.text(f"attractLang-{lang}") for lang in ("en", "es", "zh", "vi", "ar")}
    assert names == {"en": "English", "es": "Español", "zh": "中文", "vi": "Tiếng Việt", "ar": "العربية"}
    ui.tap("attractLang-es")
    assert ui.screen == "home" and ui.kiosk.display.property("language") == "es"


def test_arabic_mirrors_the_layout_but_not_the_pictures(ui: UI) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-spinal-fusion")
    ltr_next = ui.centre(ui.item("nextButton")).x()
    ltr_picture = ui.centre(ui.item("stepPicture")).x()
    ui.kiosk.display.setLanguage("ar")
    QCoreApplication.processEvents()
    width = ui.window.width()
    assert ui.centre(ui.item("nextButton")).x() < width / 2 < ltr_next, "Next sits on the left in Arabic"
    assert ui.centre(ui.item("stepPicture")).x() > width / 2 > ltr_picture, "the picture column moves to the right"
    image = next(i for i in walk_items(ui.item("stepPicture")) if i.objectName() == "pictureImage")
    assert image.property("mirror") is False, "drawings are never mirrored"
    ui.swipe("stepPicture", 400)  # swiping right turns the page forward in a right-to-left language
    assert "2" in ui.text("stepCounter")


def test_read_aloud_speaks_and_stops(ui: UI, qtbot: object) -> None:
    speech = ui.kiosk.speech
    ui.tap("touchToStart")
    ui.tap("tile-diskectomy")
    assert ui.exists("speakButton"), "the mock engine has an English voice"
    ui.tap("speakButton")
    qtbot.waitUntil(lambda: speech.property("speaking"), timeout=3000)  # type: ignore[attr-defined]
    assert ui.kiosk.page.property("pageTitle") in speech.property("speakingText")
    ui.tap("speakButton")
    qtbot.waitUntil(lambda: not speech.property("speaking"), timeout=3000)  # type: ignore[attr-defined]
    ui.tap("speakButton")
    qtbot.waitUntil(lambda: speech.property("speaking"), timeout=3000)  # type: ignore[attr-defined]
    ui.tap("nextButton")
    assert not speech.property("speaking"), "moving on stops the reading"


def test_no_voice_for_the_language_hides_the_speaker(ui: UI) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-diskectomy")
    ui.kiosk.display.setLanguage("vi")  # the mock engine has no Vietnamese voice
    QCoreApplication.processEvents()
    assert not ui.exists("speakButton")
    assert ui.exists("nextButton") and ui.text("stepTitle"), "nothing else changes"


def test_text_size_contrast_and_motion_apply_and_reset_for_the_next_patient(ui: UI) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-overview")
    normal = ui.item("stepBody").property("font").pixelSize()
    ui.tap("settingsButton")
    # Contrast and motion first: at the largest text the language buttons take two rows and
    # these toggles lie further down the panel (they were reachable here only while buttons
    # kept their old, too narrow width after a change of text size).
    ui.tap("contrastToggle")
    ui.tap("motionToggle")
    ui.tap("textSize-2")
    ui.tap("settingsClose")
    assert ui.item("stepBody").property("font").pixelSize() >= round(normal * 1.6) - 1
    assert QColor(ui.window.color()).name() == "#000000", "high contrast: black background"
    assert QColor(ui.item("stepBody").property("color")).name() == "#ffffff"
    ui.kiosk.bridge.reset()  # what the idle timeout does
    QCoreApplication.processEvents()
    assert ui.kiosk.display.property("textStep") == 0 and not ui.kiosk.display.property("highContrast")
    assert not ui.kiosk.display.property("reducedMotion")
    assert QColor(ui.window.color()).name() != "#000000"


def test_reduced_motion_stops_the_attract_animation(ui: UI) -> None:
    invite = ui.item("touchToStart")
    QTest.qWait(400)
    assert invite.property("scale") != 1.0, "the invitation gently pulses"
    ui.kiosk.bridge.session.set_reduced_motion(True)
    ui.kiosk.bridge.refresh()
    QTest.qWait(400)
    scale = invite.property("scale")
    QTest.qWait(300)
    assert invite.property("scale") == scale, "with less motion nothing moves"


def test_every_control_has_an_accessible_name_and_role(ui: UI) -> None:
    problems = []
    for language in ("en", "ar"):
        for label in screens(ui.kiosk):
            ui.kiosk.bridge.session.language = language
            QCoreApplication.processEvents()
            for area in tappables(ui):
                control = area.parentItem()
                iface = QAccessible.queryAccessibleInterface(control)
                name = iface.text(QAccessible.Text.Name) if iface else ""
                if not name.strip():
                    control_name = control.objectName() or control.metaObject().className()
                    problems.append(f"{language} {label}: {control_name} has no accessible name")
                elif iface.role() not in (QAccessible.Role.Button, QAccessible.Role.Dialog, QAccessible.Role.AlertMessage):
                    problems.append(f"{language} {label}: {control.objectName()} has role {iface.role()}")
    assert not problems, "\n".join(sorted(set(problems)))


def test_a_screen_mounted_sideways_gets_the_portrait_layout(ui: UI) -> None:
    ui.kiosk.set_orientation("portrait")  # a landscape output, with the screen hung upright
    try:
        QCoreApplication.processEvents()
        assert ui.item("screenRoot").property("rotation") == 90
        ui.tap("touchToStart")
        ui.tap("tile-laminectomy")
        walk = ui.item("walkScreen")
        assert (walk.width(), walk.height()) == (1080, 1920), "the screens lay out for portrait"
        ui.tap("nextButton")
        assert "2" in ui.text("stepCounter"), "taps land where the rotated buttons are"
    finally:
        ui.kiosk.set_orientation("auto")
        QCoreApplication.processEvents()


def shown_opacity(ui: UI) -> float:
    return float(ui.item("stepPicture").property("shownOpacity"))


def picture_drawn(ui: UI) -> bool:
    """The step's picture is drawn at its box's size (off the GUI thread: a frame or two after the tap)."""
    return bool(ui.item("stepPicture").property("drawn"))


def test_a_new_picture_fades_in_unless_motion_is_reduced(ui: UI) -> None:
    ui.tap("touchToStart")
    ui.tap("tile-laminectomy")
    # (a change fades from a picture that was drawn; one still on its way is simply replaced)
    ui.qtbot.waitUntil(lambda: picture_drawn(ui))  # type: ignore[attr-defined]
    ui.tap("nextButton")
    ui.qtbot.waitUntil(lambda: picture_drawn(ui))  # type: ignore[attr-defined]
    assert shown_opacity(ui) < 1.0, "the change is animated"
    QTest.qWait(600)
    assert shown_opacity(ui) == 1.0
    ui.kiosk.display.setReducedMotion(True)
    ui.tap("nextButton")
    ui.qtbot.waitUntil(lambda: picture_drawn(ui))  # type: ignore[attr-defined]
    assert shown_opacity(ui) == 1.0, "with less movement the change is instant"


def test_picture_labels_sit_inside_the_picture_and_apart(ui: UI, bundled_content: Content) -> None:
    from PySide6.QtCore import QRectF

    from test_ui_layout import scene_rect

    total = 0
    problems = []
    for language in bundled_content.pack.languages:
        ui.kiosk.bridge.reset()
        ui.kiosk.display.setLanguage(language)
        ui.kiosk.page.start()
        for topic in bundled_content.topics:
            ui.kiosk.page.openTopic(topic.id)
            for index in range(topic.page_count):
                ui.kiosk.page.goTo(index)
                QCoreApplication.processEvents()
                frame: QRectF = scene_rect(ui.item("stepPicture"))
                pills = [scene_rect(p) for p in ui.items("pictureLabel")]
                total += len(pills)
                for i, pill in enumerate(pills):
                    if not frame.contains(pill):
                        problems.append(f"{language} {topic.id} page {index + 1}: label {i} lies outside the picture")
                    for other in pills[i + 1 :]:
                        if pill.intersects(other):
                            problems.append(f"{language} {topic.id} page {index + 1}: labels overlap")
    assert total > 0, "the bundled pictures name their parts in words"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "es", "zh", "vi", "ar"])
def test_every_button_measures_its_words_in_the_face_they_are_drawn_in(ui: UI, language: str) -> None:
    """A button is as wide as its label's one line, measured apart from the label. KButton named
    the label's first font family alone for that measure, so Arabic and Vietnamese words were
    measured in another face than they are drawn in: the Arabic language button was 19 px wider
    than its words, the Vietnamese 7 px (FitText already measured with the whole family list).
    Measured in the right face, the measure (the advance) was 4 px short of the line many Arabic
    labels need, and "Next page" wrapped onto two lines in its button."""
    from PySide6.QtQuick import QQuickItem

    from kiosk.qt.items import settle, walk_visible

    problems, buttons = [], 0
    for where in screens(ui.kiosk, language):
        settle(ui.window)
        for item in list(walk_visible(ui.window.contentItem())):
            if item.property("iconPart") is None or not item.property("text"):
                continue  # (not a KButton, or one with an icon alone)
            label = next(child for child in item.findChildren(QQuickItem) if child.property("baseSize") is not None)
            buttons += 1
            if label.property("font").pixelSize() != item.property("textSize"):
                continue  # (drawn smaller to fit a narrow screen)
            gap = item.property("naturalWidth") - (math.ceil(label.implicitWidth()) + 2)
            if abs(gap) > 0.5:
                problems.append(f"{where}: {item.property('text')!r} measured {gap:+.0f} px off its words")
    assert buttons > 20
    assert not problems, "\n".join(sorted(set(problems)))


@pytest.mark.parametrize("language", ["en", "es", "zh", "vi", "ar"])
def test_rows_that_choose_words_or_icons_reckon_with_their_buttons_true_widths(ui: UI, language: str) -> None:
    """The bottom bar, the read-aloud row and the home screen's page buttons work out from their
    buttons' widths whether the words fit (if not: a second row, or icons alone). They reckoned
    with the words' advance, short of the line an Arabic label needs (above), and without the
    2 px a button adds: a row could decide that its words fit when they did not."""
    from kiosk.qt.items import settle, walk_visible

    def close(a: float, b: float) -> bool:
        return abs(a - b) < 0.5

    problems, checked = [], set()
    for step in (0, 2):
        for where in screens(ui.kiosk, language, step):
            settle(ui.window)
            for row in list(walk_visible(ui.window.contentItem())):
                named = {item.objectName(): item for item in walk_visible(row) if item.objectName()}
                if row.property("homeFull") is not None and not row.property("twoRows") and not row.property("iconOnly"):
                    checked.add("bottom bar")
                    back = named["backButton"].width() + row.property("gapX") if "backButton" in named else 0
                    actual = named["homeButton"].width() + back + named["settingsButton"].width() \
                        + (named["nextButton"].width() if "nextButton" in named else 0)
                    wanted = sum(row.property(part) for part in ("homeFull", "backFull", "settingsFull", "nextFull"))
                    if not close(actual, wanted):
                        problems.append(f"text {step}, {where}: the bottom bar reckoned {wanted:.0f} px, its buttons take {actual:.0f}")
                elif row.objectName() == "speechRow" and not row.property("iconOnly"):
                    checked.add("read-aloud row")
                    if not close(row.implicitWidth(), row.property("fullWidth")):
                        problems.append(f"text {step}, {where}: the read-aloud row reckoned {row.property('fullWidth'):.0f} px, "
                                        f"its buttons take {row.implicitWidth():.0f}")
                elif row.objectName() == "homePager" and not row.property("iconOnly"):
                    checked.add("page buttons")
                    label, buttons = named["pageLabel"], named["previousPageButton"].width() + named["nextPageButton"].width()
                    gaps = row.width() - buttons - label.width()
                    actual = buttons + math.ceil(label.implicitWidth()) + 2 + gaps
                    if not close(actual, row.property("fullWidth")):
                        problems.append(f"text {step}, {where}: the page buttons reckoned {row.property('fullWidth'):.0f} px, "
                                        f"they and their label take {actual:.0f}")
    assert "bottom bar" in checked
    assert language != "en" or "read-aloud row" in checked, "(the test kiosk's voice speaks English only)"
    assert not problems, "\n".join(sorted(set(problems)))


@pytest.mark.parametrize("language", ["en", "es", "zh", "vi", "ar"])
def test_the_invitation_to_start_is_one_line_where_the_screen_has_room(ui: UI, language: str) -> None:
    """The attract screen's "Touch the screen to start" sits in a pill as wide as its words. The
    words were measured with the font's family named alone (so Arabic and Chinese in another
    face) and not again after the window's size set the text size: the Arabic invitation broke
    into three lines in a tall oval, and the picture above it had no room left."""
    from kiosk.qt.items import settle

    for step in range(3):
        ui.kiosk.bridge.reset()
        ui.kiosk.display.setLanguage(language)
        ui.kiosk.display.setTextStep(step)
        settle(ui.window)
        assert ui.screen == "attract"
        invite = ui.item("touchToStart")
        words = next(item for item in walk_items(invite) if item.inherits("QQuickText"))
        if words.width() >= words.property("naturalWidth") - 0.5:  # (not held narrower by the screen)
            assert words.property("lineCount") == 1, f"text step {step}: {words.property('text')!r}"
        else:
            assert step > 0, f"the screen is too narrow for the words at the normal text size in {language}"
    ui.kiosk.display.setTextStep(0)
    settle(ui.window)
    assert ui.item("attractIllustration").isVisible(), "the picture has room above the invitation"
