"""Read-aloud with Qt's text-to-speech. Optional: with no engine, or no voice for the
patient's language, ``available`` is false and the speaker buttons are not shown.

Qt's engine, and every call into it, lives on a thread of its own (:class:`SpeechWorker`).
speech-dispatcher's engine calls libspeechd with no time limit, and a dispatcher that hangs
after speaking (seen here, on a machine with no sound device) made a tap wait forever inside
its ``stop()``: the kiosk froze until the watchdog restarted it, and so did a test run in CI.
Now the window only sends commands; when one goes unanswered for ``HUNG_SECONDS``, read-aloud
turns off with one line in the log, and the kiosk goes on without it.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Property, QCoreApplication, QMetaObject, QObject, Qt, QThread, QTimer, Signal, Slot
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


# How long Qt's engine may take to answer a command (say or stop: milliseconds), and to start
# and list its voices (speech-dispatcher with espeak-ng: about a second here). Past that, it has hung.
HUNG_SECONDS = 5.0
OPEN_SECONDS = 30.0
# How long a closing window waits for the speech thread to end (else it is left behind: end_all).
CLOSE_MS = 2000


class SpeechWorker(QObject):
    """Qt's engine and every call into it, on the speech thread (for a test's own engine
    object, on the window's). Each command is acknowledged with ``answered(command)``."""

    answered = Signal(int)
    # The engine's state, with the number of the utterance it belongs to (the window ignores
    # what a cut-off utterance reports late).
    state = Signal(int, object)

    def __init__(self, engine: str, tts: Any = None) -> None:
        super().__init__()
        self._engine = engine
        self._tts: Any = tts
        self._made = tts is None  # Qt's engine, made (and deleted) here; a test's own it keeps
        self._utterance = 0
        # Written on the speech thread before ``opened`` is set; read by the window after.
        self.voices: list[tuple[VoiceInfo, Any]] = []
        self.error = ""
        self.opened = threading.Event()

    @Slot(int)
    def open(self, command: int) -> None:
        """Start Qt's engine (unless a test gave one) and list its voices."""
        from PySide6.QtTextToSpeech import QTextToSpeech

        try:
            tts: Any = self._tts if self._tts is not None else QTextToSpeech(self._engine, self)
            if tts.state() == QTextToSpeech.State.Error:
                self.error = tts.errorString() or "no reason given"
                tts.deleteLater()
                self._tts = None
            else:
                self._tts = tts
                tts.stateChanged.connect(self._state_changed)
                # Every voice, once (speech-dispatcher with espeak-ng: about 13,000 with variants).
                self.voices = [(VoiceInfo(voice.name(), voice.locale().name()), voice) for voice in tts.allVoices(None)]
        finally:
            self.opened.set()
        self.answered.emit(command)

    @Slot(int, int, int, float, float, str)
    def say(self, command: int, utterance: int, voice: int, rate: float, volume: float, text: str) -> None:
        """Read ``text`` with voice number ``voice``, cutting off what was being read."""
        if self._tts is not None:
            self._tts.stop()  # (what the cut-off utterance reports still carries its own number)
            self._utterance = utterance
            self._tts.setVoice(self.voices[voice][1])
            if hasattr(self._tts, "setRate"):
                self._tts.setRate(rate)
                self._tts.setVolume(volume)
            self._tts.say(text)
        self.answered.emit(command)

    @Slot(int)
    def stop(self, command: int) -> None:
        if self._tts is not None:
            self._tts.stop()
        self.answered.emit(command)

    @Slot()
    def close(self) -> None:
        """The window is closing: delete Qt's engine on its own thread (it has timers there),
        hand this object to the main thread (where Python will delete it, whenever that is)
        and end the thread, in that order."""
        tts, self._tts = self._tts, None
        if tts is not None and self._made:
            shiboken6.delete(tts)
        here = QThread.currentThread()
        main = QCoreApplication.instance()
        if main is not None and here != main.thread():
            self.moveToThread(main.thread())
            here.quit()

    def _state_changed(self, state: object) -> None:
        self.state.emit(self._utterance, state)


