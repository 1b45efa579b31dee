"""What the UI holds of the storage layer — without the means to open a database.

The UI reaches storage only through the services (import-linter contracts in
``pyproject.toml``): the composition root, ``ui.app``, opens the database with
``coop_desktop.services.open_database`` / ``open_read_only`` and hands the :class:`Database`
to every screen through the application context. The screens name its type from here; the
few storage facts and acts they need besides (the instance lock, a backup's description, a
passive checkpoint after changes) are here too.
"""

from __future__ import annotations

from pathlib import Path

from coop_desktop.db import Database, default_actor
from coop_desktop.db import backup as _backup
from coop_desktop.db import sqlite as _sqlite
from coop_desktop.db.backup import BackupInfo
from coop_desktop.db.lock import InstanceLock, LockInfo, holder


def checkpoint(db: Database, mode: str = "PASSIVE") -> bool:
    """Copy the database's write-ahead log into its file (``PASSIVE``: without waiting for
    anyone); True when complete. Never raises."""
    return _sqlite.checkpoint(db.engine, mode)


def backup_folder_of(db_path: Path, backup_dir: Path) -> Path:
    """The folder inside ``backup_dir`` that holds the backups of ``db_path``."""
    return _backup.database_folder(backup_dir, db_path)


__all__ = ["BackupInfo", "Database", "InstanceLock", "LockInfo", "backup_folder_of",
           "checkpoint", "default_actor", "holder"]
