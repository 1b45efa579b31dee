"""The list behind a home-page count that no list page filters on: the enterprises with an
expired title still recorded as active, the yearly data update due, a major change to
report, or a planned follow-up. Each row opens its enterprise (double-click, Enter, or
"Open the enterprise"); the list is read through ``ctx.runner`` and sorted soonest first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPushButton, QTableView,
    QVBoxLayout, QWidget,
)

from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.i18n.formatting import format_date, format_number
from ui.context import AppContext
from ui.models.application_tables import OVERDUE, countdown
from ui.models.row_table import ID_ROLE, RowTableModel


@dataclass(frozen=True)
class Entry:
    enterprise_id: int
    enterprise: str
    detail: str
    due_on: date


#: The columns of a reminder list, and of the follow-ups.
REMINDER_COLUMNS = (N_("Enterprise"), N_("Title"), N_("Due date"), N_("When"))
FOLLOW_UP_COLUMNS = (N_("Enterprise"), N_("Kind"), N_("Date"), N_("When"))


class EntryModel(RowTableModel):
    COLUMNS = REMINDER_COLUMNS

    def __init__(self, tr: Translator, today: date, parent: Any = None,
                 columns: tuple[str, ...] = REMINDER_COLUMNS) -> None:
        super().__init__(tr, parent)
        self.today = today
        self.COLUMNS = columns

    def cell(self, row: Entry, column: int, role: int) -> Any:
        tr = self.translator
        days = (row.due_on - self.today).days
        if role == ID_ROLE:
            return row.enterprise_id
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and days < 0:
            return QColor(OVERDUE)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (row.enterprise, row.detail, format_date(row.due_on, tr.language),
                    countdown(days, tr))[column]
        return None


class HomeListDialog(QDialog):
    """``fetch`` runs on the DB lane and returns the entries; ``open_enterprise(id)`` is
    called with the chosen row's enterprise (the dialog closes)."""

    def __init__(self, ctx: AppContext, title: str, intro: str,
                 fetch: Callable[[], list[Entry]], open_enterprise: Callable[[int], Any],
                 today: date, parent: QWidget | None = None, *,
                 columns: tuple[str, ...] = REMINDER_COLUMNS) -> None:
        super().__init__(parent)
        self.setObjectName("homeListDialog")
        self.ctx = ctx
        self._open = open_enterprise
        tr = ctx.tr
        _ = tr.gettext
        self.setWindowTitle(title)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.count_label = QLabel(_("Loading…"))
        self.model = EntryModel(tr, today, self, columns)
        self.table = QTableView(objectName="homeListTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.open_button = QPushButton(_("Open the enterprise"), objectName="homeListOpen")
        self.open_button.setEnabled(False)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(lambda: self._open_index(self.table.currentIndex()))
        buttons.rejected.connect(self.reject)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self.open_button.setEnabled(current.isValid()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 480)
        ctx.runner.run(fetch, on_success=self._on_rows, parent=self)

    def _on_rows(self, rows: list[Entry]) -> None:
        tr = self.ctx.tr
        self.model.set_rows(sorted(rows, key=lambda e: (e.due_on, e.enterprise)))
        self.count_label.setText(tr.ngettext("{count} item on the list", "{count} items on the list", len(rows))
                                 .format(count=format_number(len(rows), tr.language)))
        if rows:
            self.table.selectRow(0)

    def _open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        enterprise_id = index.sibling(index.row(), 0).data(ID_ROLE)
        self.accept()
        self._open(int(enterprise_id))


__all__ = ["FOLLOW_UP_COLUMNS", "REMINDER_COLUMNS", "Entry", "EntryModel", "HomeListDialog"]
