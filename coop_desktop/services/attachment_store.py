"""The attachment store on disk: content-addressed files, where to find them, keeping it tidy.

``services.attachments`` (the use cases) stores and reads files through this module;
``services.maintenance`` checks and repairs the store through it.

Layout
------
``<root>/<sha[:2]>/<sha256>`` for every stored file (lower-case hex; only a checked 64-hex
hash ever names a file), and ``<root>/tmp/`` for copies in progress (``*.part``). The root
is the database's *primary* store, ``db.attachments_dir`` (``<db stem>.attachments`` beside
the database). Every new file or folder is private: folders 0700, stored files 0400
(owner only, read-only: nothing rewrites a stored file in place), temporary files 0600.

Finding a file (:func:`candidate_stores`, :func:`locate`)
---------------------------------------------------------
The store is content-addressed, so any store that holds the right bytes is as good as the
primary one. When the primary copy is missing or damaged, these stores are searched in
order and a copy is used only after its SHA-256 was checked:

1. the primary store;
2. the other ``*.attachments`` folders beside the database (a renamed copy, ``coop
   (2).sqlite`` beside ``coop.attachments``);
3. ``attachments/`` beside the database (the store of a backup folder: opening a backup
   finds its files);
4. the backup folder of the settings (``AppSettings.backup_dir``, else
   ``paths.default_backup_dir()``): ``attachments/`` in it and in each of its database
   folders (``<backup folder>/<database>/attachments``, see ``db.backup``);
5. the store of the database named in the settings (opening a copy on a USB stick while
   the usual database's store is on the laptop).

Reading never writes anywhere (a backup opened read-only stays untouched); new files
always go to the primary store. ``maintenance.repair`` copies ("adopts") files found only
elsewhere into the primary store (:func:`adopt`).

Partial files (:func:`stray_partial_files`)
-------------------------------------------
A copy killed half-way leaves a ``*.part`` file in ``<root>/tmp/``. A copy in progress
holds an exclusive lock on its part file (``flock`` on POSIX) and writes to it at least
once per megabyte. A part file is *stray*, and may be removed, only when **both** hold:
no process holds a lock on it (the lock dies with its process), and it was last written
more than :data:`STRAY_AGE_S` seconds ago (for file systems where locks do not work, and
for writers of other modules that do not lock, e.g. a restore copying into the store).
On Windows an open file cannot be deleted, which protects a live copy as well.
Stray files are removed the first time a process writes to a store
(:func:`prepare_store`) and by ``maintenance.repair``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from coop_desktop import fileio, paths
from coop_desktop.db.lock import try_lock, unlock
from coop_desktop.errors import CoopError
from coop_desktop.i18n.catalog import N_

TMP = "tmp"
PART_SUFFIX = ".part"
#: Mode of a stored file: read by its owner only, never rewritten in place.
BLOB_MODE = 0o400
#: A part file untouched for this long, and not locked, is left over from a dead copy.
STRAY_AGE_S = 600
CHUNK = 1024 * 1024

_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX2 = re.compile(r"[0-9a-f]{2}")
_POSIX = os.name == "posix"

MSG_TOO_LARGE = N_("“{name}” is {size} MB; an attachment can be at most {limit} MB.")
MSG_SOURCE_MISSING = N_("“{name}” was not found. Nothing was attached.")
MSG_NOT_A_FILE = N_("“{name}” is not a file. Choose a file to attach.")
MSG_UNREADABLE = N_("“{name}” could not be read ({reason}). Nothing was attached.")
MSG_STORE_FAILED = N_("The file could not be saved in the attachment folder {folder} ({reason}). "
                      "Nothing was attached.")


# ------------------------------------------------------------------ names and hashes


def is_sha256(text: str) -> bool:
    return bool(_HEX64.fullmatch(text or ""))


def blob_path(root: Path, sha256: str) -> Path:
    """Where the content with this hash lives. Refuses anything but 64 hex digits."""
    if not _HEX64.fullmatch(sha256 or ""):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return Path(root) / sha256[:2] / sha256


def hash_file(path: Path, *, progress: Callable[[int], None] | None = None) -> str:
    """The SHA-256 of a file, read in chunks; ``progress(bytes)`` after each chunk."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
            if progress is not None:
                progress(len(chunk))
    return h.hexdigest()


