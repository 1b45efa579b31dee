"""The recycle bin: every deleted record, across kinds, and a way to bring a selection back
— or to delete it for good.

There is no one-click "empty the bin" and the Delete key does nothing here: nothing is lost
by accident. "Delete for good…" (a person asked to have their data erased, 个人信息保护法)
first reads what would go with the selection (``recycle_bin.plan_purge``), names it in a
confirmation whose default button is Cancel, and only then purges (``recycle_bin.purge``).
The rules for restoring (a contact whose enterprise is in the bin too…) and for purging live
in ``coop_desktop.services``; a refusal is shown in the usual error dialog.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel, QByteArray, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel,
    Qt, QTimer,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton,
    QTableView, QVBoxLayout, QWidget,
)

from coop_desktop.i18n.catalog import N_
from coop_desktop.i18n.formatting import format_datetime
from coop_desktop.services import recycle_bin
from coop_desktop.services.outcome import Changes
from coop_desktop.services.recycle_bin import BinItem, RestoreResult
from coop_desktop.services.recycle_purge import PurgePlan, PurgeRefusedError, PurgeResult
from ui.context import AppContext
from ui.pages.base import Page
from ui.widgets.bilingual_fields import join_names
from ui.widgets.visible_text import shown

Index = QModelIndex | QPersistentModelIndex

ITEM_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2

COL_KIND, COL_NAME, COL_PARENT, COL_DELETED = range(4)
#: How many of the selected names the "Delete for good?" question lists.
PURGE_NAMES = 10
_HEADERS = (N_("Kind"), N_("Name"), N_("Belongs to"), N_("Deleted"))


class BinTableModel(QAbstractTableModel):
    """A thin adapter over a list of :class:`BinItem` (the bin is small: held in full)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._items: list[BinItem] = []

    def set_items(self, items: list[BinItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> BinItem:
        return self._items[row]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(_HEADERS) - 1)
        if self._items:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._items) - 1, len(_HEADERS) - 1))

    # --------------------------------------------------------------- Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(_HEADERS)):
            return self.ctx.tr.gettext(_HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item, column = self._items[index.row()], index.column()
        _ = self.ctx.tr.gettext
        lang = self.ctx.tr.language
        if role == ITEM_ROLE:
            return item
        if role == KIND_ROLE:
            return item.kind
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if column == COL_KIND:
                return _(item.kind_msgid)
            if column == COL_NAME:
                return shown(item.label.pick(lang))  # control characters as [U+202E]
            if column == COL_PARENT:
                if item.parent is None:
                    return ""
                name = item.parent.pick(lang)
                return _("{name} (in the recycle bin)").format(name=name) if item.parent_in_bin \
                    else name
            if column == COL_DELETED:
                if role == SORT_ROLE:
                    return item.deleted_at.timestamp()
                return format_datetime(item.deleted_at, self.ctx.tr)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_PARENT and item.parent_in_bin:
                return _("This enterprise is in the recycle bin too. Select it as well to "
                         "restore both.")
            if column == COL_NAME:  # the full name (the cell may be elided), both languages
                names = dict.fromkeys((item.label.pick(lang), item.label.pick(
                    "en" if lang.startswith("zh") else "zh_CN")))
                return shown("\n".join(names))
        if role == Qt.ItemDataRole.FontRole and column == COL_PARENT and item.parent_in_bin:
            font = QFont()
            font.setItalic(True)  # readable, unlike a greyed-out colour
            return font
        return None


class _KindFilter(QSortFilterProxyModel):
    """Sorts by ``SORT_ROLE`` and keeps only rows of one kind ('' = every kind)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = ""
        self.setSortRole(SORT_ROLE)
        self.setSortLocaleAware(True)

    def set_kind(self, kind: str) -> None:
        self.beginFilterChange()
        self.kind = kind
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802
        if not self.kind:
            return True
        model = self.sourceModel()
        return model.index(row, 0, parent).data(KIND_ROLE) == self.kind


class RecycleBinPage(Page):
    key = "recycle_bin"
    title_msgid = N_("Recycle bin")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._stale = True
        self._loading = False
        self.last_message = ""

        self.heading = QLabel()
        self.heading.setObjectName("binHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.intro = QLabel()
        self.intro.setWordWrap(True)

        self.kind_label = QLabel()
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("binKindFilter")
        self.kind_combo.addItem("", "")
        for kind in recycle_bin.KINDS:
            self.kind_combo.addItem("", kind)
        self.kind_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.kind_label.setBuddy(self.kind_combo)
        self.count_label = QLabel()
        self.count_label.setObjectName("binCount")
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("binRestore")
        self.restore_button.setEnabled(False)
        self.purge_button = QPushButton()
        self.purge_button.setObjectName("binPurge")
        self.purge_button.setEnabled(False)
        #: the open "Delete for good?" question (tests answer it)
        self.purge_box: QMessageBox | None = None

        self.model = BinTableModel(ctx, self)
        self.proxy = _KindFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("binTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_DELETED, Qt.SortOrder.DescendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_PARENT, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COL_KIND, 170)
        header.resizeSection(COL_DELETED, 210)

        top = QHBoxLayout()
        top.addWidget(self.kind_label)
        top.addWidget(self.kind_combo)
        top.addSpacing(12)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.purge_button)
        top.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)  # many Changes in a row -> one reload
        self._reload_timer.timeout.connect(self.refresh)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.restore_button.clicked.connect(self.restore_selected)
        self.purge_button.clicked.connect(self.purge_selected)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.retranslate_ui()

    # ------------------------------------------------------------------ texts
    def retranslate_ui(self) -> None:
        _ = self.ctx.tr.gettext
        self.heading.setText(_("Recycle bin"))
        self.intro.setText(_("Deleted records stay here until you restore them or delete "
                             "them for good. Nothing leaves the recycle bin by itself."))
        self.kind_label.setText(_("&Show:"))
        self.kind_combo.setItemText(0, _("All kinds"))
        for i in range(1, self.kind_combo.count()):
            self.kind_combo.setItemText(i, _(recycle_bin.KINDS[self.kind_combo.itemData(i)][2]))
        self.restore_button.setText(_("Restore"))
        self.restore_button.setToolTip(_("Bring the selected records back"))
        self.purge_button.setText(_("Delete for good…"))
        self.purge_button.setToolTip(_("Erase the selected records and everything that belongs "
                                       "to them, for example when a person asks for their "
                                       "personal data to be deleted. This cannot be undone."))
        self.model.retranslate()
        self._update_count()

    def _update_count(self, *args: object) -> None:
        n = self.proxy.rowCount()
        if self.model.rowCount() == 0:
            text = self.ctx.tr.gettext("The recycle bin is empty.")
        else:
            text = self.ctx.tr.ngettext("{count} record", "{count} records", n).format(count=n)
        self.count_label.setText(text)

    # ------------------------------------------------------------------ loading
    def activate(self) -> None:
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Reload the bin on the database lane (F5, or after any delete/restore)."""
        self._stale = False
        self._loading = True
        db = self.ctx.db
        self.ctx.runner.run(lambda: recycle_bin.items(db), on_success=self._loaded)

    def _loaded(self, items: list[BinItem]) -> None:
        self._loading = False
        selected = {i.key for i in self.selected_items()}
        self.model.set_items(items)
        self._reselect(selected)
        self._selection_changed()

    def _reselect(self, keys: set[tuple[str, int]]) -> None:
        if not keys:
            return
        selection = self.table.selectionModel()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ITEM_ROLE).key in keys:
                selection.select(index, selection.SelectionFlag.Select
                                 | selection.SelectionFlag.Rows)

    def on_changes(self, changes: object) -> None:
        if not isinstance(changes, Changes) or changes.action not in ("delete", "restore"):
            return
        if self.isVisible():
            self._reload_timer.start()
        else:
            self._stale = True  # reloaded when the page is shown

    # ------------------------------------------------------------------ actions
    def _kind_changed(self, _index: int) -> None:
        self.proxy.set_kind(self.kind_combo.currentData() or "")
        self._update_count()

    def _selection_changed(self, *args: object) -> None:
        chosen = bool(self.table.selectionModel().selectedRows())
        self.restore_button.setEnabled(chosen)
        self.purge_button.setEnabled(chosen and not self.ctx.db.read_only)

    def selected_items(self) -> list[BinItem]:
        rows = self.table.selectionModel().selectedRows()
        return [index.data(ITEM_ROLE) for index in rows]

    def restore_selected(self) -> None:
        chosen = self.selected_items()
        if not chosen:
            return
        db = self.ctx.db
        self.restore_button.setEnabled(False)
        self.ctx.mutate(lambda: recycle_bin.restore(db, chosen), parent=self,
                        on_success=self._restored, on_failure=self._failed)

    def _restored(self, result: RestoreResult) -> None:
        for changes in result.changes:  # one per kind: every screen refreshes what it shows
            self.ctx.hub.changed.emit(changes)
        n = len(result.restored)
        self._notify(self.ctx.tr.ngettext("Restored {count} record.", "Restored {count} records.",
                                          n).format(count=n))
        if not result.changes:  # otherwise on_changes reloads
            self.refresh()

    # ------------------------------------------------------------------ delete for good
    def purge_selected(self) -> None:
        """Read what would go, then ask (see the module docstring)."""
        chosen = self.selected_items()
        if not chosen:
            return
        db = self.ctx.db
        self.purge_button.setEnabled(False)
        self.ctx.runner.run(lambda: recycle_bin.plan_purge(db, chosen), parent=self,
                            on_success=self._confirm_purge, on_failure=self._failed)

    def _confirm_purge(self, plan: PurgePlan) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        self._selection_changed()
        if plan.refusals:
            self._failed(PurgeRefusedError(plan.refusals))
            return
        if not plan.items:
            self.refresh()
            return
        n = len(plan.items)
        names = [shown(item.label.pick(tr.language)) for item in plan.items[:PURGE_NAMES]]
        if n > PURGE_NAMES:
            names.append(_("… and {count} more").format(count=n - PURGE_NAMES))
        lines = [tr.ngettext("Delete {count} record for good?", "Delete these {count} records for "
                             "good?", n).format(count=n),
                 "<ul>" + "".join(f"<li>{html.escape(name)}</li>" for name in names) + "</ul>"]
        besides = plan.describe(tr)
        if besides:
            lines.append(html.escape(_("Everything that belongs to them goes too: {list}.").format(
                list=join_names(besides, tr))))
        box = QMessageBox(QMessageBox.Icon.Warning, _("Delete for good"), "",
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("purgeConfirm")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText("<p>" + "</p><p>".join(lines[:1]) + "</p>" + lines[1]
                    + "".join(f"<p>{line}</p>" for line in lines[2:]))
        box.setInformativeText(_(
            "They are erased from the database file, with their history; the history keeps "
            "only that they were deleted, by whom and when. This cannot be undone. Backups "
            "made before now still contain them until they are replaced by newer ones."))
        go = box.addButton(_("Delete for good"), QMessageBox.ButtonRole.DestructiveRole)
        go.setObjectName("purgeConfirmButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        self.purge_box = box

        def answered(_result: int) -> None:
            self.purge_box = None
            if box.clickedButton() is go:
                self._purge(plan)
            box.deleteLater()

        box.finished.connect(answered)
        box.open()

    def _purge(self, plan: PurgePlan) -> None:
        db, items = self.ctx.db, list(plan.items)
        self.purge_button.setEnabled(False)
        self.restore_button.setEnabled(False)
        self.ctx.runner.run(lambda: recycle_bin.purge(db, items), parent=self,
                            on_success=self._purged, on_failure=self._failed,
                            label=self.ctx.tr.gettext("Deleting for good…"))

    def _purged(self, result: PurgeResult) -> None:
        # An undo of an earlier delete could point at a record that no longer exists.
        self.ctx.undo_stack.clear()
        undo_button = getattr(self.window(), "undo_button", None)
        if undo_button is not None:
            undo_button.setVisible(False)
        for changes in result.changes:
            self.ctx.hub.changed.emit(changes)
        n = sum(len(ids) for ids in result.purged.values())
        message = self.ctx.tr.ngettext("Deleted {count} record for good.",
                                       "Deleted {count} records for good.", n).format(count=n)
        if not result.compacted:
            message += " " + self.ctx.tr.gettext(
                "The database file could not be tidied up afterwards (is the disk full?); "
                "delete something else for good later to finish it.")
        self._notify(message)
        if not result.changes:
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        from ui.tasks import show_error

        self._selection_changed()
        show_error(self, self.ctx.tr, exc)

    def _notify(self, message: str) -> None:
        self.last_message = message
        notify = getattr(self.window(), "notify", None)
        if callable(notify):
            notify(message)

    def delete_selected(self) -> None:
        """Deliberately nothing: the Delete key never removes anything for good (the
        "Delete for good…" button asks first)."""

    def save_state(self) -> dict[str, object]:
        return {"header": self.table.horizontalHeader().saveState()}

    def restore_state(self, state: dict[str, object]) -> None:
        header = state.get("header")
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)
