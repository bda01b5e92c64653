"""Drawings with layer states, rendered by Qt's SVG renderer at the size they are shown.

A picture names parts of a kit drawing to show, hide or highlight. We apply those to
the SVG's XML (display attributes, and an orange halo copied behind a highlighted
part), render it with QSvgRenderer into an image of exactly the displayed size (sharp
from 720p to 4K), and keep recent renders, so paging back and forth never stalls.
Labels are not in the image: QML draws them at anchor positions computed here.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QPointF, QRectF, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider

# The SVG renderer and the XML parser load with the first picture, after the first frame.
if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

    from PySide6.QtSvg import QSvgRenderer

if TYPE_CHECKING:
    from ..core.model import Picture

log = logging.getLogger(__name__)

SVG_NS = "http://www.w3.org/2000/svg"
HALO = "#E8590C"
HALO_EXTRA = 12.0


def _xml() -> Any:
    """xml.etree.ElementTree, with the SVG namespaces registered (imported on first use)."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    return ET


@dataclass(frozen=True)
class DrawingState:
    path: Path
    show: tuple[str, ...] = ()
    hide: tuple[str, ...] = ()
    highlight: tuple[str, ...] = ()

    @classmethod
    def of(cls, path: Path, picture: Picture) -> DrawingState:
        """The state a content picture asks for, on its drawing file at ``path``."""
        return cls(path, tuple(picture.show), tuple(picture.hide), tuple(picture.highlight))

    @property
    def token(self) -> str:
        key = "|".join([str(self.path), ",".join(self.show), ",".join(self.hide), ",".join(self.highlight)])
        return hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:16]


def _set_display(element: ET.Element, visible: bool) -> None:
    element.attrib.pop("display", None)
    style = element.attrib.get("style", "")
    if "display" in style:
        element.attrib["style"] = ";".join(p for p in style.split(";") if not p.strip().startswith("display"))
    if not visible:
        element.attrib["display"] = "none"


def _halo(element: ET.Element) -> ET.Element:
    """A copy of ``element`` drawn as a thick orange outline, to sit behind it."""
    halo = copy.deepcopy(element)
    for node in halo.iter():
        node.attrib.pop("id", None)
        if node.tag.split("}")[-1] in ("g", "svg"):
            continue
        width = node.attrib.get("stroke-width", "3")
        try:
            stroke = float(width) + HALO_EXTRA
        except ValueError:
            stroke = 3 + HALO_EXTRA
        node.attrib.update({"stroke": HALO, "stroke-width": f"{stroke:g}", "fill": "none",
                            "stroke-linejoin": "round", "stroke-linecap": "round", "stroke-opacity": "0.85"})
        node.attrib.pop("stroke-dasharray", None)
    _set_display(halo, True)
    return halo


def apply_state(svg: bytes, state: DrawingState) -> bytes:
    """The drawing's SVG with the state's layers shown, hidden and highlighted."""
    if not (state.show or state.hide or state.highlight):
        return svg
    ET = _xml()  # noqa: N806 (its usual name)
    root = ET.fromstring(svg)
    parents = {child: parent for parent in root.iter() for child in parent}
    by_id = {el.attrib["id"]: el for el in root.iter() if "id" in el.attrib}
    for part in state.show:
        element = by_id.get(part)
        if element is not None:
            _set_display(element, True)
            # A part inside a hidden group needs that group shown too.
            parent = parents.get(element)
            while parent is not None and parent is not root:
                if parent.attrib.get("display") == "none":
                    _set_display(parent, True)
                parent = parents.get(parent)
    for part in state.hide:
        element = by_id.get(part)
        if element is not None:
            _set_display(element, False)
    for part in state.highlight:
        element = by_id.get(part)
        parent = parents.get(element) if element is not None else None
        if element is not None and parent is not None:
            parent.insert(list(parent).index(element), _halo(element))
    return bytes(ET.tostring(root, encoding="utf-8"))


