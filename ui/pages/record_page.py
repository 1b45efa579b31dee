"""A screen for one kind of record: a filtered list on top; below it the detail form (with
New / Save / Revert / Delete) and, beside the form, the records that hang off the shown one.

``RecordPage`` holds what the zones and events screens share: the layout, keeping the list
selection and the form in step (unsaved edits are never dropped silently), save and delete
with undo, the filter and the count, and the splitter/header state. A subclass names its
service, widgets and texts and fills in the hooks below. It writes every user-visible
string itself, so the catalog keeps finding each one in that screen's module.

The form (``form_class``) is a QWidget with an ``edited`` signal, ``name_zh`` (focused for a
new record), ``errors`` (``FieldErrors``), ``loaded`` (the record shown; None for a new
one), ``load(record | None)``, ``collect()`` (raises ``ValidationError``), ``is_dirty()``
and ``show_errors(error)``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel, QByteArray, QItemSelectionModel, QModelIndex, QSize,
    QSortFilterProxyModel, Qt, QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea,
    QSplitter, QTableView, QVBoxLayout, QWidget,
)

from coop_desktop.services.storage import Database
from coop_desktop.errors import EditConflict, ValidationError
from coop_desktop.services.kinds import RecordKind
from coop_desktop.services.outcome import Changes
from ui.context import AppContext, UndoEntry
from ui.models.row_table import SEARCH_ROLE, SORT_ROLE, RowTableModel
from ui.pages.base import Page
from ui.widgets.bilingual_fields import confirm_discard, notify, show_failure
from ui.widgets.column_fit import ColumnFitter, Fit, stretch
from ui.widgets.conflict_dialog import MINE, THEIRS, ask_record_conflict


class _FormScroll(QScrollArea):
    """The form's scroll area: it scrolls down, never sideways — its minimum width is what
    the form needs (the splitter takes room from the side panel instead: at 1024 px the
    event form's English fields and end date were cut off behind a sideways scroll bar)."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().minimumSizeHint()
        form = self.widget()
        if form is not None:
            needed = (form.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
                      + 2 * self.frameWidth())
            hint.setWidth(max(hint.width(), needed))
        return hint


class RecordPage(Page):
    #: the service that creates, updates, deletes (to the recycle bin) and restores records
    service: RecordKind[Any]
    model_class: type[RowTableModel]
    form_class: type[QWidget]
    #: objectNames of the filter box and the list
    filter_name = ""
    table_name = ""
    #: the list's initial sort
    sort_column = 0
    sort_order = Qt.SortOrder.AscendingOrder
    #: how the list's columns are sized (``ui.widgets.column_fit``): columns not named are
    #: as wide as their header and cells; column 0 (the name) takes the rest by default
    column_fits: dict[int, Fit] = {0: stretch(cap=30, floor=8)}
    #: initial sizes of the list / details split and of the form / side panel split
    splitter_sizes: tuple[int, int] = (250, 430)
    details_sizes: tuple[int, int] = (550, 550)
    #: stretch factors of the form and the side panel (none set when empty)
    details_stretch: tuple[int, ...] = ()
    #: ``Changes`` kinds that reload the list / the shown record's side panel
    list_kinds: tuple[str, ...] = ()
    detail_kinds: tuple[str, ...] = ()
    #: msgids (marked with N_ by the subclass) of the undo entries and message of a save
    new_label = ""
    edit_label = ""
    saved_message = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.current_id: int | None = None
        self._creating = False  # the form holds a new, unsaved record
        self._syncing = False  # selection changes made by code, not by the user
        self.model = self.model_class(ctx.tr, self)
        self.proxy = self._make_proxy()
        self.proxy.setSourceModel(self.model)

        self.filter = QLineEdit()
        self.filter.setObjectName(self.filter_name)
        self.filter.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.table = self._table(self.proxy, self.table_name)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(self.sort_column, self.sort_order)
        # fixed widths left the event name 37 px ("Tra…") at 1024 px: sized to the texts
        self.columns = ColumnFitter(self.table, self.column_fits)
        self.columns.offer_reset(lambda: self.ctx.tr.gettext("Reset columns"))

        self.form: Any = self.form_class(ctx)
        self.form.edited.connect(self._update_buttons)
        self.new_button, self.save_button = QPushButton(), QPushButton()
        self.revert_button, self.delete_button = QPushButton(), QPushButton()
        self.new_button.clicked.connect(self.new_record)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.delete_button.clicked.connect(self.delete_selected)
        self._build_layout(self._make_filters(), self._make_details())

        self.filter.textChanged.connect(self._apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.retranslate_ui()
        self.refresh()

    @staticmethod
    def _table(model: QAbstractItemModel, name: str) -> QTableView:
        table = QTableView()
        table.setObjectName(name)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        return table

    def _build_layout(self, filters: list[QWidget], details: QWidget) -> None:
        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.revert_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        scroll = _FormScroll()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        form_box = QWidget()
        form_layout = QVBoxLayout(form_box)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addLayout(buttons)
        form_layout.addWidget(scroll)
        # The list takes the full width on top; the form and the side panel below.
        self.details_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.details_splitter.addWidget(form_box)
        self.details_splitter.addWidget(details)
        for index, stretch in enumerate(self.details_stretch):
            self.details_splitter.setStretchFactor(index, stretch)
        self.details_splitter.setSizes(list(self.details_sizes))
        top_box = QWidget()
        top_layout = QVBoxLayout(top_box)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        for widget in filters:
            top.addWidget(widget)
        top.addWidget(self.count_label)
        top_layout.addLayout(top)
        top_layout.addWidget(self.table)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top_box)
        self.splitter.addWidget(self.details_splitter)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes(list(self.splitter_sizes))
        QVBoxLayout(self).addWidget(self.splitter)

    # ------------------------------------------------------------------ hooks
    def _make_proxy(self) -> QSortFilterProxyModel:
        """The list's filter and sort: the text matches ``SEARCH_ROLE``, sorting ``SORT_ROLE``."""
        proxy = QSortFilterProxyModel(self)
        proxy.setFilterRole(SEARCH_ROLE)
        proxy.setFilterKeyColumn(0)
        proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        proxy.setSortRole(SORT_ROLE)
        proxy.setSortLocaleAware(True)
        return proxy

    def _make_filters(self) -> list[QWidget]:
        """More filter widgets, shown between the filter box and the count."""
        return []

    def _make_details(self) -> QWidget:
        """The side panel beside the form (what hangs off the shown record)."""
        raise NotImplementedError

    @staticmethod
    def _fetch_details(db: Database, record_id: int) -> list[Any]:
        """The side panel's rows for a record; runs on the DB lane (no widgets here)."""
        raise NotImplementedError

    def _show_details(self, rows: list[Any]) -> None:
        """Show the side panel's rows ([] while another record's are on their way)."""
        raise NotImplementedError

    def _reload_shown(self, record: Any) -> None:
        """The shown record came back in a list reload and the form has no edits."""
        self.form.load(record)

    def _count_text(self, shown: int, total: int) -> str:
        """The count label: all ``total`` records, or ``shown`` of them when filtered."""
        raise NotImplementedError

    def _delete_label(self, count: int) -> str:
        """The undo entry of deleting ``count`` records."""
        raise NotImplementedError

    def _deleted_message(self, count: int) -> str:
        """The status message once ``count`` records went to the recycle bin."""
        raise NotImplementedError

    # ------------------------------------------------------------------ i18n
    def retranslate_ui(self) -> None:
        """The subclass sets its texts, then calls this."""
        self.model.set_translator(self.ctx.tr)
        self._update_count()

    # ------------------------------------------------------------------ loading
    def on_changes(self, changes: object) -> None:
        if not isinstance(changes, Changes):
            return
        if changes.kind in self.list_kinds:
            self.refresh()
        elif changes.kind in self.detail_kinds and self.current_id is not None:
            self._load_details(self.current_id)

    def _row_of(self, record_id: int | None) -> int:
        return next((i for i, r in enumerate(self.model.rows) if r.id == record_id), -1)

    def _show_rows(self, rows: list[Any]) -> None:
        """Put the fetched records in the list; the shown record stays selected."""
        wanted = self.current_id
        old_pos = max(self.table.currentIndex().row(), 0)
        self._syncing = True
        self.model.set_rows(rows)
        self._syncing = False
        self._update_count()
        row = self._row_of(wanted)
        if row >= 0:
            self._select_source_row(row, notify=False)
            if not self.form.is_dirty():
                self._reload_shown(self.model.rows[row])
        elif not self._creating and not self.form.is_dirty():
            # First load, or the shown record is gone: show a neighbour (or an empty form).
            if self.proxy.rowCount():
                pos = min(old_pos, self.proxy.rowCount() - 1)
                self._select_source_row(self.proxy.mapToSource(self.proxy.index(pos, 0)).row())
            else:
                self._show_record(None)
        self._update_buttons()

    def _select_source_row(self, row: int, *, notify: bool = True) -> None:
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self._syncing = not notify
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self._syncing = False
        self.table.scrollTo(index)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        record = self.model.rows[self.proxy.mapToSource(current).row()]
        if record.id == self.current_id and not self.form.is_dirty():
            return
        if self.form.is_dirty() and not confirm_discard(self, self.ctx.tr, self.save):
            row = self._row_of(self.current_id)
            if row >= 0:  # back to the edited record, once this selection change is over
                QTimer.singleShot(0, lambda: self._select_source_row(row, notify=False))
            return
        self._show_record(record)

    def _show_record(self, record: Any) -> None:
        self.current_id = record.id if record else None
        if record is not None:
            self._creating = False
        self.form.load(record)
        self._show_details([])
        if record is not None:
            self._load_details(record.id)
        self._update_buttons()

    def _load_details(self, record_id: int) -> None:
        db, fetch_details = self.ctx.db, self._fetch_details

        def fetch() -> tuple[int, list[Any]]:
            return record_id, fetch_details(db, record_id)

        def shown(result: tuple[int, list[Any]]) -> None:
            if result[0] == self.current_id:
                self._show_details(result[1])

        self.ctx.runner.run(fetch, on_success=shown, parent=self)

    def _apply_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(self._count_text(self.proxy.rowCount(), self.model.rowCount()))

    def _update_buttons(self) -> None:
        self.revert_button.setEnabled(self.form.is_dirty())
        self.delete_button.setEnabled(self.current_id is not None)

    # ------------------------------------------------------------------ actions
    def new_record(self) -> None:
        if self.form.is_dirty() and not confirm_discard(self, self.ctx.tr, self.save):
            return
        self._syncing = True
        self.table.selectionModel().clear()
        self._syncing = False
        self._show_record(None)
        self._creating = True  # keep the empty form when the list reloads
        self.form.name_zh.setFocus()

    def revert(self) -> None:
        row = self._row_of(self.current_id)
        self.form.load(self.model.rows[row] if row >= 0 else None)
        self._update_buttons()

    def save(self, *, overwrite: bool = False) -> None:
        """Create or update; ``overwrite`` ("Save mine" after a conflict) replaces fields
        that were changed elsewhere since the record was loaded."""
        tr, db, service = self.ctx.tr, self.ctx.db, self.service
        try:
            values = self.form.collect()
        except ValidationError:
            return  # the form shows the messages; nothing is written
        self.form.errors.clear()
        record_id = self.current_id
        if record_id is None:
            created: list[int] = []
            undo = UndoEntry(tr.gettext(self.new_label), lambda: service.delete(db, created))

            def fn() -> Any:
                outcome = service.create(db, values)
                created.append(outcome.value.id)
                return outcome
        else:
            before = self.form.loaded
            assert before is not None
            old = before.model_dump(include=set(service.update_model.model_fields))
            undo = UndoEntry(tr.gettext(self.edit_label),
                             lambda: service.update(db, record_id, old))

            base = None if overwrite else old

            def fn() -> Any:  # ``base``: see records.merge_edit (no silent overwrite)
                return service.update(db, record_id, values, base=base)

        def saved(outcome: Any) -> None:
            self.current_id, self._creating = outcome.value.id, False
            self.form.load(outcome.value)
            self._load_details(outcome.value.id)
            self._update_buttons()
            notify(self, self.ctx.tr.gettext(self.saved_message), undoable=True)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, EditConflict):
                self.conflict_box = ask_record_conflict(self, tr, exc, self._field_label,
                                                        self._conflict_decided)
                return
            show_failure(self, self.ctx.tr, exc, self.form)

        self.ctx.mutate(fn, parent=self, undo=undo, on_success=saved, on_failure=failed)

    def _conflict_decided(self, choice: str) -> None:
        if choice == MINE:
            self.save(overwrite=True)
        elif choice == THEIRS and self.current_id is not None:
            self.refresh()
            self.revert()

    def _field_label(self, name: str) -> str:
        """The form's label of a field (``name_zh`` → the "Name" row), else its name."""
        labels = getattr(self.form, "labels", {}) or {}
        for key in (name, name.removesuffix("_zh").removesuffix("_en")):
            label = labels.get(key)
            if label is not None:
                text = label.text().replace("&", "").replace("*", "").rstrip(":：").strip()
                suffix = " (中文)" if name.endswith("_zh") else " (English)" if name.endswith(
                    "_en") else ""
                return (text + suffix) if text else name
        return name

    def delete_selected(self) -> None:
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        ids = [self.model.rows[r].id for r in sorted(rows)]
        if not ids and self.current_id is not None:
            ids = [self.current_id]
        if not ids:
            return
        db, service, n = self.ctx.db, self.service, len(ids)

        def deleted(_outcome: Any) -> None:
            if self.current_id in ids:
                self.form.load(None)  # its edits go with it; the reload shows a neighbour
            notify(self, self._deleted_message(n), undoable=True)

        self.ctx.mutate(lambda: service.delete(db, ids), parent=self, on_success=deleted,
                        undo=UndoEntry(self._delete_label(n), lambda: service.restore(db, ids)))

    # ------------------------------------------------------------------ page contract
    def focus_search(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def can_leave(self) -> bool:
        return not self.form.is_dirty() or confirm_discard(self, self.ctx.tr, self.save)

    def save_state(self) -> dict[str, object]:
        return {"splitter": self.splitter.saveState(),
                "details": self.details_splitter.saveState(),
                "header": self.table.horizontalHeader().saveState(),
                "fitted": int(self.columns.auto)}  # the widths are a fit, not the user's

    def restore_state(self, state: dict[str, object]) -> None:
        for key, target in (("splitter", self.splitter), ("details", self.details_splitter),
                            ("header", self.table.horizontalHeader())):
            value = state.get(key)
            if isinstance(value, QByteArray):
                target.restoreState(value)
        if isinstance(state.get("header"), QByteArray):
            # a layout saved before the fitting (no "fitted") is fitted again
            self.columns.restore(state.get("fitted"))
