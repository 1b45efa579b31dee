"""The enterprise list as a Qt table model: ordered ids plus a lazily filled row cache.

Loading (measured on 150,000 enterprises, see ``bench/ui_list.py``):

- Rows first. Every query runs on the DB lane (``ctx.runner``) in up to three steps:
  ``enterprises.list_page`` gives the first rows (``FIRST_PAGE`` of the plain list, a screen
  and a half — ``SEARCH_FIRST_PAGE`` — of a search or filter, whose keyset page is a few
  milliseconds by the search plans) and they are shown at once (the plain list's count, an
  index count, comes along); then ``count`` (a search's count: FTS counts most without
  touching the table); then ``enterprises.ids`` fetches the ordered id list of every match and
  the rest is *appended* (``beginInsertRows``), so nothing on screen jumps. A broad term's ids
  (有限公司: 135,000) take 0.1-0.6 s; before, the list waited for them to show anything.
  Ids are kept in an ``array('q')``: 1.2 MB for 150k ids, where a list of Python ints left
  17 MB of RSS behind.
- Each query carries a generation number and a stop flag: a result that a newer query has
  superseded is dropped, a superseded job that has not started yet returns at once, and the
  count or id list still being read for it stops within a fraction of a millisecond
  (``ReadStopped``: SQLite's progress handler), so the next keystroke's rows never wait behind
  the last one's ids and the table never shows stale results however fast the user types.
- Row data comes from ``enterprises.summaries`` in blocks of ``BLOCK`` rows when a row is
  first painted, synchronously on the GUI thread: 50 summaries take 2–5 ms on the 150k
  database (WAL: readers never wait for the DB lane's writer). At most ``CACHE_ROWS`` rows
  are kept (LRU), so memory does not grow with the size of the database.
- ``reload()`` (after a change) refreshes in one step and swaps the id list; the caller
  restores selection and scroll position by id.

The model holds no widget state; sorting by a header calls :meth:`sort`, which re-queries
with the column's ``EnterpriseQuery.sort`` key (Chinese names sort by pinyin in the core).
"""

from __future__ import annotations

import logging
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from coop_desktop.i18n import formatting as fmt
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.models import LABELS, EnterpriseSummary, TitleTier
from coop_desktop.reference import regions
from coop_desktop.rules import industry_label, size_class_label
from coop_desktop.services import enterprises
from coop_desktop.services.enterprises import EnterpriseQuery, ReadStopped
from ui.context import AppContext
from ui.tasks import Cancelled, show_error
from ui.widgets.visible_text import shown

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole

FIRST_PAGE = 200
#: The first rows of a search or filter: a tall window's screenful (each row of a sparse
#: term's first page costs ~0.1-0.5 ms; the rest arrive with the id list).
SEARCH_FIRST_PAGE = 40
BLOCK = 50
CACHE_ROWS = 1000

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
# Plain ints: data() is called ~800 times per repaint, mostly for roles it does not answer.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ID = int(ID_ROLE)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ROLES = frozenset((_DISPLAY, _ALIGN, _TOOLTIP, _ID, _FOREGROUND))
#: The tiers by their full official names (``models.LABELS``), as the home page and the
#: forms name them: 专精特新“小巨人”企业, not 小巨人 (the list fits the column to them).
TIER_NAMES = {tier.value: LABELS[tier] for tier in TitleTier}
#: A title expiring within this many days is shown in amber, an expired one cannot be
#: listed (only valid titles are); as the titles tab's reminders.
EXPIRY_SOON_DAYS = 90
_SOON = QColor("#b06000")


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # English msgid
    sort: str | None  # EnterpriseQuery.sort value, None = not sortable
    width: int  # default width in pixels
    numeric: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("name_zh", N_("Chinese name"), "name_zh", 230),
    Column("name_en", N_("English name"), "name_en", 240),
    # the highest valid SRDI title and its expiry (not sortable: computed per row shown)
    Column("srdi_tier", N_("SRDI title"), None, 110),
    Column("srdi_expires", N_("Title expires"), None, 105),
    Column("uscc", N_("USCC"), "uscc", 165),
    Column("place", N_("Province / city"), None, 150),
    Column("industry", N_("Industry"), None, 150),
    Column("size_class", N_("Size class"), "size_class", 80),
    Column("employees", N_("Employees"), "employees", 80, numeric=True),
    Column("revenue", N_("Revenue"), "revenue_fen", 130, numeric=True),
    Column("tags", N_("Tags"), None, 150),
    Column("updated", N_("Updated"), "updated_at", 110),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)


