"""Keypad mode with real key events sent to the real window: every screen in every language,
the focus order against the item tree, what is spoken (through a fake speech engine), and the
narrated walk-through advancing when the fake engine finishes each utterance."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QAccessible
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from conftest import fresh_ui, open_kiosk
from kiosk.core.keypad import Words, control_phrase
from kiosk.qt.app import KioskWindow
from test_ui_layout import screens, tappables
from uihelpers import UI

LANGUAGES = ("en", "es", "zh", "vi", "ar")


class FakeVoice:
    def __init__(self, name: str, code: str) -> None:
        self._name, self._locale = name, QLocale(code)

    def name(self) -> str:
        return self._name

    def locale(self) -> QLocale:
        return self._locale


class SpeakingEngine(QObject):
    """QTextToSpeech's methods as Speech uses them; an utterance lasts until :meth:`finish`."""

    stateChanged = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.voices = [FakeVoice(f"voice-{code}", code) for code in ("en_US", "es_ES", "zh_CN", "vi_VN", "ar_EG")]
        self.said: list[str] = []
        self.speaking = False
        self.rate, self.volume = 0.0, 0.8

    def _state(self, speaking: bool) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if speaking != self.speaking:
            self.speaking = speaking
            self.stateChanged.emit(QTextToSpeech.State.Speaking if speaking else QTextToSpeech.State.Ready)

    def state(self) -> object:
        from PySide6.QtTextToSpeech import QTextToSpeech

        return QTextToSpeech.State.Speaking if self.speaking else QTextToSpeech.State.Ready

    def errorString(self) -> str:
        return ""

    def allVoices(self, _locale: object) -> list[FakeVoice]:
        return self.voices

    def setVoice(self, _voice: FakeVoice) -> None:
        pass

    def setRate(self, rate: float) -> None:
        self.rate = rate

    def setVolume(self, volume: float) -> None:
        self.volume = volume

    def say(self, text: str) -> None:
        self.said.append(text)
        self._state(True)

    def stop(self) -> None:
        self._state(False)

    def finish(self) -> None:
        """The utterance was read to its end."""
        self._state(False)


ENGINE = SpeakingEngine()


@pytest.fixture(scope="module")
def kiosk(kiosk_app: object) -> Iterator[KioskWindow]:
    yield from open_kiosk(speech_tts=ENGINE)


@pytest.fixture
def ui(kiosk: KioskWindow, qtbot: object) -> UI:
    kiosk.keypad.end()
    ENGINE.said.clear()
    ENGINE.speaking = False
    return fresh_ui(kiosk, qtbot)  # type: ignore[return-value]


def key(ui: UI, code: Qt.Key, text: str = "") -> None:
    QTest.keyClick(ui.window, code, Qt.KeyboardModifier.NoModifier)
    QCoreApplication.processEvents()


def focused(ui: UI) -> str:
    item = ui.kiosk.keypad.focused
    return item.objectName() if item is not None else ""


def focus_on(ui: UI, name: str) -> None:
    """Down until the control ``name`` has the focus (at most once round the screen)."""
    for _ in range(len(ui.kiosk.keypad.controls()) + 1):
        if focused(ui) == name:
            return
        key(ui, Qt.Key.Key_Down)
    assert focused(ui) == name, f"Down never reached {name}: {[c.objectName() for c in ui.kiosk.keypad.controls()]}"


def ring(ui: UI) -> QRectF:
    return QRectF(ui.kiosk.keypad.property("ring"))


