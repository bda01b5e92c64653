"""The staff side: the PIN pad and the admin screen. QML shows it; the rules live in
:mod:`kiosk.core.pin` and the figures come from the runtime."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from ..core.pin import MAX_TRIES, MIN_DIGITS, PinPad, hash_strength

log = logging.getLogger(__name__)


class AdminBridge(QObject):
    changed = Signal()
    reloadRequested = Signal()
    exitRequested = Signal()
    selfTestRequested = Signal()
    rollbackRequested = Signal()
    opened = Signal()

    def __init__(self, pad: PinPad | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pad = pad or PinPad(None)
        self._pin = ""
        self._pad_open = False
        self._admin_open = False
        self._message = ""
        self._report = ""
        self._can_rollback = False
        # The runtime fills these when the screen opens and once a second while it is open.
        self.snapshot: Callable[[], dict[str, Any]] = lambda: {}
        self._data: dict[str, Any] = {}

    # ---- state ----------------------------------------------------------
    def open_pin_pad(self) -> None:
        if not self.pad.available:
            log.warning("admin gesture seen, but no admin PIN is configured: the admin screen cannot be opened from the kiosk")
            return
        self._pad_open, self._pin, self._message = True, "", ""
        self._update_lock_message()
        self.changed.emit()

    def close_all(self) -> None:
        """Idle timeout or leave: nothing staff-only stays on screen."""
        if self._pad_open or self._admin_open:
            self._pad_open = self._admin_open = False
            self._pin, self._message, self._report = "", "", ""
            self.changed.emit()

    def refresh(self) -> None:
        if self._admin_open:
            self._data = self.snapshot()
            self.changed.emit()

    def pin_problems(self) -> list[str]:
        """What staff should fix about the PIN itself (shown with the config's problems)."""
        stored = self.pad.stored_hash
        if self.pad.short_pin:
            return [f"The admin PIN has fewer than {MIN_DIGITS} digits: set a longer one with kiosk set-pin."]
        if stored and hash_strength(stored) == "weak":
            return ["The admin PIN was set on an older kiosk (cheaper to crack): set a new one with kiosk set-pin."]
        return []

    def show_report(self, text: str) -> None:
        self._report = text
        self.changed.emit()

    def _update_lock_message(self) -> None:
        left = self.pad.locked_for()
        if left > 0:
            minutes, seconds = divmod(int(left + 0.999), 60)
            self._message = self.tr("Too many wrong PINs. Try again in %1:%2.").replace("%1", str(minutes)).replace("%2", f"{seconds:02d}")

    # ---- properties -----------------------------------------------------
    def _get_pad_open(self) -> bool:
        return self._pad_open

    pinPadOpen = Property(bool, _get_pad_open, notify=changed)

    def _get_admin_open(self) -> bool:
        return self._admin_open

    adminOpen = Property(bool, _get_admin_open, notify=changed)

    def _get_dots(self) -> int:
        return len(self._pin)

    pinLength = Property(int, _get_dots, notify=changed)

    def _get_message(self) -> str:
        return self._message

    pinMessage = Property(str, _get_message, notify=changed)

    def _get_report(self) -> str:
        return self._report

    selfTestReport = Property(str, _get_report, notify=changed)

    def _get(self, key: str) -> Any:
        return self._data.get(key, [])

    info = Property(list, lambda self: self._get("info"), notify=changed)
    reviews = Property(list, lambda self: self._get("reviews"), notify=changed)
    errors = Property(list, lambda self: self._get("errors"), notify=changed)
    usageToday = Property(list, lambda self: self._get("usage_today"), notify=changed)
    usageMonth = Property(list, lambda self: self._get("usage_month"), notify=changed)
    problems = Property(list, lambda self: self._get("problems"), notify=changed)
    reach = Property(list, lambda self: self._get("reach"), notify=changed)
    packs = Property(list, lambda self: self._get("packs"), notify=changed)
    voices = Property(list, lambda self: self._get("voices"), notify=changed)

    def set_can_rollback(self, on: bool) -> None:
        """Rollback is offered only where a content store keeps a previous version."""
        if on != self._can_rollback:
            self._can_rollback = on
            self.changed.emit()

    def _get_can_rollback(self) -> bool:
        return self._can_rollback

    canRollback = Property(bool, _get_can_rollback, notify=changed)

    # ---- taps -----------------------------------------------------------
    @Slot(str)
    def pinDigit(self, digit: str) -> None:
        if self._pad_open and digit.isdigit() and len(self._pin) < 12:
            self._pin += digit
            self.changed.emit()

    @Slot()
    def pinBackspace(self) -> None:
        self._pin = self._pin[:-1]
        self.changed.emit()

    @Slot()
    def pinSubmit(self) -> None:
        if not self._pad_open:
            return
        pin, self._pin = self._pin, ""
        if self.pad.locked_for() > 0:
            self._update_lock_message()
        elif self.pad.try_pin(pin):
            log.info("admin screen opened")
            self._pad_open, self._admin_open, self._message = False, True, ""
            self._data = self.snapshot()
            self.opened.emit()
        else:  # the pad logs wrong tries and lockouts (never the digits)
            if self.pad.locked_for() > 0:
                self._update_lock_message()
            else:
                left = MAX_TRIES - self.pad.failures
                self._message = self.tr("Wrong PIN. %1 tries left.").replace("%1", str(left))
        self.changed.emit()

    @Slot()
    def pinCancel(self) -> None:
        self.close_all()

    @Slot()
    def leave(self) -> None:
        log.info("admin screen closed")
        self.close_all()

    @Slot()
    def reloadContent(self) -> None:
        if self._admin_open:
            self.reloadRequested.emit()

    @Slot()
    def runSelfTest(self) -> None:
        if self._admin_open:
            self.selfTestRequested.emit()

    @Slot()
    def rollbackContent(self) -> None:
        if self._admin_open:
            self.rollbackRequested.emit()

    @Slot()
    def exitToDesktop(self) -> None:
        if self._admin_open:
            log.warning("admin chose exit to desktop")
            self.exitRequested.emit()
