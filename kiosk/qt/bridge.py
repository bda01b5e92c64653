"""The patient's session behind the window, and the small bridges QML binds to.

:class:`KioskBridge` owns the core :class:`~kiosk.core.session.Session` (once the content
is loaded) and hands each concern to its own QObject, as Electrum's QML front end does:
the topic list (:mod:`.topics`), the page on screen (:mod:`.page`), the glossary card
(:mod:`.card`) and the display settings (:mod:`.display`); the staff side is
:mod:`.admin`. After every tap it builds the Qt-free views of :mod:`kiosk.core.pageview`
and gives each bridge its part; a bridge emits a property's signal only when that
property changed. Every rule stays in :mod:`kiosk.core`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from ..core import pageview, shelfview, teachback
from ..core.pageview import DisplayView, PictureView
from ..core.prefs import Defaults
from ..core.takehome import TakeHomeWords
from .card import CardBridge
from .check import CheckBridge
from .display import DisplayBridge
from .drawing import DrawingCache, DrawingState
from .page import PageBridge
from .pictures import Pictures
from .qmlnames import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from .topics import HomeBridge, TopicModel

if TYPE_CHECKING:  # the core's models import pydantic: loaded after the first frame, not before
    from ..core.loader import Content
    from ..core.session import Session

log = logging.getLogger(__name__)


@QmlElement
@QmlUncreatable("made by the kiosk in Python and handed to the window")
class KioskBridge(QObject):  # type: ignore[operator]  # (QmlUncreatable\'s stub)
    """The session, the bridges that show it, and what the window itself asks (idle, closing, notices)."""

    # After every change of the patient's place or settings (Python listeners: reading aloud
    # stops, the service reports READY once). QML binds to the bridges' own signals instead.
    changed = Signal()
    languageChanged = Signal(str)  # the window reloads its UI strings and the voice
    readyChanged = Signal()
    screensBuiltChanged = Signal()
    idleChanged = Signal()
    noticesChanged = Signal()

    def __init__(self, content: Content | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session: Session | None = None
        self.drawings = DrawingCache()
        self.pictures = Pictures(self.drawings, self)  # when a picture's drawing is drawn
        self.topics = TopicModel(self.drawings, self)
        self.home = HomeBridge(self, self)
        self.page = PageBridge(self, self.drawings, self)
        self.card = CardBridge(self, self.drawings, self)
        self.check = CheckBridge(self, self.drawings, self)
        self.display = DisplayBridge(self, self)
        self._asking = False
        self._screens_built = 0
        self._countdown = 0
        self._attract_index = 0
        self._language_now: tuple[str, str] = ("", "")  # the (first, second) language the home screen was built for
        self._measure: tuple[shelfview.Measure, ...] = ()
        self.defaults = Defaults()
        self.take_home: dict[str, str] = {}  # topic id -> address for the finish screen's QR code
        self.care_contact: str | dict[str, str] | None = None  # the config's line for questions (overrides the pack's)
        self.take_home_code = True  # config take_home_code: the finish screen's code of questions and key points
        # A UI string in a given language: (language, QML file's context, English) -> words; the window sets it.
        self.ui_words: Callable[[str, str, str], str] = lambda _language, _context, english: english
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

    @property
    def loaded(self) -> bool:
        """True once content is loaded (before that, taps are ignored and the attract screen waits)."""
        return self._session is not None

    @property
    def on_attract(self) -> bool:
        """Nobody is using the kiosk: the attract screen is up (or the content is still loading)."""
        return self._session is None or self._session.screen == "attract"

    def set_content(self, content: Content) -> None:
        """Show ``content``, starting over on the attract screen."""
        from ..core.session import Session

        first = self._session is None
        if self._session is None:
            self._session = Session(content, observer=self._observe, defaults=self.defaults)
            self._session.set_home_room(self.home.room)
        else:
            self._session.set_content(content)
        self._language_now = ("", "")  # the topic list and the UI strings load afresh
        self.refresh(force=True)
        if first:
            self.readyChanged.emit()

    def set_defaults(self, defaults: Defaults) -> None:
        """IT's configured language choice and motion setting; applies from the next reset."""
        self.defaults = defaults
        if self._session is not None:
            self._session.defaults = defaults
            self._session.reduced_motion = defaults.reduced_motion
        self.refresh()

    def _observe(self, event: str, key: str | None) -> None:
        if self.observer is not None:
            self.observer(event, key)

    # ---- taps and updates ------------------------------------------------------------
    def act(self, change: Callable[[Session], object]) -> None:
        """Run one change of the session, then show the result.

        A tap in the instant before the content is loaded does nothing. A fault in a tap is
        logged and the patient lands on the home screen, never on a frozen one.
        """
        session = self._session
        if session is None:
            return
        try:
            change(session)
        except Exception:
            log.exception("tap handler failed; returning home")
            session.home()
        self.refresh()

    def refresh(self, *, force: bool = False) -> None:
        """Bring every bridge up to date with the session (``force``: new content, resend everything)."""
        session = self._session
        if session is None:
            self.display.show(DisplayView(reduced_motion=self.defaults.reduced_motion))
            return
        old_language = self._language_now[0]
        language_moved = (session.language, session.second) != self._language_now
        if language_moved or force:
            self._language_now = (session.language, session.second)
            self._measure = shelfview.measure_sample(session)
        if session.screen == "home" or language_moved or force:  # (a tap elsewhere leaves it as it was)
            home = shelfview.home_view(session)
            self.topics.set_rows(home.tiles, force=force)
            self.home.show(home, self._measure, force=force)
        page = pageview.page_view(session)
        self.page.show(pageview.screen_view(session, self._attract_index),
                       self._topic_view(session), page, force=force)
        self._draw_neighbours_ahead(session, page.picture)
        self.card.show(pageview.card_view(session), force=force)
        self.check.show(teachback.check_view(session), force=force)
        self.display.show(pageview.display_view(session, self.ui_words), force=force)
        self.changed.emit()
        if language_moved and session.language != old_language:
            self.languageChanged.emit(session.language)

    def take_home_words(self, language: str) -> TakeHomeWords | None:
        """The take-home code's own words in ``language``; None when the config turns the code off.
        (Translated here: the window's translator follows the session's language only after a refresh.)"""
        if not self.take_home_code:
            return None

        def say(context: str, english: str) -> str:
            return self.ui_words(language, context, english)
        return TakeHomeWords(say("FinishScreen", TakeHomeWords.questions), say("WalkScreen", TakeHomeWords.key_points),
                             say("FinishScreen", TakeHomeWords.ask))

    def _topic_view(self, session: Session) -> pageview.TopicView:
        return pageview.topic_view(session, self.take_home, self.care_contact, self.take_home_words(session.language))

    def _draw_neighbours_ahead(self, session: Session, shown: PictureView) -> None:
        """The pictures of the pages before and after this one, drawn off the GUI thread while the patient reads."""
        if shown.picture is None or shown.path is None:
            return
        near = [self.drawings.register(DrawingState.of(v.path, v.picture))
                for v in pageview.neighbour_pictures(session) if v.picture is not None and v.path is not None]
        if near:
            self.drawings.prefetch(near, like=self.drawings.register(DrawingState.of(shown.path, shown.picture)))

    def reset(self) -> None:
        """Forget the patient: the attract screen, every choice back to the defaults."""
        self.act(lambda s: s.reset())

    def advance_attract(self) -> None:
        """The attract screen shows the next topic's picture (the runtime calls this every few seconds)."""
        self._attract_index += 1
        session = self._session
        if session is not None:
            self.page.show(pageview.screen_view(session, self._attract_index),
                           self._topic_view(session), pageview.page_view(session))

    # ---- what the window asks ----------------------------------------------------------
    @Property(bool, notify=readyChanged)
    def ready(self) -> bool:
        return self._session is not None

    def build_screen(self) -> None:
        """Build one more of the screens the window builds on first use (the warm-up's, in the
        order Main.qml lists them), so the first patient's first tap into it builds nothing."""
        self._screens_built += 1
        self.screensBuiltChanged.emit()

    @Property(int, notify=screensBuiltChanged)
    def screensBuilt(self) -> int:
        """How many of the screens built on first use are built ahead (Main.qml's Loaders)."""
        return self._screens_built


    def set_notices(self, messages: list[str]) -> None:
        """Problems an author must see (kiosk preview); a kiosk in a waiting room never shows any."""
        if messages != self._notices:
            self._notices = list(messages)
            self.noticesChanged.emit()

    @Property(list, notify=noticesChanged)

    def notices(self) -> list[Any]:

        return self._notices


    def set_idle(self, asking: bool, remaining: int) -> None:
        if (asking, remaining) != (self._asking, self._countdown):
            self._asking, self._countdown = asking, remaining
            self.idleChanged.emit()

    @property
    def idle_asking(self) -> bool:
        return self._asking

    @Property(bool, notify=idleChanged)

    def idleAsking(self) -> bool:

        return self._asking

    @Property(int, notify=idleChanged)
    def idleCountdown(self) -> int:
        return self._countdown


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
