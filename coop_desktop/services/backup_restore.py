"""Putting a backup back in place of a database file, and keeping damaged files aside.

:func:`restore_backup` — the caller has closed the app's ``Database`` (and the command
line has checked that no app holds the file, ``db.lock.holder``). In order:

1. **Stage and verify.** The backup is copied to a temporary file beside the database
   (byte for byte; through SQLite's backup API if a ``-wal`` lies beside it), fsynced, and
   checked: ``integrity_check``, ``foreign_key_check``, ours (application id), a schema
   this version knows. A backup that fails is refused; nothing has been changed.
2. **Save the current file aside**: a verified backup of it, reason ``before-restore``
   (listed and restorable like any other). If it cannot be backed up (damaged, or the
   backup folder is unusable) its raw bytes, and those of its ``-wal``, are copied beside
   it as ``<name>.damaged-<stamp>`` (``<name>.before-restore-<stamp>`` when the file is
   sound but the backup folder failed).
3. **Detach the old WAL.** A ``-wal`` left by the old file would be applied to the restored
   one by the next connection and corrupt it (SQLite cannot tell whose log it is). A sound
   old file is checkpointed and switched to ``journal_mode=DELETE``, which removes its
   ``-wal`` and ``-shm`` and fails if any other program still has it open (then the restore
   stops: "in use"). A damaged one is never opened: its ``-wal`` and ``-shm`` are deleted,
   after step 2 copied them.
4. **Put it in place**: ``os.replace`` of the staged copy over the database, folder fsynced.
   A crash at any moment leaves the old file (complete on its own after step 3) or the new.
5. **Check the result**: ``integrity_check`` and ``foreign_key_check`` again; if either
   fails, the saved-aside file is put back the same way and :class:`BackupError` says so.
6. **Attachments**: every file the restored database refers to and its store lacks is
   copied from the backup folder's store (hash verified), made read-only.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coop_desktop import fileio
from coop_desktop.db import attachments_dir_for
from coop_desktop.db import backup as raw
from coop_desktop.db import sqlite as sqlite_impl
from coop_desktop.db.backup import BackupError, BackupInfo
from coop_desktop.i18n.catalog import N_
from coop_desktop.services.backup_rotation import rotate_folder

MSG_NO_BACKUP = N_("The backup file {path} does not exist.")
MSG_SAME_FILE = N_("{path} is the database itself, not a backup of it.")
MSG_BAD_BACKUP = N_("The backup {path} cannot be restored: it failed its check ({reason}). "
                    "Nothing was changed.")
MSG_FOREIGN_BACKUP = N_("{path} is not a Coop Desktop backup. Nothing was changed.")
MSG_NEWER_BACKUP = N_("The backup {path} was made by a newer version of Coop Desktop (schema "
                      "{revision}). Update Coop Desktop to restore it. Nothing was changed.")
MSG_IN_USE = N_("The database {path} is still in use by another program (Coop Desktop or a "
                "command that is still running). Close it and try again. Nothing was "
                "replaced; a copy of the database was saved as {saved}.")
MSG_UNDONE = N_("The restored database failed its check ({reason}), so the restore was undone: "
                "the database is as it was before.")
MSG_UNDO_FAILED = N_("The restored database failed its check ({reason}), and the previous "
                     "database could not be put back ({error}). It is safe in {saved}: restore "
                     "that file.")
MSG_NOT_RESTORED = N_("The backup could not be put in place ({reason}). The database was not "
                      "replaced; a copy of it was saved as {saved}.")

#: Attachment files written into a database's store are read-only, like ``services.attachments``
#: makes them (and private).
STORE_FILE_MODE = 0o400
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class RestoreReport:
    """What :func:`restore_backup` did.

    ``saved_aside`` is where the previous database went: a verified backup (listed,
    ``saved_verified`` True) or a raw copy beside the database (False); None when there was
    no database file. ``attachments_missing``: files the restored database refers to that
    were neither in its store nor in the backup's (listed by ``check``).
    """

    database: Path
    backup: BackupInfo
    saved_aside: Path | None
    saved_verified: bool
    attachments_copied: int
    attachments_missing: tuple[str, ...]
    seconds: float


def _stamp(now: Callable[[], datetime] | None) -> str:
    return (now() if now else datetime.now()).strftime(_STAMP)


def _keep_raw(path: Path, label: str, now: Callable[[], datetime] | None = None) -> Path:
    """Copy ``path`` (and a non-empty ``-wal``) byte for byte beside it, privately, as
    ``<name>.<label>-<stamp>`` (``-2``… if taken). The ``-wal`` copy is named so that SQLite
    applies it when the copy is opened. Returns the copy of the file."""
    path = Path(path)
    base = f"{path.name}.{label}-{_stamp(now)}"
    target = path.with_name(base)
    n = 1
    while target.exists() or sqlite_impl.wal_path(target).exists():
        n += 1
        target = path.with_name(f"{base}-{n}")
    wal = sqlite_impl.wal_path(path)
    if path.exists():
        fileio.copy_private(path, target)
    else:
        fileio.create_private_file(target)
    if wal.exists() and wal.stat().st_size:
        fileio.copy_private(wal, sqlite_impl.wal_path(target))
    return target


def preserve_damaged(path: Path | str, *, now: Callable[[], datetime] | None = None) -> Path:
    """Keep the raw bytes of a (damaged) database aside: ``<name>.damaged-<stamp>`` beside
    it, 0600, with its ``-wal`` as ``<name>.damaged-<stamp>-wal`` if it has one. Nothing is
    read through SQLite and the file itself is not touched. Returns the copy's path."""
    return _keep_raw(Path(path), "damaged", now)


