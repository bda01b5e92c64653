"""The voice for each language comes from the engine's voices, not only its locales.

speech-dispatcher reports espeak-ng's voices with language codes that Qt turns into locales;
``cmn`` (Mandarin) has none (Qt gives it the locale C), so a search by locale found only
Cantonese and Chinese read-aloud never showed. The fake engine here carries the codes
speech-dispatcher really reports (cmn, yue, es-419, vi, ar) and lets Qt's QLocale turn them
into locales as Qt's speech-dispatcher plugin does; one test uses the real engine where
speech-dispatcher is installed.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QObject, Signal

from kiosk.core.voices import VoiceInfo, choose_voice, choose_voices, voice_rows

LANGUAGES = ["en", "es", "zh", "vi", "ar"]
# (name, the language code speech-dispatcher reports) for espeak-ng's voices, as listed on Debian 12.
ESPEAK = [
    ("English (America)", "en-us"), ("English (America)+Annie", "en-us"), ("English (Great Britain)", "en-gb"),
    ("Spanish (Spain)", "es"), ("Spanish (Latin America)", "es-419"),
    ("Chinese (Cantonese)", "yue"), ("Chinese (Cantonese, latin as Jyutping)", "yue"),
    ("Chinese (Mandarin, latin as English)", "cmn"), ("Chinese (Mandarin, latin as Pinyin)", "cmn"),
    ("Chinese (Mandarin, latin as English)+Annie", "cmn"), ("Hakka Chinese", "hak"),
    ("Vietnamese (Central)", "vi-vn-x-central"), ("Vietnamese (Northern)", "vi"), ("Vietnamese (Southern)", "vi-vn-x-south"),
    ("Arabic", "ar"), ("Klingon", "piqd"),
]


def infos(voices: list[tuple[str, str]]) -> list[VoiceInfo]:
    """Voices as the kiosk sees them: each code made a locale by Qt (cmn and hak become C)."""
    return [VoiceInfo(name, QLocale(code).name()) for name, code in voices]


def test_qt_gives_mandarin_no_locale() -> None:
    """The root of the fault: what Qt does with speech-dispatcher's codes."""
    assert QLocale("cmn").name() == "C"
    assert QLocale("yue").name() == "yue_HK"


def test_every_language_gets_a_voice_and_chinese_a_mandarin_one() -> None:
    chosen = choose_voices(LANGUAGES, infos(ESPEAK))
    assert {code: v.name if v else None for code, v in chosen.items()} == {
        "en": "English (America)",
        "es": "Spanish (Latin America)",
        "zh": "Chinese (Mandarin, latin as English)",
        "vi": "Vietnamese (Northern)",
        "ar": "Arabic",
    }


def test_choosing_ranks_only_the_voices_that_can_read_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """speech-dispatcher lists espeak-ng's voices once per variant: 13,362 on this machine, and
    ranking every one took over 100 ms in the tap that changed a patient's language. Only the
    voices of the language (or, with none, those with no locale or a code named for it) are
    ranked now, and the choice is the one a ranking of all of them makes."""
    import kiosk.core.voices as voices_module

    variants = [(f"{name}+Variant{i}", code) for i in range(300) for name, code in ESPEAK]
    many = infos(ESPEAK + variants)
    real_rank = voices_module._rank

    def by_ranking_all(code: str) -> VoiceInfo | None:
        ranks = [(rank, voice) for voice in many if (rank := real_rank(voice, code)) is not None]
        return min(ranks, key=lambda pair: (tuple(-x for x in pair[0]), len(pair[1].name), pair[1].name))[1] if ranks else None

    expected = {code: by_ranking_all(code) for code in [*LANGUAGES, "tl"]}
    ranked: list[VoiceInfo] = []

    def counting(voice: VoiceInfo, language: str) -> tuple[int, ...] | None:
        ranked.append(voice)
        return real_rank(voice, language)

    monkeypatch.setattr(voices_module, "_rank", counting)
    # Which voices may be ranked: the language's own; with none, those Qt gave no locale
    # (Mandarin's cmn, Hakka's hak) and those whose code names the language (Cantonese's yue).
    may = {"en": {"en"}, "es": {"es"}, "vi": {"vi"}, "ar": {"ar"}, "zh": {"c", "yue"}, "tl": {"c"}}
    for code in [*LANGUAGES, "tl"]:
        ranked.clear()
        assert choose_voice(code, many) == expected[code], code
        assert ranked and {voice.language for voice in ranked} <= may[code], code
    assert expected["es"].name == "Spanish (Latin America)" and expected["tl"] is None  # type: ignore[union-attr]


