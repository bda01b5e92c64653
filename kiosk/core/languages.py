"""What the kiosk knows about a language: its own name (never a flag) and its direction."""

from __future__ import annotations

# Each language in its own name and script, as patients look for it.
NATIVE_NAMES = {
    "en": "English",
    "es": "Español",
    "zh": "中文",
    "vi": "Tiếng Việt",
    "ar": "العربية",
    "tl": "Tagalog",
    "fr": "Français",
    "ru": "Русский",
    "ko": "한국어",
    "ht": "Kreyòl ayisyen",
    "pt": "Português",
    "fa": "فارسی",
    "he": "עברית",
    "ur": "اردو",
}
ENGLISH_NAMES = {
    "en": "English", "es": "Spanish", "zh": "Chinese", "vi": "Vietnamese", "ar": "Arabic", "tl": "Tagalog",
    "fr": "French", "ru": "Russian", "ko": "Korean", "ht": "Haitian Creole", "pt": "Portuguese",
    "fa": "Persian", "he": "Hebrew", "ur": "Urdu",
}
RIGHT_TO_LEFT = {"ar", "fa", "he", "ur"}
# How far apart a language's lines are set, as a multiple of what its font sets (Theme.qml's line
# heights are multiplied by it: a paragraph 1.25, a list's items 1.0). Latin, Vietnamese and
# Chinese fonts set their lines about 1.2-1.45 em apart (a paragraph then about 1.55-1.8 em).
# Noto Sans Arabic already sets them 2.1 em apart (room for the tallest stacks of marks above and
# below the letters): a paragraph's quarter more put Arabic lines 2.6 em apart, and 7 bundled pages
# needed scrolling in Arabic alone. 0.72 sets an Arabic paragraph's lines 1.9 em apart and a list's
# 1.5 em, about what Arabic web text uses (CSS line-height 1.6-1.9), with room for the marks.
ARABIC_SCRIPT = {"ar", "fa", "ur"}
ARABIC_LINE_FACTOR = 0.72
# The locales a voice for each language may have: kiosk/core/voices.py.


def base(code: str) -> str:
    return code.split("-")[0].lower()


def native_name(code: str) -> str:
    return NATIVE_NAMES.get(base(code), code)


def english_name(code: str) -> str:
    return ENGLISH_NAMES.get(base(code), code)


def is_rtl(code: str) -> bool:
    return base(code) in RIGHT_TO_LEFT


def line_factor(code: str) -> float:
    """How much closer (or further apart) than Theme.qml's line heights ``code``'s lines are set."""
    return ARABIC_LINE_FACTOR if base(code) in ARABIC_SCRIPT else 1.0
