"""One app per database file: the instance lock beside it.

The GUI holds ``<database file>.lock`` with an operating-system lock (``flock`` on POSIX,
``LockFileEx`` through ``msvcrt`` on Windows) for as long as it has the database open,
and writes who it is into the file (process id, host, start time) for messages. The OS
drops the lock when the process ends, however it ends, so a lock left by a killed or
crashed app is recovered by simply taking it again: no stale-lock heuristics, no pid
guessing. The file itself stays (deleting a lock file races with the next taker).

* A second app on the same file does not get the lock: it hands over to the first one
  (``ui.single_instance``) and exits.
* The command line *probes* the lock before it writes (:func:`holder`): while the app has
  the file open, commands that write are refused with a message naming the app's process;
  commands that only read (``stats``, ``list``, ``check``, ``backup``) go ahead, since a
  reader never disturbs the app (WAL). Two command-line writers may run side by side:
  their transactions wait for each other (``BEGIN IMMEDIATE`` with a busy timeout).

Where the folder cannot hold a lock file (read-only media) nothing is locked; SQLite's own
locking still keeps the file consistent.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from coop_desktop import fileio

_LOCK_OFFSET = 1 << 20  # Windows locks a byte range; keep it clear of the readable info


def lock_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ".lock")


@dataclass(frozen=True)
class LockInfo:
    pid: int
    host: str
    started: float  # epoch seconds
    kind: str = "app"

    @property
    def started_text(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(self.started))


def _read_info(path: Path) -> LockInfo | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8") or "{}")
        return LockInfo(int(raw["pid"]), str(raw.get("host", "")), float(raw.get("started", 0)),
                        str(raw.get("kind", "app")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


# ``try_lock``/``unlock``: a non-blocking OS lock on an open file, shared or exclusive,
# released by the OS when the process ends. Used for the instance lock, the backup folder
# lock and the attachment store's part files. (Windows has no shared locks through msvcrt:
# there a shared request is exclusive, and probes retry.)
if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def try_lock(fh: IO, *, shared: bool = False) -> bool:
        fh.seek(_LOCK_OFFSET)
        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def unlock(fh: IO) -> None:
        fh.seek(_LOCK_OFFSET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def try_lock(fh: IO, *, shared: bool = False) -> bool:
        try:
            fcntl.flock(fh.fileno(), (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False
        except OSError:  # ENOLCK: a file system without locks; behave as unlocked
            return True

    def unlock(fh: IO) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


class InstanceLock:
    """The app's hold on one database file (see the module docstring)."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self._fh: IO | None = None

    @property
    def held(self) -> bool:
        return self._fh is not None

    def acquire(self, *, kind: str = "app") -> bool:
        """Take the lock without waiting; False when another process holds it.

        True also when no lock file can be made (read-only folder): there is nothing to
        coordinate with then.
        """
        if self._fh is not None:
            return True
        try:
            fileio.private_dir(self.path.parent)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0),
                         fileio.FILE_MODE)
        except OSError:
            return True
        fh = os.fdopen(fd, "r+b", buffering=0)
        if not try_lock(fh, shared=False):
            fh.close()
            return False
        info = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.time(),
                "kind": kind}
        with contextlib.suppress(OSError):
            fh.seek(0)
            fh.truncate()
            fh.write(json.dumps(info).encode())
            os.fsync(fh.fileno())
        self._fh = fh
        return True

    def release(self) -> None:
        fh, self._fh = self._fh, None
        if fh is None:
            return
        with contextlib.suppress(OSError):
            fh.seek(0)
            fh.truncate()
        unlock(fh)
        fh.close()

    def holder(self) -> LockInfo | None:
        """Who holds the lock now (None: nobody, or this object)."""
        if self._fh is not None:
            return None
        return holder(self.db_path)

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def holder(db_path: Path) -> LockInfo | None:
    """The app holding ``db_path`` open, or None when no app does.

    Probes with a shared lock (which conflicts only with the app's exclusive one, not with
    another probe), released at once.
    """
    path = lock_path(Path(db_path))
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError:
        return None
    try:
        for _attempt in range(3):
            if try_lock(fh, shared=True):
                unlock(fh)
                return None
            time.sleep(0.02)  # Windows has no shared locks: another probe may hold it
        return _read_info(path) or LockInfo(0, "", 0.0)
    finally:
        fh.close()
