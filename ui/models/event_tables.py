"""Qt table models of the events screen: the event list (with its filter) and the
participants of one event."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt

from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.i18n.formatting import format_amount, format_amount_short, format_date
from coop_desktop.models import LABELS, EventRead, ZoneRead
from ui.models.row_table import ID_ROLE, SEARCH_ROLE, SORT_ROLE, AnyIndex, RowTableModel
from ui.widgets.bilingual_fields import bilingual, country_label


def date_range(ev: EventRead, tr: Translator) -> str:
    start = format_date(ev.starts_on, tr)
    if not ev.ends_on or ev.ends_on == ev.starts_on:
        return start
    return tr.gettext("{start} – {end}").format(start=start, end=format_date(ev.ends_on, tr))


class EventTableModel(RowTableModel):
    COLUMNS = (N_("Name"), N_("Kind"), N_("Dates"), N_("Place"), N_("Partner country"),
               N_("Cooperation zone"))

    def __init__(self, tr: Translator, parent: QObject | None = None) -> None:
        super().__init__(tr, parent)
        self.zones: dict[int, ZoneRead] = {}

    def cell(self, ev: EventRead, column: int, role: int) -> Any:
        tr = self.translator
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                names = bilingual(tr, ev.name_zh, ev.name_en)
                return names[0] if role == Qt.ItemDataRole.DisplayRole else "\n".join(
                    x for x in names if x)
            if column == 1:
                return tr.gettext(LABELS[ev.kind]) if ev.kind in LABELS else ev.kind
            if column == 2:
                return date_range(ev, tr)
            if column == 3:
                return bilingual(tr, ev.place_zh, ev.place_en)[0]
            if column == 4:
                return country_label(ev.partner_country, tr) if ev.partner_country else ""
            zone = self.zones.get(ev.zone_id) if ev.zone_id is not None else None
            if zone is None:
                return f"#{ev.zone_id}" if ev.zone_id is not None else ""
            return bilingual(tr, zone.name_zh, zone.name_en)[0]
        if role == SORT_ROLE:
            if column == 2:
                return f"{ev.starts_on.isoformat()}:{ev.id:09d}"
            return self.cell(ev, column, Qt.ItemDataRole.DisplayRole)
        if role == ID_ROLE:
            return ev.id
        if role == SEARCH_ROLE:
            zone = self.zones.get(ev.zone_id) if ev.zone_id is not None else None
            parts = [ev.name_zh, ev.name_en, ev.place_zh, ev.place_en, ev.partner_country,
                     country_label(ev.partner_country, tr) if ev.partner_country else "",
                     zone.name_zh if zone else "", zone.name_en if zone else "", ev.notes]
            return " ".join(p for p in parts if p)
        return None


class EventFilter(QSortFilterProxyModel):
    """Text (any language's names, places, countries) and kind."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kind: str | None = None
        self.setFilterRole(SEARCH_ROLE)
        self.setFilterKeyColumn(0)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortRole(SORT_ROLE)

    def set_kind(self, kind: str | None) -> None:
        self.beginFilterChange()
        self.kind = kind
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: AnyIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        if self.kind and isinstance(model, EventTableModel) and model.rows[row].kind != self.kind:
            return False
        return super().filterAcceptsRow(row, parent)


class ParticipantTableModel(RowTableModel):
    """Rows are ``(ParticipationRead, EnterpriseSummary | None)``."""

    COLUMNS = (N_("Enterprise"), N_("Contacts made"), N_("Agreements"), N_("Amount"),
               N_("Outcome"))

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """"Contacts made" is headed "Contacts" (its whole name in the tooltip): beside the
        event form on a 1024 px screen every pixel of the panel counts."""
        if orientation == Qt.Orientation.Horizontal and section == 1:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.translator.pgettext("participants column, short", "Contacts")
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.translator.gettext(self.COLUMNS[1])
        return super().headerData(section, orientation, role)

    def cell(self, row: Any, column: int, role: int) -> Any:
        part, firm = row
        tr = self.translator
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return bilingual(tr, firm.name_zh, firm.name_en)[0] if firm else \
                    f"#{part.enterprise_id}"
            if column in (1, 2):
                value = part.contacts_made if column == 1 else part.agreements
                return "" if value is None else str(value)
            if column == 3:
                return "" if part.amount_fen is None else format_amount_short(part.amount_fen, tr)
            return (part.outcome or "").replace("\n", " ")
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0 and firm:
                return "\n".join(x for x in (*bilingual(tr, firm.name_zh, firm.name_en),
                                             firm.uscc) if x)
            if column == 3 and part.amount_fen is not None:
                return format_amount(part.amount_fen, tr)
            if column == 4:
                return part.outcome or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return part.id
        return None