def is_intact(path: Path, sha256: str) -> bool:
    """True when ``path`` is a readable regular file whose SHA-256 is ``sha256``."""
    try:
        return path.is_file() and hash_file(path) == sha256
    except OSError:
        return False


def stored_files(root: Path) -> Iterator[Path]:
    """Every content-addressed file in a store (``<xx>/<64 hex>``), nothing else."""
    try:
        shards = sorted(p for p in Path(root).iterdir() if _HEX2.fullmatch(p.name) and p.is_dir())
    except OSError:
        return
    for shard in shards:
        try:
            names = sorted(shard.iterdir())
        except OSError:
            continue
        for blob in names:
            if _HEX64.fullmatch(blob.name) and blob.name[:2] == shard.name:
                yield blob


# ------------------------------------------------------------------ locks on part files


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    def _lock(fh: IO[bytes]) -> None:
        """Nothing to do: Windows refuses to delete a file that is open (see the module
        docstring), which is what protects a copy in progress."""

    def _is_locked(path: Path) -> bool:
        return False
else:
    def _lock(fh: IO[bytes]) -> None:
        try_lock(fh)  # a file system without locks: the age guards it

    def _is_locked(path: Path) -> bool:
        """True when another open file description holds a lock on ``path``."""
        try:
            fh = open(path, "rb")  # noqa: SIM115 - closed below
        except OSError:
            return False
        try:
            if try_lock(fh):
                unlock(fh)
                return False
            return True
        finally:
            fh.close()


@contextlib.contextmanager
def part_file(root: Path, prefix: str) -> Iterator[tuple[IO[bytes], Path]]:
    """A new locked, private temporary file in ``<root>/tmp/`` for a copy in progress.

    Yields the open file and its path. The lock is held until the file is closed: the
    caller closes it once it is written and fsynced, just before renaming it into place
    (the file is fresh then, so the age rule still protects it). A part file still there
    at the end of the block is removed.
    """
    incoming = fileio.private_dir(Path(root) / TMP)
    fd, name = tempfile.mkstemp(dir=incoming, prefix=prefix, suffix=PART_SUFFIX)  # 0600
    tmp = Path(name)
    fh = os.fdopen(fd, "wb")
    try:
        _lock(fh)
        yield fh, tmp
    finally:
        fh.close()
        with contextlib.suppress(OSError):
            tmp.unlink()


@dataclass(frozen=True)
class PartialFile:
    path: Path
    size: int
    age_s: float


def partial_files(root: Path, *, now: float | None = None) -> list[PartialFile]:
    """Every ``*.part`` file in ``<root>/tmp/`` (live or stray)."""
    now = time.time() if now is None else now
    found: list[PartialFile] = []
    try:
        entries = sorted(Path(root, TMP).iterdir())
    except OSError:
        return found
    for path in entries:
        if not path.name.endswith(PART_SUFFIX):
            continue
        try:
            st = path.lstat()
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            found.append(PartialFile(path, st.st_size, max(0.0, now - st.st_mtime)))
    return found


def stray_partial_files(root: Path, *, min_age_s: float = STRAY_AGE_S,
                        now: float | None = None) -> list[PartialFile]:
    """The part files left by dead copies: unlocked and untouched for ``min_age_s``."""
    return [p for p in partial_files(root, now=now)
            if p.age_s >= min_age_s and not _is_locked(p.path)]


def remove_stray_partial_files(root: Path, *, min_age_s: float = STRAY_AGE_S,
                               now: float | None = None) -> list[PartialFile]:
    """Remove :func:`stray_partial_files`; returns those actually removed."""
    removed: list[PartialFile] = []
    for part in stray_partial_files(root, min_age_s=min_age_s, now=now):
        try:
            part.path.unlink()
        except OSError:
            continue  # open elsewhere (Windows), or not ours to remove
        removed.append(part)
    return removed


_prepared: set[str] = set()


def prepare_store(root: Path) -> list[PartialFile]:
    """Open a store for writing: create it private, remove stray part files.

    Done once per store and process (the first write); returns the part files removed.
    """
    key = os.path.normcase(str(Path(root).resolve()))
    if key in _prepared:
        return []
    fileio.private_dir(Path(root))
    removed = remove_stray_partial_files(root)
    _prepared.add(key)
    return removed


# ------------------------------------------------------------------ privacy