def scene_rect(item: QQuickItem) -> QRectF:
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def test_any_keypad_key_starts_keypad_mode_and_the_ring_shows_the_focus(ui: UI) -> None:
    assert not ui.kiosk.keypad.property("active") and not ui.exists("focusRing")
    key(ui, Qt.Key.Key_Down)
    assert ui.kiosk.keypad.property("active")
    ring_item = ui.item("focusRing")
    control = ui.kiosk.keypad.focused
    assert control is not None
    assert ring_item.mapRectToScene(QRectF(0, 0, ring_item.width(), ring_item.height())).contains(scene_rect(control))
    assert ENGINE.said[-1] == control_phrase(QAccessible.queryAccessibleInterface(control).text(QAccessible.Text.Name), "button", Words())
    key(ui, Qt.Key.Key_A)
    assert ui.kiosk.keypad.property("active"), "other keys change nothing"
    ui.kiosk.keypad.end()  # the idle reset
    QCoreApplication.processEvents()
    assert not ui.exists("focusRing")


def test_the_ring_follows_its_control_when_the_list_scrolls_by_itself(ui: UI, qtbot: object) -> None:
    """A new question scrolls its list to the top (a 250 ms animation): a ring placed during it
    stayed where the answer had been (seen as a flaky focus-order check in Arabic)."""
    from test_teachback_ui import to_questions

    to_questions(ui, "laminectomy", "ar")
    ui.kiosk.display.setTextStep(2)  # the largest text, with Spanish under it: the list scrolls
    ui.kiosk.display.setSecondLanguage("es")
    key(ui, Qt.Key.Key_Down)
    focus_on(ui, "answer-0")
    answer = ui.kiosk.keypad.focused
    root = ui.item("screenRoot")

    def box() -> QRectF:
        return answer.mapRectToItem(root, QRectF(0, 0, answer.width(), answer.height()))

    # The list's scroll to the top (250 ms) that the language change started (on a Qt.callLater)
    # is done, and the ring is on its control: still running, the scroll took the list back to
    # the top after the test moved it (a clean-root CI run).
    QCoreApplication.processEvents()
    scrolling = ui.window.findChild(QObject, "checkScrollAnimation")
    assert scrolling is not None
    qtbot.waitUntil(lambda: not scrolling.property("running") and ring(ui) == box(), timeout=2000)  # type: ignore[attr-defined]
    before = box()
    ui.item("checkScroller").setProperty("contentY", 40.0)  # the list moves; the focus does not
    assert box().top() == before.top() - 40
    qtbot.waitUntil(lambda: ring(ui) == box(), timeout=2000)  # type: ignore[attr-defined]
    assert ui.item("checkScroller").property("contentY") == 40.0


def test_the_focus_order_covers_every_control_a_tap_can_reach_in_every_language(ui: UI) -> None:
    """Every visible, enabled, named button a finger can tap is in Up/Down's order, on every screen;
    Down visits each once, the ring on it, its name and role spoken in the patient's language."""
    keypad = ui.kiosk.keypad
    key(ui, Qt.Key.Key_Down)
    problems: list[str] = []
    visited = 0
    for language in LANGUAGES:
        for label in screens(ui.kiosk, language):
            QCoreApplication.processEvents()
            controls = keypad.controls()
            taps = {area.parentItem() for area in tappables(ui)}
            buttons = {c for c in taps if QAccessible.queryAccessibleInterface(c).role() == QAccessible.Role.Button}
            missing = buttons - set(controls)
            if missing:
                problems.append(f"{language} {label}: not reached by keys: {sorted(c.objectName() for c in missing)}")
            if label.endswith(("page 1", "check", "finish", "home", "attract")) or " card " in label:
                before = len(ENGINE.said)
                for _ in controls:
                    key(ui, Qt.Key.Key_Down)
                    visited += 1
                    item = keypad.focused

                    def box(item: QQuickItem | None = item) -> QRectF:
                        return item.mapRectToItem(ui.item("screenRoot"), QRectF(0, 0, item.width(), item.height())) if item else QRectF()

                    # A list still scrolling by itself (the check screen's answer coming into view)
                    # moves the control between frames; the ring catches up at the next frame.
                    end = time.monotonic() + 2
                    while item is not None and not ring(ui).intersects(box()) and time.monotonic() < end:
                        QTest.qWait(10)
                    if item is None or not ring(ui).intersects(box()):
                        problems.append(f"{language} {label}: the ring is not on {item.objectName() if item else None}")
                words = keypad.words_now
                said = ENGINE.said[before:]
                assert all((words.button in s or words.text in s) for s in said if s), (language, label, said)
    assert not problems, "\n".join(problems)
    assert visited > 100


