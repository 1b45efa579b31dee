"""The main window's size on screen, and what of it is kept between runs.

The first window (nothing saved yet) sizes itself to the screen it opens on
(:func:`first_placement`): on a laptop screen (1366×768, 1280×720, 1024×768 — the commonest
office screens) it opens maximised, so nothing falls below the taskbar; on a larger screen it
takes :data:`PREFERRED` (or the share of the screen that leaves a margin) and is centred.

Later runs restore the window as it was left (``QWidget.saveGeometry``: position, size,
maximised), kept per user in ``QSettings`` with the splitters and the list columns of each
page (``Page.save_state``). A geometry saved on a bigger screen (a monitor since unplugged)
is brought back onto the screen the window is on now (:func:`fit_into`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

#: What the window asks for when the screen has room for more.
PREFERRED = QSize(1440, 900)
#: Room left around a window that is not maximised (share of the screen's free area).
MARGIN = 0.05
#: The smallest screens the window must fit without losing a control: 1280×720 and
#: 1024×768, less a 40 px taskbar and a 31 px title bar (Windows 10/11 at 100 %).
SMALLEST_SCREENS = (QSize(1280, 720), QSize(1024, 768))
TASKBAR, TITLE_BAR = 40, 31
GEOMETRY_KEY = "mainWindow/geometry"


def client_area(screen: QSize) -> QSize:
    """The window's inside, maximised on a screen of ``screen`` pixels (taskbar and title
    bar taken off)."""
    return QSize(screen.width(), screen.height() - TASKBAR - TITLE_BAR)


@dataclass(frozen=True)
class Placement:
    geometry: QRect  # the normal (not maximised) geometry
    maximised: bool


def first_placement(available: QRect, preferred: QSize = PREFERRED) -> Placement:
    """Where the first window goes on a screen whose free area (taskbar excluded) is
    ``available``: maximised when the preferred size plus the margin does not fit, else
    :data:`PREFERRED` centred. The normal geometry (used once the user un-maximises) is
    the preferred size within the free area less the margin, centred."""
    room_w = int(available.width() * (1 - 2 * MARGIN))
    room_h = int(available.height() * (1 - 2 * MARGIN))
    size = QSize(min(preferred.width(), room_w), min(preferred.height(), room_h))
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(available.center())
    maximised = preferred.width() > room_w or preferred.height() > room_h
    return Placement(rect, maximised)


def fit_into(geometry: QRect, available: QRect) -> QRect:
    """``geometry`` made no larger than ``available`` and moved inside it."""
    rect = QRect(geometry)
    rect.setWidth(min(rect.width(), available.width()))
    rect.setHeight(min(rect.height(), available.height()))
    if rect.right() > available.right():
        rect.moveRight(available.right())
    if rect.bottom() > available.bottom():
        rect.moveBottom(available.bottom())
    if rect.left() < available.left():
        rect.moveLeft(available.left())
    if rect.top() < available.top():
        rect.moveTop(available.top())
    return rect


def available_area(window: QWidget) -> QRect:
    """The free area (taskbar excluded) of the screen ``window`` is on."""
    screen: QScreen | None = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 800)


def restore(window: QWidget, settings: QSettings) -> bool:
    """Put back the geometry :func:`save` kept; False when there is none (or it is not
    usable), and the window keeps the size it has."""
    saved = settings.value(GEOMETRY_KEY)
    return isinstance(saved, QByteArray) and not saved.isEmpty() and \
        window.restoreGeometry(saved)


def show(window: QWidget, *, restored: bool, available: QRect | None = None) -> Placement:
    """Show ``window`` for the screen whose free area is ``available`` (default: the one it
    is on): as restored, its normal geometry brought inside that area; or, the first time,
    placed by :func:`first_placement` (maximised on a small screen)."""
    area = available if available is not None else available_area(window)
    if restored:
        maximised = window.isMaximized()
        geometry = window.normalGeometry() if maximised else window.geometry()
        # the title bar is above the geometry (which is the window's inside)
        placement = Placement(fit_into(geometry, area.adjusted(0, TITLE_BAR, 0, 0)), maximised)
    else:
        placement = first_placement(area)
    window.setGeometry(placement.geometry)
    if placement.maximised:
        window.showMaximized()
    else:
        window.show()
    return placement


def save(window: QWidget, settings: QSettings) -> None:
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())


__all__ = ["PREFERRED", "Placement", "SMALLEST_SCREENS", "available_area", "client_area",
           "first_placement", "fit_into", "restore", "save", "show"]
