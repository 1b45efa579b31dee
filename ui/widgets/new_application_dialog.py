"""New application: pick the enterprise (searched on the database lane: there may be
150,000), the template and optionally the zone, country, titles, reference and deadline.

``submitted(values)`` carries ``applications.create`` keyword arguments; the page creates
the application and calls ``accept()``, or ``show_errors()`` with the service's refusal.

The same dialog edits an existing application's details (``existing=``): the enterprise and
template are shown but fixed, the zone and country can change only while it is a draft, and
``submitted(values)`` carries only what changed (``applications.update_meta`` fields).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QGridLayout,
    QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from coop_desktop.documents.templates import load_templates
from coop_desktop.errors import FieldError, Message, ValidationError
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import ApplicationRead, ApplicationStatus, ZoneRead
from coop_desktop.services.catalog import zones
from ui.context import AppContext
from ui.widgets.bilingual_fields import FieldErrors, bilingual
from ui.widgets.country_choice import NOT_A_COUNTRY, CountryChoice
from ui.widgets.date_field import follow_date_format
from ui.widgets.enterprise_picker import EnterprisePicker
from ui.widgets.form_fields import limit_line_edits

MSG_PICK_ENTERPRISE = N_("Search for the enterprise and pick it from the list.")
MSG_FROM_LIST = N_("Choose a value from the list.")


class NewApplicationDialog(QDialog):
    submitted = Signal(dict)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 existing: ApplicationRead | None = None, enterprise_name: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("applicationDetailsDialog" if existing else "newApplicationDialog")
        self.ctx = ctx
        self.existing = existing
        self._wanted_zone = existing.zone_id if existing else None
        self._zones_shown = False  # the loaded zones are in the combo
        self.errors = FieldErrors()
        self.templates = load_templates()
        self.picker = EnterprisePicker(ctx, self.errors)
        if existing is not None:
            self.picker.fix(existing.enterprise_id, enterprise_name)
        self.search, self.results, self.chosen = (self.picker.search, self.picker.results,
                                                  self.picker.chosen)
        self.template = QComboBox()
        self.template.setObjectName("templateChoice")
        self.zone = QComboBox()
        self.zone.setObjectName("zoneChoice")
        self.country = CountryChoice("countryChoice")
        self.title_zh, self.title_en = QLineEdit(), QLineEdit()
        self.reference = QLineEdit()
        limit_line_edits("application", {"title_zh": self.title_zh, "title_en": self.title_en,
                                         "reference_no": self.reference})
        self.has_deadline = QCheckBox()
        self.deadline = QDateEdit()
        self.deadline.setCalendarPopup(True)
        self.deadline.setDate(QDate.currentDate().addDays(30))
        self.deadline.setEnabled(False)
        self.has_deadline.toggled.connect(self.deadline.setEnabled)
        self.zones: list[ZoneRead] = []
        self.labels = {k: QLabel() for k in ("enterprise", "template", "zone", "country",
                                             "title_zh", "title_en", "reference", "deadline")}
        e = self.errors.wrap
        deadline = QWidget()
        row = QHBoxLayout(deadline)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.has_deadline)
        row.addWidget(self.deadline)
        row.addStretch(1)
        grid = QGridLayout()
        fields = [("enterprise", self.picker), ("template", e("template_key", self.template)),
                  ("zone", e("zone_id", self.zone)), ("country", e("country", self.country)),
                  ("title_zh", e("title_zh", self.title_zh)),
                  ("title_en", e("title_en", self.title_en)),
                  ("reference", e("reference_no", self.reference)),
                  ("deadline", e("deadline", deadline))]
        for i, (key, widget) in enumerate(fields):
            self.labels[key].setMinimumHeight(self.search.sizeHint().height())
            grid.addWidget(self.labels[key], i, 0,
                           Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            grid.addWidget(widget, i, 1)
        grid.setColumnStretch(1, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.template.currentIndexChanged.connect(self._template_changed)
        ctx.lang.changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        if existing is not None:
            self._show_existing(existing)
        self._load_zones()
        self.resize(620, 520 if existing is None else self.sizeHint().height())

    def _show_existing(self, app: ApplicationRead) -> None:
        self.template.setCurrentIndex(max(0, self.template.findData(app.template_key)))
        self.template.setEnabled(False)  # the sections come from it
        draft = ApplicationStatus(app.status) == ApplicationStatus.DRAFT
        for widget in (self.zone, self.country, self.title_zh, self.title_en):
            widget.setEnabled(draft)  # part of the text once it is ready
        self.country.set_code(app.country)
        self.title_zh.setText(app.title_zh)
        self.title_en.setText(app.title_en)
        self.reference.setText(app.reference_no or "")
        self.has_deadline.setChecked(app.deadline is not None)
        if app.deadline is not None:
            self.deadline.setDate(QDate(app.deadline.year, app.deadline.month, app.deadline.day))

    def retranslate_ui(self) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        self.setWindowTitle(_("Application details") if self.existing else _("New application"))
        follow_date_format(self.deadline, tr.language)
        self.picker.retranslate_ui()
        for key, text in (("enterprise", _("Enterprise *")), ("template", _("Template")),
                          ("zone", _("Cooperation zone")), ("country", _("Target country")),
                          ("title_zh", _("Title (Chinese)")), ("title_en", _("Title (English)")),
                          ("reference", _("Reference no.")), ("deadline", _("Deadline"))):
            self.labels[key].setText(text)
        self.has_deadline.setText(_("Has a deadline"))
        key = self.template.currentData()
        self.template.blockSignals(True)
        self.template.clear()
        for t in sorted(self.templates.values(), key=lambda t: t.title(tr.language)):
            self.template.addItem(t.title(tr.language), t.key)
        wanted = key or ("zone_application" if "zone_application" in self.templates else None)
        self.template.setCurrentIndex(max(0, self.template.findData(wanted)))
        self.template.blockSignals(False)
        self.country.fill(tr, _("Optional: type to search countries"))
        self._fill_zones()
        self._template_changed()
        self.errors.render(tr)

    def _template_changed(self, _index: int = 0) -> None:
        t = self.templates.get(self.template.currentData())
        if t is not None:  # the default title, used when the field is left empty
            self.title_zh.setPlaceholderText(t.title_zh)
            self.title_en.setPlaceholderText(t.title_en)
            self.template.setToolTip(t.description(self.ctx.tr.language))

    def _load_zones(self) -> None:
        db = self.ctx.db

        def shown(rows: list[ZoneRead]) -> None:
            self.zones = rows
            self._fill_zones()

        self.ctx.runner.run(lambda: zones.list(db), on_success=shown, parent=self)

    def _fill_zones(self) -> None:
        wanted = self.zone.currentData() if self._zones_shown else self._wanted_zone
        self.zone.clear()
        self.zone.addItem("—", None)
        for z in self.zones:
            self.zone.addItem(bilingual(self.ctx.tr, z.name_zh, z.name_en)[0], z.id)
        self.zone.setCurrentIndex(max(0, self.zone.findData(wanted)))
        self._zones_shown = bool(self.zones)

    @property
    def enterprise_id(self) -> int | None:
        return self.picker.enterprise_id

    # ------------------------------------------------------------------ values
    def values(self) -> dict[str, Any]:
        """``applications.create`` keyword arguments; raises ValidationError (also shown)."""
        errors: list[FieldError] = []
        if self.enterprise_id is None:
            errors.append(FieldError("enterprise_id", Message(MSG_PICK_ENTERPRISE)))
        code = self.country.code()
        if code == NOT_A_COUNTRY:
            errors.append(FieldError("country", Message(MSG_FROM_LIST)))
        if errors:
            error = ValidationError(errors)
            self.show_errors(error)
            raise error
        deadline: date | None = None
        if self.has_deadline.isChecked():
            d = self.deadline.date()
            deadline = date(d.year(), d.month(), d.day())
        return {"enterprise_id": self.enterprise_id, "template_key": self.template.currentData(),
                "zone_id": self.zone.currentData(), "country": code,
                "title_zh": self.title_zh.text().strip() or None,
                "title_en": self.title_en.text().strip() or None,
                "reference_no": self.reference.text().strip() or None, "deadline": deadline}

    def changes(self) -> dict[str, Any]:
        """The details that differ from ``existing`` (``applications.update_meta`` fields);
        raises ValidationError (also shown). An emptied title is sent, and refused."""
        app = self.existing
        assert app is not None
        values = self.values()
        values["title_zh"] = self.title_zh.text().strip()
        values["title_en"] = self.title_en.text().strip()
        if not self._zones_shown:
            values["zone_id"] = app.zone_id  # the zones are not loaded yet: unchanged
        wanted = {k: values[k] for k in ("title_zh", "title_en", "zone_id", "country",
                                         "reference_no", "deadline")}
        return {k: x for k, x in wanted.items() if getattr(app, k) != x}

    def submit(self) -> None:
        try:
            values = self.changes() if self.existing else self.values()
        except ValidationError:
            return
        self.errors.clear()
        self.submitted.emit(values)

    def show_errors(self, error: ValidationError) -> list[FieldError]:
        return self.errors.show(error, self.ctx.tr)
