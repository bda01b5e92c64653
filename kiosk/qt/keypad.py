"""Keypad mode for the whole kiosk: the window forwards every key here; this finds the controls
of the screen in the item tree, moves the focus ring, activates, speaks, and plays the narrated
walk-through. The rules (keys, reading order, phrases, rate and volume) are in
:mod:`kiosk.core.keypad`.

The focus is an explicit ordered list taken from the item tree each time, not Qt Quick's own
active focus: every tappable control of the kiosk is a MouseArea inside an item with an
accessible name and the Button role (tests/test_ui_access.py holds them to that), so the list
is exactly what a finger can reach, in the order the core decides, and needs no focus
properties kept in step across the QML files.
"""

from __future__ import annotations

import logging
from typing import Any

import shiboken6
from PySide6.QtCore import Property, QObject, QRectF, QTimer, Signal, Slot
from PySide6.QtGui import QAccessible, QAccessibleActionInterface
from PySide6.QtQml import QmlElement, QmlUncreatable
from PySide6.QtQuick import QQuickItem, QQuickWindow

from ..core.keypad import Action, Box, Voice, Words, action_for, control_phrase, moved, page_step, reading_order, screen_phrase
from .items import first_visible, visible_item, walk_items, walk_visible
from .qmlnames import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)

log = logging.getLogger(__name__)

# Layers above the patient's screen, topmost first: with one open, only its controls count.
LAYERS = ("idleOverlay", "settingsPanel", "glossaryCard")
STAFF = ("pinPad", "adminScreen")
# Per screen: the items whose text names it, and where the patient is.
TITLES = {
    "attract": ("attractTitle", ""),
    "home": ("homeHeading", "pageLabel"),
    "walk": ("topicTitle", "stepCounter"),
    "finish": ("finishTitle", ""),
    "check": ("checkTitle", "checkCounter"),
    "glossaryCard": ("cardTitle", ""),
}
TEXT_STOP = "stepTitle"  # the step's text (its title stands for it): Enter reads it aloud


def _accessible(item: QQuickItem) -> tuple[str, Any]:
    iface = QAccessible.queryAccessibleInterface(item)
    if iface is None or not iface.isValid():
        return "", None
    return iface.text(QAccessible.Text.Name), iface.role()


