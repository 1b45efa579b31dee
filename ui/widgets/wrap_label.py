"""A label whose text wraps to its width and that always gets the height of its lines.

A word-wrapped ``QLabel`` is laid out by its height-for-width, and Qt does not honour that
everywhere: in the enterprise form's section grids (a grid in a group box in a scroll area)
the row kept the one-line height it was first given and the second line was cut off — the
size class hint read "Worked out from the figures" and nothing more, in both languages.

:class:`WrapLabel` does the wrapping itself instead: it breaks its text into lines at its
current width (``QTextLayout``: Chinese between any two characters, other scripts at
spaces), shows those lines, and reports their height as its minimum height — a plain size
that every layout respects. When its width changes it breaks the lines again.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

#: The narrowest a wrapping label lets its row become (pixels).
MIN_WIDTH = 60


def break_lines(text: str, label: QLabel, width: int) -> list[str]:
    """``text`` broken into lines no wider than ``width`` in ``label``'s font."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if not paragraph:
            lines.append("")
            continue
        layout = QTextLayout(paragraph, label.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(width, 1))
            start = line.textStart()
            lines.append(paragraph[start:start + line.textLength()].rstrip())
        layout.endLayout()
    return lines


class WrapLabel(QLabel):
    """A plain-text label that wraps (see the module docstring); ``full_text()`` is the
    text as set."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._width = -1
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setProperty("wraps", True)

    def full_text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        self._full = text or ""
        self._width = -1
        self._rewrap()

    def _room(self) -> int:
        margins = self.contentsMargins()
        return self.width() - margins.left() - margins.right() - 2 * self.margin() - \
            max(self.indent(), 0)

    def _rewrap(self) -> None:
        room = self._room()
        if room == self._width:
            return
        self._width = room
        shown = "\n".join(break_lines(self._full, self, room)) if self._full and room > 0 \
            else self._full
        if shown != super().text():
            super().setText(shown)
            self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._rewrap()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """One line as wide as the text would like, or the lines it has now if taller."""
        lines = super().sizeHint()
        metrics = self.fontMetrics()
        wide = max((metrics.horizontalAdvance(p) for p in self._full.split("\n")), default=0)
        margins = self.contentsMargins()
        extra = margins.left() + margins.right() + 2 * self.margin() + max(self.indent(), 0)
        return QSize(wide + extra, lines.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(min(MIN_WIDTH, self.sizeHint().width()), super().sizeHint().height())
