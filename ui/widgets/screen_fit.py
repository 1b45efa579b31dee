"""A dialog as large as it asks, never larger than the screen it opens on.

The office screens are small (1366×768, 1024×768 less a 40 px taskbar): a dialog that asks
for more than the screen's free area, its title bar included, would put its buttons below
the taskbar. :func:`fit_dialog` gives it the size it wants within that area
(:func:`room`) and moves it back inside the area when it pokes out — as
``ui.window_state`` does for the main window. A dialog that has more to show than fits
scrolls its content (its buttons stay outside the scroll area, always visible).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget

from ui import window_state

#: Room kept free around a dialog that is as large as the screen (pixels, each side).
MARGIN = 8


def available_area(widget: QWidget) -> QRect:
    """The free area (taskbar excluded) of the screen ``widget`` is on (tests replace it to
    stand for a smaller screen than the offscreen one)."""
    return window_state.available_area(widget)


def room(area: QRect) -> QSize:
    """The largest inside of a dialog on a screen whose free area is ``area``: its title
    bar and a margin taken off."""
    return QSize(area.width() - 2 * MARGIN,
                 area.height() - window_state.TITLE_BAR - 2 * MARGIN)


def fit_dialog(dialog: QWidget, wanted: QSize, area: QRect | None = None) -> QSize:
    """Resize ``dialog`` to ``wanted`` within :func:`room` (never below its minimum size)
    and keep it, title bar included, inside ``area`` (default: its screen's free area).
    Returns the size given."""
    area = area if area is not None else available_area(dialog)
    size = wanted.boundedTo(room(area)).expandedTo(dialog.minimumSize())
    dialog.resize(size)
    if dialog.isVisible():
        keep_inside(dialog, area)
    return size


def keep_inside(dialog: QWidget, area: QRect | None = None) -> None:
    """Move a shown ``dialog`` so that its frame (title bar included) is inside ``area``."""
    area = area if area is not None else available_area(dialog)
    outer = QRect(dialog.frameGeometry())
    inner = dialog.geometry()
    if inner.top() - outer.top() < window_state.TITLE_BAR:  # no frame known (yet)
        outer.setTop(inner.top() - window_state.TITLE_BAR)
    inside = window_state.fit_into(outer, area)
    if inside.topLeft() != outer.topLeft():
        dialog.move(dialog.pos() + (inside.topLeft() - outer.topLeft()))


__all__ = ["MARGIN", "available_area", "fit_dialog", "keep_inside", "room"]
