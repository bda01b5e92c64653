"""'Check what you learned': the teach-back question on screen, and the walk page's way back to it.
Every rule and word comes from the core (:mod:`kiosk.core.teachback`); this only copies the view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from ..core.teachback import CheckView
from .drawing import DrawingCache
from .pictures import picture_url
from .qmlnames import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from .viewbridge import Actor, ViewBridge


@QmlElement
@QmlUncreatable("made by the kiosk in Python and handed to the window")
class CheckBridge(ViewBridge):  # type: ignore[operator]  # (QmlUncreatable\'s stub)
    def __init__(self, actor: Actor, drawings: DrawingCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actor = actor
        self._drawings = drawings
        self.show(CheckView())

    def show(self, view: CheckView, *, force: bool = False) -> None:
        self.publish({
            "heading": view.heading,
            "heading2": view.heading2,
            "counter": view.counter,
            "question": view.question,
            "question2": view.question2,
            "answers": [{"text": a.text, "text2": a.text2, "state": a.state,
                         "picture": picture_url(self._drawings, a.picture) if a.picture is not None else ""}
                        for a in view.answers],
            "state": view.state,
            "feedback": view.feedback,
            "feedback2": view.feedback2,
            "explanation": view.explanation,
            "explanation2": view.explanation2,
            "openStepText": view.open_step,
            "tryAgainText": view.try_again,
            "nextText": view.next_text,
            "returning": view.returning,
            "returnText": view.return_text,
            "speech": view.speech,
        }, force=force)

    headingChanged = Signal()
    @Property(str, notify=headingChanged)
    def heading(self) -> str:
        return self.text("heading")

    heading2Changed = Signal()
    @Property(str, notify=heading2Changed)
    def heading2(self) -> str:
        """The heading in the second language (for a family member), or ""."""
        return self.text("heading2")

    feedback2Changed = Signal()
    @Property(str, notify=feedback2Changed)
    def feedback2(self) -> str:
        return self.text("feedback2")

    counterChanged = Signal()
    @Property(str, notify=counterChanged)
    def counter(self) -> str:
        return self.text("counter")

    questionChanged = Signal()
    @Property(str, notify=questionChanged)
    def question(self) -> str:
        return self.text("question")

    question2Changed = Signal()
    @Property(str, notify=question2Changed)
    def question2(self) -> str:
        return self.text("question2")

    explanation2Changed = Signal()
    @Property(str, notify=explanation2Changed)
    def explanation2(self) -> str:
        return self.text("explanation2")

    answersChanged = Signal()
    @Property(list, notify=answersChanged)
    def answers(self) -> list[Any]:
        return self.rows("answers")

    stateChanged = Signal()
    @Property(str, notify=stateChanged)
    def state(self) -> str:
        return self.text("state")

    feedbackChanged = Signal()
    @Property(str, notify=feedbackChanged)
    def feedback(self) -> str:
        return self.text("feedback")

    explanationChanged = Signal()
    @Property(str, notify=explanationChanged)
    def explanation(self) -> str:
        return self.text("explanation")

    openStepTextChanged = Signal()
    @Property(str, notify=openStepTextChanged)
    def openStepText(self) -> str:
        return self.text("openStepText")

    tryAgainTextChanged = Signal()
    @Property(str, notify=tryAgainTextChanged)
    def tryAgainText(self) -> str:
        return self.text("tryAgainText")

    nextTextChanged = Signal()
    @Property(str, notify=nextTextChanged)
    def nextText(self) -> str:
        return self.text("nextText")

    returningChanged = Signal()
    @Property(bool, notify=returningChanged)
    def returning(self) -> bool:
        return self.flag("returning")

    returnTextChanged = Signal()
    @Property(str, notify=returnTextChanged)
    def returnText(self) -> str:
        return self.text("returnText")

    speechChanged = Signal()
    @Property(str, notify=speechChanged)
    def speech(self) -> str:
        return self.text("speech")


    # ---- taps ---------------------------------------------------------------------------
    @Slot(int)
    def answer(self, index: int) -> None:
        self._actor.act(lambda s: s.answer(index))

    @Slot()
    def tryAgain(self) -> None:
        self._actor.act(lambda s: s.try_again())

    @Slot()
    def openStep(self) -> None:
        self._actor.act(lambda s: s.open_question_step())

    @Slot()
    def next(self) -> None:
        """The forward button: the next question after a right answer, else skip to the finish screen."""
        self._actor.act(lambda s: s.next())

    @Slot()
    def skip(self) -> None:
        self._actor.act(lambda s: s.skip_questions())
