"""Pictures of the view model as QML shows them: an ``image://drawing/...`` address for the
drawing with its layer states, and its words at their anchors."""

from __future__ import annotations

from typing import Any

from ..core.pageview import PictureView
from .drawing import DrawingCache, DrawingState


def picture_url(drawings: DrawingCache, view: PictureView) -> str:
    """``image://drawing/<token>`` for ``view`` (rendered at the size shown), or "" for no picture."""
    if view.picture is None or view.path is None:
        return ""
    return f"image://drawing/{drawings.register(DrawingState.of(view.path, view.picture))}"


def picture_labels(drawings: DrawingCache, view: PictureView) -> list[dict[str, Any]]:
    """The picture's words at their anchors (fractions of the drawing); a missing anchor drops its word."""
    if view.picture is None or view.path is None or not view.labels:
        return []
    token = drawings.register(DrawingState.of(view.path, view.picture))
    where = drawings.anchors(token, [label.anchor for label in view.labels])
    return [{"x": where[label.anchor][0], "y": where[label.anchor][1], "text": label.text, "anchor": label.anchor,
             "below": label.below} for label in view.labels if label.anchor in where]
