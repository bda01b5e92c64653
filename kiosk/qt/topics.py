"""The home screen's tiles: a list model QML repeats over, one row per topic."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
)
from PySide6.QtQml import QmlElement, QmlUncreatable

from ..core.pageview import TopicTile
from .drawing import DrawingCache
from .pictures import picture_url
from .qmlnames import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401 (read by QmlElement)


@QmlElement
@QmlUncreatable("made by the kiosk in Python and handed to the window")
class TopicModel(QAbstractListModel):  # type: ignore[operator]  # (QmlUncreatable\'s stub)
    """The topics in content order, in the patient's language (rows from :func:`kiosk.core.pageview.topic_tiles`)."""

    # Qt::DisplayRole and Qt::UserRole, whose values Qt's API fixes: Qt.ItemDataRole would load the
    # whole Qt namespace (about 15 ms) on the way to the first frame.
    DisplayRole = 0
    IdRole = 0x0100 + 1
    TitleRole = IdRole + 1
    SummaryRole = IdRole + 2
    PictureRole = IdRole + 3
    KindRole = IdRole + 4

    def __init__(self, drawings: DrawingCache, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._drawings = drawings
        self._rows: tuple[TopicTile, ...] = ()

    def set_rows(self, rows: tuple[TopicTile, ...]) -> None:
        """New rows (new content or another language): the whole list is new."""
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
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        return {
            self.IdRole: QByteArray(b"topicId"),
            self.TitleRole: QByteArray(b"title"),
            self.SummaryRole: QByteArray(b"summary"),
            self.PictureRole: QByteArray(b"picture"),
            self.KindRole: QByteArray(b"kind"),
        }
