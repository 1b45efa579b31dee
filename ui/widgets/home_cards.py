"""The home page's cards: a big number with what it counts, clickable (mouse, or Tab and
Enter/Space) to open the list behind it; and the titled panels that hold the lists and
charts. Colours follow the palette (dark mode too); a count that needs attention is red
(overdue) or amber (due soon) only when it is not zero.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

#: Tones of a card's number.
ALERT, WARN, NORMAL = "#b3261e", "#a15c00", ""

CARD_STYLE = """
QFrame#homeCard, QFrame#homePanel {
    background: palette(base);
    border: 1px solid palette(midlight);
    border-radius: 8px;
}
QFrame#homeCard[clickable="true"]:hover { border: 1px solid #3b73c4; }
QFrame#homeCard:focus { border: 2px solid #3b73c4; }
QLabel#cardNumber { font-weight: 600; }
QLabel#cardCaption { }
QLabel#cardNote, QLabel#panelNote { color: palette(placeholder-text); }
QLabel#panelTitle { font-weight: 600; }
"""


def scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> Any:
    font = widget.font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    else:
        font.setPixelSize(max(1, round(font.pixelSize() * factor)))
    font.setBold(bold)
    return font


class CountCard(QFrame):
    """A count and its caption (and a short note below); emits ``clicked``."""

    clicked = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homeCard")
        self.setProperty("key", name)
        self.setAccessibleName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setProperty("clickable", True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.number = QLabel("–", objectName="cardNumber")
        self.number.setFont(scaled_font(self, 2.0, bold=True))
        self.caption = QLabel(objectName="cardCaption")
        self.caption.setWordWrap(True)
        self.note = QLabel(objectName="cardNote")
        self.note.setWordWrap(True)
        for label in (self.number, self.caption, self.note):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_value(self, number: str, caption: str, note: str = "", tone: str = NORMAL,
                  tooltip: str = "") -> None:
        self.number.setText(number)
        self.number.setStyleSheet(f"color: {tone};" if tone else "")
        self.caption.setText(caption)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.setToolTip(tooltip)
        self.setAccessibleName(f"{caption}: {number}")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)


class Panel(QFrame):
    """A titled white panel (a note on the right of the title) holding one widget."""

    def __init__(self, name: str, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homePanel")
        self.setProperty("key", name)
        self.body = body
        self.title = QLabel(objectName="panelTitle")
        self.note = QLabel(objectName="panelNote")
        self.note.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(6)
        layout.addLayout(head)
        layout.addWidget(body)
        layout.addStretch(1)

    def set_title(self, title: str, note: str = "") -> None:
        self.title.setText(title)
        self.note.setText(note)


__all__ = ["ALERT", "CARD_STYLE", "NORMAL", "WARN", "CountCard", "Panel", "scaled_font"]
