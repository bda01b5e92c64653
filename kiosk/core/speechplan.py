"""Can read-aloud work on this machine? Decided before Qt loads a speech plugin.

Read-aloud is optional: a kiosk without a speech library or audio backend is in a normal
state, not a faulty one. Qt itself only finds out by trying: it loads the engine's plugin,
which fails with a critical message when a library the plugin links is missing, and Qt's
speech module will not even import without the audio backend that Qt Multimedia links.
So the kiosk looks for those libraries first (the dynamic loader answers in well under a
millisecond) and keeps read-aloud off, with one line that names the package that adds it.

Pure Python: the Qt layer (``kiosk.qt.speech``) and ``kiosk self-test`` both ask
:func:`plan_speech`, so what the kiosk does and what the self-test reports never differ.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Need:
    """A shared library that something loads at run time, and the Debian package that has it."""

    library: str
    package: str


# Qt's speech module (QtTextToSpeech) links Qt Multimedia, which links PulseAudio's client
# library on Linux: without it ``import PySide6.QtTextToSpeech`` fails.
MODULE_NEEDS: tuple[Need, ...] = (Need("libpulse.so.0", "libpulse0"),)
# What each engine's plugin links on Linux. speech-dispatcher is the only real engine in
# PySide6's Linux wheels; Windows' SAPI and WinRT engines need nothing extra.
ENGINE_NEEDS: dict[str, tuple[Need, ...]] = {
    "speechd": (Need("libspeechd.so.2", "libspeechd2"),),
}
# With the library but without the speech-dispatcher service and a voice, the engine starts
# and has no voices: the speaker buttons stay hidden. These packages give it voices.
VOICE_PACKAGES = ("speech-dispatcher", "speech-dispatcher-espeak-ng")
# Qt's test engine: it speaks to nobody. Used only when asked for by name (tests).
MOCK_ENGINE = "mock"


@dataclass(frozen=True)
class SpeechPlan:
    """Which engine to start, or why read-aloud is off and which packages turn it on."""

    engine: str | None
    reason: str
    packages: tuple[str, ...] = ()

    @property
    def on(self) -> bool:
        return self.engine is not None

    def describe(self) -> str:
        """One line for the log and the self-test."""
        if self.on:
            return self.reason
        if self.packages:
            return f"read-aloud is off: {self.reason}; to turn it on: apt-get install {' '.join(self.packages)}"
        return f"read-aloud is off: {self.reason}"


def library_loads(name: str) -> bool:
    """Whether the dynamic loader finds ``name`` and everything it links (as a Qt plugin would)."""
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def _missing(needs: Sequence[Need], have_library: Callable[[str], bool]) -> list[Need]:
    return [need for need in needs if not have_library(need.library)]


def _off_for(missing: list[Need], what: str) -> SpeechPlan:
    libraries = ", ".join(need.library for need in missing)
    packages = tuple(need.package for need in missing) + VOICE_PACKAGES
    return SpeechPlan(None, f"{what} needs {libraries}, which is not installed", tuple(dict.fromkeys(packages)))


def module_plan(have_library: Callable[[str], bool] = library_loads, platform: str = sys.platform) -> SpeechPlan | None:
    """Before importing Qt's speech module: ``None`` when it can be imported, else why not."""
    if not platform.startswith("linux"):
        return None
    missing = _missing(MODULE_NEEDS, have_library)
    return _off_for(missing, "Qt's speech module") if missing else None


def plan_speech(
    engines: Sequence[str],
    requested: str | None = None,
    have_library: Callable[[str], bool] = library_loads,
    platform: str = sys.platform,
) -> SpeechPlan:
    """The engine to use among Qt's ``engines`` (its plugins), or why there is none.

    ``requested`` names one engine (``"mock"`` in tests); otherwise the first real engine
    whose libraries are all present is taken.
    """
    linux = platform.startswith("linux")
    if requested is not None:
        if requested not in engines:
            return SpeechPlan(None, f"the text-to-speech engine '{requested}' is not available here")
        candidates = [requested]
    else:
        candidates = [engine for engine in engines if engine != MOCK_ENGINE]
    if not candidates:
        return SpeechPlan(None, "no text-to-speech engine is installed", VOICE_PACKAGES if linux else ())
    first_missing: tuple[str, list[Need]] | None = None
    for engine in candidates:
        missing = _missing(ENGINE_NEEDS.get(engine, ()), have_library) if linux else []
        if not missing:
            return SpeechPlan(engine, f"read-aloud: engine {engine}")
        first_missing = first_missing or (engine, missing)
    if first_missing is None:  # there was a candidate, and each one either returned or set it
        raise RuntimeError("no text-to-speech engine was considered")
    engine, missing = first_missing
    return _off_for(missing, f"the {engine} text-to-speech engine")


def not_started(engine: str, reason: str, platform: str = sys.platform) -> SpeechPlan:
    """The engine loaded but did not start: on Linux, libspeechd without the speech-dispatcher
    service and a voice, which the voice packages add."""
    packages = VOICE_PACKAGES if platform.startswith("linux") else ()
    return SpeechPlan(None, f"the {engine} text-to-speech engine did not start ({reason})", packages)
