"""The enterprise list's columns: which are shown, in what order and how wide, sorting by a
column title, and what File ▸ Export list / Print list take from them.

A mix-in of :class:`ui.pages.enterprises.EnterprisesPage` (it uses the page's ``table``,
``model``, ``filters`` and ``ctx``).

* **Widths** fit what the columns show (:mod:`ui.widgets.column_fit`): codes, dates, tiers
  and figures as wide as their texts, the names given the rest and never cut below their
  text (up to a cap) — the list scrolls sideways instead. They fit again when the font (zoom),
  the language, the columns shown or the width change. A column the user drags to a width,
  or a layout saved that way, keeps its widths until "Reset columns".
* **Shown columns**: by default every column but the tags, and the English name only in the
  English UI (in the Chinese UI the Chinese name says it); a language switch follows that
  default until the user chooses columns from the header's menu — then the choice stays.
* **Saved** (``save_state``) by key, so a column added in a later version finds its place,
  with two flags: ``fitted`` (the widths are a fit, not the user's) and ``hidden_user``
  (the columns shown are the user's choice). A layout saved before these flags counts as
  the user's when it differs from that version's defaults.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QPoint, QSignalBlocker, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from coop_desktop.i18n.catalog import Translator
from coop_desktop.i18n.formatting import format_date
from coop_desktop.rules import SIZE_CLASSES, size_class_label
from ui.models.enterprise_table import COLUMN_KEYS, COLUMNS, TIER_NAMES
from ui.widgets.column_fit import ColumnFitter, Fit, stretch

#: How each column is sized while the list fits its columns (see the module docstring).
COLUMN_FITS: dict[str, Fit] = {
    "name_zh": stretch(weight=1.0, cap=20),
    "name_en": stretch(weight=1.2, cap=26),
    "industry": Fit(cap=12), "place": Fit(cap=12), "tags": Fit(cap=12),
}
#: A date as wide as dates get (the widest month and day).
_WIDE_DATE = date(2028, 12, 28)
#: A code as wide as codes get.
_WIDE_USCC = "91440300MA5GWMWQ8X"


def column_samples(key: str, tr: Translator) -> list[str]:
    """Texts the column may show beyond the rows in view (see ``column_fit.Fit.samples``):
    a date column fits a date, the tier column its longest tier, though the first rows
    have none."""
    if key in ("srdi_expires", "updated"):
        return [format_date(_WIDE_DATE, tr)]
    if key == "srdi_tier":
        return [tr.gettext(name) for name in TIER_NAMES.values()]
    if key == "uscc":
        return [_WIDE_USCC]
    if key == "size_class":
        return [size_class_label(k, tr.language) for k in SIZE_CLASSES]
    return []
#: Hidden by default (``name_en`` too, in the Chinese UI).
HIDDEN_BY_DEFAULT = frozenset({"tags"})
#: What an earlier version hid and how wide it made each column: a layout saved then with
#: these is that version's default, not the user's choice.
_LEGACY_HIDDEN = frozenset({"name_en", "tags"})
_LEGACY_WIDTHS = {c.key: c.width for c in COLUMNS}


def default_hidden(language: str) -> frozenset[str]:
    """The columns hidden until the user chooses (see the module docstring)."""
    return HIDDEN_BY_DEFAULT if language != "zh_CN" else HIDDEN_BY_DEFAULT | {"name_en"}


def _flag(value: object) -> bool | None:
    """A saved 0/1 flag (QSettings gives it back as a string or an int); None: not saved."""
    if value is None:
        return None
    return str(value).strip().lower() in ("1", "true")


class EnterpriseColumns:
    """The column half of the enterprise page (see the module docstring)."""

    table: Any
    model: Any
    ctx: Any
    filters: Any

    def _build_columns(self) -> None:
        self._hidden_user = False  # the columns shown are the user's choice
        self.columns = ColumnFitter(self.table, self._column_fit, overflow="scroll",
                                    row_padding=10, on_rows="first")
        self._default_header()

    def _column_fit(self, index: int) -> Fit:
        key = COLUMNS[index].key
        fit = COLUMN_FITS.get(key, Fit())
        if key in ("srdi_expires", "updated", "srdi_tier", "uscc", "size_class"):
            fit = replace(fit, samples=lambda: column_samples(key, self.ctx.tr))
        return fit

    # ------------------------------------------------------------------ shown columns
    def _default_header(self) -> None:
        """The columns as they come: the original order, the default columns shown for the
        UI language, fitted (the column menu's "Reset columns")."""
        header = self.table.horizontalHeader()
        for i in range(len(COLUMNS)):  # the original order, if columns were dragged
            header.moveSection(header.visualIndex(i), i)
        for i, column in enumerate(COLUMNS):
            header.resizeSection(i, column.width)
        self._hidden_user = False
        self._show_default_columns()
        with QSignalBlocker(header):
            header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.columns.reset()

    def _show_default_columns(self) -> None:
        header = self.table.horizontalHeader()
        hidden = default_hidden(self.ctx.tr.language)
        for i, column in enumerate(COLUMNS):
            header.setSectionHidden(i, column.key in hidden)
        self.columns.schedule()

    def _columns_follow_language(self) -> None:
        """A language switch: the default columns of the new language, unless the user
        chose them."""
        if not self._hidden_user:
            self._show_default_columns()

    def hidden_columns(self) -> list[str]:
        header = self.table.horizontalHeader()
        return [c.key for i, c in enumerate(COLUMNS) if header.isSectionHidden(i)]

    def set_column_visible(self, key: str, visible: bool) -> None:
        """Show or hide a column (the user's choice: kept over the language's default)."""
        header = self.table.horizontalHeader()
        index = COLUMN_KEYS.index(key)
        if not visible and header.count() - header.hiddenSectionCount() <= 1:
            return  # keep at least one column
        self._hidden_user = True
        header.setSectionHidden(index, not visible)
        if visible and header.sectionSize(index) < 30:
            header.resizeSection(index, COLUMNS[index].width)
        self.columns.schedule()

    def _column_menu(self, pos: QPoint) -> QMenu:
        _ = self.ctx.tr.gettext
        header = self.table.horizontalHeader()
        menu = QMenu(self.table)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        visible = header.count() - header.hiddenSectionCount()
        for i, column in enumerate(COLUMNS):
            act = QAction(_(column.title), menu, checkable=True)
            act.setChecked(not header.isSectionHidden(i))
            act.setEnabled(header.isSectionHidden(i) or visible > 1)
            act.toggled.connect(lambda on, key=column.key: self.set_column_visible(key, on))
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(_("Reset columns"), self._default_header)
        menu.popup(header.mapToGlobal(pos))
        return menu

    # ------------------------------------------------------------------ sorting
    def _on_sort_indicator(self, section: int, order: Qt.SortOrder) -> None:
        if COLUMNS[section].sort is None:  # not sortable: put the indicator back
            with QSignalBlocker(self.table.horizontalHeader()):
                self._show_sort_indicator()
            return
        before = self.model.query
        self.model.sort(section, order)
        if self.model.query != before:
            self._sorting = True  # the reset that follows keeps the current row in view
            self._restore = None

    def _show_sort_indicator(self) -> None:
        order = (Qt.SortOrder.DescendingOrder if self.model.query.descending
                 else Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSortIndicator(self.model.sort_column(), order)

    # ------------------------------------------------------------------ export and print
    #: The export columns (``coop_desktop.exchange.export_lists``) of a list column.
    EXPORT_COLUMNS = {"place": ("province", "city"), "revenue": ("revenue_fen",),
                      "updated": ("updated_at",), "srdi_tier": ("srdi_titles",),
                      "srdi_expires": ("srdi_titles",)}

    def list_source(self) -> Any:
        """What File ▸ Export list and Print list take (``ui.widgets.list_export``): the
        query shown (search, filters, sort) and the visible columns in their order."""
        from coop_desktop.exchange.export_filter import describe
        from ui.widgets.list_export import ListSource, sort_words

        self._apply_query()  # type: ignore[attr-defined]  # a search still waiting
        query = self.model.query
        header = self.table.horizontalHeader()
        visible: list[str] = []
        for visual in range(header.count()):
            index = header.logicalIndex(visual)
            if not header.isSectionHidden(index):
                key = COLUMNS[index].key
                visible += [c for c in self.EXPORT_COLUMNS.get(key, (key,)) if c not in visible]
        tr = self.ctx.tr
        zone = self.filters.zone.currentText()
        name = self.filters.programme_name
        column = next((c for c in COLUMNS if c.sort == query.sort), COLUMNS[0])
        return ListSource("enterprises", self.model.count, query=query, visible=visible,
                          filters=describe(query, tr, zone_name=lambda _id: zone,
                                           cluster_name=lambda i: name("cluster", i),
                                           pilot_city_name=lambda i: name("pilot_city", i)),
                          sort=sort_words(tr, tr.gettext(column.title), query.descending))

    # ------------------------------------------------------------------ kept between runs
    def column_layout(self) -> str:
        """The columns in their order with their widths, by key: ``name_zh:230,uscc:165,…``
        (kept by key, so a column added in a later version finds its place)."""
        header = self.table.horizontalHeader()
        parts = []
        for visual in range(header.count()):
            logical = header.logicalIndex(visual)
            parts.append(f"{COLUMNS[logical].key}:{header.sectionSize(logical)}")
        return ",".join(parts)

    def set_column_layout(self, layout: str) -> dict[str, int]:
        """Put back :meth:`column_layout`: unknown keys are skipped, a column the layout
        does not name goes after the one before it in ``COLUMNS``. Returns the widths read
        (by key)."""
        header = self.table.horizontalHeader()
        widths: dict[str, int] = {}
        for part in layout.split(","):
            key, _sep, width = part.partition(":")
            if key in COLUMN_KEYS and key not in widths:
                widths[key] = int(width) if width.isdigit() else 0
        if not widths:
            return widths
        order = list(widths)
        for i, key in enumerate(COLUMN_KEYS):
            if key not in order:
                before = COLUMN_KEYS[i - 1] if i else None
                order.insert(order.index(before) + 1 if before in order else 0, key)
        with QSignalBlocker(header):
            for visual, key in enumerate(order):
                header.moveSection(header.visualIndex(COLUMN_KEYS.index(key)), visual)
            for key, width in widths.items():
                if width >= 20:  # (a hidden column reports 0: it keeps its default)
                    header.resizeSection(COLUMN_KEYS.index(key), width)
        return widths

    def _save_columns(self) -> dict[str, object]:
        return {"columns": self.column_layout(), "fitted": int(self.columns.auto),
                "hidden": ",".join(self.hidden_columns()),
                "hidden_user": int(self._hidden_user)}

    def _restore_columns(self, state: dict[str, object]) -> None:
        header = self.table.horizontalHeader()
        hidden = state.get("hidden")
        keys = ({k for k in hidden.split(",") if k in COLUMN_KEYS}
                if isinstance(hidden, str) else None)
        chosen = _flag(state.get("hidden_user"))
        if keys is not None and chosen is None:  # saved before the flag
            chosen = keys != _LEGACY_HIDDEN
        if keys is not None and chosen and len(keys) < len(COLUMNS):
            self._hidden_user = True
            for i, column in enumerate(COLUMNS):
                header.setSectionHidden(i, column.key in keys)
        layout = state.get("columns")
        widths = self.set_column_layout(layout) if isinstance(layout, str) else {}
        # (a binary "header" of an earlier version is not restored: its columns are not
        # these; the hidden ones above are kept by key)
        fitted = _flag(state.get("fitted"))
        if fitted is None:  # saved before the flag: the user's if not that version's default
            shown = [k for k in widths if not header.isSectionHidden(COLUMN_KEYS.index(k))]
            last = shown[-1] if shown else None  # (it was stretched to the edge)
            fitted = all(widths[k] == _LEGACY_WIDTHS.get(k) for k in shown if k != last)
        if widths and not fitted:
            self.columns.set_manual()
        else:
            self.columns.restore(True)


__all__ = ["COLUMN_FITS", "EnterpriseColumns", "default_hidden"]
