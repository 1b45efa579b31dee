"""Reads that stop when their result is no longer wanted.

The enterprise list reads its full id list and its count behind the first page it shows; when
the user types on, that read is for a query nobody looks at any more, and it holds the one
database lane that the next query waits for (a broad term's 135,000 ids: 0.2-0.6 s). A read
run inside :func:`stoppable` ends within a fraction of a millisecond once its ``stop()``
returns true, with :class:`ReadStopped`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlmodel import Session


class ReadStopped(Exception):
    """A read was stopped by its ``stop`` callable: its result is no longer wanted."""


#: SQLite virtual-machine steps between two calls of ``stop`` (a few hundred microseconds).
STOP_CHECK_STEPS = 20_000


@contextmanager
def stoppable(session: Session, stop: Callable[[], bool] | None) -> Iterator[None]:
    """Statements run inside end early with :class:`ReadStopped` once ``stop()`` is true
    (SQLite's progress handler on the session's connection; with another database the read
    runs to its end). Only for reads: a stopped statement leaves nothing half-written."""
    if stop is None or session.get_bind().dialect.name != "sqlite":
        yield
        return
    raw = session.connection().connection.driver_connection
    if not isinstance(raw, sqlite3.Connection):
        yield
        return
    raw.set_progress_handler(lambda: bool(stop()), STOP_CHECK_STEPS)
    try:
        if stop():
            raise ReadStopped()
        yield
    except ReadStopped:
        raise
    except Exception as exc:
        if stop() and _interrupted(exc):
            raise ReadStopped() from exc
        raise
    finally:
        raw.set_progress_handler(None, 0)


def _interrupted(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", exc)
    return isinstance(orig, sqlite3.OperationalError) and "interrupt" in str(orig)


__all__ = ["ReadStopped", "STOP_CHECK_STEPS", "stoppable"]