def test_cantonese_reads_chinese_only_when_no_mandarin_voice_is_installed() -> None:
    without_mandarin = [v for v in ESPEAK if v[1] != "cmn"]
    assert choose_voice("zh", infos(without_mandarin)).name == "Chinese (Cantonese)"  # type: ignore[union-attr]
    assert choose_voice("zh", infos([("Hakka Chinese", "hak"), ("Klingon", "piqd")])) is None


def test_a_voice_of_its_own_is_preferred_over_espeak() -> None:
    """RHVoice and Piper voices have names of their own and sound far better than espeak-ng."""
    voices = infos([*ESPEAK, ("Elena", "es-es"), ("vi_VN-vais1000-medium", "vi")])
    assert choose_voice("es", voices).name == "Elena"  # type: ignore[union-attr]
    assert choose_voice("vi", voices).name == "vi_VN-vais1000-medium"  # type: ignore[union-attr]


def test_the_config_names_a_voice() -> None:
    voices = infos(ESPEAK)
    assert choose_voice("es", voices, "Spanish (Spain)").name == "Spanish (Spain)"  # type: ignore[union-attr]
    assert choose_voice("es", voices, "No such voice").name == "Spanish (Latin America)"  # type: ignore[union-attr]


def test_rows_name_the_voice_or_the_package() -> None:
    rows = voice_rows(choose_voices(["zh", "ar"], infos([("Chinese (Mandarin, latin as English)", "cmn")])), True)
    assert rows[0] == ("Chinese (zh): Chinese (Mandarin, latin as English)", False)
    assert rows[1][1] and "none: install speech-dispatcher-espeak-ng" in rows[1][0]


# ---- the Qt layer with a fake engine -----------------------------------------------------
class FakeVoice:
    def __init__(self, name: str, code: str) -> None:
        self._name, self._locale = name, QLocale(code)

    def name(self) -> str:
        return self._name

    def locale(self) -> QLocale:
        return self._locale


class FakeEngine(QObject):
    """What Speech uses of QTextToSpeech; remembers the voice it was told to read with."""

    stateChanged = Signal(object)

    def __init__(self, voices: list[tuple[str, str]], error: str = "") -> None:
        super().__init__()
        self.error = error
        self.voices = [FakeVoice(name, code) for name, code in voices]
        self.voice: FakeVoice | None = None
        self.said: list[str] = []

    def state(self) -> object:
        from PySide6.QtTextToSpeech import QTextToSpeech

        return QTextToSpeech.State.Error if self.error else QTextToSpeech.State.Ready

    def errorString(self) -> str:
        return self.error

    def allVoices(self, _locale: object) -> list[FakeVoice]:
        return self.voices

    def setVoice(self, voice: FakeVoice) -> None:
        self.voice = voice

    def say(self, text: str) -> None:
        self.said.append(text)

    def stop(self) -> None:
        pass


def test_speech_reads_chinese_with_the_mandarin_voice(kiosk_app: object, caplog: pytest.LogCaptureFixture) -> None:
    from kiosk.qt.speech import Speech

    engine = FakeEngine(ESPEAK)
    speech = Speech("speechd", tts=engine)
    speech.set_language("zh")
    assert speech.property("available")
    speech.toggle("你好")
    assert engine.voice is not None and engine.voice.name() == "Chinese (Mandarin, latin as English)"
    assert engine.said == ["你好"]
    with caplog.at_level(logging.WARNING):
        speech.set_preferred_voices({"zh": "Chinese (Cantonese)", "es": "Nobody"})
    assert "voices.es: the speech engine has no voice 'Nobody'" in caplog.text
    speech.toggle("你好")
    assert engine.voice.name() == "Chinese (Cantonese)", "the config's choice"


