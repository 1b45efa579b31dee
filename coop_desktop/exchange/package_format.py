"""The ``.coopdossier`` container: its members, its manifest, and checking a file before use.

A package is a zip file with exactly these members (nothing else is accepted):

* ``manifest.json`` — format, versions, who made it and when, and the size and SHA-256 of
  every other member (:func:`manifest_json`);
* ``dossier.json`` — the records (``package_dossier``);
* ``attachments/<sha256>`` — one per attached file, named by its content's SHA-256;
* ``dossier.pdf`` — the rendered PDF, when there is one.

:func:`inspect_iter` checks a file **before anything is read into the database** and
never writes anything anywhere; every refusal is a :class:`PackageError` naming the bad
member (``error.member``). The checks, in order:

1. the file is a sound zip (its end and table of contents are there: a truncated copy is
   refused), of at most :data:`MAX_PACKAGE` bytes and :data:`MAX_MEMBERS` members;
2. every entry name is one of the names above — so no absolute path, no ``..``, no
   backslash, no folder entry — and appears once; no entry is a symbolic link (or any other
   special file), encrypted, or compressed by anything but STORED/DEFLATE; no two entries
   overlap inside the file (the trick of "overlapping" zip bombs);
3. the manifest (at most :data:`MAX_MANIFEST` bytes, its CRC checked) is valid JSON of the
   known format; a newer format or database schema is refused with "update Coop Desktop";
4. every member is listed in the manifest and every listed member is there; each one's
   declared (unpacked) size equals the manifest's and is within its limit, their total
   within :data:`MAX_TOTAL`, the compression ratio plausible (:data:`MAX_RATIO`) — all
   *before* any member is unpacked (zip bombs);
5. every member is unpacked as a stream (never to disk), counted and hashed: size and
   SHA-256 must equal the manifest's (zip's own CRC-32 is checked too);
6. ``dossier.json`` is parsed (duplicate keys, NaN and deep nesting refused) and checked
   (``package_dossier.parse_dossier``); its attachments must be exactly the
   ``attachments/`` members.

Member names are never used as paths: the import copies an attachment's bytes into the
content-addressed store under the SHA-256 it has *verified* (``package_import``), so a
hostile name cannot reach the file system (no zip-slip).

The package is not signed: the checks catch damage and any change made to a member after
the package was made, but someone who rewrites a member *and* the manifest makes a new,
consistent package. Who made it is what the manifest says (``made_by``), not a proof.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from coop_desktop.exchange.package_manifest import (  # noqa: F401 - re-exported
    ATTACHMENTS,
    DOSSIER,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MSG_BAD_JSON,
    MSG_CHANGED,
    MSG_DAMAGED,
    MSG_DUPLICATE,
    MSG_ENCRYPTED,
    MSG_HASH,
    MSG_LINK,
    MSG_MEMBER_TOO_LARGE,
    MSG_MISSING,
    MSG_NEWER_FORMAT,
    MSG_NEWER_SCHEMA,
    MSG_NOT_A_FILE,
    MSG_NOT_OURS,
    MSG_NOT_ZIP,
    MSG_NO_FILE,
    MSG_OVERLAP,
    MSG_PACKAGE_TOO_LARGE,
    MSG_RATIO,
    MSG_SIZE,
    MSG_TOO_MANY,
    MSG_TOTAL_TOO_LARGE,
    MSG_UNEXPECTED,
    MSG_UNLISTED,
    MSG_UNREADABLE,
    MSG_UNSAFE_NAME,
    PDF,
    READS,
    REASON_CRC,
    REASON_HEADER,
    REASON_INFLATE,
    REASON_OTHER,
    SUFFIX,
    Manifest,
    Member,
    PackageError,
    allowed_name,
    damage_reason,
    dumps,
    manifest_json,
    parse_manifest,
    strict_json,
)
from coop_desktop.errors import Message

MiB = 1024 * 1024
#: Limits, checked on the declared sizes before anything is unpacked.
MAX_MANIFEST = 4 * MiB
MAX_DOSSIER = 128 * MiB
MAX_PDF = 256 * MiB
MAX_MEMBERS = 2_003  # manifest, dossier, PDF and up to 2,000 attachments
#: The largest table of contents (bytes): every entry's name is at most 76 characters.
MAX_DIRECTORY = MAX_MEMBERS * 256
MAX_TOTAL = 4 * 1024 * MiB
MAX_PACKAGE = MAX_TOTAL + 64 * MiB
#: DEFLATE cannot honestly compress by more than about 1,032:1; a member that claims more
#: (and is at least :data:`RATIO_FLOOR` bytes unpacked) has a forged header.
MAX_RATIO = 1_100
RATIO_FLOOR = MiB
CHUNK = MiB

def _mb(size: int) -> str:
    return f"{size / MiB:,.1f}"



def member_limit(name: str) -> int:
    """The largest unpacked size a member may declare."""
    if name == MANIFEST:
        return MAX_MANIFEST
    if name == DOSSIER:
        return MAX_DOSSIER
    if name == PDF:
        return MAX_PDF
    from coop_desktop.services import attachments

    return attachments.MAX_SIZE  # read at call time (tests lower it)


# ------------------------------------------------------------------ the zip container


@dataclass(frozen=True)
class FileStamp:
    """Size and modification time of the package file when it was checked."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        st = path.stat()
        return cls(st.st_size, st.st_mtime_ns)