def is_unfiltered(query: EnterpriseQuery) -> bool:
    """True when the query only sorts (its count is a cheap index count)."""
    plain = EnterpriseQuery(sort=query.sort, descending=query.descending, deleted=query.deleted,
                            today=query.today)
    return replace(query, text=query.text.strip()) == plain


def place_text(row: EnterpriseSummary, tr: Translator) -> str:
    """``广东省深圳市`` / ``Shenzhen, Guangdong``; a municipality is named once."""
    province = regions.lookup(row.province_code)
    if tr.language == "zh_CN":
        prov, city = (province.name_zh if province else ""), row.city_zh or ""
        return prov if city == prov else prov + city
    prov, city = (province.name_en if province else ""), row.city_en or ""
    return ", ".join(x for x in (city, prov if prov != city else "") if x)


def _local(value: datetime) -> datetime:
    return value.astimezone() if value.tzinfo is not None else value


def _label(fn: Callable[[str, str], str], key: str | None, language: str) -> str:
    if not key:
        return ""
    try:
        return fn(key, language)
    except ValueError:  # a value the rules no longer know: show it raw
        return key


@dataclass(frozen=True)
class _First:
    """What the first step of a query hands to the GUI thread."""

    rows: list[EnterpriseSummary]
    ids: array[int] | None  # every match, in order; None: only ``rows`` so far
    count: int | None = None


class _Row:
    __slots__ = ("summary", "texts", "language")

    def __init__(self, summary: EnterpriseSummary | None) -> None:
        self.summary = summary  # None: gone from the database since the ids were read
        self.texts: tuple[str, ...] | None = None
        self.language = ""


