"""The table of the SRDI report dialog (:mod:`ui.widgets.srdi_report_dialog`): the report's
rows filtered by tier and outcome and sorted, without copying them (150,000 rows: a list of
indices), each tier's outcome coloured, and what is short or missing for the tier chosen
(else for the first tier the enterprise does not pass)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from coop_desktop.rules.srdi_results import CANNOT_TELL, FAIL, PASS, TIERS
from coop_desktop.services import srdi_report
from coop_desktop.services.srdi_report_text import ReportText

COLOURS = {PASS: "#1e7b34", FAIL: "#b3261e", CANNOT_TELL: "#6b6b6b"}


class ReportModel(QAbstractTableModel):
    """The report's rows, filtered by tier and outcome and sorted, without copying them."""

    BASE = ("name_zh", "uscc", "province", "year")

    def __init__(self, text: ReportText, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text = text
        self.report: srdi_report.SrdiReport | None = None
        self.shown: list[int] = []
        self.tier: str | None = None
        self.outcome: str | None = None
        self._sort: tuple[int, bool] | None = None

    # the data
    def set_report(self, report: srdi_report.SrdiReport | None) -> None:
        self.beginResetModel()
        self.report = report
        self._sort = None
        self._refilter()
        self.endResetModel()

    def set_filter(self, tier: str | None, outcome: str | None) -> None:
        self.beginResetModel()
        self.tier, self.outcome = tier, outcome
        self._refilter()
        self.endResetModel()

    def _refilter(self) -> None:
        report = self.report
        if report is None:
            self.shown = []
            return
        rows = report.rows
        if self.outcome is None:
            self.shown = list(range(len(rows)))
        else:
            tiers = [TIERS.index(self.tier)] if self.tier else list(range(len(TIERS)))
            self.shown = [i for i, r in enumerate(rows)
                          if any(r.tiers[t].outcome == self.outcome for t in tiers)]
        if self._sort is not None:
            self._apply_sort(*self._sort)

    def row_at(self, index: int) -> Any:
        assert self.report is not None
        return self.report.rows[self.shown[index]]

    def retranslate(self, text: ReportText) -> None:
        self.beginResetModel()
        self.text = text
        self.endResetModel()

    # Qt
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.BASE) + len(TIERS) + 1

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        text = self.text
        if section < len(self.BASE):
            return text.column(self.BASE[section])
        if section < len(self.BASE) + len(TIERS):
            return text.tier_short(TIERS[section - len(self.BASE)])
        return text.tr.gettext("What is short or missing")

    def _short_tier(self, row: Any) -> int | None:
        """The tier whose shortfalls the last column shows: the chosen tier, else the first
        one the enterprise does not pass."""
        if self.tier is not None:
            return TIERS.index(self.tier)
        return next((i for i, s in enumerate(row.tiers) if s.outcome != PASS), None)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        column = index.column()
        text = self.text
        base = len(self.BASE)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.name_zh
            if column == 1:
                return row.uscc or ""
            if column == 2:
                return text.province(row.province_code)
            if column == 3:
                return "" if row.year is None else str(row.year)
            if column < base + len(TIERS):
                summary = row.tiers[column - base]
                score = text.score(summary)
                label = text.outcome(summary.outcome)
                return f"{label} · {score}" if score else label
            tier = self._short_tier(row)
            return "" if tier is None else text.short(row.tiers[tier])
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return "\n".join(n for n in (row.name_zh, row.name_en) if n)
            if column == base + len(TIERS):
                tier = self._short_tier(row)
                return None if tier is None else (
                    f"{text.tier(TIERS[tier])}{text.colon}{text.short(row.tiers[tier])}")
            return None
        if role == Qt.ItemDataRole.ForegroundRole and base <= column < base + len(TIERS):
            return QBrush(QColor(COLOURS[row.tiers[column - base].outcome]))
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.report is None or column < 0:
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        self._apply_sort(*self._sort)
        self.layoutChanged.emit()

    def _apply_sort(self, column: int, descending: bool) -> None:
        """Names, USCC, province and year as they read; a tier by outcome (qualifies, cannot
        tell, does not), then by score, highest first; the last column by the tier shown."""
        assert self.report is not None
        rows = self.report.rows
        rank = {PASS: 0, CANNOT_TELL: 1, FAIL: 2}

        def tier_key(t: int) -> Any:
            def key(i: int) -> Any:
                summary = rows[i].tiers[t]
                return (rank[summary.outcome], -(summary.score[1] if summary.score else 0))
            return key

        keys = [lambda i: rows[i].name_zh, lambda i: rows[i].uscc or "",
                lambda i: rows[i].province_code or "", lambda i: rows[i].year or 0,
                *(tier_key(t) for t in range(len(TIERS))),
                lambda i: -1 if (t := self._short_tier(rows[i])) is None else t]
        if 0 <= column < len(keys):
            self.shown.sort(key=keys[column], reverse=descending)


__all__ = ["COLOURS", "ReportModel"]
