"""Opening a database file safely: refuse what we do not understand, back up, upgrade.

Order of events for an existing file:
1. read its header facts without writing (``sqlite.inspect_file``);
2. refuse a file that is not SQLite, belongs to another application, or carries a schema
   revision this version does not know (a newer Coop Desktop made it) — untouched;
3. if it is behind, take a verified backup (``db.backup.take``, reason ``before-upgrade``,
   into ``backup_dir`` or the default backup folder) and only then upgrade, every
   migration step inside one transaction.
A new file is created by migrating an empty database to head under a temporary name beside
it, which is then moved into place whole (:func:`create_new`): a first start killed midway
leaves no file or a complete one, never an empty file the next start must refuse.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from coop_desktop.db import sqlite as sqlite_impl
from coop_desktop.db.engine import make_engine
from coop_desktop import fileio
from coop_desktop.db.failures import MSG_DAMAGED
from coop_desktop.errors import DatabaseDamagedError, DatabaseError
from coop_desktop.i18n.catalog import N_

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


#: A migration file: ``NNNN_what_it_does.py``, whose Alembic ``revision`` is ``NNNN`` and whose
#: ``down_revision`` is the file before it (``tests/db/test_revisions.py`` holds them to it).
REVISION_FILE = re.compile(r"^(\d{4})_\w+\.pyc?$")


# Alembic (its import ~0.1 s, reading the scripts more) is only loaded to change a schema:
# opening a database that is already at head, the start of every working day, compares the
# file's revision with the names of the migration files.
def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


@functools.cache
def file_revisions() -> tuple[str, ...]:
    """The revisions, oldest first, read from the names of the migration files (no Alembic,
    no script imported: a folder listing). Empty when the folder cannot be listed."""
    try:
        names = os.listdir(MIGRATIONS_DIR / "versions")
    except OSError:
        return ()
    return tuple(sorted({m.group(1) for name in names if (m := REVISION_FILE.match(name))}))


def head_revision() -> str:
    revisions = file_revisions()
    if revisions:
        return revisions[-1]
    head = script_directory().get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return set(file_revisions()) or alembic_revisions()


def alembic_revisions() -> set[str]:
    """Every revision as Alembic reads it from the scripts (the authority; slow)."""
    return {rev.revision for rev in script_directory().walk_revisions()}


def is_known(revision: str) -> bool:
    """A revision of this version's migrations: the file names answer at once; one they do
    not list is looked up in the scripts before a file is refused as newer."""
    return revision in known_revisions() or revision in alembic_revisions()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    from coop_desktop.db.session import reader

    with reader(engine).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` on ``engine`` (one transaction)."""
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


@dataclass(frozen=True)
class OpenReport:
    created: bool
    from_revision: str | None
    to_revision: str
    backup: Path | None


MSG_EMPTY_FILE = N_("{path} is empty (0 bytes), so it is not a Coop Desktop database. It was not "
                   "opened, so that an empty database does not silently take the place of your "
                   "records. To start a new database, choose a new file name.")
MSG_WAL = N_("{path} cannot be opened safely: its journal file ({journal}) cannot be applied "
             "({reason}). Nothing was changed. Restore a backup, or keep both files and ask for "
             "help.")
MSG_NOT_OURS = N_("{path} is not a Coop Desktop database.")


