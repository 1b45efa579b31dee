"""Storage: the engine factory, units of work, migrations and SQLite specifics.

``open_database`` is the front door: it refuses files it must not touch, backs up before
upgrading, and hands back a :class:`Database` whose schema is at head.

Damage is caught on two levels. Opening runs a cheap structural check (header, schema,
the first and last rows of every table: milliseconds); a damaged file fails there and is
never opened for writing. The full ``integrity_check`` (every page, every index against
its table — changed bytes inside a record show only there) costs 2.4 s on a 640 MB file,
so it runs in the background right after opening (:meth:`Database.start_verification`),
and every *write* waits for it: a file that fails it has not been written to, and from
then on :class:`Database` refuses writes (``damaged``: SQLite's ``query_only``), while
reads go on for rescue. SQLite reporting a malformed file at any later moment has the
same effect.
"""

from __future__ import annotations

import getpass
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from coop_desktop.db import failures
from coop_desktop.db import sqlite as sqlite_impl
from coop_desktop.db.engine import make_engine
from coop_desktop.db.migrate import OpenReport, open_engine, upgrade
from coop_desktop.db.session import session_scope
from coop_desktop.errors import DatabaseDamagedError, ReadOnlyDatabaseError
from coop_desktop.i18n.catalog import N_

MSG_READ_ONLY = N_("This database is open read-only ({path}); nothing can be changed here.")
#: How long a write waits for the background check of a just-opened file (seconds).
VERIFY_WAIT_S = 600
#: How long closing waits for another program's write before it leaves the log to it (ms).
CLOSE_CHECKPOINT_WAIT_MS = 250


def default_actor() -> str:
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # noqa: BLE001 - no login name on some systems
        return "unknown"


def attachments_dir_for(db_path: Path) -> Path:
    """The attachment store that belongs to the database file ``db_path``.

    ``<folder>/<stem>.attachments`` beside the file (``coop.sqlite`` ->
    ``coop.attachments``): a copy or backup of the folder holding the database carries
    its files along, and every test database gets its own store.
    """
    return db_path.parent / f"{db_path.stem}.attachments"


