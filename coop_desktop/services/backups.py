"""Automatic verified backups and restore: what the GUI and the command line call.

API
---
* :func:`take_backup` ``(source, *, reason="manual", backup_dir=None, attachments_dir=None,
  rotate=True, now=None) -> BackupInfo`` — one verified backup now (then rotation).
  ``source`` is a :class:`~coop_desktop.db.Database` or a database file path. Risky
  operations call it first and stop if it raises, e.g. ``take_backup(db,
  reason="before-repair")``.
* :func:`needs_backup` ``(source, *, backup_dir=None) -> bool`` — has the database changed
  since its newest backup? (cheap: a few ``stat`` calls and one small JSON file).
* :func:`backup_if_changed` ``(source, *, reason="auto", …) -> BackupInfo | None`` — the
  idle timer's and quit's call.
* :func:`list_backups` ``(db_path, *, backup_dir=None) -> list[BackupInfo]`` — newest first.
* :func:`rotate` ``(db_path, *, backup_dir=None, now=None) -> RotationReport``.
* :func:`restore_backup` ``(backup, db_path, *, backup_dir=None, attachments_dir=None)
  -> RestoreReport`` and :func:`preserve_damaged` ``(path) -> Path`` (``backup_restore``).
* :func:`backup_folder` ``(settings=None) -> Path`` — the configured backup folder.
* :data:`REASON_LABELS`, :data:`COUNT_LABELS`, :func:`describe_counts` — for display.

Every failure is a :class:`BackupError` (a ``CoopError``) with a message for the user.
``backup_dir=None`` everywhere means the user's backup folder: ``AppSettings.backup_dir``,
else ``paths.default_backup_dir()``.

How it works: ``db.backup`` (taking one copy, folder layout, sidecars), ``backup_rotation``
(what is kept: last 10, one a day for 7 days, a week for 4 weeks, a month for 12 months;
``before-*`` backups in a pool of their own), ``backup_restore`` (putting one back).
Threads: everything here blocks for as long as the copy takes (about 6 s for the 640 MB
demo database, ``bench/backup.py``); the GUI runs it on a worker thread. The app's own
connections keep reading and writing meanwhile. Two backups of one database never run
at once (a lock file in its backup folder; the second waits).

For the GUI
-----------
* Idle timer (``AppSettings.backup_interval_min``, 0 = off): ``backup_if_changed(db)``.
* Quit: ``db.close()``, then ``backup_if_changed(db.path, reason="quit",
  attachments_dir=db.attachments_dir)``.
* A risky operation: ``take_backup(db, reason="before-import")`` (…); stop if it raises.
* Restore dialog: ``list_backups(db.path)``; each :class:`BackupInfo` has ``created``,
  ``reason`` (``REASON_LABELS``), ``size``, ``counts`` (``COUNT_LABELS``,
  :func:`describe_counts`), ``verified``, ``legacy``, ``problem``. Close the ``Database``
  (keep holding the instance lock), ``restore_backup(info.path, path)``, reopen.
* A damaged file: ``preserve_damaged(path)``; the newest backup to offer is
  ``next((b for b in list_backups(path) if b.verified), None)``.

When is a backup due?
---------------------
Each backup's sidecar records the database's :func:`~coop_desktop.db.backup.fingerprint`
(size and modification time of the file and of its ``-wal``) taken just before the copy.
A backup is due when the current fingerprint differs from the newest backup's — any
committed write changes it; reading never does. A write made during a backup makes the
next check say "changed" (better one backup too many than one missing). On quit, close
the ``Database`` first (its final checkpoint changes the file), then call
``backup_if_changed(path, reason="quit")``, so that the next start does not see a change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path

from coop_desktop import paths
from coop_desktop.db import Database, attachments_dir_for
from coop_desktop.db import backup as raw
from coop_desktop.db.backup import REASONS, RISKY_REASONS, BackupError, BackupInfo
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.services.backup_rotation import (
    DEFAULT_POLICY,
    Policy,
    RotationReport,
    rotate_folder,
)
from coop_desktop.settings import AppSettings

REASON_LABELS: dict[str, str] = {
    "auto": N_("Automatic"),
    "quit": N_("On quitting"),
    "manual": N_("Made by hand"),
    "before-import": N_("Before an import"),
    "before-restore": N_("Before a restore"),
    "before-repair": N_("Before a repair"),
    "before-bulk-delete": N_("Before deleting several records"),
    "before-upgrade": N_("Before an upgrade"),
}

COUNT_LABELS: dict[str, str] = {
    "enterprises": N_("Enterprises"),
    "applications": N_("Applications"),
    "contacts": N_("Contacts"),
    "interactions": N_("Interactions"),
    "events": N_("Events"),
    "attachments": N_("Attachments"),
    "recycle_bin": N_("In the recycle bin"),
}


def backup_folder(settings: AppSettings | None = None) -> Path:
    """The user's backup folder: the one in the settings, else the default."""
    settings = settings if settings is not None else AppSettings.load()
    if settings.backup_dir:
        return Path(settings.backup_dir).expanduser()
    return paths.default_backup_dir()


def _folder(backup_dir: Path | str | None) -> Path:
    return Path(backup_dir).expanduser() if backup_dir else backup_folder()


def _source(source: Database | Path | str, attachments_dir: Path | None
            ) -> tuple[Path, Path | None]:
    if isinstance(source, Database):
        if source.path is None:
            raise ValueError("an in-memory database cannot be backed up")
        return source.path, attachments_dir or source.attachments_dir
    path = Path(source)
    return path, attachments_dir or attachments_dir_for(path)