def test_arabic_reads_right_to_left(ui: UI) -> None:
    ui.kiosk.bridge.display.setLanguage("ar")
    ui.kiosk.bridge.page.start()
    ui.kiosk.bridge.page.openTopic("laminectomy")
    QCoreApplication.processEvents()
    bar = [c for c in ui.kiosk.keypad.controls() if c.objectName() in ("homeButton", "backButton", "nextButton")]
    xs = [scene_rect(c).x() for c in bar]
    assert xs == sorted(xs, reverse=True), "in Arabic the bottom bar is read from the right"


def test_left_and_right_turn_pages_enter_activates_escape_goes_back(ui: UI) -> None:
    key(ui, Qt.Key.Key_Return)  # the first key: the focus lands on the first control
    assert focused(ui) == "touchToStart"
    key(ui, Qt.Key.Key_Return)
    assert ui.screen == "home"
    focus_on(ui, "tile-laminectomy")
    key(ui, Qt.Key.Key_Enter)
    assert ui.screen == "walk"
    assert ENGINE.said[-1].startswith("Laminectomy") and "1" in ENGINE.said[-1], ENGINE.said[-3:]
    key(ui, Qt.Key.Key_Right)
    assert ui.kiosk.page.property("pageNumber") == 2
    assert "2" in ENGINE.said[-1], "the new page is announced"
    key(ui, Qt.Key.Key_Left)
    assert ui.kiosk.page.property("pageNumber") == 1
    key(ui, Qt.Key.Key_Escape)
    assert ui.screen == "home", "back from the first page"
    key(ui, Qt.Key.Key_F1)
    assert ENGINE.said[-1].startswith("Keypad help")


def test_enter_on_a_step_reads_it(ui: UI) -> None:
    ui.kiosk.bridge.page.start()
    ui.kiosk.bridge.page.openTopic("laminectomy")
    QCoreApplication.processEvents()
    focus_on(ui, "stepTitle")
    key(ui, Qt.Key.Key_Return)
    assert ENGINE.said[-1] == ui.kiosk.page.property("pageSpeech")


def test_volume_and_rate_keys_change_the_voice_until_the_next_patient(ui: UI) -> None:
    key(ui, Qt.Key.Key_VolumeUp)
    key(ui, Qt.Key.Key_Plus)
    key(ui, Qt.Key.Key_BracketRight)
    assert ENGINE.volume == pytest.approx(1.0) and ENGINE.rate == pytest.approx(0.2)
    ui.kiosk.keypad.end()  # the idle reset
    key(ui, Qt.Key.Key_Down)
    assert ENGINE.volume == pytest.approx(0.8) and ENGINE.rate == pytest.approx(0.0)


def test_any_key_answers_the_idle_countdown(ui: UI) -> None:
    ui.kiosk.bridge.page.start()
    ui.kiosk.bridge.set_idle(True, 20)
    QCoreApplication.processEvents()
    assert ui.exists("idleOverlay")
    key(ui, Qt.Key.Key_A)
    assert not ui.kiosk.bridge.idle_asking and ui.screen == "home"


def test_settings_by_keypad(ui: UI) -> None:
    ui.kiosk.bridge.page.start()
    QCoreApplication.processEvents()
    focus_on(ui, "settingsButton")
    key(ui, Qt.Key.Key_Return)
    assert ui.kiosk.display.property("settingsOpen")
    names = [c.objectName() for c in ui.kiosk.keypad.controls()]
    assert "contrastToggle" in names and "homeButton" not in names, "only the panel's controls"
    focus_on(ui, "contrastToggle")
    key(ui, Qt.Key.Key_Return)
    assert ui.kiosk.display.property("highContrast")
    key(ui, Qt.Key.Key_Escape)
    assert not ui.kiosk.display.property("settingsOpen")


