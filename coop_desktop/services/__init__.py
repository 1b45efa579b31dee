"""Use cases. The UI, the CLI and the tests all go through these modules.

``open_database`` opens (creating or upgrading) a database and brings its shipped
reference data up to date; ``open_read_only`` opens one for looking only. In the GUI only the
composition root (``ui.app``) opens a database (an import-linter contract): the screens get
the open ``Database`` from it and name its type from ``services.storage``.
"""

from __future__ import annotations

from pathlib import Path

from coop_desktop import limits
from coop_desktop.db import Database, OpenReport
from coop_desktop.db import open_database as _open_storage
from coop_desktop.db import open_read_only

limits.install_guard()  # every row the services write is checked against the input limits


def open_database(path: str | Path, *, backup_dir: Path | None = None, actor: str | None = None,
                  sync_reference: bool = True, attachments_dir: Path | None = None,
                  verify: str = "now") -> tuple[Database, OpenReport]:
    db, report = _open_storage(path, backup_dir=backup_dir, actor=actor,
                               attachments_dir=attachments_dir, verify=verify)
    if sync_reference:
        from coop_desktop.services import reference

        reference.sync(db)
    return db, report


__all__ = ["Database", "OpenReport", "open_database", "open_read_only"]
