"""Read-aloud with Qt's text-to-speech. Optional: with no engine, or no voice for the
patient's language, ``available`` is false and the speaker buttons are not shown."""

from __future__ import annotations

import logging

from PySide6.QtCore import Property, QLocale, QObject, Signal, Slot

from ..core.languages import SPEECH_LOCALES, base

log = logging.getLogger(__name__)


class Speech(QObject):
    changed = Signal()

    def __init__(self, engine: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tts = None
        self._language = "en"
        self._speaking = False
        self._text = ""
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as exc:  # Qt Multimedia needs libpulse on Linux; speech is optional
            log.warning("read-aloud unavailable: Qt's speech module cannot load (%s)", exc)
            return
        engines = [e for e in QTextToSpeech.availableEngines() if e != "mock"]
        name = engine or (engines[0] if engines else None)
        if name is None:
            log.warning("read-aloud unavailable: no text-to-speech engine is installed")
            return
        self._tts = QTextToSpeech(name, self)
        self._tts.stateChanged.connect(self._state_changed)
        log.info("read-aloud: engine %s", name)

    def _state_changed(self, state: object) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        speaking = state == QTextToSpeech.State.Speaking
        if speaking != self._speaking:
            self._speaking = speaking
            self.changed.emit()

    def _locale(self) -> QLocale | None:
        if self._tts is None:
            return None
        wanted = QLocale(SPEECH_LOCALES.get(base(self._language), self._language))
        locales = self._tts.availableLocales()
        for locale in locales:
            if locale == wanted:
                return locale
        for locale in locales:
            if locale.language() == wanted.language():
                return locale
        return None

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
