"""What every screen needs, passed explicitly (no global ``mw``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from coop_desktop.services.storage import Database
from coop_desktop.i18n.catalog import Translator
from coop_desktop.services.outcome import Changes
from coop_desktop.settings import AppSettings
from ui.i18n import UiLanguage
from ui.tasks import TaskRunner


class ChangeHub(QObject):
    """One signal that fans out every mutation's ``Changes`` (Anki's operation_did_execute)."""

    changed = Signal(object)  # Changes


@dataclass
class UndoEntry:
    label: str
    undo: Callable[[], Any]  # runs on the DB lane, returns Changes


@dataclass
class AppContext:
    db: Database
    runner: TaskRunner
    lang: UiLanguage
    settings: AppSettings
    hub: ChangeHub
    undo_stack: list[UndoEntry] = field(default_factory=list)

    @property
    def tr(self) -> Translator:
        return self.lang.tr

    def backup_first(self, reason: str) -> None:
        """A verified backup before a risky operation; call it on the DB lane, first thing
        in the operation's function. Raises (so the operation does not happen) when no
        sound backup could be made; does nothing for an in-memory database."""
        if self.db.path is None:
            return
        from coop_desktop.services import backups

        backups.take_backup(self.db, reason=reason, backup_dir=backups.backup_folder(self.settings))

    def mutate(self, fn: Callable[[], Any], *, parent: QWidget | None = None,
               on_success: Callable[[Any], None] | None = None,
               on_failure: Callable[[BaseException], None] | None = None,
               undo: UndoEntry | None = None, label: str | None = None) -> None:
        """Run a service mutation on the DB lane; broadcast its Changes; remember its undo."""

        def done(outcome: Any) -> None:
            changes = getattr(outcome, "changes", outcome)
            if undo is not None:
                self.undo_stack.append(undo)
            if isinstance(changes, Changes):
                self.hub.changed.emit(changes)
            if on_success is not None:
                on_success(outcome)

        self.runner.run(fn, on_success=done, on_failure=on_failure, parent=parent, label=label)

    def undo_last(self, parent: QWidget | None = None,
                  on_success: Callable[[str], None] | None = None) -> bool:
        """Undo the most recent undoable action; False when there is none."""
        if not self.undo_stack:
            return False
        entry = self.undo_stack.pop()

        def done(outcome: Any) -> None:
            changes = getattr(outcome, "changes", outcome)
            if isinstance(changes, Changes):
                self.hub.changed.emit(changes)
            if on_success is not None:
                on_success(entry.label)

        self.runner.run(entry.undo, on_success=done, parent=parent)
        return True
