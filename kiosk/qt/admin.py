"""The staff side: the PIN pad and the admin screen. QML shows it; the rules live in
:mod:`kiosk.core.pin`, the report's lines and alerts in :mod:`kiosk.core.adminreport`,
and the figures come from the runtime."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from ..core.adminreport import AdminReport, Row
from ..core.pin import MAX_TRIES, MIN_DIGITS, PinPad, hash_strength
from .qmlnames import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from .viewbridge import ViewBridge

log = logging.getLogger(__name__)


def _rows(rows: tuple[Row, ...]) -> list[dict[str, Any]]:
    return [{"key": row.key, "text": row.text, "alert": row.alert, "action": row.action} for row in rows]


@QmlElement
@QmlUncreatable("made by the kiosk in Python and handed to the window")
class AdminBridge(ViewBridge):  # type: ignore[operator]  # (QmlUncreatable\'s stub)
    reloadRequested = Signal()
    exitRequested = Signal()
    selfTestRequested = Signal()
    rollbackRequested = Signal(str)  # the pack id to roll back ("": the only installed pack)
    opened = Signal()

    def __init__(self, pad: PinPad | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pad = pad or PinPad(None)
        self._pin = ""
        self._pad_open = False
        self._admin_open = False
        self._message = ""
        self._self_test = ""
        self._can_rollback = False
        # The runtime fills the report when the screen opens and once a second while it is open.
        self.snapshot: Callable[[], AdminReport] = AdminReport
        self._report = AdminReport()
        self._publish()

    def _publish(self) -> None:
        report = self._report
        self.publish({
            "pinPadOpen": self._pad_open,
            "adminOpen": self._admin_open,
            "pinLength": len(self._pin),
            "pinMessage": self._message,
            "selfTestReport": self._self_test,
            "canRollback": self._can_rollback,
            "info": _rows(report.info),
            "reviews": _rows(report.reviews),
            "reach": _rows(report.reach),
            "packs": _rows(report.packs),
            "voices": _rows(report.voices),
            "problems": _rows(report.problems),
            "errors": _rows(report.errors),
            "usageToday": _rows(report.usage_today),
            "usageMonth": _rows(report.usage_month),
        })

    # ---- state ----------------------------------------------------------
    @property
    def staff_on_screen(self) -> bool:
        """The PIN pad or the admin screen is up (no patient rules apply meanwhile)."""
        return self._pad_open or self._admin_open

    def open_pin_pad(self) -> None:
        if not self.pad.available:
            log.warning("admin gesture seen, but no admin PIN is configured: the admin screen cannot be opened from the kiosk")
            return
        self._pad_open, self._pin, self._message = True, "", ""
        self._update_lock_message()
        self._publish()

    def close_all(self) -> None:
        """Idle timeout or leave: nothing staff-only stays on screen."""
        if self._pad_open or self._admin_open:
            self._pad_open = self._admin_open = False
            self._pin, self._message, self._self_test = "", "", ""
            self._publish()

    def refresh(self) -> None:
        if self._admin_open:
            self._report = self.snapshot()
            self._publish()

    def pin_problems(self) -> list[str]:
        """What staff should fix about the PIN itself (shown with the config's problems)."""
        stored = self.pad.stored_hash
        if self.pad.short_pin:
            return [f"The admin PIN has fewer than {MIN_DIGITS} digits: set a longer one with kiosk set-pin."]
        if stored and hash_strength(stored) == "weak":
            return ["The admin PIN was set on an older kiosk (cheaper to crack): set a new one with kiosk set-pin."]
        return []

    def show_report(self, text: str) -> None:
        self._self_test = text
        self._publish()

    def _update_lock_message(self) -> None:
        left = self.pad.locked_for()
        if left > 0:
            minutes, seconds = divmod(int(left + 0.999), 60)
            self._message = self.tr("Too many wrong PINs. Try again in %1:%2.").replace("%1", str(minutes)).replace("%2", f"{seconds:02d}")

    def set_can_rollback(self, on: bool) -> None:
        """Rollback is offered only where a content store keeps a previous version."""
        if on != self._can_rollback:
            self._can_rollback = on
            self._publish()

    # ---- properties: one notify signal each -------------------------------
    pinPadOpenChanged = Signal()
    @Property(bool, notify=pinPadOpenChanged)
    def pinPadOpen(self) -> bool:
        return self.flag("pinPadOpen")

    adminOpenChanged = Signal()
    @Property(bool, notify=adminOpenChanged)
    def adminOpen(self) -> bool:
        return self.flag("adminOpen")

    pinLengthChanged = Signal()
    @Property(int, notify=pinLengthChanged)
    def pinLength(self) -> int:
        return self.number("pinLength")

    pinMessageChanged = Signal()
    @Property(str, notify=pinMessageChanged)
    def pinMessage(self) -> str:
        return self.text("pinMessage")

    selfTestReportChanged = Signal()
    @Property(str, notify=selfTestReportChanged)
    def selfTestReport(self) -> str:
        return self.text("selfTestReport")

    canRollbackChanged = Signal()
    @Property(bool, notify=canRollbackChanged)
    def canRollback(self) -> bool:
        return self.flag("canRollback")

    # The report: rows of {key, text, alert}; QML colours a row by its alert flag.
    infoChanged = Signal()
    @Property(list, notify=infoChanged)
    def info(self) -> list[Any]:
        return self.rows("info")

    reviewsChanged = Signal()
    @Property(list, notify=reviewsChanged)
    def reviews(self) -> list[Any]:
        return self.rows("reviews")

    reachChanged = Signal()
    @Property(list, notify=reachChanged)
    def reach(self) -> list[Any]:
        return self.rows("reach")

    packsChanged = Signal()
    @Property(list, notify=packsChanged)
    def packs(self) -> list[Any]:
        return self.rows("packs")

    voicesChanged = Signal()
    @Property(list, notify=voicesChanged)
    def voices(self) -> list[Any]:
        return self.rows("voices")

    problemsChanged = Signal()
    @Property(list, notify=problemsChanged)
    def problems(self) -> list[Any]:
        return self.rows("problems")

    errorsChanged = Signal()
    @Property(list, notify=errorsChanged)
    def errors(self) -> list[Any]:
        return self.rows("errors")

    usageTodayChanged = Signal()
    @Property(list, notify=usageTodayChanged)
    def usageToday(self) -> list[Any]:
        return self.rows("usageToday")

    usageMonthChanged = Signal()
    @Property(list, notify=usageMonthChanged)
    def usageMonth(self) -> list[Any]:
        return self.rows("usageMonth")


    # ---- taps -----------------------------------------------------------
    @Slot(str)
    def pinDigit(self, digit: str) -> None:
        if self._pad_open and digit.isdigit() and len(self._pin) < 12:
            self._pin += digit
            self._publish()

    @Slot()
    def pinBackspace(self) -> None:
        self._pin = self._pin[:-1]
        self._publish()

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
            self._report = self.snapshot()
            self.opened.emit()
        else:  # the pad logs wrong tries and lockouts (never the digits)
            if self.pad.locked_for() > 0:
                self._update_lock_message()
            else:
                left = MAX_TRIES - self.pad.failures
                self._message = self.tr("Wrong PIN. %1 tries left.").replace("%1", str(left))
        self._publish()

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
            self.rollbackRequested.emit("")

    @Slot(str)
    def rollbackPack(self, pack_id: str) -> None:
        """The "Roll back" button beside one pack's row."""
        if self._admin_open:
            self.rollbackRequested.emit(pack_id)

    @Slot()
    def exitToDesktop(self) -> None:
        if self._admin_open:
            log.warning("admin chose exit to desktop")
            self.exitRequested.emit()
