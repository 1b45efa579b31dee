"""Cooperation zones: the list (shipped reference zones and the user's own), the detail
form, and the enterprises linked to the selected zone.

All database work goes through ``ctx.runner``/``ctx.mutate``; the list reloads whenever a
``Changes`` for zones, zone links or enterprises comes through ``ctx.hub``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QByteArray, QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
    QScrollArea, QSplitter, QTableView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from coop_desktop.errors import ValidationError
from coop_desktop.i18n.catalog import N_
from coop_desktop.i18n.formatting import format_date
from coop_desktop.models import LABELS, ZoneRead, ZoneUpdate
from coop_desktop.services import enterprises
from coop_desktop.services.catalog import zone_links, zones
from coop_desktop.services.outcome import Changes
from ui.context import AppContext, UndoEntry
from ui.models.row_table import SEARCH_ROLE, SORT_ROLE
from ui.models.zone_table import ZoneTableModel
from ui.pages.base import Page
from ui.widgets.bilingual_fields import bilingual, confirm_discard, notify, show_failure
from ui.widgets.zone_form import ZoneForm


class ZonesPage(Page):
    key = "zones"
    title_msgid = N_("Cooperation zones")
    LINK_COLUMNS = (N_("Enterprise"), N_("Status"), N_("Since"), N_("Applied on"),
                    N_("Admitted on"), N_("Notes"))

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.current_id: int | None = None
        self._creating = False  # the form holds a new, unsaved zone
        self._syncing = False  # selection changes made by code, not by the user
        self._links: list[tuple[Any, Any]] = []
        self.model = ZoneTableModel(ctx.tr, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortLocaleAware(True)

        self.filter = QLineEdit()
        self.filter.setObjectName("zoneFilter")
        self.filter.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.table = QTableView()
        self.table.setObjectName("zoneTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 190), (2, 200), (3, 110), (4, 90), (5, 90)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)

        self.form = ZoneForm(ctx)
        self.form.edited.connect(self._update_buttons)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        self.links_table = QTableWidget(0, len(self.LINK_COLUMNS))
        self.links_table.setObjectName("zoneLinks")
        self.links_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.links_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.links_table.verticalHeader().hide()
        self.links_table.setWordWrap(False)
        # The name takes what the status and dates leave (elided, full name in the tooltip).
        links_header = self.links_table.horizontalHeader()
        links_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(self.LINK_COLUMNS) - 1):
            links_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        links_header.setSectionResizeMode(len(self.LINK_COLUMNS) - 1,
                                          QHeaderView.ResizeMode.Interactive)
        self.links_empty = QLabel()
        self.links_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.links_empty.setWordWrap(True)
        self.links_box = QGroupBox()
        links_layout = QVBoxLayout(self.links_box)
        links_layout.addWidget(self.links_empty)
        links_layout.addWidget(self.links_table)

        self.new_button, self.save_button = QPushButton(), QPushButton()
        self.revert_button, self.delete_button = QPushButton(), QPushButton()
        self.new_button.clicked.connect(self.new_record)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.revert_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)

        # The list takes the full width on top; the form and the linked enterprises below.
        top_box = QWidget()
        top_layout = QVBoxLayout(top_box)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count_label)
        top_layout.addLayout(top)
        top_layout.addWidget(self.table)
        form_box = QWidget()
        form_layout = QVBoxLayout(form_box)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addLayout(buttons)
        form_layout.addWidget(scroll)
        self.details_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.details_splitter.addWidget(form_box)
        self.details_splitter.addWidget(self.links_box)
        self.details_splitter.setStretchFactor(0, 1)
        self.details_splitter.setStretchFactor(1, 1)
        self.details_splitter.setSizes([550, 550])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top_box)
        self.splitter.addWidget(self.details_splitter)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 430])
        QVBoxLayout(self).addWidget(self.splitter)

        self.filter.textChanged.connect(self._apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.retranslate_ui()
        self.refresh()

    # ------------------------------------------------------------------ i18n
    def retranslate_ui(self) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        self.filter.setPlaceholderText(_("Filter by name, country or place…"))
        self.new_button.setText(_("New zone"))
        self.save_button.setText(_("Save"))
        self.revert_button.setText(_("Revert"))
        self.delete_button.setText(_("Delete"))
        self.links_empty.setText(_("No enterprise is linked to this zone yet."))
        self.model.set_translator(tr)
        self.links_table.setHorizontalHeaderLabels([_(c) for c in self.LINK_COLUMNS])
        self._show_links(self._links)
        self._update_count()

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        db = self.ctx.db
        self.ctx.runner.run(lambda: zones.list(db), on_success=self._on_rows, parent=self)

    def on_changes(self, changes: object) -> None:
        if not isinstance(changes, Changes):
            return
        if changes.kind == "zone":
            self.refresh()
        elif changes.kind in ("zone_link", "enterprise") and self.current_id is not None:
            self._load_links(self.current_id)

    def _on_rows(self, rows: list[ZoneRead]) -> None:
        wanted = self.current_id
        old_pos = max(self.table.currentIndex().row(), 0)
        self._syncing = True
        self.model.set_rows(rows)
        self._syncing = False
        self._update_count()
        row = self.model.row_of(wanted)
        if row >= 0:
            self._select_source_row(row, notify=False)
            if not self.form.is_dirty():
                self.form.load(self.model.rows[row])
                self._load_links(self.model.rows[row].id)
        elif not self._creating and not self.form.is_dirty():
            # First load, or the shown record is gone: show a neighbour (or an empty form).
            if self.proxy.rowCount():
                pos = min(old_pos, self.proxy.rowCount() - 1)
                self._select_source_row(self.proxy.mapToSource(self.proxy.index(pos, 0)).row())
            else:
                self._show_zone(None)
        self._update_buttons()

    def _select_source_row(self, row: int, *, notify: bool = True) -> None:
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self._syncing = not notify
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self._syncing = False
        self.table.scrollTo(index)

    def _on_current_row(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        zone = self.model.rows[self.proxy.mapToSource(current).row()]
        if zone.id == self.current_id and not self.form.is_dirty():
            return
        if self.form.is_dirty() and not confirm_discard(self, self.ctx.tr, self.save):
            row = self.model.row_of(self.current_id)
            if row >= 0:  # back to the edited zone, once this selection change is over
                QTimer.singleShot(0, lambda: self._select_source_row(row, notify=False))
            return
        self._show_zone(zone)

    def _show_zone(self, zone: ZoneRead | None) -> None:
        self.current_id = zone.id if zone else None
        if zone is not None:
            self._creating = False
        self.form.load(zone)
        self._links = []
        self._show_links([])
        if zone is not None:
            self._load_links(zone.id)
        self._update_buttons()

    def _load_links(self, zone_id: int) -> None:
        db = self.ctx.db

        def fetch() -> tuple[int, list[tuple[Any, Any]]]:
            links = zone_links.list(db, zone_id=zone_id)
            names = {s.id: s for s in enterprises.summaries(db, [x.enterprise_id for x in links])}
            return zone_id, [(link, names.get(link.enterprise_id)) for link in links]

        def shown(result: tuple[int, list[tuple[Any, Any]]]) -> None:
            if result[0] == self.current_id:
                self._links = result[1]
                self._show_links(self._links)

        self.ctx.runner.run(fetch, on_success=shown, parent=self)

    def _show_links(self, links: list[tuple[Any, Any]]) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        self.links_table.setRowCount(len(links))
        for row, (link, firm) in enumerate(links):
            name = bilingual(tr, firm.name_zh, firm.name_en)[0] if firm else f"#{link.enterprise_id}"
            dates = [format_date(d, tr) if d else "" for d in
                     (link.status_since, link.applied_on, link.admitted_on)]
            cells = [name, _(LABELS.get(link.status, link.status)), *dates, link.notes or ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(" ".join(text.split()))
                if column == 0 and firm is not None:
                    item.setToolTip("\n".join(x for x in bilingual(tr, firm.name_zh,
                                                                   firm.name_en) if x))
                elif column == len(cells) - 1 and text:
                    item.setToolTip(text)
                self.links_table.setItem(row, column, item)
        notes = len(self.LINK_COLUMNS) - 1
        self.links_table.resizeColumnToContents(notes)
        self.links_table.setColumnWidth(notes, min(self.links_table.columnWidth(notes), 160))
        self.links_table.setVisible(bool(links))
        self.links_empty.setVisible(not links)
        self.links_box.setTitle(_("Linked enterprises ({count})").format(count=len(links)))

    def _apply_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        tr = self.ctx.tr
        if shown == total:
            text = tr.ngettext("{count} zone", "{count} zones", total).format(count=total)
        else:
            text = tr.ngettext("{shown} of {count} zone", "{shown} of {count} zones",
                               total).format(shown=shown, count=total)
        self.count_label.setText(text)

    def _update_buttons(self) -> None:
        dirty = self.form.is_dirty()
        self.revert_button.setEnabled(dirty)
        self.delete_button.setEnabled(self.current_id is not None)

    # ------------------------------------------------------------------ actions
    def new_record(self) -> None:
        if self.form.is_dirty() and not confirm_discard(self, self.ctx.tr, self.save):
            return
        self._syncing = True
        self.table.selectionModel().clear()
        self._syncing = False
        self._show_zone(None)
        self._creating = True  # keep the empty form when the list reloads
        self.form.name_zh.setFocus()

    def revert(self) -> None:
        row = self.model.row_of(self.current_id)
        self.form.load(self.model.rows[row] if row >= 0 else None)
        self._update_buttons()

    def save(self) -> None:
        tr, db = self.ctx.tr, self.ctx.db
        try:
            values = self.form.collect()
        except ValidationError:
            return  # the form shows the messages; nothing is written
        self.form.errors.clear()
        zone_id = self.current_id
        if zone_id is None:
            created: list[int] = []
            undo = UndoEntry(tr.gettext("New zone"), lambda: zones.delete(db, created))

            def fn() -> Any:
                outcome = zones.create(db, values)
                created.append(outcome.value.id)
                return outcome
        else:
            before = self.form.zone
            assert before is not None
            old = before.model_dump(include=set(ZoneUpdate.model_fields))
            undo = UndoEntry(tr.gettext("Edit zone"), lambda: zones.update(db, zone_id, old))

            def fn() -> Any:
                return zones.update(db, zone_id, values)

        def saved(outcome: Any) -> None:
            self.current_id, self._creating = outcome.value.id, False
            self.form.load(outcome.value)
            self._load_links(outcome.value.id)
            self._update_buttons()
            notify(self, self.ctx.tr.gettext("Zone saved."), undoable=True)

        self.ctx.mutate(fn, parent=self, undo=undo, on_success=saved,
                        on_failure=lambda exc: show_failure(self, self.ctx.tr, exc, self.form))

    def delete_selected(self) -> None:
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        ids = [self.model.rows[r].id for r in sorted(rows)]
        if not ids and self.current_id is not None:
            ids = [self.current_id]
        if not ids:
            return
        tr, db = self.ctx.tr, self.ctx.db
        label = tr.ngettext("Delete {count} zone", "Delete {count} zones", len(ids)).format(
            count=len(ids))

        def deleted(_outcome: Any) -> None:
            if self.current_id in ids:
                self.form.load(None)  # its edits go with it; the reload shows a neighbour
            notify(self, self.ctx.tr.ngettext("{count} zone moved to the recycle bin.",
                                              "{count} zones moved to the recycle bin.",
                                              len(ids)).format(count=len(ids)), undoable=True)

        self.ctx.mutate(lambda: zones.delete(db, ids), parent=self, on_success=deleted,
                        undo=UndoEntry(label, lambda: zones.restore(db, ids)))

    def focus_search(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def can_leave(self) -> bool:
        return not self.form.is_dirty() or confirm_discard(self, self.ctx.tr, self.save)

    def save_state(self) -> dict[str, object]:
        return {"splitter": self.splitter.saveState(),
                "details": self.details_splitter.saveState(),
                "header": self.table.horizontalHeader().saveState()}

    def restore_state(self, state: dict[str, object]) -> None:
        for key, target in (("splitter", self.splitter), ("details", self.details_splitter),
                            ("header", self.table.horizontalHeader())):
            value = state.get(key)
            if isinstance(value, QByteArray):
                target.restoreState(value)
