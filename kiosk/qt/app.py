"""Start the Qt Quick kiosk window on a content folder."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

# Only what the first frame needs: PySide6 builds every enum of a class the first time Python
# imports it (QEvent's alone took 4 ms), so the rest is imported where it is used, after that
# frame (bench/ui.py measures the first frame against a Qt Quick hello world).
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot, qInstallMessageHandler
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

from .. import APP_NAME, APP_TITLE, __version__
from ..core.bigglyphs import CACHE_LIMIT_PX, wants_marked_fonts, with_colour_marker
from ..core.paths import FONT_FAMILIES, font_files, qml_dir
from ..core.qtmessages import is_harmless
from . import gcguard
from .once import once

if TYPE_CHECKING:  # the bridges are imported after the window's first frame (KioskWindow.complete)
    from PySide6.QtCore import QMessageLogContext, QtMsgType
    from PySide6.QtQuick import QQuickItem

    from .afterframe import AfterFrame
    from ..core.loader import Content
    from .admin import AdminBridge
    from .bridge import KioskBridge
    from .card import CardBridge
    from .display import DisplayBridge
    from .i18n import UiLanguage
    from .keypad import Keypad
    from .page import PageBridge
    from .speech import Speech
    from .topics import TopicModel
    from .warmup import WarmUp

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QGuiApplication:
    """The one QGuiApplication, set up for the kiosk (software scene graph when headless)."""
    app = QGuiApplication.instance()
    if app is None:
        quiet_harmless_messages()
        if os.environ.get("QT_QPA_PLATFORM") == "offscreen" or os.environ.get("QT_QUICK_BACKEND") == "software":
            QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)
        app = QGuiApplication(argv if argv is not None else sys.argv[:1])
    if not isinstance(app, QGuiApplication):
        raise RuntimeError("a QCoreApplication without a GUI already runs in this process; the kiosk needs a QGuiApplication")
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setApplicationVersion(__version__)
    if _Fonts.marked is None:
        # The form a full-screen kiosk on this screen needs, so its window need not load them again.
        load_fonts(marked=screen_wants_marked_fonts())
    gcguard.install(app)  # Python's garbage collector on the GUI thread only
    return app


def quiet_harmless_messages() -> None:
    """Drop the Qt messages on the shared harmless list (kiosk/core/qtmessages.py); hand every
    other message on to the handler before this one, or print it as Qt's own handler does.

    For the commands (self-test, validate, screenshots...): the running kiosk and the smoke
    test install handlers of their own that read the same list.
    """
    previous: Callable[[QtMsgType, QMessageLogContext, str], None] | None = None

    def handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if is_harmless(message):
            return
        if previous is not None:
            previous(mode, context, message)
        elif sys.stderr is not None:  # a windowed frozen build has no stderr
            category = context.category if context.category and context.category != "default" else ""
            sys.stderr.write(f"{category}: {message}\n" if category else f"{message}\n")

    previous = qInstallMessageHandler(handler)


class _Fonts:
    """Which of the bundled fonts' two forms is loaded: plain, or with the colour marker that
    has Qt draw glyphs over 64 px from its glyph cache (kiosk/core/bigglyphs.py)."""

    marked: ClassVar[bool | None] = None  # None: not loaded yet
    ids: ClassVar[list[int]] = []


def load_fonts(marked: bool = False) -> None:
    """Load the bundled fonts and make their families the application font, as one family list.

    Called again with the other ``marked``, it swaps the fonts for their other form (the same
    families): a window whose body text is larger than Qt's glyph cache takes wants the
    marked form, any other window the plain one (faster to lay out)."""
    if _Fonts.marked is marked:
        return
    for font_id in _Fonts.ids:
        QFontDatabase.removeApplicationFont(font_id)
    _Fonts.ids = []
    families: set[str] = set()
    for path in font_files():
        try:
            data = path.read_bytes()
            font_id = QFontDatabase.addApplicationFontFromData(with_colour_marker(data) if marked else data)
        except (OSError, ValueError) as exc:
            log.warning("could not load font %s: %s", path, exc)
            continue
        if font_id < 0:
            log.warning("could not load font %s", path)
            continue
        _Fonts.ids.append(font_id)
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    if marked:
        log.info("large text: fonts loaded with the colour marker, so glyphs over %d px come from Qt's glyph cache",
                 CACHE_LIMIT_PX)
    _Fonts.marked = marked
    missing = [family for family in FONT_FAMILIES if family not in families]
    if missing:
        log.warning("the kiosk fonts %s are missing; using the system font for them", ", ".join(missing))
    present = [family for family in FONT_FAMILIES if family in families]
    if present:
        # One family list, so Qt picks the face per character (and per script) in this order.
        font = QFont(present[0])
        font.setFamilies(present)
        font.setPixelSize(40)
        if marked:  # (hinting shows at no size this large, and loading a glyph unhinted is quicker)
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        QGuiApplication.setFont(font)


def screen_wants_marked_fonts(size: tuple[int, int] | None = None) -> bool:
    """Whether a window of ``size`` (default: the whole primary screen) on the primary screen
    wants the fonts with the colour marker (kiosk/core/bigglyphs.py), in the screen's own pixels."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return wants_marked_fonts(*size) if size is not None else False
    width, height = size if size is not None else (screen.size().width(), screen.size().height())
    return wants_marked_fonts(width, height, screen.devicePixelRatio())


