"""The home page's row widgets, painted with QPainter (QtCharts is not part of the PySide6
wheels this app uses; no other dependency is needed for bars).

* :func:`paint_bars` draws a horizontal bar chart (label, bar, value) into any QPainter —
  a widget, an image or a PDF page (``QPdfWriter``) — so a printed report can draw the same
  chart.
* :class:`BarChart` shows one on screen: each bar with a key (the filter it opens) is
  clickable, highlighted under the mouse and reachable with the keyboard (Tab to the chart,
  ↑/↓ to a bar, Enter/Space to open it); the tooltip gives the count and its share.
* :class:`LinkList` is a list of clickable rows (a text and a muted or coloured note on the
  right) built the same way: the deadlines, the coming dates, the recent records. A row's
  ``lead`` (an application's company) is shortened before its label (the title).

Long labels are elided (the tooltip shows them whole), so nothing is ever cut off mid-glyph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor, QFocusEvent, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

#: The bars' colour, and the one under the mouse or the keyboard.
BAR, BAR_HOT = QColor("#3b73c4"), QColor("#1f4f99")
ROW_HEIGHT = 26


@dataclass(frozen=True)
class Row:
    """One row: ``key`` is what a click opens (None: not clickable)."""

    label: str
    value: int = 0
    value_text: str = ""
    key: Any = None
    tooltip: str = ""
    note_colour: str | None = None  # LinkList: the note's colour (a deadline passed…)
    #: LinkList: a name before the label ("company · title") that gives way first when the
    #: row is short of room: the label stays whole as long as it can
    lead: str = ""


#: Between a row's lead and its label.
LEAD_SEPARATOR = " · "


def row_text(row: Row, metrics: QFontMetrics, room: int) -> str:
    """The row's text in ``room`` pixels: the lead is elided before the label (a company's
    name shortens, the application's title stays); the label is elided only when even a
    few characters of the lead leave it no room."""
    if not row.lead:
        return metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, room)
    whole = row.lead + LEAD_SEPARATOR + row.label
    if metrics.horizontalAdvance(whole) <= room:
        return whole
    tail = LEAD_SEPARATOR + row.label
    least = min(metrics.horizontalAdvance(row.lead), metrics.horizontalAdvance("中中中…"))
    lead_room = max(room - metrics.horizontalAdvance(tail), least)
    lead = metrics.elidedText(row.lead, Qt.TextElideMode.ElideRight, lead_room)
    rest = room - metrics.horizontalAdvance(lead + LEAD_SEPARATOR)
    return lead + LEAD_SEPARATOR + metrics.elidedText(row.label, Qt.TextElideMode.ElideRight,
                                                       max(rest, 0))


def paint_bars(painter: QPainter, rect: QRect | QRectF, rows: Sequence[Row], *,
               font: QFont, text: QColor, muted: QColor, row_height: float = ROW_HEIGHT,
               hot: int = -1, label_share: float = 0.38) -> None:
    """Horizontal bars in ``rect``: the label on the left (elided to ``label_share`` of the
    width at most), the bar scaled to the largest value, the value after the bar."""
    if not rows:
        return
    rect = QRectF(rect)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(font)
    metrics = QFontMetrics(font, painter.device())
    pad = metrics.horizontalAdvance("0") * 0.8
    label_w = min(max(metrics.horizontalAdvance(r.label) for r in rows) + pad,
                  rect.width() * label_share)
    value_w = max(metrics.horizontalAdvance(r.value_text) for r in rows) + pad
    bar_x = rect.left() + label_w + pad
    bar_room = max(rect.right() - value_w - bar_x, 1.0)
    largest = max((r.value for r in rows), default=0) or 1
    bar_h = max(row_height * 0.56, 4.0)
    for i, row in enumerate(rows):
        top = rect.top() + i * row_height
        if top + row_height > rect.bottom() + 0.5:
            break
        mid = top + row_height / 2
        label = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, int(label_w))
        painter.setPen(text)
        painter.drawText(QRectF(rect.left(), top, label_w, row_height),
                         int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), label)
        width = bar_room * row.value / largest
        if row.value > 0:
            width = max(width, 2.0)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(BAR_HOT if i == hot else BAR)
            painter.drawRoundedRect(QRectF(bar_x, mid - bar_h / 2, width, bar_h), 2, 2)
        painter.setPen(text if i == hot else muted)
        painter.drawText(QRectF(bar_x + width + pad / 2, top, value_w, row_height),
                         int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         row.value_text)
    painter.restore()


class _Rows(QWidget):
    """Clickable rows (mouse and keyboard); subclasses paint them."""

    activated = Signal(object)  # the row's key

    def __init__(self, parent: QWidget | None = None, *, max_rows: int = 10) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self.max_rows = max_rows
        self.empty_text = ""
        #: BarChart: the labels' share of the width at most.
        self.label_share = 0.38
        self._hot = -1
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def row_height(self) -> int:
        return max(ROW_HEIGHT, self.fontMetrics().height() + 10)

    def set_rows(self, rows: Sequence[Row], empty_text: str = "") -> None:
        self.rows = list(rows)[: self.max_rows]
        self.empty_text = empty_text
        self._hot = -1
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(320, self.row_height() * max(len(self.rows), 1) + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(160, self.sizeHint().height())

    def row_at(self, pos: QPoint) -> int:
        index = int((pos.y() - 2) // self.row_height())
        return index if 0 <= index < len(self.rows) else -1

    def row_rect(self, index: int) -> QRect:
        return QRect(0, 2 + index * self.row_height(), self.width(), self.row_height())

    def _clickable(self, index: int) -> bool:
        return 0 <= index < len(self.rows) and self.rows[index].key is not None

    def _set_hot(self, index: int) -> None:
        if index != self._hot:
            self._hot = index
            self.setCursor(Qt.CursorShape.PointingHandCursor if self._clickable(index)
                           else Qt.CursorShape.ArrowCursor)
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        index = self.row_at(event.position().toPoint())
        self._set_hot(index)
        if index >= 0 and self.rows[index].tooltip:
            QToolTip.showText(event.globalPosition().toPoint(), self.rows[index].tooltip, self,
                              self.row_rect(index))
        else:
            QToolTip.hideText()

    def leaveEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if not self.hasFocus():
            self._set_hot(-1)
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        index = self.row_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and self._clickable(index):
            self.activated.emit(self.rows[index].key)

    def activate_row(self, index: int) -> bool:
        """Open row ``index`` (as a click would); False when it opens nothing."""
        if not self._clickable(index):
            return False
        self.activated.emit(self.rows[index].key)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        clickable = [i for i in range(len(self.rows)) if self._clickable(i)]
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and clickable:
            if self._hot not in clickable:
                self._set_hot(clickable[0] if key == Qt.Key.Key_Down else clickable[-1])
            else:
                at = clickable.index(self._hot) + (1 if key == Qt.Key.Key_Down else -1)
                self._set_hot(clickable[max(0, min(at, len(clickable) - 1))])
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self._hot >= 0:
            self.activate_row(self._hot)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        if self._hot < 0:
            first = next((i for i in range(len(self.rows)) if self._clickable(i)), -1)
            self._set_hot(first)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        self._set_hot(-1)
        super().focusOutEvent(event)

    def _colours(self) -> tuple[QColor, QColor]:
        palette = self.palette()
        return (palette.color(QPalette.ColorRole.Text),
                palette.color(QPalette.ColorRole.PlaceholderText))

    def _paint_empty(self, painter: QPainter) -> bool:
        if self.rows:
            return False
        painter.setPen(self._colours()[1])
        painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignLeft
                                          | Qt.AlignmentFlag.AlignVCenter), self.empty_text)
        return True

    def _paint_hot(self, painter: QPainter) -> None:
        if self._clickable(self._hot):
            colour = QColor(self.palette().color(QPalette.ColorRole.Highlight))
            colour.setAlpha(28)
            painter.fillRect(self.row_rect(self._hot), colour)
            if self.hasFocus():
                painter.fillRect(QRect(0, self.row_rect(self._hot).top(), 3, self.row_height()),
                                 self.palette().color(QPalette.ColorRole.Highlight))


class BarChart(_Rows):
    """A horizontal bar chart (see the module docstring)."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        if self._paint_empty(painter):
            return
        self._paint_hot(painter)
        text, muted = self._colours()
        paint_bars(painter, QRect(6, 2, self.width() - 10, self.height() - 2), self.rows,
                   font=self.font(), text=text, muted=muted, row_height=self.row_height(),
                   hot=self._hot, label_share=self.label_share)


class LinkList(_Rows):
    """Clickable rows: the text on the left (elided), a note on the right."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        if self._paint_empty(painter):
            return
        self._paint_hot(painter)
        text, muted = self._colours()
        metrics = self.fontMetrics()
        for i, row in enumerate(self.rows):
            box = self.row_rect(i).adjusted(8, 0, -6, 0)
            note_w = metrics.horizontalAdvance(row.value_text)
            painter.setPen(QColor(row.note_colour) if row.note_colour else muted)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                             row.value_text)
            room = box.width() - note_w - (12 if note_w else 0)
            painter.setPen(text)
            painter.drawText(QRect(box.left(), box.top(), max(room, 0), box.height()),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                             row_text(row, metrics, room))


__all__ = ["BarChart", "LinkList", "Row", "paint_bars", "row_text"]
