"""Read-aloud is optional: a missing speech library or audio backend is a normal state.

Both worlds are tested on every machine through the ``have_library`` seam (which libraries
the dynamic loader finds), not by installing or removing packages.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from kiosk.core.speechplan import VOICE_PACKAGES, module_plan, plan_speech

ALL = lambda _name: True  # noqa: E731 - every library is there
NO_SPEECHD = lambda name: name != "libspeechd.so.2"  # noqa: E731 - every library but speech-dispatcher's
NO_PULSE = lambda name: name != "libpulse.so.0"  # noqa: E731 - every library but PulseAudio's


# ---- the plan (no Qt) ----------------------------------------------------------------------
def test_the_first_real_engine_whose_libraries_are_there() -> None:
    plan = plan_speech(["mock", "speechd"], have_library=ALL, platform="linux")
    assert plan.on and plan.engine == "speechd"
    assert plan.describe() == "read-aloud: engine speechd"


def test_without_libspeechd_read_aloud_is_off_and_the_package_is_named() -> None:
    plan = plan_speech(["mock", "speechd"], have_library=NO_SPEECHD, platform="linux")
    assert not plan.on
    assert plan.packages[0] == "libspeechd2" and set(VOICE_PACKAGES) <= set(plan.packages)
    assert "libspeechd.so.2" in plan.describe()
    assert "apt-get install libspeechd2 speech-dispatcher speech-dispatcher-espeak-ng" in plan.describe()


def test_the_mock_engine_is_used_only_when_asked_for() -> None:
    assert plan_speech(["mock"], have_library=ALL, platform="linux").engine is None
    assert plan_speech(["mock", "speechd"], "mock", have_library=NO_SPEECHD, platform="linux").engine == "mock"
    assert not plan_speech(["speechd"], "flite", have_library=ALL, platform="linux").on


def test_windows_engines_need_no_linux_library() -> None:
    plan = plan_speech(["mock", "sapi", "winrt"], have_library=lambda _n: False, platform="win32")
    assert plan.engine == "sapi"
    assert module_plan(lambda _n: False, platform="win32") is None


def test_without_pulseaudio_qt_s_speech_module_is_not_imported() -> None:
    plan = module_plan(NO_PULSE, platform="linux")
    assert plan is not None and not plan.on and plan.packages[0] == "libpulse0"
    assert module_plan(ALL, platform="linux") is None


# ---- the kiosk ---------------------------------------------------------------------------
def test_speech_without_its_library_is_off_says_why_once_and_loads_no_plugin(
    kiosk_app: object, caplog: pytest.LogCaptureFixture
) -> None:
    from kiosk.qt.speech import Speech

    asked: list[str] = []

    def have_library(name: str) -> bool:
        asked.append(name)
        return NO_SPEECHD(name)

    with caplog.at_level(logging.INFO, logger="kiosk.qt.speech"):
        speech = Speech(have_library=have_library)
    assert "libspeechd.so.2" in asked
    assert not speech.plan.on and not speech.property("available")
    lines = [r for r in caplog.records if r.name == "kiosk.qt.speech"]
    assert len(lines) == 1 and lines[0].levelno == logging.INFO
    assert "read-aloud is off" in lines[0].getMessage() and "libspeechd2" in lines[0].getMessage()
    assert not any("engine speechd" in r.getMessage() for r in caplog.records), "never claims an engine it has not"
    speech.toggle("Hello")  # a tap on a speaker that is not there does nothing
    assert not speech.property("speaking")
    # pytest-qt fails this test on Qt's "Error loading text-to-speech plug-in" critical message.


def test_speech_without_pulseaudio_does_not_import_qt_speech(kiosk_app: object, caplog: pytest.LogCaptureFixture) -> None:
    from kiosk.qt.speech import Speech

    with caplog.at_level(logging.INFO, logger="kiosk.qt.speech"):
        speech = Speech(have_library=NO_PULSE)
    assert not speech.plan.on and "libpulse0" in speech.plan.packages
    assert "libpulse0" in caplog.text


def test_speech_with_its_library_starts_the_engine(kiosk_app: object, caplog: pytest.LogCaptureFixture) -> None:
    from kiosk.qt.speech import Speech

    with caplog.at_level(logging.INFO, logger="kiosk.qt.speech"):
        speech = Speech("mock", have_library=ALL)
    assert speech.plan.on and speech.property("available")
    assert "read-aloud: engine mock" in caplog.text
    assert speech.voiced(["en"]) == ["en"]


@pytest.fixture(scope="module")
def silent_kiosk(kiosk_app: object) -> object:
    """A kiosk on a machine without libspeechd (as far as it can tell)."""
    from conftest import open_kiosk

    yield from open_kiosk(have_library=NO_SPEECHD)  # type: ignore[misc]


def test_without_the_library_no_speaker_button_is_shown(silent_kiosk: object, qtbot: object) -> None:
    from conftest import fresh_ui

    ui = fresh_ui(silent_kiosk, qtbot)
    ui.tap("touchToStart")  # type: ignore[attr-defined]
    ui.tap("tile-diskectomy")  # type: ignore[attr-defined]
    assert ui.exists("nextButton")  # type: ignore[attr-defined]
    assert not ui.exists("speakButton")  # type: ignore[attr-defined]
    ui.tap("nextButton")  # type: ignore[attr-defined]
    assert not ui.exists("speakButton")  # type: ignore[attr-defined]


def test_self_test_warns_and_names_the_package(kiosk_app: object, tmp_path: Path) -> None:
    from kiosk.core.config import load_config
    from kiosk.commands.selftest import run_checks

    checks = {c.name: c for c in run_checks(load_config(tmp_path / "none.yaml"), have_library=NO_SPEECHD)}
    speech = checks["text-to-speech"]
    assert speech.status == "WARN"
    assert "apt-get install libspeechd2" in speech.detail
    checks = {c.name: c for c in run_checks(load_config(tmp_path / "none.yaml"), have_library=NO_PULSE)}
    assert checks["text-to-speech"].status == "WARN" and "libpulse0" in checks["text-to-speech"].detail


def test_an_engine_that_did_not_start_names_the_voice_packages_on_linux_only() -> None:
    from kiosk.core.speechplan import not_started

    plan = not_started("speechd", "Connection to speech-dispatcher failed", platform="linux")
    assert not plan.on and plan.packages == VOICE_PACKAGES
    assert not_started("sapi", "no voice", platform="win32").packages == ()


# ---- speech-dispatcher that hangs: asked with a time limit, off the window's thread -------


def _server(path: Path, answer: bytes | None) -> socket.socket:
    """A Unix socket that takes connections; it answers ``answer`` to the first line, or nothing."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(4)

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(256)
            if answer is not None:
                conn.sendall(answer)
            conn.recv(256)  # QUIT, or the prober's time-out closing its end

    threading.Thread(target=serve, daemon=True).start()
    return server


