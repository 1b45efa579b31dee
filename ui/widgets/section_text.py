"""The text fields of the application editor: a plain-text edit that grows with its content,
and the highlighter that marks placeholders, template gaps and (Chinese side) termbase terms.

Offsets. The core indexes text by Python code points; Qt (cursors, ``setFormat``) by UTF-16
code units. They differ only after a character outside the Basic Multilingual Plane (rare
CJK extension characters, emoji), so :func:`to_qt` / :func:`from_qt` convert, with a fast
path for the usual text that has none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor, QFocusEvent, QFont, QInputMethodEvent, QResizeEvent, QSyntaxHighlighter,
    QTextCharFormat, QTextCursor, QTextDocument,
)
from PySide6.QtWidgets import QFrame, QTextEdit, QWidget

from coop_desktop import controls
from coop_desktop.documents.placeholders import PLACEHOLDER_RE, PLACEHOLDERS
from coop_desktop.services.applications import FILL_IN_RE
from coop_desktop.services.termbase import TermHit
from ui.widgets import visible_text

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

ERROR_FG, ERROR_BG = QColor("#b3261e"), QColor("#fde7e9")
GAP_FG, GAP_BG = QColor("#7a4f01"), QColor("#fff1c2")
TERM_COLOUR = QColor("#1a5fb4")
MIN_LINES = 3


def to_qt(text: str, index: int) -> int:
    """A code-point index into ``text`` as a UTF-16 position."""
    if not _ASTRAL.search(text, 0, index):
        return index
    return index + len(_ASTRAL.findall(text, 0, index))


def from_qt(text: str, position: int) -> int:
    """A UTF-16 position in ``text`` as a code-point index."""
    if not _ASTRAL.search(text):
        return position
    units = 0
    for i, ch in enumerate(text):
        if units >= position:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def plain_text(document: QTextDocument) -> str:
    """The text exactly as typed: ``toPlainText`` would turn no-break spaces into spaces."""
    return document.toRawText().replace("\u2029", "\n").replace("\u2028", "\n")


class SectionTextEdit(QTextEdit):
    """Plain text only, no own scroll bar: its height follows the content (the editor's
    scroll area scrolls). ``focused``/``left`` report focus for the section's panels;
    ``wanted_height`` is what the content needs (the row makes both sides as tall)."""

    focused = Signal()
    left = Signal()
    height_wanted = Signal()

    def __init__(self, side: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side = side
        self.setObjectName(f"section_{side}")
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.document().setDocumentMargin(6)
        self.document().documentLayout().documentSizeChanged.connect(self._size_changed)

    def _size_changed(self, _size: object) -> None:
        self.height_wanted.emit()

    # Control characters (U+202E, NUL…) are shown as highlighted stand-ins that never reverse
    # the text around them; ``text()`` gives the real characters (ui.widgets.visible_text).
    def setPlainText(self, text: str | None) -> None:  # noqa: N802 - Qt API
        self.setProperty(visible_text.REVEALING, controls.revealable(text or ""))
        super().setPlainText(visible_text.reveal_for(self, text or ""))

    def text(self) -> str:
        return visible_text.conceal_for(self, plain_text(self.document()))

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt API
        if not visible_text.insert_revealed(self, source):
            super().insertFromMimeData(source)

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 - Qt API
        return visible_text.concealed_copy(self, super().createMimeDataFromSelection())

    def wanted_height(self) -> int:
        line = self.fontMetrics().lineSpacing()
        content = int(self.document().size().height() + 0.99)
        frame = 2 * self.frameWidth()
        return max(content, MIN_LINES * line + 2 * int(self.document().documentMargin())) + frame

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(super().sizeHint().width(), self.wanted_height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.height_wanted.emit()

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 - Qt API
        if self.isReadOnly():  # Qt would still take a commit sent to a read-only field
            event.ignore()
            return
        super().inputMethodEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusInEvent(event)
        self.focused.emit()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusOutEvent(event)
        self.left.emit()

    def select_span(self, start: int, end: int) -> None:
        """Select ``text()[start:end]`` (code-point offsets, clamped) and show it."""
        text = self.text()
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        cursor = self.textCursor()
        cursor.setPosition(to_qt(text, start))
        cursor.setPosition(to_qt(text, end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def selected_span(self) -> tuple[int, int]:
        text, cursor = self.text(), self.textCursor()
        return from_qt(text, cursor.selectionStart()), from_qt(text, cursor.selectionEnd())

    def cursor_index(self) -> int:
        return from_qt(self.text(), self.textCursor().position())

    def replace_all(self, text: str) -> None:
        """Put ``text`` in as one undoable edit (Ctrl+Z brings the old text back)."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(visible_text.reveal_for(self, text))
        cursor.endEditBlock()

    def insert_at_cursor(self, text: str) -> None:
        """Insert ``text`` at the cursor, replacing an empty field, as one undoable edit."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        if not self.text().strip():
            cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(visible_text.reveal_for(self, text))
        cursor.endEditBlock()
        self.setTextCursor(cursor)


def _format(fg: QColor | None = None, bg: QColor | None = None, *, bold: bool = False,
            underline: QTextCharFormat.UnderlineStyle | None = None,
            underline_colour: QColor | None = None) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if fg is not None:
        fmt.setForeground(fg)
    if bg is not None:
        fmt.setBackground(bg)
    if bold:
        fmt.setFontWeight(QFont.Weight.DemiBold)
    if underline is not None:
        fmt.setUnderlineStyle(underline)
        fmt.setUnderlineColor(underline_colour or fg or TERM_COLOUR)
    return fmt


class SectionHighlighter(QSyntaxHighlighter):
    """Marks, per paragraph: ``{{placeholders}}`` (error colour; an unknown path also gets
    a wavy underline), template gaps ``【待填写：…】`` (amber) and, when ``find_terms`` is
    given (the Chinese side), termbase terms (dotted blue underline). Placeholders and gaps
    are drawn over terms. ``find_terms(text)`` must be fast: it runs on the GUI thread for
    each changed paragraph (``services.termbase.find_in`` with a prebuilt index is)."""

    def __init__(self, document: QTextDocument,
                 find_terms: Callable[[str], Sequence[TermHit]] | None = None) -> None:
        super().__init__(document)
        self.find_terms = find_terms
        self.placeholder = _format(ERROR_FG, ERROR_BG, bold=True)
        self.unknown = _format(ERROR_FG, ERROR_BG, bold=True,
                               underline=QTextCharFormat.UnderlineStyle.WaveUnderline)
        self.gap = _format(GAP_FG, GAP_BG)
        self.term = _format(underline=QTextCharFormat.UnderlineStyle.DotLine,
                            underline_colour=TERM_COLOUR)
        self.control = visible_text.mark_format()

    def set_term_finder(self, find_terms: Callable[[str], Sequence[TermHit]] | None) -> None:
        self.find_terms = find_terms
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt API
        if not text:
            return
        if self.find_terms is not None:
            for hit in self.find_terms(text):
                self._mark(text, hit.start, hit.end, self.term)
        for m in FILL_IN_RE.finditer(text):
            self._mark(text, m.start(), m.end(), self.gap)
        for m in PLACEHOLDER_RE.finditer(text):
            known = m.group(1).strip() in PLACEHOLDERS
            self._mark(text, m.start(), m.end(), self.placeholder if known else self.unknown)
        for m in controls.STAND_IN_PATTERN.finditer(text):  # a control character's marker
            self._mark(text, m.start(), m.end(), self.control)

    def _mark(self, text: str, start: int, end: int, fmt: QTextCharFormat) -> None:
        a, b = to_qt(text, start), to_qt(text, end)
        self.setFormat(a, b - a, fmt)
