"""The yearly figures of an enterprise (what the SRDI assessment reads): the dialog's
fields in groups, and the two editors it needs beyond the usual ones — a yes/no/unknown
choice and a set of check boxes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget

from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.models.srdi import (
    HONOURS, LEADING_PRODUCT_FIELDS, MAKER_IN_CHINA, QUALITY_ITEMS, RD_INSTITUTION_LEVELS,
    ST_AWARDS,
)
from coop_desktop.rules.srdi_text import CODE_LABELS as SRDI_CODE_LABELS
from coop_desktop.services.srdi_years import years
from ui.widgets.form_fields import ComboField, IntegerField, MoneyField, PercentField, TextField
from ui.widgets.record_dialogs import DialogSpec, FieldSpec, TrGetter

#: Labels of the codes the figures use (msgids): the rules' own (what the assessment
#: says) and the award ranks only this form asks for.
CODE_LABELS: dict[str, str] = {
    **SRDI_CODE_LABELS,
    "national_top3": N_("National award (top 3)"),
    "national_top5": N_("National award (4th or 5th)"),
    "provincial_top3": N_("Provincial award (top 3)"),
    "top50": N_("National top 50"),
    "top500": N_("Top 500"),
}
#: st_award: "national" means a national award outside the top 3.
_ST_LABELS = {"national": N_("National award (below the top 5)"),
              "provincial": N_("Provincial award (below the top 3)")}


def code_label(field: str, code: str) -> str:
    if field == "st_award" and code in _ST_LABELS:
        return _ST_LABELS[code]
    return CODE_LABELS.get(code, code)


class BoolField(ComboField):
    """Yes / No / — (not known): a fact nobody recorded is not a "no"."""

    def __init__(self, field: str, tr: TrGetter) -> None:
        super().__init__(field, nullable=True)
        self._tr = tr

    def refresh(self) -> None:
        _ = self._tr().gettext
        self.set_items([(True, _("Yes")), (False, _("No"))], none_text=_("Not known"))


class CodeChoiceField(ComboField):
    def __init__(self, field: str, tr: TrGetter, codes: Sequence[str]) -> None:
        super().__init__(field, nullable=True)
        self._tr, self.codes = tr, tuple(codes)

    def refresh(self) -> None:
        _ = self._tr().gettext
        self.set_items([(c, _(code_label(self.field, c))) for c in self.codes],
                       none_text=_("Not known"))


class CheckListField(QWidget):
    """A set of codes as check boxes (two columns); it takes a whole row of the dialog."""

    edited = Signal()
    wide = True

    def __init__(self, field: str, tr: TrGetter, codes: Sequence[str]) -> None:
        super().__init__()
        self.field, self._tr, self.codes = field, tr, tuple(codes)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for i, code in enumerate(self.codes):
            box = QCheckBox(self)
            box.toggled.connect(partial(self._toggled, code))
            grid.addWidget(box, i // 2, i % 2)
            self.boxes[code] = box
        self._quiet = False

    def _toggled(self, _code: str, _on: bool) -> None:
        if not self._quiet:
            self.edited.emit()

    def value(self) -> list[str]:
        return [c for c, box in self.boxes.items() if box.isChecked()]

    def raw(self) -> str:
        return ",".join(self.value())

    def set_value(self, value: Any) -> None:
        self._quiet = True
        try:
            chosen = set(value or [])
            for code, box in self.boxes.items():
                box.setChecked(code in chosen)
        finally:
            self._quiet = False

    def refresh(self) -> None:
        _ = self._tr().gettext
        for code, box in self.boxes.items():
            box.setText(_(code_label(self.field, code)))


class YearField(IntegerField):
    """A year: four digits, never grouped ("2025", not "2,025")."""

    def display_text(self, value: int) -> str:
        return str(value)


#: Company figures as officers read them: every money field is (23,800万元 in Chinese, typed
#: as 23800万 or in yuan; CNY 238 million in English; edited in 万 when that is exact).
WanMoneyField = MoneyField


def _money(name: str):  # noqa: ANN202 - a field maker
    return lambda tr: WanMoneyField(name, tr)


def _int(name: str):  # noqa: ANN202
    return lambda tr: IntegerField(name, tr)


def _choice(name: str, codes: Sequence[str]):  # noqa: ANN202
    return lambda tr: CodeChoiceField(name, tr, codes)


def _bool(name: str):  # noqa: ANN202
    return lambda tr: BoolField(name, tr)


def _checks(name: str, codes: Sequence[str]):  # noqa: ANN202
    return lambda tr: CheckListField(name, tr, codes)


class NotesField(TextField):
    """The notes, across the whole row."""

    wide = True


def _options(f: dict[str, Any], tr: Translator, extra: Any) -> None:
    for editor in f.values():
        if isinstance(editor, BoolField | CodeChoiceField | CheckListField):
            editor.refresh()


YEAR_FIELDS = (
    FieldSpec("year", N_("Year"), lambda tr: YearField("year", tr)),
    FieldSpec("operating_revenue_fen", N_("Operating revenue"), _money("operating_revenue_fen")),
    FieldSpec("main_business_revenue_fen", N_("Main-business revenue"),
              _money("main_business_revenue_fen")),
    FieldSpec("net_profit_fen", N_("Net profit"), _money("net_profit_fen")),
    FieldSpec("total_assets_fen", N_("Total assets"), _money("total_assets_fen")),
    FieldSpec("total_liabilities_fen", N_("Total liabilities"), _money("total_liabilities_fen")),
    FieldSpec("equity_financing_fen", N_("New equity financing (qualified investors)"),
              _money("equity_financing_fen")),
    FieldSpec("rd_expense_fen", N_("R&D expense"), _money("rd_expense_fen")),
    FieldSpec("employees", N_("Employees"), _int("employees")),
    FieldSpec("rd_staff", N_("R&D staff"), _int("rd_staff")),
    FieldSpec("rd_institution_level", N_("Own R&D institution"),
              _choice("rd_institution_level", RD_INSTITUTION_LEVELS)),
    FieldSpec("class1_ip", N_("Class I IP (valid, for the leading product)"), _int("class1_ip")),
    FieldSpec("class1_ip_self_developed", N_("Of which self-developed"),
              _int("class1_ip_self_developed")),
    FieldSpec("class1_ip_high_value", N_("Of which high-value"), _int("class1_ip_high_value")),
    FieldSpec("class1_ip_applied", N_("Of which applied with economic benefit"),
              _int("class1_ip_applied")),
    FieldSpec("class2_ip", N_("Class II IP"), _int("class2_ip")),
    FieldSpec("years_in_segment", N_("Years in the market segment"), _int("years_in_segment")),
    FieldSpec("domestic_market_share_pct", N_("Domestic market share (%)"),
              lambda tr: PercentField("domestic_market_share_pct", tr)),
    FieldSpec("leading_product_field", N_("Field of the leading product"),
              _choice("leading_product_field", LEADING_PRODUCT_FIELDS)),
    FieldSpec("leading_product_in_strategic_emerging_industry",
              N_("Leading product in a strategic emerging industry"),
              _bool("leading_product_in_strategic_emerging_industry")),
    FieldSpec("own_brand", N_("Own competitive brand"), _bool("own_brand")),
    FieldSpec("domestic_market_top3", N_("Leading product in the top 3 in China"),
              _bool("domestic_market_top3")),
    FieldSpec("leading_market_position", N_("Market share among the leaders of the segment"),
              _bool("leading_market_position")),
    FieldSpec("key_chain_link", N_("At a key link of the industrial chain"),
              _bool("key_chain_link")),
    FieldSpec("priority_field", N_("Leading product in a priority field"),
              _bool("priority_field")),
    FieldSpec("digitalisation_level", N_("Digitalisation level (1–4)"), _int("digitalisation_level")),
    FieldSpec("info_system_core_business", N_("Core business run on information systems"),
              _bool("info_system_core_business")),
    FieldSpec("management_certification", N_("Management-system or product certification"),
              _bool("management_certification")),
    FieldSpec("quality_items", N_("Quality"), _checks("quality_items", QUALITY_ITEMS)),
    FieldSpec("distinctiveness_points", N_("Distinctiveness points (province-set, 0–15)"),
              _int("distinctiveness_points")),
    FieldSpec("srdi_development_score", N_("SRDI development score (from the MIIT platform)"),
              _int("srdi_development_score")),
    FieldSpec("st_award", N_("Science and technology award this year"),
              _choice("st_award", ST_AWARDS)),
    FieldSpec("maker_in_china", N_("'Maker in China' competition this year"),
              _choice("maker_in_china", MAKER_IN_CHINA)),
    FieldSpec("valid_honours", N_("Valid honours"), _checks("valid_honours", HONOURS)),
    FieldSpec("notes", N_("Notes"), lambda tr: NotesField("notes", lines=2)),
)

YEAR_GROUPS = (
    (N_("Finance"), ("year", "operating_revenue_fen", "main_business_revenue_fen",
                     "net_profit_fen", "total_assets_fen", "total_liabilities_fen",
                     "equity_financing_fen")),
    (N_("Research and development"), ("rd_expense_fen", "employees", "rd_staff",
                                      "rd_institution_level", "class1_ip",
                                      "class1_ip_self_developed", "class1_ip_high_value",
                                      "class1_ip_applied", "class2_ip")),
    (N_("Market and product"), ("years_in_segment", "domestic_market_share_pct",
                                "leading_product_field",
                                "leading_product_in_strategic_emerging_industry", "own_brand",
                                "domestic_market_top3", "leading_market_position",
                                "key_chain_link", "priority_field")),
    (N_("Management and quality"), ("digitalisation_level", "info_system_core_business",
                                    "management_certification", "quality_items",
                                    "distinctiveness_points", "srdi_development_score")),
    (N_("Awards and honours"), ("st_award", "maker_in_china", "valid_honours")),
    (N_("Notes"), ("notes",)),
)

YEAR_DIALOG = DialogSpec(
    years, N_("Add yearly figures"), N_("Edit yearly figures"), YEAR_FIELDS,
    options=_options, groups=YEAR_GROUPS, fixed_on_edit=(), width=720,
    defaults=lambda: {"year": date.today().year - 1},
)
