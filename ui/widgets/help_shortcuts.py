"""Help ▸ Keyboard shortcuts: every shortcut of the menus (read from the window, so the sheet
never disagrees with the menus) and those that belong to one place (the enterprise search,
the application editor, the find bar), in the UI language, with a filter."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLineEdit, QMenu, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from coop_desktop.i18n.catalog import N_

#: Shortcuts that belong to one place: (where, what, keys); msgids, keys as Qt writes them.
LOCAL: tuple[tuple[str, str, str], ...] = (
    (N_("Enterprise list"), N_("Open the first match of the search"), "Return"),
    (N_("Enterprise list"), N_("Open the selected enterprise"), "Return"),
    (N_("Application editor"), N_("Insert a glossary term"), "Ctrl+T"),
    (N_("Application editor"), N_("Insert translation-memory match 1 to 5"), "Ctrl+1 … Ctrl+5"),
    (N_("Application editor"), N_("Find in both languages"), "Ctrl+F"),
    (N_("Find bar"), N_("Next match"), "F3"),
    (N_("Find bar"), N_("Previous match"), "Shift+F3"),
    (N_("Find bar"), N_("Close the find bar"), "Esc"),
    (N_("Dialogs"), N_("Close without saving"), "Esc"),
)
_MNEMONIC = re.compile(r"\(&\w\)|&(?=\w)")


def plain(text: str) -> str:
    """A menu text without its mnemonic ("保存(&S)" → "保存", "&Save" → "Save") or "…"."""
    return _MNEMONIC.sub("", text).replace("&&", "&").rstrip("…").rstrip(".").strip()


_TYPED_KEY = re.compile(r"^(F\d+|Del|Delete|Esc|Return|Enter|Ins|Backspace)$")


def keys_text(action: QAction) -> str:
    """The action's key combinations a keyboard has (not the dedicated Copy/Redo… keys some
    keyboards have, which Qt also binds), at most three."""
    keys = [k for k in action.shortcuts() if not k.isEmpty()]
    typed = [k for k in keys if "+" in k.toString(QKeySequence.SequenceFormat.PortableText)
             or _TYPED_KEY.match(k.toString(QKeySequence.SequenceFormat.PortableText))]
    return "  /  ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                        for k in (typed or keys)[:3])


def menu_rows(window: Any) -> list[tuple[str, str, str]]:
    """``(menu, command, keys)`` for every menu entry that has a shortcut."""
    rows = []
    for top in window.menuBar().actions():
        menu = top.menu()
        if not isinstance(menu, QMenu):
            continue
        for act in menu.actions():
            if act.isSeparator() or not act.shortcuts():
                continue
            rows.append((plain(top.text()), plain(act.text()), keys_text(act)))
    return rows


class ShortcutSheet(QDialog):
    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window = window
        self.setObjectName("shortcutSheet")
        self.filter = QLineEdit()
        self.filter.setObjectName("shortcutFilter")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("shortcutTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        window.ctx.lang.changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self.resize(640, 600)

    def rows(self) -> list[tuple[str, str, str]]:
        _ = self.window.ctx.tr.gettext
        local = [(_(where), _(what), keys) for where, what, keys in LOCAL]
        return menu_rows(self.window) + local

    def retranslate_ui(self) -> None:
        _ = self.window.ctx.tr.gettext
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.filter.setPlaceholderText(_("Filter…"))
        self.table.setHorizontalHeaderLabels([_("Where"), _("Command"), _("Keys")])
        rows = self.rows()
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)
        self._filter(self.filter.text())

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for r in range(self.table.rowCount()):
            cells = " ".join(self.table.item(r, c).text() for c in range(3)).casefold()
            self.table.setRowHidden(r, bool(needle) and needle not in cells)