def test_libspeechd_s_address_is_found_as_libspeechd_finds_it(tmp_path: Path) -> None:
    from kiosk.core.speechprobe import speechd_address

    assert speechd_address({"SPEECHD_ADDRESS": "unix_socket:/x/s.sock"}).path == Path("/x/s.sock")
    tcp = speechd_address({"SPEECHD_ADDRESS": "inet_socket:10.0.0.2:7000"})
    assert (tcp.path, tcp.host, tcp.port) == (None, "10.0.0.2", 7000)
    assert speechd_address({"XDG_RUNTIME_DIR": "/run/user/7"}).path == Path("/run/user/7/speech-dispatcher/speechd.sock")
    assert speechd_address({}, home=tmp_path).path == tmp_path / ".cache/speech-dispatcher/speechd.sock"


def test_a_dispatcher_that_answers_lets_the_engine_connect(tmp_path: Path) -> None:
    from kiosk.core.speechprobe import probe_speechd

    sock = tmp_path / "speechd.sock"
    with _server(sock, b"208 OK CLIENT NAME SET\r\n"):
        assert probe_speechd({"SPEECHD_ADDRESS": f"unix_socket:{sock}"}, timeout=5) is None


def test_a_dispatcher_that_takes_the_connection_but_never_answers_is_given_up(tmp_path: Path) -> None:
    """What a deadlocked speech-dispatcher did here: Qt's engine would have waited forever."""
    from kiosk.core.speechprobe import probe_speechd

    sock = tmp_path / "speechd.sock"
    with _server(sock, None):
        reason = probe_speechd({"SPEECHD_ADDRESS": f"unix_socket:{sock}"}, timeout=0.3)
    assert reason is not None and "does not answer (waited 0.3 s)" in reason and str(sock) in reason


