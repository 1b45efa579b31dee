"""The SRDI assessment tab of the enterprise page: for each tier, qualifies / does not /
cannot tell, and why — the conditions, the evaluation score per indicator with its band,
and what to improve or to record. Computed on the DB lane from the record
(:mod:`coop_desktop.services.srdi_assess`), never stored."""

from __future__ import annotations

import html
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
    QWidget,
)

from coop_desktop.i18n import formatting as fmt
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.rules import srdi
from coop_desktop.rules.srdi_results import (
    CANNOT_TELL, FAIL, PASS, ConditionResult, DimensionScore, IndicatorScore, TierResult,
)
from coop_desktop.rules.srdi_text import OUTCOME_LABELS, TIER_LABELS
from coop_desktop.services import srdi_assess
from coop_desktop.services.srdi_assess import EnterpriseAssessment
from ui.context import AppContext
from ui.widgets.elide import elide_combo

#: (foreground, background) per outcome; the mark says it without colour too.
COLORS = {PASS: ("#1b5e20", "#e8f5e9"), FAIL: ("#b3261e", "#fdecea"),
          CANNOT_TELL: ("#7a4a00", "#fff3d6")}
MARKS = {PASS: "✔", FAIL: "✘", CANNOT_TELL: "?"}
#: A condition is met or not; a tier qualifies or not (OUTCOME_LABELS).
CONDITION_LABELS = {PASS: N_("Met"), FAIL: N_("Not met"), CANNOT_TELL: N_("Cannot tell")}


def _points(value: Any, tr: Translator) -> str:
    return fmt.format_number(value, tr.language) if value is not None else ""


def _range(low: Any, high: Any, tr: Translator) -> str:
    if low == high:
        return _points(low, tr)
    return f"{_points(low, tr)}–{_points(high, tr)}"


