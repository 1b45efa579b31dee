"""Automatic backups while the app runs, and keeping the database file complete on disk.

* Every ``AppSettings.backup_interval_min`` minutes (default 30; 0 turns it off) a verified
  backup is taken **if the database changed** since its newest backup
  (``services.backups.backup_if_changed``: a few ``stat`` calls when nothing changed). It
  runs on the I/O lane — SQLite's backup API reads through a connection of its own, so the
  app keeps saving meanwhile and the window never waits for it.
* A few seconds after the last change, the write-ahead log is checkpointed into the
  database file (``PRAGMA wal_checkpoint(PASSIVE)``, on the database lane): a copy of the
  file taken by hand, or by a sync program, then holds every change.
* Quitting takes one more backup if anything changed (``ui.app``), after the database is
  closed.

A failed backup is reported once in the status bar and once in a dialog; the next tick
tries again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from coop_desktop.services import storage
from coop_desktop.i18n.formatting import format_time
from coop_desktop.services import backups
from coop_desktop.services.outcome import Changes
from ui.context import AppContext

CHECKPOINT_DELAY_MS = 5_000


class BackupScheduler(QObject):
    def __init__(self, ctx: AppContext, window: QWidget) -> None:
        super().__init__(window)
        self.ctx, self.window = ctx, window
        self.running = False
        self.last: Any = None  # the last BackupInfo taken here
        self.failures = 0
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.checkpoint_timer = QTimer(self)
        self.checkpoint_timer.setSingleShot(True)
        self.checkpoint_timer.setInterval(CHECKPOINT_DELAY_MS)
        self.checkpoint_timer.timeout.connect(self.checkpoint)
        ctx.hub.changed.connect(self._changed)
        self.apply_settings()

    @property
    def enabled(self) -> bool:
        db = self.ctx.db
        return db.path is not None and not db.read_only and not db.damaged

    def apply_settings(self) -> None:
        minutes = int(self.ctx.settings.backup_interval_min or 0)
        if minutes > 0 and self.enabled:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    def stop(self) -> None:
        self.timer.stop()
        self.checkpoint_timer.stop()

    def _changed(self, changes: object) -> None:
        if isinstance(changes, Changes) and self.enabled:
            self.checkpoint_timer.start()

    def checkpoint(self) -> None:
        if not self.enabled:
            return
        db = self.ctx.db
        self.ctx.runner.run(lambda: storage.checkpoint(db),
                            on_failure=lambda _exc: None)

    def tick(self, *, reason: str = "auto") -> None:
        """Back up now if the database changed (and no backup is running)."""
        if self.running or not self.enabled:
            return
        self.running = True
        db, folder = self.ctx.db, backups.backup_folder(self.ctx.settings)

        def work() -> Any:
            return backups.backup_if_changed(db, reason=reason, backup_dir=folder)

        self.ctx.runner.run(work, lane="io", on_success=self._done, on_failure=self._failed)

    def _done(self, info: Any) -> None:
        self.running = False
        self.failures = 0
        if info is not None:
            self.last = info
            notify = getattr(self.window, "notify", None)
            if callable(notify):
                notify(self.ctx.tr.gettext("Backup made at {time}.").format(
                    time=format_time(datetime.now(), self.ctx.tr)))

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.failures += 1
        from coop_desktop.errors import CoopError

        _ = self.ctx.tr.gettext
        text = exc.render(self.ctx.tr) if isinstance(exc, CoopError) else str(exc)
        notify = getattr(self.window, "notify", None)
        if callable(notify):
            notify(_("The automatic backup failed: {reason}").format(reason=text), msecs=30_000)
        if self.failures == 1:
            box = QMessageBox(QMessageBox.Icon.Warning, _("Coop Desktop"),
                              _("The automatic backup failed: {reason}").format(reason=text),
                              QMessageBox.StandardButton.Ok, self.window)
            box.setObjectName("backupFailedDialog")
            box.setInformativeText(_("Your data is safe in the database; only the extra copy "
                                     "is missing. Check the backup folder in Settings."))
            box.open()