def not_private(root: Path) -> list[Path]:
    """Folders and files of the store that others than the owner may read (POSIX)."""
    if not _POSIX or not Path(root).is_dir():
        return []
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        for name in [folder, *(os.path.join(folder, f) for f in files)]:
            try:
                st = os.lstat(name)
            except OSError:
                continue
            if stat.S_ISLNK(st.st_mode) or st.st_uid != os.getuid():
                continue
            if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
                found.append(Path(name))
        dirs.sort()
    return found


def make_private(paths_: list[Path]) -> int:
    """Take group and other permissions away from ``paths_``; the owner keeps theirs
    (a stored file stays read-only). Returns how many were changed."""
    changed = 0
    for path in paths_:
        try:
            mode = stat.S_IMODE(os.lstat(path).st_mode)
            os.chmod(path, mode & stat.S_IRWXU)
            changed += 1
        except OSError:
            continue
    return changed


# ------------------------------------------------------------------ storing


@dataclass(frozen=True)
class Stored:
    sha256: str
    size: int
    #: What was at the target before: "none" (written now), "intact" (kept; the new
    #: copy was dropped) or "damaged" (replaced by the new copy).
    previous: str

    @property
    def created(self) -> bool:
        return self.previous != "intact"


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def _unreadable(label: str, exc: OSError) -> CoopError:
    return CoopError(MSG_UNREADABLE, name=label, reason=exc.strerror or type(exc).__name__)


def _store_failed(root: Path, exc: OSError) -> CoopError:
    return CoopError(MSG_STORE_FAILED, folder=str(root), reason=exc.strerror or type(exc).__name__)


def _install(tmp: Path, target: Path) -> None:
    """Rename a finished, fsynced part file into place (replacing a damaged copy)."""
    fileio.private_dir(target.parent)
    if target.exists():
        with contextlib.suppress(OSError):
            os.chmod(target, 0o600)  # a read-only damaged copy: let it be replaced
    os.chmod(tmp, BLOB_MODE)
    os.replace(tmp, target)
    fileio.fsync_dir(target.parent)


def store_file(root: Path, source: Path, label: str, *, limit: int) -> Stored:
    """Copy ``source`` into the store at ``root``: read once, hashed and counted on the way
    into a locked part file, fsynced, then renamed under its hash.

    An intact copy already there is kept and the new one dropped; a damaged one is
    replaced. ``label`` names the file in messages. Raises :class:`CoopError` (nothing left
    behind) for a source that is missing, not a regular file, unreadable or larger than
    ``limit`` bytes, or a store that cannot be written.
    """
    try:
        st = source.stat()
    except FileNotFoundError:
        raise CoopError(MSG_SOURCE_MISSING, name=label) from None
    except OSError as exc:
        raise _unreadable(label, exc) from exc
    if not stat.S_ISREG(st.st_mode):  # a folder, a FIFO (would block), a device...
        raise CoopError(MSG_NOT_A_FILE, name=label)
    if st.st_size > limit:
        raise CoopError(MSG_TOO_LARGE, name=label, size=_mb(st.st_size), limit=_mb(limit))
    try:
        src = source.open("rb")
    except OSError as exc:
        raise _unreadable(label, exc) from exc
    with src:
        try:
            prepare_store(root)
            with part_file(root, "incoming-") as (out, tmp):
                digest, size = hashlib.sha256(), 0
                while True:
                    try:
                        chunk = src.read(CHUNK)
                    except OSError as exc:
                        raise _unreadable(label, exc) from exc
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:  # the file grew while we read it
                        raise CoopError(MSG_TOO_LARGE, name=label, size=_mb(size),
                                        limit=_mb(limit))
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
                out.close()  # before the rename: Windows cannot rename an open file
                sha = digest.hexdigest()
                target = blob_path(root, sha)
                previous = "none"
                if target.exists():
                    previous = "intact" if is_intact(target, sha) else "damaged"
                if previous != "intact":
                    _install(tmp, target)
                return Stored(sha, size, previous)
        except OSError as exc:
            raise _store_failed(root, exc) from exc


def discard(root: Path, sha256: str) -> None:
    """Remove a stored file that nothing refers to (an ``add`` that failed)."""
    with contextlib.suppress(OSError, ValueError):
        path = blob_path(root, sha256)
        os.chmod(path, 0o600)
        path.unlink()


