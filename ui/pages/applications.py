"""Applications: the list (status filter, search, deadline countdown, completeness) and,
as the main area once one is opened, the bilingual editor.

At 1280×800 two text columns, the side panels and a list do not fit side by side, so the
page is a stack: the list, or the editor with "← Applications" to go back. Leaving the
editor, switching page or closing the window saves its edits first (``can_leave``).
Database work goes through ``ctx.runner``/``ctx.mutate``; the list reloads on
``Changes`` for applications (and after the editor's autosaves, when shown again).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit, QMenu,
    QPushButton, QStackedWidget, QTableView, QVBoxLayout, QWidget,
)

from coop_desktop.i18n.catalog import N_
from coop_desktop.models import ApplicationStatus, ApplicationSummary
from coop_desktop.services import applications
from coop_desktop.services.outcome import Changes
from ui.context import AppContext, UndoEntry
from ui.models.application_tables import (
    CLOSED_FILTER, OPEN_FILTER, ApplicationFilter, ApplicationTableModel,
)
from ui.models.row_table import ID_ROLE
from ui.pages.base import Page
from ui.widgets.application_editor import ApplicationEditor
from ui.widgets.bilingual_fields import notify, show_failure
from ui.widgets.column_fit import ColumnFitter, Fit, stretch
from ui.widgets.new_application_dialog import NewApplicationDialog

WATCHED = frozenset({applications.ENTITY, applications.SECTION_ENTITY, "enterprise", "zone"})


class ApplicationsPage(Page):
    key = "applications"
    title_msgid = N_("Applications")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, **editor_options: Any
                 ) -> None:
        super().__init__(ctx, parent)
        self._stale = False
        self.dialog: NewApplicationDialog | None = None
        self.model = ApplicationTableModel(ctx.tr, self)
        self.proxy = ApplicationFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit()
        self.filter.setObjectName("applicationFilter")
        self.filter.setClearButtonEnabled(True)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.count_label = QLabel()
        self.new_button, self.open_button = QPushButton(), QPushButton()
        self.delete_button = QPushButton()
        self.new_button.clicked.connect(self._new_clicked)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table = QTableView()
        self.table.setObjectName("applicationTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ApplicationTableModel.DEADLINE, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        # status, deadline, completeness and date as wide as their texts; the enterprise
        # and the title share the rest (narrowed, elided, only when there is not enough)
        self.columns = ColumnFitter(self.table, {
            0: stretch(cap=20), ApplicationTableModel.TITLE: stretch(cap=20),
            # zoomed in on a small screen, once the names are down to their floor, the
            # time of the last change gives way (not the deadline or the status)
            ApplicationTableModel.UPDATED: Fit(give=0.1, floor=7)})
        self.columns.offer_reset(lambda: self.ctx.tr.gettext("Reset columns"))
        self.table.doubleClicked.connect(lambda index: self.open_index(index))
        self.table.activated.connect(lambda index: self.open_index(index))
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.status_filter)
        top.addWidget(self.count_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        self.list_view = QWidget()
        self.list_view.setObjectName("applicationList")
        list_layout = QVBoxLayout(self.list_view)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addLayout(top)
        list_layout.addWidget(self.table, 1)
        list_layout.addLayout(buttons)
        self.editor = ApplicationEditor(ctx, **editor_options)
        self.editor.back_requested.connect(self.show_list)
        self.editor.loaded.connect(self.actions_changed)  # it has an application to print now
        self.editor.saved.connect(lambda _id: setattr(self, "_stale", True))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list_view)
        self.stack.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

        self.filter.textChanged.connect(self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._status_changed)
        self.retranslate_ui()
        self.proxy.set_status(self.status_filter.currentData())
        self.refresh()

    # ------------------------------------------------------------------ i18n
    def retranslate_ui(self) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        self.filter.setPlaceholderText(_("Filter by enterprise, title or status…"))
        # the list opens on the open work (draft, ready); closed ones are a choice away
        wanted = self.status_filter.currentData() if self.status_filter.count() else OPEN_FILTER
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        self.status_filter.addItem(_("All statuses"), None)
        self.status_filter.addItem(_("Open (draft or ready)"), OPEN_FILTER)
        self.status_filter.addItem(_("Closed (submitted, decided or withdrawn)"), CLOSED_FILTER)
        for status in ApplicationStatus:
            self.status_filter.addItem(applications.status_label(status, tr), status.value)
        self.status_filter.setItemData(
            self.status_filter.findData(CLOSED_FILTER),
            _("Submitted, accepted, rejected or withdrawn"), Qt.ItemDataRole.ToolTipRole)
        self.status_filter.setCurrentIndex(max(0, self.status_filter.findData(wanted)))
        self.status_filter.blockSignals(False)
        self.new_button.setText(_("New application…"))
        self.open_button.setText(_("Open"))
        self.delete_button.setText(_("Delete"))
        self.model.set_translator(tr)
        self._update_count()

    # ------------------------------------------------------------------ list
    @property
    def editing(self) -> bool:
        return self.stack.currentWidget() is self.editor

    def refresh(self) -> None:
        if self.editing:
            self.editor.reload()
        db = self.ctx.db
        self._stale = False
        self.ctx.runner.run(lambda: applications.list_applications(db),
                            on_success=self._on_rows, parent=self)

    def _on_rows(self, rows: list[ApplicationSummary]) -> None:
        current = self.table.currentIndex()
        wanted = current.data(ID_ROLE) if current.isValid() else None
        self.model.set_rows(rows)
        self._update_count()
        if wanted is not None:
            row = self.model.row_of(int(wanted))
            if row >= 0:
                self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))
        self._update_buttons()

    def on_changes(self, changes: object) -> None:
        if not isinstance(changes, Changes):
            return
        if changes.kind in WATCHED or WATCHED & set(changes.related or ()):
            if (changes.kind == applications.ENTITY and changes.action == "delete"
                    and self.editor.app_id in changes.ids):
                self.editor.clear()
                self.show_list()
            if self.editing:
                self._stale = True  # reloaded when the list is shown again
            else:
                self.refresh()

    def activate(self) -> None:
        if self.editing:
            self.editor.terms.ensure()  # names edited on other pages meanwhile
        elif self._stale:
            self.refresh()

    def _apply_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_count()

    def _status_changed(self, _index: int) -> None:
        self.proxy.set_status(self.status_filter.currentData())
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        tr = self.ctx.tr
        if shown == total:
            text = tr.ngettext("{count} application", "{count} applications", total).format(
                count=total)
        else:
            text = tr.ngettext("{shown} of {count} application", "{shown} of {count} applications",
                               total).format(shown=shown, count=total)
        self.count_label.setText(text)

    def _update_buttons(self) -> None:
        picked = bool(self.table.selectionModel().selectedRows())
        self.open_button.setEnabled(picked)
        self.delete_button.setEnabled(picked)
        self.actions_changed.emit()

    def _selected_ids(self) -> list[int]:
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        return [self.model.rows[r].id for r in sorted(rows)]

    # ------------------------------------------------------------------ editor
    def open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_application(self.model.rows[self.proxy.mapToSource(index).row()].id)

    def open_selected(self) -> None:
        ids = self._selected_ids()
        if ids:
            self.open_application(ids[0])

    def open_application(self, app_id: int) -> None:
        self.editor.open(app_id)
        self.stack.setCurrentWidget(self.editor)
        self.actions_changed.emit()

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_view)
        self.actions_changed.emit()
        if self._stale:
            self.refresh()
        self.table.setFocus()

    # ------------------------------------------------------------------ actions
    def _new_clicked(self) -> None:
        self.new_record()

    def new_record(self) -> NewApplicationDialog:
        """Open the dialog (returned, for tests); it stays open until the draft exists."""
        dialog = NewApplicationDialog(self.ctx, self)
        db, settings, tr = self.ctx.db, self.ctx.settings, self.ctx.tr

        def submit(values: dict[str, Any]) -> None:
            created: list[int] = []

            def fn() -> Any:
                outcome = applications.create(db, settings=settings, **values)
                created.append(outcome.value.id)
                return outcome

            def done(outcome: Any) -> None:
                dialog.accept()
                notify(self, tr.gettext("Application drafted from the template."), undoable=True)
                self.open_application(outcome.value.id)

            self.ctx.mutate(fn, parent=dialog, on_success=done,
                            on_failure=lambda exc: show_failure(dialog, self.ctx.tr, exc, dialog),
                            undo=UndoEntry(tr.gettext("New application"),
                                           lambda: applications.delete(db, created)))

        dialog.submitted.connect(submit)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        dialog.search.setFocus()
        return dialog

    def delete_selected(self) -> None:
        if self.editing:
            return  # from the list only: the Delete key in the editor edits text
        ids = self._selected_ids()
        if not ids:
            return
        tr, db, n = self.ctx.tr, self.ctx.db, len(ids)
        label = tr.ngettext("Delete {count} application", "Delete {count} applications",
                            n).format(count=n)
        self.ctx.mutate(lambda: applications.delete(db, ids), parent=self,
                        undo=UndoEntry(label, lambda: applications.restore(db, ids)),
                        on_success=lambda _o: notify(self, tr.ngettext(
                            "{count} application moved to the recycle bin.",
                            "{count} applications moved to the recycle bin.", n).format(count=n),
                            undoable=True))

    def pdf_target(self) -> int | None:
        """The application File ▸ Print… works on: the one open, else the first selected."""
        if self.editing:
            return self.editor.app_id
        ids = self._selected_ids()
        return ids[0] if ids else None

    def can_print(self) -> bool:
        return self.pdf_target() is not None

    def pdf(self, action: str) -> None:
        if self.editing:
            self.editor.pdf(action)
            return
        app_id = self.pdf_target()
        if app_id is None:
            return
        from ui.widgets import pdf_export

        pdf_export.run_action(action, self.ctx, app_id, self)

    def _context_menu(self, pos: Any) -> QMenu | None:
        """Right-click on a row: Open, Export PDF…, Export dossier package…."""
        index = self.table.indexAt(pos)
        if not index.isValid():
            return None
        app_id = self.model.rows[self.proxy.mapToSource(index).row()].id
        _ = self.ctx.tr.gettext
        menu = QMenu(self.table)
        menu.setObjectName("applicationContextMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(_("Open"), lambda: self.open_application(app_id))
        menu.addAction(_("Export PDF…"), lambda: self._run_pdf("export", app_id))
        package = menu.addAction(_("Export dossier package…"), lambda: self.export_package(app_id))
        package.setObjectName("exportPackage")
        menu.popup(self.table.viewport().mapToGlobal(pos))
        return menu

    def _run_pdf(self, action: str, app_id: int) -> None:
        from ui.widgets import pdf_export

        pdf_export.run_action(action, self.ctx, app_id, self)

    def export_package(self, app_id: int) -> Any:
        """Export the dossier package of ``app_id`` (``ui.widgets.dossier_package``)."""
        from ui.widgets import dossier_package

        return dossier_package.export_package(self.ctx, app_id, self)

    def save(self) -> None:
        if self.editing:
            self.editor.flush()

    def focus_search(self) -> None:
        if self.editing:
            self.editor.show_find()
            return
        self.filter.setFocus()
        self.filter.selectAll()

    def can_leave(self) -> bool:
        """Never asks: the editor's edits are saved (queued before anything else)."""
        self.editor.flush()
        return True

    def unsaved_work(self) -> list[Any]:
        work = self.editor.unsaved_work()
        return [work] if work is not None else []

    def save_state(self) -> dict[str, object]:
        return {"header": self.table.horizontalHeader().saveState(),
                "columns": ",".join(ApplicationTableModel.COLUMNS),
                "fitted": int(self.columns.auto),  # the widths are a fit, not the user's
                "editor": self.editor.splitter.saveState(),
                "status": self.status_filter.currentData() or "all"}

    def restore_state(self, state: dict[str, object]) -> None:
        targets: list[tuple[str, Any]] = [("editor", self.editor.splitter)]
        if state.get("columns") == ",".join(ApplicationTableModel.COLUMNS):
            targets.append(("header", self.table.horizontalHeader()))  # same columns only
        for key, target in targets:
            value = state.get(key)
            if isinstance(value, QByteArray):
                target.restoreState(value)
                if key == "header":
                    self.columns.restore(state.get("fitted"))
        status = state.get("status")
        index = 0 if status == "all" else self.status_filter.findData(status)
        if isinstance(status, str) and index >= 0:
            self.status_filter.setCurrentIndex(index)
