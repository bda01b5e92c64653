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
# The locales a voice for each language may have: kiosk/core/voices.py.


def base(code: str) -> str:
    return code.split("-")[0].lower()


def native_name(code: str) -> str:
    return NATIVE_NAMES.get(base(code), code)


def english_name(code: str) -> str:
    return ENGLISH_NAMES.get(base(code), code)


def is_rtl(code: str) -> bool:
    return base(code) in RIGHT_TO_LEFT
