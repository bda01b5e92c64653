"""Texts laid out before they are shown: a few text items share one place on a page.

Qt Quick lays out a text and builds its glyphs in the frame that first shows it; for a page's
body at 3840x2160 that was some 10 ms of a Next tap (bench/ui.py). With a few slots, the text of
the pages a tap can show next is put into hidden slots after the tap's frame, and the tap only
shows the slot that holds its text. A text in no slot goes into one at once, as before. A slot
holds any value that compares and hashes (a page's text, or its checklist as a tuple).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class TextSlots(Generic[T]):
    """Which text each of ``count`` slots holds (``empty`` at first), and which slot is shown."""

    def __init__(self, empty: T, count: int = 3) -> None:
        if count < 1:
            raise ValueError("at least one slot")
        self.texts: list[T] = [empty] * count
        self._empty = empty
        self.shown = 0
        self._ahead: tuple[T, ...] = ()

    def show(self, text: T) -> None:
        """Show ``text``: from the slot that holds it, else in a slot no text ahead is kept in."""
        if text in self.texts:
            self.shown = self.texts.index(text)
            return
        kept = set(self._ahead)
        free = [i for i, held in enumerate(self.texts) if held not in kept]
        self.shown = self.shown if self.shown in free or not free else free[0]
        self.texts[self.shown] = text

    def ahead(self, texts: Iterable[T]) -> None:
        """Keep ``texts`` (the likeliest first) in the hidden slots, as many as there are room for."""
        wanted = [t for t in dict.fromkeys(texts) if t != self._empty and t != self.texts[self.shown]][: len(self.texts) - 1]
        self._ahead = tuple(wanted)
        missing = [t for t in wanted if t not in self.texts]
        spare = [i for i, held in enumerate(self.texts) if i != self.shown and held not in wanted]
        for index, text in zip(spare, missing, strict=False):
            self.texts[index] = text