class DrawingCache:
    """Layer-state SVGs and their renders, keyed by state and size; bounded, thread-safe.

    The renders are bounded by bytes as well as by count: a step's picture is about 3 MB at
    1080p and 11 MB at 4K, so a count alone let the cache grow past half a gigabyte at 4K.
    :meth:`prefetch` draws the pictures a patient is likely to need next (the neighbouring
    steps) on a worker thread once the current frame is on screen (:meth:`frame_shown`), so a
    Next tap finds its picture drawn instead of drawing it while the patient waits; a picture
    on screen that finds its render missing has the same worker draw it at once (:meth:`want`).

    The window sets the byte bound from its size (:meth:`fit_screen`): :data:`SCREENS_KEPT`
    full screens of pixels, about 14 step pictures at any screen size, a topic's pictures and
    the drawing ahead. A bound in plain megabytes kept 14 pictures at 4K but 53 at 1080p, which
    a kiosk filled only after weeks of patients, so its memory still rose long after start-up.
    """

    MAX_BYTES = 160 * 2**20  # until the window says its size
    SCREENS_KEPT = 5  # a step's picture covers about a third of the screen

    def __init__(self, max_images: int = 64, max_bytes: int = MAX_BYTES) -> None:
        self.states: dict[str, DrawingState] = {}
        self._svg: dict[str, bytes] = {}
        self._anchors: dict[tuple[str, tuple[str, ...]], dict[str, tuple[float, float]]] = {}
        self._images: OrderedDict[tuple[str, int, int], QImage] = OrderedDict()
        self._bytes = 0
        self._max = max_images
        self.max_bytes = max_bytes
        self.screens_kept = self.SCREENS_KEPT
        self._lock = threading.Lock()
        self._drawing: dict[tuple[str, int, int], threading.Event] = {}  # renders under way, by key
        self._sizes: dict[str, tuple[int, int]] = {}  # the size each token was last asked for
        self._like: str | None = None  # the picture the last prefetch was for (the page before)
        self._wanted: list[tuple[str, int, int]] = []  # renders to prefetch once the frame is shown
        # Wakes the worker: a frame was shown, or a picture on screen asks for a render.
        self._changed = threading.Condition(self._lock)
        self._frame = True  # a frame was shown since the drawing ahead was planned
        # How long a render a picture on screen asks for waits for a frame on its way (a tap's
        # frame, after which it is drawn), and how long drawing ahead waits for one at most.
        self.asked_wait = 0.1
        self.ahead_wait = 2.0
        self._worker: threading.Thread | None = None
        self._asked: set[tuple[str, int, int]] = set()  # renders a picture on screen waits for (:meth:`want`)
        self._listener: Callable[[str, int, int], None] | None = None
        self._listener_lock = threading.Lock()
        self.renders = 0  # how many images were actually drawn (the rest came from the cache)

    def register(self, state: DrawingState) -> str:
        token = state.token
        with self._lock:
            self.states.setdefault(token, state)
        return token

    def svg(self, token: str) -> bytes:
        with self._lock:
            cached = self._svg.get(token)
        if cached is not None:
            return cached
        state = self.states[token]
        data = apply_state(state.path.read_bytes(), state)
        with self._lock:
            self._svg[token] = data
        return data

    def renderer(self, token: str) -> QSvgRenderer:
        from PySide6.QtSvg import QSvgRenderer

        return QSvgRenderer(QByteArray(self.svg(token)))

    def cached(self, token: str, width: int, height: int) -> bool:
        with self._lock:
            return (token, width, height) in self._images

    def image(self, token: str, width: int, height: int) -> QImage:
        key = (token, width, height)
        while True:
            with self._lock:
                self._sizes[token] = (width, height)
                if key in self._images:
                    self._images.move_to_end(key)
                    return self._images[key]
                under_way = self._drawing.get(key)
                if under_way is None:
                    done = self._drawing[key] = threading.Event()
                    break
            under_way.wait()  # the prefetch worker is drawing it now: take its result
        try:
            image = self._draw(token, width, height)
            self._keep(key, image)
        finally:
            with self._lock:
                del self._drawing[key]
            done.set()
        return image

    def _draw(self, token: str, width: int, height: int) -> QImage:
        renderer = self.renderer(token)
        view = renderer.viewBoxF()
        size = QSize(width, height) if width > 0 and height > 0 else renderer.defaultSize()
        # Keep the drawing's proportions inside the requested box.
        scale = min(size.width() / view.width(), size.height() / view.height()) if view.width() and view.height() else 1.0
        image = QImage(max(1, round(view.width() * scale)), max(1, round(view.height() * scale)), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)  # transparent (0 in any ARGB format; Qt.GlobalColor would load the Qt namespace)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
        painter.end()
        return image

    def _keep(self, key: tuple[str, int, int], image: QImage) -> None:
        with self._lock:
            self.renders += 1
            self._images[key] = image
            self._bytes += image.sizeInBytes()
            self._trim()

    def _trim(self) -> None:
        """Drop the least recently used renders down to the bounds, but never the newest one.
        (Called with the lock held.)"""
        while len(self._images) > 1 and (len(self._images) > self._max or self._bytes > self.max_bytes):
            _, old = self._images.popitem(last=False)
            self._bytes -= old.sizeInBytes()

    def fit_screen(self, width: int, height: int) -> None:
        """Bound the renders to :attr:`screens_kept` screens of ``width`` x ``height`` device
        pixels (4 bytes each), and drop the oldest renders beyond it now."""
        if width <= 0 or height <= 0:
            return
        with self._lock:
            self.max_bytes = self.screens_kept * width * height * 4
            self._trim()

    @property
    def bytes(self) -> int:
        """The memory the kept renders take."""
        return self._bytes

    # ---- drawing off the GUI thread ------------------------------------------
    def want(self, token: str, width: int, height: int) -> bool:
        """True if the render of ``token`` at ``width`` x ``height`` is at hand (drawn already, or
        nothing to draw): an Image may load it now, and the provider returns it at once.
        Otherwise the worker thread draws it next, before any drawing ahead, once the frame on
        its way (if any, for :attr:`asked_wait` at most) is out, and then calls the listener
        (:meth:`listen`), so the GUI thread never draws a picture while a patient waits for the
        next frame."""
        key = (token, width, height)
        with self._lock:
            if token not in self.states or width <= 0 or height <= 0 or key in self._images:
                return True
            self._sizes[token] = (width, height)
            if key not in self._asked:
                self._asked.add(key)
                if key not in self._drawing:  # (one under way is told about when it is done)
                    if key in self._wanted:
                        self._wanted.remove(key)
                    self._wanted.insert(0, key)
            self._start_worker()
            self._changed.notify_all()  # (a worker waiting for a frame to draw ahead: this first)
        return False

    def listen(self, listener: Callable[[str, int, int], None] | None) -> None:
        """Call ``listener(token, width, height)``, on the worker thread, once a render asked for
        with :meth:`want` is drawn. ``None`` stops it, after any call under way has returned (so
        the window may then delete what the listener reaches)."""
        with self._listener_lock:
            self._listener = listener

    def _tell(self, key: tuple[str, int, int]) -> None:
        with self._lock:
            if key not in self._asked:
                return
            self._asked.discard(key)
        with self._listener_lock:
            if self._listener is not None:
                try:
                    self._listener(*key)
                except RuntimeError:  # (its window deleted without detaching: nobody waits for it)
                    log.debug("drawing: nobody to tell that %s is drawn", key, exc_info=True)

    def _start_worker(self) -> None:
        """(Called with the lock held.)"""
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._draw_ahead, name="drawing-prefetch", daemon=True)
            self._worker.start()

    # ---- drawing ahead -------------------------------------------------------
    def prefetch(self, tokens: list[str], like: str) -> None:
        """Draw ``tokens`` ahead, on a worker thread, at the size the page before showed its
        picture at (the previous call's ``like``), else the size ``like`` was last shown at; the
        worker waits for :meth:`frame_shown`, so it never slows the frame on its way."""
        with self._lock:
            # The page's own picture is asked for once its box has settled, after this call, so
            # the size the page before showed its picture at (a home tile may share ``like``'s
            # drawing at its own size).
            size = (self._sizes.get(self._like) if self._like else None) or self._sizes.get(like)
            self._like = like
            if size is None:
                return
            asked = [key for key in self._wanted if key in self._asked]  # (a picture on screen waits for these)
            ahead = [(token, *size) for token in tokens if token in self.states and token != like]
            self._wanted = asked + [key for key in ahead if key not in self._asked]
            if not self._wanted:
                return
            self._frame = False
            self._start_worker()

    def close(self, timeout: float = 5.0) -> None:
        """Stop drawing ahead and wait for the drawing under way (at exit: Python must not be torn
        down under a thread that is inside Qt)."""
        with self._lock:
            self._wanted = []
            self._asked.clear()
            worker = self._worker
            self._frame = True
            self._changed.notify_all()
        if worker is not None and worker is not threading.current_thread():
            worker.join(timeout)

    @property
    def waiting_for_frame(self) -> bool:
        """True while drawing ahead waits for the next frame (planned by :meth:`prefetch`)."""
        return not self._frame

    def frame_shown(self) -> None:
        """The window has drawn a frame: the worker may start. Called on the turn of the event
        loop after ``frameSwapped`` (:class:`kiosk.qt.afterframe.AfterFrame`), not inside it: Qt
        holds Python's lock while it draws a picture, so the frame's other listeners in Python
        would wait for a worker woken there, for 5 ms or more each."""
        with self._lock:
            if not self._frame:
                self._frame = True
                self._changed.notify_all()

    def _draw_ahead(self) -> None:
        while True:
            with self._lock:
                # Drawing ahead waits for the frame on its way. So does a render a picture on
                # screen asks for meanwhile, but only briefly: Qt holds Python's lock while it
                # draws, and the tap that asked still runs Python until its frame is out. (No
                # frame at all: nothing changed, or no window; go ahead anyway.)
                began = time.monotonic()
                while self._wanted and not self._frame:
                    limit = self.asked_wait if self._wanted[0] in self._asked else self.ahead_wait
                    left = began + limit - time.monotonic()
                    if left <= 0:
                        self._frame = True
                        break
                    self._changed.wait(left)
                if not self._wanted:
                    self._worker = None
                    return
                key = self._wanted.pop(0)
                if key in self._drawing:
                    continue  # the GUI thread draws it now (its Image loads it directly)
                drawn = key in self._images
            if not drawn:
                try:
                    self.image(*key)
                except Exception:  # (a drawing file gone meanwhile: the provider tries again, and logs)
                    log.exception("drawing %s at %dx%d failed", *key)
            self._tell(key)

    def anchors(self, token: str, ids: list[str]) -> dict[str, tuple[float, float]]:
        """Where each element's centre lies in the drawing, as fractions of its width and height."""
        key = (token, tuple(ids))
        with self._lock:
            found = self._anchors.get(key)
        if found is not None:
            return dict(found)
        renderer = self.renderer(token)
        view = renderer.viewBoxF()
        out = {}
        for element in ids:
            if not renderer.elementExists(element):
                continue
            bounds = renderer.transformForElement(element).mapRect(renderer.boundsOnElement(element))
            centre: QPointF = bounds.center()
            out[element] = ((centre.x() - view.x()) / view.width(), (centre.y() - view.y()) / view.height())
        with self._lock:
            self._anchors[key] = out
        return dict(out)