def _stage(backup: Path, folder: Path, db_name: str) -> Path:
    """A private copy of ``backup`` in ``folder`` (same file system as the database)."""
    need = backup.stat().st_size
    with contextlib.suppress(OSError):
        free = shutil.disk_usage(folder).free
        if free < need + 8 * 1024 * 1024:
            raise BackupError(raw.MSG_NO_SPACE, folder=str(folder), need=f"{need / 2**20:.0f}",
                              free=f"{free / 2**20:.0f}")
    fd, name = tempfile.mkstemp(prefix=f".{db_name}.restore-", suffix=".tmp", dir=folder)
    staged = Path(name)
    try:
        wal = sqlite_impl.wal_path(backup)
        if wal.exists() and wal.stat().st_size:
            os.close(fd)
            raw.snapshot(backup, staged)  # the backup with its log applied, consistently
        else:
            with os.fdopen(fd, "wb") as out, open(backup, "rb") as src:
                shutil.copyfileobj(src, out, 4 * 1024 * 1024)
        fileio.fsync_file(staged)
        return staged
    except BaseException:
        with contextlib.suppress(OSError):
            staged.unlink()
        raise


def _remove_stale_copies(db_path: Path) -> None:
    """Temporary copies a killed restore left beside the database (no restore of this file
    runs meanwhile: the caller holds the app's lock on it)."""
    for pattern in (f".{db_path.name}.restore-*.tmp", f".{db_path.name}.undo-*.tmp"):
        for stale in db_path.parent.glob(pattern):
            with contextlib.suppress(OSError):
                stale.unlink()


def _verify_staged(staged: Path, backup: Path) -> raw.Facts:
    from coop_desktop.db.migrate import known_revisions

    problems = raw.full_check(staged)
    if problems:
        raise BackupError(MSG_BAD_BACKUP, path=str(backup), reason=raw.one_line(problems[0]))
    try:
        facts = raw.read_facts(staged)
    except sqlite3.DatabaseError as exc:
        raise BackupError(MSG_BAD_BACKUP, path=str(backup), reason=str(exc)) from exc
    if facts.application_id != sqlite_impl.APPLICATION_ID or facts.revision is None:
        raise BackupError(MSG_FOREIGN_BACKUP, path=str(backup))
    if facts.revision not in known_revisions():
        raise BackupError(MSG_NEWER_BACKUP, path=str(backup), revision=facts.revision)
    return facts


def _detach_wal(db_path: Path, saved: Path) -> None:
    """Make ``db_path`` complete on its own and remove its ``-wal``/``-shm`` (step 3)."""
    try:
        conn = sqlite3.connect(str(db_path), timeout=2.0)
    except sqlite3.Error as exc:
        raise BackupError(MSG_NOT_RESTORED, reason=str(exc), saved=str(saved)) from exc
    try:
        conn.isolation_level = None
        conn.execute("PRAGMA busy_timeout = 2000")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        mode = str(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]).lower()
    except sqlite3.OperationalError as exc:
        raise BackupError(MSG_IN_USE, path=str(db_path), saved=str(saved)) from exc
    finally:
        conn.close()
    if mode != "delete":
        raise BackupError(MSG_IN_USE, path=str(db_path), saved=str(saved))
    _remove_journals(db_path)


