"""The tables of records attached to an enterprise: SRDI titles, contacts, interactions and
cooperation-zone links, each with Add / Edit / Delete.

:func:`fetch_related` reads everything on the DB lane (never on the GUI thread); the form
hands the result to each :class:`RecordPanel`. A panel's model is a thin adapter over the
rows it was given (:class:`RowsModel`); computed columns such as a title's validity are
worked out when shown, never stored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt,
)
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QLabel, QMessageBox, QPushButton, QStackedWidget,
    QTableView, QVBoxLayout, QWidget,
)

from coop_desktop.services.storage import Database
from coop_desktop.i18n import formatting as fmt
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.i18n.languages import language_names
from coop_desktop.models import (
    LABELS, ContactRead, EnterpriseYearRead, EventRead, InteractionRead, SrdiTitleEventRead,
    SrdiTitleRead, TitleStatus, ZoneLinkRead, ZoneRead,
)
from coop_desktop.services import catalog, srdi_titles, srdi_years
from coop_desktop.services import events as events_service
from ui.context import AppContext, UndoEntry
from ui.widgets.record_dialogs import (
    CONTACT_DIALOG, INTERACTION_DIALOG, TITLE_DIALOG, ZONE_LINK_DIALOG, DialogSpec, RecordDialog,
)
from ui.widgets.column_fit import ColumnFitter, Fit, stretch
from ui.widgets.table_keys import handle_table_keys
from ui.widgets.year_dialog import YEAR_DIALOG
from ui.widgets.visible_text import shown

SOON_DAYS = 90
EXPIRED_COLORS = (QColor("#b3261e"), QColor("#fdecea"))
SOON_COLORS = (QColor("#7a4a00"), QColor("#fff3d6"))
Index = QModelIndex | QPersistentModelIndex


@dataclass
class RelatedData:
    """Everything the panels show, read in one go on the DB lane."""

    titles: list[SrdiTitleRead] = field(default_factory=list)
    contacts: list[ContactRead] = field(default_factory=list)
    interactions: list[InteractionRead] = field(default_factory=list)
    links: list[ZoneLinkRead] = field(default_factory=list)
    zones: dict[int, ZoneRead] = field(default_factory=dict)
    #: interaction id -> the event whose participation wrote it
    event_of: dict[int, EventRead] = field(default_factory=dict)
    #: yearly figures, newest first
    years: list[EnterpriseYearRead] = field(default_factory=list)
    #: title id -> its events (re-reviews, updates, revocation), oldest first
    title_events: dict[int, list[SrdiTitleEventRead]] = field(default_factory=dict)
    #: the dated duties of the enterprise's titles (updates, reports, re-reviews), soonest first
    reminders: list[srdi_titles.Reminder] = field(default_factory=list)


def fetch_related(db: Database, enterprise_id: int) -> RelatedData:
    """Runs on the DB lane."""
    data = RelatedData(
        titles=catalog.titles.list(db, enterprise_id=enterprise_id),
        contacts=catalog.contacts.list(db, enterprise_id=enterprise_id),
        interactions=sorted(catalog.interactions.list(db, enterprise_id=enterprise_id),
                            key=lambda r: (r.occurred_on, r.id), reverse=True),
        links=catalog.zone_links.list(db, enterprise_id=enterprise_id),
        zones={z.id: z for z in catalog.zones.list(db)},
        years=srdi_years.for_enterprise(db, enterprise_id),
    )
    for title in data.titles:
        data.title_events[title.id] = srdi_titles.history(db, title.id)
    if data.titles:
        data.reminders = srdi_titles.reminders(db, enterprise_id=enterprise_id)
    for event in events_service.events_of(db, enterprise_id):
        for part in events_service.participants(db, event.id):
            if part.enterprise_id == enterprise_id and part.interaction_id is not None:
                data.event_of[part.interaction_id] = event
    return data


# ---------------------------------------------------------------- the table model
@dataclass(frozen=True)
class Column:
    header: str  # msgid
    text: Callable[[Any, Translator, RelatedData], str]
    colors: Callable[[Any], tuple[QColor, QColor] | None] | None = None
    #: the tooltip, when it says more than the (elided) text
    tip: Callable[[Any, Translator, RelatedData], str] | None = None


class RowsModel(QAbstractTableModel):
    """Read-only rows of one kind; texts are rendered in the UI language when shown."""

    def __init__(self, columns: Sequence[Column], tr: Callable[[], Translator],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._tr = tr
        self.rows: list[Any] = []
        self.data_source = RelatedData()
        self.italic: Callable[[Any], bool] = lambda row: False

    def set_rows(self, rows: list[Any], source: RelatedData) -> None:
        self.beginResetModel()
        self.rows, self.data_source = list(rows), source
        self.endResetModel()

    def retranslate(self) -> None:
        if self.columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(self.columns) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802,B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802,B008 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and column.tip is not None:
            return shown(column.tip(row, self._tr(), self.data_source)) or None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = shown(column.text(row, self._tr(), self.data_source))  # [U+202E] markers
            if role == Qt.ItemDataRole.DisplayRole:
                return " ".join(text.split())  # one line in the table
            return text or None
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            colors = column.colors(row) if column.colors else None
            if colors is not None:
                return colors[0] if role == Qt.ItemDataRole.ForegroundRole else colors[1]
        if role == Qt.ItemDataRole.FontRole and self.italic(row):
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._tr().gettext(self.columns[section].header)
        return None


# ---------------------------------------------------------------- column texts
def _date(d: date | None, tr: Translator) -> str:
    return fmt.format_date(d, tr) if d else ""


def _label(value: Any, tr: Translator) -> str:
    return tr.gettext(LABELS[value]) if value in LABELS else str(value or "")


def title_validity(row: SrdiTitleRead, tr: Translator, today: date | None = None
                   ) -> tuple[str, str]:
    """(text, level) of a title's effective validity; level is ok/soon/expired/inactive."""
    today = today or date.today()
    _ = tr.gettext
    status = row.effective_status(today)
    if status == TitleStatus.EXPIRED:
        if row.status == TitleStatus.ACTIVE and row.expires_on:
            return _("Expired on {date}").format(date=_date(row.expires_on, tr)), "expired"
        return _label(status, tr), "expired"
    if status != TitleStatus.ACTIVE:
        return _label(status, tr), "inactive"
    if row.expires_on is None:
        return _("Valid, no expiry date"), "ok"
    days = (row.expires_on - today).days
    if days == 0:
        return _("Expires today"), "soon"
    if days <= SOON_DAYS:
        return tr.ngettext("Expires in {n} day", "Expires in {n} days", days).format(n=days), "soon"
    # just the date: the column is headed "Validity" (「有效期」), so "Valid until …" under
    # it said the header twice
    return _date(row.expires_on, tr), "ok"


