"""Cooperation zones: the list (built-in zones and the user's own), the detail form, and
the enterprises linked to the selected zone.

All database work goes through ``ctx.runner``/``ctx.mutate``; the list reloads whenever a
``Changes`` for zones, zone links or enterprises comes through ``ctx.hub``.

Under the list, one small line when the built-in list is partial
(``reference.dataset_note("zones")``): that it is, and that the officer can add zones. The
research behind it (which lists were found, what is missing) stays in the reference data
file; officers are not shown it.
"""

from __future__ import annotations

from typing import Any

QWIDGETSIZE_MAX = (1 << 24) - 1

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QGroupBox, QLabel, QSizePolicy, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
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
from ui.widgets.column_fit import ColumnFitter, Fit, stretch
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
    # applied on / admitted on are in the status's tooltip: beside a 1024 px list the
    # enterprise name needs the room
    LINK_COLUMNS = (N_("Enterprise"), N_("Status"), N_("Since"), N_("Notes"))
    service = zones
    model_class = ZoneTableModel
    form_class = ZoneForm
    model: ZoneTableModel
    form: ZoneForm
    filter_name, table_name = "zoneFilter", "zoneTable"
    # partners, place, batch and years as wide as their texts (the partners at most 10
    # ems, the place 18 in Chinese — every province and city whole — and 13 in English,
    # "…" and whole in the tooltip), measured over every zone (a few hundred at most: a
    # place below the rows in view is not cut when scrolled to); the name takes the rest
    NAME_FIT = stretch(cap=30, floor=10)
    CAPS = {1: (10, 10), 2: (18, 13), 3: (10, 10)}  # column: (Chinese, English) in ems

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        self.column_fits = self._fit  # type: ignore[assignment]
        super().__init__(ctx, parent)
        box = self.table.parentWidget().layout()  # the list and what is above it
        box.insertWidget(box.indexOf(self.table) + 1, self.dataset_note)

    def _fit(self, column: int) -> Fit:
        if column == 0:
            return self.NAME_FIT
        if column not in self.CAPS:
            return Fit()
        zh, en = self.CAPS[column]
        return Fit(cap=zh if self.ctx.tr.language == "zh_CN" else en,
                   samples=lambda: self._column_texts(column))

    def _column_texts(self, column: int) -> list[str]:
        return [self.model.data(self.model.index(row, column)) or ""
                for row in range(self.model.rowCount())]
    splitter_sizes, details_sizes, details_stretch = (250, 430), (550, 550), (1, 1)
    #: the linked-enterprises panel's width while it has none to show (one quiet line;
    #: the form takes the rest, and the panel gets its width back with the first link)
    EMPTY_PANEL_WIDTH = 240
    list_kinds, detail_kinds = ("zone",), ("zone_link", "enterprise")
    new_label, edit_label, saved_message = N_("New zone"), N_("Edit zone"), N_("Zone saved.")

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
        # The name takes what the status and date leave, before the notes (each cut with
        # "…" only when it must, whole in its tooltip).
        self.links_columns = ColumnFitter(self.links_table, {
            0: stretch(weight=1.0, cap=24, floor=8), 3: stretch(weight=2.0, cap=16, floor=4)})
        # No links: one quiet line at the top, not a message in the middle of an empty box.
        self.links_empty = QLabel()
        self.links_empty.setObjectName("zoneLinksEmpty")
        self.links_empty.setWordWrap(True)
        self.links_empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.links_box = QGroupBox()
        links_layout = QVBoxLayout(self.links_box)
        links_layout.addWidget(self.links_empty)
        links_layout.addWidget(self.links_table, 1)
        links_layout.addStretch(0)
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
        self.dataset_note.set_full_text(
            "" if note.complete else _("The built-in list is incomplete; you can add zones."))
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
            since = format_date(link.status_since, tr) if link.status_since else ""
            cells = [name, _(LABELS.get(link.status, link.status)), since, link.notes or ""]
            dates = [_(label).format(date=format_date(when, tr)) for label, when in (
                (N_("Applied on {date}"), link.applied_on),
                (N_("Admitted on {date}"), link.admitted_on)) if when]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(" ".join(text.split()))
                if column == 0 and firm is not None:
                    item.setToolTip("\n".join(x for x in bilingual(tr, firm.name_zh,
                                                                   firm.name_en) if x))
                elif column == 1 and dates:
                    item.setToolTip("\n".join(dates))
                elif column == len(cells) - 1 and text:
                    item.setToolTip(text)
                self.links_table.setItem(row, column, item)
        self.links_table.setVisible(bool(rows))
        self.links_empty.setVisible(not rows)
        # QSplitter keeps the panel's width while it is capped: it comes back with the rows
        self.links_box.setMaximumWidth(QWIDGETSIZE_MAX if rows else self.EMPTY_PANEL_WIDTH)
        self.links_box.setTitle(_("Linked enterprises ({count})").format(count=len(rows)))
