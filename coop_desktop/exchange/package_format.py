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
import json
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from coop_desktop.errors import CoopError, Message
from coop_desktop.i18n.catalog import N_

#: ``manifest["format"]``.
FORMAT = "coop-dossier"
#: The package format this version writes, and the ones it reads.
FORMAT_VERSION = 1
READS = frozenset({1})
SUFFIX = ".coopdossier"

MANIFEST = "manifest.json"
DOSSIER = "dossier.json"
PDF = "dossier.pdf"
ATTACHMENTS = "attachments/"
_ATTACHMENT_NAME = re.compile(r"attachments/([0-9a-f]{64})")
_HEX64 = re.compile(r"[0-9a-f]{64}")

MiB = 1024 * 1024
#: Limits, checked on the declared sizes before anything is unpacked.
MAX_MANIFEST = 4 * MiB
MAX_DOSSIER = 128 * MiB
MAX_PDF = 256 * MiB
MAX_MEMBERS = 2_003  # manifest, dossier, PDF and up to 2,000 attachments
MAX_TOTAL = 4 * 1024 * MiB
MAX_PACKAGE = MAX_TOTAL + 64 * MiB
#: DEFLATE cannot honestly compress by more than about 1,032:1; a member that claims more
#: (and is at least :data:`RATIO_FLOOR` bytes unpacked) has a forged header.
MAX_RATIO = 1_100
RATIO_FLOOR = MiB
CHUNK = MiB
_MAX_DEPTH = 64

MSG_NO_FILE = N_("The package file {path} was not found.")
MSG_NOT_A_FILE = N_("{path} is not a file. Choose a dossier package (.coopdossier).")
MSG_UNREADABLE = N_("The package file {path} could not be read ({reason}).")
MSG_NOT_ZIP = N_("{name} is not a dossier package, or it is damaged or incomplete (for "
                 "example cut short while it was copied): its table of contents cannot be "
                 "read. Nothing was imported.")
MSG_PACKAGE_TOO_LARGE = N_("{name} is {size} MB; a dossier package can be at most {limit} MB. "
                           "Nothing was imported.")
MSG_TOO_MANY = N_("The package is refused: it holds {count} entries; a dossier package holds "
                  "at most {limit}. Nothing was imported.")
MSG_UNSAFE_NAME = N_("The package is refused: it contains an entry with an unsafe name, "
                     "“{name}” (an absolute path, “..” or a backslash could write outside the "
                     "folder it is unpacked to). Nothing was imported.")
MSG_LINK = N_("The package is refused: the entry “{name}” is a link or another special file, "
              "not a plain file. Nothing was imported.")
MSG_DUPLICATE = N_("The package is refused: it contains the entry “{name}” more than once. "
                   "Nothing was imported.")
MSG_UNEXPECTED = N_("The package is refused: the entry “{name}” does not belong in a dossier "
                    "package. Nothing was imported.")
MSG_UNLISTED = N_("The package has been changed: the entry “{name}” is not listed in its "
                  "manifest. Nothing was imported.")
MSG_MISSING = N_("The package is incomplete: “{name}” is listed in its manifest but is not in "
                 "the package. Nothing was imported.")
MSG_ENCRYPTED = N_("The package is refused: the entry “{name}” is encrypted or compressed in a "
                   "way dossier packages never are. Nothing was imported.")
MSG_OVERLAP = N_("The package is refused: the entry “{name}” overlaps another one inside the "
                 "file (a trick of “zip bombs”). Nothing was imported.")
MSG_MEMBER_TOO_LARGE = N_("The package is refused: “{name}” would unpack to {size} MB; at most "
                          "{limit} MB is allowed. Nothing was imported.")
MSG_TOTAL_TOO_LARGE = N_("The package is refused: it would unpack to {size} MB; at most {limit} "
                         "MB is allowed. Nothing was imported.")
MSG_RATIO = N_("The package is refused: “{name}” claims to unpack to {ratio} times its packed "
               "size, more than real compression achieves (a “zip bomb”). Nothing was "
               "imported.")
