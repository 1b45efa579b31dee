"""Find text of the other language in a widget tree (used by ``test_one_language.py``).

:func:`visible_texts` walks a widget and its children and collects what the app writes for
the user: labels, buttons, group-box titles, tab texts and tooltips, table headers and the
cells of the first rows, menus and actions, combo-box items, list items, tooltips,
placeholders, spin-box affixes, window titles. The *contents* of editable fields are the
user's data and are not collected (their placeholders are).

:func:`foreign` says which parts of a text are in the other language, by script: Chinese
(Han) characters in the English UI; Latin words in the Chinese UI. Allowed are the proper
names and data the test passes (enterprise names from the database, e-mails…) and what is
the same in both languages (ISO codes, file formats, key names, URLs, e-mail addresses, the
product name, numbers).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QDateTimeEdit, QGroupBox,
    QHeaderView, QLabel, QLineEdit, QListWidget, QMainWindow, QMenu, QPlainTextEdit, QSpinBox,
    QDoubleSpinBox, QStackedWidget, QTabBar, QTabWidget, QTextEdit, QToolButton, QTreeWidget, QWidget,
)

#: Cells read per table (the first rows say whether a column is translated).
ROWS_PER_TABLE = 8

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]")
HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]")

#: Written the same in both UIs: whole tokens (taken out before the allowed names, which
#: they may contain: an e-mail holds a name)…
TOKENS = [
    re.compile(p) for p in (
        r"https?://\S+", r"www\.\S+", r"[\w.+-]+@[\w-]+(\.[\w-]+)+",  # URLs, e-mails
        r"\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(cn|com|org|net|gov|int)\b",  # domain names
        r"\{\{[\w.]+\}\}",  # a template placeholder, as the document's text has it
        r"\b[0-9A-HJ-NPQRTUWXY]{18}\b",  # USCCs
        r"--[a-z][a-z-]*",  # command-line options
        r"\b[A-Za-z]:?[\\/][^\s]*", r"(?<!\w)/[^\s]+",  # file paths
    )
]
#: … and words (taken out after the allowed names, which may contain them: "SME").
SAME_IN_BOTH = [
    re.compile(p) for p in (
        r"\*?\.[a-z][a-z0-9]{1,4}\b",  # file extensions and filters (.xlsx, *.csv)
        r"\b(Ctrl|Shift|Alt|Meta)(\+(\w+|[-+/=.,]))+", r"\bF\d{1,2}\b",  # Ctrl+Home, Ctrl++, F1
        r"\bEsc\b",  # a key named as the keyboard has it
        r"\bCoop Desktop\b",  # the product name
        r"(?<![A-Za-z])(PDF|CSV|XLSX?|Excel|SQLite|JSON|HTML|ZIP|USB|URL|ID|IP)(?![A-Za-z])",
        r"(?<![A-Za-z])(ISO|GB|CNY|RMB|USD|EUR|SMEs?|SRDI|MIIT|USCC|ODI|R&D|AI|IT|ICT)(?![A-Za-z])",
        r"(?<![A-Za-z])(?!OK)[A-Z]{2,3}(?![A-Za-z])",  # ISO country/currency codes, acronyms
        r"\bU\+[0-9A-F]{4,6}\b",  # control characters shown by code
        r"\bv?\d+(\.\d+)+\b",  # versions
        r"\bQt\b|\bPySide6?\b|\bPython\b|\breportlab\b|\bbabel\b|\bSQLAlchemy\b",
    )
]


@dataclass(frozen=True)
class Found:
    where: str  # widget class and object name, and which property
    text: str
    foreign: str  # the offending part

    def __str__(self) -> str:
        return f"{self.where}: {self.foreign!r} in {self.text!r}"


def _strip_markup(text: str) -> str:
    if "<" in text and ">" in text:
        text = re.sub(r"<style.*?</style>", " ", text, flags=re.S | re.I)
        text = re.sub(r"<[^>]+>", " ", text)
        text = (text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&"))
    return text


def foreign(text: str, language: str, allowed: Iterable[str] = (),
            expected: Iterable[str] = ()) -> str:
    """The part of ``text`` that is in the other language ("" when none). ``allowed``:
    data shown as written (names…); ``expected``: regular expressions for texts of the
    other script that belong where they are (each with its reason, in the test).

    A text is fine when the names and the patterns explain it in either order (a name may
    hold a quoted part, “一带一路”（长沙）…; a pattern may hold a name, 企业名称 / Company name).
    """
    allowed = sorted((a for a in allowed if a), key=len, reverse=True)
    expected = tuple(expected)
    first = _rest(text, language, allowed, expected, names_first=False)
    return first and _rest(text, language, allowed, expected, names_first=True)


def _rest(text: str, language: str, allowed: list[str], expected: tuple[str, ...],
          names_first: bool) -> str:
    rest = _strip_markup(text).replace("&&", "&")
    rest = re.sub(r"&(?=\w)", "", rest)  # mnemonics: &Save, 保存(&S)
    for pattern in TOKENS:
        rest = pattern.sub(" ", rest)
    steps = [lambda r: _without_names(r, allowed), lambda r: _without(r, expected)]
    for step in steps if names_first else reversed(steps):
        rest = step(rest)
    for pattern in SAME_IN_BOTH:
        rest = pattern.sub(" ", rest)
    if language.startswith("zh"):
        return " ".join(LATIN_WORD.findall(rest))
    return "".join(HAN_CHAR.findall(rest))


def _without_names(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace(name, " ")
    return text


def _without(text: str, patterns: tuple[str, ...]) -> str:
    for pattern in patterns:
        text = re.sub(pattern, " ", text)
    return text


def _name(widget: QWidget) -> str:
    name = widget.objectName()
    return f"{type(widget).__name__}#{name}" if name else type(widget).__name__


def _action_texts(actions: Iterable[QAction], where: str) -> Iterator[tuple[str, str]]:
    for act in actions:
        if act.isSeparator():
            continue
        yield f"{where} action {act.objectName()}", act.text()
        yield f"{where} action tip {act.objectName()}", act.toolTip() if act.toolTip() != \
            act.text().replace("&", "") else ""
        yield f"{where} action status {act.objectName()}", act.statusTip()
        menu = act.menu()
        if isinstance(menu, QMenu):
            yield f"{where} menu", menu.title()
            yield from _action_texts(menu.actions(), f"{where} > {menu.title()}")


def _model_texts(model: QAbstractItemModel, where: str, rows: int,
                 view: QAbstractItemView | None = None) -> Iterator[tuple[str, str]]:
    if model is None:
        return
    columns = model.columnCount()
    for c in range(columns):
        if view is not None and hasattr(view, "isColumnHidden") and view.isColumnHidden(c):
            continue
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = model.headerData(c, Qt.Orientation.Horizontal, role)
            if isinstance(value, str):
                yield f"{where} header {c}", value
    for r in range(min(rows, model.rowCount())):
        for c in range(columns):
            if view is not None and hasattr(view, "isColumnHidden") and view.isColumnHidden(c):
                continue
            index = model.index(r, c, QModelIndex())
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if isinstance(value, str):
                    yield f"{where} cell {r},{c}", value


def widget_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for one widget's own texts (not its children's)."""
    where = _name(widget)
    yield f"{where} tooltip", widget.toolTip()
    yield f"{where} status tip", widget.statusTip()
    yield f"{where} what's this", widget.whatsThis()
    if widget.isWindow():
        yield f"{where} window title", widget.windowTitle()
    if isinstance(widget, QLabel):
        yield f"{where} text", widget.text()
    elif isinstance(widget, QAbstractButton):
        yield f"{where} text", widget.text()
        if isinstance(widget, QToolButton) and widget.defaultAction() is not None:
            yield from _action_texts([widget.defaultAction()], where)
    elif isinstance(widget, QGroupBox):
        yield f"{where} title", widget.title()
    elif isinstance(widget, QLineEdit):
        yield f"{where} placeholder", widget.placeholderText()
    elif isinstance(widget, QTextEdit | QPlainTextEdit):
        yield f"{where} placeholder", widget.placeholderText()
        if widget.isReadOnly():
            yield f"{where} text", widget.toPlainText()
    elif isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield f"{where} item {i}", widget.itemText(i)
            tip = widget.itemData(i, Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str):
                yield f"{where} item tip {i}", tip
        if widget.lineEdit() is not None:
            yield f"{where} placeholder", widget.lineEdit().placeholderText()
        else:
            yield f"{where} placeholder", widget.placeholderText()
    elif isinstance(widget, QSpinBox | QDoubleSpinBox):
        yield f"{where} prefix", widget.prefix()
        yield f"{where} suffix", widget.suffix()
        yield f"{where} special", widget.specialValueText()
    elif isinstance(widget, QDateTimeEdit):
        yield f"{where} special", widget.specialValueText()
        yield f"{where} shown", widget.text()
    elif isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield f"{where} tab {i}", widget.tabText(i)
            yield f"{where} tab tip {i}", widget.tabToolTip(i)
    elif isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield f"{where} tab {i}", widget.tabText(i)
            yield f"{where} tab tip {i}", widget.tabToolTip(i)
    elif isinstance(widget, QMenu):
        yield f"{where} title", widget.title()
    if isinstance(widget, QListWidget):
        for i in range(widget.count()):
            yield f"{where} item {i}", widget.item(i).text()
            yield f"{where} item tip {i}", widget.item(i).toolTip()
    elif isinstance(widget, QTreeWidget):
        header = widget.headerItem()
        for c in range(widget.columnCount()):
            yield f"{where} header {c}", header.text(c)
        for i in range(min(ROWS_PER_TABLE, widget.topLevelItemCount())):
            item = widget.topLevelItem(i)
            for c in range(widget.columnCount()):
                yield f"{where} cell {i},{c}", item.text(c)
                yield f"{where} cell tip {i},{c}", item.toolTip(c)
    elif isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
        yield from _model_texts(widget.model(), where, ROWS_PER_TABLE, widget)
    if isinstance(widget, QMainWindow):
        yield from _action_texts(widget.menuBar().actions(), f"{where} menu bar")
    yield from _action_texts([a for a in widget.actions() if not isinstance(a.parent(), QMenu)
                              or widget is a.parent()], where)


def shown_widgets(root: QWidget) -> Iterator[QWidget]:
    """``root`` and its descendants that are shown with it, the pages of every tab widget and
    stacked widget included (a switch shows them), and menus (they pop up)."""
    yield root
    for child in root.children():
        if not isinstance(child, QWidget):
            continue
        if child.isHidden() and not isinstance(child, QMenu) \
                and not isinstance(root, QStackedWidget):
            continue
        yield from shown_widgets(child)


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """Texts of the widgets :func:`shown_widgets` walks."""
    for widget in shown_widgets(root):
        for where, text in widget_texts(widget):
            if text:
                yield where, text


def scan(root: QWidget, language: str, allowed: Iterable[str] = (),
         expected: Iterable[str] = ()) -> list[Found]:
    """Every text :func:`visible_texts` finds with a :func:`foreign` part."""
    allowed, expected = tuple(allowed), tuple(expected)
    out: list[Found] = []
    seen: set[tuple[str, str]] = set()
    for where, text in visible_texts(root):
        if (where, text) in seen:
            continue
        seen.add((where, text))
        bad = foreign(text, language, allowed, expected)
        if bad:
            out.append(Found(where, text, bad))
    return out


