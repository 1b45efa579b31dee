"""The names, messages and manifest of a dossier package (``package_format`` checks the zip
container; this module knows what its manifest and JSON members must look like).

``manifest.json``: ``format`` ("coop-dossier"), ``format_version``, ``package_id`` (32 hex),
``created_at``, ``app_version``, ``schema_revision``, ``made_by`` (text values) and
``files`` (``name``, ``size``, ``sha256`` of every other member; an attachment's name is
``attachments/<its sha256>``). JSON is read strictly (:func:`strict_json`).
"""

from __future__ import annotations

import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

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


def allowed_name(name: str) -> bool:
    return name in (MANIFEST, DOSSIER, PDF) or bool(_ATTACHMENT_NAME.fullmatch(name))


def _bad(where: str) -> PackageError:
    return PackageError(MSG_BAD_JSON, member=MANIFEST, name=MANIFEST, where=where)


def parse_manifest(data: bytes, package_name: str, known_revisions: set[str] | None = None,
                   *, max_files: int = 10_000) -> Manifest:
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
    if not isinstance(files, list) or len(files) > max_files:
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