class EnterpriseTableModel(QAbstractTableModel):
    """Rows of the enterprise list for ``query`` (see the module docstring)."""

    #: The query's full result is in: ``(count)``. Emitted after each (re)load.
    loaded = Signal(int)
    #: The count of a search is known: ``(count)`` (its rows are still coming in).
    counted = Signal(int)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.query = EnterpriseQuery()
        self._ids: array[int] = array("q")
        self._cache: OrderedDict[int, _Row] = OrderedDict()
        self._count: int | None = None  # nothing loaded yet
        self._complete = False
        self._gen = 0
        self._stop = threading.Event()  # set when the current query is superseded
        self._pending = False
        #: Why the model last reset: "query" (new query or sort) or "reload" (data changed).
        self.reset_reason = "query"

    # ------------------------------------------------------------------ querying
    @property
    def count(self) -> int | None:
        """Number of matches of the rows shown, None while it is not known yet."""
        return self._count

    @property
    def complete(self) -> bool:
        return self._complete

    @property
    def busy(self) -> bool:
        """A query or reload has not delivered its full result yet."""
        return self._pending

    def set_query(self, query: EnterpriseQuery) -> None:
        """Show ``query``'s matches (see the module docstring for the steps)."""
        self.query = query
        gen = self._next_gen()
        stop = self._stop
        db = self.ctx.db
        plain = is_unfiltered(query)

        def first() -> _First | None:
            if stop.is_set():
                return None  # superseded before it started: do nothing
            page = enterprises.list_page(db, query, limit=FIRST_PAGE if plain
                                         else SEARCH_FIRST_PAGE)
            if page.next_cursor is None:
                return _First(page.rows, array("q", (r.id for r in page.rows)))
            return _First(page.rows, None, enterprises.count(db, query) if plain else None)

        self.ctx.runner.run(first, on_success=lambda result: self._on_first(gen, query, result),
                            on_failure=lambda exc: self._failed(gen, exc))

    def reload(self) -> None:
        """Re-run the current query in one step (after a change); rows keep their places."""
        query = self.query
        gen = self._next_gen()
        stop = self._stop
        db = self.ctx.db

        def all_ids() -> array[int] | None:
            if stop.is_set():
                return None
            try:
                return array("q", enterprises.ids(db, query, stop=stop.is_set))
            except ReadStopped:
                return None

        self.ctx.runner.run(all_ids, on_success=lambda ids: self._on_reloaded(gen, ids),
                            on_failure=lambda exc: self._failed(gen, exc))

    def _next_gen(self) -> int:
        self._stop.set()  # the query shown until now: whatever is still read for it stops
        self._stop = threading.Event()
        self._gen += 1
        self._pending = True
        return self._gen

    def _stale(self, gen: int) -> bool:
        """A newer query took over, or the model is gone (its page was closed)."""
        return gen != self._gen or not shiboken6.isValid(self)

    def _on_first(self, gen: int, query: EnterpriseQuery, result: _First | None) -> None:
        if self._stale(gen) or result is None:
            return
        self.reset_reason = "query"
        self.beginResetModel()
        self._ids = result.ids if result.ids is not None else array(
            "q", (r.id for r in result.rows))
        for summary in result.rows:
            self._store(summary.id, summary)
        self._complete = result.ids is not None
        self._count = len(result.ids) if result.ids is not None else result.count
        self.endResetModel()
        if self._complete:
            self._pending = False
            self.loaded.emit(len(self._ids))
            return
        db, stop = self.ctx.db, self._stop
        if self._count is None:
            def count_rows() -> int | None:
                if stop.is_set():
                    return None
                try:
                    return enterprises.count(db, query, stop=stop.is_set)
                except ReadStopped:
                    return None

            self.ctx.runner.run(count_rows, on_success=lambda n: self._on_count(gen, n),
                                on_failure=lambda exc: self._failed(gen, exc))

        def rest() -> array[int] | None:
            if stop.is_set():
                return None
            try:
                return array("q", enterprises.ids(db, query, stop=stop.is_set))
            except ReadStopped:
                return None

        self.ctx.runner.run(rest, on_success=lambda ids: self._on_rest(gen, ids),
                            on_failure=lambda exc: self._failed(gen, exc))

    def _on_count(self, gen: int, count: int | None) -> None:
        if self._stale(gen) or count is None or self._complete:
            return
        self._count = count
        self.counted.emit(count)

    def _on_rest(self, gen: int, ids: array[int] | None) -> None:
        if self._stale(gen) or ids is None:
            return
        shown = len(self._ids)
        if ids[:shown] == self._ids:
            if len(ids) > shown:
                self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)  # last row inclusive
                self._ids = ids
                self.endInsertRows()
        else:  # the data changed between the two steps
            self.reset_reason = "query"
            self.beginResetModel()
            self._ids = ids
            self.endResetModel()
        self._finish(len(ids))

    def _on_reloaded(self, gen: int, ids: array[int] | None) -> None:
        if self._stale(gen) or ids is None:
            return
        if ids == self._ids:  # same rows, same order: only the cells may have changed
            self._finish(len(ids))
            self._emit_all_changed()
            return
        self.reset_reason = "reload"
        self.beginResetModel()
        self._ids = ids
        self.endResetModel()
        self._finish(len(ids))

    def _failed(self, gen: int, exc: BaseException) -> None:
        """A query failed: say so (the rows shown stay), unless a newer query took over."""
        if self._stale(gen):
            return
        self._pending = False
        self._complete = True
        if not isinstance(exc, Cancelled):
            show_error(QApplication.activeWindow(), self.ctx.tr, exc)

    def _finish(self, count: int) -> None:
        self._complete = True
        self._pending = False
        self._count = count
        self.loaded.emit(count)

    def invalidate(self, ids: Iterable[int] | None = None) -> None:
        """Forget cached rows (``ids``, or all) so they are read again when painted."""
        if ids is None:
            self._cache.clear()
        else:
            for enterprise_id in ids:
                self._cache.pop(enterprise_id, None)

    # ------------------------------------------------------------------ row cache
    def _store(self, enterprise_id: int, summary: EnterpriseSummary | None) -> None:
        self._cache[enterprise_id] = _Row(summary)
        self._cache.move_to_end(enterprise_id)
        while len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)

    def _fetch_block(self, row: int) -> None:
        start = row - row % BLOCK
        wanted = [i for i in self._ids[start:start + BLOCK] if i not in self._cache]
        try:
            found = {s.id: s for s in enterprises.summaries(self.ctx.db, wanted)}
        except Exception:  # noqa: BLE001 - a paint must not raise; the next reload retries
            log.exception("reading enterprise rows failed")
            found = {}
        for enterprise_id in wanted:
            self._store(enterprise_id, found.get(enterprise_id))

    def _row(self, row: int) -> _Row:
        enterprise_id = self._ids[row]
        cached = self._cache.get(enterprise_id)
        if cached is None:
            self._fetch_block(row)
            cached = self._cache[enterprise_id]
        else:
            self._cache.move_to_end(enterprise_id)  # least recently painted goes first
        return cached

    def summary(self, row: int) -> EnterpriseSummary | None:
        return self._row(row).summary if 0 <= row < len(self._ids) else None

    def cached_summaries(self, ids: Sequence[int] | None = None) -> list[EnterpriseSummary]:
        """The rows of ``ids`` (None: all) that are in the cache (no database access)."""
        out = []
        for enterprise_id in (list(self._cache) if ids is None else ids):
            cached = self._cache.get(enterprise_id)
            if cached is not None and cached.summary is not None:
                out.append(cached.summary)
        return out

    # ------------------------------------------------------------------ ids and rows
    @property
    def ids(self) -> Sequence[int]:
        """The ordered ids of the rows (an ``array('q')``; do not modify)."""
        return self._ids

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, enterprise_id: int | None) -> int:
        if enterprise_id is None:
            return -1
        try:
            return self._ids.index(enterprise_id)
        except ValueError:
            return -1

    def rows_of(self, wanted: set[int]) -> list[int]:
        """Rows of every id in ``wanted`` that is shown, in row order."""
        if not wanted:
            return []
        if len(wanted) <= 8:
            return sorted(r for r in (self.row_of(i) for i in wanted) if r >= 0)
        return [row for row, i in enumerate(self._ids) if i in wanted]

    # ------------------------------------------------------------------ i18n
    def retranslate(self) -> None:
        """The UI language changed: headers and every formatted cell."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self._emit_all_changed()

    def _emit_all_changed(self) -> None:
        if self._ids:
            last = self.index(len(self._ids) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def _texts(self, cached: _Row) -> tuple[str, ...]:
        tr: Translator = self.ctx.tr
        if cached.texts is not None and cached.language == tr.language:
            return cached.texts
        s = cached.summary
        if s is None:
            texts = ("",) * len(COLUMNS)
        else:
            lang = tr.language
            texts = (
                s.name_zh,
                s.name_en or "",
                tr.gettext(TIER_NAMES[s.srdi_tier]) if s.srdi_tier in TIER_NAMES else "",
                fmt.format_date(s.srdi_expires_on, tr) if s.srdi_expires_on else "",
                s.uscc,
                place_text(s, tr),
                _label(industry_label, s.industry, lang),
                _label(size_class_label, s.size_class, lang),
                fmt.format_number(s.employees, tr) if s.employees is not None else "",
                fmt.format_amount_short(s.revenue_fen, tr) if s.revenue_fen is not None else "",
                ("、" if lang == "zh_CN" else ", ").join(s.tags),
                fmt.format_date(_local(s.updated_at), tr),
            )
        cached.texts, cached.language = texts, tr.language
        return texts

    def _tooltip(self, s: EnterpriseSummary, column: str) -> str | None:
        tr: Translator = self.ctx.tr
        if column in ("name_zh", "name_en"):
            return "\n".join(x for x in (s.name_zh, s.name_en) if x)
        if column == "revenue" and s.revenue_fen is not None:
            return fmt.format_amount(s.revenue_fen, tr)
        if column == "updated":
            return fmt.format_datetime(s.updated_at, tr)
        if column == "tags" and s.tags:
            return "\n".join(s.tags)
        if column == "place":
            return place_text(s, tr) or None
        if column == "industry":  # (the column is narrower than the longest names)
            return _label(industry_label, s.industry, tr.language) or None
        if column in ("srdi_tier", "srdi_expires") and s.srdi_tier:
            tier = tr.gettext(TIER_NAMES[s.srdi_tier]) if s.srdi_tier in TIER_NAMES \
                else s.srdi_tier
            if s.srdi_expires_on is None:
                return tier
            return tr.gettext("{title}, valid until {date}").format(
                title=tier, date=fmt.format_date(s.srdi_expires_on, tr))
        return None

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.ctx.tr.gettext(column.title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.numeric else _LEFT
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flag = Qt.ItemFlag
        return flag.ItemIsEnabled | flag.ItemIsSelectable | flag.ItemNeverHasChildren

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        role = int(role)
        if role not in _ROLES or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._ids) and 0 <= column < len(COLUMNS)):
            return None
        if role == _DISPLAY:
            return shown(self._texts(self._row(row))[column])  # control characters visible
        if role == _ALIGN:
            return _RIGHT if COLUMNS[column].numeric else _LEFT
        if role == _ID:
            return self._ids[row]
        summary = self._row(row).summary
        if role == _FOREGROUND:
            if COLUMNS[column].key != "srdi_expires" or summary is None \
                    or summary.srdi_expires_on is None:
                return None
            days = (summary.srdi_expires_on - date.today()).days
            return _SOON if days <= EXPIRY_SOON_DAYS else None
        return self._tooltip(summary, COLUMNS[column].key) if summary is not None else None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query sorted by ``column``; columns without a sort key are ignored."""
        if not 0 <= column < len(COLUMNS) or COLUMNS[column].sort is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        key = COLUMNS[column].sort
        assert key is not None
        if key == self.query.sort and descending == self.query.descending:
            return
        self.set_query(replace(self.query, sort=key, descending=descending))

    def sort_column(self) -> int:
        """The column of the current sort key (-1 if none shows it)."""
        return next((i for i, c in enumerate(COLUMNS) if c.sort == self.query.sort), -1)