class AssessmentPanel(QWidget):
    """Shows an enterprise's assessment; ``set_enterprise`` (re)computes it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("assessmentPanel")
        self.enterprise_id: int | None = None
        self.result: EnterpriseAssessment | None = None
        self._generation = 0
        self.version_label = QLabel(self)
        self.version = QComboBox(self)
        self.version.setObjectName("criteriaVersion")
        # long official titles must not set the form's width (the pane may be narrow)
        self.version.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.version.setMinimumContentsLength(16)
        elide_combo(self.version)  # "…" and the whole title in the tooltip when narrow
        self.version.currentIndexChanged.connect(lambda _i: self.refresh())
        self.basis = QLabel(self)
        self.basis.setObjectName("assessmentBasis")
        self.basis.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setObjectName("assessmentSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("assessmentTree")
        self.tree.setColumnCount(3)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.note = QLabel(self)
        self.note.setObjectName("assessmentNote")
        self.note.setWordWrap(True)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        top = QHBoxLayout()
        top.addWidget(self.version_label)
        top.addWidget(self.version, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.basis)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.note)
        self._fill_versions()
        self.retranslate()

    # ------------------------------------------------------------------ texts
    def _fill_versions(self) -> None:
        default = srdi_assess.default_version()
        self.version.blockSignals(True)
        self.version.clear()
        for info in srdi.versions():
            self.version.addItem(info.document, info.id)
        self.version.setCurrentIndex(max(0, self.version.findData(default)))
        self.version.blockSignals(False)

    def retranslate(self) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        zh = tr.language == "zh_CN"
        self.version_label.setText(_("Criteria:"))
        for i, info in enumerate(srdi.versions()):
            today = date.today()
            in_force = (info.in_force_from is not None and info.in_force_from <= today and
                        (info.in_force_until is None or today <= info.in_force_until))
            title = info.title_zh if zh else info.title_en
            self.version.setItemText(i, title + (_(" (in force)") if in_force else ""))
            self.version.setItemData(i, title, Qt.ItemDataRole.ToolTipRole)
        self.tree.setHeaderLabels([_("Condition or indicator"), _("Result"), _("Points")])
        self._show()

    # ------------------------------------------------------------------ data
    def set_enterprise(self, enterprise_id: int | None) -> None:
        """Show this enterprise; computed now if the tab is showing, else when it is shown."""
        self.enterprise_id = enterprise_id
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if getattr(self, "_stale", True):
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        self._generation += 1
        generation = self._generation
        if self.enterprise_id is None:
            self.result = None
            self._show()
            return
        version = self.version.currentData()
        self.ctx.runner.run(
            partial(srdi_assess.assess_enterprise, self.ctx.db, self.enterprise_id,
                    version=version),
            on_success=lambda result: self._loaded(generation, result), parent=self)

    def _loaded(self, generation: int, result: EnterpriseAssessment) -> None:
        if generation == self._generation:
            self.result = result
            self._show()

    # ------------------------------------------------------------------ showing
    def _show(self) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        self.tree.clear()
        note = _("An indication from the figures recorded here, not a decision: the authority "
                 "checks the application and the evidence. Conditions this tool cannot check "
                 "(compliance, governance) are listed.")
        info = next((v for v in srdi.versions() if v.id == self.version.currentData()), None)
        if info is not None and info.confidence != "C":
            note += " " + _("These criteria were compiled from published reports and not yet "
                            "checked against the original text.")
        self.note.setText(note)
        result = self.result
        if result is None or result.enterprise_id != self.enterprise_id:
            self.basis.setText(_("Save the enterprise first; then it can be assessed.")
                               if self.enterprise_id is None else _("Assessing…"))
            self.summary.setText("")
            return
        if result.year_used is None:
            self.basis.setText(_("No complete year of figures (operating revenue and R&D "
                                 "expense) is recorded: add them on the Yearly figures tab."))
        else:
            years = "、".join(str(y) for y in result.years_considered) if tr.language == "zh_CN" \
                else ", ".join(str(y) for y in result.years_considered)
            self.basis.setText(_("Based on the figures of {year} (years read: {years}), the size "
                                 "class and the titles valid today.").format(
                                     year=result.year_used, years=years))
        parts = []
        for tier in result.assessment.tiers.values():
            fg, bg = COLORS[tier.outcome]
            text = _("{tier}: {outcome}").format(tier=_(TIER_LABELS[tier.tier]),
                                                 outcome=_(OUTCOME_LABELS[tier.outcome]))
            parts.append(f'<span style="color:{fg}; background:{bg}">&nbsp;{MARKS[tier.outcome]} '
                         f'{html.escape(text)}&nbsp;</span>')
        self.summary.setText("&nbsp;&nbsp;".join(parts))
        for tier in result.assessment.tiers.values():
            self._tier_item(tier, tr)

    def _outcome_item(self, item: QTreeWidgetItem, outcome: str, tr: Translator, *,
                      tier: bool = False) -> None:
        fg, bg = COLORS[outcome]
        labels = OUTCOME_LABELS if tier else CONDITION_LABELS
        item.setText(1, f"{MARKS[outcome]} {tr.gettext(labels[outcome])}")
        item.setForeground(1, QBrush(QColor(fg)))
        item.setBackground(1, QBrush(QColor(bg)))

    def _tier_item(self, tier: TierResult, tr: Translator) -> None:
        _ = tr.gettext
        item = QTreeWidgetItem(self.tree, [_(TIER_LABELS[tier.tier]), "", ""])
        item.setData(0, Qt.ItemDataRole.UserRole, tier.tier)
        bold = QFont(item.font(0))
        bold.setBold(True)
        item.setFont(0, bold)
        self._outcome_item(item, tier.outcome, tr, tier=True)
        if tier.score is not None:
            item.setText(2, _range(tier.score.total_min, tier.score.total_max, tr))
        if tier.shortfalls:
            heading = _("What is short") if tier.outcome == FAIL else _("What is missing")
            todo = QTreeWidgetItem(item, [heading, "", ""])
            todo.setFont(0, bold)
            for text in tier.shortfalls:
                QTreeWidgetItem(todo, [text.render(tr), "", ""])
            todo.setExpanded(True)
        for condition in tier.conditions:
            self._condition_item(item, condition, tr)
        if tier.score is not None:
            score = QTreeWidgetItem(item, [
                _("Evaluation score (pass mark {mark})").format(mark=tier.score.pass_mark)
                if tier.score.pass_mark is not None else _("Evaluation score"), "",
                _range(tier.score.total_min, tier.score.total_max, tr)
                + " / " + _points(tier.score.max_points, tr)])
            for dimension in tier.score.dimensions:
                self._dimension_item(score, dimension, tr)
        if tier.not_assessed:
            checked = QTreeWidgetItem(item, [_("Checked by the authority, not here"), "", ""])
            for text in tier.not_assessed:
                QTreeWidgetItem(checked, [text.render(tr), "", ""])
        item.setExpanded(True)

    def _condition_item(self, parent: QTreeWidgetItem, condition: ConditionResult,
                        tr: Translator) -> None:
        text = condition.title.render(tr)
        if condition.detail is not None and condition.outcome != PASS:
            text += "\n" + condition.detail.render(tr)
        item = QTreeWidgetItem(parent, [text, "", ""])
        item.setToolTip(0, text)
        self._outcome_item(item, condition.outcome, tr)
        for child in condition.children:
            self._condition_item(item, child, tr)
        item.setExpanded(condition.outcome != PASS)

    def _dimension_item(self, parent: QTreeWidgetItem, dimension: DimensionScore,
                        tr: Translator) -> None:
        _ = tr.gettext
        text = dimension.title.render(tr)
        if dimension.minimum is not None:
            text += " " + _("(at least {points})").format(points=dimension.minimum)
        item = QTreeWidgetItem(parent, [text, "", _range(dimension.points_min,
                                                         dimension.points_max, tr)
                                        + " / " + _points(dimension.max_points, tr)])
        for indicator in dimension.indicators:
            self._indicator_item(item, indicator, tr)

    def _indicator_item(self, parent: QTreeWidgetItem, indicator: IndicatorScore,
                        tr: Translator) -> None:
        _ = tr.gettext
        text = indicator.title.render(tr)
        if indicator.band_title is not None:
            text += "\n" + _("Band: {band}").format(band=indicator.band_title.render(tr))
        elif indicator.missing:
            text += "\n" + _("Not recorded yet")
        points = (_points(indicator.points, tr) if indicator.points is not None
                  else _range(indicator.points_min, indicator.points_max, tr))
        item = QTreeWidgetItem(parent, [text, "", points + " / "
                                        + _points(indicator.max_points, tr)])
        item.setToolTip(0, text)
