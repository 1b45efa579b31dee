"""Files the application writes: private to the user, complete or absent.

Every file Coop Desktop creates for the user (database, backups, settings, recovery
files, attachment store, exports) goes through here, so that two rules hold everywhere:

* **Private by default.** Files are created ``0600`` and folders ``0700`` on POSIX (the
  records hold personal data: names, phone numbers, ID-like codes). On Windows the
  user's profile folders are already private; the modes are ignored there.
* **Complete or absent.** :func:`atomic_write` writes to a unique temporary file in the
  same folder, fsyncs it, renames it over the target and fsyncs the folder, so that a
  crash or power cut leaves either the old file or the new one, never a torn one, and two
  writers never share a temporary name.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

FILE_MODE = 0o600
DIR_MODE = 0o700
POSIX = os.name == "posix"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) readable by the user only; return it.

    An existing folder keeps its mode: it may be a shared drive the user chose on purpose
    (a backup folder on a USB stick), and a folder we did not create is not ours to change.
    """
    path = Path(path)
    if not path.is_dir():
        missing = []
        for parent in (path, *path.parents):
            if parent.is_dir():
                break
            missing.append(parent)
        for folder in reversed(missing):  # each new level 0700, not only the last one
            folder.mkdir(mode=DIR_MODE, exist_ok=True)
            make_private(folder)
    return path


def make_private(path: Path) -> None:
    """``chmod`` a file to 0600 or a folder to 0700 (POSIX; no-op elsewhere)."""
    if not POSIX:
        return
    with contextlib.suppress(OSError):  # not ours (another owner), or a file system without modes
        os.chmod(path, DIR_MODE if Path(path).is_dir() else FILE_MODE)


def create_private_file(path: Path) -> None:
    """Create ``path`` empty and 0600 if it does not exist (so that SQLite, reportlab or
    any other writer that opens it later keeps that mode, and SQLite gives its ``-wal``
    and ``-shm`` files the same one)."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), FILE_MODE)
    os.close(fd)
    make_private(path)


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in folder ``path`` durable (POSIX; no-op on Windows,
    which has no directory handles to sync)."""
    if not POSIX:
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # some file systems (network shares) cannot sync a folder
        pass
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


@contextlib.contextmanager
def atomic_writer(target: Path, mode: str = "wb", *, encoding: str | None = None) -> Iterator[IO]:
    """Write ``target`` through a unique temporary file, all or nothing.

    The block writes to the yielded file; on success it is flushed, fsynced, made private
    and renamed over ``target`` (then the folder is fsynced). If the block raises, the
    temporary file is removed and ``target`` is untouched.
    """
    target = Path(target)
    private_dir(target.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, mode, encoding=encoding) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        make_private(tmp)  # mkstemp makes 0600 already; keep it explicit for other platforms
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def atomic_write(target: Path, data: bytes | str, *, encoding: str = "utf-8") -> None:
    """Replace ``target`` with ``data`` atomically and durably (see :func:`atomic_writer`)."""
    if isinstance(data, str):
        with atomic_writer(target, "w", encoding=encoding) as fh:
            fh.write(data)
    else:
        with atomic_writer(target, "wb") as fh:
            fh.write(data)


def copy_private(source: Path, target: Path) -> Path:
    """Copy a file to ``target`` atomically (temporary name, fsync, rename), mode 0600."""
    with atomic_writer(Path(target), "wb") as out, open(source, "rb") as src:
        shutil.copyfileobj(src, out, 1024 * 1024)
    return Path(target)


def is_private(path: Path) -> bool:
    """True when no one but the owner can read or write ``path`` (always True off POSIX)."""
    if not POSIX:
        return True
    return not (os.stat(path).st_mode & (stat.S_IRWXG | stat.S_IRWXO))
