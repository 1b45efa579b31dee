"""The termbase screen's table: a Qt-free selection of terms and a thin Qt model over it.

:func:`select_terms` filters and sorts a term list (the cached ``termbase.terms``) for a
:class:`TermQuery`. It runs on the database lane: with 150,000 record names a pass over
them is a few tens of milliseconds there, and never on the GUI thread. The model then
holds the selected ``Term`` objects only (a list of references) and formats a row when the
view asks for it, so even "all names from records" stays responsive.

Sorting is part of the query too: clicking a header emits ``sort_requested`` and the
page runs the query again; the model itself never sorts. The Chinese column sorts by
pinyin while the selection is small enough (:data:`PINYIN_SORT_LIMIT`); beyond that by
code point, which keeps it fast (pinyin costs about 0.3 ms per new name).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont

from coop_desktop import text
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.services.reference import glossary_note
from coop_desktop.services.termbase import Term, TermOrigin
from ui.models.row_table import ID_ROLE, RowTableModel

TERM_ROLE = Qt.ItemDataRole.UserRole + 10  # the row's Term
COL_ZH, COL_EN, COL_NOTE, COL_ORIGIN = range(4)
PINYIN_SORT_LIMIT = 5_000
READ_ONLY_COLOR = QColor("#5f6368")

#: The origin filter's entries: (key, label msgid, origins shown).
ORIGIN_FILTERS: tuple[tuple[str, str, frozenset[TermOrigin]], ...] = (
    ("default", N_("Shipped and my terms"),
     frozenset({TermOrigin.GLOSSARY, TermOrigin.USER})),
    ("glossary", N_("Shipped glossary"), frozenset({TermOrigin.GLOSSARY})),
    ("user", N_("My terms"), frozenset({TermOrigin.USER})),
    ("record", N_("Names from records"), frozenset({TermOrigin.RECORD})),
    ("all", N_("All, with names from records"), frozenset(TermOrigin)),
)

MSG_RECORD_READ_ONLY = N_("Edit the enterprise or zone to change this name.")
_ORIGIN_CELL = {
    TermOrigin.GLOSSARY: N_("Shipped"),
    TermOrigin.USER: N_("My term"),
}
_RECORD_CELL = {"enterprise": N_("Enterprise record"), "zone": N_("Zone record")}


@dataclass(frozen=True)
class TermQuery:
    """What the table shows: a text (matched in Chinese or English), origins, order."""

    text: str = ""
    origins: frozenset[TermOrigin] = field(default_factory=lambda: ORIGIN_FILTERS[0][2])
    column: int = COL_ZH
    descending: bool = False

    @property
    def records_too(self) -> bool:
        return TermOrigin.RECORD in self.origins


@dataclass(frozen=True)
class TermSelection:
    """:func:`select_terms`'s answer: the rows, and how many the origins hold unfiltered."""

    rows: list[Term]
    total: int


_pinyin: dict[str, str] = {}


def _pinyin_key(zh: str) -> str:
    key = _pinyin.get(zh)
    if key is None:
        key = _pinyin[zh] = text.pinyin(zh)
    return key


def select_terms(terms: Iterable[Term], query: TermQuery) -> TermSelection:
    """The terms of ``query.origins`` whose Chinese or English contains ``query.text``
    (full-width/half-width and case ignored), in the query's order."""
    wanted = query.origins
    pool = [t for t in terms if t.origin in wanted]
    needle = text.normalize(query.text).casefold()
    rows = pool
    if needle:  # (the terms are stored trimmed; only the needle needs NFKC)
        rows = [t for t in pool if needle in t.zh.casefold() or needle in t.en.casefold()]
    rows = sort_terms(rows, query.column, query.descending)
    return TermSelection(rows, len(pool))


