"""Tools ▸ Imports…: the imports recorded in this database, each of which can be undone.

The undo on the status bar only lasts the session; this list keeps every import
(``exchange.undo.batches``: when, who, which file, what it did). **Undo the import** gives
every changed field its previous value and moves the enterprises it created to the recycle
bin, in one transaction. When some of those records were changed after the import, nothing
is undone until the user chooses: undo the rest and leave those as they are, or nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QMessageBox, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from coop_desktop.exchange import undo as undo_mod
from coop_desktop.i18n.formatting import format_datetime
from coop_desktop.services.outcome import Changes
from ui.context import AppContext


class ImportsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = ctx.tr.gettext
        self.ctx = ctx
        self.batches: list[Any] = []
        self.last_report: Any = None
        self.setObjectName("importsDialog")
        self.setWindowTitle(_("Imports"))
        layout = QVBoxLayout(self)
        note = QLabel(_("Every import made in this database. Undoing one gives the fields it "
                        "changed their previous values and moves the enterprises it created to "
                        "the recycle bin."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("importsTable")
        self.table.setHorizontalHeaderLabels([_("Date"), _("File"), _("By"), _("Result"),
                                              _("State")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(_("No import has been made in this database."))
        layout.addWidget(self.empty)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.undo_button = QPushButton(_("Undo the import…"))
        self.undo_button.setObjectName("undoImport")
        self.undo_button.clicked.connect(self.undo_selected)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(860, 380)
        self.reload()

    def reload(self) -> None:
        db = self.ctx.db
        self.ctx.runner.run(lambda: undo_mod.batches(db), on_success=self._show, parent=self)

    def _show(self, found: list[Any]) -> None:
        tr = self.ctx.tr
        self.batches = found
        self.table.setRowCount(len(found))
        for r, b in enumerate(found):
            result = tr.gettext("{created} new, {updated} updated, {rejected} rejected").format(
                created=b.created, updated=b.updated, rejected=b.rejected)
            state = tr.gettext("Undone") if b.undone else tr.gettext("In effect")
            cells = (format_datetime(b.at, tr), b.file, b.actor, result, state)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tr.gettext("Batch {batch}").format(batch=b.batch_id))
                self.table.setItem(r, c, item)
        self.table.resizeColumnToContents(0)
        self.empty.setVisible(not found)
        if found:
            self.table.selectRow(0)
        self._update()

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.batches[rows[0].row()] if rows else None

    def _update(self) -> None:
        batch = self.selected()
        self.undo_button.setEnabled(batch is not None and not batch.undone
                                    and not self.ctx.db.read_only)

    def undo_selected(self, *, skip_changed: bool = False) -> QMessageBox | None:
        batch = self.selected()
        if batch is None or batch.undone:
            return None
        tr, db = self.ctx.tr, self.ctx.db
        if not skip_changed:
            box = QMessageBox(QMessageBox.Icon.Question, tr.gettext("Undo the import"),
                              tr.gettext("Undo the import of {file} made on {date}?").format(
                                  file=batch.file, date=format_datetime(batch.at, tr)),
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                              self)
            box.setObjectName("confirmUndoImport")
            if box.exec() != QMessageBox.StandardButton.Yes:
                return None

        def done(report: Any) -> None:
            self.last_report = report
            self.reload()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, undo_mod.UndoRefused):
                self._ask_partial(exc)
                return
            from ui.tasks import show_error

            show_error(self, tr, exc)

        self.ctx.mutate(lambda: self._undo(db, batch.batch_id, skip_changed), parent=self,
                        on_success=done, on_failure=failed,
                        label=tr.gettext("Undoing the import…"))
        return None

    @staticmethod
    def _undo(db: Any, batch_id: str, skip_changed: bool) -> Any:
        report = yield from undo_mod.undo_iter(db, batch_id, skip_changed=skip_changed)
        return _Done(report)

    def _ask_partial(self, exc: Any) -> None:
        tr = self.ctx.tr
        box = QMessageBox(QMessageBox.Icon.Warning, tr.gettext("Undo the import"),
                          exc.render(tr), QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("undoImportChanged")
        rest = box.addButton(tr.gettext("Undo the rest"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr.gettext("Undo nothing"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is rest:
            self.undo_selected(skip_changed=True)


class _Done:
    """The undo's report, with the Changes the pages listen to."""

    def __init__(self, report: Any) -> None:
        self.value = report
        self.changes = Changes("enterprise", (), action="import-undo")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.value, name)