def test_the_second_language_by_keypad(ui: UI) -> None:
    """Two languages side by side (issue 17): the settings panel's new row is in the focus order."""
    ui.kiosk.bridge.page.start()
    QCoreApplication.processEvents()
    focus_on(ui, "settingsButton")
    key(ui, Qt.Key.Key_Return)
    names = [c.objectName() for c in ui.kiosk.keypad.controls()]
    assert "secondLang-none" in names and "secondLang-vi" in names and "secondLang-en" not in names, "not the first language"
    focus_on(ui, "secondLang-vi")
    key(ui, Qt.Key.Key_Return)
    assert ui.kiosk.display.property("secondLanguage") == "vi"
    key(ui, Qt.Key.Key_Escape)


def open_by_keys(ui: UI, topic: str) -> None:
    """On the home screen: into the shelf of operations when shelves show, the pages turned by
    Right (Left in Arabic) until the topic's tile shows, then Enter on it."""
    turn = Qt.Key.Key_Left if ui.kiosk.display.property("rtl") else Qt.Key.Key_Right
    for _ in range(10):
        names = [c.objectName() for c in ui.kiosk.keypad.controls()]
        if f"tile-{topic}" in names:
            focus_on(ui, f"tile-{topic}")
            key(ui, Qt.Key.Key_Return)
            assert ui.screen == "walk"
            return
        if "shelf-operations" in names:
            focus_on(ui, "shelf-operations")
            key(ui, Qt.Key.Key_Return)
        else:
            key(ui, turn)
    raise AssertionError(f"no tile for {topic} on any page")


def keypad_tour(ui: UI, language: str) -> None:
    """Attract -> the language -> a topic -> a word card -> the finish screen -> home, by keys alone."""
    focus_on(ui, f"attractLang-{language}")
    key(ui, Qt.Key.Key_Return)  # choosing a language starts
    assert ui.screen == "home"
    open_by_keys(ui, "laminectomy")
    assert ui.screen == "walk"
    term = next(c.objectName() for c in ui.kiosk.keypad.controls() if c.objectName().startswith("term-"))
    focus_on(ui, term)
    key(ui, Qt.Key.Key_Return)
    assert ui.kiosk.card.property("open")
    card_title = ui.text("cardTitle")
    assert ENGINE.said[-1] == card_title, "the word card is announced"
    key(ui, Qt.Key.Key_Escape)
    assert not ui.kiosk.card.property("open")
    for _ in range(int(ui.kiosk.page.property("pageCount"))):
        key(ui, Qt.Key.Key_Left if language == "ar" else Qt.Key.Key_Right)
    assert ui.screen == "check"
    assert ENGINE.said[-1].startswith(ui.text("checkTitle")), "the questions are announced"
    names = [c.objectName() for c in ui.kiosk.keypad.controls()]
    assert names[:2] == ["answer-0", "answer-1"] and "nextButton" in names, names
    focus_on(ui, "answer-0")
    assert ENGINE.said[-1].startswith(ui.kiosk.bridge.check.property("answers")[0]["text"]), "an answer is spoken"
    key(ui, Qt.Key.Key_Return)
    assert ui.kiosk.bridge.check.property("state") == "right"
    focus_on(ui, "nextButton")
    key(ui, Qt.Key.Key_Return)
    assert ui.kiosk.bridge.check.property("counter").endswith("2") or ui.screen == "check"
    focus_on(ui, "nextButton")
    key(ui, Qt.Key.Key_Return)  # Skip the second question
    assert ui.screen == "finish"
    assert ENGINE.said[-1] == ui.text("finishTitle")
    key(ui, Qt.Key.Key_Home)
    assert ui.screen == "home"