class Database:
    """An open database: the engine plus who is working on it (for the audit trail).

    ``attachments_dir`` is where attached files are stored (``services.attachments``):
    given explicitly, else derived from ``path`` by :func:`attachments_dir_for`, else (an
    in-memory database) a temporary folder made on first use and lost with the process.
    """

    def __init__(self, engine: Engine, *, path: Path | None = None, actor: str | None = None,
                 attachments_dir: Path | None = None, read_only: bool = False):
        self.engine = engine
        self.path = path
        self.actor = actor or default_actor()
        self._attachments_dir = attachments_dir
        self.read_only = read_only
        #: Why the file is considered damaged (SQLite's words), or None while it is sound.
        self.damage: str | None = None
        self._verified = threading.Event()
        self._verified.set()  # nothing to wait for until start_verification()
        self._verifier: threading.Thread | None = None

    @property
    def attachments_dir(self) -> Path:
        """The root of the attachment store (not created here)."""
        if self._attachments_dir is None:
            if self.path is not None:
                self._attachments_dir = attachments_dir_for(self.path)
            else:
                import tempfile

                self._attachments_dir = Path(tempfile.mkdtemp(prefix="coop-attachments-"))
        return self._attachments_dir

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # ------------------------------------------------------------------ damage
    @property
    def damaged(self) -> bool:
        return self.damage is not None

    def mark_damaged(self, reason: str) -> None:
        """Refuse every write from now on (the file failed a check, or SQLite said so)."""
        if self.damage is None:
            self.damage = reason or "malformed"
            sqlite_impl.guard(self.engine)

    def start_verification(self) -> None:
        """Run ``integrity_check`` over the whole file on a background thread; writes wait for it.

        The thread uses a connection of its own (read-only), so reads go on meanwhile.
        """
        if self.path is None or self._verifier is not None:
            return
        self._verified.clear()
        path = self.path

        def run() -> None:
            try:
                problems = sqlite_impl.integrity_check(path, live=True)
                if problems:
                    self.mark_damaged("; ".join(problems[:3]))
            except Exception as exc:  # noqa: BLE001 - an unreadable file is a damaged one
                self.mark_damaged(str(exc))
            finally:
                self._verified.set()

        self._verifier = threading.Thread(target=run, name="coop-verify", daemon=True)
        self._verifier.start()

    def defer_verification(self) -> None:
        """Writes wait for a check that has not started yet: the app starts it (or the
        first write does) once its window is up, so the check does not compete with
        building the window for the CPU."""
        if self.path is not None and self._verifier is None and not self.read_only:
            self._verified.clear()

    def verify(self, timeout: float | None = None) -> bool:
        """Wait for the background check (starting it if needed); True when the file is sound."""
        if self._verifier is None and self.path is not None and not self.read_only:
            self.start_verification()
        self._verified.wait(timeout)
        return not self.damaged

    @property
    def verifying(self) -> bool:
        return not self._verified.is_set()

    def _damaged_error(self) -> DatabaseDamagedError:
        return DatabaseDamagedError(failures.MSG_DAMAGED, path=str(self.path or ""),
                                    reason=self.damage or "")

    # ------------------------------------------------------------------ units of work
    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        """A unit of work (see ``session_scope``); ``write=False`` for pure reads.

        Database failures come out as the application's own errors
        (:func:`failures.translate`): busy, disk full, read-only, damaged. A write is
        refused while the file is damaged or opened read-only — SQLite itself refuses it
        there (``query_only``), so reads in the same unit of work still work — and waits for
        the background check of a just-opened file.
        """
        guarded = self.read_only or self.damaged
        if write and not guarded and not self._verified.is_set():
            if self._verifier is None:  # deferred and not started yet: start it now
                self.start_verification()
            self._verified.wait(VERIFY_WAIT_S)
            guarded = self.damaged
        try:
            with session_scope(self.engine, write=write and not guarded) as session:
                yield session
        except Exception as exc:
            if failures.sqlite_code(exc) in (failures.SQLITE_READONLY, failures.SQLITE_PERM):
                if self.read_only:
                    raise ReadOnlyDatabaseError(MSG_READ_ONLY, path=str(self.path or "")) from exc
                if self.damaged:
                    raise self._damaged_error() from exc
            translated = failures.translate(exc, path=self.path,
                                            busy_seconds=sqlite_impl.BUSY_TIMEOUT_MS / 1000)
            if translated is None or translated is exc:
                raise
            if isinstance(translated, DatabaseDamagedError):
                self.mark_damaged(str(getattr(exc, "orig", exc)))
            raise translated from exc

    def read(self) -> AbstractContextManager[Session]:
        """A read-only unit of work: ``with db.read() as session``."""
        return self.session(write=False)

    def close(self) -> None:
        """Checkpoint the WAL into the file (so the closed file is complete on its own),
        then let go of every connection.

        The checkpoint waits at most ``CLOSE_CHECKPOINT_WAIT_MS`` for another program's
        write: while another program uses the file the log cannot go away anyway, and that
        program checkpoints it when it closes. (Waiting the whole busy timeout held a
        read-only command such as ``stats`` up to 10 s at its end.)"""
        if self.path is not None and not self.read_only and not self.damaged:
            sqlite_impl.checkpoint(self.engine, wait_ms=CLOSE_CHECKPOINT_WAIT_MS)
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.path or self.engine.url!s})"


def open_database(
    path: str | Path, *, backup_dir: Path | None = None, actor: str | None = None,
    attachments_dir: Path | None = None, verify: str = "now",
) -> tuple[Database, OpenReport]:
    """Open (creating or upgrading) the SQLite database at ``path``.

    ``attachments_dir`` overrides where attached files live (see :class:`Database`).
    ``verify``: ``"now"`` starts the background integrity check at once; ``"deferred"``
    leaves starting it to the caller (:meth:`Database.start_verification`) — writes wait
    for it either way.
    """
    if str(path) == ":memory:":
        engine = make_engine(":memory:")
        upgrade(engine)
        from coop_desktop.db.migrate import head_revision

        return (Database(engine, actor=actor, attachments_dir=attachments_dir),
                OpenReport(True, None, head_revision(), None))
    engine, report = open_engine(Path(path), backup_dir=backup_dir)
    db = Database(engine, path=Path(path), actor=actor, attachments_dir=attachments_dir)
    if not report.created:
        if verify == "deferred":
            db.defer_verification()
        else:
            db.start_verification()
    return db, report


def open_read_only(path: str | Path, *, actor: str | None = None,
                   attachments_dir: Path | None = None) -> Database:
    """Open ``path`` for reading only (a rescue view of a damaged file, a backup to look at).

    The file is opened ``immutable``: SQLite writes nothing, not even a ``-shm`` file.
    A damaged file opens as far as its schema can be read; queries that reach a damaged
    page fail with :class:`DatabaseDamagedError`.
    """
    path = Path(path)
    engine = make_engine(path, read_only=True)
    return Database(engine, path=path, actor=actor, attachments_dir=attachments_dir,
                    read_only=True)


__all__ = ["Database", "OpenReport", "attachments_dir_for", "make_engine", "open_database",
           "open_read_only", "session_scope"]
