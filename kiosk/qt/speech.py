"""Read-aloud with Qt's text-to-speech. Optional: with no engine, or no voice for the
patient's language, ``available`` is false and the speaker buttons are not shown."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from ..core.languages import base
from ..core.speechprobe import probe_speechd
from ..core.speechplan import SpeechPlan, library_loads, module_plan, not_started, plan_speech
from ..core.voices import VoiceInfo, choose_voice, voice_rows
from .qmlnames import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)

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


@QmlElement
@QmlUncreatable("made by the kiosk in Python and handed to the window")
class Speech(QObject):  # type: ignore[operator]  # (QmlUncreatable's stub)
    # Whether a voice reads the patient's language; whether it is reading (and what).
    availableChanged = Signal()
    speakingChanged = Signal()
    # An utterance was read to its end (not stopped): the narrated walk-through turns the page.
    finished = Signal()

    def __init__(
        self,
        engine: str | None = None,
        parent: QObject | None = None,
        have_library: Callable[[str], bool] = library_loads,
        tts: Any = None,
        *,
        defer: bool = False,
        enabled: bool = True,
        probe: Callable[[], str | None] = probe_speechd,
    ) -> None:
        """``have_library`` is the seam where tests decide which speech libraries exist; ``tts``
        an engine object of their own (with QTextToSpeech's methods) whose voices they choose.

        ``defer``: decide now whether read-aloud can work, but start the engine only in
        :meth:`start` (speech-dispatcher's takes over a second to list its voices, which must
        not hold up the kiosk's first frame). ``enabled=False``: commands that draw screens for
        review (screenshots, layout checks) need no voice, but draw the speaker buttons as a
        kiosk with a voice does (their row takes room from a page's text). ``probe``: asks speech-dispatcher
        whether it answers, with a time limit, before Qt's engine connects to it with none
        (``kiosk.core.speechprobe``); deferred, it runs off the window's thread.
        """
        super().__init__(parent)
        self._tts: Any = None
        self._language = "en"
        self._speaking = False
        self._text = ""
        self._voices: list[tuple[VoiceInfo, Any]] = []
        self._preferred: dict[str, str] = {}
        self._chosen: dict[str, tuple[VoiceInfo, Any] | None] = {}
        self._pending = False
        self._stopping = False
        self._rate = 0.0
        self._volume = 0.8
        self._defer = defer
        self._probe = probe
        self._probing = False
        # Emitted on the probe's thread: Qt queues it to this object's thread (a bound slot of a QObject).
        self._probed.connect(self._after_probe)
        self._drawn_only = not enabled
        if not enabled:
            self.plan = SpeechPlan(None, "not used here")
            return
        if tts is not None:
            self.plan = SpeechPlan(engine or "test", f"read-aloud: engine {engine or 'test'}")
            self._start_engine(tts)
            return
        self.plan = find_plan(engine, have_library)
        if not self.plan.on:
            log.info("%s", self.plan.describe())
            return
        self._pending = True
        if not defer:
            self.start()

    # The probe's answer, sent from its thread to this object's (None: the engine may connect).
    _probed = Signal(object)

    @Slot()
    def start(self) -> None:
        """Start the engine chosen at construction (once); the speaker buttons show when it has a voice.

        speech-dispatcher is asked first whether it answers (deferred: on a thread of its own,
        so the window never waits for it); the engine starts only when it does.
        """
        if not self._pending or self._probing:
            return
        if self.plan.engine != "speechd":
            self._start_now()
            return
        self._probing = True
        if not self._defer:
            self._after_probe(self._probe())
            return
        threading.Thread(target=self._probe_in_thread, name="speech-probe", daemon=True).start()

    def _probe_in_thread(self) -> None:
        reason = self._probe()
        with contextlib.suppress(RuntimeError):  # the window (and this object) closed meanwhile
            self._probed.emit(reason)

    @Slot(object)
    def _after_probe(self, reason: str | None) -> None:
        self._probing = False
        if not self._pending:  # cancelled meanwhile (the window is closing)
            return
        if reason is not None:
            self._pending = False
            # Installed but not answering: naming packages to install would mislead.
            self.plan = SpeechPlan(None, f"the {self.plan.engine} text-to-speech engine was not started: {reason}")
            log.warning("%s", self.plan.describe())
            self.availableChanged.emit()
            return
        self._start_now()

    def _start_now(self) -> None:
        if self._pending and self.plan.engine is not None:  # pending only for a plan with an engine
            self._pending = False
            from PySide6.QtTextToSpeech import QTextToSpeech

            self._start_engine(QTextToSpeech(self.plan.engine, self))
            # Starting speech-dispatcher's engine handles events for a second; a window closed
            # meanwhile may have taken this object with it.
            if shiboken6.isValid(self):
                self.availableChanged.emit()

    def cancel_start(self) -> None:
        """The window is closing: a deferred engine is not started any more."""
        self._pending = False

    def _start_engine(self, tts: Any) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if tts.state() == QTextToSpeech.State.Error:
            self.plan = not_started(str(self.plan.engine), tts.errorString() or "no reason given")
            log.info("%s", self.plan.describe())
            tts.deleteLater()
            return
        self._tts = tts
        tts.stateChanged.connect(self._state_changed)
        # Every voice of the engine, once (speech-dispatcher with espeak-ng: about 13,000 with variants).
        self._voices = [(VoiceInfo(voice.name(), voice.locale().name()), voice) for voice in tts.allVoices(None)]
        log.info("%s (%d voices)", self.plan.describe(), len(self._voices))
        self._check_preferred()

    def set_preferred_voices(self, preferred: dict[str, str]) -> None:
        """The config's voice per language (by name); the others are chosen by ``choose_voice``."""
        self._preferred = dict(preferred)
        self._chosen.clear()
        self._check_preferred()
        self.availableChanged.emit()

    def _check_preferred(self) -> None:
        """Say which of the config's voices the engine does not have (once it has started)."""
        if self._tts is None:
            return
        names = {info.name for info, _ in self._voices}
        for code, name in self._preferred.items():
            if name not in names:
                log.warning("config: voices.%s: the speech engine has no voice '%s'; choosing one", code, name)

    def _choice(self, code: str) -> tuple[VoiceInfo, Any] | None:
        code = base(code)
        if code not in self._chosen:
            voice = choose_voice(code, (info for info, _ in self._voices), self._preferred.get(code))
            self._chosen[code] = next(((info, q) for info, q in self._voices if info is voice), None)
        return self._chosen[code]

    def voice_for(self, code: str) -> VoiceInfo | None:
        """The voice that reads ``code``, or None."""
        choice = self._choice(code)
        return choice[0] if choice else None

    def _state_changed(self, state: object) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        speaking = state == QTextToSpeech.State.Speaking
        if speaking != self._speaking:
            self._speaking = speaking
            self.speakingChanged.emit()
            if not speaking and state == QTextToSpeech.State.Ready and not self._stopping:
                self.finished.emit()

    def voice_rows(self, languages: list[str]) -> list[tuple[str, bool]]:
        """Per language, the voice that reads it or what to install (self-test, admin screen)."""
        if self._pending:
            return [(f"the {self.plan.engine} speech engine starts after the first frame", False)]
        chosen = {code: self.voice_for(code) for code in languages}
        return voice_rows(chosen, self._tts is not None, self.plan.describe())

    def voiced(self, languages: list[str]) -> list[str]:
        """Those of ``languages`` that a voice reads."""
        return [code for code in languages if self.voice_for(code) is not None]

    def set_language(self, code: str) -> None:
        if code != self._language:
            self.stop()
            self._language = code
            self.availableChanged.emit()

    @Property(bool, notify=availableChanged)
    def available(self) -> bool:
        if self._drawn_only:
            return True  # the buttons are drawn (for review and measuring); nothing is read
        return self._tts is not None and self.voice_for(self._language) is not None

    @Property(bool, notify=speakingChanged)
    def speaking(self) -> bool:
        return self._speaking

    @Property(str, notify=speakingChanged)
    def speakingText(self) -> str:
        return self._text if self._speaking else ""

    @Slot(str)
    def toggle(self, text: str) -> None:
        """The speaker button: read ``text``, or stop when it is already reading it."""
        if self._speaking and text == self._text:
            self.stop()
            return
        choice = self._choice(self._language) if self._tts is not None else None
        if choice is None or not text:
            return
        self._say(choice[1], text)

    @Slot(str, result=bool)
    def say(self, text: str) -> bool:
        """Keypad mode: read ``text`` now, cutting off whatever was being read. False when no
        voice reads the patient's language (keypad mode then works by the focus ring alone)."""
        choice = self._choice(self._language) if self._tts is not None else None
        if choice is None or not text:
            return False
        self._say(choice[1], text)
        return True

    def _say(self, voice: Any, text: str) -> None:
        self._stopping = True  # the cut-off utterance did not "finish"
        try:
            self._tts.stop()
        finally:
            self._stopping = False
        self._tts.setVoice(voice)
        if hasattr(self._tts, "setRate"):
            self._tts.setRate(self._rate)
            self._tts.setVolume(self._volume)
        self._text = text
        self._tts.say(text)

    def set_voice(self, rate: float, volume: float) -> None:
        """The patient's speech rate (-1..1) and volume (0..1), from the keypad; used from the next utterance."""
        self._rate, self._volume = rate, volume

    @property
    def rate(self) -> float:
        return self._rate

    @property
    def volume(self) -> float:
        return self._volume

    @Slot()
    def stop(self) -> None:
        self._stopping = True
        try:
            if self._tts is not None and self._speaking:
                self._tts.stop()
        finally:
            self._stopping = False
        if self._speaking:
            self._speaking = False
            self.speakingChanged.emit()