MSG_SIZE = N_("The package has been changed or damaged: “{name}” holds {size} bytes, but its "
              "manifest says {expected}. Nothing was imported.")
MSG_HASH = N_("The package has been changed or damaged: the content of “{name}” does not match "
              "its SHA-256 checksum in the manifest. Nothing was imported.")
MSG_DAMAGED = N_("The package is damaged: “{name}” cannot be read ({reason}). Nothing was "
                 "imported.")
MSG_BAD_JSON = N_("The package is damaged: “{name}” is not valid (at {where}). Nothing was "
                  "imported.")
MSG_NOT_OURS = N_("{name} is not a Coop Desktop dossier package (its manifest is of another "
                  "kind). Nothing was imported.")
MSG_NEWER_FORMAT = N_("This package was made by a newer version of Coop Desktop (package "
                      "format {version}; this version reads format {supported}). Update Coop "
                      "Desktop to import it.")
MSG_NEWER_SCHEMA = N_("This package was made by a newer version of Coop Desktop (database "
                      "schema {revision}). Update Coop Desktop to import it.")
MSG_CHANGED = N_("The package file {name} changed after it was checked. Open it again to check "
                 "it before importing.")


#: Why a member cannot be read (the ``reason`` of :data:`MSG_DAMAGED`).
REASON_CRC = N_("its zip checksum (CRC-32) does not match its content")
REASON_INFLATE = N_("its compressed data is broken")
REASON_HEADER = N_("its entry in the file is broken")
REASON_OTHER = N_("it cannot be unpacked")


def damage_reason(exc: BaseException) -> Message:
    """What went wrong reading a member, in words a user can read (zipfile's own text is
    English and technical)."""
    text = str(exc)
    if "CRC" in text:
        return Message(REASON_CRC)
    if isinstance(exc, zlib.error) or "compress" in text.lower():
        return Message(REASON_INFLATE)
    if isinstance(exc, zipfile.BadZipFile):
        return Message(REASON_HEADER)
    return Message(REASON_OTHER)


class PackageError(CoopError):
    """A package that cannot be used; ``member`` names the bad entry (or None for the
    file as a whole)."""

    def __init__(self, msgid: str, /, *, member: str | None = None, **params: Any) -> None:
        self.member = member
        super().__init__(msgid, **params)


def _mb(size: int) -> str:
    return f"{size / MiB:,.1f}"


# ------------------------------------------------------------------ strict JSON


class _JsonProblem(ValueError):
    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _JsonProblem(f"duplicate key {key!r}"[:80])
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise _JsonProblem(name)


def _depth(value: Any, level: int = 0) -> int:
    """Nesting depth, iteratively bounded (a deep document is refused, not recursed)."""
    stack = [(value, level)]
    deepest = 0
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > _MAX_DEPTH:
            return deepest
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def strict_json(data: bytes, name: str) -> Any:
    """Parse UTF-8 JSON; duplicate keys, NaN/Infinity, bad UTF-8 and deep nesting refused
    with :data:`MSG_BAD_JSON` naming ``name``."""
    try:
        text = data.decode("utf-8")
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except _JsonProblem as exc:
        raise PackageError(MSG_BAD_JSON, member=name, name=name, where=exc.where) from None
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        where = f"character {exc.pos}" if isinstance(exc, json.JSONDecodeError) else \
            type(exc).__name__
        raise PackageError(MSG_BAD_JSON, member=name, name=name, where=where) from None
    if _depth(value) > _MAX_DEPTH:
        raise PackageError(MSG_BAD_JSON, member=name, name=name, where="nesting")
    return value


