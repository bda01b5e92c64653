"""QObjects that QML binds to. They translate taps into core Session calls and
the Session's state into properties; every rule stays in :mod:`kiosk.core`."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QUrl,
    Property,
    Signal,
    Slot,
)

from ..core import markup
from .drawing import DrawingCache, DrawingState
from .richtext import to_html

from ..core.languages import english_name, is_rtl, native_name
from ..core.prefs import TEXT_SCALES, Defaults

if TYPE_CHECKING:  # the core's models import pydantic: loaded after the first frame, not before
    from ..core.loader import Content
    from ..core.model import Picture
    from ..core.session import Session

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def file_url(path: Path) -> str:
    return QUrl.fromLocalFile(str(path)).toString()


class TopicModel(QAbstractListModel):
    """The home screen's tiles, one per topic, in content order."""

    IdRole = Qt.ItemDataRole.UserRole + 1
    TitleRole = IdRole + 1
    SummaryRole = IdRole + 2
    PictureRole = IdRole + 3
    KindRole = IdRole + 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session: Session | None = None
        self.picture_url: Callable[[Picture], str] | None = None

    def set_session(self, session: Session) -> None:
        self.beginResetModel()
        self._session = session
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._session is None else len(self._session.content.topics)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._session is None or not index.isValid() or not 0 <= index.row() < len(self._session.content.topics):
            return None
        topic = self._session.content.topics[index.row()]
        if role == self.IdRole:
            return topic.id
        if role in (self.TitleRole, Qt.ItemDataRole.DisplayRole):
            return self._session.text(topic.title)
        if role == self.SummaryRole:
            return self._session.text(topic.summary)
        if role == self.PictureRole:
            return self.picture_url(topic.tile) if self.picture_url else file_url(self._session.content.picture_path(topic.tile))
        if role == self.KindRole:
            return topic.kind
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        return {
            self.IdRole: QByteArray(b"topicId"),
            self.TitleRole: QByteArray(b"title"),
            self.SummaryRole: QByteArray(b"summary"),
            self.PictureRole: QByteArray(b"picture"),
            self.KindRole: QByteArray(b"kind"),
        }


def _ready(default: Any) -> Callable[[Callable[[KioskBridge], Any]], Callable[[KioskBridge], Any]]:
    """A property getter that answers ``default`` until content is loaded."""

    def wrap(getter: Callable[[KioskBridge], Any]) -> Callable[[KioskBridge], Any]:
        @functools.wraps(getter)
        def read(self: KioskBridge) -> Any:
            return default if self._session is None else getter(self)

        return read

    return wrap


def _guarded(method: F) -> F:
    """A fault in a tap handler is logged and the patient lands on the home screen, never on a frozen one."""

    @functools.wraps(method)
    def wrapper(self: KioskBridge, *args: Any) -> Any:
        if self._session is None:
            return None  # a tap in the instant before the content is loaded
        try:
            return method(self, *args)
        except Exception:
            log.exception("tap handler %s failed; returning home", method.__name__)
            self._session.home()
            self.changed.emit()
            return None

    return wrapper  # type: ignore[return-value]