def adopt(root: Path, sha256: str, source: Path) -> bool:
    """Copy the file ``source`` (found in another store) into the store at ``root``.

    The bytes are hashed on the way; only a copy whose SHA-256 is ``sha256`` is renamed
    into place (replacing a damaged copy there). Returns False, leaving the store as it
    was, when the source cannot be read or does not match.
    """
    try:
        fileio.private_dir(Path(root))
        with part_file(root, "adopt-") as (out, tmp), open(source, "rb") as src:
            h = hashlib.sha256()
            while chunk := src.read(CHUNK):
                h.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
            out.close()  # before the rename: Windows cannot rename an open file
            if h.hexdigest() != sha256:
                return False
            _install(tmp, blob_path(root, sha256))
        return True
    except OSError:
        return False


# ------------------------------------------------------------------ finding files


def _settings_locations() -> tuple[Path | None, Path | None]:
    """(backup folder, database file) named by the user's settings; never raises."""
    try:
        from coop_desktop.settings import AppSettings

        settings = AppSettings.load()
        backup = Path(settings.backup_dir).expanduser() if settings.backup_dir \
            else paths.default_backup_dir()
        database = None if settings.database_unknown else (
            Path(settings.db_path).expanduser() if settings.db_path else paths.default_db_path())
        return backup, database
    except Exception:  # noqa: BLE001 - a lookup aid only: no settings, no extra places
        return None, None


def candidate_stores(primary: Path, db_path: Path | None, *,
                     backup_dir: Path | None | bool = True,
                     settings_db: Path | None | bool = True) -> list[Path]:
    """The stores to search for a file, primary first (see the module docstring).

    ``backup_dir``/``settings_db``: True (the default) reads them from the settings;
    None or False leaves them out; a path uses that path.
    """
    from coop_desktop.db import attachments_dir_for

    found: list[Path] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        try:
            key = os.path.normcase(str(path.resolve()))
            if key not in seen and (not found or path.is_dir()):
                seen.add(key)
                found.append(path)
        except OSError:
            pass

    def children(folder: Path, pattern: str) -> list[Path]:
        try:
            return sorted(folder.glob(pattern))
        except OSError:
            return []

    add(Path(primary))
    if db_path is not None:
        beside = Path(db_path).parent
        for sibling in children(beside, "*.attachments"):
            add(sibling)
        add(beside / "attachments")
    if backup_dir is True or settings_db is True:
        configured_backup, configured_db = _settings_locations()
        if backup_dir is True:
            backup_dir = configured_backup
        if settings_db is True:
            settings_db = configured_db
    if isinstance(backup_dir, Path):
        add(backup_dir / "attachments")
        for store in children(backup_dir, "*/attachments"):
            add(store)
    if isinstance(settings_db, Path):
        add(attachments_dir_for(settings_db))
    return found


@dataclass(frozen=True)
class Location:
    """Where the content of one hash was found.

    ``primary``: "ok", "missing" or "damaged" (the state of the primary copy; "invalid"
    for a hash that is not 64 hex digits). ``path``: a verified copy (the primary one when
    it is ok, else one in another store), or None when there is none anywhere.
    """

    sha256: str
    primary: str
    path: Path | None

    @property
    def elsewhere(self) -> bool:
        return self.primary != "ok" and self.path is not None


def locate(sha256: str, primary: Path, others: Callable[[], list[Path]], *,
           progress: Callable[[int], None] | None = None) -> Location:
    """Find a verified copy of ``sha256``: in the ``primary`` store first, then in the
    stores ``others()`` lists, in order. ``others`` is called only when the primary copy
    is not good (finding the other stores reads the settings and lists folders)."""
    if not is_sha256(sha256):
        return Location(sha256, "invalid", None)
    path = blob_path(primary, sha256)
    state = "missing"
    if path.exists():
        try:
            if hash_file(path, progress=progress) == sha256:
                return Location(sha256, "ok", path)
        except OSError:
            pass
        state = "damaged"
    primary_key = os.path.normcase(str(Path(primary).resolve()))
    for root in others():
        if os.path.normcase(str(Path(root).resolve())) == primary_key:
            continue
        candidate = blob_path(root, sha256)
        if candidate.is_file() and is_intact(candidate, sha256):
            return Location(sha256, state, candidate)
    return Location(sha256, state, None)
