"""Getting from "start" to a window on the right database, safely.

The steps ``ui.app.main`` takes, each its own function so tests can drive them:

1. :func:`choose_database` — ``--db``, ``$COOP_DESKTOP_DB``, the settings; when the settings
   file was damaged and no good copy existed, the user is asked which database to open
   (never silently the default, which may be a new empty file).
2. :func:`claim` — the instance lock: a second start on the same file asks the first
   window to come forward and exits.
3. opening (``ui.app.main``); a damaged file goes to ``ui.recovery_flow``.
4. :func:`offer_recovered_text` — text that could not be saved last time is offered back.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from coop_desktop import paths
from coop_desktop.errors import CoopError
from coop_desktop.i18n.catalog import Translator
from coop_desktop.services import recovery
from coop_desktop.services.storage import Database, InstanceLock
from coop_desktop.settings import AppSettings
from ui.blocking import run_with_progress
from ui.context import AppContext
from ui.single_instance import ask_first_to_raise


def choose_database(settings: AppSettings, given: Path | None, tr: Translator,
                    parent: QWidget | None = None) -> Path | None:
    """The database file to open; None when the user chose to quit."""
    if given is not None:
        return Path(given)
    if os.environ.get(paths.DB_ENV_VAR):
        return paths.default_db_path()
    if not settings.database_unknown:
        return Path(settings.db_path) if settings.db_path else paths.default_db_path()
    _ = tr.gettext
    msgid, params = settings.load_problem
    box = QMessageBox(QMessageBox.Icon.Warning, _("Coop Desktop"), tr.gettext(msgid).format(**params),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("settingsDamagedDialog")
    box.setInformativeText(_("Which database do you want to open?"))
    pick = box.addButton(_("Open a database file…"), QMessageBox.ButtonRole.AcceptRole)
    default = box.addButton(_("Use {path}").format(path=paths.default_db_path()),
                            QMessageBox.ButtonRole.ActionRole)
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is default:
        return paths.default_db_path()
    if box.clickedButton() is pick:
        name, _filter = QFileDialog.getOpenFileName(
            parent, _("Open a database file"), str(paths.user_data_dir()),
            _("Coop Desktop databases (*.sqlite *.db);;All files (*)"))
        return Path(name) if name else None
    return None


def claim(path: Path, tr: Translator, parent: QWidget | None = None) -> InstanceLock | None:
    """Take the instance lock of ``path``; None when another app has it (it was asked to
    come forward, or the user was told who holds the file)."""
    lock = InstanceLock(path)
    if lock.acquire():
        return lock
    if ask_first_to_raise(path):
        return None
    info = lock.holder()
    _ = tr.gettext
    if info is not None and info.kind != "app":
        text = _("{path} is being changed by a command-line task (process {pid}). Try again "
                 "when it has finished.")
    else:
        text = _("{path} is already open in Coop Desktop (process {pid}), which did not "
                 "answer. Close that window first.")
    box = QMessageBox(QMessageBox.Icon.Information, _("Coop Desktop"),
                      text.format(path=path, pid=info.pid if info else "?"),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("alreadyOpenDialog")
    box.exec()
    return None


def offer_recovered_text(ctx: AppContext, parent: QWidget) -> QMessageBox | None:
    """Offer text kept at the last close because it could not be saved (see
    ``services.recovery``). Returns the open dialog, or None when there is nothing."""
    if ctx.db.path is None:
        return None
    items = recovery.pending(ctx.db.path)
    if not items:
        return None
    _ = ctx.tr.gettext
    box = QMessageBox(QMessageBox.Icon.Question, _("Recovered text"),
                      ctx.tr.ngettext(
                          "Text in {count} application could not be saved when Coop Desktop "
                          "last closed. It was kept. Put it back into the application now?",
                          "Text in {count} applications could not be saved when Coop Desktop "
                          "last closed. It was kept. Put it back into the applications now?",
                          len(items)).format(count=len(items)),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("recoveredTextDialog")
    box.setDetailedText("\n\n".join(
        f"{item.title} ({item.saved_at}): " + ", ".join(item.sections) for item in items))
    restore = box.addButton(_("Put it back"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("Discard it"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(_("Later"), QMessageBox.ButtonRole.RejectRole)
    restore.setObjectName("restoreRecovered")
    discard.setObjectName("discardRecovered")

    def chosen(_result: int) -> None:
        clicked = box.clickedButton()
        if clicked is restore:
            db = ctx.db

            def work() -> object:
                from coop_desktop.services.applications import ENTITY
                from coop_desktop.services.outcome import Changes

                ids = []
                for item in items:
                    recovery.apply(db, item)
                    ids.append(item.app_id)
                return Changes(ENTITY, tuple(ids))

            ctx.mutate(work, parent=parent, on_success=lambda _o: _notify(
                parent, _("The recovered text was put back.")))
        elif clicked is discard:
            confirm = QMessageBox.question(
                parent, _("Recovered text"),
                _("Discard the recovered text for good? It cannot be brought back."))
            if confirm == QMessageBox.StandardButton.Yes:
                for item in items:
                    recovery.discard(item)

    box.finished.connect(chosen)
    box.open()
    return box


def _notify(parent: QWidget, message: str) -> None:
    notify = getattr(parent.window(), "notify", None)
    if callable(notify):
        notify(message)


# ---------------------------------------------------------------- opening, damage, moving
def _backup_dir(settings: AppSettings) -> Path:
    from coop_desktop.services import backups

    return backups.backup_folder(settings)


class Opener(Protocol):
    """How the composition root opens a database file (``ui.app.open_file``)."""

    def __call__(self, path: Path, settings: AppSettings, *, read_only: bool = False
                 ) -> Database: ...


def open_with_recovery(path: Path, settings: AppSettings, tr: Translator,
                       parent: QWidget | None = None, *, opener: Opener | None = None
                       ) -> Database | None:
    """Open ``path`` with ``opener`` (default: ``ui.app.open_file``, the one place the app
    opens a database); a damaged file leads to :func:`damage_choice` (restore a backup, or a
    read-only view). None when the user quit or the file cannot be opened (told why)."""
    from coop_desktop.errors import CoopError, DatabaseDamagedError

    if opener is None:
        from ui.app import open_file as opener

    while True:
        if path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            # A file (or folder) the user cannot write: look, but do not pretend to save.
            try:
                db = opener(path, settings, read_only=True)
            except CoopError as exc:
                _message(tr, exc.render(tr), QMessageBox.Icon.Critical, "openFailedDialog")
                return None
            _message(tr, tr.gettext("{path} cannot be written (it, or its folder, is "
                                    "read-only), so it was opened for reading only.").format(
                path=path), QMessageBox.Icon.Information, "openedReadOnlyDialog")
            return db
        try:
            return opener(path, settings)
        except DatabaseDamagedError as exc:
            reason = str(exc.message.params.get("reason", ""))
            choice, backup, kept = damage_choice(path, reason, settings, tr, parent)
            if choice == "restore" and backup is not None:
                restore_action(backup, settings, tr, preserved=kept)(path)
                continue  # open the restored file (or the same one, if the restore failed)
            if choice == "read_only":
                return opener(path, settings, read_only=True)
            return None
        except CoopError as exc:
            box = QMessageBox(QMessageBox.Icon.Critical, tr.gettext("Coop Desktop"),
                              exc.render(tr), QMessageBox.StandardButton.Ok, parent)
            box.setObjectName("openFailedDialog")
            box.exec()
            return None


def damage_choice(path: Path, reason: str, settings: AppSettings, tr: Translator,
                  parent: QWidget | None = None, *, running: bool = False
                  ) -> tuple[str, Path | None, Path | None]:
    """Keep a raw copy of the damaged file aside, then ask: ``("restore", backup, kept)``,
    ``("read_only", None, kept)`` or ``("quit", None, kept)``; ``kept`` is the raw copy."""
    from coop_desktop.services import backups
    from ui.widgets import damaged_dialog as dd
    from ui.widgets.backups_dialog import BackupsDialog

    try:
        kept: Path | None = backups.preserve_damaged(path)
    except OSError:
        kept = None
    folder = _backup_dir(settings)
    try:
        sound = [i for i in backups.list_backups(path, backup_dir=folder) if i.problem is None]
    except OSError:
        sound = []
    dialog = dd.DamagedDialog(tr, path=path, reason=reason, kept=kept,
                              newest=sound[0] if sound else None, running=running, parent=parent)
    dialog.exec()
    if dialog.choice == dd.RESTORE_NEWEST and sound:
        return "restore", sound[0].path, kept
    if dialog.choice == dd.CHOOSE:
        chosen: list[Path] = []
        picker = BackupsDialog(tr, path, backup_dir=folder, pick_only=True, parent=parent)
        picker.restore_requested.connect(chosen.append)
        picker.exec()
        if chosen:
            return "restore", chosen[0], kept
        return ("read_only" if running else "quit"), None, kept
    if dialog.choice == dd.READ_ONLY:
        return "read_only", None, kept
    return "quit", None, kept


def restore_action(backup: Path, settings: AppSettings, tr: Translator, *,
                   preserved: Path | None = None) -> Callable[[Path], Path]:
    """What to do between windows to put ``backup`` in place of the database.

    ``preserved``: a raw copy of a damaged database kept earlier; dropped if the restore
    keeps the same bytes aside itself."""

    def act(path: Path) -> Path:
        from coop_desktop.services import backups

        folder = _backup_dir(settings)
        try:
            report = run_with_progress(
                lambda: backups.restore_backup(backup, path, backup_dir=folder),
                tr.gettext("Restoring the backup…"))
        except CoopError as exc:
            _message(tr, exc.render(tr), QMessageBox.Icon.Critical, "restoreFailedDialog")
            return path
        text = tr.gettext("The backup was restored.")
        saved = report.saved_aside
        if (preserved is not None and saved is not None and not report.saved_verified
                and preserved != saved and preserved.exists() and saved.exists()
                and preserved.stat().st_size == saved.stat().st_size):
            preserved.unlink()  # the restore kept the same damaged bytes aside: once is enough
        if saved is not None:
            text += " " + tr.gettext("The database as it was before is kept as {file}.").format(
                file=saved)
        _message(tr, text, QMessageBox.Icon.Information, "restoredDialog")
        return path

    return act


def _message(tr: Translator, text: str, icon: QMessageBox.Icon, name: str) -> None:
    box = QMessageBox(icon, tr.gettext("Coop Desktop"), text, QMessageBox.StandardButton.Ok)
    box.setObjectName(name)
    box.exec()


def run_between_windows(action: Callable[[Path], Path], path: Path, tr: Translator) -> Path:
    try:
        return action(path)
    except CoopError as exc:
        _message(tr, exc.render(tr), QMessageBox.Icon.Critical, "actionFailedDialog")
        return path


def move_claim(lock: InstanceLock, server: Any, new_path: Path, tr: Translator, app: Any
               ) -> tuple[InstanceLock, Path, Any]:
    """The database moved: hold the lock (and the single-instance socket) of the new file."""
    from ui.single_instance import InstanceServer

    new_lock = InstanceLock(new_path)
    new_lock.acquire()
    lock.release()
    server.close()
    return new_lock, new_path, InstanceServer(new_path, app)


def backup_on_quit(path: Path, settings: AppSettings, tr: Translator) -> None:
    """One more backup when quitting, if the database changed (after it was closed)."""
    from coop_desktop.services import backups

    folder = _backup_dir(settings)
    try:
        if backups.needs_backup(path, backup_dir=folder):
            run_with_progress(lambda: backups.backup_if_changed(path, reason="quit",
                                                                backup_dir=folder),
                              tr.gettext("Backing up before closing…"))
    except (CoopError, OSError):
        pass  # reported by the automatic backups while working; quitting goes on


def after_show(window: Any) -> None:
    """Everything that wants the user's attention once the window is up."""
    ctx, settings = window.ctx, window.ctx.settings
    if settings.load_problem is not None and not settings.database_unknown:
        msgid, params = settings.load_problem
        window.notify(ctx.tr.gettext(msgid).format(**params), msecs=30_000)
    offer_recovered_text(ctx, window)
    warn_if_risky_location(window)
    db = ctx.db
    if not db.read_only and db.path is not None and db.attachments_dir.is_dir():
        from coop_desktop.services import attachments

        # part files a killed copy left in the attachment store (never a live copy's)
        ctx.runner.run(lambda: attachments.open_store(db), lane="io",
                       on_failure=lambda _exc: None)