@QmlElement
@QmlUncreatable("made by the kiosk in Python and handed to the window")
class Speech(QObject):  # type: ignore[operator]  # (QmlUncreatable's stub)
    # Whether a voice reads the patient's language; whether it is reading (and what).
    availableChanged = Signal()
    speakingChanged = Signal()
    # An utterance was read to its end (not stopped): the narrated walk-through turns the page.
    finished = Signal()
    # Commands to the worker: queued to the speech thread (direct for a test's own engine object).
    _open = Signal(int)
    _say = Signal(int, int, int, float, float, str)
    _stop = Signal(int)
    # The probe's answer, sent from its thread to this object's (None: the engine may connect).
    _probed = Signal(object)

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
        clock: Callable[[], float] = time.monotonic,
        thread: bool = False,
    ) -> None:
        """``have_library`` is the seam where tests decide which speech libraries exist; ``tts``
        an engine object of their own (with QTextToSpeech's methods) whose voices they choose.
        It is called on this object's thread (``thread``: on a speech thread, as Qt's own
        engines always are).

        ``defer``: decide now whether read-aloud can work, but start the engine only in
        :meth:`start`, and do not wait for it (speech-dispatcher's takes over a second to list
        its voices, which must not hold up the kiosk's first frame). Tools (self-test) wait for
        the voices. ``enabled=False``: commands that draw screens for review (screenshots,
        layout checks) need no voice, but draw the speaker buttons as a kiosk with a voice does
        (their row takes room from a page's text). ``probe``: asks speech-dispatcher whether it
        answers, with a time limit, before Qt's engine connects to it with none
        (``kiosk.core.speechprobe``); deferred, it runs off the window's thread. ``clock``:
        when a command to the engine has waited too long.
        """
        super().__init__(parent)
        self._worker: SpeechWorker | None = None
        self._thread: QThread | None = None
        self._live = False  # the engine started, listed its voices and answers
        self._language = "en"
        self._speaking = False
        self._text = ""
        self._voices: list[tuple[VoiceInfo, int]] = []  # each voice and its number on the worker
        self._preferred: dict[str, str] = {}
        self._chosen: dict[str, tuple[VoiceInfo, int] | None] = {}
        self._pending = False
        self._rate = 0.0
        self._volume = 0.8
        self._defer = defer
        self._probe = probe
        self._probing = False
        self._clock = clock
        self._threaded = thread
        self._utterance = 0
        self._command = 0
        self._open_command = 0
        self._waiting: dict[int, float] = {}  # each unanswered command and its deadline
        self._watch = QTimer(self)
        self._watch.setInterval(500)
        self._watch.timeout.connect(self._check_answers)
        # Emitted on the probe's thread: Qt queues it to this object's thread (a bound slot of a QObject).
        self._probed.connect(self._after_probe)
        self._drawn_only = not enabled
        if not enabled:
            self.plan = SpeechPlan(None, "not used here")
            return
        if tts is not None:
            self.plan = SpeechPlan(engine or "test", f"read-aloud: engine {engine or 'test'}")
            self._open_engine(tts)
            return
        self.plan = find_plan(engine, have_library)
        if not self.plan.on:
            log.info("%s", self.plan.describe())
            return
        self._pending = True
        if not defer:
            self.start()

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
            self._open_engine(None)

    def _open_engine(self, tts: Any) -> None:
        worker = SpeechWorker(str(self.plan.engine), tts)
        self._worker = worker
        worker.answered.connect(self._answered)
        worker.state.connect(self._state_changed)
        self._open.connect(worker.open)
        self._say.connect(worker.say)
        self._stop.connect(worker.stop)
        if tts is None or self._threaded:
            thread = QThread()
            thread.setObjectName("speech")
            worker.moveToThread(thread)
            thread.start()
            self._thread = thread
            _RUNNING.append((thread, worker))
        self._open_command = self._expect(OPEN_SECONDS)
        self._open.emit(self._open_command)
        if tts is None and not self._defer:
            # A tool (self-test): wait here for the voices, as long as the watchdog would.
            if worker.opened.wait(OPEN_SECONDS):
                self._answered(self._open_command)
            else:
                self._give_up(f"did not start within {OPEN_SECONDS:g} s")

    def _expect(self, limit: float | None = None) -> int:
        """The number of the next command to the worker, which must answer within ``limit``
        seconds (a say or a stop: ``HUNG_SECONDS``)."""
        self._command += 1
        self._waiting[self._command] = self._clock() + (HUNG_SECONDS if limit is None else limit)
        if not self._watch.isActive():
            self._watch.start()
        return self._command

    @Slot(int)
    def _answered(self, command: int) -> None:
        if self._waiting.pop(command, None) is None:
            return  # answered before (a tool waited for it), or given up on
        if not self._waiting:
            self._watch.stop()
        if command == self._open_command and self._worker is not None:
            self._after_open(self._worker)

    @Slot()
    def _check_answers(self) -> None:
        if not self._waiting:
            self._watch.stop()
        elif min(self._waiting.values()) < self._clock():
            self._give_up("stopped answering" if self._live else f"did not start within {OPEN_SECONDS:g} s")

    def _give_up(self, what: str) -> None:
        """The engine hung: read-aloud is off until the kiosk restarts; the kiosk goes on."""
        self._waiting.clear()
        self._watch.stop()
        self._live = False
        self._chosen.clear()
        self.plan = SpeechPlan(None, f"the {self.plan.engine} text-to-speech engine {what}; "
                                     "read-aloud stays off until the kiosk restarts")
        log.warning("%s", self.plan.describe())
        if self._speaking:
            self._speaking = False
            self.speakingChanged.emit()
        self.availableChanged.emit()

    def _after_open(self, worker: SpeechWorker) -> None:
        if worker.error:
            self.plan = not_started(str(self.plan.engine), worker.error)
            log.info("%s", self.plan.describe())
        else:
            self._voices = [(info, number) for number, (info, _) in enumerate(worker.voices)]
            self._live = True
            log.info("%s (%d voices)", self.plan.describe(), len(self._voices))
            self._check_preferred()
        # A window closed while the engine started may have taken this object with it.
        if shiboken6.isValid(self):
            self.availableChanged.emit()

    def shut_down(self) -> bool:
        """The window is closing: end the speech thread. False when it does not end (hung
        inside the engine): it is then left running, and the process must end without Qt's
        teardown (:func:`end_all`), which would abort on it."""
        self._pending = False
        self._watch.stop()
        thread, self._thread = self._thread, None
        if thread is None or self._worker is None:
            return True
        return _end_thread(thread, self._worker)

    def set_preferred_voices(self, preferred: dict[str, str]) -> None:
        """The config's voice per language (by name); the others are chosen by ``choose_voice``."""
        self._preferred = dict(preferred)
        self._chosen.clear()
        self._check_preferred()
        self.availableChanged.emit()

    def _check_preferred(self) -> None:
        """Say which of the config's voices the engine does not have (once it has started)."""
        if not self._live:
            return
        names = {info.name for info, _ in self._voices}
        for code, name in self._preferred.items():
            if name not in names:
                log.warning("config: voices.%s: the speech engine has no voice '%s'; choosing one", code, name)

    def _choice(self, code: str) -> tuple[VoiceInfo, int] | None:
        if not self._live:
            return None
        code = base(code)
        if code not in self._chosen:
            voice = choose_voice(code, (info for info, _ in self._voices), self._preferred.get(code))
            self._chosen[code] = next(((info, n) for info, n in self._voices if info is voice), None)
        return self._chosen[code]

    def voice_for(self, code: str) -> VoiceInfo | None:
        """The voice that reads ``code``, or None."""
        choice = self._choice(code)
        return choice[0] if choice else None

    @Slot(int, object)
    def _state_changed(self, utterance: int, state: object) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if utterance != self._utterance or not self._live:
            return  # a cut-off utterance reporting late, or an engine given up on
        speaking = state == QTextToSpeech.State.Speaking
        if speaking != self._speaking:
            self._speaking = speaking
            self.speakingChanged.emit()
            if not speaking and state == QTextToSpeech.State.Ready:
                self.finished.emit()

    def voice_rows(self, languages: list[str]) -> list[tuple[str, bool]]:
        """Per language, the voice that reads it or what to install (self-test, admin screen)."""
        if self._pending or (self._worker is not None and self._open_command in self._waiting):
            return [(f"the {self.plan.engine} speech engine starts after the first frame", False)]
        chosen = {code: self.voice_for(code) for code in languages}
        return voice_rows(chosen, self._live, self.plan.describe())

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
        return self.voice_for(self._language) is not None

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
        choice = self._choice(self._language)
        if choice is None or not text:
            return
        self._read(choice[1], text)

    @Slot(str, result=bool)
    def say(self, text: str) -> bool:
        """Keypad mode: read ``text`` now, cutting off whatever was being read. False when no
        voice reads the patient's language (keypad mode then works by the focus ring alone)."""
        choice = self._choice(self._language)
        if choice is None or not text:
            return False
        self._read(choice[1], text)
        return True

    def _read(self, voice: int, text: str) -> None:
        self._utterance += 1  # what the cut-off utterance reports from now on is ignored
        self._text = text
        if self._speaking:
            self._speaking = False
            self.speakingChanged.emit()
        self._say.emit(self._expect(), self._utterance, voice, self._rate, self._volume, text)

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
        if not self._speaking:
            return
        self._utterance += 1  # the stopped utterance did not "finish"
        self._speaking = False
        self.speakingChanged.emit()
        if self._live:
            self._stop.emit(self._expect())


