"""Units of work. Nothing else in the application opens a session."""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlmodel import Session

#: Execution option that makes the ``begin`` event emit a plain (deferred) ``BEGIN``:
#: for units of work that only read. Every other transaction starts ``BEGIN IMMEDIATE``
#: (see ``db.sqlite.install_connection_policy``).
READ_ONLY = "coop_read_only"

# One read-only view per engine, so that caches keyed by ``session.get_bind()`` (the
# termbase, the translation memory) see the same object every time.
_readers: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def reader(engine: Engine) -> Engine:
    """``engine`` with the read-only execution option (deferred ``BEGIN``)."""
    view = _readers.get(engine)
    if view is None:
        view = _readers[engine] = engine.execution_options(**{READ_ONLY: True})
    return view


@contextmanager
def session_scope(engine: Engine, *, write: bool = True) -> Iterator[Session]:
    """One transaction: committed if the block succeeds, rolled back if it raises.

    ``write`` (the default) starts the transaction with ``BEGIN IMMEDIATE`` on SQLite: it
    takes the write lock at once, waiting up to the busy timeout while another connection
    holds it. A deferred transaction that reads first could not wait when it later tries
    to write (SQLite answers "database is locked" at once rather than risk a deadlock).
    ``write=False`` is for units of work that never write; they never block a writer.

    Objects are expunged-safe: ``expire_on_commit=False`` so read models can be built
    from them after the commit.
    """
    bind = engine if write else reader(engine)
    session = Session(bind, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
