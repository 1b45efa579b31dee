"""Invisible control characters in user text, made visible (see ``coop_desktop.controls``).

Names cannot hold them (the services refuse them), but descriptions, notes and sections may:
a NUL or a U+202E pasted from another document. The UI never lets them act unseen:

* **read-only text** (tables, labels, history, comparisons) goes through :func:`shown`:
  each such character becomes ``[U+202E]``;
* **editors** show each as a stand-in character (private use, left-to-right, one UTF-16
  unit: it never reverses the text around it) that :class:`ControlMarks` highlights and
  whose tooltip names it; :func:`set_plain` / :func:`plain` swap them in and out, so the
  text saved is exactly the text loaded (plus the user's edits). Deleting the marker
  deletes the character.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from coop_desktop import controls
from coop_desktop.i18n.catalog import N_, Translator
from ui.fonts import register_bundled_fonts

MARK_FG, MARK_BG = QColor("#ffffff"), QColor("#b3261e")
MSG_CONTROL = N_("Invisible control character {char}. It is kept as it is; delete the marker "
                 "to remove it.")
REVEALING = "coopRevealing"  # dynamic property: the edit's text went through reveal()


def shown(value: Any) -> Any:
    """``value`` for read-only display: a text's control characters as ``[U+XXXX]``."""
    return controls.visible(value) if isinstance(value, str) else value


def mark_format() -> QTextCharFormat:
    """White on red, drawn with the bundled CJK font: a stand-in (private use) has no glyph
    of its own anywhere, and that font's stand-in box (a box with a cross) reads as a
    marker; Latin fonts draw a thin empty box that looks like a missing character. Same
    marker on the Chinese and the English side."""
    fmt = QTextCharFormat()
    fmt.setForeground(MARK_FG)
    fmt.setBackground(MARK_BG)
    fmt.setFontWeight(QFont.Weight.Bold)
    cjk = [f for f in register_bundled_fonts() if "SC" in f or "CJK" in f]
    if cjk:
        fmt.setFontFamilies(cjk[:1])
    return fmt


def mark_stand_ins(highlighter: QSyntaxHighlighter, text: str, fmt: QTextCharFormat) -> None:
    """Highlight the stand-ins in one block (stand-ins are BMP: Qt and Python offsets agree up
    to the first astral character; after one, the caller's offset conversion applies)."""
    for m in controls.STAND_IN_PATTERN.finditer(text):
        highlighter.setFormat(_utf16(text, m.start()), 1, fmt)


def _utf16(text: str, index: int) -> int:
    return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)


class ControlMarks(QSyntaxHighlighter):
    """Highlights the stand-ins of an editor filled through :func:`set_plain`."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.fmt = mark_format()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt API
        if text:
            mark_stand_ins(self, text, self.fmt)


def revealing(edit: QTextEdit | QPlainTextEdit) -> bool:
    return bool(edit.property(REVEALING))


def reveal_for(edit: QTextEdit | QPlainTextEdit, text: str) -> str:
    """``text`` as ``edit`` shows it (stand-ins, if the edit is revealing)."""
    return controls.reveal(text) if revealing(edit) else text


def conceal_for(edit: QTextEdit | QPlainTextEdit, text: str) -> str:
    """``text`` taken from ``edit``, as it is stored."""
    return controls.conceal(text) if revealing(edit) else text


def set_plain(edit: QTextEdit | QPlainTextEdit, text: str | None) -> None:
    """Fill a plain-text editor: control characters as highlighted stand-ins."""
    text = text or ""
    edit.setProperty(REVEALING, controls.revealable(text))
    if revealing(edit) and getattr(edit, "_control_marks", None) is None:
        edit._control_marks = ControlMarks(edit.document())  # type: ignore[union-attr]
    edit.setPlainText(reveal_for(edit, text))


def plain(edit: QTextEdit | QPlainTextEdit) -> str:
    """The editor's text as it is stored (stand-ins back to what they stand for)."""
    return conceal_for(edit, edit.toPlainText())


def tooltip(char: str, tr: Translator) -> str:
    """What the tooltip over a stand-in says ("" if ``char`` is not one)."""
    original = controls.stand_in_of(char)
    if original is None:
        return ""
    return tr.gettext(MSG_CONTROL).format(char=controls.describe(original))


def insert_revealed(edit: QTextEdit | QPlainTextEdit, source: QMimeData) -> bool:
    """Paste plain text with its control characters as stand-ins; False: not plain text."""
    if not source.hasText() or not revealing(edit):
        return False
    edit.textCursor().insertText(controls.reveal(source.text()))
    edit.ensureCursorVisible()
    return True


def concealed_copy(edit: QTextEdit | QPlainTextEdit, data: QMimeData) -> QMimeData:
    """What Copy/Cut put on the clipboard: the real characters, not the stand-ins."""
    if revealing(edit) and data.hasText():
        text = controls.conceal(data.text())
        data = QMimeData()
        data.setText(text)
    return data


class RevealingPlainTextEdit(QPlainTextEdit):
    """A QPlainTextEdit that shows control characters as highlighted stand-ins: fill it with
    :meth:`set_text`, read it with :meth:`stored_text`; paste and copy keep the real
    characters."""

    def set_text(self, text: str | None) -> None:
        set_plain(self, text)

    def stored_text(self) -> str:
        return plain(self)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt API
        if not insert_revealed(self, source):
            super().insertFromMimeData(source)

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 - Qt API
        return concealed_copy(self, super().createMimeDataFromSelection())
