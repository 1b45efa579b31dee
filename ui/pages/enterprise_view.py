"""Keeping the enterprise list's view across reloads, by enterprise id: the selection, the
current row and the row at the top of the viewport are captured before the model resets
and put back afterwards (a search, a sort, a reload after a change); a row that went away
(deleted) gives its place to its neighbour.

A mix-in of :class:`ui.pages.enterprises.EnterprisesPage` (it uses the page's ``table``,
``model`` and the flags ``_syncing``, ``_restore``, ``_select_after``, ``_neighbour_row``,
``_sorting``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint
from PySide6.QtWidgets import QAbstractItemView


@dataclass
class _ViewState:
    """What to put back after the model resets (by enterprise id)."""

    selected: set[int] = field(default_factory=set)
    current: int | None = None
    top: int | None = None  # id of the row at the top of the viewport
    scroll: str = "top"  # "keep" the top row, show the "current" row, or go to the "top"


class EnterpriseViewState:
    """The view-keeping half of the enterprise page (see the module docstring)."""

    table: Any
    model: Any
    _syncing: bool
    _restore: _ViewState | None
    _select_after: int | None
    _neighbour_row: int | None
    _sorting: bool

    def selected_ids(self) -> list[int]:
        """Ids of the selected rows, in row order (cheap even for 150k selected rows)."""
        ids = self.model.ids
        ranges = sorted((r.top(), r.bottom()) for r in self.table.selectionModel().selection())
        out: dict[int, None] = {}
        for top, bottom in ranges:
            out.update(dict.fromkeys(ids[top:bottom + 1]))
        return list(out)

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def _capture(self) -> None:
        if self._restore is not None:
            return  # a restore is still pending (first page shown, the rest coming)
        viewport_top = self.table.indexAt(QPoint(1, 1))
        reload = self.model.reset_reason == "reload"
        self._restore = _ViewState(
            selected=set(self.selected_ids()), current=self.current_id(),
            top=self.model.id_at(viewport_top.row()) if viewport_top.isValid() else None,
            scroll="keep" if reload else ("current" if self._sorting else "top"))

    def _put_back(self, *, final: bool) -> None:
        state = self._restore
        if state is None:
            return
        wanted = state.current if self._select_after is None else self._select_after
        self._syncing = True
        try:
            selection = self.table.selectionModel()
            chosen = {self._select_after} if self._select_after is not None else state.selected
            self._select_rows(self.model.rows_of(chosen))
            row = self.model.row_of(wanted)
            if row < 0 and final and self._neighbour_row is not None and self.model.rowCount():
                row = min(self._neighbour_row, self.model.rowCount() - 1)
                self._neighbour_row = None
                self._syncing = False  # a real move: the form follows
            if row >= 0:
                flags = (QItemSelectionModel.SelectionFlag.NoUpdate if selection.hasSelection()
                         else QItemSelectionModel.SelectionFlag.ClearAndSelect
                         | QItemSelectionModel.SelectionFlag.Rows)
                selection.setCurrentIndex(self.model.index(row, 0), flags)
        finally:
            self._syncing = False
        top_row = self.model.row_of(state.top)
        if state.scroll == "keep" and top_row >= 0:
            self.table.scrollTo(self.model.index(top_row, 0),
                                QAbstractItemView.ScrollHint.PositionAtTop)
        elif state.scroll == "current" and row >= 0:
            self.table.scrollTo(self.model.index(row, 0),
                                QAbstractItemView.ScrollHint.PositionAtCenter)
        elif state.scroll == "top" and not final:
            self.table.scrollToTop()
        if self._select_after is not None and row >= 0:  # the saved record: make it visible
            self.table.scrollTo(self.model.index(row, 0))
        if final:
            self._restore = None
            self._select_after = None
            self._neighbour_row = None
            self._sorting = False
        self._update_buttons()

    def _select_rows(self, rows: Iterable[int]) -> None:
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        start = prev = None
        for row in rows:
            if start is not None and row == prev + 1:
                prev = row
                continue
            if start is not None:
                selection.select(self.model.index(start, 0), self.model.index(prev, last))
            start = prev = row
        if start is not None:
            selection.select(self.model.index(start, 0), self.model.index(prev, last))
        self.table.selectionModel().select(selection,
                                           QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _on_selection_changed(self, *_args: Any) -> None:
        if not self._syncing:
            self._restore = None  # the user chose: a pending restore must not override it
        self._update_buttons()
