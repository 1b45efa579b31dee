"""The enterprise's own fields, laid out in titled sections (a view: layout and texts only).

:class:`EnterpriseDetails` owns one editor per :data:`FORM_FIELDS` entry (``fields``) and
one error label per editor (``errors``); the controller (:mod:`ui.widgets.enterprise_form`)
reads and writes values and shows messages through them. Computed values — the size class
and the 万元 echo of amounts — are shown here, never typed.

The SME programmes section (``ui.widgets.programme_fields``) offers the clusters and pilot
cities the form reads on the DB lane (:meth:`EnterpriseDetails.set_programme_options`); when
the user picks a city that is a pilot city and no pilot city is chosen, it proposes that city
(a hint with a Link button, never a silent change).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from babel.numbers import get_currency_name
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from coop_desktop import rules
from coop_desktop.errors import ValidationError
from coop_desktop.i18n import formatting as fmt
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.models import LABELS, LegalForm
from coop_desktop.reference import regions
from coop_desktop.services import programmes, reference
from coop_desktop.services.programmes import ProgrammeOptions
from ui.widgets.country_picker import CountryListField
from ui.widgets.date_field import DateField, date_placeholder
from ui.widgets.form_fields import (
    ComboField, IntegerField, LineField, ListLineField, MoneyField, PercentField, TextField,
    limit_line_edits,
)
from ui.widgets.form_layout import ErrorLabel, Section, label_text
from ui.widgets.programme_fields import PilotSuggestionBox, ProgrammeCombo
from ui.widgets.wrap_label import WrapLabel

#: Names of the enterprise's fields, for messages, the error summary and the history.
FIELD_LABELS: dict[str, str] = {
    "name_zh": N_("Chinese name"),
    "name_en": N_("English name"),
    "uscc": N_("Unified social credit code"),
    "legal_form": N_("Legal form"),
    "legal_rep": N_("Legal representative"),
    "registered_capital_fen": N_("Registered capital"),
    "registered_capital_currency": N_("Currency of registered capital"),
    "established_on": N_("Established on"),
    "province_code": N_("Province"),
    "city_code": N_("City"),
    "city_zh": N_("City (Chinese)"),
    "city_en": N_("City (English)"),
    "address_zh": N_("Address (Chinese)"),
    "address_en": N_("Address (English)"),
    "industry": N_("Industry"),
    "business_scope_zh": N_("Business scope (Chinese)"),
    "business_scope_en": N_("Business scope (English)"),
    "employees": N_("Employees"),
    "revenue_fen": N_("Operating revenue"),
    "total_assets_fen": N_("Total assets"),
    "main_business_share": N_("Main-business revenue share"),
    "rd_expense_fen": N_("R&D expense"),
    "rd_staff": N_("R&D staff"),
    "digitalisation_level": N_("Digitalisation level"),
    "export_markets": N_("Export markets"),
    "target_countries": N_("Target countries"),
    "website": N_("Website"),
    "description_zh": N_("Description (Chinese)"),
    "description_en": N_("Description (English)"),
    "tags": N_("Tags"),
    "size_class": N_("Size class"),
    "cluster_id": N_("Characteristic industrial cluster"),
    "pilot_city_id": N_("Digital-transformation pilot city"),
}

#: The fields the form edits, in tab order.
FORM_FIELDS: tuple[str, ...] = (
    "name_zh", "name_en", "uscc", "legal_form", "legal_rep", "registered_capital_fen",
    "registered_capital_currency", "established_on", "province_code", "city_code", "address_zh",
    "address_en", "industry", "employees", "revenue_fen", "total_assets_fen",
    "main_business_share", "rd_expense_fen", "rd_staff", "digitalisation_level",
    "cluster_id", "pilot_city_id", "export_markets", "target_countries", "website", "business_scope_zh", "business_scope_en",
    "description_zh", "description_en", "tags",
)
SIZE_INPUTS = frozenset({"industry", "employees", "revenue_fen", "total_assets_fen"})
#: Industries whose name in the size standard is too long for the form's box (528 px in
#: English): the box shows this, the entry's tooltip the standard's name.
SHORT_INDUSTRIES = {"industry": N_("Industry (mining, manufacturing, utilities)")}
MONEY_FIELDS = ("registered_capital_fen", "revenue_fen", "total_assets_fen", "rd_expense_fen")
#: below this width (px) labels go above their fields; above COMPACT_WIDTH + 40 they go beside
COMPACT_WIDTH = 560
CURRENCIES = ("CNY", "USD", "EUR", "HKD", "JPY", "GBP", "SGD", "CHF", "KRW", "AUD", "CAD", "MOP",
              "TWD", "RUB", "AED", "SAR", "THB", "MYR", "VND", "IDR", "INR", "BRL")


def _hint_label(parent: QWidget) -> QLabel:
    label = WrapLabel(parent)  # a word-wrapped QLabel lost its second line in the grid
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class EnterpriseDetails(QScrollArea):
    """The scrollable page of sections; ``fields``/``errors`` are keyed by field name."""

    def __init__(self, tr: Callable[[], Translator], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self.setObjectName("enterpriseDetails")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        page = QWidget(self)
        page.setObjectName("enterpriseDetailsPage")
        column = QVBoxLayout(page)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(12)
        self.fields: dict[str, Any] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self.hints: dict[str, QLabel] = {}
        self.sections: list[Section] = []
        self.row_labels: dict[str, QLabel] = {}
        self.captions: list[tuple[QLabel, QLabel]] = []
        self.size_class: str | None = None

        def money_currency() -> str:
            return self.fields["registered_capital_currency"].value() or "CNY"

        f = self._make
        # --- Identity
        ident = self._section()
        self.captions.append(ident.add_captions())  # above the next row
        self._pair(ident, "name", f(LineField, "name_zh"), f(LineField, "name_en"))
        self._row(ident, "uscc", f(LineField, "uscc"))
        self._row(ident, "legal_form", f(ComboField, "legal_form"))
        self._row(ident, "legal_rep", f(LineField, "legal_rep"))
        capital = MoneyField("registered_capital_fen", tr, currency=money_currency)
        self._add_editor(capital)
        self._pair(ident, "registered_capital", capital,
                   f(ComboField, "registered_capital_currency", nullable=False))
        self._row(ident, "established_on", f(DateField, "established_on", not_after_today=True))
        # --- Location
        place = self._section()
        self._pair(place, "region", f(ComboField, "province_code"), f(ComboField, "city_code"))
        self.captions.append(place.add_captions())
        self._pair(place, "address", f(LineField, "address_zh"), f(LineField, "address_en"))
        # --- Size and finance
        size = self._section()
        self._row(size, "industry", f(ComboField, "industry"), span=True)
        self._row(size, "employees", f(IntegerField, "employees"))
        for name in ("revenue_fen", "total_assets_fen"):
            self._row(size, name, f(MoneyField, name), hint=True)
        self._row(size, "main_business_share", f(PercentField, "main_business_share"))
        self.size_value = QLabel(self)
        self.size_value.setObjectName("sizeClassValue")
        bold = QFont(self.size_value.font())
        bold.setBold(True)
        self.size_value.setFont(bold)
        self.size_hint = _hint_label(self)
        self.size_hint.setObjectName("sizeClassHint")
        self.row_labels["size_class"] = size.add_row(self.size_value, None, self.size_hint)
        # --- Innovation
        innov = self._section()
        self._row(innov, "rd_expense_fen", f(MoneyField, "rd_expense_fen"), hint=True)
        self._row(innov, "rd_staff", f(IntegerField, "rd_staff"))
        self._row(innov, "digitalisation_level", f(ComboField, "digitalisation_level"))
        # --- SME programmes
        self._programme_section(tr)
        # --- International
        intl = self._section()
        for name in ("export_markets", "target_countries"):
            self._row(intl, name, f(CountryListField, name), span=True, top=True)
        self._row(intl, "website", f(LineField, "website"), span=True)
        # --- Business scope and description
        about = self._section()
        self.captions.append(about.add_captions())
        self._pair(about, "business_scope", f(TextField, "business_scope_zh", lines=3),
                   f(TextField, "business_scope_en", lines=3), top=True)
        self._pair(about, "description", f(TextField, "description_zh", lines=4),
                   f(TextField, "description_en", lines=4), top=True)
        self._row(about, "tags", f(ListLineField, "tags"), span=True)

        for section in self.sections:
            column.addWidget(section)
        column.addStretch(1)
        self.setWidget(page)
        limit_line_edits("enterprise", self.fields)
        self.fields["province_code"].edited.connect(self._province_changed)
        self.fields["city_code"].edited.connect(self._city_picked)
        for name in ("address_zh", "pilot_city_id"):
            self.fields[name].edited.connect(self.update_pilot_suggestion)
        self.fields["registered_capital_currency"].edited.connect(
            lambda: self.fields["registered_capital_fen"].refresh())
        for name in MONEY_FIELDS:
            self.fields[name].edited.connect(self.update_hints)
        for name in SIZE_INPUTS:
            self.fields[name].edited.connect(self.update_size_class)
        self.set_tab_order()

    # ------------------------------------------------------------------ building
    def _programme_section(self, tr: Callable[[], Translator]) -> None:
        section = self._section()
        cluster = ProgrammeCombo("cluster_id", "cluster", tr)
        pilot = ProgrammeCombo("pilot_city_id", "pilot_city", tr)
        for editor in (cluster, pilot):
            self._add_editor(editor)
        self._row(section, "cluster_id", cluster, span=True)
        self._row(section, "pilot_city_id", pilot)
        # under the pilot city, no label of their own: the proposal (shown when there is
        # one) and the small note that the shipped lists are partial
        self.pilot_suggestion = PilotSuggestionBox(tr, section)
        section.add_row(self.pilot_suggestion, span=True).hide()
        self.programme_note = _hint_label(section)
        self.programme_note.setObjectName("programmeNote")
        small = QFont(self.programme_note.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.programme_note.setFont(small)
        section.add_row(self.programme_note, span=True).hide()
        self.programme_options: ProgrammeOptions | None = None
        self._offer_city: str | None = None  # the city the user picked (armed to propose)
        self.pilot_suggestion.accepted.connect(self._accept_pilot_city)

    def _make(self, cls: type, name: str, **kwargs: Any) -> Any:
        if cls in (ComboField, TextField):
            editor = cls(name, **kwargs)
        else:
            editor = cls(name, self._tr, **kwargs)
        self._add_editor(editor)
        return editor

    def _add_editor(self, editor: Any) -> None:
        self.fields[editor.field] = editor
        self.errors[editor.field] = ErrorLabel()
        editor.setObjectName(editor.field)

    def _section(self) -> Section:
        section = Section(self)
        self.sections.append(section)
        return section

    def _row(self, section: Section, name: str, editor: Any, *, span: bool = False,
             top: bool = False, hint: bool = False) -> None:
        extra = None
        if hint:
            extra = self.hints[name] = _hint_label(section)
        self.row_labels[name] = section.add_row(editor, self.errors[name], extra, span=span,
                                                top=top)

    def _pair(self, section: Section, key: str, first: Any, second: Any, *, top: bool = False
              ) -> None:
        self.row_labels[key] = section.add_row(first, self.errors[first.field], second,
                                               self.errors[second.field], top=top)

    def set_tab_order(self) -> None:
        editors = [self.fields[name] for name in FORM_FIELDS]
        for before, after in zip(editors, editors[1:], strict=False):
            QWidget.setTabOrder(before, after)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        width = self.viewport().width()
        compact = self.sections[0].compact
        if (not compact and width < COMPACT_WIDTH) or (compact and width > COMPACT_WIDTH + 40):
            for section in self.sections:
                section.set_compact(not compact)

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        tr = self._tr()
        _ = tr.gettext
        lang = tr.language
        titles = (_("Identity"), _("Location"), _("Size and finance"), _("Innovation"),
                  _("SME programmes"), _("International"), _("Business scope and description"))
        for section, title in zip(self.sections, titles, strict=True):
            section.setTitle(title)
        for first, second in self.captions:
            first.setText(_("Chinese"))
            second.setText(_("English"))
        texts = {
            "name": _("Name"), "uscc": _("Unified social credit code"),
            "legal_form": _("Legal form"), "legal_rep": _("Legal representative"),
            "registered_capital": _("Registered capital"), "established_on": _("Established on"),
            "region": _("Province / city"), "address": _("Address"), "industry": _("Industry"),
            "employees": _("Employees"), "revenue_fen": _("Operating revenue"),
            "total_assets_fen": _("Total assets"),
            "main_business_share": _("Main-business revenue share"),
            "size_class": _("Size class"), "rd_expense_fen": _("R&D expense"),
            "rd_staff": _("R&D staff"), "digitalisation_level": _("Digitalisation level"),
            "cluster_id": _("Characteristic industrial cluster"),
            "pilot_city_id": _("Digital-transformation pilot city"),
            "export_markets": _("Export markets"), "target_countries": _("Target countries"),
            "website": _("Website"), "business_scope": _("Business scope"),
            "description": _("Description"), "tags": _("Tags"),
        }
        for key, text in texts.items():
            self.row_labels[key].setText(label_text(text))
        f = self.fields
        f["uscc"].setPlaceholderText(_("18 letters and digits"))
        f["name_zh"].setPlaceholderText(_("As on the business licence"))
        for name in MONEY_FIELDS:
            f[name].setPlaceholderText(_("e.g. 1,250,000 or 1.25 million"))
        f["main_business_share"].setPlaceholderText(_("0–100 %"))
        f["employees"].setPlaceholderText(_("Number of people"))
        f["website"].setPlaceholderText("https://www.example.com")
        f["tags"].setPlaceholderText(_("Separate tags with commas"))
        f["established_on"].setPlaceholderText(date_placeholder(tr))  # as dates are shown
        f["legal_form"].set_items([(form.value, _(LABELS[form])) for form in LegalForm])
        f["registered_capital_currency"].set_items(
            [(code, f"{code} · {get_currency_name(code, locale=fmt.babel_locale(tr))}")
             for code in CURRENCIES])
        industry = f["industry"]
        industry.set_items([(key, _(SHORT_INDUSTRIES[key]) if key in SHORT_INDUSTRIES
                             else rules.industry_label(key, lang)) for key in rules.INDUSTRIES])
        for index in range(industry.count()):  # the standard's own name, whole
            key = industry.itemData(index)
            if key:
                industry.setItemData(index, rules.industry_label(key, lang),
                                     Qt.ItemDataRole.ToolTipRole)
        f["digitalisation_level"].set_items(
            [(n, _("Level {level}").format(level=n)) for n in range(1, 5)])
        f["province_code"].set_items([(r.code, r.name(lang)) for r in regions.provinces()])
        self.fill_cities()
        for editor in f.values():
            editor.refresh()
        offer = self._offer_city
        self.refresh_computed()
        self._offer_city = offer  # a language switch keeps a proposal on screen
        self.update_pilot_suggestion()
        self._note_programmes()
        width = max(section.label_width() for section in self.sections)
        for section in self.sections:
            section.set_label_width(width)

    # ------------------------------------------------------------------ cascading and computed
    def fill_cities(self) -> None:
        """Offer the cities of the chosen province (the current city stays selected)."""
        province = self.fields["province_code"].value()
        lang = self._tr().language
        cities = regions.cities(province) if province else []
        self.fields["city_code"].set_items([(r.code, r.name(lang)) for r in cities])
        self.fields["city_code"].setEnabled(bool(cities))

    def _province_changed(self) -> None:
        """The user chose a province: keep the city only if it lies there."""
        city = self.fields["city_code"]
        province = self.fields["province_code"].value()
        options = regions.cities(province) if province else []
        if city.value() not in {r.code for r in options}:
            city.set_value(None)
        self.fill_cities()
        if len(options) == 1 and city.value() is None:
            city.set_value(options[0].code)  # a municipality is its own city
            self._city_picked()

    # ------------------------------------------------------------------ SME programmes
    def set_programme_options(self, options: ProgrammeOptions) -> None:
        """The clusters and pilot cities to offer (read by the form on the DB lane)."""
        self.programme_options = options
        for name in ("cluster_id", "pilot_city_id"):
            self.fields[name].set_options(options)
        self.update_pilot_suggestion()

    def _note_programmes(self) -> None:
        """One short line when a shipped list is partial; what is missing (the datasets' own
        notes, in the UI language) in its tooltip."""
        tr = self._tr()
        partial = [reference.dataset_note(name) for name in ("clusters", "pilot_cities")]
        partial = [note for note in partial if not note.complete]
        self.programme_note.setText(tr.gettext(
            "The lists shipped with the app are partial: a cluster or pilot city may be "
            "missing.") if partial else "")
        self.programme_note.setToolTip("\n\n".join(n.text(tr.language) for n in partial))
        self.programme_note.setVisible(bool(partial))

    def _city_picked(self) -> None:
        self._offer_city = self.fields["city_code"].value()
        self.update_pilot_suggestion()

    def update_pilot_suggestion(self) -> None:
        """Propose the pilot city the user placed the enterprise in (see the module
        docstring); nothing once a pilot city is chosen or the city changed otherwise."""
        city = self.fields["city_code"].value()
        if city != self._offer_city:
            self._offer_city = None
        found = None
        if self._offer_city and self.fields["pilot_city_id"].value() is None and \
                self.programme_options is not None:
            found = programmes.pilot_city_suggestion(
                self.programme_options.pilot_cities, city, self.fields["address_zh"].value())
        self.pilot_suggestion.show_suggestion(found)

    def _accept_pilot_city(self, city_id: int) -> None:
        pilot = self.fields["pilot_city_id"]
        pilot.set_value(city_id)
        pilot.edited.emit()  # the user's change: the form becomes dirty and checks it
        pilot.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh_computed(self) -> None:
        """After the form put values in (a record or blanks): the computed values again, and
        no pilot-city proposal (only a city the user picks gets one)."""
        self.update_hints()
        self.update_size_class()
        self._offer_city = None
        self.update_pilot_suggestion()

    def update_hints(self) -> None:
        """Echo amounts in 万元 (Chinese) or millions (English) as they are typed; nothing
        when the field already shows the amount so (590万元 needs no ≈ 590万元 beside it)."""
        tr = self._tr()
        for name, label in self.hints.items():
            field = self.fields[name]
            try:
                fen = field.value()
            except ValidationError:
                fen = None
            short = "" if fen is None else fmt.format_amount_short(fen, tr)
            label.setText("" if not short or short == field.text() else "≈ " + short)

    def size_inputs(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in SIZE_INPUTS:
            try:
                values[name] = self.fields[name].value()
            except ValidationError:
                values[name] = None
        return values

    def update_size_class(self) -> None:
        """Work out the size class from what is typed now (shown read-only)."""
        tr = self._tr()
        _ = tr.gettext
        values = self.size_inputs()
        reasons: list[str] = []
        result: str | None = None
        if not values["industry"]:
            reasons.append(_("Choose the industry to work out the size class."))
        else:
            try:
                result = rules.size_class(
                    values["industry"], employees=values["employees"],
                    revenue_cny=_yuan(values["revenue_fen"]),
                    assets_cny=_yuan(values["total_assets_fen"]))
            except ValidationError as exc:
                reasons.extend(e.render(tr) for e in exc.errors)
        self.size_class = result
        self.size_value.setText(rules.size_class_label(result, tr.language) if result
                                else _("Unknown"))
        self.size_hint.setText(" ".join(reasons) if reasons else
                               _("Worked out from the figures above under the SME size standard."))
        standard = rules.standard()  # its official title, not the data file's version id
        self.size_hint.setToolTip(standard["title_zh"] if tr.language == "zh_CN"
                                  else standard["title_en"])


def _yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else Decimal(fen).scaleb(-2)
