"""Verified backups of a database file: the file-level part (SQLite, folders, sidecars).

``services.backups`` is the public front (rotation, listing, restore, "is one due?");
this module only knows how to take one verified copy and how to read one back, so that
``db.migrate`` can take its pre-upgrade backup without reaching up into the services.

Taking a backup (:func:`take`)
------------------------------
1. A separate, read-only ``sqlite3`` connection on the source file copies it with SQLite's
   online backup API in a single step. That step is one read transaction: a consistent
   snapshot (every committed transaction wholly in or wholly out), and in WAL mode a reader
   never blocks writers, so the app keeps saving meanwhile (``bench/backup.py`` measures
   it). A step-by-step copy would restart whenever another connection writes.
2. The copy goes to a unique temporary file in the backup folder, is fsynced and checked
   with ``PRAGMA quick_check``; its record counts and the SHA-256 list of the attachment
   files it refers to are read from the copy itself (so they match it exactly).
3. The attachment files it needs are copied into the folder's own content-addressed
   store (``db.backup_store``), each only if not already there, its hash verified.
4. The sidecar (``<backup>.json``) is written atomically, then the copy is renamed to its
   final name and the folder fsynced: a backup under its final name always has its sidecar.

Folder layout
-------------
::

    <backup folder>/                       settings.backup_dir, another drive, a USB stick
      coop-3f2a91c0/                       one folder per database: file stem + hash of its path
        coop-20250306-143000-auto.sqlite   the copy (0600)
        coop-20250306-143000-auto.sqlite.json   its sidecar: date, reason, counts, hashes…
        attachments/ab/ab12…               content-addressed copies of attachment files
        .lock                              held while a backup or rotation runs

Backups of different databases sharing a backup folder never meet: each has its folder, and
rotation and clean-up only ever look inside one. All files are created 0600, folders 0700.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from coop_desktop import __version__, fileio
from coop_desktop.db import sqlite as sqlite_impl
from coop_desktop.db.lock import try_lock, unlock
from coop_desktop.db.backup_store import (  # noqa: F401 - part of this module's API
    STORE_TMP,
    blob_path,
    copy_attachments,
    copy_blob,
    is_sha256,
    store_blobs,
)
from coop_desktop.errors import CoopError
from coop_desktop.i18n.catalog import N_

#: Why a backup was taken. ``before-*`` backups precede a risky operation.
REASONS = ("auto", "quit", "manual", "before-import", "before-restore", "before-repair",
           "before-bulk-delete", "before-upgrade")
RISKY_REASONS = frozenset(r for r in REASONS if r.startswith("before-"))

SUFFIX = ".sqlite"
SIDECAR_SUFFIX = ".json"
STORE = "attachments"
LOCK_NAME = ".lock"
FORMAT = 1
LOCK_TIMEOUT_S = 600.0

#: Record counts kept with each backup: key -> table (live rows: ``deleted_at IS NULL``).
#: ``recycle_bin`` counts the deleted rows of these tables.
COUNTED_TABLES = {
    "enterprises": "enterprise",
    "applications": "application",
    "contacts": "contact",
    "interactions": "interaction",
    "events": "event",
    "attachments": "attachment",
}

_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z]+(?:-[a-z]+)*)"
                   r"(?:-(?P<n>\d+))?" + re.escape(SUFFIX) + "$")

MSG_NO_DATABASE = N_("There is no database file at {path} to back up.")
MSG_FOLDER = N_("The backup folder {folder} cannot be used ({reason}). Choose another backup "
                "folder in the settings, or check that the drive is connected.")
MSG_NO_SPACE = N_("There is not enough free space for a backup in {folder}: about {need} MB are "
                  "needed, {free} MB are free. No backup was made.")
MSG_FAILED = N_("The backup of {path} could not be made ({reason}). No backup was written; "
                "the database was not changed.")
MSG_COPY_DAMAGED = N_("The backup copy of {path} failed its integrity check ({reason}); the "
                      "database itself may be damaged. No backup was written.")
MSG_NOT_OURS = N_("{path} is not a Coop Desktop database, so it was not backed up.")
MSG_BUSY = N_("Another backup of this database is still being made. Try again in a moment.")


class BackupError(CoopError):
    """A backup could not be taken, read or restored; the message says why and what was
    (not) changed."""


# ---------------------------------------------------------------- what a backup is


@dataclass(frozen=True)
class BackupInfo:
    """One backup, as recorded in its sidecar (or, for files without one, read from it).

    ``verified``: the copy passed ``quick_check`` when it was taken (recorded in its
    sidecar); False for files made by older versions or found without a sidecar.
    ``legacy``: made by an older version (no sidecar); its counts were read from the file.
    ``problem``: why the file could not be read (a damaged or foreign file), else None.
    ``fingerprint``: the source file's :func:`fingerprint` just before the copy.
    ``attachments``: the SHA-256 of every attachment file the copy refers to (recycle bin
    included); ``attachments_missing``: those that were not in the database's store (or
    did not match their hash) and so are not in the backup; ``attachments_copied``: how
    many files this backup added to the backup store (the others were there already).
    """

    path: Path
    created: datetime
    reason: str
    size: int
    schema_revision: str | None = None
    app_version: str | None = None
    counts: Mapping[str, int] = field(default_factory=dict)
    attachments: tuple[str, ...] = ()
    attachments_missing: tuple[str, ...] = ()
    attachments_bytes: int = 0
    attachments_copied: int = 0
    verified: bool = False
    legacy: bool = False
    problem: str | None = None
    database: str | None = None
    fingerprint: tuple[int, ...] | None = None
    seconds: float | None = None

    @property
    def risky(self) -> bool:
        """Taken before a risky operation (``before-*``)."""
        return self.reason in RISKY_REASONS

    @property
    def sidecar(self) -> Path:
        return sidecar_path(self.path)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "file": self.path.name,
            "created": self.created.isoformat(),
            "reason": self.reason,
            "size": self.size,
            "schema_revision": self.schema_revision,
            "app_version": self.app_version,
            "verified": self.verified,
            "counts": dict(self.counts),
            "attachments": list(self.attachments),
            "attachments_missing": list(self.attachments_missing),
            "attachments_bytes": self.attachments_bytes,
            "attachments_copied": self.attachments_copied,
            "database": self.database,
            "fingerprint": list(self.fingerprint) if self.fingerprint else None,
            "seconds": self.seconds,
        }


@dataclass(frozen=True)
class Facts:
    """What a database file holds, read through an immutable read-only connection."""

    application_id: int
    revision: str | None
    counts: dict[str, int]
    attachments: dict[str, int]  # sha256 -> size in bytes

    @property
    def attachments_bytes(self) -> int:
        return sum(self.attachments.values())


def one_line(text: str, limit: int = 300) -> str:
    """SQLite's multi-line check output as one short line (for a one-line message)."""
    return " ".join(str(text).split())[:limit]


