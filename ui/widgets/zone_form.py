"""The cooperation-zone detail form (and its partner-country picker).

What a user reads about where a zone's data comes from: whether it is built in or the
user's own, the approval document (its number, e.g. 工信部企业函〔2022〕246号, and date) and
the sources as publications with their dates — the citation the built-in list gives. The
research behind the built-in list (its confidence labels, the researchers' notes) is not
shown: an entry the sources do not fully confirm gets a
small "unverified" mark beside its origin (``programmes.is_unverified``), with a tooltip
saying what that means. The stored confidence label is kept as it is (the form neither shows
nor sends it).

The form only edits values: it never talks to the database. ``collect()`` returns the
``ZoneUpdate`` fields (or raises ``ValidationError`` for what can be checked here, such
as a year that is not a number); the page runs the service and hands any
``ValidationError`` back to ``show_errors``, which puts each message next to its field.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator, QPalette, QStandardItem, QTextOption
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from coop_desktop.errors import FieldError, Message, ValidationError
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.models import LABELS, ZoneBatch, ZoneRead
from coop_desktop.reference import countries, regions
from coop_desktop.services.programmes import is_unverified
from coop_desktop.validation import MSG_COUNTRY, MSG_REQUIRED, check_url
from ui.context import AppContext
from ui.widgets.bilingual_fields import (
    GROUP_CODES, FieldErrors, bilingual, bilingual_grid, elided_link, link_label,
)
from ui.widgets.country_picker import CountryListField
from ui.widgets.date_field import DateField
from ui.widgets.form_fields import limit_line_edits
from ui.widgets.visible_text import RevealingPlainTextEdit

MSG_YEAR = N_("Enter a year such as 2025.")
MSG_VALID_ORDER = N_("The recognition cannot be valid until a year before it was granted.")
MSG_UNVERIFIED_MARK = N_("To be verified")
MSG_UNVERIFIED_TIP = N_("The built-in list could not confirm every detail of this entry against "
                        "an official document. Check it before citing it.")


def basis_text(zone: ZoneRead, tr: Translator) -> str:
    """What the zone's data rests on, as a user reads it: "Approval document: 工信部企业函
    〔2022〕246号 (Feb 14, 2018)", else "Sources: …" (the citation, publications with dates)."""
    from coop_desktop.i18n.formatting import format_date

    if zone.approval_document:
        text = tr.gettext("Approval document: {document}").format(document=zone.approval_document)
        if zone.approved_on:
            when = format_date(zone.approved_on, tr, "medium")
            text += ("（{}）" if tr.language.startswith("zh") else " ({})").format(when)
        return text
    if zone.approved_on:
        return tr.gettext("Approved on {date}").format(
            date=format_date(zone.approved_on, tr, "medium"))
    source = " ".join((zone.source or "").split())
    return tr.gettext("Sources: {sources}").format(sources=source) if source else ""


def year_or_none(text: str, field: str, errors: list[FieldError]) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not 1949 <= int(text) <= 2100:
        errors.append(FieldError(field, Message(MSG_YEAR)))
        return None
    return int(text)


class PartnerCountriesField(CountryListField):
    """The zone's partner countries as names (chips) in the UI language, picked by typing a
    name or code — the enterprise form's target-country picker — plus the groups a zone
    may name instead (the EU)."""

    def name(self, code: str) -> str:
        return self._tr().gettext(GROUP_CODES[code]) if code in GROUP_CODES \
            else super().name(code)

    def refresh(self) -> None:
        super().refresh()
        tr = self._tr()
        for code, msgid in GROUP_CODES.items():
            text = tr.gettext(msgid)
            if tr.language == "zh_CN":
                text = f"{text} · {msgid}"
            item = QStandardItem(text)
            item.setData(code, Qt.ItemDataRole.UserRole)
            self.model.insertRow(0, item)
            self._choices[text] = code

    def codes(self) -> list[str]:
        """The chosen codes (what :meth:`value` gives, without a check of typed text)."""
        return list(self._codes)

    def add_code(self, code: str) -> None:
        if code in GROUP_CODES:
            self._add(code)
        else:
            super().add_code(code)

    def resolve(self, text: str) -> str | None:
        key = " ".join(text.split()).casefold()
        for code, msgid in GROUP_CODES.items():
            if key in (code.casefold(), msgid.casefold(), self.name(code).casefold()):
                return code
        return super().resolve(text)


