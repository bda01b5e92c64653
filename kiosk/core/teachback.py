"""'Check what you learned': the teach-back questions after a topic's last page.

The rules (which question, what an answer does, where a wrong answer leads) live in
:class:`~kiosk.core.session.Session`; this module holds the patient's place in the questions
(:class:`CheckState`), the words of the screen in every language, and the Qt-free view the
bridge copies (:class:`CheckView`). Nothing about the person is kept: the state is forgotten
with the session, and usage counts only that a question was answered, and right at the first try.

Nothing here imports pydantic at import time: the Qt layer imports this module before the
first frame, and the content arrives after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import markup
from .checkstate import ANSWERED, RIGHT_FIRST, CheckState, question_key

if TYPE_CHECKING:
    from .pageview import PictureView
    from .session import Session

__all__ = ["ANSWERED", "ASK", "RIGHT", "RIGHT_FIRST", "WORDS", "WRONG", "AnswerView", "CheckState", "CheckView",
           "check_view", "question_key", "words"]

ASK, RIGHT, WRONG = "ask", "right", "wrong"


# ---- the words of the screen ----------------------------------------------------------------
# UI words of this screen, in each language the bundled content has (drafts, like the content's
# translations: not reviewed by a clinician or a professional translator). Chinese uses only
# characters the bundled font subset has (tests/test_teachback_ui.py checks every character).
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "heading": "Check what you learned",
        "counter": "Question {n} of {count}",
        "skip": "Skip",
        "next": "Next question",
        "last": "Done",
        "right": "Yes, that is right. Well done!",
        "wrong": "Not quite, and that is OK.",
        "open_step": "Show me that step",
        "try_again": "Try again",
        "return": "Back to the question",
    },
    "es": {
        "heading": "Compruebe lo que aprendió",
        "counter": "Pregunta {n} de {count}",
        "skip": "Saltar",
        "next": "Siguiente pregunta",
        "last": "Listo",
        "right": "Sí, es correcto. ¡Muy bien!",
        "wrong": "No exactamente, y no pasa nada.",
        "open_step": "Ver ese paso",
        "try_again": "Intentar de nuevo",
        "return": "Volver a la pregunta",
    },
    "zh": {
        "heading": "看看您学到了什么",
        "counter": "第{n}题，共{count}题",
        "skip": "先不做",
        "next": "下一题",
        "last": "完成",
        "right": "对了，做得很好！",
        "wrong": "不太对，没事的。",
        "open_step": "再看这一步",
        "try_again": "再来一次",
        "return": "回到这个问题",
    },
    "vi": {
        "heading": "Kiểm tra điều bạn đã học",
        "counter": "Câu hỏi {n} trên {count}",
        "skip": "Bỏ qua",
        "next": "Câu hỏi tiếp theo",
        "last": "Xong",
        "right": "Đúng rồi. Bạn làm tốt lắm!",
        "wrong": "Chưa đúng lắm, không sao cả.",
        "open_step": "Xem lại bước đó",
        "try_again": "Thử lại",
        "return": "Quay lại câu hỏi",
    },
    "ar": {
        "heading": "تحقّق مما تعلّمته",
        "counter": "السؤال {n} من {count}",
        "skip": "تخطٍّ",
        "next": "السؤال التالي",
        "last": "تم",
        "right": "نعم، هذا صحيح. أحسنت!",
        "wrong": "ليس تمامًا، ولا بأس بذلك.",
        "open_step": "أرني تلك الخطوة",
        "try_again": "حاول مرة أخرى",
        "return": "العودة إلى السؤال",
    },
}


def words(language: str) -> dict[str, str]:
    """The screen's words in ``language`` (its base code), else in English."""
    return WORDS.get(language, WORDS.get(language.split("-")[0], WORDS["en"]))


# ---- the view -------------------------------------------------------------------------------
@dataclass(frozen=True)
class AnswerView:
    text: str
    picture: PictureView | None = None
    state: str = ""  # "right" or "wrong" once tapped, else ""
    text2: str = ""  # in the second language (for a family member), or ""


@dataclass(frozen=True)
class CheckView:
    """The 'Check what you learned' screen (empty elsewhere), and the walk page's way back to it."""

    heading: str = ""
    heading2: str = ""  # the heading in the second language, or ""
    counter: str = ""  # "Question 1 of 3"
    number: int = 0
    count: int = 0
    question: str = ""
    question2: str = ""  # the question in the second language, or ""
    answers: tuple[AnswerView, ...] = ()
    state: str = ""  # ASK, RIGHT or WRONG; "" off the screen
    feedback: str = ""  # the kind words after an answer
    feedback2: str = ""  # the same in the second language, or ""
    explanation: str = ""  # after a wrong answer
    explanation2: str = ""  # the same in the second language, or ""
    open_step: str = ""
    try_again: str = ""
    next_text: str = ""  # the forward button: Skip while asking, Next question (or Done) when right
    returning: bool = False  # a walk page opened from a wrong answer
    return_text: str = ""
    speech: str = ""  # what read-aloud says


def check_view(session: Session) -> CheckView:
    from .pageview import in_second, picture_view

    topic = session.topic
    said = words(session.language)
    if topic is None or not topic.check:
        return CheckView()
    if session.screen != "check":
        if session.check.from_step and session.screen == "walk":
            return CheckView(returning=True, return_text=said["return"])
        return CheckView()
    state = session.check
    question = topic.check[state.index]
    count = len(topic.check)
    chosen = state.chosen
    right = question.right_index
    verdict = ASK if chosen is None else RIGHT if chosen == right else WRONG
    second = session.second  # a family member's language, shown under the patient's ("" for none)

    def said_second(key: str) -> str:
        """The screen's own words in the second language ("" when they read the same)."""
        other = words(second)[key] if second else ""
        return "" if other == said[key] else other

    answers = tuple(
        AnswerView(markup.plain(session.text(answer.text)),
                   picture_view(session, answer.picture) if answer.picture is not None else None,
                   ("right" if i == right else "wrong") if i == chosen else "",
                   in_second(session, answer.text))
        for i, answer in enumerate(question.answers))
    explanation = markup.plain(session.text(question.explanation)) if verdict == WRONG else ""
    explanation2 = in_second(session, question.explanation) if verdict == WRONG else ""
    feedback_key = {RIGHT: "right", WRONG: "wrong"}.get(verdict, "")
    feedback = said[feedback_key] if feedback_key else ""
    last = state.index + 1 == count
    next_text = (said["last"] if last else said["next"]) if verdict == RIGHT else said["skip"]
    text = markup.plain(session.text(question.question))
    speech = "\n".join(p for p in (text, *(a.text for a in answers), feedback, explanation) if p)
    return CheckView(
        heading=said["heading"],
        heading2=said_second("heading"),
        counter=said["counter"].format(n=state.index + 1, count=count),
        number=state.index + 1,
        count=count,
        question=text,
        question2=in_second(session, question.question),
        answers=answers,
        state=verdict,
        feedback=feedback,
        feedback2=said_second(feedback_key) if feedback_key else "",
        explanation=explanation,
        explanation2=explanation2,
        open_step=said["open_step"],
        try_again=said["try_again"],
        next_text=next_text,
        speech=speech,
    )
