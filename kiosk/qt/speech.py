"""Read-aloud with Qt's text-to-speech. Optional: with no engine, or no voice for the
patient's language, ``available`` is false and the speaker buttons are not shown."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import Property, QLocale, QObject, Signal, Slot

from ..core.languages import SPEECH_LOCALES, base
from ..core.speechplan import VOICE_PACKAGES, SpeechPlan, library_loads, module_plan, plan_speech

log = logging.getLogger(__name__)


def find_plan(engine: str | None = None, have_library: Callable[[str], bool] = library_loads) -> SpeechPlan:
    """Which engine the kiosk would start (or why none), without loading any speech plugin."""
    plan = module_plan(have_library)
    if plan is not None:
        return plan
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as exc:
        return SpeechPlan(None, f"Qt's speech module cannot load ({exc})")
    return plan_speech(QTextToSpeech.availableEngines(), engine, have_library)


class Speech(QObject):
    changed = Signal()

    def __init__(
        self,
        engine: str | None = None,
        parent: QObject | None = None,
        have_library: Callable[[str], bool] = library_loads,
    ) -> None:
        """``have_library`` is the seam where tests decide which speech libraries exist."""
        super().__init__(parent)
        self._tts = None
        self._language = "en"
        self._speaking = False
        self._text = ""
        self.plan = find_plan(engine, have_library)
        if not self.plan.on:
            log.info("%s", self.plan.describe())
            return
        from PySide6.QtTextToSpeech import QTextToSpeech

        tts = QTextToSpeech(self.plan.engine, self)
        if tts.state() == QTextToSpeech.State.Error:
            reason = tts.errorString() or "no reason given"
            # On Linux: libspeechd is there but not the speech-dispatcher service with a voice.
            packages = VOICE_PACKAGES if sys.platform.startswith("linux") else ()
            self.plan = SpeechPlan(None, f"the {self.plan.engine} text-to-speech engine did not start ({reason})", packages)
            log.info("%s", self.plan.describe())
            tts.deleteLater()
            return
        self._tts = tts
        tts.stateChanged.connect(self._state_changed)
        log.info("%s", self.plan.describe())

    def _state_changed(self, state: object) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        speaking = state == QTextToSpeech.State.Speaking
        if speaking != self._speaking:
            self._speaking = speaking
            self.changed.emit()

    def _locale(self, language: str | None = None) -> QLocale | None:
        if self._tts is None:
            return None
        code = language or self._language
        wanted = QLocale(SPEECH_LOCALES.get(base(code), code))
        locales = self._tts.availableLocales()
        for locale in locales:
            if locale == wanted:
                return locale
        for locale in locales:
            if locale.language() == wanted.language():
                return locale
        return None

    def voiced(self, languages: list[str]) -> list[str]:
        """Those of ``languages`` that the engine has a voice for."""
        return [code for code in languages if self._locale(code) is not None]

    def set_language(self, code: str) -> None:
        if code != self._language:
            self.stop()
            self._language = code
            self.changed.emit()

    def _available(self) -> bool:
        return self._locale() is not None

    available = Property(bool, _available, notify=changed)

    def _get_speaking(self) -> bool:
        return self._speaking

    speaking = Property(bool, _get_speaking, notify=changed)

    def _get_text(self) -> str:
        return self._text if self._speaking else ""

    speakingText = Property(str, _get_text, notify=changed)

    @Slot(str)
    def toggle(self, text: str) -> None:
        """The speaker button: read ``text``, or stop when it is already reading it."""
        if self._speaking and text == self._text:
            self.stop()
            return
        locale = self._locale()
        if self._tts is None or locale is None or not text:
            return
        self._tts.stop()
        self._tts.setLocale(locale)
        self._text = text
        self._tts.say(text)

    @Slot()
    def stop(self) -> None:
        if self._tts is not None and self._speaking:
            self._tts.stop()
        if self._speaking:
            self._speaking = False
            self.changed.emit()
