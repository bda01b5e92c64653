"""The stand-in text of ``kiosk new-topic``'s starter topic, which ``kiosk validate`` finds if it is left in.

The starter loads and shows at once (``kiosk preview``), so every stand-in is a real sentence
that says what to write instead; each starts with "Replace with" so that a patient who met one
would at least see it is not meant for them. Validation matches these exact texts (in any
language: the lines to translate hold the source text) and the starter's ``# translate``
marks, so an author's own words are never mistaken for a stand-in.
"""

from __future__ import annotations

import re

SUMMARY = "Replace with one short line about this topic"
STEP_TITLE = "Replace with a title"
STEP_BODY = "Replace with one to three short sentences about this step."
KEY_POINT = "Replace with one sentence to remember from this page."
KEY_POINTS = ("Replace with a point to remember.", "Replace with another point to remember.")
QUESTIONS = ("Replace with a question the patient may ask.", "Replace with another question.")
SOURCE = "Replace with the source of these facts, for example a clinic web page"

PLACEHOLDERS = frozenset({SUMMARY, STEP_TITLE, STEP_BODY, KEY_POINT, *KEY_POINTS, *QUESTIONS, SOURCE})

TRANSLATE_MARK = "# translate"
_MARK = re.compile(r"\s#\s*translate\s*$")


def is_placeholder(text: str) -> bool:
    return text.strip() in PLACEHOLDERS


def translate_marks(text: str) -> list[int]:
    """The 1-based lines that still carry the starter's ``# translate`` comment."""
    return [i for i, line in enumerate(text.splitlines(), 1)
            if _MARK.search(line) and not line.lstrip().startswith("#")]