def test_with_nothing_listening_the_dispatcher_is_started_under_a_time_limit(tmp_path: Path) -> None:
    from kiosk.core.speechprobe import probe_speechd

    hangs = tmp_path / "speech-dispatcher"
    hangs.write_text("#!/bin/sh\nsleep 30\n")
    hangs.chmod(0o755)
    env = {"SPEECHD_ADDRESS": f"unix_socket:{tmp_path / 'run/speechd.sock'}"}
    reason = probe_speechd(env, spawn_timeout=0.3, which=lambda _name: str(hangs))
    assert reason == "speech-dispatcher did not finish starting within 0.3 s"
    # No dispatcher installed: nothing to wait for; Qt's engine then finds no voice (reported as such).
    assert probe_speechd(env, which=lambda _name: None) is None


def test_a_hung_dispatcher_never_holds_up_the_window_and_read_aloud_stays_off(
    kiosk_app: object, qtbot: object, caplog: pytest.LogCaptureFixture
) -> None:
    from kiosk.qt.speech import Speech

    release = threading.Event()
    asked_on: list[threading.Thread] = []

    def hung_dispatcher() -> str:
        asked_on.append(threading.current_thread())
        release.wait(10)
        return "speech-dispatcher at /run/x does not answer (waited 3 s)"

    speech = Speech(have_library=ALL, defer=True, probe=hung_dispatcher)
    if speech.plan.engine != "speechd":
        pytest.skip("Qt has no speech-dispatcher engine here")
    started = time.monotonic()
    speech.start()
    assert time.monotonic() - started < 0.5, "start() waited for the dispatcher"
    assert not release.is_set() and speech.plan.on  # still asking
    with caplog.at_level(logging.WARNING, logger="kiosk.qt.speech"), qtbot.waitSignal(  # type: ignore[attr-defined]
        speech.availableChanged, timeout=5000
    ):
        release.set()
    assert asked_on and asked_on[0] is not threading.main_thread()
    assert not speech.plan.on and not speech.property("available")
    assert "was not started: speech-dispatcher at /run/x does not answer" in caplog.text
    assert "apt-get install" not in caplog.text  # it is installed; installing it again would not help


class HangingEngine:
    """Qt's engine as speech-dispatcher's behaved here on a machine with no sound device: it
    reads, then hangs inside the next ``stop()`` until released."""

    def __init__(self) -> None:
        from PySide6.QtCore import QObject, Signal

        class _Signals(QObject):
            stateChanged = Signal(object)

        self._signals = _Signals()
        self.stateChanged = self._signals.stateChanged
        self.release = threading.Event()
        self.said: list[str] = []
        self.hung_on: list[threading.Thread] = []
        self.voices = [_Voice("English", "en_US")]

    def state(self) -> object:
        from PySide6.QtTextToSpeech import QTextToSpeech

        return QTextToSpeech.State.Ready

    def errorString(self) -> str:
        return ""

    def allVoices(self, _locale: object) -> list[object]:
        return self.voices

    def setVoice(self, _voice: object) -> None:
        pass

    def say(self, text: str) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        self.said.append(text)
        self.stateChanged.emit(QTextToSpeech.State.Speaking)

    def stop(self) -> None:
        if self.said:  # the first stop (before anything was read) answers
            self.hung_on.append(threading.current_thread())
            self.release.wait(30)


