"""What a failed database call means to the user: SQLite's errors as our messages.

SQLAlchemy wraps the driver's exceptions (``OperationalError``, ``DatabaseError``…);
:func:`translate` turns them, by SQLite's result code, into the application's own
:class:`~coop_desktop.errors.CoopError` subclasses with a message in the user's language,
so that neither the command line nor the GUI ever shows a traceback for a locked, full,
read-only or damaged database. Errors it does not recognise are left alone (they are
bugs, and the GUI's error dialog keeps their details).
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import exc as sa_exc

from coop_desktop.errors import (
    ConflictError,
    CoopError,
    DatabaseBusyError,
    DatabaseDamagedError,
    StorageError,
    ValidationError,
)
from coop_desktop.i18n.catalog import N_

# SQLite primary result codes (sqlite3.h).
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_NOMEM, SQLITE_READONLY = 3, 5, 6, 7, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = 10, 11, 13, 14
SQLITE_TOOBIG, SQLITE_CONSTRAINT, SQLITE_NOTADB = 18, 19, 26

MSG_BUSY = N_("The database is in use by another program, which did not finish within "
              "{seconds} seconds. Nothing was saved; please try again.")
MSG_DAMAGED = N_("The database file {path} is damaged ({reason}). Nothing more is written to it. "
                 "Restore a backup, or open it read-only to rescue what can be read.")
MSG_FULL = N_("The disk is full, so the change could not be saved. Nothing was changed; "
              "free some space and try again.")
MSG_READONLY = N_("The database file {path} cannot be written (it is read-only, or the folder "
                  "is). Nothing was changed.")
MSG_IOERR = N_("The disk reported an error while saving ({reason}). Nothing was changed; "
               "check the drive and try again.")
MSG_CANTOPEN = N_("The database file {path} cannot be opened ({reason}).")
MSG_TOO_BIG = N_("The value is too large to be stored.")
MSG_CONSTRAINT = N_("The change conflicts with another record: {reason}")
MSG_NUMBER_RANGE = N_("A number is too large to be stored (at most {limit}).")
MSG_BAD_TEXT = N_("The text contains characters that cannot be stored (a broken character "
                  "from a copy and paste). Retype or delete them.")

INT64_MAX = 2**63 - 1


def sqlite_code(exc: BaseException) -> int | None:
    """SQLite's primary result code of ``exc`` (a driver or SQLAlchemy exception), if any."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    if code is None:
        return None
    return int(code) & 0xFF


def translate(exc: BaseException, *, path: object = None, busy_seconds: float = 10) -> CoopError | None:
    """The user-facing error for a database failure, or None when ``exc`` is not one."""
    if isinstance(exc, CoopError):
        return exc
    where = str(path) if path is not None else ""
    if isinstance(exc, OverflowError):  # sqlite3 binding an int beyond 64 bits
        return ValidationError.single("?", MSG_NUMBER_RANGE, limit=f"{INT64_MAX:,}")
    if isinstance(exc, UnicodeEncodeError):  # a lone surrogate reaching the driver
        return ValidationError.single("?", MSG_BAD_TEXT)
    if not isinstance(exc, (sa_exc.DBAPIError, sqlite3.Error)):
        return None
    orig = getattr(exc, "orig", exc)
    if isinstance(orig, (OverflowError,)):
        return ValidationError.single("?", MSG_NUMBER_RANGE, limit=f"{INT64_MAX:,}")
    code = sqlite_code(exc)
    reason = str(orig) if orig is not None else str(exc)
    if code in (SQLITE_BUSY, SQLITE_LOCKED) or (code is None and "database is locked" in reason):
        return DatabaseBusyError(MSG_BUSY, seconds=f"{busy_seconds:g}")
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB) or (
            code is None and ("malformed" in reason or "not a database" in reason)):
        return DatabaseDamagedError(MSG_DAMAGED, path=where, reason=reason)
    if code == SQLITE_FULL:
        return StorageError(MSG_FULL)
    if code in (SQLITE_READONLY, SQLITE_PERM):
        return StorageError(MSG_READONLY, path=where)
    if code == SQLITE_IOERR:
        return StorageError(MSG_IOERR, reason=reason)
    if code == SQLITE_CANTOPEN:
        return StorageError(MSG_CANTOPEN, path=where, reason=reason)
    if code == SQLITE_TOOBIG:
        return ValidationError.single("?", MSG_TOO_BIG)
    if code == SQLITE_CONSTRAINT or isinstance(exc, (sa_exc.IntegrityError, sqlite3.IntegrityError)):
        return ConflictError(MSG_CONSTRAINT, reason=reason)
    return None


__all__ = ["INT64_MAX", "sqlite_code", "translate"]