def fonts_marked() -> bool:
    """Whether the fonts loaded now carry the colour marker."""
    return bool(_Fonts.marked)


class WindowOptions(NamedTuple):  # (not a dataclass: importing dataclasses took 6 ms of the first frame)
    windowed: bool = False
    width: int = 1920
    height: int = 1080
    speech_engine: str | None = None  # None: the first real engine; "mock" in tests
    # Whether a shared library loads (None: ask the dynamic loader); tests pretend one is missing.
    have_library: Callable[[str], bool] | None = None
    # A speech engine object of the tests' own (with QTextToSpeech's methods), to choose its voices.
    speech_tts: Any = None
    # False for windows that only draw screens for review or measuring (no voice needed).
    read_aloud: bool = True
    # The kiosk itself: start the speech engine only after the first frame (speech-dispatcher's
    # blocks the window for over a second while it lists its voices). Tools and tests start it
    # at once, so that it never blocks them halfway through.
    defer_speech: bool = False
    # The kiosk itself: do the first patient's first-time work while the attract screen waits
    # (kiosk/qt/warmup.py). Tools and tests do without (it would run under their feet).
    warm_up: bool = False
    # The fonts' form: None lets the window's text size decide (kiosk/core/bigglyphs.py); the
    # benchmark forces one for its baseline.
    marked_fonts: bool | None = None