@QmlElement
@QmlUncreatable("made by the kiosk in Python and handed to the window")
class Keypad(QObject):  # type: ignore[operator]  # (QmlUncreatable's stub)
    activeChanged = Signal()
    ringChanged = Signal()
    playingChanged = Signal()
    wordsChanged = Signal()
    # What was said last (tests and the screenshot tool read it; the engine may have no voice).
    spoken = Signal(str)

    def __init__(self, kiosk: Any, speech: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kiosk = kiosk  # the KioskBridge (page, home, card, display)
        self._speech = speech
        self._window: QQuickWindow | None = None
        self._screen_root: QQuickItem | None = None
        self._active = False
        self._focused: QQuickItem | None = None
        self._ring = QRectF()
        self._words = Words()
        self._word_list: list[str] = []
        self._voice = Voice()
        self._screen_key: tuple[object, ...] = ()
        self._playing = False
        self._narrated = ""
        self._touch_paused = False
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._after_change)
        kiosk.changed.connect(self._later.start)
        kiosk.idleChanged.connect(self._later.start)
        speech.finished.connect(self._utterance_finished)

    def attach(self, window: QQuickWindow) -> None:
        self._window = window
        # The ring follows its control when the control moves by itself (a list scrolling to
        # the top as a new question comes: a 250 ms animation), not only when the focus moves.
        window.afterAnimating.connect(self._follow)

    @Slot()
    def _follow(self) -> None:
        if self._active and self._focused is not None:
            self._update_ring()

    # ---- what QML binds to -----------------------------------------------------------
    @Property(bool, notify=activeChanged)
    def active(self) -> bool:
        return self._active

    @Property(QRectF, notify=ringChanged)
    def ring(self) -> QRectF:
        """The focused control, in screenRoot's coordinates (empty: no ring)."""
        return self._ring

    @Property(bool, notify=playingChanged)
    def playing(self) -> bool:
        return self._playing

    def _get_words(self) -> list[Any]:
        return list(self._word_list)

    def _set_words(self, words: list[Any]) -> None:
        """The translated words, from the window's qsTr(): button, text, help, "%1, %2" (name, role), "%1, %2" (title, place)."""
        texts = [str(w) for w in words]
        if texts == self._word_list:
            return
        self._word_list = texts
        if len(texts) >= 5:
            self._words = Words(button=texts[0], text=texts[1], help=texts[2], named=texts[3], place=texts[4])
        self.wordsChanged.emit()

    words = Property(list, _get_words, _set_words, notify=wordsChanged)

    @property
    def voice(self) -> Voice:
        return self._voice

    @property
    def focused(self) -> QQuickItem | None:
        """The control the ring is on (None: no focus yet on this screen)."""
        return self._focused

    def show_focus(self, name: str) -> bool:
        """Keypad mode with the ring on the control called ``name``, silently (screenshots)."""
        self._start(announce=False)
        control = next((c for c in self._controls() if c.objectName() == name), None)
        self._focus(control, speak=False)
        return control is not None

    @property
    def words_now(self) -> Words:
        """The words speech is built from, in the patient's language."""
        return self._words

    # ---- keys --------------------------------------------------------------------------
    @Slot(int, str, result=bool)
    def press(self, key: int, text: str) -> bool:
        """A key went down anywhere in the window. True when keypad mode used it."""
        if self._window is None or first_visible(self._window, STAFF) is not None:
            return False
        action = action_for(key, text)
        self._touch_paused = False
        if self._kiosk.idle_asking:
            self._kiosk.stillHere()  # any key: the patient is still here (the runtime saw the key too)
            if action is None:
                return True
        if action is None:
            return False
        if self._playing and action is not Action.PLAY:
            self.pause()
            if action in (Action.LEFT, Action.RIGHT, Action.ACTIVATE):
                self._start(announce=False)
                return True  # this key only paused the narration
        self._start(announce=action not in (Action.NEXT, Action.PREVIOUS))
        self._do(action)
        self._later.start()
        return True

    def _start(self, *, announce: bool) -> None:
        if not self._active:
            self._active = True
            self.activeChanged.emit()
            self._screen_key = self._key_of_screen()
            if announce:
                self._say(self._screen_phrase())

    def _do(self, action: Action) -> None:
        kiosk = self._kiosk
        if action in (Action.NEXT, Action.PREVIOUS):
            controls = self._controls()
            index = controls.index(self._focused) if self._focused in controls else -1
            index = moved(index, len(controls), 1 if action is Action.NEXT else -1)
            self._focus(controls[index] if index >= 0 else None, speak=True)
        elif action in (Action.LEFT, Action.RIGHT):
            step = page_step(action, kiosk.display.property("rtl"))
            screen = kiosk.page.property("screen")
            if self._layer() is not None:
                self._do(Action.NEXT if action is Action.RIGHT else Action.PREVIOUS)
            elif screen == "walk" or (screen == "finish" and step < 0):
                kiosk.page.next() if step > 0 else kiosk.page.back()
            elif screen == "home":
                kiosk.home.nextPage() if step > 0 else kiosk.home.previousPage()
            elif screen == "attract" and step > 0:
                kiosk.page.start()
        elif action is Action.ACTIVATE:
            self._activate()
        elif action is Action.BACK:
            layer = self._layer()
            if layer == "glossaryCard":
                kiosk.card.closeTerm()
            elif layer == "settingsPanel":
                kiosk.display.openSettings(False)
            elif layer is None and kiosk.page.property("screen") != "attract":
                kiosk.page.back()
        elif action is Action.HOME:
            if kiosk.page.property("screen") != "attract":
                kiosk.page.home()
        elif action is Action.HELP:
            self._say(self._words.help)
        elif action is Action.PLAY:
            self.togglePlay()
        else:  # rate and volume
            self._voice = self._voice.after(action)
            self._speech.set_voice(self._voice.rate, self._voice.volume)
            self._say(self._speech_sample())

    def _speech_sample(self) -> str:
        name, _ = _accessible(self._focused) if self._focused is not None else ("", None)
        return name or self._screen_phrase()

    def _activate(self) -> None:
        focused = self._focused
        if focused is None or focused not in self._controls():
            controls = self._controls()
            self._focus(controls[0] if controls else None, speak=True)
            return
        if focused.objectName() == TEXT_STOP:
            self._say(str(self._kiosk.page.property("pageSpeech")))
            return
        iface = QAccessible.queryAccessibleInterface(focused)
        actions = iface.actionInterface() if iface is not None else None
        if actions is not None and QAccessibleActionInterface.pressAction() in actions.actionNames():
            actions.doAction(QAccessibleActionInterface.pressAction())

    # ---- the controls of the screen ----------------------------------------------------
    def _layer(self) -> str | None:
        if self._window is None:
            return None
        return first_visible(self._window, LAYERS)

    def _root(self) -> QQuickItem | None:
        if self._window is None:
            return None
        layer = self._layer()
        return visible_item(self._window, layer or "patientSide")

    def controls(self) -> list[QQuickItem]:
        """The controls Up and Down visit now, in reading order."""
        return self._controls()

    def _controls(self) -> list[QQuickItem]:
        if self._window is None:
            return []
        root, screen_root = self._root(), visible_item(self._window, "screenRoot")
        if root is None or screen_root is None:
            return []
        area = screen_root.width() * screen_root.height()
        found: list[QQuickItem] = []
        for item in walk_visible(root):
            if item.objectName() == TEXT_STOP:
                found.append(item)
                continue
            if item.metaObject().className() != "QQuickMouseArea" or not item.isEnabled():
                continue
            control = item.parentItem()
            if control is None or control in found or item.width() * item.height() > area / 4:
                continue
            name, role = _accessible(control)
            if name.strip() and role == QAccessible.Role.Button:
                found.append(control)
        boxes = [self._box(item, screen_root) for item in found]
        return [found[i] for i in reading_order(boxes, bool(self._kiosk.display.property("rtl")))]

    @staticmethod
    def _box(item: QQuickItem, screen_root: QQuickItem) -> Box:
        rect = item.mapRectToItem(screen_root, QRectF(0, 0, item.width(), item.height()))
        return Box(rect.x(), rect.y(), rect.width(), rect.height())

    def _focus(self, item: QQuickItem | None, *, speak: bool) -> None:
        self._focused = item
        if item is not None:
            self._scroll_into_view(item)
            if speak:
                name, role = _accessible(item)
                if item.objectName() == TEXT_STOP:
                    name, kind = str(self._kiosk.page.property("pageTitle")), "text"
                else:
                    kind = "button" if role == QAccessible.Role.Button else "text"
                self._say(control_phrase(name, kind, self._words))
        self._update_ring()

    @staticmethod
    def _scroll_into_view(item: QQuickItem) -> None:
        """Inside a scrolled list (the finish screen, a long step), bring the control into view."""
        parent = item.parentItem()
        while parent is not None and not parent.inherits("QQuickFlickable"):
            parent = parent.parentItem()
        if parent is None:
            return
        content = parent.property("contentItem")
        if not isinstance(content, QQuickItem):
            return
        rect = item.mapRectToItem(content, QRectF(0, 0, item.width(), item.height()))
        top, height = float(parent.property("contentY")), parent.height()
        most = max(0.0, float(parent.property("contentHeight")) - height)
        if rect.top() < top:
            parent.setProperty("contentY", max(0.0, rect.top()))
        elif rect.bottom() > top + height:
            parent.setProperty("contentY", min(most, rect.bottom() - height))

    def _update_ring(self) -> None:
        ring = QRectF()
        item = self._focused
        if self._active and item is not None and shiboken6.isValid(item) and item.isVisible() and self._window is not None:
            if self._screen_root is None or not shiboken6.isValid(self._screen_root):
                self._screen_root = visible_item(self._window, "screenRoot")  # (one item, Main.qml's)
            screen_root = self._screen_root
            if screen_root is not None:
                ring = item.mapRectToItem(screen_root, QRectF(0, 0, item.width(), item.height()))
        if ring != self._ring:
            self._ring = ring
            self.ringChanged.emit()

    # ---- screens change ----------------------------------------------------------------
    def _key_of_screen(self) -> tuple[object, ...]:
        page, display = self._kiosk.page, self._kiosk.display
        layer = self._layer() if self._window is not None else None
        return (page.property("screen"), page.property("topicId"), page.property("pageNumber"),
                self._kiosk.home.property("pageLabel"), self._kiosk.check.property("counter"),
                layer, display.property("language"))

    def _screen_phrase(self) -> str:
        if self._window is None:
            return ""
        layer = self._layer()
        if layer in ("idleOverlay", "settingsPanel"):
            top = visible_item(self._window, layer) or self._window.contentItem()
            for item in walk_items(top):
                name, role = _accessible(item)
                if name and role in (QAccessible.Role.Dialog, QAccessible.Role.AlertMessage):
                    return name
            return ""
        title_name, place_name = TITLES.get(layer or str(self._kiosk.page.property("screen")), ("", ""))
        texts = []
        for name in (title_name, place_name):
            shown = visible_item(self._window, name) if name else None
            texts.append(str(shown.property("text") or "") if shown is not None else "")
        return screen_phrase(texts[0], texts[1], self._words)

    @Slot()
    def _after_change(self) -> None:
        if not self._active or self._window is None:
            return
        key = self._key_of_screen()
        controls = self._controls()
        if self._focused not in controls:
            self._focused = None
        if key != self._screen_key:
            self._screen_key = key
            if not self._playing:
                self._say(self._screen_phrase())
        if self._playing and key[0] != "walk":
            self.pause()  # the narration ends at the finish screen
        self._update_ring()

    @Slot()
    def end(self) -> None:
        """The idle reset: keypad mode ends, the voice goes back to the defaults, narration stops."""
        self.pause()
        self._focused = None
        self._voice = Voice()
        self._speech.set_voice(self._voice.rate, self._voice.volume)
        if self._active:
            self._active = False
            self.activeChanged.emit()
        self._update_ring()

    # ---- speech and the narrated walk-through -------------------------------------------
    def _say(self, text: str) -> None:
        if text:
            self.spoken.emit(text)
            self._speech.say(text)

    def touched(self) -> None:
        """A finger went down anywhere (the runtime sees it before the control does): the narration pauses."""
        self._touch_paused = self._playing
        self.pause()

    @Slot()
    def togglePlay(self) -> None:
        """The Play button (or the keypad's play key): read each step and turn the page when it is read."""
        if self._touch_paused:
            self._touch_paused = False  # the press on the Play button itself already paused it
            return
        if self._playing:
            self.pause()
            return
        if self._kiosk.page.property("screen") != "walk":
            return
        self._playing = True
        self.playingChanged.emit()
        self._narrate()

    @Slot()
    def pause(self) -> None:
        """Any touch or key, the finish screen, the idle reset."""
        if self._playing:
            self._playing = False
            self._narrated = ""
            self.playingChanged.emit()
            self._speech.stop()

    def _narrate(self) -> None:
        text = str(self._kiosk.page.property("pageSpeech"))
        self._narrated = text
        self.spoken.emit(text)
        if not self._speech.say(text):
            # No voice for this language: nothing would ever finish; the button does nothing.
            self.pause()

    @Slot()
    def _utterance_finished(self) -> None:
        if not self._playing or self._speech.property("speakingText"):
            return
        if self._kiosk.page.property("screen") != "walk":
            self.pause()
            return
        self._kiosk.page.next()
        if self._kiosk.page.property("screen") == "walk":
            self._narrate()
        else:
            self.pause()