def _remove_journals(db_path: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            db_path.with_name(db_path.name + suffix).unlink()


def _put_in_place(source: Path, db_path: Path, *, move: bool) -> None:
    """``source`` becomes ``db_path`` atomically (moved if ``move``, else copied first)."""
    if not move:
        fd, name = tempfile.mkstemp(prefix=f".{db_path.name}.undo-", suffix=".tmp",
                                    dir=db_path.parent)
        staged = Path(name)
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                shutil.copyfileobj(src, out, 4 * 1024 * 1024)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            staged.unlink(missing_ok=True)
            raise
        source = staged
    fileio.make_private(source)
    os.replace(source, db_path)
    fileio.fsync_dir(db_path.parent)


def _undo(db_path: Path, saved: Path | None, saved_verified: bool) -> None:
    """Put the saved-aside file back where the failed restore put its copy."""
    _remove_journals(db_path)
    if saved is None:
        db_path.unlink(missing_ok=True)
        return
    _put_in_place(saved, db_path, move=False)
    saved_wal = sqlite_impl.wal_path(saved)
    if not saved_verified and saved_wal.exists():
        fileio.copy_private(saved_wal, sqlite_impl.wal_path(db_path))


def _restore_attachments(wanted: dict[str, int], backup: Path, store: Path
                         ) -> tuple[int, tuple[str, ...]]:
    sources = [backup.parent / raw.STORE, attachments_dir_for(backup)]
    copied, missing = 0, []
    for sha, size in sorted(wanted.items()):
        target = raw.blob_path(store, sha)
        with contextlib.suppress(OSError):
            if target.stat().st_size == size:
                continue
        for root in sources:
            source = raw.blob_path(root, sha)
            if source.is_file() and raw.copy_blob(source, store, sha, mode=STORE_FILE_MODE):
                copied += 1
                break
        else:
            missing.append(sha)
    return copied, tuple(missing)


def restore_backup(backup: Path | str, db_path: Path | str, *,
                   backup_dir: Path | str | None = None, attachments_dir: Path | None = None,
                   now: Callable[[], datetime] | None = None) -> RestoreReport:
    """Replace the database ``db_path`` with the backup file ``backup`` (module docstring).

    ``attachments_dir``: the database's attachment store (default: beside it, as
    ``Database`` finds it). ``backup_dir``: where the before-restore backup goes (default:
    the user's backup folder). Raises :class:`BackupError`; the database is then as before.
    """
    from coop_desktop.services.backups import _folder

    started = time.monotonic()
    backup, db_path = Path(backup), Path(db_path)
    if not backup.is_file():
        raise BackupError(MSG_NO_BACKUP, path=str(backup))
    if db_path.exists() and os.path.samefile(backup, db_path):
        raise BackupError(MSG_SAME_FILE, path=str(backup))
    wal_reason = sqlite_impl.wal_problem(backup)
    if wal_reason:
        raise BackupError(MSG_BAD_BACKUP, path=str(backup), reason=wal_reason)
    info = raw.read_info(backup)
    fileio.private_dir(db_path.parent)
    _remove_stale_copies(db_path)
    try:
        staged = _stage(backup, db_path.parent, db_path.name)
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BackupError(MSG_BAD_BACKUP, path=str(backup), reason=reason) from exc
    try:
        facts = _verify_staged(staged, backup)
        saved, saved_verified = _save_current(db_path, _folder(backup_dir), attachments_dir, now)
        if saved_verified:
            _detach_wal(db_path, saved)  # type: ignore[arg-type]
        else:
            _remove_journals(db_path)
        try:
            _put_in_place(staged, db_path, move=True)
        except OSError as exc:
            raise BackupError(MSG_NOT_RESTORED, reason=exc.strerror or str(exc),
                              saved=str(saved)) from exc
        problems = raw.full_check(db_path)
        if problems:
            reason = raw.one_line(problems[0])
            try:
                _undo(db_path, saved, saved_verified)
            except OSError as exc:
                raise BackupError(MSG_UNDO_FAILED, reason=reason, saved=str(saved),
                                  error=exc.strerror or str(exc)) from exc
            raise BackupError(MSG_UNDONE, reason=reason)
    finally:
        with contextlib.suppress(OSError):
            staged.unlink()
    store = Path(attachments_dir) if attachments_dir else attachments_dir_for(db_path)
    copied, missing = _restore_attachments(facts.attachments, backup, store)
    if saved_verified and saved is not None:
        with contextlib.suppress(BackupError, OSError):
            rotate_folder(saved.parent, now=now)
    return RestoreReport(db_path, info, saved, saved_verified, copied, missing,
                         round(time.monotonic() - started, 3))


def _save_current(db_path: Path, folder: Path, attachments_dir: Path | None,
                  now: Callable[[], datetime] | None) -> tuple[Path | None, bool]:
    """Step 2: (where the current database went, whether as a verified backup)."""
    wal = sqlite_impl.wal_path(db_path)
    has_wal = wal.exists() and wal.stat().st_size > 0
    if not db_path.exists() or db_path.stat().st_size == 0:
        return (_keep_raw(db_path, "before-restore", now) if has_wal else None), False
    store = Path(attachments_dir) if attachments_dir else attachments_dir_for(db_path)
    try:
        info = raw.take(db_path, folder, reason="before-restore", attachments_dir=store, now=now)
        return info.path, True
    except BackupError as exc:
        damaged = exc.message.msgid in (raw.MSG_COPY_DAMAGED, raw.MSG_NOT_OURS) or bool(
            sqlite_impl.wal_problem(db_path))
        return _keep_raw(db_path, "damaged" if damaged else "before-restore", now), False
