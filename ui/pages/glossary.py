"""The termbase: the shipped glossary, the user's own terms and (on request) record names.

Every query (filter text, origin, order) runs on the database lane: ``termbase.terms`` is
cached per part there, and :func:`ui.models.glossary_table.select_terms` filters and sorts
it, so 150,000 record names never slow the GUI thread; an older query's answer that comes
back after a newer one started is dropped. Names from records are shown only when the
origin filter asks for them; they are read-only here (they change with their enterprise or
zone). Shipped terms can be edited (they become "edited by you" and survive glossary
updates). Adding, editing, deleting and importing go through ``ctx.mutate`` with an undo
entry; an import is followed by a report of what was added and every line skipped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPushButton, QTableView, QVBoxLayout, QWidget,
)

from coop_desktop.i18n.catalog import N_
from coop_desktop.services import termbase
from coop_desktop.services.catalog import glossary
from coop_desktop.services.outcome import Changes, Outcome
from coop_desktop.services.termbase import ImportReport, Term
from ui.context import AppContext, UndoEntry
from ui.models.glossary_table import (
    COL_EN, COL_NOTE, COL_ZH, MSG_RECORD_READ_ONLY, ORIGIN_FILTERS, GlossaryTableModel, TermQuery, TermSelection,
    select_terms, term_key,
)
from ui.pages.base import Page
from ui.widgets.bilingual_fields import notify, show_failure
from ui.widgets.column_fit import ColumnFitter, stretch
from ui.widgets.term_dialog import ImportReportDialog, TermDialog

FILTER_DELAY_MS = 250
#: Kinds of change after which the list is read again (record kinds only when shown).
_TERM_KINDS = frozenset({"glossary_term"})
_RECORD_KINDS = frozenset({"enterprise", "zone"})


def choose_import_file(parent: QWidget, title: str, filters: str) -> str:
    """The file to import ("" when cancelled); a function so tests can replace it."""
    return QFileDialog.getOpenFileName(parent, title, str(Path.home()), filters)[0]


def choose_export_file(parent: QWidget, title: str, filters: str) -> str:
    return QFileDialog.getSaveFileName(parent, title, str(Path.home() / "terms.csv"),
                                       filters)[0]


class GlossaryPage(Page):
    key = "glossary"
    title_msgid = N_("Glossary")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.query = TermQuery()
        self.dialog: TermDialog | None = None
        self.report_dialog: ImportReportDialog | None = None
        self._seq = 0
        self._loading = False
        self._total = 0
        self._wanted: tuple[str, int | None] | None = None  # select this row after a load
        self.model = GlossaryTableModel(ctx.tr, self)
        self.model.sort_requested.connect(self._sort)

        self.filter = QLineEdit(objectName="glossaryFilter")
        self.filter.setClearButtonEnabled(True)
        self.origin = QComboBox(objectName="glossaryOrigin")
        self.origin.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.count_label = QLabel(objectName="glossaryCount")
        self.table = QTableView(objectName="glossaryTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # Uniform rows: the view never measures 150,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        # the origin as wide as its text, the term and its translation up to their length,
        # the notes the rest (whole in the tooltip): at 1024 px nothing leaves the screen
        self.columns = ColumnFitter(self.table, {
            COL_ZH: stretch(weight=1.0, cap=14, floor=6),
            COL_EN: stretch(weight=1.5, cap=24, floor=8),
            COL_NOTE: stretch(weight=3.0, cap=40, floor=8)},
            row_padding=10, on_rows="first")
        self.columns.offer_reset(lambda: self.ctx.tr.gettext("Reset columns"))
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setSortIndicator(COL_ZH, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())

        self.new_button = QPushButton(objectName="termNew")
        self.edit_button = QPushButton(objectName="termEdit")
        self.delete_button = QPushButton(objectName="termDelete")
        self.import_button = QPushButton(objectName="termImport")
        self.export_button = QPushButton(objectName="termExport")
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(self.import_terms)
        self.export_button.clicked.connect(self.export_terms)
        self.note = QLabel(objectName="glossaryNote")
        self.note.setStyleSheet("color: #5f6368;")
        self.note.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.origin)
        top.addWidget(self.count_label)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(lambda _t: self._timer.start())
        self.filter.returnPressed.connect(self._apply_filter)
        self.origin.currentIndexChanged.connect(self._origin_changed)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self.retranslate_ui()
        self.refresh()

    # ------------------------------------------------------------------ i18n
    def retranslate_ui(self) -> None:
        _ = self.ctx.tr.gettext
        self.filter.setPlaceholderText(_("Filter by Chinese or English…"))
        key = self.origin.currentData()
        self.origin.blockSignals(True)
        self.origin.clear()
        for value, label, _origins in ORIGIN_FILTERS:
            self.origin.addItem(_(label), value)
        self.origin.setCurrentIndex(max(0, self.origin.findData(key)))
        self.origin.blockSignals(False)
        self.origin.setToolTip(_("Which terms to show. Names from records are the Chinese and "
                                 "English names of the enterprises and zones."))
        self.new_button.setText(_("New term…"))
        self.edit_button.setText(_("Edit…"))
        self.delete_button.setText(_("Delete"))
        self.import_button.setText(_("Import…"))
        self.import_button.setToolTip(_("Add terms from a CSV or tab-separated file with the "
                                        "columns zh, en and (optionally) note."))
        self.export_button.setText(_("Export…"))
        self.export_button.setToolTip(_("Save the terms of the chosen origin as CSV (UTF-8, "
                                        "opens in Excel)."))
        self.model.set_translator(self.ctx.tr)
        self._update_count()
        self._update_buttons()

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """Read the terms again for the current query (on the DB lane)."""
        self._seq += 1
        seq, db, query = self._seq, self.ctx.db, self.query
        self._loading = True
        self._update_count()

        def fetch() -> tuple[int, TermSelection, list[int]]:
            selection = select_terms(termbase.terms(db, records_too=query.records_too), query)
            edited = [r.id for r in glossary.list(db, user_edited=True)]
            return seq, selection, edited

        self.ctx.runner.run(fetch, on_success=self._on_terms, parent=self)

    def _on_terms(self, result: tuple[int, TermSelection, list[int]]) -> None:
        seq, selection, edited = result
        if seq != self._seq:
            return  # a newer query is on its way
        self._loading = False
        current = self._current_term()
        wanted = self._wanted or (term_key(current) if current else None)
        self._wanted = None
        self._total = selection.total
        self.model.set_terms(selection.rows, edited)
        if wanted is not None:
            self.select_term(wanted)
        self._update_count()
        self._update_buttons()

    def select_term(self, key: tuple[str, int | None]) -> bool:
        row = self.model.row_of(key)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def on_changes(self, changes: object) -> None:
        if not isinstance(changes, Changes):
            return
        kinds = {changes.kind, *changes.related}
        if kinds & _TERM_KINDS or (self.query.records_too and kinds & _RECORD_KINDS):
            self.refresh()

    def _apply_filter(self) -> None:
        self._timer.stop()
        text = self.filter.text().strip()
        if text != self.query.text:
            self.query = TermQuery(text, self.query.origins, self.query.column,
                                   self.query.descending)
            self.refresh()

    def _origin_changed(self, _index: int) -> None:
        key = self.origin.currentData()
        origins = next(o for k, _label, o in ORIGIN_FILTERS if k == key)
        self.query = TermQuery(self.query.text, origins, self.query.column,
                               self.query.descending)
        self.refresh()

    def set_origin(self, key: str) -> None:
        """Choose an entry of the origin filter by its key ("default", "record", "all"…)."""
        self.origin.setCurrentIndex(self.origin.findData(key))

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self.query.column, self.query.descending):
            return
        self.query = TermQuery(self.query.text, self.query.origins, column, descending)
        self.refresh()

    def _update_count(self) -> None:
        tr = self.ctx.tr
        if self._loading and self.query.records_too and not self.model.rows:
            self.count_label.setText(tr.gettext("Loading names from records…"))
            return
        shown, total = self.model.rowCount(), self._total
        if shown == total:
            text = tr.ngettext("{count} term", "{count} terms", total).format(count=total)
        else:
            text = tr.ngettext("{shown} of {count} term", "{shown} of {count} terms",
                               total).format(shown=shown, count=total)
        self.count_label.setText(text)

    # ------------------------------------------------------------------ selection
    def _current_term(self) -> Term | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()]

    def selected_terms(self) -> list[Term]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r] for r in rows if r < len(self.model.rows)]

    def _update_buttons(self) -> None:
        _ = self.ctx.tr.gettext
        picked = self.selected_terms()
        editable = [t for t in picked if not t.read_only]
        self.edit_button.setEnabled(len(picked) == 1 and bool(editable))
        self.delete_button.setEnabled(bool(editable))
        only_records = bool(picked) and not editable
        tip = _(MSG_RECORD_READ_ONLY) if only_records else ""
        self.edit_button.setToolTip(tip)
        self.delete_button.setToolTip(tip)
        self.note.setText(_("Names from records are read-only here. Edit the enterprise or "
                            "zone to change this name.") if only_records else "")

    # ------------------------------------------------------------------ actions
    def new_record(self) -> TermDialog:
        db = self.ctx.db
        dialog = TermDialog(self.ctx, self)

        def submit(values: dict[str, Any]) -> None:
            created: list[int] = []

            def fn() -> Outcome[Term]:
                out = termbase.add_user_term(db, values["zh"], values["en"], values["note"])
                assert out.value.id is not None
                created.append(out.value.id)
                return out

            def added(outcome: Outcome[Term]) -> None:
                self._wanted = term_key(outcome.value)
                dialog.accept()
                notify(self, self.ctx.tr.gettext("Term added: {zh} = {en}").format(
                    zh=outcome.value.zh, en=outcome.value.en), undoable=True)

            undo = UndoEntry(self.ctx.tr.gettext("New term"),
                             lambda: termbase.delete_terms(db, created))
            self.ctx.mutate(fn, parent=dialog, undo=undo, on_success=added,
                            on_failure=lambda exc: show_failure(dialog, self.ctx.tr, exc, dialog))

        dialog.submitted.connect(submit)
        return self._open(dialog)

    def edit_selected(self) -> TermDialog | None:
        picked = self.selected_terms()
        if len(picked) != 1 or picked[0].read_only:
            return None
        term, db = picked[0], self.ctx.db
        assert term.id is not None
        term_id = term.id
        dialog = TermDialog(self.ctx, self, term=term)
        before = {"zh": term.zh, "en": term.en, "note": term.note}

        def submit(values: dict[str, Any]) -> None:
            def saved(outcome: Outcome[Term]) -> None:
                self._wanted = term_key(outcome.value)
                dialog.accept()
                notify(self, self.ctx.tr.gettext("Term saved."), undoable=True)

            undo = UndoEntry(self.ctx.tr.gettext("Edit term"),
                             lambda: termbase.update_user_term(db, term_id, before))
            self.ctx.mutate(lambda: termbase.update_user_term(db, term_id, values),
                            parent=dialog, undo=undo, on_success=saved,
                            on_failure=lambda exc: show_failure(dialog, self.ctx.tr, exc, dialog))

        dialog.submitted.connect(submit)
        return self._open(dialog)

    def _open(self, dialog: TermDialog) -> TermDialog:
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        (dialog.zh if dialog.term is None else dialog.en).setFocus()
        return dialog

    def delete_selected(self) -> None:
        picked = self.selected_terms()
        ids = [t.id for t in picked if not t.read_only and t.id is not None]
        tr, db = self.ctx.tr, self.ctx.db
        if not ids:
            if picked:
                notify(self, tr.gettext(MSG_RECORD_READ_ONLY))
            return
        n = len(ids)
        self._wanted = self._neighbour(set(ids))

        def deleted(_outcome: Any) -> None:
            notify(self, tr.ngettext("{count} term moved to the recycle bin.",
                                     "{count} terms moved to the recycle bin.", n).format(count=n),
                   undoable=True)

        label = tr.ngettext("Delete {count} term", "Delete {count} terms", n).format(count=n)
        self.ctx.mutate(lambda: termbase.delete_terms(db, ids), parent=self, on_success=deleted,
                        undo=UndoEntry(label, lambda: glossary.restore(db, ids)))

    def _neighbour(self, gone: set[int]) -> tuple[str, int | None] | None:
        """The row to show once ``gone`` (glossary ids) are deleted: the next, else the
        previous one that stays."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        if not rows:
            return None

        def stays(term: Term) -> bool:
            return term.entity != "glossary_term" or term.id not in gone

        after = (t for t in self.model.rows[rows[-1] + 1:] if stays(t))
        before = (t for t in reversed(self.model.rows[:rows[0]]) if stays(t))
        found = next(after, None) or next(before, None)
        return term_key(found) if found is not None else None

    def import_terms(self) -> None:
        _ = self.ctx.tr.gettext
        path = choose_import_file(self, _("Import terms"),
                                  _("Term lists (*.csv *.tsv *.txt);;All files (*)"))
        if path:
            self.import_file(path)

    def import_file(self, path: str | Path) -> None:
        """Import ``path`` on the DB lane, then show the report (also used by tests)."""
        tr, db, source = self.ctx.tr, self.ctx.db, Path(path)
        added: list[int] = []

        def fn() -> Outcome[ImportReport]:
            report = termbase.import_terms(db, source)
            added.extend(report.ids)
            return Outcome(report, Changes("glossary_term", tuple(report.ids), action="create"))

        undo = UndoEntry(tr.gettext("Import terms"), lambda: termbase.delete_terms(db, added))

        def done(outcome: Outcome[ImportReport]) -> None:
            report = outcome.value
            if not report.ids and self.ctx.undo_stack and self.ctx.undo_stack[-1] is undo:
                self.ctx.undo_stack.pop()  # nothing to take back
            self.report_dialog = ImportReportDialog(self.ctx, report, source.name, self)
            self.report_dialog.finished.connect(self.report_dialog.deleteLater)
            self.report_dialog.open()
            n = report.added
            notify(self, tr.ngettext("{count} term imported.", "{count} terms imported.",
                                     n).format(count=n), undoable=bool(n))

        self.ctx.mutate(fn, parent=self, undo=undo, on_success=done,
                        label=tr.gettext("Importing terms from “{name}”…").format(
                            name=source.name))

    def export_terms(self) -> None:
        _ = self.ctx.tr.gettext
        path = choose_export_file(self, _("Export terms"),
                                  _("CSV (*.csv);;Tab-separated text (*.tsv)"))
        if path:
            self.export_file(path)

    def export_file(self, path: str | Path) -> None:
        tr, db, target = self.ctx.tr, self.ctx.db, Path(path)
        if not target.suffix:
            target = target.with_suffix(".csv")
        origins = tuple(self.query.origins)

        def done(count: int) -> None:
            notify(self, tr.ngettext("{count} term exported to {path}.",
                                     "{count} terms exported to {path}.", count).format(
                count=count, path=str(target)))

        self.ctx.runner.run(lambda: termbase.export_terms(db, target, origins=origins),
                            on_success=done, parent=self,
                            label=tr.gettext("Exporting terms…"))

    # ------------------------------------------------------------------ page contract
    def focus_search(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def save_state(self) -> dict[str, object]:
        return {"header": self.table.horizontalHeader().saveState(),
                "fitted": int(self.columns.auto),  # the widths are a fit, not the user's
                "origin": self.origin.currentData()}

    def restore_state(self, state: dict[str, object]) -> None:
        header = state.get("header")
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)
            self.columns.restore(state.get("fitted"))
        origin = state.get("origin")
        if isinstance(origin, str) and self.origin.findData(origin) >= 0:
            self.set_origin(origin)
        sort = self.table.horizontalHeader()
        self._sort(sort.sortIndicatorSection(), sort.sortIndicatorOrder())
