"""Enterprises: search-as-you-type, filters, a lazily loaded table and the detail form.

The table is :class:`~ui.models.enterprise_table.EnterpriseTableModel` (ids + row cache; its
queries run on the DB lane and a newer query supersedes an older one). This page keeps the
view state across reloads by *id* (:mod:`ui.pages.enterprise_view`); its columns are
:mod:`ui.pages.enterprise_columns`, its tagging :mod:`ui.pages.enterprise_tags`. The detail
pane follows the list: the form shows a listed enterprise (the first row after a new search
or filter), or says that nothing matches.

Bulk actions (add/remove a tag, move to the recycle bin) act on the selected rows through
``ctx.mutate`` with an undo entry; their ``Changes`` come back through ``ctx.hub`` and reload
the list.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QByteArray, QEvent, QItemSelectionModel, QModelIndex, QObject, QSignalBlocker, Qt, QTimer,
)
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu,
    QPushButton, QSplitter, QStackedWidget, QTableView, QVBoxLayout, QWidget,
)

from coop_desktop import text
from coop_desktop.services.enterprises import EnterpriseQuery
from coop_desktop.i18n.catalog import N_
from coop_desktop.i18n.formatting import format_number
from coop_desktop.services import enterprises
from coop_desktop.services.outcome import Changes
from ui.context import AppContext, UndoEntry
from ui.models.enterprise_table import COLUMNS, EnterpriseTableModel
from ui.pages.base import Page
from ui.pages.enterprise_columns import EnterpriseColumns
from ui.pages.enterprise_tags import EnterpriseTags
from ui.pages.enterprise_view import EnterpriseViewState, _ViewState
from ui.widgets.filter_bar import FilterBar
from ui.widgets.wrap_label import WrapLabel

SEARCH_DELAY_MS = 200
#: Filters whose result depends on other tables than ``enterprise``.
_RELATED = {"srdi_title": ("tier", "expiring_within_days"), "zone_link": ("zone_id", "link_status")}


def _b64(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")


def _unb64(value: object) -> QByteArray | None:
    if isinstance(value, QByteArray):
        return value
    if isinstance(value, bytes | str) and value:
        raw = value.encode("ascii") if isinstance(value, str) else value
        return QByteArray(base64.b64decode(raw))
    return None


#: Deleting this many enterprises at once is preceded by a verified backup.
BULK_DELETE_BACKUP = 10


class EnterprisesPage(EnterpriseColumns, EnterpriseTags, EnterpriseViewState, Page):
    key = "enterprises"
    title_msgid = N_("Enterprises")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 form_factory: Callable[[AppContext], Any] | None = None) -> None:
        super().__init__(ctx, parent)
        self._syncing = False  # selection changes made by code, not the user
        self._restore: _ViewState | None = None
        self._select_after: int | None = None  # id to select after the next reload
        self._open_first = False  # Enter in the search box: open the first match when shown
        self._neighbour_row: int | None = None  # row to select if the current row went away
        self._sorting = False  # the next reset comes from a click on a column title

        self.model = EnterpriseTableModel(ctx, self)
        self.model.set_query(EnterpriseQuery())  # first: the query overlaps building the widgets

        self.search = QLineEdit(objectName="enterpriseSearch")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.count_label = QLabel(objectName="enterpriseCount")
        self.filters = FilterBar(ctx)

        self.table = QTableView(objectName="enterpriseTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: O(1) layout
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self._build_columns()
        header.sortIndicatorChanged.connect(self._on_sort_indicator)
        self.empty_label = QLabel(objectName="enterpriseEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()

        self.new_button = QPushButton(objectName="enterpriseNew")
        # one "Tags" button with a menu (Add tag…, Remove tag…): the row of bulk actions
        # must fit beside the form on a 1024 px screen
        self.tags_button = QPushButton(objectName="enterpriseTags")
        tags_menu = QMenu(self.tags_button)
        self.add_tag_action = tags_menu.addAction("")
        self.add_tag_action.setObjectName("enterpriseAddTag")
        self.remove_tag_action = tags_menu.addAction("")
        self.remove_tag_action.setObjectName("enterpriseRemoveTag")
        self.tags_button.setMenu(tags_menu)
        self.delete_button = QPushButton(objectName="enterpriseDelete")
        self.selection_label = QLabel(objectName="enterpriseSelection")
        self.new_button.clicked.connect(self.new_record)
        self.add_tag_action.triggered.connect(lambda: self._ask_and_tag(add=True))
        self.remove_tag_action.triggered.connect(lambda: self._ask_and_tag(add=False))
        self.delete_button.clicked.connect(self.delete_selected)

        if form_factory is None:  # the real form, built once the list shows its first rows
            from ui.widgets.deferred_form import DeferredForm

            self.form: Any = DeferredForm(ctx, after_rows_of=self.table)
        else:
            self.form = form_factory(ctx)
        self.form.saved.connect(self._on_form_saved)
        # The form follows the list: an enterprise the search or filters remove leaves the
        # form, unless it has unsaved edits (then it stays, and this note says so); the
        # first row of the new list takes its place, or, when nothing matches, a note says
        # so (not a blank "New enterprise" form with Save enabled).
        self._follow = True  # the query changed: check the form against the new rows
        self._new_mode = False  # "New enterprise" was chosen: the blank form stays
        self.no_match = QWidget(objectName="enterpriseNoMatch")
        self.no_match_title = QLabel(objectName="enterpriseNoMatchTitle")
        self.no_match_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match_title.setWordWrap(True)
        font = self.no_match_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.no_match_title.setFont(font)
        self.no_match_hint = QLabel(objectName="enterpriseNoMatchHint")
        self.no_match_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match_hint.setWordWrap(True)
        self.no_match_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        empty_layout = QVBoxLayout(self.no_match)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.no_match_title)
        empty_layout.addWidget(self.no_match_hint)
        empty_layout.addStretch(2)
        self.detail = QStackedWidget(objectName="enterpriseDetail")
        self.detail.addWidget(self.form)
        self.detail.addWidget(self.no_match)
        self.off_list_note = WrapLabel(self)
        self.off_list_note.setObjectName("enterpriseOffList")
        self.off_list_note.setStyleSheet("color: #b06000;")
        self.off_list_note.hide()
        self.form.dirty_changed.connect(lambda dirty: dirty or self._show_off_list(False))

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addSpacing(12)
        actions.addWidget(self.selection_label)
        actions.addStretch(1)
        for button in (self.tags_button, self.delete_button):
            actions.addWidget(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.filters)
        left_layout.addLayout(actions)
        left_layout.addWidget(self.off_list_note)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty_label, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="enterpriseSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        # Half and half: the form's record tables (titles, zone links…) need ~540 px to show
        # every column; the list keeps name, USCC and place in view.
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([550, 550])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_query)
        self._reload_timer = QTimer(self, singleShot=True, interval=0)
        self._reload_timer.timeout.connect(self.model.reload)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.open_first_hit)
        self.filters.changed.connect(self._apply_query)
        self.model.modelAboutToBeReset.connect(self._capture)
        self.model.modelReset.connect(self._on_reset)
        self.model.loaded.connect(self._on_loaded)
        self.model.counted.connect(lambda _n: self._update_count())  # before the rest is in
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self._on_current_row)
        selection.selectionChanged.connect(self._on_selection_changed)
        self.retranslate_ui()
        self._update_buttons()

    # ------------------------------------------------------------------ i18n
    def retranslate_ui(self) -> None:
        _ = self.ctx.tr.gettext
        self.search.setPlaceholderText(
            _("Search by name, USCC, city, tag or pinyin initials (e.g. hwjs)…"))
        self.new_button.setText(_("New enterprise"))
        self.tags_button.setText(_("Tags"))
        self.tags_button.setToolTip(_("Add a tag to the selected enterprises, or remove one"))
        self.add_tag_action.setText(_("Add tag…"))
        self.remove_tag_action.setText(_("Remove tag…"))
        self.delete_button.setText(_("Move to recycle bin"))
        self.table.horizontalHeader().setToolTip(
            _("Click a column title to sort; right-click to choose the columns."))
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.model.retranslate()
        self._columns_follow_language()
        self._update_count()
        self._update_buttons()
        if not self.off_list_note.isHidden():
            self._show_off_list(True)  # in the new language
        if self.detail.currentWidget() is self.no_match:
            self._show_detail(False)  # in the new language

    def _update_count(self) -> None:
        tr = self.ctx.tr
        count = self.model.count
        if count is None:
            self.count_label.setText(tr.gettext("Counting…"))
        else:
            self.count_label.setText(tr.ngettext("{count} enterprise", "{count} enterprises",
                                                 count).format(count=format_number(count, tr)))
        empty = count == 0 and self.model.complete
        if empty:
            filtered = bool(self.search.text().strip() or self.filters.values())
            self.empty_label.setText(
                tr.gettext("No enterprise matches the search and filters.") if filtered else
                tr.gettext("No enterprises yet. Click “New enterprise” to add the first one."))
        self.empty_label.setVisible(empty)
        self.table.setVisible(not empty)

    # ------------------------------------------------------------------ querying
    @property
    def busy(self) -> bool:
        """A search, filter change or reload is waiting or running."""
        return (self.model.busy or self._search_timer.isActive() or self._reload_timer.isActive()
                or self.filters.busy)

    def _query(self) -> EnterpriseQuery:
        current = self.model.query
        return EnterpriseQuery(text=text.normalize(self.search.text()), sort=current.sort,
                               descending=current.descending, **self.filters.values())

    def _apply_query(self) -> None:
        self._search_timer.stop()
        query = self._query()
        if query != self.model.query:
            self._follow = True
            self.model.set_query(query)

    def open_first_hit(self) -> None:
        """Enter in the search box: search now and open the first match in the form (the
        focus stays in the box, to refine the search)."""
        self._open_first = True
        self._apply_query()
        if not self.busy:
            self._open_first_row()

    def _open_first_row(self) -> None:
        if not self._open_first or not self.model.rowCount():
            return
        self._open_first = False
        self._restore = None  # the match opened replaces the selection kept from before
        self.table.selectRow(0)
        self.table.scrollToTop()

    def refresh(self) -> None:
        self.model.invalidate()
        self.filters.load_zones()
        self._reload_timer.start()

    def on_changes(self, changes: object) -> None:
        if not isinstance(changes, Changes):
            return
        if changes.kind == "enterprise":
            # no ids: many records at once (an import undone): forget every cached row
            self.model.invalidate(changes.ids or None)
            self._reload_timer.start()
        elif changes.kind in _RELATED and any(
                k in self.filters.values() for k in _RELATED[changes.kind]):
            self._reload_timer.start()

    def _on_reset(self) -> None:
        self._put_back(final=False)
        self._update_count()
        self._open_first_row()

    def _on_loaded(self, _count: int) -> None:
        if self._restore is None and self._select_after is not None:  # no reset happened
            self._restore = _ViewState(scroll="keep")
        self._put_back(final=True)
        self._update_count()
        if self._follow and self.model.complete:
            self._follow = False
            self._follow_filter()
        self._open_first_row()
        self._open_first = False  # (no match: nothing to open)

    def _follow_filter(self) -> None:
        """After a new search or filter (or the first rows): the form shows an enterprise
        the list shows. One it no longer lists gives way to the list's first row, or to
        the "no enterprise matches" note when the list is empty — unless it has unsaved
        edits: then it stays, and the note above the list says so. A blank form the user
        asked for ("New enterprise") stays too."""
        shown = self.form.current_id
        if shown is not None and self.model.row_of(shown) >= 0:
            self._show_off_list(False)
            self._show_detail(True)
            return
        if self.form.is_dirty():
            self._show_off_list(True)
            self._show_detail(True)
            return
        self._show_off_list(False)
        if self._new_mode and shown is None:
            self._show_detail(True)
        elif self.model.rowCount():
            self._new_mode = False
            self.table.selectRow(0)  # (the form follows the current row)
            self.table.scrollToTop()
            self._show_detail(True)
        else:
            if shown is not None:
                self.form.load(None)
            self._show_detail(False)

    def _show_detail(self, form: bool) -> None:
        """The form, or the note that no enterprise matches (an empty list)."""
        if not form:
            _ = self.ctx.tr.gettext
            filtered = bool(self.search.text().strip() or self.filters.values())
            self.no_match_title.setText(_("No enterprise matches") if filtered
                                        else _("No enterprises yet"))
            self.no_match_hint.setText(
                _("Change the search or the filters, or click “New enterprise”.") if filtered
                else _("Click “New enterprise” to add the first one."))
        self.detail.setCurrentWidget(self.form if form else self.no_match)

    def _show_off_list(self, show: bool) -> None:
        record = getattr(self.form, "record", None) if show else None  # (hiding builds nothing)
        if record is not None:
            self.off_list_note.setText(self.ctx.tr.gettext(
                "“{name}” has unsaved changes and stays open in the form, though the search "
                "and filters no longer list it.").format(name=record.name_zh))
        self.off_list_note.setVisible(record is not None)

    # ------------------------------------------------------------------ the form
    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        enterprise_id = self.model.id_at(current.row())
        if enterprise_id is None or enterprise_id == self.form.current_id:
            return
        self._new_mode = False
        self._show_detail(True)
        if not self.form.maybe_discard():
            self._syncing = True
            try:
                row = self.model.row_of(self.form.current_id)
                flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                         | QItemSelectionModel.SelectionFlag.Rows)
                if row >= 0:
                    self.table.selectionModel().setCurrentIndex(self.model.index(row, 0), flags)
                else:
                    self.table.selectionModel().clear()
            finally:
                self._syncing = False
            return
        self.form.load(enterprise_id)

    def _on_form_saved(self, enterprise_id: int) -> None:
        self._select_after = enterprise_id
        self.model.invalidate([enterprise_id])
        self._reload_timer.start()

    def new_record(self) -> None:
        if not self.form.maybe_discard():
            return
        self._new_mode = True
        self._show_detail(True)
        self._syncing = True
        try:
            self.table.selectionModel().clear()
        finally:
            self._syncing = False
        self.form.load(None)

    def save(self) -> None:
        self.form.save()

    def can_leave(self) -> bool:
        return bool(self.form.maybe_discard())

    # ------------------------------------------------------------------ bulk actions
    def _update_buttons(self) -> None:
        count = sum(r.bottom() - r.top() + 1 for r in self.table.selectionModel().selection())
        for button in (self.tags_button, self.delete_button):
            button.setEnabled(count > 0)
        tr = self.ctx.tr
        self.selection_label.setText(
            tr.ngettext("{count} selected", "{count} selected", count).format(
                count=format_number(count, tr)) if count > 1 else "")

    def _notify(self, message: str, *, undoable: bool = False) -> None:
        notify = getattr(self.window(), "notify", None)
        if callable(notify):
            notify(message, undoable=undoable)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids and self.form.current_id is not None:
            ids = [self.form.current_id]
        if not ids:
            return
        if self.form.current_id in ids and not self.form.maybe_discard():
            return
        tr, db = self.ctx.tr, self.ctx.db
        first_row = max(self.model.row_of(ids[0]), 0)  # ids are in row order
        label = tr.ngettext("Move {count} enterprise to the recycle bin",
                            "Move {count} enterprises to the recycle bin", len(ids)).format(
            count=format_number(len(ids), tr))

        def deleted(outcome: Any) -> None:
            done = len(outcome.value)
            self._neighbour_row = first_row
            if self.form.current_id in ids:
                self.form.load(None)
            self._notify(tr.ngettext("{count} enterprise moved to the recycle bin.",
                                     "{count} enterprises moved to the recycle bin.", done
                                     ).format(count=format_number(done, tr)), undoable=True)

        bulk = len(ids) >= BULK_DELETE_BACKUP
        ctx = self.ctx

        def delete() -> Any:
            if bulk:  # many records at once: a verified backup first (issue: risky operations)
                ctx.backup_first("before-bulk-delete")
            return enterprises.delete(db, ids)

        self.ctx.mutate(delete, parent=self, on_success=deleted,
                        undo=UndoEntry(label, lambda: enterprises.restore(db, ids)),
                        label=tr.gettext("Moving to the recycle bin…") if bulk else None)

    # ------------------------------------------------------------------ keyboard and state
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rowCount():
                self.table.setFocus()
                if not self.table.currentIndex().isValid():
                    self.table.selectRow(0)
                return True
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def save_state(self) -> dict[str, object]:
        return {"splitter": _b64(self.splitter.saveState()), **self._save_columns(),
                "sort": self.model.query.sort,
                "descending": int(self.model.query.descending)}

    def restore_state(self, state: dict[str, object]) -> None:
        splitter = _unb64(state.get("splitter"))
        if splitter is not None:
            self.splitter.restoreState(splitter)
        self._restore_columns(state)
        sort = state.get("sort")
        descending = str(state.get("descending", "0")).lower() in ("1", "true")
        if isinstance(sort, str) and any(c.sort == sort for c in COLUMNS):
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            self.model.sort(next(i for i, c in enumerate(COLUMNS) if c.sort == sort), order)
        with QSignalBlocker(self.table.horizontalHeader()):
            self._show_sort_indicator()
