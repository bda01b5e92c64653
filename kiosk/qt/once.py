"""Connect a slot for one call only, without Qt's ``Qt`` namespace.

``Qt.ConnectionType.SingleShotConnection`` does the same, but PySide6 builds the whole ``Qt``
namespace (hundreds of enums, about 15 ms on the development machine) the first time Python
touches it; the kiosk's way to its first frame does not (bench/ui.py measures it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def once(signal: Any, slot: Callable[..., object]) -> None:
    """Call ``slot`` on the next emission of ``signal`` only, then disconnect it."""

    def fire(*args: object) -> None:
        signal.disconnect(fire)
        slot(*args)

    signal.connect(fire)
