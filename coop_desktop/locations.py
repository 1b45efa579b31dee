"""Where a database should not live: cloud-sync folders and network drives.

SQLite's locking and its write-ahead log assume one local disk. A sync client (OneDrive,
Dropbox, iCloud Drive, Google Drive, Nutstore/坚果云, Baidu Netdisk's sync folder) copies
the database file while it is being written, uploads it without its ``-wal``, and on
another laptop or after a conflict puts back an older copy, or a "conflicted copy" beside
it; a network share may not honour locks at all. :func:`risk_of` tells the app (and the
``check`` command) that a path is in such a place, so the user gets a warning with a
one-click move to a safe folder (:func:`relocate`).

The detection is by the folder names the clients use (their defaults in English and
Chinese) and, for network drives, by the file system: ``/proc/mounts`` on Linux, the drive
type on Windows. It cannot see every setup (a sync client pointed at an arbitrary folder);
it catches the common ones.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path, PurePath

from coop_desktop import fileio
from coop_desktop.i18n.catalog import N_

CLOUD, NETWORK = "cloud", "network"

#: Folder names (lower case) of sync clients, and the service each belongs to.
CLOUD_FOLDERS: dict[str, str] = {
    "onedrive": "OneDrive",
    "dropbox": "Dropbox",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
    "mobile documents": "iCloud Drive",  # ~/Library/Mobile Documents (macOS)
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "我的云端硬盘": "Google Drive",
    "nutstore": "坚果云 Nutstore",
    "我的坚果云": "坚果云 Nutstore",
    "坚果云": "坚果云 Nutstore",
    "baidunetdiskworkspace": "百度网盘 Baidu Netdisk",
    "baidusyncdisk": "百度网盘 Baidu Netdisk",
    "百度网盘": "百度网盘 Baidu Netdisk",
    "百度云同步盘": "百度网盘 Baidu Netdisk",
    "wps云盘": "WPS 云盘",
    "wpsdrive": "WPS 云盘",
    "腾讯微云": "腾讯微云 Weiyun",
    "box": "Box",
    "pcloud drive": "pCloud",
}
_CLOUD_PREFIXES = ("onedrive - ", "onedrive-", "dropbox (")  # "OneDrive - 某单位", "Dropbox (Team)"

NETWORK_FILE_SYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "ncpfs", "9p",
    "fuse.sshfs", "sshfs", "davfs", "fuse.davfs2", "fuse.rclone", "afpfs", "glusterfs",
    "ceph", "fuse.s3fs", "fuse.gcsfuse",
})

MSG_CLOUD = N_("The database is in a folder that {service} synchronises ({path}). Sync programs "
               "copy a database while it is being written and can bring back an older copy: "
               "records can be lost. Move it to a folder that is not synchronised; backups "
               "can still go to the cloud folder.")
MSG_NETWORK = N_("The database is on a network drive ({path}). Network drives do not reliably "
                 "lock a database that is being written, and a dropped connection can damage "
                 "it. Move it to this computer's own disk.")


@dataclass(frozen=True)
class Risk:
    kind: str  # CLOUD or NETWORK
    service: str  # e.g. "OneDrive", or the file system type of a network drive
    folder: str  # the folder that makes it risky

    @property
    def msgid(self) -> str:
        return MSG_CLOUD if self.kind == CLOUD else MSG_NETWORK

    def params(self) -> dict[str, str]:
        return {"service": self.service, "path": self.folder}


def _cloud_part(path: PurePath) -> Risk | None:
    for i, part in enumerate(path.parts):
        name = part.lower().strip()
        service = CLOUD_FOLDERS.get(name)
        if service is None and name.startswith(_CLOUD_PREFIXES):
            service = "OneDrive" if name.startswith("onedrive") else "Dropbox"
        if service is not None:
            return Risk(CLOUD, service, str(PurePath(*path.parts[:i + 1])))
    return None


def _mounts() -> list[tuple[str, str]]:
    """(mount point, file system type) from /proc/mounts; empty where there is none."""
    try:
        text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    out = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            out.append((fields[1].replace("\\040", " "), fields[2]))
    return out


def _network_drive(path: Path, mounts: list[tuple[str, str]] | None = None) -> Risk | None:
    text = str(path)
    if os.name == "nt":  # pragma: no cover - Windows only
        if text.startswith(("\\\\", "//")):
            return Risk(NETWORK, "SMB", text)
        import ctypes

        drive = os.path.splitdrive(text)[0] + "\\"
        if ctypes.windll.kernel32.GetDriveTypeW(drive) == 4:  # DRIVE_REMOTE
            return Risk(NETWORK, "SMB", drive)
        return None
    best: tuple[str, str] | None = None
    for point, fstype in (_mounts() if mounts is None else mounts):
        if text == point or text.startswith(point.rstrip("/") + "/"):
            if best is None or len(point) > len(best[0]):
                best = (point, fstype)
    if best is not None and best[1] in NETWORK_FILE_SYSTEMS:
        return Risk(NETWORK, best[1], best[0])
    return None


def risk_of(db_path: Path | str, *, mounts: list[tuple[str, str]] | None = None) -> Risk | None:
    """Why ``db_path`` is in a risky place, or None. ``mounts`` is for tests."""
    path = Path(db_path).expanduser()
    try:
        path = path.resolve()
    except OSError:
        pass
    return _cloud_part(path) or _network_drive(path, mounts)


MSG_TARGET_EXISTS = N_("{path} already exists; choose another folder. Nothing was moved.")
MSG_MOVE_FAILED = N_("The database could not be copied to {path} ({reason}). Nothing was moved; "
                     "the database stays where it was.")


def relocate(db_path: Path, target_dir: Path, *, attachments_dir: Path | None = None) -> Path:
    """Copy a *closed* database (and its attachment store) into ``target_dir`` and set the
    old file aside; returns the new database file.

    The copy is made with SQLite's backup API and checked (``integrity_check``) before
    anything happens to the original; the attachment files are copied and re-hashed. Only
    then is the original renamed ``<name>.moved-<date>`` (kept, never deleted), so a sync
    client cannot resurrect it as the live file and nothing is lost if the user changes
    their mind. Raises ``CoopError`` (nothing moved) on any failure.
    """
    from datetime import datetime

    from coop_desktop.db import attachments_dir_for
    from coop_desktop.errors import CoopError

    db_path, target_dir = Path(db_path), Path(target_dir)
    target = target_dir / db_path.name
    if target.exists():
        raise CoopError(MSG_TARGET_EXISTS, path=str(target))
    fileio.private_dir(target_dir)
    tmp = target.with_name(f".{target.name}.moving")
    try:
        src = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            fileio.create_private_file(tmp)
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = WAL")
                problems = [r[0] for r in dst.execute("PRAGMA integrity_check(5)")]
            finally:
                dst.close()
        finally:
            src.close()
        if problems != ["ok"]:
            raise OSError("; ".join(problems))
        fileio.fsync_file(tmp)
        source_store = attachments_dir or attachments_dir_for(db_path)
        if source_store.is_dir():
            _copy_store(source_store, attachments_dir_for(target))
        os.replace(tmp, target)
        fileio.fsync_dir(target_dir)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise CoopError(MSG_MOVE_FAILED, path=str(target_dir), reason=str(exc)) from exc
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    os.replace(db_path, db_path.with_name(f"{db_path.name}.moved-{stamp}"))
    return target


def _copy_store(source: Path, target: Path) -> None:
    """Copy a content-addressed attachment store, re-hashing every file it copies."""
    import hashlib
    import shutil

    for path in sorted(source.glob("??/*")):
        if not path.is_file() or len(path.name) != 64:
            continue
        dest = target / path.parent.name / path.name
        if dest.exists():
            continue
        fileio.private_dir(dest.parent)
        part = dest.with_name(dest.name + ".moving")
        with open(path, "rb") as src, open(part, "wb") as out:
            digest = hashlib.sha256()
            for chunk in iter(lambda: src.read(1 << 20), b""):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != path.name:
            part.unlink(missing_ok=True)
            continue  # a damaged stored file is not copied as if it were sound
        fileio.make_private(part)
        os.replace(part, dest)
    if target.is_dir():
        fileio.fsync_dir(target)
    del shutil