def sort_terms(rows: Sequence[Term], column: int, descending: bool = False) -> list[Term]:
    if column == COL_ZH:
        by_pinyin = len(rows) <= PINYIN_SORT_LIMIT
        return sorted(rows, key=lambda t: (_pinyin_key(t.zh) if by_pinyin else "", t.zh, t.en),
                      reverse=descending)
    if column == COL_EN:
        return sorted(rows, key=lambda t: (t.en.casefold(), t.zh), reverse=descending)
    if column == COL_NOTE:
        # Terms without a note go last either way.
        noted = sorted((t for t in rows if t.note), key=lambda t: (t.note or "").casefold(),
                       reverse=descending)
        return noted + [t for t in rows if not t.note]
    order = {TermOrigin.USER: 0, TermOrigin.GLOSSARY: 1, TermOrigin.RECORD: 2}
    return sorted(rows, key=lambda t: (order[t.origin], t.entity, t.zh), reverse=descending)


def term_key(term: Term) -> tuple[str, int | None]:
    """What identifies a row across reloads (record names share ids with other tables)."""
    return (term.entity, term.id)


class GlossaryTableModel(RowTableModel):
    """Rows are :class:`Term`; ``edited`` holds the ids of shipped terms the user changed."""

    COLUMNS = (N_("Chinese"), N_("English"), N_("Notes"), N_("Origin"))
    sort_requested = Signal(int, Qt.SortOrder)

    def __init__(self, tr: Translator, parent: QObject | None = None) -> None:
        super().__init__(tr, parent)
        self.edited: frozenset[int] = frozenset()
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_terms(self, rows: list[Term], edited: Iterable[int] = ()) -> None:
        self.edited = frozenset(edited)
        self.set_rows(rows)

    def row_of(self, key: tuple[str, int | None]) -> int:
        return next((i for i, t in enumerate(self.rows) if term_key(t) == key), -1)

    def origin_text(self, term: Term) -> str:
        _ = self.translator.gettext
        if term.origin is TermOrigin.RECORD:
            return _(_RECORD_CELL.get(term.entity, N_("Record name")))
        if term.origin is TermOrigin.GLOSSARY and term.id in self.edited:
            return _("Shipped, edited by you")
        return _(_ORIGIN_CELL[term.origin])

    def note_text(self, term: Term) -> str:
        """The note in the UI language: a shipped note (unchanged) in its Chinese rendering
        in the Chinese UI; a note someone wrote, as written."""
        return glossary_note(term.note, self.translator.language)

    def cell(self, term: Term, column: int, role: int) -> Any:
        _ = self.translator.gettext
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_ZH:
                return term.zh
            if column == COL_EN:
                return term.en
            if column == COL_NOTE:
                return " ".join(self.note_text(term).split())
            return self.origin_text(term)
        if role == Qt.ItemDataRole.ToolTipRole:
            if term.read_only:
                return _(MSG_RECORD_READ_ONLY)
            if column == COL_NOTE and term.note:
                return self.note_text(term)
            if column in (COL_ZH, COL_EN):
                return f"{term.zh}\n{term.en}"
            if column == COL_ORIGIN and term.origin is TermOrigin.GLOSSARY:
                return _("Shipped with Coop Desktop; your changes are kept when the glossary "
                         "is updated.")
            return None
        if role == Qt.ItemDataRole.ForegroundRole and term.read_only:
            return READ_ONLY_COLOR
        if role == Qt.ItemDataRole.FontRole and term.read_only and column == COL_ORIGIN:
            return self._italic
        if role == ID_ROLE:
            return term.id
        if role == TERM_ROLE:
            return term
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is done by the query (off the GUI thread); ask for it."""
        if 0 <= column < len(self.COLUMNS):
            self.sort_requested.emit(column, order)


__all__ = ["COL_EN", "COL_NOTE", "COL_ORIGIN", "COL_ZH", "GlossaryTableModel",
           "MSG_RECORD_READ_ONLY", "ORIGIN_FILTERS", "TERM_ROLE", "TermQuery", "TermSelection",
           "select_terms", "sort_terms", "term_key"]
