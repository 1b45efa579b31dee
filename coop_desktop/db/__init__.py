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


class Database:
    """An open database: the engine plus who is working on it (for the audit trail)."""

    def __init__(self, engine: Engine, *, path: Path | None = None, actor: str | None = None):
        self.engine = engine
        self.path = path
        self.actor = actor or default_actor()

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
    path: str | Path, *, backup_dir: Path | None = None, actor: str | None = None
) -> tuple[Database, OpenReport]:
    """Open (creating or upgrading) the SQLite database at ``path``."""
    if str(path) == ":memory:":
        engine = make_engine(":memory:")
        upgrade(engine)
        from coop_desktop.db.migrate import head_revision

        return Database(engine, actor=actor), OpenReport(True, None, head_revision(), None)
    engine, report = open_engine(Path(path), backup_dir=backup_dir)
    return Database(engine, path=Path(path), actor=actor), report


__all__ = ["Database", "OpenReport", "make_engine", "open_database", "session_scope"]
