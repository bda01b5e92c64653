"""The page on screen: which screen is up, the walk-through page (step, recovery stage or
key points) and the finish screen, with the taps that move the patient along."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import quote

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from ..core.gesture import swipe_step
from ..core.pageview import Checklist, PageView, PictureView, ScreenView, TopicView
from ..core.takehome import side_px
from ..core.textslots import TextSlots
from .drawing import DrawingCache
from .pictures import picture_labels, picture_url
from .qmlnames import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from .viewbridge import Actor, Memo, ViewBridge


def _values(screen: ScreenView, topic: TopicView, page: PageView, url: Any, labels: Any) -> dict[str, Any]:
    return {
        "screen": screen.screen,
        "packTitle": screen.pack_title,
        "attractPicture": url(screen.attract),
        "topicId": topic.id,
        "topicTitle": topic.title,
        "topicKind": topic.kind,
        "stages": [{"when": s.when, "title": s.title} for s in topic.stages],
        "questions": list(topic.questions),
        "related": [{"id": r.id, "title": r.title, "title2": r.title2, "picture": url(r.tile)} for r in topic.related],
        "takeHomeQr": f"image://qr/{quote(topic.take_home, safe='')}" if topic.take_home else "",
        "careContact": topic.care_contact,
        "takeHomeCode": f"image://qr/{quote(topic.take_home_text, safe='')}" if topic.take_home_text else "",
        "takeHomeModules": topic.take_home_modules,
        "pageKind": page.kind,
        "pageTitle": page.title,
        "pageBody": page.body,
        "pagePicture": url(page.picture),
        "pagePictureAlt": page.picture.alt,
        "pageLabels": labels(page.picture),
        "keyPoint": page.key_point,
        "when": page.when,
        "todo": list(page.todo),
        "points": list(page.points),
        "pageTerms": [{"id": t.id, "label": t.label} for t in page.terms],
        "pageSpeech": page.speech,
        "pageNumber": page.number,
        "pageCount": page.count,
        "progress": page.progress,
        "topicTitle2": topic.title2,
        "questions2": list(topic.questions2),
        "pageTitle2": page.title2,
        "pageBody2": page.body2,
        "keyPoint2": page.key_point2,
        "when2": page.when2,
        "todo2": list(page.todo2),
        "points2": list(page.points2),
    }


@QmlElement
@QmlUncreatable("made by the kiosk in Python and handed to the window")
class PageBridge(ViewBridge):  # type: ignore[operator]  # (QmlUncreatable\'s stub)
    """Everything the attract, home, walk-through and finish screens show about where the patient is."""

    def __init__(self, actor: Actor, drawings: DrawingCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actor = actor
        self._drawings = drawings
        self._labels: Memo[PictureView, list[dict[str, Any]]] = Memo(lambda view: picture_labels(drawings, view))
        # The page's text and its checklist, and the next and previous pages' laid out ahead.
        self._bodies: TextSlots[str] = TextSlots("")
        self._lists: TextSlots[Checklist] = TextSlots((False, ()))
        self._near: tuple[tuple[str, ...], tuple[Checklist, ...]] | None = None  # to put ahead after the next frame
        self.show(ScreenView(), TopicView(), PageView())

    def _url(self, view: PictureView) -> str:
        return picture_url(self._drawings, view)

    def show(self, screen: ScreenView, topic: TopicView, page: PageView, *, force: bool = False) -> None:
        self._bodies.show(page.body)
        self._lists.show(page.checklist)
        self._near = (page.near_bodies, page.near_lists)
        values = _values(screen, topic, page, self._url, self._labels)
        self.publish({**values, **self._slot_values(), "bodyShown": self._bodies.shown, "listShown": self._lists.shown},
                     force=force)

    def _slot_values(self) -> dict[str, Any]:
        return {"bodySlots": list(self._bodies.texts),
                "listSlots": [{"summary": summary, "items": list(items)} for summary, items in self._lists.texts]}

    @property
    def has_ahead(self) -> bool:
        """Whether the text of the pages a tap shows next waits for :meth:`put_ahead`."""
        return self._near is not None

    def put_ahead(self) -> None:
        """Put the text of the pages a tap shows next into the hidden slots, to be laid out in a
        frame nobody waits for. Called after the frame of the page it belongs to
        (:class:`kiosk.qt.afterframe.AfterFrame`): the text is laid out as it is set, and the
        frame would wait for it."""
        if self._near is None:
            return
        bodies, lists = self._near
        self._near = None
        self._bodies.ahead(bodies)
        self._lists.ahead(lists)
        self.publish(self._slot_values())

    # ---- properties: one notify signal each ---------------------------------------
    screenChanged = Signal()
    @Property(str, notify=screenChanged)
    def screen(self) -> str:
        return self.text("screen")

    packTitleChanged = Signal()
    @Property(str, notify=packTitleChanged)
    def packTitle(self) -> str:
        return self.text("packTitle")

    attractPictureChanged = Signal()
    @Property(str, notify=attractPictureChanged)
    def attractPicture(self) -> str:
        return self.text("attractPicture")

    topicIdChanged = Signal()
    @Property(str, notify=topicIdChanged)
    def topicId(self) -> str:
        return self.text("topicId")

    topicTitleChanged = Signal()
    @Property(str, notify=topicTitleChanged)
    def topicTitle(self) -> str:
        return self.text("topicTitle")

    topicKindChanged = Signal()
    @Property(str, notify=topicKindChanged)
    def topicKind(self) -> str:
        return self.text("topicKind")

    stagesChanged = Signal()
    @Property(list, notify=stagesChanged)
    def stages(self) -> list[Any]:
        return self.rows("stages")

    questionsChanged = Signal()
    @Property(list, notify=questionsChanged)
    def questions(self) -> list[Any]:
        return self.rows("questions")

    relatedChanged = Signal()
    @Property(list, notify=relatedChanged)
    def related(self) -> list[Any]:
        return self.rows("related")

    takeHomeQrChanged = Signal()
    @Property(str, notify=takeHomeQrChanged)
    def takeHomeQr(self) -> str:
        return self.text("takeHomeQr")

    careContactChanged = Signal()
    @Property(str, notify=careContactChanged)
    def careContact(self) -> str:
        return self.text("careContact")

    takeHomeCodeChanged = Signal()
    @Property(str, notify=takeHomeCodeChanged)
    def takeHomeCode(self) -> str:
        """The take-home code (the topic's questions and key points as text), or "": none."""
        return self.text("takeHomeCode")

    takeHomeModulesChanged = Signal()
    @Property(int, notify=takeHomeModulesChanged)
    def takeHomeModules(self) -> int:
        return self.number("takeHomeModules")

    pageKindChanged = Signal()
    @Property(str, notify=pageKindChanged)
    def pageKind(self) -> str:
        return self.text("pageKind")

    pageTitleChanged = Signal()
    @Property(str, notify=pageTitleChanged)
    def pageTitle(self) -> str:
        return self.text("pageTitle")

    pageBodyChanged = Signal()
    @Property(str, notify=pageBodyChanged)
    def pageBody(self) -> str:
        return self.text("pageBody")

    bodySlotsChanged = Signal()
    @Property(list, notify=bodySlotsChanged)
    def bodySlots(self) -> list[str]:
        """The page's text slots: the one shown (``bodyShown``) holds ``pageBody``."""
        return cast(list[str], self.value("bodySlots"))

    bodyShownChanged = Signal()
    @Property(int, notify=bodyShownChanged)
    def bodyShown(self) -> int:
        return self.number("bodyShown")

    listSlotsChanged = Signal()
    @Property(list, notify=listSlotsChanged)
    def listSlots(self) -> list[dict[str, Any]]:
        """The checklist's slots, as ``bodySlots``: each {"summary": whether it is the key points, "items": its lines}."""
        return cast(list[dict[str, Any]], self.value("listSlots"))

    listShownChanged = Signal()
    @Property(int, notify=listShownChanged)
    def listShown(self) -> int:
        return self.number("listShown")

    pagePictureChanged = Signal()
    @Property(str, notify=pagePictureChanged)
    def pagePicture(self) -> str:
        return self.text("pagePicture")

    pagePictureAltChanged = Signal()
    @Property(str, notify=pagePictureAltChanged)
    def pagePictureAlt(self) -> str:
        return self.text("pagePictureAlt")

    pageLabelsChanged = Signal()
    @Property(list, notify=pageLabelsChanged)
    def pageLabels(self) -> list[Any]:
        return self.rows("pageLabels")

    keyPointChanged = Signal()
    @Property(str, notify=keyPointChanged)
    def keyPoint(self) -> str:
        return self.text("keyPoint")

    whenChanged = Signal()
    @Property(str, notify=whenChanged)
    def when(self) -> str:
        return self.text("when")

    todoChanged = Signal()
    @Property(list, notify=todoChanged)
    def todo(self) -> list[Any]:
        return self.rows("todo")

    pointsChanged = Signal()
    @Property(list, notify=pointsChanged)
    def points(self) -> list[Any]:
        return self.rows("points")

    pageTermsChanged = Signal()
    @Property(list, notify=pageTermsChanged)
    def pageTerms(self) -> list[Any]:
        return self.rows("pageTerms")

    pageSpeechChanged = Signal()
    @Property(str, notify=pageSpeechChanged)
    def pageSpeech(self) -> str:
        return self.text("pageSpeech")

    pageNumberChanged = Signal()
    @Property(int, notify=pageNumberChanged)
    def pageNumber(self) -> int:
        return self.number("pageNumber")

    pageCountChanged = Signal()
    @Property(int, notify=pageCountChanged)
    def pageCount(self) -> int:
        return self.number("pageCount")

    progressChanged = Signal()
    @Property(float, notify=progressChanged)
    def progress(self) -> float:
        return self.real("progress")


    # ---- the second language (plain text, "" where none) -------------------------
    topicTitle2Changed = Signal()
    @Property(str, notify=topicTitle2Changed)
    def topicTitle2(self) -> str:
        """The topic's title in the second language (finish screen), or ""."""
        return self.text("topicTitle2")

    questions2Changed = Signal()
    @Property(list, notify=questions2Changed)
    def questions2(self) -> list[Any]:
        return self.rows("questions2")

    pageTitle2Changed = Signal()
    @Property(str, notify=pageTitle2Changed)
    def pageTitle2(self) -> str:
        """The page in the second language, as plain text ("": none)."""
        return self.text("pageTitle2")

    pageBody2Changed = Signal()
    @Property(str, notify=pageBody2Changed)
    def pageBody2(self) -> str:
        return self.text("pageBody2")

    keyPoint2Changed = Signal()
    @Property(str, notify=keyPoint2Changed)
    def keyPoint2(self) -> str:
        return self.text("keyPoint2")

    when2Changed = Signal()
    @Property(str, notify=when2Changed)
    def when2(self) -> str:
        return self.text("when2")

    todo2Changed = Signal()
    @Property(list, notify=todo2Changed)
    def todo2(self) -> list[Any]:
        return self.rows("todo2")

    points2Changed = Signal()
    @Property(list, notify=points2Changed)
    def points2(self) -> list[Any]:
        return self.rows("points2")

    @Slot(int, float, float, result=int)
    def codeSide(self, modules: int, px_per_mm: float, scale: float) -> int:
        """Pixels wide to draw a QR code of ``modules`` (see kiosk/core/takehome.py: at least 40 mm,
        whole pixels per module)."""
        return side_px(modules, px_per_mm, scale) if modules > 0 else 0

    # ---- taps -------------------------------------------------------------------------
    @Slot()
    def start(self) -> None:
        self._actor.act(lambda s: s.start())

    @Slot(str)
    def openTopic(self, topic_id: str) -> None:
        self._actor.act(lambda s: s.open_topic(topic_id))

    @Slot()
    def next(self) -> None:
        self._actor.act(lambda s: s.next())

    @Slot()
    def back(self) -> None:
        self._actor.act(lambda s: s.back())

    @Slot()
    def home(self) -> None:
        self._actor.act(lambda s: s.home())

    @Slot()
    def restartTopic(self) -> None:
        self._actor.act(lambda s: s.restart_topic())

    @Slot(int)
    def goTo(self, index: int) -> None:
        self._actor.act(lambda s: s.go_to(index))

    @Slot(float, float, bool)
    def swipe(self, dx: float, dy: float, rtl: bool) -> None:
        """A finger slid ``dx``, ``dy`` (pixels of the 1080p design) over the page; ``rtl``: the page is mirrored."""
        step = swipe_step(dx, dy, rtl)
        if step > 0:
            self.next()
        elif step < 0:
            self.back()

    @Slot(str)
    def openLink(self, link: str) -> None:
        """A tap on a link inside the page's text; only glossary links exist."""
        if link.startswith("term:"):
            self._actor.act(lambda s: s.open_term(link.removeprefix("term:")))
