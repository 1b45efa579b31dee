"""The SRDI assessment tab of the enterprise page: for each tier, qualifies / does not /
cannot tell, and why — the conditions, the evaluation score per indicator with its band,
and what to improve or to record. Computed on the DB lane from the record
(:mod:`coop_desktop.services.srdi_assess`), never stored.

Narrow panes (1024 px, zoomed in): the criteria are chosen by their document number
(工信部企业〔2026〕2号, the title whole in the tooltip and below the box); a tier's verdict
is a badge that moves to the next line whole; the conditions' column takes the width the
result and points leave and wraps its text (rows grow), so no criterion is cut.
"""

from __future__ import annotations

import re
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox, QFrame, QHBoxLayout, QHeaderView, QLabel, QScrollArea, QSizePolicy,
    QStyledItemDelegate, QStyleOptionViewItem, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
    QWidget,
)

from coop_desktop.i18n import formatting as fmt
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.models import LABELS, TitleTier
from coop_desktop.rules import srdi
from coop_desktop.rules.srdi_results import (
    CANNOT_TELL, FAIL, PASS, ConditionResult, DimensionScore, IndicatorScore, TierResult,
)
from coop_desktop.rules.srdi_text import OUTCOME_LABELS
from coop_desktop.services import srdi_assess
from coop_desktop.services.srdi_assess import EnterpriseAssessment
from ui.context import AppContext
from ui.widgets.elide import elide_combo
from ui.widgets.flow_layout import FlowLayout

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


def tier_name(tier: str, tr: Translator) -> str:
    """The tier's full official name, as the list, the titles and the home page name it."""
    return tr.gettext(LABELS[TitleTier(tier)])


def version_text(info: Any, tr: Translator, in_force: bool) -> str:
    """The criteria as the box shows them: the document number (工信部企业〔2026〕2号 /
    MIIT, No. 2 [2026]), "(in force)" for the one that applies today."""
    if tr.language == "zh_CN":
        number = info.document
    else:
        found = re.search(r"\(([^()]*)\)\s*$", info.title_en or "")
        number = found.group(1) if found else info.document
    return number + (tr.gettext(" (in force)") if in_force else "")


class WrapDelegate(QStyledItemDelegate):
    """Rows of the tree as tall as the first column's text needs at the column's width
    (Qt measures a wrapped text at no width at all: one line, the rest cut)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt API
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        if index.column() != 0:
            return hint
        depth, parent = 1, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self.tree.header().sectionSize(0) - self.tree.indentation() * depth - 10
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        box = item.fontMetrics.boundingRect(QRect(0, 0, max(width, 40), 100_000),
                                            int(Qt.TextFlag.TextWordWrap), item.text)
        return QSize(hint.width(), max(hint.height(), box.height() + 6))


class VerdictBadges(QWidget):
    """One badge per tier (mark, name, outcome), each moved to the next line whole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentSummary")
        self.flow = FlowLayout(self, spacing=6)
        self.badges: list[QLabel] = []
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # (the layout gives it the lines its badges need)
        self.setSizePolicy(policy)

    def set_badges(self, badges: list[tuple[str, str, str]]) -> None:
        """``(text, foreground, background)`` per badge."""
        while len(self.badges) < len(badges):
            label = QLabel(self)
            label.setObjectName("verdictBadge")
            label.setTextFormat(Qt.TextFormat.PlainText)
            self.flow.addWidget(label)
            self.badges.append(label)
        for i, label in enumerate(self.badges):
            label.setVisible(i < len(badges))
            if i < len(badges):
                text, fg, bg = badges[i]
                label.setText(text)
                label.setStyleSheet(f"QLabel {{ color: {fg}; background: {bg}; "
                                    "padding: 1px 4px; border-radius: 3px; }")
        self.updateGeometry()

    def text(self) -> str:
        return "  ".join(b.text() for b in self.badges if not b.isHidden())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return self.flow.heightForWidth(width)


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
        self.version.setMinimumContentsLength(12)
        elide_combo(self.version)  # (the numbers fit; "…" only if zoomed in far)
        self.version.currentIndexChanged.connect(lambda _i: self.refresh())
        self.version_title = QLabel(self)
        self.version_title.setObjectName("criteriaTitle")
        self.version_title.setWordWrap(True)
        self.version_title.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.basis = QLabel(self)
        self.basis.setObjectName("assessmentBasis")
        self.basis.setWordWrap(True)
        self.summary = VerdictBadges(self)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("assessmentTree")
        self.tree.setColumnCount(3)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setAlternatingRowColors(True)
        self.tree.setItemDelegate(WrapDelegate(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        # the conditions' column changed width (pane, zoom): rows measured again
        self._relayout = QTimer(self, singleShot=True, interval=0)
        self._relayout.timeout.connect(self.tree.doItemsLayout)
        header.sectionResized.connect(lambda *_a: self._relayout.start())
        self.note = QLabel(self)
        self.note.setObjectName("assessmentNote")
        self.note.setWordWrap(True)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        top = QHBoxLayout()
        top.addWidget(self.version_label)
        top.addWidget(self.version, 1)
        # In a pane too short for it all (1024×768 zoomed in) the tab scrolls down as a
        # whole and the tree keeps a few rows; never sideways.
        self.tree.setMinimumHeight(self.fontMetrics().height() * 8)
        inner = QWidget(objectName="assessmentContent")
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.version_title)
        layout.addWidget(self.basis)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.note)
        self.scroll = QScrollArea(self, objectName="assessmentScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
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
            self.version.setItemText(i, version_text(info, tr, in_force))
            self.version.setItemData(i, title, Qt.ItemDataRole.ToolTipRole)
        self._show_version_title()
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

    def _show_version_title(self) -> None:
        """The chosen criteria's whole title, under the box that names its number."""
        title = self.version.itemData(self.version.currentIndex(), Qt.ItemDataRole.ToolTipRole)
        self.version_title.setText(str(title or ""))

    def refresh(self) -> None:
        self._show_version_title()
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
            self.summary.set_badges([])
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
        badges = []
        for tier in result.assessment.tiers.values():
            fg, bg = COLORS[tier.outcome]
            text = _("{tier}: {outcome}").format(tier=tier_name(tier.tier, tr),
                                                 outcome=_(OUTCOME_LABELS[tier.outcome]))
            badges.append((f"{MARKS[tier.outcome]} {text}", fg, bg))
        self.summary.set_badges(badges)
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
        item = QTreeWidgetItem(self.tree, [tier_name(tier.tier, tr), "", ""])
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
