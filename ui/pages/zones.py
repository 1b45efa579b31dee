"""Cooperation zones: the list (shipped reference zones and the user's own), the detail
form, and the enterprises linked to the selected zone.

All database work goes through ``ctx.runner``/``ctx.mutate``; the list reloads whenever a
``Changes`` for zones, zone links or enterprises comes through ``ctx.hub``.

Under the list, one small line: the shipped list's own note when it is partial
(``reference.dataset_note("zones")``, in the UI language), cut to the width with the whole
note in its tooltip.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QGroupBox, QHeaderView, QLabel, QSizePolicy, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from coop_desktop.services.storage import Database
from coop_desktop.i18n.catalog import N_
from coop_desktop.i18n.formatting import format_date
from coop_desktop.models import LABELS, ZoneRead
from coop_desktop.services import enterprises, reference
from coop_desktop.services.catalog import zone_links, zones
from ui.models.zone_table import ZoneTableModel
from ui.pages.record_page import RecordPage
from ui.widgets.bilingual_fields import bilingual
from ui.widgets.zone_form import ZoneForm


class NoteLabel(QLabel):
    """One line of small, muted text, cut with "…" to the width it gets (never what sets
    the page's width); ``full`` is the whole text, also its tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full = ""
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.setFont(font)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def set_full_text(self, text: str) -> None:
        self.full = " ".join(text.split())
        self.setToolTip(text)
        self.setVisible(bool(text))
        self._elide()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self.full, Qt.TextElideMode.ElideRight,
                                              max(0, self.width()))
        if shown != self.text():
            self.setText(shown)


class ZonesPage(RecordPage):
    key = "zones"
    title_msgid = N_("Cooperation zones")
    LINK_COLUMNS = (N_("Enterprise"), N_("Status"), N_("Since"), N_("Applied on"),
                    N_("Admitted on"), N_("Notes"))
    service = zones
    model_class = ZoneTableModel
    form_class = ZoneForm
    model: ZoneTableModel
    form: ZoneForm
    filter_name, table_name = "zoneFilter", "zoneTable"
    column_widths = ((1, 190), (2, 200), (3, 110), (4, 90), (5, 90))
    splitter_sizes, details_sizes, details_stretch = (250, 430), (550, 550), (1, 1)
    list_kinds, detail_kinds = ("zone",), ("zone_link", "enterprise")
    new_label, edit_label, saved_message = N_("New zone"), N_("Edit zone"), N_("Zone saved.")

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        box = self.table.parentWidget().layout()  # the list and what is above it
        box.insertWidget(box.indexOf(self.table) + 1, self.dataset_note)

    def _make_details(self) -> QWidget:
        """The enterprises linked to the zone, beside the zone."""
        self.dataset_note = NoteLabel()  # placed under the list by __init__
        self.dataset_note.setObjectName("zoneDatasetNote")
        self._links: list[tuple[Any, Any]] = []
        self.links_table = QTableWidget(0, len(self.LINK_COLUMNS))
        self.links_table.setObjectName("zoneLinks")
        self.links_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.links_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.links_table.verticalHeader().hide()
        self.links_table.setWordWrap(False)
        # The name takes what the status and dates leave (elided, full name in the tooltip).
        links_header = self.links_table.horizontalHeader()
        links_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(self.LINK_COLUMNS) - 1):
            links_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        links_header.setSectionResizeMode(len(self.LINK_COLUMNS) - 1,
                                          QHeaderView.ResizeMode.Interactive)
        self.links_empty = QLabel()
        self.links_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.links_empty.setWordWrap(True)
        self.links_box = QGroupBox()
        links_layout = QVBoxLayout(self.links_box)
        links_layout.addWidget(self.links_empty)
        links_layout.addWidget(self.links_table)
        return self.links_box

    # ------------------------------------------------------------------ i18n
    def retranslate_ui(self) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        self.filter.setPlaceholderText(_("Filter by name, country or place…"))
        self.new_button.setText(_("New zone"))
        self.save_button.setText(_("Save"))
        self.revert_button.setText(_("Revert"))
        self.delete_button.setText(_("Delete"))
        self.links_empty.setText(_("No enterprise is linked to this zone yet."))
        self.links_table.setHorizontalHeaderLabels([_(c) for c in self.LINK_COLUMNS])
        note = reference.dataset_note("zones")
        self.dataset_note.set_full_text("" if note.complete else note.text(tr.language))
        self._show_details(self._links)
        super().retranslate_ui()

    def _count_text(self, shown: int, total: int) -> str:
        tr = self.ctx.tr
        if shown == total:
            return tr.ngettext("{count} zone", "{count} zones", total).format(count=total)
        return tr.ngettext("{shown} of {count} zone", "{shown} of {count} zones",
                           total).format(shown=shown, count=total)

    def _delete_label(self, count: int) -> str:
        return self.ctx.tr.ngettext("Delete {count} zone", "Delete {count} zones",
                                    count).format(count=count)

    def _deleted_message(self, count: int) -> str:
        return self.ctx.tr.ngettext("{count} zone moved to the recycle bin.",
                                    "{count} zones moved to the recycle bin.",
                                    count).format(count=count)

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        db = self.ctx.db
        self.ctx.runner.run(lambda: zones.list(db), on_success=self._show_rows, parent=self)

    def _reload_shown(self, record: ZoneRead) -> None:
        super()._reload_shown(record)
        self._load_details(record.id)

    @staticmethod
    def _fetch_details(db: Database, record_id: int) -> list[tuple[Any, Any]]:
        links = zone_links.list(db, zone_id=record_id)
        names = {s.id: s for s in enterprises.summaries(db, [x.enterprise_id for x in links])}
        return [(link, names.get(link.enterprise_id)) for link in links]

    def _show_details(self, rows: list[tuple[Any, Any]]) -> None:
        self._links = rows
        tr = self.ctx.tr
        _ = tr.gettext
        self.links_table.setRowCount(len(rows))
        for row, (link, firm) in enumerate(rows):
            name = bilingual(tr, firm.name_zh, firm.name_en)[0] if firm else f"#{link.enterprise_id}"
            dates = [format_date(d, tr) if d else "" for d in
                     (link.status_since, link.applied_on, link.admitted_on)]
            cells = [name, _(LABELS.get(link.status, link.status)), *dates, link.notes or ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(" ".join(text.split()))
                if column == 0 and firm is not None:
                    item.setToolTip("\n".join(x for x in bilingual(tr, firm.name_zh,
                                                                   firm.name_en) if x))
                elif column == len(cells) - 1 and text:
                    item.setToolTip(text)
                self.links_table.setItem(row, column, item)
        notes = len(self.LINK_COLUMNS) - 1
        self.links_table.resizeColumnToContents(notes)
        self.links_table.setColumnWidth(notes, min(self.links_table.columnWidth(notes), 160))
        self.links_table.setVisible(bool(rows))
        self.links_empty.setVisible(not rows)
        self.links_box.setTitle(_("Linked enterprises ({count})").format(count=len(rows)))
