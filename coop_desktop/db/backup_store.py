"""The content-addressed attachment store of a backup folder (and of a database).

Same layout as ``services.attachments`` (``<root>/<sha[:2]>/<sha256>``, lower-case hex):
a file is stored once, whatever it was called, so each backup copies only the files that
are not in the store yet. Only a checked 64-hex-digit hash ever names a file; nothing a
user typed (an original file name) is ever part of a path here. Files are written to
``<root>/tmp/`` first, their SHA-256 verified while copying, fsynced, then renamed into
place (folder fsynced): a file in the store is complete and matches its name.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Sequence, Iterator, Mapping
from pathlib import Path

from coop_desktop import fileio

STORE_TMP = "tmp"
_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX2 = re.compile(r"[0-9a-f]{2}")
_CHUNK = 1024 * 1024


def is_sha256(text: object) -> bool:
    return isinstance(text, str) and _HEX64.fullmatch(text) is not None


def blob_path(root: Path, sha256: str) -> Path:
    """``<root>/<sha[:2]>/<sha>`` (the layout of ``services.attachments``); only a checked
    64-hex-digit hash ever names a file, never anything a user typed."""
    if not _HEX64.fullmatch(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return Path(root) / sha256[:2] / sha256


def store_blobs(root: Path) -> Iterator[Path]:
    """Every content-addressed file in a store (``<xx>/<64 hex>``; nothing else)."""
    try:
        shards = [p for p in Path(root).iterdir() if _HEX2.fullmatch(p.name) and p.is_dir()]
    except OSError:
        return
    for shard in shards:
        for blob in shard.iterdir():
            if _HEX64.fullmatch(blob.name) and blob.name[:2] == shard.name:
                yield blob


def copy_blob(source: Path, store: Path, sha256: str, *, mode: int = fileio.FILE_MODE) -> bool:
    """Copy ``source`` into ``store`` under its hash, verifying the hash on the way.

    Written to ``<store>/tmp/`` first, fsynced, renamed into place, folder fsynced. Returns
    False (and leaves nothing behind) when the content does not match ``sha256`` or the
    source cannot be read.
    """
    target = blob_path(store, sha256)
    fileio.private_dir(Path(store))
    incoming = fileio.private_dir(Path(store) / STORE_TMP)
    fd, tmp_name = tempfile.mkstemp(prefix=".", suffix=".part", dir=incoming)
    tmp = Path(tmp_name)
    try:
        h = hashlib.sha256()
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                while chunk := src.read(_CHUNK):
                    h.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
        except FileNotFoundError:
            return False
        if h.hexdigest() != sha256:
            return False
        fileio.private_dir(target.parent)
        with contextlib.suppress(OSError):
            if target.exists():  # a damaged copy being replaced: let it be replaced
                os.chmod(target, 0o600)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        fileio.fsync_dir(target.parent)
        return True
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def copy_attachments(wanted: Mapping[str, int], source_root: Path | None, store: Path, *,
                     more_roots: Sequence[Path] = ()) -> tuple[int, tuple[str, ...]]:
    """Bring every file of ``wanted`` (sha -> size) into ``store`` from ``source_root``,
    or else from the first of ``more_roots`` that holds an intact copy (a renamed copy of
    a database finds its files in the store of the original; see ``attachment_store``).

    A file already in the store with the right size is kept as it is (content-addressed:
    same name, same content); only missing ones are copied, each hash-checked on the way.
    Returns (how many were copied, the hashes found intact in no root).
    """
    roots = [r for r in (source_root, *more_roots) if r is not None]
    copied, missing = 0, []
    for sha, size in sorted(wanted.items()):
        target = blob_path(store, sha)
        with contextlib.suppress(OSError):
            if target.stat().st_size == size:
                continue
        for root in roots:
            source = blob_path(root, sha)
            if source.is_file() and copy_blob(source, store, sha):
                copied += 1
                break
        else:
            missing.append(sha)
    return copied, tuple(missing)


# ---------------------------------------------------------------- the folder lock