class KioskBridge(QObject):
    """Everything QML shows about where the patient is, and every tap it forwards."""

    changed = Signal()

    idleChanged = Signal()
    languageChanged = Signal(str)

    def __init__(self, content: Content | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session: Session | None = None
        self._topics = TopicModel(self)
        self.drawings = DrawingCache()
        self._topics.picture_url = self._picture
        self._asking = False
        self._countdown = 0
        self._attract_index = 0
        self._language_now = ""
        self.defaults = Defaults()
        self.take_home: dict[str, str] = {}  # topic id -> address for the finish screen's QR code
        self.care_contact: str | dict[str, str] | None = None  # the config's line for questions (overrides the pack's)
        self._notices: list[str] = []
        self.observer: Callable[[str, str | None], None] | None = None
        self.close_allowed = True
        if content is not None:
            self.set_content(content)

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("no content loaded yet")
        return self._session

    def set_content(self, content: Content) -> None:
        """Show ``content``, starting over on the attract screen."""
        from ..core.session import Session

        if self._session is None:
            self._session = Session(content, observer=self._observe, defaults=self.defaults)
        else:
            self._session.set_content(content)
        self._topics.set_session(self._session)
        self._language_now = self._session.language
        self.changed.emit()
        self.languageChanged.emit(self._session.language)

    def set_defaults(self, defaults: Defaults) -> None:
        """IT's configured language choice and motion setting; applies from the next reset."""
        self.defaults = defaults
        if self._session is not None:
            self._session.defaults = defaults
            self._session.reduced_motion = defaults.reduced_motion
            self.changed.emit()

    def _after_change(self) -> None:
        """Emit changed, and languageChanged when the language moved (the window reloads its UI strings)."""
        self.changed.emit()
        self._draw_neighbours_ahead()
        if self._session is not None and self._session.language != self._language_now:
            self._language_now = self._session.language
            self._topics.set_session(self._session)
            self.languageChanged.emit(self._language_now)

    def _draw_neighbours_ahead(self) -> None:
        """The pictures of the steps before and after this one, drawn while the patient reads."""
        session = self._session
        topic = session.topic if session is not None else None
        if session is None or topic is None or session.page is None:
            return
        pages = session.pages(topic)
        near = [pages[i].picture for i in (session.page_index + 1, session.page_index - 1) if 0 <= i < len(pages)]
        self.drawings.prefetch([self._register(p) for p in near], like=self._register(session.page.picture))

    def _observe(self, event: str, key: str | None) -> None:
        if self.observer is not None:
            self.observer(event, key)

    # ---- author notices (preview only) --------------------------------------
    noticesChanged = Signal()

    def set_notices(self, messages: list[str]) -> None:
        """Problems an author must see (kiosk preview); a kiosk in a waiting room never shows any."""
        if messages != self._notices:
            self._notices = list(messages)
            self.noticesChanged.emit()

    def _get_notices(self) -> list[str]:
        return self._notices

    notices = Property(list, _get_notices, notify=noticesChanged)

    # ---- idle ------------------------------------------------------------
    def set_idle(self, asking: bool, remaining: int) -> None:
        if (asking, remaining) != (self._asking, self._countdown):
            self._asking, self._countdown = asking, remaining
            self.idleChanged.emit()

    def _get_asking(self) -> bool:
        return self._asking

    idleAsking = Property(bool, _get_asking, notify=idleChanged)

    def _get_countdown(self) -> int:
        return self._countdown

    idleCountdown = Property(int, _get_countdown, notify=idleChanged)

    @Slot(result=bool)
    def mayClose(self) -> bool:
        """Asked by the window when something tries to close it (Alt+F4, the window manager)."""
        if not self.close_allowed:
            log.warning("refused to close the kiosk window (only the admin screen can exit)")
        return self.close_allowed

    @Slot()
    def stillHere(self) -> None:
        """The patient answered 'Are you still there?'; the runtime has already seen the touch."""
        self.set_idle(False, 0)

    # ---- helpers -------------------------------------------------------
    def _register(self, picture: Picture) -> str:
        return self.drawings.register(DrawingState.of(self._session.content.picture_path(picture), picture))

    def _picture(self, picture: Picture | None) -> str:
        """``image://drawing/...`` for the picture with its layer states (rendered at the size shown)."""
        if picture is None:
            return ""
        return f"image://drawing/{self._register(picture)}"

    def _labels(self, picture: Picture | None) -> list[dict[str, Any]]:
        """The picture's words, in the patient's language, at their anchors (fractions of the drawing)."""
        if picture is None or not picture.labels:
            return []
        token = self._register(picture)
        where = self.drawings.anchors(token, [label.anchor for label in picture.labels])
        return [{"x": where[label.anchor][0], "y": where[label.anchor][1], "text": self._session.text(label.text),
                 "anchor": label.anchor, "below": label.place == "below"} for label in picture.labels if label.anchor in where]

    def _term_label(self, term_id: str) -> str:
        return self._session.text(self._session.content.glossary[term_id].term)

    # ---- properties ----------------------------------------------------
    def _get_topics(self) -> TopicModel:
        return self._topics

    topics = Property(QObject, _get_topics, constant=True)

    @_ready("attract")
    def _screen(self) -> str:
        return str(self._session.screen)

    screen = Property(str, _screen, notify=changed)

    def _ready_(self) -> bool:
        return self._session is not None

    ready = Property(bool, _ready_, notify=changed)

    @_ready("")
    def _pack_title(self) -> str:
        return self._session.text(self._session.content.pack.title)

    packTitle = Property(str, _pack_title, notify=changed)

    @_ready("")
    def _attract_picture(self) -> str:
        topics = self._session.content.topics
        return self._picture(topics[self._attract_index % len(topics)].tile) if topics else ""

    def advance_attract(self) -> None:
        """The attract screen shows the next topic's picture (the runtime calls this every few seconds)."""
        self._attract_index += 1
        self.changed.emit()

    attractPicture = Property(str, _attract_picture, notify=changed)

    @_ready("")
    def _topic_id(self) -> str:
        return self._session.topic_id or ""

    topicId = Property(str, _topic_id, notify=changed)

    @_ready("")
    def _topic_title(self) -> str:
        topic = self._session.topic
        return self._session.text(topic.title) if topic else ""

    topicTitle = Property(str, _topic_title, notify=changed)

    @_ready("")
    def _topic_kind(self) -> str:
        topic = self._session.topic
        return topic.kind if topic else ""

    topicKind = Property(str, _topic_kind, notify=changed)

    @_ready("")
    def _page_kind(self) -> str:
        page = self._session.page
        return page.kind if page else ""

    pageKind = Property(str, _page_kind, notify=changed)

    @_ready("")
    def _page_title(self) -> str:
        page = self._session.page
        return markup.plain(page.title) if page else ""

    pageTitle = Property(str, _page_title, notify=changed)

    @_ready("")
    def _page_body(self) -> str:
        page = self._session.page
        return to_html(page.body) if page else ""

    pageBody = Property(str, _page_body, notify=changed)

    @_ready("")
    def _page_picture(self) -> str:
        page = self._session.page
        return self._picture(page.picture) if page else ""

    pagePicture = Property(str, _page_picture, notify=changed)

    @_ready("")
    def _page_picture_alt(self) -> str:
        page = self._session.page
        if page is None or page.picture.alt is None:
            return self._page_title()
        return self._session.text(page.picture.alt)

    pagePictureAlt = Property(str, _page_picture_alt, notify=changed)

    @_ready([])
    def _page_labels(self) -> list[dict[str, Any]]:
        page = self._session.page
        return self._labels(page.picture) if page else []

    pageLabels = Property(list, _page_labels, notify=changed)

    @_ready([])
    def _card_labels(self) -> list[dict[str, Any]]:
        tid = self._session.term_id
        return self._labels(self._session.content.glossary[tid].picture) if tid else []

    cardLabels = Property(list, _card_labels, notify=changed)

    @_ready("")
    def _key_point(self) -> str:
        page = self._session.page
        return to_html(page.key_point) if page else ""

    keyPoint = Property(str, _key_point, notify=changed)

    @_ready("")
    def _when(self) -> str:
        page = self._session.page
        return page.when if page else ""

    when = Property(str, _when, notify=changed)

    @_ready([])
    def _todo(self) -> list[str]:
        page = self._session.page
        return [to_html(t) for t in page.todo] if page else []

    todo = Property(list, _todo, notify=changed)

    @_ready([])
    def _points(self) -> list[str]:
        page = self._session.page
        return [to_html(t) for t in page.points] if page else []

    points = Property(list, _points, notify=changed)

    @_ready([])
    def _page_terms(self) -> list[dict[str, str]]:
        """Glossary words of this page, as big buttons under the text."""
        page = self._session.page
        if page is None:
            return []
        found: dict[str, None] = {}
        for text in (page.body, page.key_point, *page.todo, *page.points):
            for term in markup.terms_in(text):
                found.setdefault(term)
        return [{"id": t, "label": self._term_label(t)} for t in found]

    pageTerms = Property(list, _page_terms, notify=changed)

    @_ready(0)
    def _page_number(self) -> int:
        return self._session.page_index + 1 if self._session.topic else 0

    pageNumber = Property(int, _page_number, notify=changed)

    @_ready(0)
    def _page_count(self) -> int:
        return self._session.page_count

    pageCount = Property(int, _page_count, notify=changed)

    @_ready([])
    def _stages(self) -> list[dict[str, str]]:
        """The recovery timeline: one marker per stage (the key-points page is not a stage)."""
        topic = self._session.topic
        if topic is None:
            return []
        return [{"when": self._session.text(s.when), "title": self._session.text(s.title)} for s in topic.stages]

    stages = Property(list, _stages, notify=changed)

    @_ready([])
    def _questions(self) -> list[str]:
        topic = self._session.topic
        return [self._session.text(q) for q in topic.questions] if topic else []

    questions = Property(list, _questions, notify=changed)

    @_ready([])
    def _related(self) -> list[dict[str, str]]:
        topic = self._session.topic
        if topic is None:
            return []
        out = []
        for rid in topic.related:
            other = self._session.content.topic(rid)
            out.append({"id": rid, "title": self._session.text(other.title), "picture": self._picture(other.tile)})
        return out

    related = Property(list, _related, notify=changed)

    @_ready(False)
    def _card_open(self) -> bool:
        return self._session.term_id is not None

    cardOpen = Property(bool, _card_open, notify=changed)

    @_ready("")
    def _card_title(self) -> str:
        tid = self._session.term_id
        return self._term_label(tid) if tid else ""

    cardTitle = Property(str, _card_title, notify=changed)

    @_ready("")
    def _card_body(self) -> str:
        tid = self._session.term_id
        return to_html(self._session.text(self._session.content.glossary[tid].definition)) if tid else ""

    cardBody = Property(str, _card_body, notify=changed)

    @_ready("")
    def _card_picture(self) -> str:
        tid = self._session.term_id
        return self._picture(self._session.content.glossary[tid].picture) if tid else ""

    cardPicture = Property(str, _card_picture, notify=changed)


    # ---- language and display settings ------------------------------------
    @_ready("en")
    def _language(self) -> str:
        return self._session.language

    language = Property(str, _language, notify=changed)

    @_ready("English")
    def _language_name(self) -> str:
        return native_name(self._session.language)

    languageName = Property(str, _language_name, notify=changed)

    @_ready([])
    def _languages(self) -> list[dict[str, str]]:
        return [{"code": c, "name": native_name(c), "english": english_name(c)} for c in self._session.languages]

    languages = Property(list, _languages, notify=changed)

    @_ready(False)
    def _rtl(self) -> bool:
        return is_rtl(self._session.language)

    rtl = Property(bool, _rtl, notify=changed)

    @_ready(0)
    def _text_step(self) -> int:
        return self._session.text_step

    textStep = Property(int, _text_step, notify=changed)

    def _text_scale(self) -> float:
        return self._session.text_scale if self._session is not None else TEXT_SCALES[0]

    textScale = Property(float, _text_scale, notify=changed)

    @_ready(False)
    def _high_contrast(self) -> bool:
        return self._session.high_contrast

    highContrast = Property(bool, _high_contrast, notify=changed)

    def _reduced_motion(self) -> bool:
        return self._session.reduced_motion if self._session is not None else self.defaults.reduced_motion

    reducedMotion = Property(bool, _reduced_motion, notify=changed)

    @_ready(False)
    def _settings_open(self) -> bool:
        return self._session.settings_open

    settingsOpen = Property(bool, _settings_open, notify=changed)

    @_ready("")
    def _take_home_qr(self) -> str:
        """``image://qr/...`` for the current topic's take-home address, or empty when IT set none."""
        from urllib.parse import quote

        address = self.take_home.get(self._session.topic_id or "")
        return f"image://qr/{quote(address, safe='')}" if address else ""

    takeHomeQr = Property(str, _take_home_qr, notify=changed)

    @_ready("")
    def _care_contact(self) -> str:
        """The clinic's own line for questions, or empty: the finish screen then says to ask the care team."""
        from ..core.contact import care_contact

        return care_contact(self._session.content.pack, self.care_contact, self._session.language)

    careContact = Property(str, _care_contact, notify=changed)

    @_ready("")
    def _page_speech(self) -> str:
        """What the speaker button reads on this page: its title, text, key point and list."""
        page = self._session.page
        if page is None:
            return ""
        parts = [page.when, markup.plain(page.title), markup.plain(page.body), markup.plain(page.key_point)]
        parts += [markup.plain(t) for t in (*page.todo, *page.points)]
        return "\n".join(p for p in parts if p)

    pageSpeech = Property(str, _page_speech, notify=changed)

    @_ready("")
    def _card_speech(self) -> str:
        tid = self._session.term_id
        if not tid:
            return ""
        term = self._session.content.glossary[tid]
        return self._term_label(tid) + ".\n" + markup.plain(self._session.text(term.definition))

    cardSpeech = Property(str, _card_speech, notify=changed)

    # ---- taps ----------------------------------------------------------
    @Slot()
    @_guarded
    def start(self) -> None:
        self._session.start()
        self._after_change()

    @Slot(str)
    @_guarded
    def openTopic(self, topic_id: str) -> None:
        self._session.open_topic(topic_id)
        self._after_change()

    @Slot()
    @_guarded
    def next(self) -> None:
        self._session.next()
        self._after_change()

    @Slot()
    @_guarded
    def back(self) -> None:
        self._session.back()
        self._after_change()

    @Slot()
    @_guarded
    def home(self) -> None:
        self._session.home()
        self._after_change()

    @Slot()
    @_guarded
    def restartTopic(self) -> None:
        self._session.restart_topic()
        self._after_change()

    @Slot(int)
    @_guarded
    def goTo(self, index: int) -> None:
        self._session.go_to(index)
        self._after_change()

    @Slot(str)
    @_guarded
    def openTerm(self, term_id: str) -> None:
        self._session.open_term(term_id)
        self._after_change()

    @Slot(str)
    @_guarded
    def openLink(self, link: str) -> None:
        """A tap on a link inside text; only glossary links exist."""
        if link.startswith("term:"):
            self._session.open_term(link.removeprefix("term:"))
            self._after_change()

    @Slot()
    @_guarded
    def closeTerm(self) -> None:
        self._session.close_term()
        self._after_change()

    @Slot()
    @_guarded
    def reset(self) -> None:
        self._session.reset()
        self._after_change()

    @Slot(str)
    @_guarded
    def setLanguage(self, code: str) -> None:
        self._session.set_language(code)
        self._after_change()

    @Slot(int)
    @_guarded
    def setTextStep(self, step: int) -> None:
        self._session.set_text_step(step)
        self._after_change()

    @Slot(bool)
    @_guarded
    def setHighContrast(self, on: bool) -> None:
        self._session.set_high_contrast(on)
        self._after_change()

    @Slot(bool)
    @_guarded
    def setReducedMotion(self, on: bool) -> None:
        self._session.set_reduced_motion(on)
        self._after_change()

    @Slot(bool)
    @_guarded
    def openSettings(self, on: bool) -> None:
        self._session.open_settings(on)
        self._after_change()
