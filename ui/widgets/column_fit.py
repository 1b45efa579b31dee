"""Tables that size their columns to what they show: short columns (dates, statuses,
counts, codes) as wide as their header and cells, the name and title columns given the rest.

Fixed pixel widths cannot be right on a 1024 px screen, at 1366 px and zoomed in at once:
at 1024 px a name was cut while a date column had room to spare, and zoomed in (View ▸
Zoom) every fixed column cut its text. A :class:`ColumnFitter` sizes the columns of one
view whenever what decides them changes — its rows (reset, rows added, cells changed),
its header texts (a language switch), its width (window, splitter, scroll bar) or its font
(zoom) — debounced into one pass after the event loop is idle:

* a **content** column gets its header's and its cells' width, at most ``cap`` ems (the
  width of “中” in the view's font, so it grows with the zoom);
* a **stretch** column (names, titles, notes) wants its cells' width up to its cap too,
  and the room left over is shared between the stretch columns by weight. When there is
  not enough room, the view's ``overflow`` decides: ``"scroll"`` keeps every column as
  wide as it wants and the table scrolls sideways (a list of many columns: the name is
  never cut to a few letters); ``"shrink"`` narrows the stretch columns, the heaviest
  first (notes before names), and content columns marked ``give`` (before them, if
  higher), down to their ``floor`` (elided, whole in the tooltip).
* with no stretch column visible, the room left is shared by all of them.

Only the rows in view are measured (and the first :data:`SAMPLE_ROWS` of a table not yet
shown), so a 150,000-row list costs what its screenful costs.

**The user wins.** A column dragged wider or narrower by the user (a resize while the
mouse is pressed on the header), or a layout restored as the user left it
(:meth:`ColumnFitter.set_manual`), stops the fitting: the widths stay as they are until
:meth:`ColumnFitter.reset` (the pages' "Reset columns"). :attr:`ColumnFitter.auto` says
which; pages save it with their layout.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QStyle, QTableView, QTreeView

#: Rows measured when the view is not shown yet (no rows "in view").
SAMPLE_ROWS = 40
#: Rows measured at most when shown (a very tall window).
MAX_ROWS = 120
#: Pixels added to a cell's or header's own width (the text never touches the grid).
PADDING = 8


@dataclass(frozen=True)
class Fit:
    """How one column is sized while its table sizes itself (widths in ems: the width of
    “中” in the view's font)."""

    stretch: bool = False
    cap: float = 16.0  # at most this wide from its contents
    weight: float = 1.0  # share of the room left over (stretch columns)
    floor: float = 6.0  # "shrink" narrows a stretch column no further (and never below
    #                     its header)
    #: when short of room, how early the column gives up width (higher first), down to its
    #: floor: stretch columns give by their weight; a content column only if this is set
    #: (a "last changed" date elided before a name is)
    give: float = 0.0
    #: texts the column may show beyond the rows in view (a date column whose first rows
    #: are empty still fits a date; a tier column its longest tier), asked at each fit
    samples: Callable[[], Sequence[str]] | None = field(default=None, compare=False)


CONTENT = Fit()
#: A short column: a date, a status, a count, a code.
SHORT = Fit(cap=12.0)


def stretch(weight: float = 1.0, cap: float = 22.0, floor: float = 7.0,
            give: float = 0.0) -> Fit:
    """A name, title or notes column (``give``: see :attr:`Fit.give`; 0: by its weight)."""
    return Fit(stretch=True, cap=cap, weight=weight, floor=floor, give=give)


def em(view: QAbstractItemView) -> int:
    return max(1, view.fontMetrics().horizontalAdvance("中"))


class ColumnFitter(QObject):
    """Sizes ``view``'s columns by ``fits`` (logical column → :class:`Fit`; columns not
    named are :data:`CONTENT`). See the module docstring."""

    #: The user resized a column: the fitting stopped (``auto`` is now False).
    manual = Signal()

    def __init__(self, view: QTableView | QTreeView,
                 fits: Mapping[int, Fit] | Callable[[int], Fit] | None = None, *,
                 overflow: str = "shrink", row_padding: int | None = None,
                 on_rows: str = "always") -> None:
        super().__init__(view)
        assert overflow in ("scroll", "shrink") and on_rows in ("always", "first")
        self.view = view
        self._fits = fits or {}
        self.overflow = overflow
        #: rows as tall as a line of the font plus this (followed on a zoom); None: the
        #: view's own row heights
        self.row_padding = row_padding
        #: "first": new rows fit the columns only until a fit has measured some (a search
        #: list whose rows change at each keystroke keeps its widths while the user types)
        self.on_rows = on_rows
        self._measured = False
        self.auto = True
        self._applying = False
        self._pressed = False
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.fit)
        self._model = None
        header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
        self._header = header
        self._header_viewport = header.viewport()
        self._viewport = view.viewport()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # while fitting, the fit fills the width; the user's widths get the last column
        # stretched to the edge as before
        self._stretch_last = header.stretchLastSection()
        header.setStretchLastSection(False)
        header.sectionResized.connect(self._on_section_resized)
        self._header_viewport.installEventFilter(self)
        view.installEventFilter(self)
        self._viewport.installEventFilter(self)
        self._watch_model()

    # ------------------------------------------------------------------ what to watch
    @property
    def header(self) -> QHeaderView:
        return self._header

    def fit_of(self, column: int) -> Fit:
        fits = self._fits
        if callable(fits):
            return fits(column)
        return fits.get(column, CONTENT)

    def _watch_model(self) -> None:
        model = self.view.model()
        if model is None or model is self._model:
            return
        self._model = model
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved,
                       model.layoutChanged, model.dataChanged):
            signal.connect(self._rows_changed)
        model.headerDataChanged.connect(self.schedule)

    def _rows_changed(self, *_args: object) -> None:
        if self.on_rows == "always" or not self._measured:
            self.schedule()

    def schedule(self, *_args: object) -> None:
        """Fit once the event loop is idle (many changes in a row fit once)."""
        if self.auto:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if watched is self._header_viewport:
            if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
                self._pressed = True
            elif kind == QEvent.Type.MouseButtonRelease:
                self._pressed = False
        elif watched is self.view:
            if kind == QEvent.Type.FontChange:
                if self.row_padding is not None and isinstance(self.view, QTableView):
                    self.view.verticalHeader().setDefaultSectionSize(
                        self.view.fontMetrics().height() + self.row_padding)
                self.schedule()
            elif kind == QEvent.Type.Show:
                self.fit()  # now: the first paint shows the fitted widths
                self.schedule()  # (and again once the layouts have settled)
            elif kind == QEvent.Type.StyleChange:
                self.schedule()
        elif watched is self._viewport and kind == QEvent.Type.Resize:
            self.schedule()
        return False

    def _on_section_resized(self, _logical: int, _old: int, _new: int) -> None:
        if self._applying or not self._pressed or not self.auto:
            return
        self.set_manual()
        self.manual.emit()

    # ------------------------------------------------------------------ manual / auto
    def set_manual(self) -> None:
        """Keep the widths as they are (the user's, or a layout restored as the user left
        it) until :meth:`reset`."""
        self.auto = False
        self._timer.stop()
        self._applying = True
        try:
            self.header.setStretchLastSection(self._stretch_last)
        finally:
            self._applying = False

    def offer_reset(self, label: Callable[[], str]) -> None:
        """A right-click on the header offers "Reset columns" (``label()``, translated when
        asked): back to fitting."""
        header = self.header
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        def menu(pos: QPoint) -> None:
            popup = QMenu(header)
            popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            popup.addAction(label(), self.reset)
            popup.popup(header.mapToGlobal(pos))

        header.customContextMenuRequested.connect(menu)

    def restore(self, fitted: object) -> None:
        """After a header's saved state is put back: the saved ``fitted`` flag (``auto``
        when it was saved; None for a layout saved before there was one) says whether its
        widths are the user's (then they stay) or a fit (then the columns fit again, to
        this screen and zoom). The resize modes saved with the state are set back to
        interactive."""
        self.header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        if str(fitted).lower() in ("0", "false"):
            self.set_manual()
        else:
            self.auto = True
            self._applying = True
            try:
                self.header.setStretchLastSection(False)
            finally:
                self._applying = False
            self.schedule()

    def reset(self) -> None:
        """Back to fitting (the pages' "Reset columns"), now."""
        self.auto = True
        self._applying = True
        try:
            self.header.setStretchLastSection(False)
        finally:
            self._applying = False
        self.fit()

    # ------------------------------------------------------------------ measuring
    def _rows(self) -> range:
        view, model = self.view, self.view.model()
        count = model.rowCount(view.rootIndex()) if model is not None else 0
        if not count:
            return range(0)
        if not view.isVisible() or isinstance(view, QTreeView):
            return range(min(count, SAMPLE_ROWS))
        top = view.rowAt(0) if isinstance(view, QTableView) else 0
        bottom = view.rowAt(view.viewport().height() - 1) if isinstance(view, QTableView) else -1
        top = max(top, 0)
        bottom = count - 1 if bottom < 0 else bottom
        return range(top, min(bottom + 1, top + MAX_ROWS))

    def wanted(self, column: int) -> int:
        """The width the column's header and the cells in view ask for (uncapped)."""
        view, model = self.view, self.view.model()
        width = self.header.sectionSizeHint(column)
        samples = self.fit_of(column).samples
        if samples is not None:
            metrics = view.fontMetrics()
            margin = 2 * (view.style().pixelMetric(
                QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
            for text in samples():
                width = max(width, metrics.horizontalAdvance(text) + margin + PADDING)
        if isinstance(view, QTreeView):
            width = max(width, view.sizeHintForColumn(column))
        elif model is not None:
            for row in self._rows():
                index = model.index(row, column, view.rootIndex())
                width = max(width, view.sizeHintForIndex(index).width() + PADDING)
        return width

    def widths(self) -> dict[int, int]:
        """The widths a fit gives the visible columns now (logical column → pixels)."""
        header = self.header
        unit = em(self.view)
        available = self.view.viewport().width()
        columns = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        want: dict[int, int] = {}
        floor: dict[int, int] = {}
        for column in columns:
            fit = self.fit_of(column)
            head = header.sectionSizeHint(column)
            cap = max(head, round(fit.cap * unit))
            want[column] = min(self.wanted(column), cap)
            floor[column] = min(want[column], max(head, round(fit.floor * unit)))
        stretching = [c for c in columns if self.fit_of(c).stretch] or columns
        spare = available - sum(want.values())
        out = dict(want)
        if spare >= 0:
            weights = {c: self.fit_of(c).weight for c in stretching}
            total = sum(weights.values()) or 1.0
            given = 0
            for column in stretching[:-1]:
                extra = int(spare * weights[column] / total)
                out[column] += extra
                given += extra
            out[stretching[-1]] += spare - given
        elif self.overflow == "shrink":
            # the heaviest stretch columns (notes, e-mail) give first, down to their floor;
            # columns of the same weight share the cut by what each can give
            deficit = -spare
            order = {c: self._give(c) for c in columns if self._give(c) > 0}
            for priority in sorted(set(order.values()), reverse=True):
                give = {c: want[c] - floor[c] for c, p in order.items() if p == priority}
                room = sum(give.values())
                if room <= 0:
                    continue
                cut = min(deficit, room)
                for column, slack in give.items():
                    out[column] -= round(cut * slack / room)
                deficit -= cut
                if deficit <= 0:
                    break
        return out

    def _give(self, column: int) -> float:
        fit = self.fit_of(column)
        return fit.give or (fit.weight if fit.stretch else 0.0)

    # ------------------------------------------------------------------ fitting
    def fit(self) -> None:
        """Size the columns now (nothing while the user's widths stand)."""
        self._timer.stop()
        if not shiboken6.isValid(self.view):
            return
        self._watch_model()
        if not self.auto or self.view.model() is None or not self.view.isVisible():
            return  # (shown: it fits then)
        header = self.header
        self._applying = True
        try:
            if self._rows():
                self._measured = True
            for column, width in self.widths().items():
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._applying = False


__all__ = ["CONTENT", "SHORT", "ColumnFitter", "Fit", "em", "stretch"]