def _validity_tip(row: SrdiTitleRead, tr: Translator, data: RelatedData) -> str:
    """The validity, plus the expiry date when the text does not show it, and what is wrong
    with a title recorded before the rules were enforced."""
    text, level = title_validity(row, tr)
    if level == "ok" and row.expires_on is not None:
        text = tr.gettext("Valid until {date}").format(date=_date(row.expires_on, tr))
    elif row.expires_on is not None and _date(row.expires_on, tr) not in text:
        text += "\n" + tr.gettext("Expires on {date}").format(date=_date(row.expires_on, tr))
    for problem in srdi_titles.title_problems(row, data.titles):
        text += "\n⚠ " + problem.render(tr)
    return text


def _title_name(row: SrdiTitleRead, tr: Translator, data: RelatedData) -> str:
    mark = "⚠ " if srdi_titles.title_problems(row, data.titles) else ""
    return mark + _label(row.tier, tr)


def _validity_colors(row: SrdiTitleRead) -> tuple[QColor, QColor] | None:
    from coop_desktop.i18n.catalog import english

    level = title_validity(row, english())[1]
    return {"expired": EXPIRED_COLORS, "soon": SOON_COLORS}.get(level)


def _zone_name(link: ZoneLinkRead, tr: Translator, data: RelatedData) -> str:
    zone = data.zones.get(link.zone_id)
    if zone is None:
        return f"#{link.zone_id}"
    return zone.name_zh if tr.language == "zh_CN" else (zone.name_en or zone.name_zh)


