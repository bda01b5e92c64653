"""What the small bridges QML binds to have in common: each property has its own notify
signal, emitted only when that property's value changed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from ..core.session import Session

K = TypeVar("K")
V = TypeVar("V")


class Memo(Generic[K, V]):
    """The last argument and result of ``make``: a value recomputed only when its input changed."""

    def __init__(self, make: Callable[[K], V]) -> None:
        self._make = make
        self._last: tuple[K, V] | None = None

    def __call__(self, key: K) -> V:
        if self._last is None or self._last[0] != key:
            self._last = (key, self._make(key))
        return self._last[1]


class ViewBridge(QObject):
    """Holds the values QML reads; :meth:`publish` stores new ones and emits ``<name>Changed``
    for each one that differs (or for all, with ``force``: new content, where the same
    picture may lie in another folder)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._values: dict[str, Any] = {}

    def publish(self, values: Mapping[str, Any], *, force: bool = False) -> None:
        changed = [name for name, value in values.items() if force or self._values.get(name) != value]
        self._values.update(values)  # every value first: a binding woken by one signal reads the others new
        for name in changed:
            getattr(self, name + "Changed").emit()

    def value(self, name: str) -> Any:
        return self._values[name]

    # Typed reads for the property getters.
    def text(self, name: str) -> str:
        return cast(str, self._values[name])

    def flag(self, name: str) -> bool:
        return cast(bool, self._values[name])

    def number(self, name: str) -> int:
        return cast(int, self._values[name])

    def real(self, name: str) -> float:
        return cast(float, self._values[name])

    def rows(self, name: str) -> list[Any]:
        return cast(list[Any], self._values[name])


class Actor(Protocol):
    """Where a bridge's taps go: :meth:`kiosk.qt.bridge.KioskBridge.act` runs one change of the
    session, guarded, and then brings every bridge up to date."""

    def act(self, change: Callable[[Session], object]) -> None: ...
