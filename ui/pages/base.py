"""The contract between the main window and a screen (page)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ui.context import AppContext


class Page(QWidget):
    """A screen in the main window's stack.

    The main window routes the standard actions to the current page: ``new_record``
    (Ctrl+N), ``save`` (Ctrl+S), ``delete_selected`` (Delete), ``refresh`` (F5) and
    ``focus_search`` (Ctrl+F). ``can_leave`` is asked before switching away or closing;
    a page with unsaved edits asks the user and returns False to stay.
    A page that has a document to print says so with ``can_print`` and handles ``pdf``
    (File ▸ Print preview / Export PDF / Print); it emits ``actions_changed`` when what it
    can do changes (a selection, an editor opened).
    Subclasses set their texts in ``retranslate_ui`` (called on language change) and
    refresh themselves from ``on_changes`` when another screen changed data.
    """

    #: English msgid of the sidebar entry (marked with N_ by the subclass).
    title_msgid = ""
    #: objectName, also used for QSettings keys and screenshots.
    key = "page"

    actions_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(self.key)
        ctx.lang.changed.connect(self.retranslate_ui)
        ctx.hub.changed.connect(self.on_changes)

    def retranslate_ui(self) -> None:  # pragma: no cover - overridden
        pass

    def on_changes(self, changes: object) -> None:
        pass

    def activate(self) -> None:
        """Called when the page becomes visible."""

    def can_leave(self) -> bool:
        return True

    def unsaved_work(self) -> list[Any]:
        """Edits that have not reached the database (``recovery.RecoveredText``), asked for
        when the window closes after waiting for the saves: they go to a recovery file."""
        return []

    def new_record(self) -> None:
        pass

    def save(self) -> None:
        pass

    def delete_selected(self) -> None:
        pass

    def refresh(self) -> None:
        pass

    def focus_search(self) -> None:
        pass

    def can_print(self) -> bool:
        return False

    def pdf(self, action: str) -> None:
        """``action``: "preview", "export" or "print"."""

    def save_state(self) -> dict[str, object]:
        """Splitter/header state to keep between runs (QSettings values)."""
        return {}

    def restore_state(self, state: dict[str, object]) -> None:
        pass
