"""Storage: the engine factory, units of work, migrations and SQLite specifics.

``open_database`` is the front door: it refuses files it must not touch, backs up before
upgrading, and hands back a :class:`Database` whose schema is at head.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from coop_desktop.db.engine import make_engine
from coop_desktop.db.migrate import OpenReport, open_engine, upgrade
from coop_desktop.db.session import session_scope


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
                 attachments_dir: Path | None = None):
        self.engine = engine
        self.path = path
        self.actor = actor or default_actor()
        self._attachments_dir = attachments_dir

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

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work (see ``session_scope``)."""
        with session_scope(self.engine) as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.path or self.engine.url!s})"


def open_database(
    path: str | Path, *, backup_dir: Path | None = None, actor: str | None = None,
    attachments_dir: Path | None = None,
) -> tuple[Database, OpenReport]:
    """Open (creating or upgrading) the SQLite database at ``path``.

    ``attachments_dir`` overrides where attached files live (see :class:`Database`).
    """
    if str(path) == ":memory:":
        engine = make_engine(":memory:")
        upgrade(engine)
        from coop_desktop.db.migrate import head_revision

        return (Database(engine, actor=actor, attachments_dir=attachments_dir),
                OpenReport(True, None, head_revision(), None))
    engine, report = open_engine(Path(path), backup_dir=backup_dir)
    return Database(engine, path=Path(path), actor=actor, attachments_dir=attachments_dir), report


__all__ = ["Database", "OpenReport", "attachments_dir_for", "make_engine", "open_database",
           "session_scope"]