def _other_stores(store: Path | None, db_path: Path, folder: Path) -> tuple[Path, ...]:
    """Where else the attachment files may be (a renamed copy's original store…): the
    same stores the app reads from (``attachment_store.candidate_stores``)."""
    if store is None:
        return ()
    from coop_desktop.services.attachment_store import candidate_stores

    try:
        found = candidate_stores(store, db_path, backup_dir=folder)
    except OSError:
        return ()
    return tuple(p for p in found if p != store)


def take_backup(source: Database | Path | str, *, reason: str = "manual",
                backup_dir: Path | str | None = None, attachments_dir: Path | None = None,
                rotate: bool = True, now: Callable[[], datetime] | None = None) -> BackupInfo:
    """Take a verified backup of ``source`` now, with its attachment files; then rotate.

    ``reason`` is one of :data:`REASONS`. Raises :class:`BackupError` when no sound backup
    could be written (nothing is then left in the backup folder); a caller about to do
    something risky must not go ahead then. A failing rotation does not fail the backup.
    """
    db_path, store = _source(source, attachments_dir)
    folder = _folder(backup_dir)
    info = raw.take(db_path, folder, reason=reason, attachments_dir=store, now=now,
                    more_stores=_other_stores(store, db_path, folder))
    if rotate:
        try:
            rotate_folder(info.path.parent, now=now)
        except (BackupError, OSError):
            pass  # the backup itself is sound; the next rotation will catch up
    return info


def newest_backup(db_path: Path | str, *, backup_dir: Path | str | None = None
                  ) -> BackupInfo | None:
    """The newest backup of ``db_path`` in its folder (sidecar read only), or None."""
    files = raw.backup_files(raw.database_folder(_folder(backup_dir), Path(db_path)))
    for path in reversed(files):
        try:
            return raw.read_info(path)
        except OSError:
            continue
    return None


def needs_backup(source: Database | Path | str, *, backup_dir: Path | str | None = None
                 ) -> bool:
    """True when the database has changed since its newest backup (or has none).

    See "When is a backup due?" in the module docstring. False for a missing or empty file.
    """
    db_path, _store = _source(source, None)
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return False
    newest = newest_backup(db_path, backup_dir=backup_dir)
    if newest is None or newest.fingerprint is None:
        return True
    return tuple(newest.fingerprint) != raw.fingerprint(db_path)


def backup_if_changed(source: Database | Path | str, *, reason: str = "auto",
                      backup_dir: Path | str | None = None, attachments_dir: Path | None = None,
                      now: Callable[[], datetime] | None = None) -> BackupInfo | None:
    """:func:`take_backup` if :func:`needs_backup`, else None."""
    if not needs_backup(source, backup_dir=backup_dir):
        return None
    return take_backup(source, reason=reason, backup_dir=backup_dir,
                       attachments_dir=attachments_dir, now=now)


def rotate(db_path: Path | str, *, backup_dir: Path | str | None = None,
           now: Callable[[], datetime] | None = None, policy: Policy = DEFAULT_POLICY
           ) -> RotationReport:
    """Apply the rotation policy to the backups of ``db_path`` (see ``backup_rotation``)."""
    return rotate_folder(raw.database_folder(_folder(backup_dir), Path(db_path)), now=now,
                         policy=policy)


def _legacy_backups(db_path: Path, folders: list[Path]) -> list[BackupInfo]:
    """Pre-upgrade backups by versions before this module: ``<stem>.before-upgrade-<rev>-
    <stamp><suffix>`` in the backup folder or in ``backups/`` beside the database."""
    import re

    pattern = re.compile(re.escape(db_path.stem) + r"\.before-upgrade-[^-/\\]+-(\d{8}-\d{6})"
                         + re.escape(db_path.suffix) + "$")
    found: list[BackupInfo] = []
    seen: set[Path] = set()
    for folder in folders:
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for path in entries:
            m = pattern.match(path.name)
            if not m or not path.is_file() or path.resolve() in seen:
                continue
            seen.add(path.resolve())
            created = datetime.strptime(m[1], "%Y%m%d-%H%M%S")
            found.append(raw.read_info(path, created=created, reason="before-upgrade",
                                       legacy=True))
    return found


def list_backups(db_path: Path | str, *, backup_dir: Path | str | None = None
                 ) -> list[BackupInfo]:
    """Every backup of ``db_path``, newest first: this version's (with their sidecars) and
    the pre-upgrade copies older versions left (``legacy``; counts read from the file)."""
    db_path = Path(db_path)
    folder = _folder(backup_dir)
    infos: list[BackupInfo] = []
    for path in raw.backup_files(raw.database_folder(folder, db_path)):
        try:
            infos.append(raw.read_info(path))
        except OSError:
            continue  # deleted meanwhile (a rotation in another process)
    infos += _legacy_backups(db_path, [folder, db_path.parent / "backups"])
    return sorted(infos, key=lambda i: (i.created, i.path.name), reverse=True)


def describe_counts(counts: Mapping[str, int], tr: Translator) -> str:
    """``Enterprises 120 · Applications 8 · …`` in the user's language (zero counts of the
    minor kinds left out)."""
    parts = []
    values = dict(counts)
    for key, label in COUNT_LABELS.items():
        if key not in values:
            continue
        if values[key] or key in ("enterprises", "applications"):
            parts.append(f"{tr.gettext(label)} {values[key]:,}")
    return " · ".join(parts)


from coop_desktop.services.backup_restore import (  # noqa: E402 - re-exported API
    RestoreReport,
    preserve_damaged,
    restore_backup,
)

__all__ = [
    "COUNT_LABELS", "REASONS", "REASON_LABELS", "RISKY_REASONS", "BackupError", "BackupInfo",
    "Policy", "RestoreReport", "RotationReport", "backup_folder", "backup_if_changed",
    "describe_counts", "list_backups", "needs_backup", "newest_backup", "preserve_damaged",
    "restore_backup", "rotate", "take_backup",
]
