"""Delete and Enter on a record table act on that table, not on the window's shortcuts
(the main window binds Delete to "delete the selected record" of the page)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent

_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Return, Qt.Key.Key_Enter)


def handle_table_keys(event: QEvent, *, delete: Callable[[], object],
                      open_: Callable[[], object]) -> bool:
    """For a table's event filter: True when ``event`` was Delete or Enter and is handled
    (the shortcut override taken, ``delete()`` or ``open_()`` called)."""
    if not isinstance(event, QKeyEvent) or event.key() not in _KEYS:
        return False
    if event.type() == QEvent.Type.ShortcutOverride:
        event.accept()
        return True
    if event.type() == QEvent.Type.KeyPress:
        (delete if event.key() == Qt.Key.Key_Delete else open_)()
        return True
    return False