def test_a_whole_visit_by_keypad_only(ui: UI) -> None:
    keypad_tour(ui, "en")
    assert all(isinstance(s, str) and s for s in ENGINE.said)


@pytest.mark.parametrize("language", ["es", "zh", "vi", "ar"])
def test_a_whole_visit_by_keypad_only_in_other_languages(ui: UI, language: str) -> None:
    keypad_tour(ui, language)
    words = ui.kiosk.keypad.words_now
    assert words.button != "button", "roles are said in the patient's language"


def test_narrated_play_reads_each_step_and_turns_the_page(ui: UI) -> None:
    ui.kiosk.bridge.page.start()
    ui.kiosk.bridge.page.openTopic("laminectomy")
    QCoreApplication.processEvents()
    ui.tap("playButton")
    assert ui.kiosk.keypad.property("playing")
    count = int(ui.kiosk.page.property("pageCount"))
    for page in range(1, count + 1):
        assert ui.kiosk.page.property("pageNumber") == page
        assert ENGINE.said[-1] == ui.kiosk.page.property("pageSpeech")
        ENGINE.finish()
        QCoreApplication.processEvents()
    assert ui.screen == "check" and not ui.kiosk.keypad.property("playing"), "it stops at the questions"


def test_a_touch_or_a_key_pauses_the_narration(ui: UI) -> None:
    ui.kiosk.bridge.page.start()
    ui.kiosk.bridge.page.openTopic("laminectomy")
    QCoreApplication.processEvents()
    ui.tap("playButton")
    assert ui.kiosk.keypad.property("playing")
    key(ui, Qt.Key.Key_Down)
    assert not ui.kiosk.keypad.property("playing")
    ENGINE.finish()
    QCoreApplication.processEvents()
    assert ui.kiosk.page.property("pageNumber") == 1, "paused: the page stays"
    ui.tap("playButton")
    assert ui.kiosk.keypad.property("playing")
    ui.tap("playButton")  # "Pause"
    assert not ui.kiosk.keypad.property("playing")


def test_without_a_voice_keypad_mode_still_works(ui: UI) -> None:
    speech = ui.kiosk.speech
    saved = speech._voices
    speech._voices = [v for v in saved if v[0].name != "voice-vi_VN"]
    speech.set_preferred_voices({})
    try:
        ui.kiosk.bridge.display.setLanguage("vi")
        ui.kiosk.bridge.page.start()
        QCoreApplication.processEvents()
        before = len(ENGINE.said)
        key(ui, Qt.Key.Key_Down)
        key(ui, Qt.Key.Key_Down)
        assert ui.exists("focusRing") and ui.kiosk.keypad.focused is not None
        assert len(ENGINE.said) == before, "nothing is read with no voice"
    finally:
        speech._voices = saved
        speech.set_preferred_voices({})


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_speaker_buttons_sit_in_one_row_under_the_picture_and_take_no_room_from_the_text(ui: UI, language: str) -> None:
    """In Arabic the two buttons once took two rows of the text column and pushed the text of
    40 pages below the screen; under the picture they take one row, labelled when that fits."""
    ui.kiosk.bridge.display.setLanguage(language)
    ui.kiosk.bridge.page.start()
    ui.kiosk.bridge.page.openTopic("laminectomy")
    QCoreApplication.processEvents()
    picture, text = (scene_rect(ui.item(name)) for name in ("stepPicture", "textArea"))
    speak, play = (ui.item(name) for name in ("speakButton", "playButton"))
    for button in (speak, play):
        rect = scene_rect(button)
        assert rect.top() >= picture.bottom() and picture.left() <= rect.left() and rect.right() <= picture.right() + 0.5
        assert not rect.intersects(text)
    assert scene_rect(speak).top() == scene_rect(play).top()  # one row
    assert speak.property("text") and play.property("text"), "at normal text size the labels fit beside each other"
