"""Finding what does not fit in a window: controls outside it, texts cut off.

Used by ``tests/ui/test_fits_screen.py`` and ``scripts/screenshots_fit.py``. Only widgets
that are visible (they and every parent shown) and have a size are looked at.

* **Outside**: a widget whose rectangle is not wholly inside each of its parents up to the
  window. A scroll area's content is exempt (it scrolls into view): the walk up stops at a
  scroll area's viewport, the scroll area itself is checked — and a form scrolls down,
  never sideways: a ``QScrollArea`` whose content is wider than it counts as outside.
* **Cut**: a text that needs more room than its widget gives it:
  - ``QLabel`` without word wrap: its ``sizeHint`` (the text, margins and indent) against its
    size; with word wrap: the height the text needs at the label's width
    (``heightForWidth``) against its height; a ``WrapLabel`` (``ui.widgets.wrap_label``):
    the lines it shows against its size;
  - ``QPushButton``, ``QCheckBox``, ``QRadioButton``: the text's advance (plus the icon)
    against the rectangle the style draws the text in (``SE_PushButtonContents``,
    ``SE_CheckBoxContents``…);
  - a non-editable ``QComboBox``: its current text against the edit field;
  - a ``QGroupBox`` title against the box's width.
* **Not looked at** (elided by design): anything inside an item view (tables, lists and
  trees elide cells and give the full text in a tooltip), tab bars, tool bars and menu bars
  (they scroll or fold what does not fit behind an arrow), and a widget that sets the
  dynamic property ``elides`` to True (it shortens its text on purpose and shows it whole
  in a tooltip).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractScrollArea, QApplication, QCheckBox, QComboBox,
    QGroupBox, QHeaderView, QLabel, QMenuBar, QPushButton, QRadioButton, QScrollArea, QStyle,
    QStyleOptionButton, QStyleOptionComboBox, QTabBar, QToolBar, QWidget,
)

#: Pixels of slack before a text counts as cut (rounding in font metrics).
SLACK = 1


@dataclass(frozen=True)
class Problem:
    kind: str  # "outside" or "cut"
    widget: QWidget
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {describe(self.widget)}: {self.detail}"


def describe(widget: QWidget) -> str:
    """``QPushButton#enterpriseSave "保存"`` with its path of object names."""
    names = []
    parent = widget.parentWidget()
    while parent is not None and len(names) < 3:
        if parent.objectName():
            names.append(parent.objectName())
        parent = parent.parentWidget()
    text = widget_text(widget)
    where = "/".join(reversed(names))
    return (f"{type(widget).__name__}#{widget.objectName() or '?'}"
            + (f" {text!r}" if text else "") + (f" in {where}" if where else ""))


def widget_text(widget: QWidget) -> str:
    if isinstance(widget, QLabel | QAbstractButton):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QGroupBox):
        return widget.title()
    return ""


def _exempt(widget: QWidget, window: QWidget) -> bool:
    parent: QWidget | None = widget
    while parent is not None and parent is not window:
        if bool(parent.property("elides")) or isinstance(parent, QTabBar | QToolBar | QMenuBar):
            return True
        if parent is not widget and isinstance(parent, QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def _outside(widget: QWidget, window: QWidget) -> str | None:
    """Where ``widget`` leaves a parent, or None when it is wholly inside them."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None:
        scroll = parent.parentWidget()
        if isinstance(scroll, QAbstractScrollArea) and parent is scroll.viewport():
            return None  # scrolled into view when needed
        origin = parent.mapTo(window, QPoint(0, 0)) if parent is not window else QPoint(0, 0)
        bounds = QRect(origin, parent.size())
        if not bounds.contains(rect):
            return (f"{rect.x()},{rect.y()} {rect.width()}×{rect.height()} is not inside "
                    f"{type(parent).__name__}#{parent.objectName() or '?'} "
                    f"{bounds.x()},{bounds.y()} {bounds.width()}×{bounds.height()}")
        if parent is window:
            return None
        parent = parent.parentWidget()
    return None


def _plain(text: str) -> str:
    """A button's text as drawn (a single ``&`` marks the mnemonic, ``&&`` is one ``&``)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _cut(widget: QWidget) -> str | None:
    if isinstance(widget, QLabel):
        return _label_cut(widget)
    if isinstance(widget, QPushButton | QCheckBox | QRadioButton):
        return _button_cut(widget)
    if isinstance(widget, QComboBox) and not widget.isEditable() and widget.currentText():
        option = QStyleOptionComboBox()
        widget.initStyleOption(option)
        field = widget.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                              QStyle.SubControl.SC_ComboBoxEditField, widget)
        needed = widget.fontMetrics().horizontalAdvance(widget.currentText())
        icon = widget.itemIcon(widget.currentIndex())
        if not icon.isNull():
            needed += widget.iconSize().width() + 4
        if needed > field.width() + SLACK:
            return f"text needs {needed} px, has {field.width()}"
    if isinstance(widget, QGroupBox) and widget.title():
        needed = widget.fontMetrics().horizontalAdvance(_plain(widget.title())) + 16
        if needed > widget.width() + SLACK:
            return f"title needs {needed} px, has {widget.width()}"
    return None