def dumps(value: Any) -> bytes:
    """The JSON the package writes: UTF-8, sorted keys, stable."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


# ------------------------------------------------------------------ the manifest


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """What ``manifest.json`` says (checked by :func:`parse_manifest`)."""

    format_version: int
    package_id: str
    created_at: str
    app_version: str
    schema_revision: str
    made_by: dict[str, str]
    files: tuple[Member, ...]

    def member(self, name: str) -> Member | None:
        return next((m for m in self.files if m.name == name), None)


def manifest_json(*, package_id: str, created_at: str, app_version: str, schema_revision: str,
                  made_by: dict[str, str], files: list[Member]) -> bytes:
    """The bytes of ``manifest.json`` (see :class:`Manifest`)."""
    return dumps({
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "package_id": package_id,
        "created_at": created_at,
        "app_version": app_version,
        "schema_revision": schema_revision,
        "made_by": made_by,
        "files": [{"name": m.name, "size": m.size, "sha256": m.sha256} for m in files],
    })


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


def allowed_name(name: str) -> bool:
    return name in (MANIFEST, DOSSIER, PDF) or bool(_ATTACHMENT_NAME.fullmatch(name))


def _bad(where: str) -> PackageError:
    return PackageError(MSG_BAD_JSON, member=MANIFEST, name=MANIFEST, where=where)


def parse_manifest(data: bytes, package_name: str, known_revisions: set[str] | None = None
                   ) -> Manifest:
    """Check the manifest's structure and versions (see the module docstring)."""
    raw = strict_json(data, MANIFEST)
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise PackageError(MSG_NOT_OURS, member=MANIFEST, name=package_name)
    version = raw.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _bad("format_version")
    if version not in READS:
        raise PackageError(MSG_NEWER_FORMAT, version=version,
                           supported=", ".join(str(v) for v in sorted(READS)))
    texts = {}
    for key in ("package_id", "created_at", "app_version", "schema_revision"):
        value = raw.get(key)
        if not isinstance(value, str) or not value or len(value) > 200:
            raise _bad(key)
        texts[key] = value
    if not re.fullmatch(r"[0-9a-f]{32}", texts["package_id"]):
        raise _bad("package_id")
    if known_revisions is not None and texts["schema_revision"] not in known_revisions:
        raise PackageError(MSG_NEWER_SCHEMA, revision=texts["schema_revision"])
    made_by = raw.get("made_by")
    if not isinstance(made_by, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and len(v) <= 400
            for k, v in made_by.items()):
        raise _bad("made_by")
    files = raw.get("files")
    if not isinstance(files, list) or len(files) > MAX_MEMBERS:
        raise _bad("files")
    members: list[Member] = []
    seen: set[str] = set()
    for i, item in enumerate(files):
        if not isinstance(item, dict) or set(item) != {"name", "size", "sha256"}:
            raise _bad(f"files[{i}]")
        name, size, sha = item["name"], item["size"], item["sha256"]
        if not isinstance(name, str) or not allowed_name(name) or name == MANIFEST:
            raise _bad(f"files[{i}].name")
        if name in seen:
            raise _bad(f"files[{i}].name")
        seen.add(name)
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise _bad(f"files[{i}].size")
        if not isinstance(sha, str) or not _HEX64.fullmatch(sha):
            raise _bad(f"files[{i}].sha256")
        match = _ATTACHMENT_NAME.fullmatch(name)
        if match and match.group(1) != sha:
            raise _bad(f"files[{i}].sha256")
        members.append(Member(name, size, sha))
    if DOSSIER not in seen:
        raise PackageError(MSG_MISSING, member=DOSSIER, name=DOSSIER)
    return Manifest(version, texts["package_id"], texts["created_at"], texts["app_version"],
                    texts["schema_revision"], dict(made_by), tuple(members))


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
        zf = zipfile.ZipFile(raw)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError,
            NotImplementedError, struct.error):
        raw.close()
        raise PackageError(MSG_NOT_ZIP, name=path.name) from None
    except BaseException:
        raw.close()
        raise
    return zf, raw, FileStamp(st.st_size, st.st_mtime_ns)


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
        manifest = parse_manifest(manifest_bytes, path.name, known_revisions)
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