def check_file(path: Path) -> sqlite_impl.FileFacts | None:
    """Refuse files we must not touch; return their facts (None for a file not there yet).

    Nothing here writes: a refused file is left byte-for-byte as it was.
    """
    wal_reason = sqlite_impl.wal_problem(path)
    if wal_reason:
        raise DatabaseError(MSG_WAL, path=str(path), journal=sqlite_impl.wal_path(path).name,
                            reason=wal_reason)
    if not path.exists():
        return None
    if path.is_dir():
        raise DatabaseError(N_("{path} is a folder, not a database file."), path=str(path))
    if path.stat().st_size == 0:
        raise DatabaseError(MSG_EMPTY_FILE, path=str(path))
    facts = sqlite_impl.inspect_file(path)
    if not facts.is_sqlite:
        raise DatabaseError(MSG_NOT_OURS, path=str(path))
    if facts.damage is None and facts.application_id == sqlite_impl.APPLICATION_ID:
        problem = sqlite_impl.structural_problem(path)
        if problem:
            facts = sqlite_impl.FileFacts(True, facts.application_id, facts.revision,
                                          facts.table_count, damage=problem)
    if facts.damage is not None:
        raise DatabaseDamagedError(MSG_DAMAGED, path=str(path), reason=facts.damage)
    if facts.application_id not in (0, sqlite_impl.APPLICATION_ID):
        raise DatabaseError(
            N_("{path} belongs to another application and was not opened."), path=str(path)
        )
    if facts.application_id == 0 and facts.table_count:
        # Every database Coop Desktop ever made carries its application id; a file with
        # tables and no id is someone else's, even if it has an Alembic table whose
        # revision looks like ours.
        raise DatabaseError(MSG_NOT_OURS, path=str(path))
    if facts.revision is None and facts.table_count:
        raise DatabaseError(MSG_NOT_OURS, path=str(path))
    if facts.revision is not None and not is_known(facts.revision):
        raise DatabaseError(
            N_(
                "{path} was created by a newer version of Coop Desktop (schema {revision}). "
                "Please update Coop Desktop; the file was not changed."
            ),
            path=str(path),
            revision=facts.revision,
        )
    return facts


#: Suffix of a database being created (:func:`create_new`); one older than
#: ``STALE_CREATION_S`` was left by a start that was killed, and is removed.
CREATING = ".creating"
STALE_CREATION_S = 600


def create_new(path: Path) -> bool:
    """Create the database ``path`` in one step; False if another process created it first.

    It is built under a unique temporary name in the same folder (0600: SQLite gives its
    ``-wal`` and ``-shm`` the same mode), migrated to head, its log checkpointed into it and
    closed, then linked to ``path`` (which fails rather than replace a file that appeared
    meanwhile) and the folder synced. Before, a start killed in the first moments left an
    empty ``path`` (with a ``-journal`` at times) that :func:`check_file` rightly refuses.
    """
    folder = path.parent
    fileio.private_dir(folder)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=CREATING, dir=folder)
    os.close(fd)
    tmp = Path(name)
    try:
        engine = make_engine(tmp)
        try:
            upgrade(engine)
            sqlite_impl.checkpoint(engine)
        finally:
            engine.dispose()  # the last connection: SQLite removes the emptied log
        if sqlite_impl.wal_path(tmp).exists():  # not closed cleanly: never move it half-done
            raise DatabaseError(N_("Could not create the database {path}."), path=str(path))
        fileio.fsync_file(tmp)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError:  # no hard links here (FAT32): a rename, checked first
            if path.exists():
                return False
            os.rename(tmp, path)
        fileio.fsync_dir(folder)
        return True
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)


def remove_stale_creations(path: Path) -> None:
    """Remove what first starts killed while creating ``path`` left beside it."""
    try:
        for stale in path.parent.glob(f".{path.name}.*{CREATING}*"):
            if time.time() - stale.stat().st_mtime > STALE_CREATION_S:
                stale.unlink()
    except OSError:
        pass


def open_engine(path: Path, *, backup_dir: Path | None = None) -> tuple[Engine, OpenReport]:
    """An engine on ``path`` whose schema is at head, following the rules above."""
    path = Path(path)
    remove_stale_creations(path)
    facts = check_file(path)
    created = facts is None and create_new(path)
    if facts is None and not created:
        facts = check_file(path)  # another process created it meanwhile
    head = head_revision()
    backup: Path | None = None
    from_rev = facts.revision if facts else None
    if facts is not None and facts.revision is not None and facts.revision != head:
        # A backup like every other (``db.backup``): listed, restorable, with its sidecar and
        # attachment files, in the database's folder inside the user's backup folder.
        from coop_desktop import paths
        from coop_desktop.db import attachments_dir_for
        from coop_desktop.db import backup as backups

        try:
            backup = backups.take(path, backup_dir or paths.default_backup_dir(),
                                  reason="before-upgrade",
                                  attachments_dir=attachments_dir_for(path)).path
        except Exception as exc:  # noqa: BLE001 - any failure means: do not upgrade
            reason = getattr(getattr(exc, "message", None), "params", {}).get("reason")
            raise DatabaseError(
                N_("Could not make a safe copy before upgrading {path}: {reason}"),
                path=str(path),
                reason=reason or str(exc),
            ) from exc
    engine = make_engine(path)
    if from_rev != head and not created:
        upgrade(engine)
    return engine, OpenReport(created, from_rev, head, backup)
