"""Pictures of the view model as QML shows them: an ``image://drawing/...`` address for the
drawing with its layer states, and its words at their anchors; and :class:`Pictures`, which
tells Picture.qml and Thumb.qml when a drawing is ready to load."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from ..core.pageview import PictureView
from .drawing import PREFIX, DrawingCache, DrawingState, token_of
from .qmlnames import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)


def picture_url(drawings: DrawingCache, view: PictureView) -> str:
    """``image://drawing/<token>`` for ``view`` (rendered at the size shown), or "" for no picture."""
    if view.picture is None or view.path is None:
        return ""
    return f"{PREFIX}{drawings.register(DrawingState.of(view.path, view.picture))}"


def picture_labels(drawings: DrawingCache, view: PictureView) -> list[dict[str, Any]]:
    """The picture's words at their anchors (fractions of the drawing); a missing anchor drops its word."""
    if view.picture is None or view.path is None or not view.labels:
        return []
    token = drawings.register(DrawingState.of(view.path, view.picture))
    where = drawings.anchors(token, [label.anchor for label in view.labels])
    return [{"x": where[label.anchor][0], "y": where[label.anchor][1], "text": label.text, "anchor": label.anchor,
             "below": label.below} for label in view.labels if label.anchor in where]


@QmlElement
@QmlUncreatable("made by the kiosk in Python and handed to the window")
class Pictures(QObject):  # type: ignore[operator]  # (QmlUncreatable\'s stub)
    """Whether a drawing is drawn at the size a picture's box asks for.

    Qt's own asynchronous Image loading calls the provider on Qt's loader thread, which
    deadlocked with Python (kiosk/qt/drawing.py, :class:`~kiosk.qt.drawing.DrawingProvider`).
    Instead, a picture asks :meth:`ready` before it loads: if the render is not at hand, the
    drawing-ahead worker draws it at once and :attr:`drawn` follows, and the picture loads it
    then, from the cache, on the GUI thread. Meanwhile the page shows its words and the old
    picture; the new one fades in once drawn."""

    drawn = Signal(str, int, int)  # image address, width, height: now drawn (emitted from the worker)

    def __init__(self, drawings: DrawingCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._drawings = drawings
        drawings.listen(self._told)

    def _told(self, token: str, width: int, height: int) -> None:
        self.drawn.emit(f"{PREFIX}{token}", width, height)  # (queued to the GUI thread)

    @Slot(str, int, int, result=bool)
    def ready(self, url: str, width: int, height: int) -> bool:
        """True if ``url`` can load at ``width`` x ``height`` now without drawing on the GUI
        thread (any address that is not a drawing, too); otherwise it is being drawn."""
        if not url.startswith(PREFIX):
            return True
        return self._drawings.want(token_of(url), width, height)

    def detach(self) -> None:
        """Stop hearing from the worker (before this object is deleted)."""
        self._drawings.listen(None)