def _interaction_source(row: InteractionRead, tr: Translator, data: RelatedData) -> str:
    event = data.event_of.get(row.id)
    if event is None:
        return ""
    name = event.name_zh if tr.language == "zh_CN" else (event.name_en or event.name_zh)
    return tr.gettext("Event: {name}").format(name=name)


# "Validity" says the status and the expiry ("Valid until …", "Expires in 12 days", "Revoked"),
# so separate Status and Expires-on columns would only repeat it (and not fit beside the list).
TITLE_COLUMNS = (
    Column(N_("Title"), _title_name, tip=_validity_tip),
    Column(N_("Level"), lambda r, tr, d: _label(r.level, tr)),
    Column(N_("Granted on"), lambda r, tr, d: _date(r.granted_on, tr)),
    Column(N_("Batch"), lambda r, tr, d: r.batch or ""),
    Column(N_("Validity"), lambda r, tr, d: title_validity(r, tr)[0], _validity_colors,
           _validity_tip),
)
CONTACT_COLUMNS = (
    Column(N_("Full name"), lambda r, tr, d: r.name),
    Column(N_("Role"), lambda r, tr, d: r.role or ""),
    Column(N_("Telephone"), lambda r, tr, d: r.phone or ""),
    Column(N_("E-mail"), lambda r, tr, d: r.email or ""),
    Column(N_("Languages"), lambda r, tr, d: language_names(r.languages, tr.language)),
)
INTERACTION_COLUMNS = (
    Column(N_("Date"), lambda r, tr, d: _date(r.occurred_on, tr)),
    Column(N_("Kind"), lambda r, tr, d: _label(r.kind, tr)),
    Column(N_("Notes"), lambda r, tr, d: r.notes or ""),
    Column(N_("Outcome"), lambda r, tr, d: r.outcome or ""),
    Column(N_("Source"), _interaction_source),
)
def _wan(fen: int | None, tr: Translator) -> str:
    return "" if fen is None else fmt.format_amount_short(fen, tr.language)


def _ratio(part: int | None, whole: int | None, tr: Translator) -> str:
    if part is None or not whole:
        return ""
    return fmt.format_percent(Decimal(part) * 100 / Decimal(whole), tr.language, 1)


def _count(n: int | None, tr: Translator) -> str:
    return "" if n is None else fmt.format_number(n, tr.language)


YEAR_COLUMNS = (
    Column(N_("Year"), lambda r, tr, d: str(r.year)),
    Column(N_("Operating revenue"), lambda r, tr, d: _wan(r.operating_revenue_fen, tr)),
    Column(N_("R&D expense"), lambda r, tr, d: _wan(r.rd_expense_fen, tr)),
    Column(N_("R&D ratio"), lambda r, tr, d: _ratio(r.rd_expense_fen, r.operating_revenue_fen, tr)),
    Column(N_("Employees"), lambda r, tr, d: _count(r.employees, tr)),
    Column(N_("Class I IP"), lambda r, tr, d: _count(r.class1_ip, tr)),
    Column(N_("Debt-to-asset ratio"),
           lambda r, tr, d: _ratio(r.total_liabilities_fen, r.total_assets_fen, tr)),
)
LINK_COLUMNS = (
    Column(N_("Cooperation zone"), _zone_name),
    Column(N_("Status"), lambda r, tr, d: _label(r.status, tr)),
    Column(N_("Status since"), lambda r, tr, d: _date(r.status_since, tr)),
    Column(N_("Applied on"), lambda r, tr, d: _date(r.applied_on, tr)),
    Column(N_("Admitted on"), lambda r, tr, d: _date(r.admitted_on, tr)),
    Column(N_("Notes"), lambda r, tr, d: r.notes or ""),
)


