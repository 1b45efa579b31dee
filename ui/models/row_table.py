"""A read-only Qt table model over a plain list of rows (all held: the lists are small).

Subclasses name their columns (English msgids, translated in ``headerData``) and answer
``cell(row, column, role)``. ``set_translator`` re-translates headers and cells in place.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from coop_desktop.i18n.catalog import Translator
from ui.widgets.visible_text import shown

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's record id
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2  # text the filter box matches (both languages)
SORT_ROLE = Qt.ItemDataRole.UserRole + 3  # a key that sorts right (years as ints, ISO dates)
AnyIndex = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel):
    COLUMNS: tuple[str, ...] = ()

    def __init__(self, tr: Translator, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.translator = tr
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def set_translator(self, tr: Translator) -> None:
        self.translator = tr
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(self.COLUMNS) - 1))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.COLUMNS)):
            return self.translator.gettext(self.COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if not 0 <= index.column() < len(self.COLUMNS):
            return None
        value = self.cell(self.rows[index.row()], index.column(), role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return shown(value)  # control characters as [U+202E] (ui.widgets.visible_text)
        return value

    def cell(self, row: Any, column: int, role: int) -> Any:
        """The value of ``row``'s ``column`` for ``role`` (None when there is none)."""
        return None
