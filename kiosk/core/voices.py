"""Which voice reads each language aloud: chosen from the engine's voices (no Qt).

Qt turns each voice's language code into a locale, and some codes have none: espeak-ng's
Mandarin voices (code ``cmn``, "Chinese (Mandarin, latin as English)") come out of Qt's
speech-dispatcher engine with the locale ``C``, so a search by locale alone finds only
Cantonese (``yue_HK``) under Chinese-like names, and Chinese-reading patients never got
read-aloud. Here a voice is matched by locale first, then by its name, and the choice is
made per language once, with the config able to name a voice for a language.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .languages import base, english_name


@dataclass(frozen=True)
class VoiceInfo:
    """What the kiosk knows of an engine's voice: its name and Qt's locale for it (``C`` if none)."""

    name: str
    locale: str  # e.g. "es_419", "zh_CN", "C"

    @functools.cached_property
    def language(self) -> str:  # (read for every voice each time one is chosen)
        return self.locale.split("_")[0].lower()


# Locales for each kiosk language, best first (patients in US clinics: US and Latin American
# Spanish before Spain's, Mainland Mandarin before Taiwan's).
VOICE_LOCALES: dict[str, tuple[str, ...]] = {
    "en": ("en_US", "en_CA", "en_GB"),
    "es": ("es_US", "es_419", "es_MX", "es_ES"),
    "zh": ("zh_CN", "zh_SG", "zh_TW"),
    "vi": ("vi_VN",),
    "ar": ("ar", "ar_SA", "ar_EG"),
}
# Words in a voice's name that say which language it reads, best first: a voice Qt gives no
# locale (locale C) is found by these. Cantonese reads Chinese characters too, but in another
# spoken language: only when no Mandarin voice is installed.
VOICE_NAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "zh": (("mandarin", "cmn", "putonghua"), ("cantonese", "yue")),
}
# Among espeak-ng's variants of one language: Mandarin that reads Latin letters ("CT", "X-ray")
# as English rather than as Pinyin; Vietnamese's Northern (Hanoi) voice, the standard one.
FAVOURED_WORDS: dict[str, tuple[str, ...]] = {"zh": ("as english",), "vi": ("northern",)}
# What to install when a language has no voice (Debian; speech-dispatcher's espeak-ng module
# has voices for all five; RHVoice or Piper voices for speech-dispatcher sound better).
VOICE_PACKAGE = "speech-dispatcher-espeak-ng"

_ESPEAK_VARIANT = "+"  # espeak-ng lists every voice again per variant: "English (America)+Annie"


@functools.cache
def _locales(language: str) -> tuple[str, ...]:
    return tuple(loc.lower() for loc in VOICE_LOCALES.get(language, (language,)))


@functools.cache
def _name_words(language: str) -> tuple[tuple[str, ...], ...]:
    return VOICE_NAMES.get(language, ((english_name(language).lower(),),))


def _named_after_language(voice: VoiceInfo, language: str) -> bool:
    """espeak-ng's voices are named after their language ("Spanish (Latin America)"); RHVoice
    and Piper voices have names of their own ("Elena", "es_MX-claude-high")."""
    name = voice.name.lower()
    return name.startswith((english_name(language).lower(), "chinese"))


def _rank(voice: VoiceInfo, language: str) -> tuple[int, ...] | None:
    """How well ``voice`` reads ``language`` (larger is better), or None when it cannot.

    First what it speaks (the language by its locale, then by its name), then a voice of its
    own over espeak-ng's (RHVoice or Piper sound far better, whatever their region), then the
    region, then espeak-ng's main voice over its variants.
    """
    locales = _locales(language)
    locale = voice.locale.lower()
    region = len(locales) - locales.index(locale) if locale in locales else 0
    if voice.language == language:
        speaks = 100
    else:
        # Qt found no locale for the voice's code (locale C), or the locale of a close language
        # (Cantonese for Chinese): judge it by its name and code.
        groups = _name_words(language)
        if voice.locale != "C":
            words = {voice.language} if any(voice.language in group for group in groups) else set()
        else:
            words = set(re.findall(r"[a-z]+", voice.name.lower()))
        speaks = next((50 - i for i, group in enumerate(groups) if words & set(group)), 0)
        if not speaks:
            return None  # another language's voice
    own_name = 0 if _named_after_language(voice, language) else 1
    main_voice = 0 if _ESPEAK_VARIANT in voice.name else 1
    favoured = int(any(word in voice.name.lower() for word in FAVOURED_WORDS.get(language, ())))
    return (speaks, own_name, region, main_voice, favoured)


def choose_voice(language: str, voices: Iterable[VoiceInfo], preferred: str | None = None) -> VoiceInfo | None:
    """The voice to read ``language`` with: the one named in the config when the engine has it,
    else the best match by locale, then by name; None when no voice reads the language."""
    language = base(language)
    voices = list(voices)
    if preferred:
        for voice in voices:
            if voice.name == preferred:
                return voice
    # Only the voices :func:`_rank` can accept are ranked: speech-dispatcher lists espeak-ng's
    # voices once per variant (13,362 of them here), and ranking them all took over 100 ms in a
    # patient's language tap. A voice of the language itself outranks any judged by its name
    # (100 against 50 at most); without one, only a voice with no locale or whose code is one of
    # the name words can read the language.
    candidates = [voice for voice in voices if voice.language == language]
    if not candidates:
        groups = _name_words(language)
        candidates = [voice for voice in voices
                      if voice.locale == "C" or any(voice.language in group for group in groups)]
    ranked = [(rank, voice) for voice in candidates if (rank := _rank(voice, language)) is not None]
    if not ranked:
        return None
    # Best rank; among equals the shortest name, then the first alphabetically: stable across runs.
    return min(ranked, key=lambda pair: (tuple(-x for x in pair[0]), len(pair[1].name), pair[1].name))[1]


def choose_voices(languages: Iterable[str], voices: Iterable[VoiceInfo],
                  preferred: Mapping[str, str] | None = None) -> dict[str, VoiceInfo | None]:
    voices = list(voices)
    preferred = preferred or {}
    return {code: choose_voice(code, voices, preferred.get(code)) for code in languages}


def voice_rows(chosen: Mapping[str, VoiceInfo | None], engine_on: bool, why_off: str = "") -> list[tuple[str, bool]]:
    """One line per language for the self-test and the admin screen: the voice that reads it, or
    what to install; and whether that line is a problem."""
    if not engine_on:
        return [(why_off or "read-aloud is off", True)]
    rows = []
    for code, voice in chosen.items():
        if voice is None:
            rows.append((f"{english_name(code)} ({code}): none: install {VOICE_PACKAGE} "
                         f"(or a {english_name(code)} voice for speech-dispatcher)", True))
        else:
            rows.append((f"{english_name(code)} ({code}): {voice.name}", False))
    return rows
