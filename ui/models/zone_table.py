"""The cooperation-zone list as a Qt table model (every live zone; a few hundred at most)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.models import LABELS, ZoneBatch, ZoneRead
from coop_desktop.services.programmes import is_unverified
from ui.models.row_table import ID_ROLE, SEARCH_ROLE, SORT_ROLE, RowTableModel
from ui.widgets.bilingual_fields import bilingual, is_zh, partners_text
from ui.widgets.programme_fields import MSG_UNVERIFIED
from ui.widgets.zone_form import MSG_UNVERIFIED_TIP


def place(tr: Translator, province_zh: str | None, province_en: str | None, city_zh: str | None,
          city_en: str | None) -> str:
    if is_zh(tr):
        return "".join(x for x in (province_zh, city_zh) if x) or ", ".join(
            x for x in (city_en, province_en) if x)
    return ", ".join(x for x in (city_en, province_en) if x) or "".join(
        x for x in (province_zh, city_zh) if x)


class ZoneTableModel(RowTableModel):
    """All live zones (a few hundred at most, so all rows are held)."""

    COLUMNS = (N_("Name"), N_("Partner countries"), N_("Province / city"), N_("Batch"),
               N_("Recognised"), N_("Valid until"))

    def row_of(self, zone_id: int | None) -> int:
        return next((i for i, z in enumerate(self.rows) if z.id == zone_id), -1)

    def cell(self, zone: ZoneRead, column: int, role: int) -> Any:
        tr = self.translator
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(zone, column)
        if role == SORT_ROLE:
            if column in (4, 5):
                return (zone.recognised_year if column == 4 else zone.valid_until_year) or 0
            return self._display(zone, column)
        if role == ID_ROLE:
            return zone.id
        if role == SEARCH_ROLE:
            parts = [zone.name_zh, zone.name_en, zone.partner_label_zh, zone.partner_label_en,
                     *zone.partner_countries, partners_text(zone, tr), zone.province_zh,
                     zone.province_en, zone.city_zh, zone.city_en]
            return " ".join(p for p in parts if p)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                lines = [x for x in bilingual(tr, zone.name_zh, zone.name_en) if x]
                if is_unverified(zone.confidence):  # the research label itself stays out
                    lines.append(tr.gettext(MSG_UNVERIFIED_TIP))
                return "\n".join(lines)
            if column in (1, 2):
                return self._display(zone, column) or None
            if column == 3 and zone.batch in LABELS:
                return tr.gettext(LABELS[zone.batch])
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (4, 5):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def batch_label(self, batch: str | None) -> str:
        """Short batch names for the narrow column (the form shows the full label)."""
        if batch == ZoneBatch.LEGACY:
            return self.translator.pgettext("zone batch, short", "2012–2024")
        if batch == ZoneBatch.LIST_2025:
            return self.translator.pgettext("zone batch, short", "2025 list")
        return batch or ""

    def _display(self, zone: ZoneRead, column: int) -> str:
        tr = self.translator
        if column == 0:
            name = bilingual(tr, zone.name_zh, zone.name_en)[0]
            return tr.gettext(MSG_UNVERIFIED).format(name=name) if is_unverified(
                zone.confidence) else name
        if column == 1:
            return partners_text(zone, tr)
        if column == 2:
            return place(tr, zone.province_zh, zone.province_en, zone.city_zh, zone.city_en)
        if column == 3:
            return self.batch_label(zone.batch)
        year = zone.recognised_year if column == 4 else zone.valid_until_year
        return str(year) if year else "—"
