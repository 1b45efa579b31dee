"""The one engine factory. SQLite files get the connection policy of ``db.sqlite``."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import StaticPool

from coop_desktop.db import sqlite as sqlite_impl


def make_engine(target: str | Path, *, echo: bool = False, read_only: bool = False) -> Engine:
    """An engine for a file path, ``":memory:"``, or any SQLAlchemy URL.

    A plain path means SQLite with WAL, ``synchronous=FULL``, foreign keys, a busy
    timeout and our ``application_id`` on every connection. ``read_only`` opens the file
    ``immutable`` (SQLite then writes nothing at all, not even a ``-shm``): for rescue
    views of damaged files and for looking into backups.
    """
    if read_only:
        uri = f"{Path(target).resolve().as_uri()}?mode=ro&immutable=1"
        engine = create_engine(
            "sqlite://", echo=echo,
            creator=lambda: sqlite_impl.connect_read_only(uri),
        )
        sqlite_impl.install_connection_policy(engine, read_only=True)
        return engine
    url = str(target)
    if "://" in url:
        engine = create_engine(url, echo=echo)
        if engine.dialect.name == "sqlite":
            sqlite_impl.install_connection_policy(engine)
        return engine
    if url == ":memory:":
        engine = create_engine(
            "sqlite://",
            echo=echo,
            poolclass=StaticPool,
            connect_args={"check_same_thread": False},
        )
    else:
        engine = create_engine(
            f"sqlite:///{Path(url)}",
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": 10},
        )
    sqlite_impl.install_connection_policy(engine)
    return engine