# ---------------------------------------------------------------- the panel
@dataclass(frozen=True)
class PanelSpec:
    columns: tuple[Column, ...]
    dialog: DialogSpec
    rows: Callable[[RelatedData], list[Any]]
    empty: str  # msgids
    delete_question: str
    delete_label: str
    add_text: str = N_("Add…")
    #: rows that are read-only here (written elsewhere), with the reason
    locked: Callable[[Any, RelatedData], str | None] = lambda row, data: None
    #: how the columns are sized (``ui.widgets.column_fit``): columns not named fit their
    #: texts; ``stretch`` (a column index) is a shorthand for one stretching column
    stretch: int = -1
    fits: Mapping[int, Fit] = field(default_factory=dict)


def _event_lock(row: InteractionRead, data: RelatedData) -> str | None:
    return N_("Written by an event participation: change it on the Events page.") \
        if row.id in data.event_of else None


# Dates, statuses, kinds, phone numbers, figures fit their texts; the names, notes and
# sources share the rest (narrowed and elided, whole in the tooltip, when the pane is
# narrow); a table of figures alone shares the rest evenly.
TITLES_PANEL = PanelSpec(TITLE_COLUMNS, TITLE_DIALOG, lambda d: d.titles,
                         N_("No SRDI titles recorded."),
                         N_("Move the selected titles to the recycle bin?"),
                         N_("Delete SRDI titles"), fits={3: stretch(cap=14, floor=5)})
YEARS_PANEL = PanelSpec(YEAR_COLUMNS, YEAR_DIALOG, lambda d: d.years,
                        N_("No yearly figures recorded. The SRDI assessment reads them."),
                        N_("Move the selected years' figures to the recycle bin?"),
                        N_("Delete yearly figures"), add_text=N_("Add a year…"))
CONTACTS_PANEL = PanelSpec(CONTACT_COLUMNS, CONTACT_DIALOG, lambda d: d.contacts,
                           N_("No contacts recorded."),
                           N_("Move the selected contacts to the recycle bin?"),
                           N_("Delete contacts"),
                           fits={1: stretch(cap=12, floor=3),
                                 3: stretch(weight=1.5, cap=18, floor=5),
                                 4: stretch(weight=0.5, cap=16, floor=4)})
INTERACTIONS_PANEL = PanelSpec(INTERACTION_COLUMNS, INTERACTION_DIALOG, lambda d: d.interactions,
                               N_("No interactions recorded."),
                               N_("Move the selected interactions to the recycle bin?"),
                               N_("Delete interactions"), locked=_event_lock,
                               # short of room, the source gives first, the notes last
                               fits={2: stretch(weight=2.0, cap=30, floor=6, give=1.0),
                                     3: stretch(weight=1.0, cap=14, floor=4, give=2.0),
                                     4: stretch(weight=1.0, cap=16, floor=4, give=3.0)})
LINKS_PANEL = PanelSpec(LINK_COLUMNS, ZONE_LINK_DIALOG, lambda d: d.links,
                        N_("Not linked to any cooperation zone."),
                        N_("Remove the selected zone links (to the recycle bin)?"),
                        N_("Delete zone links"), add_text=N_("Link to a zone…"),
                        fits={0: stretch(weight=2.0, cap=24, floor=8),
                              5: stretch(cap=16, floor=4)})


