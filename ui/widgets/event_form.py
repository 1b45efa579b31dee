"""The event detail form.

Like the zone form, it only holds values: ``collect()`` returns the service's input (or
raises ``ValidationError`` for what can be checked here) and ``show_errors`` puts a
service's messages next to their fields.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
    QWidget,
)

from coop_desktop.errors import FieldError, Message, ValidationError
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import LABELS, EventRead, ZoneRead
from coop_desktop.services.events import EVENT_KINDS
from coop_desktop.validation import MSG_DATE_ORDER, MSG_REQUIRED
from ui.context import AppContext
from ui.widgets.bilingual_fields import FieldErrors, bilingual, bilingual_grid
from ui.widgets.country_choice import NOT_A_COUNTRY, CountryChoice
from ui.widgets.date_field import follow_date_format
from ui.widgets.form_fields import limit_line_edits
from ui.widgets.visible_text import RevealingPlainTextEdit

MSG_FROM_LIST = N_("Choose a value from the list.")


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)  # (its display format follows the language: retranslate_ui)
    edit.setDate(QDate.currentDate())
    return edit


class EventForm(QWidget):
    """Every field of one event; ``load(None)`` starts a new one."""

    edited = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loaded: EventRead | None = None  # not "event": that is QWidget.event()
        self.errors = FieldErrors()
        self.zones: list[ZoneRead] = []
        self._snapshot: dict[str, Any] = {}
        self._loading = False

        self.name_zh, self.name_en = QLineEdit(), QLineEdit()
        self.place_zh, self.place_en = QLineEdit(), QLineEdit()
        limit_line_edits("event", {"name_zh": self.name_zh, "name_en": self.name_en,
                                   "place_zh": self.place_zh, "place_en": self.place_en})
        self.kind = QComboBox()
        self.kind.setObjectName("eventKind")
        self.starts_on = _date_edit()
        self.has_end = QCheckBox()
        self.ends_on = _date_edit()
        self.ends_on.setEnabled(False)
        self.has_end.toggled.connect(self.ends_on.setEnabled)
        self.country = CountryChoice("partnerCountry")
        self.zone = QComboBox()
        self.zone.setObjectName("eventZone")
        self.zone.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.zone.setMinimumContentsLength(16)
        self.notes = RevealingPlainTextEdit()
        self.notes.setFixedHeight(60)
        self.col_zh, self.col_en = QLabel(), QLabel()
        for head in (self.col_zh, self.col_en):
            head.setStyleSheet("font-weight: 600;")

        e = self.errors.wrap
        dates = QWidget()
        row = QHBoxLayout(dates)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.starts_on)
        row.addSpacing(12)
        row.addWidget(self.has_end)
        row.addWidget(self.ends_on)
        row.addStretch(1)
        dates = e("starts_on", e("ends_on", dates))  # messages under the row, not clipped
        rows: list[tuple[str, QWidget, QWidget | None]] = [
            ("name", e("name_zh", self.name_zh), e("name_en", self.name_en)),
            ("kind", e("kind", self.kind), None),
            ("dates", dates, None),
            ("place", e("place_zh", self.place_zh), e("place_en", self.place_en)),
            ("country", e("partner_country", self.country), None),
            ("zone", e("zone_id", self.zone), None),
            ("notes", e("notes", self.notes), None),
        ]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.labels = bilingual_grid(grid, self.col_zh, self.col_en, rows,
                                     self.name_zh.sizeHint().height())
        grid.setRowStretch(len(rows) + 1, 1)

        for line in (self.name_zh, self.name_en, self.place_zh, self.place_en):
            line.textChanged.connect(self._on_edit)
        self.notes.textChanged.connect(self._on_edit)
        self.country.currentTextChanged.connect(self._on_edit)
        for combo in (self.kind, self.zone):
            combo.currentIndexChanged.connect(self._on_edit)
        for edit in (self.starts_on, self.ends_on):
            edit.dateChanged.connect(self._on_edit)
        self.has_end.toggled.connect(self._on_edit)
        ctx.lang.changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self.load(None)

    def retranslate_ui(self) -> None:
        _ = self.ctx.tr.gettext
        self.col_zh.setText(_("Chinese"))
        self.col_en.setText(_("English"))
        self.labels["name"].setText(_("Name *"))
        self.labels["kind"].setText(_("Kind"))
        self.labels["dates"].setText(_("Starts on"))
        for edit in (self.starts_on, self.ends_on):
            follow_date_format(edit, self.ctx.tr.language)
        self.has_end.setText(_("Ends on"))
        self.labels["place"].setText(_("Place"))
        self.labels["country"].setText(_("Partner country"))
        self.labels["zone"].setText(_("Cooperation zone"))
        self.labels["notes"].setText(_("Notes"))
        self._loading, was = True, self._loading
        self._fill_combos()
        self._loading = was
        self.errors.render(self.ctx.tr)

    def _fill_combos(self) -> None:
        tr = self.ctx.tr
        kind, zone_id = self.kind.currentData(), self.zone.currentData()
        self.kind.clear()
        for value in EVENT_KINDS:
            self.kind.addItem(tr.gettext(LABELS[value]), value.value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.country.fill(tr, tr.gettext("Type to search countries"))
        self.zone.clear()
        self.zone.addItem("—", None)
        for z in self.zones:
            self.zone.addItem(bilingual(tr, z.name_zh, z.name_en)[0], z.id)
        self.zone.setCurrentIndex(max(0, self.zone.findData(zone_id)))

    def set_zones(self, zones: list[ZoneRead]) -> None:
        """The zones to pick from (the loaded event's zone is kept even if not listed)."""
        if [(z.id, z.name_zh, z.name_en) for z in zones] == [
                (z.id, z.name_zh, z.name_en) for z in self.zones]:
            return
        dirty = self.is_dirty()
        self.zones = list(zones)
        self._loading, was = True, self._loading
        self._fill_combos()
        self._loading = was
        if not dirty:
            self._snapshot = self._raw()

    # ------------------------------------------------------------------ values
    def load(self, event: EventRead | None) -> None:
        self.loaded = event
        self.errors.clear()
        self._loading = True
        ev = event
        for widget, name in ((self.name_zh, "name_zh"), (self.name_en, "name_en"),
                             (self.place_zh, "place_zh"), (self.place_en, "place_en")):
            widget.setText((getattr(ev, name) or "") if ev else "")
            widget.setCursorPosition(0)
        self.notes.set_text((ev.notes or "") if ev else "")
        self.kind.setCurrentIndex(max(0, self.kind.findData(ev.kind if ev else None)))
        self.starts_on.setDate(_qdate(ev.starts_on) if ev else QDate.currentDate())
        self.has_end.setChecked(bool(ev and ev.ends_on))
        self.ends_on.setDate(_qdate(ev.ends_on) if ev and ev.ends_on else self.starts_on.date())
        self.country.set_code(ev.partner_country if ev else None)
        if ev and ev.zone_id is not None and self.zone.findData(ev.zone_id) < 0:
            self.zone.addItem(f"#{ev.zone_id}", ev.zone_id)
        self.zone.setCurrentIndex(max(0, self.zone.findData(ev.zone_id if ev else None)))
        self._loading = False
        self._snapshot = self._raw()

    def _raw(self) -> dict[str, Any]:
        return {"texts": [w.text() for w in (self.name_zh, self.name_en, self.place_zh,
                                              self.place_en)],
                "notes": self.notes.stored_text(), "kind": self.kind.currentData(),
                "start": self.starts_on.date(), "has_end": self.has_end.isChecked(),
                "end": self.ends_on.date() if self.has_end.isChecked() else None,
                "country": self.country.code(), "zone": self.zone.currentData()}

    def is_dirty(self) -> bool:
        return self._raw() != self._snapshot

    def collect(self) -> dict[str, Any]:
        """The ``EventCreate``/``EventUpdate`` values; raises ValidationError (also shown)."""
        errors: list[FieldError] = []
        if not self.name_zh.text().strip():
            errors.append(FieldError("name_zh", Message(MSG_REQUIRED)))
        start = _pydate(self.starts_on.date())
        end = _pydate(self.ends_on.date()) if self.has_end.isChecked() else None
        if end is not None and end < start:
            errors.append(FieldError("ends_on", Message(
                MSG_DATE_ORDER, {"start": start, "end": end})))
        code = self.country.code()
        if code == NOT_A_COUNTRY:
            errors.append(FieldError("partner_country", Message(MSG_FROM_LIST)))
        if errors:
            error = ValidationError(errors)
            self.show_errors(error)
            raise error
        return {"name_zh": self.name_zh.text(), "name_en": self.name_en.text(),
                "kind": self.kind.currentData(), "starts_on": start, "ends_on": end,
                "place_zh": self.place_zh.text(), "place_en": self.place_en.text(),
                "partner_country": code, "zone_id": self.zone.currentData(),
                "notes": self.notes.stored_text()}

    def show_errors(self, error: ValidationError) -> list[FieldError]:
        return self.errors.show(error, self.ctx.tr)

    def _on_edit(self) -> None:
        if not self._loading:
            self.edited.emit()
