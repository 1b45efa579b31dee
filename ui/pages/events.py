"""Events (matchmaking and financing events, trainings, delegations abroad) and who took part.

Recording a participation also writes the enterprise's interaction log entry (the service
does it in the same transaction). Database work goes through ``ctx.runner``/``ctx.mutate``;
the page reloads on ``Changes`` for events, participations, zones and enterprises.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox, QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget,
)

from coop_desktop.services.storage import Database
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import LABELS, EventRead, ZoneRead
from coop_desktop.services import enterprises, events, recycle_bin
from coop_desktop.services.catalog import zones
from coop_desktop.services.events import EVENT_KINDS
from coop_desktop.services.outcome import Changes
from ui.context import UndoEntry
from ui.models.event_tables import EventFilter, EventTableModel, ParticipantTableModel
from ui.pages.record_page import RecordPage
from ui.widgets.bilingual_fields import bilingual, notify, show_failure
from ui.widgets.column_fit import ColumnFitter, Fit, stretch
from ui.widgets.event_form import EventForm
from ui.widgets.participant_dialog import ParticipantDialog


class EventsPage(RecordPage):
    key = "events"
    title_msgid = N_("Events")
    service = events.events
    model_class = EventTableModel
    form_class = EventForm
    model: EventTableModel
    proxy: EventFilter
    form: EventForm
    filter_name, table_name = "eventFilter", "eventTable"
    sort_column, sort_order = 2, Qt.SortOrder.DescendingOrder  # newest first
    # kind, dates, place, country and zone as wide as their texts (the zone at most 14
    # ems, "…" and whole in its tooltip); the name takes the rest
    column_fits = {0: stretch(cap=30, floor=8), 5: Fit(cap=14)}
    splitter_sizes, details_sizes = (260, 420), (480, 600)
    list_kinds, detail_kinds = ("event", "zone"), ("event_participation", "enterprise")
    new_label, edit_label, saved_message = N_("New event"), N_("Edit event"), N_("Event saved.")

    def _make_proxy(self) -> QSortFilterProxyModel:
        return EventFilter(self)

    def _make_filters(self) -> list[QWidget]:
        self.kind_filter = QComboBox()
        self.kind_filter.currentIndexChanged.connect(self._kind_changed)
        return [self.kind_filter]

    def _make_details(self) -> QWidget:
        """The event's participants, beside the event."""
        self.participants = ParticipantTableModel(self.ctx.tr, self)
        self.part_table = self._table(self.participants, "participantTable")
        # The figures as wide as they are; the enterprise and the outcome share the rest
        # (cut with "…", whole in their tooltips), so nothing scrolls sideways.
        # When the room is short the outcome gives first (the heavier weight).
        self.part_columns = ColumnFitter(self.part_table, {
            0: stretch(weight=1.0, cap=22, floor=7), 4: stretch(weight=2.0, cap=30, floor=4)})
        self.part_table.doubleClicked.connect(lambda _i: self.edit_participant())
        self.part_table.selectionModel().selectionChanged.connect(
            lambda *_a: self._update_buttons())
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
        return self.part_box

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
        self.participants.set_translator(tr)
        super().retranslate_ui()
        self._update_part_title()

    def _count_text(self, shown: int, total: int) -> str:
        tr = self.ctx.tr
        if shown == total:
            return tr.ngettext("{count} event", "{count} events", total).format(count=total)
        return tr.ngettext("{shown} of {count} event", "{shown} of {count} events",
                           total).format(shown=shown, count=total)

    def _delete_label(self, count: int) -> str:
        return self.ctx.tr.ngettext("Delete {count} event", "Delete {count} events",
                                    count).format(count=count)

    def _deleted_message(self, count: int) -> str:
        return self.ctx.tr.ngettext("{count} event moved to the recycle bin.",
                                    "{count} events moved to the recycle bin.",
                                    count).format(count=count)

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        db = self.ctx.db

        def fetch() -> tuple[list[EventRead], list[ZoneRead], list[ZoneRead]]:
            rows = sorted(events.events.list(db), key=lambda e: (e.starts_on, e.id), reverse=True)
            return rows, zones.list(db), zones.list(db, deleted=True)

        self.ctx.runner.run(fetch, on_success=self._on_rows, parent=self)

    def _on_rows(self, result: tuple[list[EventRead], list[ZoneRead], list[ZoneRead]]) -> None:
        rows, live_zones, binned = result
        self.model.zones = {z.id: z for z in (*binned, *live_zones)}
        self.form.set_zones(live_zones)
        self._show_rows(rows)

    @staticmethod
    def _fetch_details(db: Database, record_id: int) -> list[tuple[Any, Any]]:
        parts = events.participants(db, record_id)
        firms = {s.id: s for s in enterprises.summaries(db, [p.enterprise_id for p in parts])}
        return [(p, firms.get(p.enterprise_id)) for p in parts]

    def _show_details(self, rows: list[tuple[Any, Any]]) -> None:
        self.participants.set_rows(rows)
        self._update_part_title()
        self._update_buttons()

    def _kind_changed(self, _index: int) -> None:
        self.proxy.set_kind(self.kind_filter.currentData())
        self._update_count()

    def _update_part_title(self) -> None:
        n = self.participants.rowCount()
        self.part_box.setTitle(self.ctx.tr.gettext("Participants ({count})").format(count=n))

    def _update_buttons(self) -> None:
        super()._update_buttons()
        saved = self.current_id is not None
        picked = bool(self.part_table.selectionModel().selectedRows())
        self.add_part_button.setEnabled(saved)
        self.edit_part_button.setEnabled(saved and picked)
        self.remove_part_button.setEnabled(saved and picked)

    # ------------------------------------------------------------------ event actions
    def delete_selected(self) -> None:
        if self.part_table.hasFocus() and self.part_table.selectionModel().selectedRows():
            self.remove_participants()
            return
        super().delete_selected()

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