class CountryPicker(QDialog):
    """Tick partner countries in a filterable list (names in the UI language)."""

    def __init__(self, tr: Translator, chosen: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = tr.gettext
        self.setWindowTitle(_("Partner countries"))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Filter countries…"))
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        entries = [(code, tr.gettext(name)) for code, name in GROUP_CODES.items()]
        entries += countries.all_countries(tr.language)
        for code, name in entries:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setCheckState(Qt.CheckState.Checked if code in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._filter)
        self.resize(380, 480)

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def codes(self) -> list[str]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items
                if i.checkState() == Qt.CheckState.Checked]


# ------------------------------------------------------------------ the form
class ZoneForm(QWidget):
    """Every field of one zone; ``load(None)`` starts a new one."""

    edited = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.zone: ZoneRead | None = None
        self.errors = FieldErrors()
        self._snapshot: dict[str, Any] = {}
        self._province_kept: tuple[str | None, str | None] = (None, None)

        self.heading = QLabel()
        self.heading.setObjectName("zoneHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.subheading = QLabel()
        self.subheading.setWordWrap(True)
        self.subheading.setStyleSheet("color: #5f6368;")
        self.origin = QLabel()
        self.origin.setObjectName("zoneOrigin")
        self.origin.setWordWrap(True)
        #: the small "unverified" mark beside the origin (tooltip: what it means)
        self.unverified = QLabel()
        self.unverified.setObjectName("zoneUnverified")
        self.unverified.setStyleSheet("color: #8a5a00; border: 1px solid #d9a400;"
                                      " border-radius: 3px; padding: 0 4px;")
        self.unverified.setVisible(False)
        #: where the data comes from, in one line under the origin: the approval document
        #: and its date, else the sources (publications with their dates)
        self.basis = QLabel()
        self.basis.setObjectName("zoneBasis")
        self.basis.setWordWrap(True)
        self.basis.setTextFormat(Qt.TextFormat.PlainText)
        self.basis.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        # One grid: label | Chinese | English; single fields span both columns.
        self.name_zh, self.name_en = QLineEdit(), QLineEdit()
        self.partner_label_zh, self.partner_label_en = QLineEdit(), QLineEdit()
        self.city_zh, self.city_en = QLineEdit(), QLineEdit()
        self.focus_zh, self.focus_en = RevealingPlainTextEdit(), RevealingPlainTextEdit()
        self.col_zh, self.col_en = QLabel(), QLabel()
        for head in (self.col_zh, self.col_en):
            head.setStyleSheet("font-weight: 600;")
        # names in the UI language, never ISO codes (it was a text box of codes)
        self.partners = PartnerCountriesField("partner_countries", lambda: self.ctx.tr)
        self.partners.setObjectName("partnerCountries")
        self.choose_partners = QPushButton()
        self.choose_partners.clicked.connect(self._choose_partners)
        self.province = QComboBox()
        self.recognised = QLineEdit()
        self.valid_until = QLineEdit()
        for edit in (self.recognised, self.valid_until):
            edit.setValidator(QIntValidator(0, 2100, edit))
            edit.setMaximumWidth(90)
        self.batch = QComboBox()
        self.management = QLineEdit()
        self.contacts = RevealingPlainTextEdit()
        self.website = QLineEdit()
        self.website_link = link_label()
        self.notes = RevealingPlainTextEdit()
        self.approval_document = QLineEdit()
        self.approval_document.setObjectName("zoneApprovalDocument")
        self.approved_on = DateField("approved_on", lambda: self.ctx.tr)
        self.approved_on.setObjectName("zoneApprovedOn")
        self.approved_on.setMaximumWidth(170)
        self.approved_label = QLabel()
        self.source = RevealingPlainTextEdit()
        self.source.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.source_links = link_label()
        limit_line_edits("zone", {
            "name_zh": self.name_zh, "name_en": self.name_en, "city_zh": self.city_zh,
            "partner_label_zh": self.partner_label_zh, "partner_label_en": self.partner_label_en,
            "city_en": self.city_en, "management_body": self.management,
            "website": self.website, "approval_document": self.approval_document})
        for box in (self.focus_zh, self.focus_en, self.contacts, self.notes, self.source):
            box.setFixedHeight(64)
        years = QWidget()
        years_row = QHBoxLayout(years)
        years_row.setContentsMargins(0, 0, 0, 0)
        self.valid_label = QLabel()
        years_row.addWidget(self.recognised)
        years_row.addSpacing(16)
        years_row.addWidget(self.valid_label)
        years_row.addWidget(self.valid_until)
        years_row.addStretch(1)
        # Both years' messages go under the row (a 90-pixel field would clip them).
        years = self.errors.wrap("recognised_year", self.errors.wrap("valid_until_year", years))
        partner_box = self.errors.wrap("partner_countries", self.partners, self.choose_partners)
        approval = QWidget()
        approval_row = QHBoxLayout(approval)
        approval_row.setContentsMargins(0, 0, 0, 0)
        approval_row.addWidget(self.errors.wrap("approval_document", self.approval_document), 2)
        approval_row.addSpacing(12)
        approval_row.addWidget(self.approved_label)
        approval_row.addWidget(self.errors.wrap("approved_on", self.approved_on), 1)
        source_box = QWidget()
        scol = QVBoxLayout(source_box)
        scol.setContentsMargins(0, 0, 0, 0)
        scol.setSpacing(2)
        scol.addWidget(self.errors.wrap("source", self.source))
        scol.addWidget(self.source_links)
        e = self.errors.wrap
        rows: list[tuple[str, QWidget, QWidget | None]] = [
            ("name", e("name_zh", self.name_zh), e("name_en", self.name_en)),
            ("partner_label", e("partner_label_zh", self.partner_label_zh),
             e("partner_label_en", self.partner_label_en)),
            ("partners", partner_box, None),
            ("province", e("province_code", self.province), None),
            ("city", e("city_zh", self.city_zh), e("city_en", self.city_en)),
            ("recognised", years, None),
            ("batch", e("batch", self.batch), None),
            ("focus", e("focus_industries_zh", self.focus_zh),
             e("focus_industries_en", self.focus_en)),
            ("management", e("management_body", self.management), None),
            ("contacts", e("contacts", self.contacts), None),
            ("website", e("website", self.website, self.website_link), None),
            ("approval", approval, None),
            ("source", source_box, None),
            ("notes", e("notes", self.notes), None),
        ]
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        self.labels = bilingual_grid(grid, self.col_zh, self.col_en, rows,
                                     self.name_zh.sizeHint().height())

        origin_row = QHBoxLayout()
        origin_row.setContentsMargins(0, 0, 0, 0)
        origin_row.addWidget(self.origin, 1)
        origin_row.addWidget(self.unverified, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addLayout(origin_row)
        layout.addWidget(self.basis)
        layout.addSpacing(4)
        layout.addLayout(grid)
        layout.addStretch(1)

        for line in (self.name_zh, self.name_en, self.partner_label_zh, self.partner_label_en,
                     self.city_zh, self.city_en, self.recognised, self.valid_until,
                     self.management, self.website, self.approval_document, self.approved_on):
            line.textChanged.connect(self._on_edit)
        self.partners.edited.connect(self._on_edit)
        for text in (self.focus_zh, self.focus_en, self.contacts, self.notes, self.source):
            text.textChanged.connect(self._on_edit)
        for combo in (self.province, self.batch):
            combo.currentIndexChanged.connect(self._on_edit)
        ctx.lang.changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self.load(None)

    # ------------------------------------------------------------------ i18n
    def retranslate_ui(self) -> None:
        _ = self.ctx.tr.gettext
        self.col_zh.setText(_("Chinese"))
        self.col_en.setText(_("English"))
        labels = self.labels
        labels["name"].setText(_("Name *"))
        labels["partner_label"].setText(_("Partner label"))
        labels["partners"].setText(_("Partner countries"))
        labels["province"].setText(_("Province"))
        labels["city"].setText(_("City"))
        labels["recognised"].setText(_("Recognised in"))
        self.valid_label.setText(_("Valid until"))
        labels["batch"].setText(_("Batch"))
        labels["focus"].setText(_("Focus industries"))
        labels["management"].setText(_("Management body"))
        labels["contacts"].setText(_("Contacts"))
        labels["website"].setText(_("Website"))
        labels["notes"].setText(_("Notes"))
        labels["source"].setText(_("Sources"))
        labels["approval"].setText(_("Approval document"))
        self.approved_label.setText(_("Dated"))
        self.approval_document.setPlaceholderText(_("e.g. 工信部企业函〔2022〕246号"))
        self.source.setPlaceholderText(_("Publications with their dates, e.g. 新华网，2015年5月16日"))
        self.unverified.setText(_(MSG_UNVERIFIED_MARK))
        self.unverified.setToolTip(_(MSG_UNVERIFIED_TIP))
        self.approved_on.refresh()
        self.choose_partners.setText(_("Choose…"))
        self.partners.refresh()
        self.recognised.setPlaceholderText(_("year"))
        self.valid_until.setPlaceholderText(_("year"))
        self.name_zh.setPlaceholderText("中德（某市）中小企业合作区")
        self.name_en.setPlaceholderText("Sino-German (…) SME Cooperation Zone")
        self._fill_combos()
        self._render_status()
        self.errors.render(self.ctx.tr)

    def _fill_combos(self) -> None:
        tr = self.ctx.tr
        blockers = [self.province.blockSignals(True), self.batch.blockSignals(True)]
        code = self.province.currentData()
        self.province.clear()
        self.province.addItem("—", None)
        kept = self._province_kept
        if any(kept):
            self.province.addItem(bilingual(tr, *kept)[0], "?")
        for region in regions.provinces():
            self.province.addItem(region.name(tr.language), region.code)
        self.province.setCurrentIndex(max(0, self.province.findData(code)))
        batch = self.batch.currentData()
        self.batch.clear()
        self.batch.addItem("—", None)
        for value in ZoneBatch:
            self.batch.addItem(tr.gettext(LABELS[value]), value.value)
        self.batch.setCurrentIndex(max(0, self.batch.findData(batch)))
        self.province.blockSignals(blockers[0])
        self.batch.blockSignals(blockers[1])

    def _render_status(self) -> None:
        tr, zone = self.ctx.tr, self.zone
        _ = tr.gettext
        if zone is None:
            self.heading.setText(_("New cooperation zone"))
            self.subheading.setText(_("Not saved yet."))
        else:
            first, second = bilingual(tr, zone.name_zh, zone.name_en)
            self.heading.setText(first)
            self.subheading.setText(second)
        if zone is None or zone.source_key is None:
            origin, style = _("Added by you"), "#5f6368"
        elif zone.user_edited:
            origin = _("Built-in zone, edited by you: updates of the built-in list no longer "
                       "change it.")
            style = "#8a5a00"
        else:
            origin, style = _("Built-in zone"), "#1a5fb4"
        self.origin.setText(origin)
        self.origin.setStyleSheet(f"color: {style}; font-weight: 600;")
        self.unverified.setVisible(zone is not None and is_unverified(zone.confidence))
        self.basis.setText(basis_text(zone, tr) if zone is not None else "")
        self.basis.setVisible(bool(self.basis.text()))
        self._update_links()

    # ------------------------------------------------------------------ values
    def load(self, zone: ZoneRead | None) -> None:
        """Show ``zone`` (None: an empty form for a new zone); clears errors and edits."""
        self.zone = zone
        self.errors.clear()
        z = zone
        self._province_kept = ((z.province_zh, z.province_en)
                               if z is not None and not z.province_code else (None, None))
        widgets = [self.name_zh, self.name_en, self.partner_label_zh, self.partner_label_en,
                   self.city_zh, self.city_en, self.management, self.website,
                   self.approval_document]
        names = ["name_zh", "name_en", "partner_label_zh", "partner_label_en", "city_zh",
                 "city_en", "management_body", "website", "approval_document"]
        self.blockSignals(True)
        for widget, name in zip(widgets, names, strict=True):
            widget.setText(getattr(z, name) or "" if z else "")
            widget.setCursorPosition(0)
        self.approved_on.set_value(z.approved_on if z else None)
        self.partners.set_value(list(z.partner_countries) if z else [])
        self.recognised.setText(str(z.recognised_year) if z and z.recognised_year else "")
        self.valid_until.setText(str(z.valid_until_year) if z and z.valid_until_year else "")
        self.focus_zh.set_text(z.focus_industries_zh or "" if z else "")
        self.focus_en.set_text(z.focus_industries_en or "" if z else "")
        self.contacts.set_text(z.contacts or "" if z else "")
        self.notes.set_text(z.notes or "" if z else "")
        self.source.set_text(z.source or "" if z else "")
        self._fill_combos()
        code = "?" if any(self._province_kept) else (z.province_code if z else None)
        self.province.setCurrentIndex(max(0, self.province.findData(code)))
        self.batch.setCurrentIndex(max(0, self.batch.findData(z.batch if z else None)))
        self.blockSignals(False)
        self._snapshot = self._raw()
        self._render_status()

    @property
    def loaded(self) -> ZoneRead | None:
        """The zone shown (None: a new one), under the name every record form uses."""
        return self.zone

    def _raw(self) -> dict[str, Any]:
        lines = {name: getattr(self, name).text() for name in (
            "name_zh", "name_en", "partner_label_zh", "partner_label_en", "city_zh", "city_en",
            "recognised", "valid_until", "management", "website", "approval_document")}
        lines["partners"] = self.partners.raw()
        texts = {name: getattr(self, name).stored_text() for name in (
            "focus_zh", "focus_en", "contacts", "notes", "source")}
        try:
            approved: Any = self.approved_on.value()
        except ValidationError:
            approved = self.approved_on.text()  # as typed: not a date yet
        return {**lines, **texts, "approved_on": approved,
                "province": self.province.currentData(), "batch": self.batch.currentData()}

    def is_dirty(self) -> bool:
        return self._raw() != self._snapshot

    def partner_codes(self) -> list[str]:
        """The chosen partners' codes (text typed but not yet chosen is left out)."""
        return self.partners.codes()

    def collect(self) -> dict[str, Any]:
        """The ``ZoneUpdate``/``ZoneCreate`` values; raises ValidationError (also shown)."""
        errors: list[FieldError] = []
        try:
            codes = self.partners.value()
        except ValidationError as exc:  # a name typed but not chosen from the list
            errors.extend(exc.errors)
            codes = self.partner_codes()
        bad = [c for c in codes if c not in GROUP_CODES and not countries.is_country(c)]
        if bad:
            errors.append(FieldError("partner_countries",
                                     Message(MSG_COUNTRY, {"codes": ", ".join(bad)})))
        recognised = year_or_none(self.recognised.text(), "recognised_year", errors)
        valid = year_or_none(self.valid_until.text(), "valid_until_year", errors)
        if recognised and valid and valid < recognised:
            errors.append(FieldError("valid_until_year", Message(MSG_VALID_ORDER)))
        if not self.name_zh.text().strip():
            errors.append(FieldError("name_zh", Message(MSG_REQUIRED)))
        approved_on = None
        try:
            approved_on = self.approved_on.value()
        except ValidationError as exc:
            errors.extend(exc.errors)
        if errors:
            error = ValidationError(errors)
            self.show_errors(error)
            raise error
        code = self.province.currentData()
        region = regions.lookup(code) if code not in (None, "?") else None
        province = ((region.name_zh, region.name_en) if region else
                    self._province_kept if code == "?" else (None, None))
        return {
            "name_zh": self.name_zh.text(), "name_en": self.name_en.text(),
            "partner_countries": codes,
            "partner_label_zh": self.partner_label_zh.text(),
            "partner_label_en": self.partner_label_en.text(),
            "province_code": region.code if region else None,
            "province_zh": province[0], "province_en": province[1],
            "city_zh": self.city_zh.text(), "city_en": self.city_en.text(),
            "recognised_year": recognised, "batch": self.batch.currentData(),
            "valid_until_year": valid,
            "focus_industries_zh": self.focus_zh.stored_text(),
            "focus_industries_en": self.focus_en.stored_text(),
            "management_body": self.management.text(), "contacts": self.contacts.stored_text(),
            "website": self.website.text(), "notes": self.notes.stored_text(),
            "source": self.source.stored_text(),
            "approval_document": self.approval_document.text(), "approved_on": approved_on,
        }

    def show_errors(self, error: ValidationError) -> list[FieldError]:
        """Messages next to their fields; returns those without a field on this form."""
        return self.errors.show(error, self.ctx.tr)

    # ------------------------------------------------------------------ reactions
    def _on_edit(self) -> None:
        if self.signalsBlocked():
            return
        self._update_links()
        self.edited.emit()

    def _update_links(self) -> None:
        site = self.website.text().strip()
        usable = bool(site) and check_url("website", site) is None
        self.website_link.setText(elided_link(site, 30) if usable else "")
        self.website_link.setVisible(usable)
        urls = [u.strip() for u in self.source.stored_text().split() if "://" in u]
        self.source_links.setText("<br>".join(elided_link(u) for u in urls))

    def _choose_partners(self) -> None:
        picker = CountryPicker(self.ctx.tr, self.partner_codes(), self)
        picker.accepted.connect(lambda: self._set_partners(picker.codes()))
        picker.open()

    def _set_partners(self, codes: list[str]) -> None:
        self.partners.set_value(codes)
        self._on_edit()