def warn_if_risky_location(window: Any) -> QMessageBox | None:
    """A database in a cloud-sync folder or on a network drive: say why that is risky and
    offer to move it (``locations.relocate``) to the user's data folder or another one."""
    from coop_desktop import locations

    ctx = window.ctx
    if ctx.db.path is None or ctx.db.read_only:
        return None
    risk = locations.risk_of(ctx.db.path)
    if risk is None:
        return None
    _ = ctx.tr.gettext
    box = QMessageBox(QMessageBox.Icon.Warning, _("Coop Desktop"),
                      _(risk.msgid).format(**risk.params()), QMessageBox.StandardButton.NoButton,
                      window)
    box.setObjectName("riskyLocationDialog")
    move = box.addButton(_("Move it to a safe folder…"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Not now"), QMessageBox.ButtonRole.RejectRole)
    move.setObjectName("moveDatabase")

    def chosen(_result: int) -> None:
        if box.clickedButton() is not move:
            return
        start = paths.user_data_dir()
        folder = QFileDialog.getExistingDirectory(window, _("Choose a folder on this computer"),
                                                  str(start))
        if folder:
            window.reopen_with(relocate_action(Path(folder), ctx.settings, ctx.tr))

    box.finished.connect(chosen)
    box.open()
    return box


def relocate_action(folder: Path, settings: AppSettings, tr: Translator
                    ) -> Callable[[Path], Path]:
    def act(path: Path) -> Path:
        from coop_desktop import locations

        target = run_with_progress(lambda: locations.relocate(path, folder),
                                   tr.gettext("Moving the database…"))
        settings.db_path = str(target)
        try:
            settings.save()
        except OSError:
            pass
        _message(tr, tr.gettext("The database was moved to {path}. The old file was kept "
                                "beside it, renamed {old}.moved-….").format(path=target,
                                                                         old=path.name),
                 QMessageBox.Icon.Information, "movedDialog")
        return target

    return act
