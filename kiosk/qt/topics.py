"""The home screen: the tiles on it (a list model QML repeats over) and the paging around them.

:class:`TopicModel` holds the tiles shown now, topics or shelves (rows from
:func:`kiosk.core.shelfview.home_view`); :class:`HomeBridge` says how they are laid out and which
page is up, forwards the taps on shelves and page buttons, and reports what the window measured
(:class:`kiosk.core.shelfview.Room`) to the core, which decides columns, rows and pages.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Signal,
    Slot,
)
from PySide6.QtQml import QmlElement, QmlUncreatable

from ..core.homeview import Room
from ..core.shelfview import HomeTile, HomeView, Measure
from .drawing import DrawingCache
from .pictures import picture_url
from .qmlnames import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)
from .viewbridge import Actor, ViewBridge


@QmlElement
@QmlUncreatable("made by the kiosk in Python and handed to the window")
class TopicModel(QAbstractListModel):  # type: ignore[operator]  # (QmlUncreatable\'s stub)
    """The tiles on the home screen now, in the patient's language: topics, or shelves (``count`` >= 0)."""

    # Qt::DisplayRole and Qt::UserRole, whose values Qt's API fixes: Qt.ItemDataRole would load the
    # whole Qt namespace (about 15 ms) on the way to the first frame.
    DisplayRole = 0
    IdRole = 0x0100 + 1
    TitleRole = IdRole + 1
    SummaryRole = IdRole + 2
    PictureRole = IdRole + 3
    KindRole = IdRole + 4
    CountRole = IdRole + 5
    Title2Role = IdRole + 6

    def __init__(self, drawings: DrawingCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._drawings = drawings
        self._rows: tuple[HomeTile, ...] = ()

    def set_rows(self, rows: tuple[HomeTile, ...], *, force: bool = False) -> None:
        """New rows (another page, shelf, language or content): the whole list is new."""
        if rows == self._rows and not force:
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default, never changed
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == self.IdRole:
            return row.id
        if role in (self.TitleRole, self.DisplayRole):
            return row.title
        if role == self.SummaryRole:
            return row.summary
        if role == self.PictureRole:
            return picture_url(self._drawings, row.tile)
        if role == self.KindRole:
            return row.kind
        if role == self.CountRole:
            return row.count
        if role == self.Title2Role:
            return row.title2
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        return {
            self.IdRole: QByteArray(b"topicId"),
            self.TitleRole: QByteArray(b"title"),
            self.SummaryRole: QByteArray(b"summary"),
            self.PictureRole: QByteArray(b"picture"),
            self.KindRole: QByteArray(b"kind"),
            self.CountRole: QByteArray(b"count"),
            self.Title2Role: QByteArray(b"title2"),
        }


@QmlElement
@QmlUncreatable("made by the kiosk in Python and handed to the window")
class HomeBridge(ViewBridge):  # type: ignore[operator]  # (QmlUncreatable\'s stub)
    """How the home screen lays its tiles out and which page is up (the rules: kiosk.core.homeview)."""

    def __init__(self, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actor = actor
        self._room = Room()
        self.show(HomeView(), ())

    @property
    def room(self) -> Room:
        """The room the window last reported (a new session starts from it)."""
        return self._room

    def show(self, view: HomeView, sample: tuple[Measure, ...], *, force: bool = False) -> None:
        self.publish({
            "mode": view.mode,
            "columns": view.columns,
            "tileRows": view.rows,
            "pageNumber": view.page_number,
            "pageCount": view.page_count,
            "shelfTitle": view.shelf_title,
            "shelfTitle2": view.shelf_title2,
            "backToShelves": view.back_to_shelves,
            "pictures": view.pictures,
            "measure": [{"title": m.title, "title2": m.title2, "summary": m.summary, "count": m.count, "id": m.id}
                        for m in sample],
        }, force=force)

    modeChanged = Signal()
    # "list": every topic on one screen; "shelves": a page of shelves; "topics": a page of one shelf's topics.
    @Property(str, notify=modeChanged)
    def mode(self) -> str:
        return self.text("mode")

    columnsChanged = Signal()
    @Property(int, notify=columnsChanged)
    def columns(self) -> int:
        return self.number("columns")

    tileRowsChanged = Signal()
    @Property(int, notify=tileRowsChanged)
    def tileRows(self) -> int:
        return self.number("tileRows")

    pageNumberChanged = Signal()
    @Property(int, notify=pageNumberChanged)
    def pageNumber(self) -> int:
        return self.number("pageNumber")

    pageCountChanged = Signal()
    @Property(int, notify=pageCountChanged)
    def pageCount(self) -> int:
        return self.number("pageCount")

    shelfTitle2Changed = Signal()
    @Property(str, notify=shelfTitle2Changed)
    def shelfTitle2(self) -> str:
        """The shelf's title in the second language (for a family member), or ""."""
        return self.text("shelfTitle2")

    shelfTitleChanged = Signal()
    @Property(str, notify=shelfTitleChanged)
    def shelfTitle(self) -> str:
        return self.text("shelfTitle")

    backToShelvesChanged = Signal()
    @Property(bool, notify=backToShelvesChanged)
    def backToShelves(self) -> bool:
        return self.flag("backToShelves")

    picturesChanged = Signal()
    # False: the tiles' words fit only without their pictures (the largest text in a tall-lined language).
    @Property(bool, notify=picturesChanged)
    def pictures(self) -> bool:
        return self.flag("pictures")

    measureChanged = Signal()
    # The tiles with the longest words ({title, summary, count, id}), laid out by the window to find how tall tile text gets.
    @Property(list, notify=measureChanged)
    def measure(self) -> list[Any]:
        return self.rows("measure")

    @Slot(str)
    def openShelf(self, shelf_id: str) -> None:
        self._actor.act(lambda s: s.open_shelf(shelf_id))

    @Slot()
    def nextPage(self) -> None:
        self._actor.act(lambda s: s.turn_home_page(1))

    @Slot()
    def previousPage(self) -> None:
        self._actor.act(lambda s: s.turn_home_page(-1))

    @Slot(bool, float, float, float, float, float, float, float, float)
    def setRoom(self, portrait: bool, text_scale: float, list_height: float, paged_height: float,
                tile_extra: float, picture: float, one: float, two: float, three: float) -> None:
        """What the window measured: the heights for rows of tiles (without and with page
        buttons), what a tile needs besides words (and of that, its picture), and the tallest
        tile text at 1, 2, 3 columns."""
        room = Room(portrait, text_scale, round(list_height, 1), round(paged_height, 1), round(tile_extra, 1),
                    (round(one, 1), round(two, 1), round(three, 1)), round(picture, 1))
        if room != self._room:
            self._room = room
            self._actor.act(lambda s: s.set_home_room(room))