class RecordPanel(QWidget):
    """A table of one kind of record with Add / Edit / Delete (Delete key, double-click)."""

    def __init__(self, ctx: AppContext, spec: PanelSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.spec = ctx, spec
        self.enterprise_id: int | None = None
        self.source = RelatedData()
        self.dialog: RecordDialog | None = None
        self.model = RowsModel(spec.columns, lambda: ctx.tr, self)
        self.model.italic = lambda row: spec.locked(row, self.source) is not None
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)  # (once the user resizes)
        fits = dict(spec.fits)
        if spec.stretch >= 0:
            fits.setdefault(spec.stretch, stretch())
        self.columns = ColumnFitter(self.table, fits, row_padding=8)
        self.columns.offer_reset(lambda: ctx.tr.gettext("Reset columns"))  # (after a drag)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.installEventFilter(self)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.add_button, self.edit_button, self.delete_button = (
            QPushButton(self) for _ in range(3))
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.note = QLabel(self)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)
        self.retranslate()
        self.set_data(None, RelatedData())

    def retranslate(self) -> None:
        _ = self.ctx.tr.gettext
        self.add_button.setText(_(self.spec.add_text))
        self.edit_button.setText(_("Edit…"))
        self.delete_button.setText(_("Delete"))
        self.model.retranslate()  # (the columns fit the new texts: ``self.columns``)
        self._update_buttons()

    def _fit_columns(self) -> None:
        """Size the columns to the texts now (they also do by themselves once idle)."""
        self.columns.fit()

    def set_data(self, enterprise_id: int | None, source: RelatedData) -> None:
        self.enterprise_id, self.source = enterprise_id, source
        self.model.set_rows(self.spec.rows(source) if enterprise_id is not None else [], source)
        self._update_buttons()

    def _update_buttons(self) -> None:
        _ = self.ctx.tr.gettext
        has_parent = self.enterprise_id is not None
        rows = self.selected_rows()
        locked = [self.spec.locked(r, self.source) for r in rows]
        self.add_button.setEnabled(has_parent)
        self.edit_button.setEnabled(len(rows) == 1 and not any(locked))
        self.delete_button.setEnabled(bool(rows) and not any(locked))
        reason = next((x for x in locked if x), None)
        self.note.setText(_(reason) if reason else "")
        if not has_parent:
            self.empty.setText(_("Save the enterprise first; then records can be added here."))
        else:
            self.empty.setText(_(self.spec.empty))
        self.stack.setCurrentWidget(self.table if self.model.rows else self.empty)

    def selected_rows(self) -> list[Any]:
        indexes = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return [self.model.rows[i.row()] for i in sorted(indexes, key=lambda i: i.row())]

    # ------------------------------------------------------------------ actions
    def _open(self, row: Any) -> None:
        assert self.enterprise_id is not None
        self.dialog = RecordDialog(self.ctx, self.spec.dialog, enterprise_id=self.enterprise_id,
                                   row=row, extra=self.source.zones, parent=self)
        self.dialog.open()

    def add(self) -> None:
        if self.enterprise_id is not None:
            self._open(None)

    def edit_selected(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1 and self.spec.locked(rows[0], self.source) is None:
            self._open(rows[0])

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if not rows or any(self.spec.locked(r, self.source) for r in rows):
            return
        _ = self.ctx.tr.gettext
        box = QMessageBox(QMessageBox.Icon.Question, _(self.spec.delete_label),
                          _(self.spec.delete_question),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.button(QMessageBox.StandardButton.Yes).setText(_("Delete"))
        box.button(QMessageBox.StandardButton.No).setText(_("Cancel"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if QMessageBox.StandardButton(box.exec()) != QMessageBox.StandardButton.Yes:
            return
        db, kind, ids = self.ctx.db, self.spec.dialog.kind, [r.id for r in rows]
        self.ctx.mutate(lambda: kind.delete(db, ids), parent=self,
                        undo=UndoEntry(_(self.spec.delete_label), lambda: kind.restore(db, ids)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Delete and Enter act on this table, not on the window's shortcuts."""
        if watched is self.table and handle_table_keys(event, delete=self.delete_selected,
                                                      open_=self.edit_selected):
            return True
        return super().eventFilter(watched, event)
