"""Connect a slot for one call only, without Qt's ``Qt`` namespace.

``Qt.ConnectionType.SingleShotConnection`` does the same, but PySide6 builds the whole ``Qt``
namespace (hundreds of enums, about 15 ms on the development machine) the first time Python
touches it; the kiosk's way to its first frame does not (bench/ui.py measures it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def once(signal: Any, slot: Callable[..., object]) -> None:
    """Call ``slot`` on the next emission of ``signal`` only, then disconnect it.

    A signal emitted on another thread (``frameSwapped`` on Qt Quick's render thread, as under a
    real display) reaches ``slot`` through the event queue: two frames can be queued before the
    first is delivered, and disconnecting then does not take back the second. So ``slot`` runs at
    the first delivery and never again."""
    fired = False

    def fire(*args: object) -> None:
        nonlocal fired
        if fired:
            return
        fired = True
        signal.disconnect(fire)
        slot(*args)

    signal.connect(fire)