# Every speech thread still running, with its worker: kept here so that neither is deleted while
# the thread runs (Qt aborts the process when a running QThread is deleted).
_RUNNING: list[tuple[QThread, SpeechWorker]] = []
_LEFT_BEHIND: set[int] = set()  # the threads already reported as left behind (reported once)


def _end_thread(thread: QThread, worker: SpeechWorker) -> bool:
    """Ask the worker to close (it ends its thread) and wait for the thread to end."""
    QMetaObject.invokeMethod(worker, "close", Qt.ConnectionType.QueuedConnection)
    if not thread.wait(CLOSE_MS):
        # Hung inside the engine. Ending it by force (QThread.terminate) is no way out: unwinding
        # through PySide's call into Qt takes Python's lock with it, and the process freezes.
        if id(thread) not in _LEFT_BEHIND:
            _LEFT_BEHIND.add(id(thread))
            log.warning("read-aloud: the speech engine did not end within %g s; it is left behind", CLOSE_MS / 1000)
        return False
    _RUNNING[:] = [pair for pair in _RUNNING if pair[0] is not thread]
    return True


def end_all() -> bool:
    """End every speech thread still running (a tool's, a test's, or one left behind); False
    when one is hung. The process must then end with ``os._exit``, after flushing its output:
    Qt's teardown would delete the running thread and abort (the command line does so)."""
    for thread, worker in list(_RUNNING):
        _end_thread(thread, worker)
    return not _RUNNING


@atexit.register
def _at_exit() -> None:
    """The last resort, for processes that did not call :func:`end_all` (tests): end without
    Qt's teardown, and say why, rather than abort."""
    if not end_all():
        sys.stderr.write("kiosk: a speech engine hung and its thread cannot end; exiting without Qt's teardown\n")
        sys.stderr.flush()
        os._exit(70)