def test_a_deferred_engine_checks_the_config_s_voices_when_it_starts(kiosk_app: object, qtbot: object,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    """The kiosk starts its engine after the first frame, after the config named its voices; on
    the speech thread, so start() does not wait for it."""
    from kiosk.qt.speech import Speech

    speech = Speech("mock", defer=True)
    speech.set_preferred_voices({"en": "Nobody"})
    assert not speech.property("available")
    assert speech.voice_rows(["en"]) == [("the mock speech engine starts after the first frame", False)]
    with caplog.at_level(logging.WARNING), qtbot.waitSignal(speech.availableChanged, timeout=10000):  # type: ignore[attr-defined]
        speech.start()
        assert not speech.property("available"), "start() waited for the engine"
    speech.shut_down()
    assert "voices.en: the speech engine has no voice 'Nobody'" in caplog.text
    assert speech.property("available"), "the mock engine has an English voice"


def test_an_engine_that_does_not_start_leaves_read_aloud_off(kiosk_app: object,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    """libspeechd without the speech-dispatcher service: the engine loads, then fails to connect."""
    from kiosk.qt.speech import Speech

    with caplog.at_level(logging.INFO, logger="kiosk.qt.speech"):
        speech = Speech("speechd", tts=FakeEngine(ESPEAK, error="Connection to speech-dispatcher failed"))
    assert not speech.plan.on and not speech.property("available")
    assert "did not start (Connection to speech-dispatcher failed)" in caplog.text
    assert "apt-get install speech-dispatcher speech-dispatcher-espeak-ng" in caplog.text
    assert "read-aloud: engine" not in caplog.text


@pytest.fixture(scope="module")
def no_chinese_kiosk(kiosk_app: object) -> Iterator[object]:
    from conftest import open_kiosk

    yield from open_kiosk(speech_engine="speechd", speech_tts=FakeEngine([v for v in ESPEAK if "Chinese" not in v[0]]))  # type: ignore[misc]


def test_the_speaker_shows_in_each_language_that_has_a_voice(no_chinese_kiosk: object, qtbot: object) -> None:
    from conftest import fresh_ui

    ui = fresh_ui(no_chinese_kiosk, qtbot)
    ui.tap("touchToStart")  # type: ignore[attr-defined]
    ui.tap("tile-diskectomy")  # type: ignore[attr-defined]
    bridge = no_chinese_kiosk.bridge  # type: ignore[attr-defined]
    for language, shown in (("es", True), ("zh", False), ("vi", True), ("ar", True), ("en", True)):
        bridge.display.setLanguage(language)
        assert ui.exists("speakButton") is shown, language  # type: ignore[attr-defined]


def test_self_test_lists_the_voice_per_language_and_can_require_them(kiosk_app: object, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.core.config import load_config
    from kiosk.qt import speech as speech_module
    from kiosk.commands.selftest import run_checks

    engine = FakeEngine([v for v in ESPEAK if "Chinese" not in v[0]])
    real = speech_module.Speech
    monkeypatch.setattr(speech_module, "Speech", lambda **kw: real("speechd", tts=engine))
    config = tmp_path / "config.yaml"
    config.write_text(f'log_dir: "{tmp_path}"\n')
    rows = [c for c in run_checks(load_config(config)) if c.name.strip() == "read aloud"]
    assert [(c.status, c.detail.split(":")[0]) for c in rows] == [
        ("PASS", "English (en)"), ("PASS", "Spanish (es)"), ("WARN", "Chinese (zh)"), ("PASS", "Vietnamese (vi)"),
        ("PASS", "Arabic (ar)")]
    config.write_text(f'log_dir: "{tmp_path}"\nread_aloud_required: true\n')
    checks = run_checks(load_config(config))
    assert [c.status for c in checks if c.detail.startswith("Chinese (zh)")] == ["FAIL"]


@pytest.mark.skipif(shutil.which("speech-dispatcher") is None, reason="speech-dispatcher is not installed here")
def test_the_real_engine_has_a_mandarin_voice(kiosk_app: object) -> None:
    """speech-dispatcher with its espeak-ng module, as the README tells IT to install it."""
    from kiosk.qt.speech import Speech

    speech = Speech()
    assert speech.plan.on, speech.plan.describe()
    assert speech.voiced(LANGUAGES) == LANGUAGES
    assert "Mandarin" in speech.voice_for("zh").name  # type: ignore[union-attr]
    assert speech.shut_down(), "its thread ends"


def test_the_engine_starts_after_the_first_frame_and_the_content(kiosk_app: object, qtbot: object) -> None:
    """speech-dispatcher's engine takes over a second to start: never before or inside the first frame."""
    from kiosk.core.loader import load_content
    from kiosk.core.paths import bundled_content_dir
    from kiosk.qt.app import KioskWindow, WindowOptions

    kiosk = KioskWindow(load_content(bundled_content_dir()).content,
                        WindowOptions(windowed=True, width=800, height=450, speech_engine="mock", defer_speech=True))
    try:
        with qtbot.waitSignal(kiosk.window.frameSwapped, timeout=5000):  # type: ignore[attr-defined]
            kiosk.show()
        assert not kiosk.speech.property("available"), "started inside the first frame"
        qtbot.waitUntil(lambda: kiosk.speech.property("available"), timeout=5000)  # type: ignore[attr-defined]
    finally:
        kiosk.dispose()