@dataclass
class Verified:
    """What :func:`verify_iter` returns: the manifest and the bytes of the small members."""

    path: Path
    stamp: FileStamp
    manifest: Manifest
    dossier: bytes
    #: Unpacked bytes checked (all members but the manifest).
    checked_bytes: int = 0
    members: tuple[str, ...] = field(default_factory=tuple)


def _is_link_or_special(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    if info.create_system == 3 or mode:  # Unix attributes (other systems write 0 here)
        kind = stat.S_IFMT(mode)
        return kind not in (0, stat.S_IFREG)
    return False


def _unsafe(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or ":" in name:
        return True
    return any(part in ("", ".", "..") for part in name.split("/"))


def check_entries(zf: zipfile.ZipFile, raw: IO[bytes]) -> list[zipfile.ZipInfo]:
    """Step 2 of the module docstring: names, kinds, duplicates, overlaps."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise PackageError(MSG_TOO_MANY, count=len(infos), limit=MAX_MEMBERS)
    seen: set[str] = set()
    for info in infos:
        name = info.orig_filename
        if _unsafe(name) or _unsafe(info.filename):
            raise PackageError(MSG_UNSAFE_NAME, member=name, name=name)
        if _is_link_or_special(info):
            raise PackageError(MSG_LINK, member=name, name=name)
        folded = name.casefold()
        if folded in seen:
            raise PackageError(MSG_DUPLICATE, member=name, name=name)
        seen.add(folded)
        if info.is_dir() or not allowed_name(name):
            raise PackageError(MSG_UNEXPECTED, member=name, name=name)
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED,
                                                              zipfile.ZIP_DEFLATED):
            raise PackageError(MSG_ENCRYPTED, member=name, name=name)
    _check_overlaps(zf, infos, raw)
    return infos


def _check_overlaps(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], raw: IO[bytes]) -> None:
    """No member's bytes (local header + data) overlap another's or the table of contents."""
    spans: list[tuple[int, int, str]] = []
    for info in infos:
        raw.seek(info.header_offset)
        header = raw.read(30)
        if len(header) != 30 or header[:4] != b"PK\x03\x04":
            raise PackageError(MSG_DAMAGED, member=info.orig_filename, name=info.orig_filename,
                               reason=Message(REASON_HEADER))
        name_len, extra_len = struct.unpack("<HH", header[26:30])
        end = info.header_offset + 30 + name_len + extra_len + info.compress_size
        spans.append((info.header_offset, end, info.orig_filename))
    spans.sort()
    directory = getattr(zf, "start_dir", None)
    previous_end = 0
    for start, end, name in spans:
        if start < previous_end:
            raise PackageError(MSG_OVERLAP, member=name, name=name)
        previous_end = end
    if directory is not None and previous_end > directory:
        name = spans[-1][2]
        raise PackageError(MSG_OVERLAP, member=name, name=name)


def check_sizes(infos: list[zipfile.ZipInfo], manifest: Manifest) -> None:
    """Step 4: listed both ways, declared sizes equal and within limits, ratios plausible."""
    listed = {m.name: m for m in manifest.files}
    present = {i.orig_filename: i for i in infos}
    for name in present:
        if name != MANIFEST and name not in listed:
            raise PackageError(MSG_UNLISTED, member=name, name=name)
    for name in listed:
        if name not in present:
            raise PackageError(MSG_MISSING, member=name, name=name)
    total = 0
    for name, member in listed.items():
        info = present[name]
        limit = member_limit(name)
        if info.file_size > limit or member.size > limit:
            raise PackageError(MSG_MEMBER_TOO_LARGE, member=name, name=name,
                               size=_mb(max(info.file_size, member.size)), limit=_mb(limit))
        if info.file_size != member.size:
            raise PackageError(MSG_SIZE, member=name, name=name, size=info.file_size,
                               expected=member.size)
        if info.file_size >= RATIO_FLOOR and (
                info.compress_size == 0 or info.file_size / info.compress_size > MAX_RATIO):
            ratio = "∞" if info.compress_size == 0 else f"{info.file_size // info.compress_size:,}"
            raise PackageError(MSG_RATIO, member=name, name=name, ratio=ratio)
        total += info.file_size
    if total > MAX_TOTAL:
        raise PackageError(MSG_TOTAL_TOO_LARGE, size=_mb(total), limit=_mb(MAX_TOTAL))


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, *, keep: bool = False
                ) -> Generator[int, None, tuple[str, int, bytes]]:
    """Unpack one member as a stream: yields the bytes read so far, returns (sha256, size,
    content if ``keep``). Never reads past the declared size; zip's CRC is checked at the
    end (a damaged member raises :data:`MSG_DAMAGED` naming it)."""
    name = info.orig_filename
    digest = hashlib.sha256()
    size = 0
    parts: list[bytes] = []
    try:
        with zf.open(info) as src:
            while True:
                chunk = src.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > info.file_size:  # cannot happen through zipfile; never trust it
                    raise PackageError(MSG_SIZE, member=name, name=name, size=size,
                                       expected=info.file_size)
                digest.update(chunk)
                if keep:
                    parts.append(chunk)
                yield size
    except PackageError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise PackageError(MSG_DAMAGED, member=name, name=name,
                           reason=damage_reason(exc)) from None
    return digest.hexdigest(), size, b"".join(parts)


def open_zip(path: Path) -> tuple[zipfile.ZipFile, IO[bytes], FileStamp]:
    """Open the package read-only; a missing, special, huge or non-zip file is refused."""
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise PackageError(MSG_NO_FILE, path=str(path)) from None
    except OSError as exc:
        raise PackageError(MSG_UNREADABLE, path=str(path),
                           reason=exc.strerror or type(exc).__name__) from None
    if not stat.S_ISREG(st.st_mode):
        raise PackageError(MSG_NOT_A_FILE, path=str(path))
    if st.st_size > MAX_PACKAGE:
        raise PackageError(MSG_PACKAGE_TOO_LARGE, name=path.name, size=_mb(st.st_size),
                           limit=_mb(MAX_PACKAGE))
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed by the caller (close_zip)
    except OSError as exc:
        raise PackageError(MSG_UNREADABLE, path=str(path),
                           reason=exc.strerror or type(exc).__name__) from None
    try:
        _check_directory(raw, path.name)
        zf = zipfile.ZipFile(raw)
    except PackageError:
        raw.close()
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError,
            NotImplementedError, struct.error):
        raw.close()
        raise PackageError(MSG_NOT_ZIP, name=path.name) from None
    except BaseException:
        raw.close()
        raise
    return zf, raw, FileStamp(st.st_size, st.st_mtime_ns)


def _check_directory(raw: IO[bytes], name: str) -> None:
    """Refuse a table of contents with too many entries, or too large, before ``zipfile``
    reads it all into memory (a file of millions of tiny entries)."""
    end = getattr(zipfile, "_EndRecData", None)
    if end is None:  # pragma: no cover - a Python without it: the count is checked after
        return
    record = end(raw)
    if record is None:
        raise PackageError(MSG_NOT_ZIP, name=name)
    count, size = record[zipfile._ECD_ENTRIES_TOTAL], record[zipfile._ECD_SIZE]
    if count > MAX_MEMBERS or size > MAX_DIRECTORY:
        raise PackageError(MSG_TOO_MANY, count=f"{count:,}", limit=MAX_MEMBERS)
    raw.seek(0)


def close_zip(zf: zipfile.ZipFile, raw: IO[bytes]) -> None:
    try:
        zf.close()
    finally:
        raw.close()


def verify_iter(path: str | os.PathLike[str], *, known_revisions: set[str] | None = None
                ) -> Generator[tuple[int, int], None, Verified]:
    """Steps 1–5 of the module docstring; yields ``(bytes done, bytes total)``, returns
    :class:`Verified` (``dossier.json``'s bytes, to be parsed by the caller)."""
    path = Path(path)
    zf, raw, stamp = open_zip(path)
    try:
        try:
            infos = check_entries(zf, raw)
        except (zipfile.BadZipFile, OSError, struct.error) as exc:
            raise PackageError(MSG_NOT_ZIP, name=path.name) from exc
        by_name = {i.orig_filename: i for i in infos}
        info = by_name.get(MANIFEST)
        if info is None:
            raise PackageError(MSG_MISSING, member=MANIFEST, name=MANIFEST)
        if info.file_size > MAX_MANIFEST:
            raise PackageError(MSG_MEMBER_TOO_LARGE, member=MANIFEST, name=MANIFEST,
                               size=_mb(info.file_size), limit=_mb(MAX_MANIFEST))
        reader = read_member(zf, info, keep=True)
        try:
            while True:
                next(reader)
        except StopIteration as stop:
            _sha, _size, manifest_bytes = stop.value
        manifest = parse_manifest(manifest_bytes, path.name, known_revisions,
                                  max_files=MAX_MEMBERS)
        check_sizes(infos, manifest)
        total = sum(m.size for m in manifest.files)
        done = 0
        yield done, total
        dossier = b""
        for member in manifest.files:
            reader = read_member(zf, by_name[member.name], keep=member.name == DOSSIER)
            base = done
            try:
                while True:
                    got = next(reader)
                    yield base + got, total
            except StopIteration as stop:
                sha, size, content = stop.value
            if size != member.size:
                raise PackageError(MSG_SIZE, member=member.name, name=member.name, size=size,
                                   expected=member.size)
            if sha != member.sha256:
                raise PackageError(MSG_HASH, member=member.name, name=member.name)
            if member.name == DOSSIER:
                dossier = content
            done = base + size
        yield total, total
        return Verified(path, stamp, manifest, dossier, total,
                        tuple(m.name for m in manifest.files))
    finally:
        close_zip(zf, raw)
