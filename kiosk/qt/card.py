"""The glossary card: one word's plain definition over the page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from ..core.pageview import CardView, PictureView
from .drawing import DrawingCache
from .pictures import picture_labels, picture_url
from .qmlnames import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from .viewbridge import Actor, Memo, ViewBridge


@QmlElement
@QmlUncreatable("made by the kiosk in Python and handed to the window")
class CardBridge(ViewBridge):  # type: ignore[operator]  # (QmlUncreatable\'s stub)
    def __init__(self, actor: Actor, drawings: DrawingCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actor = actor
        self._drawings = drawings
        self._labels: Memo[PictureView, list[dict[str, Any]]] = Memo(lambda view: picture_labels(drawings, view))
        self.show(CardView())

    def show(self, card: CardView, *, force: bool = False) -> None:
        self.publish({
            "open": card.open,
            "title": card.title,
            "body": card.body,
            "picture": picture_url(self._drawings, card.picture),
            "labels": self._labels(card.picture),
            "speech": card.speech,
        }, force=force)

    openChanged = Signal()
    @Property(bool, notify=openChanged)
    def open(self) -> bool:
        return self.flag("open")

    titleChanged = Signal()
    @Property(str, notify=titleChanged)
    def title(self) -> str:
        return self.text("title")

    bodyChanged = Signal()
    @Property(str, notify=bodyChanged)
    def body(self) -> str:
        return self.text("body")

    pictureChanged = Signal()
    @Property(str, notify=pictureChanged)
    def picture(self) -> str:
        return self.text("picture")

    labelsChanged = Signal()
    @Property(list, notify=labelsChanged)
    def labels(self) -> list[Any]:
        return self.rows("labels")

    speechChanged = Signal()
    @Property(str, notify=speechChanged)
    def speech(self) -> str:
        return self.text("speech")


    @Slot(str)
    def openTerm(self, term_id: str) -> None:
        self._actor.act(lambda s: s.open_term(term_id))

    @Slot()
    def closeTerm(self) -> None:
        self._actor.act(lambda s: s.close_term())

    @Slot(str)
    def openLink(self, link: str) -> None:
        """A tap on a link inside the definition: another word."""
        if link.startswith("term:"):
            self._actor.act(lambda s: s.open_term(link.removeprefix("term:")))