class KioskWindow(QObject):
    """The engine, the bridges and the one window, kept together for the app's whole life.

    The window (Shell.qml) is made first and shows the attract screen's invitation on its own;
    the bridges and the screens (Main.qml) go into it in :meth:`complete`. With ``defer`` (the
    kiosk's start-up, :func:`kiosk.qt.startup.start_kiosk`) that waits until the caller calls it
    after the first frame, so the first frame imports and builds none of them; without it (tools,
    tests) it happens at once. Asking for a bridge before then completes the window first.
    """

    def __init__(self, content: Content | None, options: WindowOptions | None = None, parent: QObject | None = None,
                 *, defer: bool = False) -> None:
        """``content`` may come later through :meth:`set_content` (the kiosk shows its first frame first)."""
        super().__init__(parent)
        self._options = options = options or WindowOptions()
        self._content = content
        self._complete = False
        self.kiosk_mode = not options.windowed
        # The fonts' form for this window's text size, before any text is laid out.
        marked = options.marked_fonts
        if marked is None:
            marked = screen_wants_marked_fonts((options.width, options.height) if options.windowed else None)
        load_fonts(marked=marked)
        self.engine = QQmlApplicationEngine(self)
        self.engine.addImportPath(str(qml_dir()))
        self.engine.setInitialProperties({"kioskMode": not options.windowed, "width": options.width, "height": options.height})
        self.engine.loadFromModule("Kiosk", "Shell")
        roots = self.engine.rootObjects()
        if not roots or not isinstance(roots[0], QQuickWindow):
            raise RuntimeError("the kiosk's QML failed to load; see the log for QML errors")
        self.window: QQuickWindow = roots[0]
        if not defer:
            self.complete()

    @property
    def is_complete(self) -> bool:
        """Whether the bridges and the screens are in the window."""
        return self._complete

    def complete(self) -> None:
        """Make the bridges and put the screens (Main.qml) into the window; once only."""
        if self._complete:
            return
        self._complete = True
        from PySide6.QtCore import Q_ARG, QMetaObject
        from PySide6.QtQuick import QQuickItem

        from ..core.speechplan import library_loads
        from .admin import AdminBridge
        from .afterframe import AfterFrame, Waiter
        from .bridge import KioskBridge
        from .drawing import DrawingProvider
        from .i18n import UiLanguage
        from .icons import IconProvider
        from .keypad import Keypad
        from .qrcode import QrImageProvider
        from .speech import Speech

        options, content = self._options, self._content
        self._content = None
        # The bridge belongs to the engine, so QML is torn down before the bridge
        # it binds to (the other order makes every binding warn about null).
        self._bridge = KioskBridge(content, self.engine)
        # The bridges QML binds to, one per concern (their taps go through the session above).
        bridge = self._bridge
        self._topics, self._page, self._card, self._display = bridge.topics, bridge.page, bridge.card, bridge.display
        # Lockdown: a full-screen kiosk refuses to close unless the admin screen exits.
        self._bridge.close_allowed = options.windowed
        self._admin = AdminBridge(parent=self.engine)
        self._speech = Speech(options.speech_engine, parent=self.engine,
                              have_library=options.have_library or library_loads, tts=options.speech_tts,
                              defer=options.defer_speech, enabled=options.read_aloud)
        self._keypad = Keypad(self._bridge, self._speech, parent=self.engine)
        self._ui_language = UiLanguage(self.engine)
        self._bridge.ui_words = self._ui_language.words
        self._bridge.languageChanged.connect(self._language_changed)
        self._bridge.changed.connect(self._speech.stop)  # reading stops when the patient moves on
        self.engine.addImageProvider("qr", QrImageProvider())
        self.engine.addImageProvider("icon", IconProvider())
        self.engine.addImageProvider("drawing", DrawingProvider(self._bridge.drawings))
        bridges = {
            "kiosk": self._bridge,
            "topics": self._topics,
            "home": self._bridge.home,
            "page": self._page,
            "card": self._card,
            "check": self._bridge.check,
            "display": self._display,
            "admin": self._admin,
            "speech": self._speech,
            "keypad": self._keypad,
            "pictures": self._bridge.pictures,
        }
        QMetaObject.invokeMethod(self.window, "putScreens", Q_ARG("QVariant", bridges))
        screens = self.window.findChild(QQuickItem, "screensRoot")
        if not isinstance(screens, QQuickItem):
            raise RuntimeError("the kiosk's QML failed to load; see the log for QML errors")
        self.screens: QQuickItem = screens
        self.warm_up: WarmUp | None = None
        if options.warm_up:
            from .warmup import WarmUp

            self.warm_up = WarmUp(self._bridge, self.engine)
        self._keypad.attach(self.window)
        # After a tap's frame is out: the pictures of the pages on either side drawn ahead, and
        # their text laid out in the page's hidden slots.
        drawings, page = self._bridge.drawings, self._bridge.page
        self.after_frame: AfterFrame = AfterFrame([Waiter(lambda: drawings.waiting_for_frame, drawings.frame_shown),
                                       Waiter(lambda: page.has_ahead, page.put_ahead)], self)
        self.window.frameSwapped.connect(self.after_frame.frame_swapped)
        # The picture cache keeps a few screens' worth of renders at this window's size.
        self.window.widthChanged.connect(self._fit_pictures)
        self.window.heightChanged.connect(self._fit_pictures)
        self._fit_pictures()
        if options.defer_speech:
            # Half a second after the first frame, once the content is in (start_kiosk loads it
            # right after that frame): neither waits for the engine.
            once(self.window.frameSwapped, self._after_first_frame)

    def _fit_pictures(self) -> None:
        ratio = self.window.effectiveDevicePixelRatio()
        self._bridge.drawings.fit_screen(round(self.window.width() * ratio), round(self.window.height() * ratio))

    # The bridges, made by complete() (asking for one before then completes the window).
    @property
    def bridge(self) -> KioskBridge:
        self.complete()
        return self._bridge

    @property
    def topics(self) -> TopicModel:
        self.complete()
        return self._topics

    @property
    def page(self) -> PageBridge:
        self.complete()
        return self._page

    @property
    def card(self) -> CardBridge:
        self.complete()
        return self._card

    @property
    def display(self) -> DisplayBridge:
        self.complete()
        return self._display

    @property
    def admin(self) -> AdminBridge:
        self.complete()
        return self._admin

    @property
    def speech(self) -> Speech:
        self.complete()
        return self._speech

    @property
    def keypad(self) -> Keypad:
        self.complete()
        return self._keypad

    @property
    def ui_language(self) -> UiLanguage:
        self.complete()
        return self._ui_language

    SPEECH_START_MS = 500

    @Slot()
    def _after_first_frame(self) -> None:
        QTimer.singleShot(self.SPEECH_START_MS, self._speech, self._speech.start)

    def _language_changed(self, code: str) -> None:
        self._speech.set_language(code)
        self._ui_language.set(code)

    def set_content(self, content: Content) -> None:
        self.bridge.set_content(content)
        if self.warm_up is not None:
            self.warm_up.start()

    def set_orientation(self, orientation: str) -> None:
        """auto, landscape or portrait: turn the picture when the system does not."""
        self.complete()
        self.screens.setProperty("orientation", orientation)

    def set_screen_size(self, height_mm: float | None) -> None:
        """The screen's physical picture height: targets then measure at least 15 mm."""
        self.complete()
        self.screens.setProperty("screenHeightMm", float(height_mm or 0))

    def dispose(self) -> None:
        """Close the window for good (tests, exit): lift the lockdown first, end the speech
        thread, and delete the QML engine now, while everything it refers to is alive. Left to
        a later turn of the event loop, the engine was deleted after Python had collected some
        of it (whenever its garbage collector ran): a test a few windows later crashed in the
        engine's destructor (a pure virtual call), reliably once read-aloud got its own thread
        (which changed when the collector runs), and about one full test run in five before."""
        if self._complete:
            self._speech.shut_down()  # (its thread must end before the engine deletes it)
            self._bridge.pictures.detach()  # (the drawing worker must not signal a deleted object)
            self._bridge.close_allowed = True
        self.window.setProperty("kioskMode", False)
        self.window.close()
        self.engine.deleteLater()
        from PySide6.QtCore import QEvent

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def shut_down(self) -> None:
        """At exit, after the event loop: close the window and delete the QML engine
        (:meth:`dispose`), and stop the drawing ahead (waiting for a drawing under way). Left to
        the interpreter's own teardown, a picture drawn at that moment crashed the process
        (SIGSEGV: its QSvgRenderer deleted under it) on about one stop in eight."""
        self.dispose()
        if self._complete:
            self._bridge.drawings.close()

    def show(self) -> None:
        if self._complete:
            self._bridge.reset()
            self._keypad.end()
        if self.kiosk_mode:
            self.window.showFullScreen()
        else:
            self.window.show()


