"""The enterprise's audit history: when, who, which field, old → new (read-only).

The audit trail stores values as text (``coop_desktop.services.audit.to_text``); here they
are shown the way the form shows them — money formatted, codes named, enums labelled —
and field names are translated.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QLabel, QStackedWidget, QTableView, QVBoxLayout, QWidget,
)

from coop_desktop import rules
from coop_desktop.i18n import formatting as fmt
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.models import LABELS, AuditAction, AuditEntryRead
from coop_desktop.reference import countries, regions
from coop_desktop.services.programmes import Kind, ProgrammeOptions
from ui.widgets.enterprise_sections import FIELD_LABELS, MONEY_FIELDS
from ui.widgets.related_tables import Column, RelatedData, RowsModel

ACTION_LABELS = {
    AuditAction.CREATE: N_("Record created"),
    AuditAction.UPDATE: N_("Record changed"),
    AuditAction.DELETE: N_("Moved to the recycle bin"),
    AuditAction.RESTORE: N_("Restored from the recycle bin"),
    AuditAction.PURGE: N_("Deleted for good"),
}


def _list(text: str) -> list[str]:
    try:
        items = json.loads(text)
    except ValueError:
        return [text]
    return [str(x) for x in items] if isinstance(items, list) else [text]


#: Audited link fields and the kind of ``ProgrammeOptions`` item their id names.
PROGRAMME_FIELDS: dict[str, Kind] = {"cluster_id": "cluster", "pilot_city_id": "pilot_city"}


def audit_value(name: str | None, text: str | None, tr: Translator,
                programmes: ProgrammeOptions | None = None) -> str:
    """One audited value as the form would show it (falls back to the stored text).
    ``programmes`` names the SME cluster or pilot city a link's id stands for."""
    if text is None or text == "":
        return "—"
    lang = tr.language
    if name in PROGRAMME_FIELDS:
        found = programmes.find(PROGRAMME_FIELDS[name], int(text)) \
            if programmes is not None and text.isdigit() else None
        return found.name(lang) if found is not None else f"#{text}"
    try:
        if name in MONEY_FIELDS:
            return fmt.format_amount(int(text), tr)
        if name == "established_on":
            return fmt.format_date(date.fromisoformat(text), tr)
        if name == "main_business_share":
            share = Decimal(text)
            places = min(2, max(0, -int(share.normalize().as_tuple().exponent)))
            return fmt.format_percent(share, tr, places)
        if name in ("employees", "rd_staff"):
            return fmt.format_number(int(text), tr)
        if name == "industry":
            return rules.industry_label(text, lang)
        if name == "size_class":
            return rules.size_class_label(text, lang)
        if name in ("province_code", "city_code"):
            region = regions.lookup(text)
            return region.name(lang) if region else text
        if name == "legal_form":
            return tr.gettext(LABELS[text]) if text in LABELS else text
        if name == "digitalisation_level":
            return tr.gettext("Level {level}").format(level=text)
        if name in ("export_markets", "target_countries"):
            sep = "、" if lang == "zh_CN" else ", "
            return sep.join(countries.country_name(c, lang) if countries.is_country(c) else c
                            for c in _list(text)) or "—"
        if name == "tags":
            return ", ".join(_list(text)) or "—"
    except (ValueError, KeyError, InvalidOperation):
        return text
    return text


def _field(row: AuditEntryRead, tr: Translator, data: RelatedData) -> str:
    if row.field is None:
        msgid = ACTION_LABELS.get(AuditAction(row.action)) if row.action in set(AuditAction) \
            else None
        return tr.gettext(msgid) if msgid else row.action
    msgid = FIELD_LABELS.get(row.field)
    return tr.gettext(msgid) if msgid else row.field


def _change(row: AuditEntryRead, tr: Translator, data: RelatedData,
            programmes: ProgrammeOptions | None = None) -> str:
    if row.field is None:
        return ""
    new = audit_value(row.field, row.new_value, tr, programmes)
    if row.action == AuditAction.CREATE:
        return new
    return f"{audit_value(row.field, row.old_value, tr, programmes)} → {new}"


HISTORY_COLUMNS = (
    Column(N_("When"), lambda r, tr, d: fmt.format_datetime(r.at, tr)),
    Column(N_("Who"), lambda r, tr, d: r.actor),
    Column(N_("Field"), _field),
    Column(N_("Change"), _change),
)


class HistoryPanel(QWidget):
    """Newest first, as ``enterprises.history`` returns it."""

    def __init__(self, tr: Callable[[], Translator], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self.programmes: ProgrammeOptions | None = None
        columns = (*HISTORY_COLUMNS[:-1], Column(HISTORY_COLUMNS[-1].header, lambda r, t, d:
                                                 _change(r, t, d, self.programmes)))
        self.model = RowsModel(columns, tr, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.stack)
        self.entries: list[AuditEntryRead] = []
        self.retranslate()

    def set_entries(self, entries: list[AuditEntryRead]) -> None:
        self.entries = list(entries)
        self.model.set_rows(self.entries, RelatedData())
        self._fit_columns()
        self.stack.setCurrentWidget(self.table if self.entries else self.empty)

    def _fit_columns(self) -> None:
        if self.entries:
            for column in range(3):
                self.table.resizeColumnToContents(column)
                self.table.setColumnWidth(column, min(self.table.columnWidth(column), 220))

    def rows_text(self) -> list[list[str]]:
        """What the table shows, row by row (for tests and copying)."""
        return [[self.model.data(self.model.index(r, c)) for c in range(self.model.columnCount())]
                for r in range(self.model.rowCount())]

    def set_programme_options(self, options: ProgrammeOptions) -> None:
        """Name the SME clusters and pilot cities in link changes (ids otherwise)."""
        self.programmes = options
        self.model.retranslate()

    def retranslate(self) -> None:
        self.empty.setText(self._tr().gettext("No changes recorded yet."))
        self.model.retranslate()
        self._fit_columns()
