"""Find in the application's text (Ctrl+F in the editor): a bar above the sections.

Every match in every section field (Chinese, then English, section by section) is marked;
the current one is selected in its field and scrolled into view. Enter / F3 go to the next
match, Shift+Enter / Shift+F3 to the previous one, Esc closes the bar and gives the field
its focus back with the match selected. Case is ignored; full-width and half-width forms are
matched as typed (a search for ５０ does not find 50: the QA checks compare values). The
marks follow edits while the bar is open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextEdit, QToolButton, QWidget

from coop_desktop.i18n.catalog import Translator

MATCH = QColor("#fde293")
CURRENT = QColor("#f9ab00")
REFRESH_MS = 150


@dataclass
class Match:
    edit: QTextEdit
    start: int  # Qt positions in the field's document
    end: int


def _selection(edit: QTextEdit, match: Match, colour: QColor) -> QTextEdit.ExtraSelection:
    selection = QTextEdit.ExtraSelection()
    cursor = QTextCursor(edit.document())
    cursor.setPosition(match.start)
    cursor.setPosition(match.end, QTextCursor.MoveMode.KeepAnchor)
    selection.cursor = cursor  # type: ignore[misc]
    fmt = QTextCharFormat()
    fmt.setBackground(colour)
    selection.format = fmt  # type: ignore[misc]
    return selection


def find_all(edits: Sequence[QTextEdit], needle: str) -> list[Match]:
    """Every occurrence of ``needle`` (case ignored) in ``edits``, in order."""
    found: list[Match] = []
    if not needle:
        return found
    for edit in edits:
        document = edit.document()
        cursor = document.find(needle, 0)
        while not cursor.isNull():
            found.append(Match(edit, cursor.selectionStart(), cursor.selectionEnd()))
            cursor = document.find(needle, cursor.selectionEnd())
    return found


class FindBar(QWidget):
    """``fields()`` gives the fields to search, in reading order; ``reveal(edit)`` scrolls
    the editor so that the field's cursor is visible."""

    def __init__(self, tr: Callable[[], Translator], fields: Callable[[], list[QTextEdit]],
                 reveal: Callable[[QTextEdit], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._tr, self._fields, self._reveal = tr, fields, reveal
        self.matches: list[Match] = []
        self.current = -1
        self._marked: list[QTextEdit] = []
        self.edit = QLineEdit()
        self.edit.setObjectName("findText")
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.count = QLabel()
        self.count.setObjectName("findCount")
        self.count.setMinimumWidth(90)
        self.previous_button, self.next_button = QToolButton(), QToolButton()
        self.previous_button.setText("↑")
        self.next_button.setText("↓")
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.previous_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(lambda: self.search(keep=True))
        self.edit.textChanged.connect(lambda _t: self.search())
        for keys, slot in ((QKeySequence.StandardKey.FindNext, self.next),
                           (QKeySequence.StandardKey.FindPrevious, self.previous)):
            shortcut = QShortcut(QKeySequence(keys), parent or self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda s=slot: self.isVisible() and s())
        self.hide()
        self.retranslate_ui()

    # ------------------------------------------------------------------ opening and closing
    def open(self, text: str = "") -> None:
        """Show the bar with ``text`` (e.g. the selection) or the last search, selected."""
        self.show()
        if text and "\n" not in text:
            self.edit.setText(text)
        else:
            self.search(keep=True)
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_bar(self) -> None:
        match = self.matches[self.current] if 0 <= self.current < len(self.matches) else None
        self.hide()
        self._unmark()
        self.matches, self.current = [], -1
        if match is not None:  # the user goes on where the search ended
            self._select(match)
            match.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def fields_changed(self) -> None:
        """A field's text changed: mark again shortly (only while the bar is open)."""
        if self.isVisible() and self.edit.text():
            self._refresh_timer.start()

    def reset(self) -> None:
        """Another application is shown: forget the matches (the old fields are gone)."""
        self._marked = []
        self.matches, self.current = [], -1
        if self.isVisible():
            self._refresh_timer.start()

    # ------------------------------------------------------------------ searching
    def search(self, *, keep: bool = False) -> None:
        """Find the text again; go to the first match from the previous position (``keep``)
        or from the top."""
        previous = self.matches[self.current] if keep and 0 <= self.current < len(
            self.matches) else None
        fields = self._fields()
        self.matches = find_all(fields, self.edit.text())
        self.current = -1
        if self.matches:
            self.current = 0
            if previous is not None and previous.edit in fields:
                order = fields.index(previous.edit)
                self.current = next(
                    (i for i, m in enumerate(self.matches)
                     if (fields.index(m.edit), m.start) >= (order, previous.start)), 0)
        self._mark()
        if self.current >= 0 and not keep:
            self._go(self.current)
        self._show_count()

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if not self.matches:
            self.search()
            if not self.matches:
                return
        self._go((self.current + delta) % len(self.matches))

    def _go(self, index: int) -> None:
        self.current = index
        self._mark()
        match = self.matches[index]
        self._select(match)
        self._reveal(match.edit)
        self._show_count()

    @staticmethod
    def _select(match: Match) -> None:
        cursor = match.edit.textCursor()
        cursor.setPosition(match.start)
        cursor.setPosition(match.end, QTextCursor.MoveMode.KeepAnchor)
        match.edit.setTextCursor(cursor)

    def _mark(self) -> None:
        self._unmark()
        by_field: dict[int, list[QTextEdit.ExtraSelection]] = {}
        for i, match in enumerate(self.matches):
            colour = CURRENT if i == self.current else MATCH
            by_field.setdefault(id(match.edit), []).append(_selection(match.edit, match, colour))
        for edit in {id(m.edit): m.edit for m in self.matches}.values():
            edit.setExtraSelections(by_field[id(edit)])
            self._marked.append(edit)

    def _unmark(self) -> None:
        live = set(map(id, self._fields()))
        for edit in self._marked:
            if id(edit) in live:
                edit.setExtraSelections([])
        self._marked = []

    # ------------------------------------------------------------------ keys and texts
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.previous()
                else:
                    self.next()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)

    def _show_count(self) -> None:
        tr = self._tr()
        if not self.edit.text():
            self.count.setText("")
        elif not self.matches:
            self.count.setText(tr.gettext("No match"))
        else:
            self.count.setText(tr.gettext("{current} of {total}").format(
                current=self.current + 1, total=len(self.matches)))
        self.count.setStyleSheet("color: #b3261e;" if self.edit.text() and not self.matches
                                 else "")

    def retranslate_ui(self) -> None:
        _ = self._tr().gettext
        self.edit.setPlaceholderText(_("Find in the text…"))
        self.previous_button.setToolTip(_("Previous match (Shift+Enter)"))
        self.next_button.setToolTip(_("Next match (Enter)"))
        self.close_button.setToolTip(_("Close (Esc)"))
        self._show_count()
