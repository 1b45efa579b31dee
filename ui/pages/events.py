"""Events (matchmaking and financing events, trainings, delegations abroad) and who took part.

Recording a participation also writes the enterprise's interaction log entry (the service
does it in the same transaction). Database work goes through ``ctx.runner``/``ctx.mutate``;
the page reloads on ``Changes`` for events, participations, zones and enterprises.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel, QByteArray, QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPushButton, QScrollArea, QSplitter, QTableView, QVBoxLayout, QWidget,
)

from coop_desktop.errors import ValidationError
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import LABELS, EventRead, EventUpdate, ZoneRead
from coop_desktop.services import enterprises, events, recycle_bin
from coop_desktop.services.catalog import zones
from coop_desktop.services.events import EVENT_KINDS
from coop_desktop.services.outcome import Changes
from ui.context import AppContext, UndoEntry
from ui.models.event_tables import EventFilter, EventTableModel, ParticipantTableModel
from ui.pages.base import Page
from ui.widgets.bilingual_fields import bilingual, confirm_discard, notify, show_failure
from ui.widgets.event_form import EventForm
from ui.widgets.participant_dialog import ParticipantDialog


class EventsPage(Page):
    key = "events"
    title_msgid = N_("Events")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.current_id: int | None = None
        self._creating = False
        self._syncing = False
        self.model = EventTableModel(ctx.tr, self)
        self.proxy = EventFilter(self)
        self.proxy.setSourceModel(self.model)
        self.participants = ParticipantTableModel(ctx.tr, self)

        self.filter = QLineEdit()
        self.filter.setObjectName("eventFilter")
        self.filter.setClearButtonEnabled(True)
        self.kind_filter = QComboBox()
        self.count_label = QLabel()
        self.table = self._table(self.proxy, "eventTable")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # newest first
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 140), (2, 200), (3, 130), (4, 110), (5, 220)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)

        self.form = EventForm(ctx)
        self.form.edited.connect(self._update_buttons)
        self.new_button, self.save_button = QPushButton(), QPushButton()
        self.revert_button, self.delete_button = QPushButton(), QPushButton()
        self.new_button.clicked.connect(self.new_record)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.delete_button.clicked.connect(self.delete_selected)
        self.part_table = self._table(self.participants, "participantTable")
        part_header = self.part_table.horizontalHeader()
        part_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        part_header.resizeSection(0, 200)
        for column in (1, 2, 3):
            part_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        part_header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.part_table.doubleClicked.connect(lambda _i: self.edit_participant())
        self.add_part_button, self.edit_part_button = QPushButton(), QPushButton()
        self.remove_part_button = QPushButton()
        self.add_part_button.clicked.connect(self.add_participant)
        self.edit_part_button.clicked.connect(self.edit_participant)
        self.remove_part_button.clicked.connect(self.remove_participants)
        self.part_box = QGroupBox()
        part_layout = QVBoxLayout(self.part_box)
        part_layout.addWidget(self.part_table)
        part_buttons = QHBoxLayout()
        for button in (self.add_part_button, self.edit_part_button):
            part_buttons.addWidget(button)
        part_buttons.addStretch(1)
        part_buttons.addWidget(self.remove_part_button)
        part_layout.addLayout(part_buttons)

        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.revert_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form)
        form_box = QWidget()
        form_layout = QVBoxLayout(form_box)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addLayout(buttons)
        form_layout.addWidget(scroll)
        # The list takes the full width on top; the event and its participants side by side.
        self.details_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.details_splitter.addWidget(form_box)
        self.details_splitter.addWidget(self.part_box)
        self.details_splitter.setSizes([480, 600])
        top_box = QWidget()
        top_layout = QVBoxLayout(top_box)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.kind_filter)
        top.addWidget(self.count_label)
        top_layout.addLayout(top)
        top_layout.addWidget(self.table)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top_box)
        self.splitter.addWidget(self.details_splitter)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 420])
        QVBoxLayout(self).addWidget(self.splitter)

        self.filter.textChanged.connect(self._apply_filter)
        self.kind_filter.currentIndexChanged.connect(self._kind_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.part_table.selectionModel().selectionChanged.connect(
            lambda *_a: self._update_buttons())
        self.retranslate_ui()
        self.refresh()

    @staticmethod
    def _table(model: QAbstractTableModel | QSortFilterProxyModel, name: str) -> QTableView:
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

    # ------------------------------------------------------------------ i18n
    def retranslate_ui(self) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        self.filter.setPlaceholderText(_("Filter by name, place, country or zone…"))
        kind = self.kind_filter.currentData()
        self.kind_filter.blockSignals(True)
        self.kind_filter.clear()
        self.kind_filter.addItem(_("All kinds"), None)
        for value in EVENT_KINDS:
            self.kind_filter.addItem(_(LABELS[value]), value.value)
        self.kind_filter.setCurrentIndex(max(0, self.kind_filter.findData(kind)))
        self.kind_filter.blockSignals(False)
        self.new_button.setText(_("New event"))
        self.save_button.setText(_("Save"))
        self.revert_button.setText(_("Revert"))
        self.delete_button.setText(_("Delete"))
        self.add_part_button.setText(_("Add participant…"))
        self.edit_part_button.setText(_("Edit…"))
        self.remove_part_button.setText(_("Remove"))
        self.model.set_translator(tr)
        self.participants.set_translator(tr)
        self._update_count()
        self._update_part_title()

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        db = self.ctx.db

        def fetch() -> tuple[list[EventRead], list[ZoneRead], list[ZoneRead]]:
            rows = sorted(events.events.list(db), key=lambda e: (e.starts_on, e.id), reverse=True)
            return rows, zones.list(db), zones.list(db, deleted=True)

        self.ctx.runner.run(fetch, on_success=self._on_rows, parent=self)

    def on_changes(self, changes: object) -> None:
        if not isinstance(changes, Changes):
            return
        if changes.kind in ("event", "zone"):
            self.refresh()
        elif changes.kind in ("event_participation", "enterprise") and self.current_id:
            self._load_participants(self.current_id)

    def _on_rows(self, result: tuple[list[EventRead], list[ZoneRead], list[ZoneRead]]) -> None:
        rows, live_zones, binned = result
        wanted = self.current_id
        old_pos = max(self.table.currentIndex().row(), 0)
        self.model.zones = {z.id: z for z in (*binned, *live_zones)}
        self._syncing = True
        self.model.set_rows(rows)
        self._syncing = False
        self.form.set_zones(live_zones)
        self._update_count()
        row = next((i for i, e in enumerate(rows) if e.id == wanted), -1)
        if row >= 0:
            self._select(row, notify=False)
            if not self.form.is_dirty():
                self.form.load(rows[row])
        elif not self._creating and not self.form.is_dirty():
            # First load, or the shown record is gone: show a neighbour (or an empty form).
            if self.proxy.rowCount():
                pos = min(old_pos, self.proxy.rowCount() - 1)
                self._select(self.proxy.mapToSource(self.proxy.index(pos, 0)).row())
            else:
                self._show_event(None)
        self._update_buttons()

    def _select(self, source_row: int, *, notify: bool = True) -> None:
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        self._syncing = not notify
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self._syncing = False
        self.table.scrollTo(index)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        ev = self.model.rows[self.proxy.mapToSource(current).row()]
        if ev.id == self.current_id and not self.form.is_dirty():
            return
        if self.form.is_dirty() and not confirm_discard(self, self.ctx.tr, self.save):
            row = next((i for i, e in enumerate(self.model.rows) if e.id == self.current_id), -1)
            if row >= 0:  # back to the edited event, once this selection change is over
                QTimer.singleShot(0, lambda: self._select(row, notify=False))
            return
        self._show_event(ev)

    def _show_event(self, ev: EventRead | None) -> None:
        self.current_id = ev.id if ev else None
        if ev is not None:
            self._creating = False
        self.form.load(ev)
        self.participants.set_rows([])
        if ev is not None:
            self._load_participants(ev.id)
        self._update_part_title()
        self._update_buttons()

    def _load_participants(self, event_id: int) -> None:
        db = self.ctx.db

        def fetch() -> tuple[int, list[tuple[Any, Any]]]:
            parts = events.participants(db, event_id)
            firms = {s.id: s for s in enterprises.summaries(db, [p.enterprise_id for p in parts])}
            return event_id, [(p, firms.get(p.enterprise_id)) for p in parts]

        def shown(result: tuple[int, list[tuple[Any, Any]]]) -> None:
            if result[0] == self.current_id:
                self.participants.set_rows(result[1])
                self._update_part_title()
                self._update_buttons()

        self.ctx.runner.run(fetch, on_success=shown, parent=self)

    def _apply_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_count()

    def _kind_changed(self, _index: int) -> None:
        self.proxy.set_kind(self.kind_filter.currentData())
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        tr = self.ctx.tr
        if shown == total:
            text = tr.ngettext("{count} event", "{count} events", total).format(count=total)
        else:
            text = tr.ngettext("{shown} of {count} event", "{shown} of {count} events",
                               total).format(shown=shown, count=total)
        self.count_label.setText(text)

    def _update_part_title(self) -> None:
        n = self.participants.rowCount()
        self.part_box.setTitle(self.ctx.tr.gettext("Participants ({count})").format(count=n))

    def _update_buttons(self) -> None:
        saved = self.current_id is not None
        picked = bool(self.part_table.selectionModel().selectedRows())
        self.revert_button.setEnabled(self.form.is_dirty())
        self.delete_button.setEnabled(saved)
        self.add_part_button.setEnabled(saved)
        self.edit_part_button.setEnabled(saved and picked)
        self.remove_part_button.setEnabled(saved and picked)

    # ------------------------------------------------------------------ event actions
    def new_record(self) -> None:
        if self.form.is_dirty() and not confirm_discard(self, self.ctx.tr, self.save):
            return
        self._syncing = True
        self.table.selectionModel().clear()
        self._syncing = False
        self._show_event(None)
        self._creating = True  # keep the empty form when the list reloads
        self.form.name_zh.setFocus()

    def revert(self) -> None:
        row = next((e for e in self.model.rows if e.id == self.current_id), None)
        self.form.load(row)
        self._update_buttons()

    def save(self) -> None:
        tr, db = self.ctx.tr, self.ctx.db
        try:
            values = self.form.collect()
        except ValidationError:
            return  # the form shows the messages; nothing is written
        self.form.errors.clear()
        event_id = self.current_id
        if event_id is None:
            created: list[int] = []
            undo = UndoEntry(tr.gettext("New event"), lambda: events.events.delete(db, created))

            def fn() -> Any:
                outcome = events.events.create(db, values)
                created.append(outcome.value.id)
                return outcome
        else:
            before = self.form.loaded
            assert before is not None
            old = before.model_dump(include=set(EventUpdate.model_fields))
            undo = UndoEntry(tr.gettext("Edit event"),
                             lambda: events.events.update(db, event_id, old))

            def fn() -> Any:
                return events.events.update(db, event_id, values)

        def saved(outcome: Any) -> None:
            self.current_id, self._creating = outcome.value.id, False
            self.form.load(outcome.value)
            self._load_participants(outcome.value.id)
            self._update_buttons()
            notify(self, self.ctx.tr.gettext("Event saved."), undoable=True)

        self.ctx.mutate(fn, parent=self, undo=undo, on_success=saved,
                        on_failure=lambda exc: show_failure(self, self.ctx.tr, exc, self.form))

    def delete_selected(self) -> None:
        if self.part_table.hasFocus() and self.part_table.selectionModel().selectedRows():
            self.remove_participants()
            return
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        ids = [self.model.rows[r].id for r in sorted(rows)] or (
            [self.current_id] if self.current_id is not None else [])
        if not ids:
            return
        tr, db = self.ctx.tr, self.ctx.db
        n = len(ids)

        def deleted(_outcome: Any) -> None:
            if self.current_id in ids:
                self.form.load(None)
            notify(self, self.ctx.tr.ngettext(
                "{count} event moved to the recycle bin.",
                "{count} events moved to the recycle bin.", n).format(count=n), undoable=True)

        label = tr.ngettext("Delete {count} event", "Delete {count} events", n).format(count=n)
        self.ctx.mutate(lambda: events.events.delete(db, ids), parent=self, on_success=deleted,
                        undo=UndoEntry(label, lambda: events.events.restore(db, ids)))

    # ------------------------------------------------------------------ participants
    def _selected_participations(self) -> list[Any]:
        rows = sorted(i.row() for i in self.part_table.selectionModel().selectedRows())
        return [self.participants.rows[r][0] for r in rows]

    def add_participant(self) -> ParticipantDialog | None:
        """Open the dialog (returned, for tests); it stays open until the save succeeds."""
        event_id = self.current_id
        if event_id is None:
            return None
        db = self.ctx.db
        dialog = ParticipantDialog(self.ctx, self)

        def submit(values: dict[str, Any]) -> None:
            data = {**values, "event_id": event_id}
            self.ctx.mutate(lambda: events.add_participant(db, data), parent=dialog,
                            on_success=lambda _o: self._participant_saved(dialog),
                            on_failure=lambda exc: show_failure(dialog, self.ctx.tr, exc, dialog))

        dialog.submitted.connect(submit)
        return self._open(dialog)

    def edit_participant(self) -> ParticipantDialog | None:
        picked = self._selected_participations()[:1]
        if not picked:
            return None
        part, db = picked[0], self.ctx.db
        firm = next((f for p, f in self.participants.rows if p.id == part.id), None)
        name = bilingual(self.ctx.tr, firm.name_zh, firm.name_en)[0] if firm else ""
        dialog = ParticipantDialog(self.ctx, self, participation=part, enterprise_name=name)

        def submit(values: dict[str, Any]) -> None:
            self.ctx.mutate(lambda: events.update_participant(db, part.id, values), parent=dialog,
                            on_success=lambda _o: self._participant_saved(dialog),
                            on_failure=lambda exc: show_failure(dialog, self.ctx.tr, exc, dialog))

        dialog.submitted.connect(submit)
        return self._open(dialog)

    def _open(self, dialog: ParticipantDialog) -> ParticipantDialog:
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.search.setFocus()
        return dialog

    def _participant_saved(self, dialog: ParticipantDialog) -> None:
        dialog.accept()
        notify(self, self.ctx.tr.gettext("Participation saved; it is also in the enterprise's "
                                         "interaction log."))

    def remove_participants(self) -> None:
        ids = [p.id for p in self._selected_participations()]
        if not ids:
            return
        tr, db, n = self.ctx.tr, self.ctx.db, len(ids)

        def restore() -> Changes:
            # The recycle bin's restore also brings back the interaction log entries.
            recycle_bin.restore(db, [("event_participation", i) for i in ids])
            return Changes("event_participation", tuple(ids), action="restore",
                           related=("interaction",))

        label = tr.ngettext("Remove {count} participant", "Remove {count} participants",
                            n).format(count=n)
        self.ctx.mutate(lambda: events.remove_participants(db, ids), parent=self,
                        undo=UndoEntry(label, restore),
                        on_success=lambda _o: notify(self, tr.ngettext(
                            "{count} participant removed.", "{count} participants removed.",
                            n).format(count=n), undoable=True))

    # ------------------------------------------------------------------ page contract
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