def sidecar_path(backup: Path) -> Path:
    return backup.with_name(backup.name + SIDECAR_SUFFIX)


def _local(dt: datetime) -> datetime:
    """An aware datetime in the local time zone (a naive one is taken as local time)."""
    return dt.astimezone()


# ---------------------------------------------------------------- folders and names


def safe_stem(db_path: Path) -> str:
    """The database file's stem, reduced to characters safe in any file system's names."""
    text = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in Path(db_path).stem)
    return text.strip("_-")[:40] or "database"


def database_key(db_path: Path) -> str:
    """``<stem>-<8 hex>``: the name of a database's folder inside a backup folder.

    The hash is of the absolute path, so two ``coop.sqlite`` files in different folders
    (or on different laptops sharing a USB stick) get different folders.
    """
    resolved = os.path.normcase(str(Path(db_path).expanduser().resolve()))
    digest = hashlib.sha256(resolved.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{safe_stem(db_path)}-{digest}"


def database_folder(backup_dir: Path, db_path: Path) -> Path:
    """Where the backups of ``db_path`` live inside ``backup_dir`` (not created here)."""
    return Path(backup_dir) / database_key(db_path)


def parse_name(name: str) -> tuple[datetime, str] | None:
    """(time stamp, reason) from a backup's file name, or None if it is not one of ours."""
    m = _NAME.match(name)
    if not m or m["reason"] not in REASONS:
        return None
    try:
        return datetime.strptime(m["stamp"], _STAMP), m["reason"]
    except ValueError:
        return None


def backup_files(folder: Path) -> list[Path]:
    """The backups in a database's folder (by name), oldest first."""
    found = []
    try:
        for p in Path(folder).iterdir():
            named = parse_name(p.name)
            if named is not None and p.is_file():
                found.append((named[0], p.stat().st_mtime_ns, p.name, p))
    except OSError:
        return []
    return [p for *_key, p in sorted(found)]


def _unique_target(folder: Path, db_path: Path, when: datetime, reason: str) -> Path:
    base = f"{safe_stem(db_path)}-{when.strftime(_STAMP)}-{reason}"
    for n in range(1, 10_000):
        name = f"{base}{SUFFIX}" if n == 1 else f"{base}-{n}{SUFFIX}"
        target = folder / name
        if not target.exists() and not sidecar_path(target).exists():
            return target
    raise BackupError(MSG_FOLDER, folder=str(folder), reason="too many backups in one second")


# ---------------------------------------------------------------- change detection


def fingerprint(db_path: Path) -> tuple[int, int, int, int]:
    """(size, mtime_ns) of the database file and of its ``-wal``: what a write changes.

    Every committed transaction appends to the ``-wal`` (WAL mode) or rewrites the file,
    so a different fingerprint means "may have changed"; an equal one means "unchanged".
    A checkpoint alone also changes it (one harmless extra backup). An absent and an empty
    ``-wal`` count the same. The ``-shm`` file is ignored: readers write to it.
    """
    def facts(path: Path) -> tuple[int, int]:
        try:
            st = path.stat()
        except OSError:
            return 0, 0
        return (st.st_size, st.st_mtime_ns) if st.st_size else (0, 0)

    return (*facts(Path(db_path)), *facts(sqlite_impl.wal_path(Path(db_path))))


# ---------------------------------------------------------------- SQLite


def _immutable_uri(path: Path) -> str:
    return f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1"


def snapshot(source: Path, target: Path) -> None:
    """Copy the database ``source`` into ``target`` (an empty file) in one consistent step.

    The source is opened read-only on a connection of its own; the copy holds one read
    transaction, which in WAL mode does not block writers. ``target`` is not fsynced here.
    """
    src = sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True,
                          timeout=sqlite_impl.BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        src.execute(f"PRAGMA busy_timeout = {sqlite_impl.BUSY_TIMEOUT_MS}")
        dst = sqlite3.connect(str(target), check_same_thread=False)
        try:
            dst.execute("PRAGMA synchronous = OFF")  # fsynced once, as a whole, by the caller
            src.backup(dst, pages=-1)
        finally:
            dst.close()
    finally:
        src.close()


def full_check(path: Path, *, limit: int = 20) -> list[str]:
    """``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check`` on a file without a live
    ``-wal`` (read immutable); the problems found, empty when sound."""
    try:
        conn = sqlite3.connect(_immutable_uri(path), uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        rows = [r[0] for r in conn.execute(f"PRAGMA integrity_check({int(limit)})")]
        problems = [] if rows == ["ok"] else rows
        if not problems:
            for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
                problems.append(f"foreign key: {table} row {rowid} refers to a missing {parent}")
                if len(problems) >= limit:
                    break
        return problems
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()


def read_facts(path: Path) -> Facts:
    """Application id, schema revision, record counts and attachment hashes of a file
    without a live ``-wal`` (a backup). Raises ``sqlite3.DatabaseError`` if unreadable."""
    conn = sqlite3.connect(_immutable_uri(path), uri=True)
    try:
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        counts: dict[str, int] = {}
        binned = 0
        for key, table in COUNTED_TABLES.items():
            if table not in tables:
                continue
            cols = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            if "deleted_at" in cols:
                live, gone = conn.execute(
                    f"SELECT count(*) FILTER (WHERE deleted_at IS NULL),"  # noqa: S608
                    f" count(*) FILTER (WHERE deleted_at IS NOT NULL) FROM {table}").fetchone()
            else:
                live, gone = conn.execute(f"SELECT count(*), 0 FROM {table}").fetchone()  # noqa: S608
            counts[key] = int(live)
            binned += int(gone)
        counts["recycle_bin"] = binned
        attachments: dict[str, int] = {}
        if "attachment" in tables:
            for sha, size in conn.execute(
                    "SELECT sha256, max(size) FROM attachment GROUP BY sha256"):
                if is_sha256(sha):
                    attachments[sha] = int(size or 0)
        return Facts(app_id, revision, counts, attachments)
    finally:
        conn.close()


# ---------------------------------------------------------------- the folder lock


@contextlib.contextmanager
def folder_lock(folder: Path, *, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold ``<folder>/.lock`` exclusively: one backup or rotation at a time per database,
    across threads and processes (the app's timer and a ``coop-desktop backup``)."""
    path = Path(folder) / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), fileio.FILE_MODE)
    fh = os.fdopen(fd, "r+b", buffering=0)
    try:
        deadline = time.monotonic() + timeout
        while not try_lock(fh):
            if time.monotonic() > deadline:
                raise BackupError(MSG_BUSY)
            time.sleep(0.05)
        try:
            yield
        finally:
            unlock(fh)
    finally:
        fh.close()


# ---------------------------------------------------------------- sidecars


def write_sidecar(info: BackupInfo) -> None:
    fileio.atomic_write(info.sidecar, json.dumps(info.to_json(), ensure_ascii=False, indent=1))


def _from_sidecar(path: Path, raw: dict[str, Any]) -> BackupInfo:
    created = datetime.fromisoformat(str(raw["created"]))
    fp = raw.get("fingerprint")
    return BackupInfo(
        path=path,
        created=_local(created),
        reason=str(raw.get("reason") or "manual"),
        size=path.stat().st_size,
        schema_revision=raw.get("schema_revision"),
        app_version=raw.get("app_version"),
        counts={str(k): int(v) for k, v in dict(raw.get("counts") or {}).items()},
        attachments=tuple(s for s in raw.get("attachments") or () if is_sha256(s)),
        attachments_missing=tuple(raw.get("attachments_missing") or ()),
        attachments_bytes=int(raw.get("attachments_bytes") or 0),
        attachments_copied=int(raw.get("attachments_copied") or 0),
        verified=bool(raw.get("verified")),
        database=raw.get("database"),
        fingerprint=tuple(int(x) for x in fp) if fp else None,
        seconds=raw.get("seconds"),
    )


def read_info(path: Path, *, created: datetime | None = None, reason: str | None = None,
              legacy: bool = False) -> BackupInfo:
    """A backup's description: its sidecar if it has a readable one, else what the file
    itself says (read-only, immutable), with the date from its name or its mtime."""
    path = Path(path)
    sidecar = sidecar_path(path)
    if sidecar.is_file():
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            return _from_sidecar(path, json.loads(sidecar.read_text(encoding="utf-8")))
    named = parse_name(path.name)
    if created is None:
        created = named[0] if named else datetime.fromtimestamp(path.stat().st_mtime)
    info = BackupInfo(path=path, created=_local(created), size=path.stat().st_size,
                      reason=reason or (named[1] if named else "manual"), legacy=legacy)
    try:
        facts = read_facts(path)
    except sqlite3.DatabaseError as exc:
        return replace(info, problem=str(exc))
    if facts.application_id != sqlite_impl.APPLICATION_ID:
        return replace(info, problem="not a Coop Desktop database")
    return replace(info, schema_revision=facts.revision, counts=facts.counts,
                   attachments=tuple(sorted(facts.attachments)),
                   attachments_bytes=facts.attachments_bytes)


# ---------------------------------------------------------------- taking one


def _failed(db_path: Path, exc: BaseException) -> BackupError:
    reason = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code in (11, 26):  # SQLITE_CORRUPT, SQLITE_NOTADB: the source is damaged
        return BackupError(MSG_COPY_DAMAGED, path=str(db_path), reason=reason)
    return BackupError(MSG_FAILED, path=str(db_path), reason=reason or type(exc).__name__)


def _check_space(folder: Path, db_path: Path) -> None:
    need = sum(p.stat().st_size for p in (db_path, sqlite_impl.wal_path(db_path)) if p.exists())
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    if free < need + 8 * 1024 * 1024:
        raise BackupError(MSG_NO_SPACE, folder=str(folder), need=f"{need / 2**20:.0f}",
                          free=f"{free / 2**20:.0f}")


def prepare_folder(backup_dir: Path, db_path: Path) -> Path:
    """Create (0700) and return the database's folder inside ``backup_dir``."""
    folder = database_folder(backup_dir, db_path)
    try:
        fileio.private_dir(Path(backup_dir))
        fileio.private_dir(folder)
        if not os.access(folder, os.W_OK):
            raise PermissionError(13, "not writable")
    except OSError as exc:
        raise BackupError(MSG_FOLDER, folder=str(backup_dir),
                          reason=exc.strerror or type(exc).__name__) from exc
    return folder


def take(db_path: Path, backup_dir: Path, *, reason: str, attachments_dir: Path | None = None,
         now: Callable[[], datetime] | None = None,
         more_stores: tuple[Path, ...] = ()) -> BackupInfo:
    """Take one verified backup of ``db_path`` into its folder in ``backup_dir``.

    See the module docstring for the steps. ``attachments_dir`` is the database's store
    (None: no attachment files are copied, the sidecar lists them as missing);
    ``more_stores`` are searched for files that store lacks. ``now`` is the clock (tests
    pass a fake one). Raises :class:`BackupError`; on failure nothing
    is left in the backup folder.
    """
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    db_path = Path(db_path)
    # Only ``stat`` here, never open(): in the app's process the database is open through
    # SQLite, and closing any other descriptor of the file would drop SQLite's POSIX locks
    # on it (https://www.sqlite.org/howtocorrupt.html, 2.2). A ``-wal`` that cannot be
    # applied was refused when the file was opened (``migrate.check_file``, which the
    # command line also runs before a backup).
    if not db_path.is_file() or db_path.stat().st_size == 0:
        raise BackupError(MSG_NO_DATABASE, path=str(db_path))
    folder = prepare_folder(backup_dir, db_path)
    _check_space(folder, db_path)
    with folder_lock(folder):
        started = time.monotonic()
        when = _local(now() if now else datetime.now())
        source_fp = fingerprint(db_path)
        fd, tmp_name = tempfile.mkstemp(prefix=".backup-", suffix=".tmp", dir=folder)
        os.close(fd)
        tmp = Path(tmp_name)
        sidecar: Path | None = None
        try:
            try:
                snapshot(db_path, tmp)
                fileio.fsync_file(tmp)
            except (sqlite3.Error, OSError) as exc:
                raise _failed(db_path, exc) from exc
            problems = sqlite_impl.quick_check(tmp)
            if problems:
                raise BackupError(MSG_COPY_DAMAGED, path=str(db_path), reason=one_line(problems[0]))
            try:
                facts = read_facts(tmp)
            except sqlite3.DatabaseError as exc:
                raise BackupError(MSG_COPY_DAMAGED, path=str(db_path), reason=str(exc)) from exc
            if facts.application_id != sqlite_impl.APPLICATION_ID:
                raise BackupError(MSG_NOT_OURS, path=str(db_path))
            try:
                copied, missing = copy_attachments(facts.attachments, attachments_dir,
                                                    folder / STORE, more_roots=more_stores)
            except OSError as exc:
                raise _failed(db_path, exc) from exc
            target = _unique_target(folder, db_path, when, reason)
            info = BackupInfo(
                path=target, created=when, reason=reason, size=tmp.stat().st_size,
                schema_revision=facts.revision, app_version=__version__, counts=facts.counts,
                attachments=tuple(sorted(facts.attachments)), attachments_missing=missing,
                attachments_bytes=facts.attachments_bytes, attachments_copied=copied,
                verified=True,
                database=str(db_path.resolve()), fingerprint=source_fp,
                seconds=round(time.monotonic() - started, 3))
            sidecar = info.sidecar
            try:
                write_sidecar(info)
                fileio.make_private(tmp)
                os.replace(tmp, target)
                fileio.fsync_dir(folder)
            except OSError as exc:
                raise _failed(db_path, exc) from exc
            return info
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            if sidecar is not None and not info.path.exists():
                with contextlib.suppress(OSError):
                    sidecar.unlink()
            raise


def remove_backup(path: Path) -> None:
    """Delete a backup: the copy first, then its sidecar (never a copy without one)."""
    Path(path).unlink(missing_ok=True)
    sidecar_path(Path(path)).unlink(missing_ok=True)


def referenced(infos: Iterable[BackupInfo]) -> set[str]:
    return {sha for info in infos for sha in info.attachments}