class _Voice:
    def __init__(self, name: str, code: str) -> None:
        self._name, self._code = name, code

    def name(self) -> str:
        return self._name

    def locale(self) -> object:
        from PySide6.QtCore import QLocale

        return QLocale(self._code)


def reading_on_a_hanging_engine(qtbot: Any) -> tuple[HangingEngine, Any]:
    """A Speech on a :class:`HangingEngine`, on a speech thread as Qt's engines are, reading "Hello"."""
    from kiosk.qt.speech import Speech

    engine = HangingEngine()
    speech = Speech("speechd", tts=engine, thread=True)
    qtbot.waitUntil(lambda: speech.property("available"), timeout=5000)
    with qtbot.waitSignal(speech.speakingChanged, timeout=5000):
        speech.toggle("Hello")
    return engine, speech


def test_an_engine_that_hangs_mid_session_never_holds_up_a_tap_and_read_aloud_turns_off(
    kiosk_app: object, qtbot: object, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tap that stops the reading (every page change does) used to wait inside the engine's
    stop() for ever: the kiosk froze, and so did a test run in CI."""
    import kiosk.qt.speech as speech_module

    monkeypatch.setattr(speech_module, "HUNG_SECONDS", 0.5)
    engine, speech = reading_on_a_hanging_engine(qtbot)
    assert speech.property("speaking") and engine.said == ["Hello"]

    started = time.monotonic()
    speech.stop()  # the engine hangs in it, on the speech thread
    speech.toggle("Next page")  # so does the next command
    assert time.monotonic() - started < 0.2, "the window waited for the engine"
    assert not speech.property("speaking")

    with caplog.at_level(logging.WARNING, logger="kiosk.qt.speech"), qtbot.waitSignal(  # type: ignore[attr-defined]
        speech.availableChanged, timeout=5000
    ):
        pass
    assert engine.hung_on and engine.hung_on[0] is not threading.main_thread()
    assert not speech.property("available") and not speech.plan.on
    assert "the speechd text-to-speech engine stopped answering; read-aloud stays off" in caplog.text
    speech.toggle("Hello again")  # a speaker tap now does nothing (the button is hidden)
    assert engine.said == ["Hello"]

    engine.release.set()  # the engine comes back: its late answers change nothing
    qtbot.wait(200)  # type: ignore[attr-defined]
    assert not speech.property("available")
    started = time.monotonic()
    speech.shut_down()
    assert time.monotonic() - started < 1.0


def test_a_speech_thread_hung_for_good_is_left_behind_and_ended_when_it_comes_back(
    kiosk_app: object, qtbot: object, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deleting a running QThread aborts the process, and ending it by force froze it: a window
    that closes leaves a hung speech thread running, and the command line then ends the process
    without Qt's teardown (``end_all`` false)."""
    import kiosk.qt.speech as speech_module
    from kiosk.qt.speech import end_all

    monkeypatch.setattr(speech_module, "CLOSE_MS", 300)
    engine, speech = reading_on_a_hanging_engine(qtbot)
    speech.stop()
    qtbot.waitUntil(lambda: bool(engine.hung_on), timeout=5000)  # type: ignore[attr-defined]
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="kiosk.qt.speech"):
        assert not speech.shut_down()
    assert time.monotonic() - started < 1.0
    assert "did not end within 0.3 s; it is left behind" in caplog.text
    with caplog.at_level(logging.WARNING, logger="kiosk.qt.speech"):
        assert not end_all() and speech_module._RUNNING, "still hung"
    assert caplog.text.count("it is left behind") == 1, "said once, not again by the command line's end_all"
    engine.release.set()
    assert end_all() and not speech_module._RUNNING