PREFIX = "image://drawing/"  # a drawing's address in QML: PREFIX + token, then "?..." at will


def token_of(address: str) -> str:
    """The render token in a drawing's address: a whole ``image://drawing/<token>?...``, or
    ``<token>?...`` as the image provider is handed it."""
    return address.removeprefix(PREFIX).split("?", 1)[0]


class DrawingProvider(QQuickImageProvider):
    """``image://drawing/<token>``: the state's render at the size QML asks for.

    Only for Images that load synchronously (on the GUI thread). Qt's image loader thread calls
    an asynchronous Image's provider while it holds a lock of Qt's; in Python, that call waits
    for Python's lock, which the GUI thread may hold while it waits for Qt's lock (any Python
    slot whose change makes another Image load): both wait for ever. Seen here, twice, as a
    test run that froze in a tap. So the drawing is moved off the GUI thread another way:
    Picture.qml and Thumb.qml first ask :class:`~kiosk.qt.pictures.Pictures` whether the render
    is at hand, and load only once the worker thread has drawn it (:meth:`DrawingCache.want`);
    this call then only takes it from the cache."""

    def __init__(self, cache: DrawingCache) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self.cache = cache

    def requestImage(self, ident: str, size: QSize, requested: QSize) -> QImage:
        image = self.cache.image(token_of(ident), requested.width(), requested.height())
        if size is not None:
            size.setWidth(image.width())
            size.setHeight(image.height())
        return image