def _label_cut(label: QLabel) -> str | None:
    if not label.text() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    if label.property("wraps"):  # ui.widgets.wrap_label: its lines as they are shown
        hint = QLabel.sizeHint(label)
        if hint.height() > label.height() + SLACK:
            return f"its lines need {hint.height()} px of height, has {label.height()}"
        if hint.width() > label.width() + SLACK:
            return f"a line needs {hint.width()} px, has {label.width()}"
        return None
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + SLACK:
            return f"wrapped text needs {needed} px of height, has {label.height()}"
        hint = label.minimumSizeHint().width()
        if hint > label.width() + SLACK:
            return f"needs {hint} px of width, has {label.width()}"
        return None
    hint = label.sizeHint()
    if hint.width() > label.width() + SLACK or hint.height() > label.height() + SLACK:
        return f"needs {hint.width()}×{hint.height()}, has {label.width()}×{label.height()}"
    return None


def _button_cut(button: QAbstractButton) -> str | None:
    text = _plain(button.text())
    if not text:
        return None
    option = QStyleOptionButton()
    button.initStyleOption(option)  # type: ignore[attr-defined]
    element = (QStyle.SubElement.SE_PushButtonContents if isinstance(button, QPushButton) else
               QStyle.SubElement.SE_CheckBoxContents if isinstance(button, QCheckBox) else
               QStyle.SubElement.SE_RadioButtonContents)
    room = button.style().subElementRect(element, option, button)
    metrics = button.fontMetrics()
    needed = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
    if not button.icon().isNull():
        needed += button.iconSize().width() + 4
    height = metrics.height() * (text.count("\n") + 1)
    if needed > room.width() + SLACK or height > room.height() + SLACK:
        return f"text needs {needed}×{height}, has {room.width()}×{room.height()}"
    return None


def fit_problems(window: QWidget) -> list[Problem]:
    """Everything in ``window`` that is outside it or cut (see the module docstring)."""
    problems: list[Problem] = []
    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisible() or widget.width() <= 0 or widget.height() <= 0:
            continue
        if widget.isWindow() and widget is not window:
            continue  # a dialog or popup of its own
        if _exempt(widget, window):
            continue
        if isinstance(widget, QScrollArea) and widget.horizontalScrollBar().maximum() > 0:
            problems.append(Problem("outside", widget, "its content is wider than it: "
                                    f"{widget.horizontalScrollBar().maximum()} px scroll "
                                    "sideways"))
        if widget is not window:
            where = _outside(widget, window)
            if where is not None:
                problems.append(Problem("outside", widget, where))
                continue
        cut = _cut(widget)
        if cut is not None:
            problems.append(Problem("cut", widget, cut))
    return problems


@contextmanager
def user_drag(header: QHeaderView) -> Iterator[None]:
    """What is resized inside counts as the user dragging a column's edge: the mouse is
    pressed on the header meanwhile (``ui.widgets.column_fit`` keeps such widths). (The
    right button: a left click would also sort by the column.)"""
    spot = QPointF(2, header.height() / 2)

    def send(kind: QMouseEvent.Type, buttons: Qt.MouseButton) -> None:
        event = QMouseEvent(kind, spot, header.viewport().mapToGlobal(spot),
                            Qt.MouseButton.RightButton, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(header.viewport(), event)

    send(QMouseEvent.Type.MouseButtonPress, Qt.MouseButton.RightButton)
    try:
        yield
    finally:
        send(QMouseEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)
