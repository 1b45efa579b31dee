"""Laying out labelled fields: aligned section grids, error labels, invalid-field tint."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QStyle, QWidget

ERROR_COLOR = QColor("#b3261e")
INVALID_BASE = QColor("#fdecea")


class ErrorLabel(QLabel):
    """The message(s) next to a field, in the error colour; hidden when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setObjectName("fieldError")
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, ERROR_COLOR)
        self.setPalette(palette)
        self.hide()

    def set_messages(self, messages: Sequence[str]) -> None:
        self.setText("\n".join(messages))
        self.setVisible(bool(messages))


def label_text(text: str) -> str:
    """A label text for a QLabel with a buddy: a literal "&" (R&D) must not become a mnemonic."""
    return text.replace("&", "&&")


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Tint a text editor's background while its content is refused."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    if invalid:
        palette = QPalette(widget.palette())
        palette.setColor(QPalette.ColorRole.Base, INVALID_BASE)
        palette.setColor(QPalette.ColorRole.Text, QColor("#1f1f1f"))
        widget.setPalette(palette)
    else:
        widget.setPalette(QPalette())


@dataclass
class _Row:
    label: QLabel
    first: QWidget
    first_error: ErrorLabel | None
    second: QWidget | None
    second_error: ErrorLabel | None
    span: bool
    top: bool
    captions: tuple[QLabel, QLabel] | None


class Section(QGroupBox):
    """A titled group of labelled rows on a grid: label | first column | second column.

    Each row may hold one editor (optionally spanning both columns) or two side by side
    (中文 | English, province | city), with each editor's error label right under it.
    Call :meth:`set_label_width` with the widest label of the whole form so that the
    columns of every section line up. In compact mode (a narrow pane) each label goes
    above its editors, which then get the whole width.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(6)
        self.labels: list[QLabel] = []
        self.compact = False
        self._rows: list[_Row] = []
        self._pending_captions: tuple[QLabel, QLabel] | None = None
        self._label_width = 0
        hint = self.style().styleHint(QStyle.StyleHint.SH_FormLayoutLabelAlignment)
        self._label_align = Qt.AlignmentFlag(hint) if hint else Qt.AlignmentFlag.AlignLeft

    def add_captions(self) -> tuple[QLabel, QLabel]:
        """Small column headings (e.g. "Chinese" and "English") above the next row."""
        captions = (QLabel(self), QLabel(self))
        for caption in captions:
            font = caption.font()
            font.setPointSizeF(font.pointSizeF() * 0.9)
            caption.setFont(font)
            caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._pending_captions = captions
        return captions

    def add_row(self, first: QWidget, first_error: ErrorLabel | None = None,
                second: QWidget | None = None, second_error: ErrorLabel | None = None,
                *, span: bool = False, top: bool = False) -> QLabel:
        """Add a labelled row; returns its label (text set later, in retranslate)."""
        label = QLabel(self)
        label.setBuddy(first)
        self.labels.append(label)
        self._rows.append(_Row(label, first, first_error, second, second_error, span, top,
                               self._pending_captions))
        self._pending_captions = None
        self._place()
        return label

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            self._place()

    def label_width(self) -> int:
        return max((lbl.sizeHint().width() for lbl in self.labels), default=0)

    def set_label_width(self, width: int) -> None:
        self._label_width = width
        self.grid.setColumnMinimumWidth(0, 0 if self.compact else width)

    def _place(self) -> None:
        grid = self.grid
        while grid.count():
            grid.takeAt(0)
        # wide: label | first | second;  compact: (label above) first | second
        col = 0 if self.compact else 1
        for c in range(3):
            grid.setColumnStretch(c, 0)
            grid.setColumnMinimumWidth(c, 0)
        grid.setColumnStretch(col, 1)
        grid.setColumnStretch(col + 1, 1)
        if not self.compact:
            grid.setColumnMinimumWidth(0, self._label_width)
        r = 0
        for row in self._rows:
            vertical = Qt.AlignmentFlag.AlignTop if row.top else Qt.AlignmentFlag.AlignVCenter
            row.label.setContentsMargins(0, 4 if row.top and not self.compact else 0, 0, 0)
            if self.compact:
                grid.addWidget(row.label, r, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
                r += 1
            if row.captions is not None:
                grid.addWidget(row.captions[0], r, col)
                grid.addWidget(row.captions[1], r, col + 1)
                r += 1
            if not self.compact:
                grid.addWidget(row.label, r, 0, self._label_align | vertical)
            if row.second is None and row.span:
                grid.addWidget(row.first, r, col, 1, 2)
            else:
                grid.addWidget(row.first, r, col)
                if row.second is not None:
                    grid.addWidget(row.second, r, col + 1)
            if row.first_error is not None:
                grid.addWidget(row.first_error, r + 1, col, 1, 2 if row.second is None else 1)
            if row.second_error is not None:
                grid.addWidget(row.second_error, r + 1, col + 1)
            r += 2
