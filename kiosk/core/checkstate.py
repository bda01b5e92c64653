"""Where the patient is in a topic's "Check what you learned" questions, and how usage names them.

Apart from :mod:`kiosk.core.teachback` (the words and the view), so that the session can hold this
state without importing the view model (which reads the session): no import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Usage events (Session.observer): key "<topic id>#<question number from 1>".
ANSWERED = "check_answered"  # the first answer of a patient to a question
RIGHT_FIRST = "check_right_first"  # ... and it was the right one


def question_key(topic_id: str, index: int) -> str:
    """How usage names a question: the topic id and its number from 1 (``laminectomy#2``)."""
    return f"{topic_id}#{index + 1}"


@dataclass
class CheckState:
    """Where the patient is in one topic's questions (reset with the topic)."""

    index: int = 0  # the question on screen
    chosen: int | None = None  # the answer tapped for it (None: not answered yet, or asked again)
    from_step: bool = False  # a wrong answer opened its step: Next or Back returns to the question
    done: bool = False  # answered or skipped: Next on the last page goes straight to the finish screen
    counted: set[int] = field(default_factory=set)  # questions whose first answer usage has counted
