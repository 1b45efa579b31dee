"""Attachments: files kept with an enterprise (and optionally one of its applications).

Storage design
--------------
* **Where.** ``db.attachments_dir`` (see :class:`coop_desktop.db.Database`): by default
  ``<db folder>/<db stem>.attachments/`` beside the database file, so a copy of the folder
  that holds the database carries its files, and each test database has its own store.
* **Content-addressed.** A file is stored once as ``<root>/<sha[:2]>/<sha256>`` (lower-case
  hex), whatever it was called and however many rows refer to it: identical content is
  stored once. **No path is ever built from a user's file name**: the name the file had is
  kept in ``Attachment.original_name`` as display metadata only, after
  :func:`display_name` sanitised it. Only the hash (checked to be 64 hex digits) names a
  stored file.
* **Safe copy.** The source is read once in chunks, hashed and counted while it is written
  to a temporary file in ``<root>/tmp/`` (same file system), which is fsynced and then
  moved into place with ``os.replace``; the folder is fsynced too. If the target already
  exists and its content checks out, the new copy is dropped (dedupe); if it exists but is
  damaged, the fresh copy replaces it. A source that cannot be read, is not a regular file
  or is larger than :data:`MAX_SIZE` raises a clear error and leaves nothing behind (no
  row, no file). Stored files are made read-only.
* **Integrity.** :func:`open_path` re-hashes the stored file and raises
  :class:`AttachmentFileError` if it is missing or its SHA-256 no longer matches;
  :func:`verify_all` checks every stored file once and lists unreferenced files.
* **Soft delete.** Deleting an attachment puts the row in the recycle bin; the file is
  never removed (restoring must work, and other rows may share it). Nothing here deletes
  stored files; an unreferenced file is only reported by :func:`verify_all`.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from coop_desktop.db import Database
from coop_desktop.errors import ConflictError, CoopError, ValidationError
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import (
    Application,
    Attachment,
    AttachmentCreate,
    AttachmentKind,
    AttachmentRead,
    AttachmentUpdate,
    Enterprise,
)
from coop_desktop.services import records
from coop_desktop.services.audit import AuditWriter
from coop_desktop.services.outcome import Changes, Outcome

ENTITY = "attachment"
MAX_SIZE = 200 * 1024 * 1024
"""The largest file that can be attached (bytes). Read at call time (tests lower it)."""
NAME_LIMIT = 200
"""Display names are cut to this many characters, keeping the extension."""
FALLBACK_NAME = "attachment"
WARN_DAYS = 60
"""An attachment expiring within this many days is flagged as expiring."""

_CHUNK = 1024 * 1024
_HEX64 = re.compile(r"[0-9a-f]{64}")
_EXTENSION = re.compile(r"[A-Za-z0-9]{1,10}")
_TMP = "tmp"
# Direction overrides and marks let a name like "report\u202efdp.exe" display as
# "reportexe.pdf"; they have no place in a file name.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_DROPPED_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})

MSG_TOO_LARGE = N_("“{name}” is {size} MB; an attachment can be at most {limit} MB.")
MSG_SOURCE_MISSING = N_("“{name}” was not found. Nothing was attached.")
MSG_NOT_A_FILE = N_("“{name}” is not a file. Choose a file to attach.")
MSG_UNREADABLE = N_("“{name}” could not be read ({reason}). Nothing was attached.")
MSG_STORE_FAILED = N_("The file could not be saved in the attachment folder {folder} ({reason}). "
                      "Nothing was attached.")
MSG_DUPLICATE = N_("This file is already attached here as “{name}”.")
MSG_WRONG_ENTERPRISE = N_("This application belongs to another enterprise.")
MSG_FILE_MISSING = N_("The file of the attachment “{name}” is missing from the attachment "
                      "folder {folder}. Restore the folder from a backup, or attach the file "
                      "again.")
MSG_FILE_DAMAGED = N_("The file of the attachment “{name}” has been changed or damaged since it "
                      "was added: its SHA-256 checksum no longer matches. Restore the "
                      "attachment folder from a backup, or attach the file again.")
MSG_PARENT_DELETED = N_("The attachment “{name}” belongs to a record that is in the recycle "
                        "bin. Restore that record first.")


class ExpiryState(StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"


EXPIRY_LABELS: dict[str, str] = {
    ExpiryState.VALID: N_("Valid"),
    ExpiryState.EXPIRING: N_("Expiring soon"),
    ExpiryState.EXPIRED: N_("Expired"),
}


class AttachmentFileError(CoopError):
    """A stored file is missing or its content no longer matches its recorded SHA-256."""


# ------------------------------------------------------------------ names


def display_name(raw: str | None) -> str:
    """The name to show for a file the user picked: metadata only, never a path.

    The last component after either ``/`` or ``\\`` is kept; control characters, line
    separators, unpaired surrogates (undecodable bytes) and bidirectional controls are
    dropped; the text is NFC-normalised, its white space collapsed and surrounding spaces
    and trailing dots trimmed; it is cut to :data:`NAME_LIMIT` characters keeping a short
    extension. The result is never empty (:data:`FALLBACK_NAME`). Reserved Windows names
    (``CON``, ``NUL.txt``) are kept: they are harmless as text.
    """
    text = raw or ""
    if not text.isprintable():  # fast path for ordinary names
        text = "".join(ch for ch in text if ch not in _BIDI_CONTROLS
                       and unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    text = unicodedata.normalize("NFC", text)
    text = re.split(r"[/\\]", text)[-1]
    text = " ".join(text.split()).rstrip(". ")
    if text in ("", ".", ".."):
        return FALLBACK_NAME
    if len(text) > NAME_LIMIT:
        stem, dot, ext = text.rpartition(".")
        if dot and stem and 0 < len(ext) <= 16 and " " not in ext:
            text = stem[: NAME_LIMIT - len(ext) - 2].rstrip() + "…." + ext
        else:
            text = text[: NAME_LIMIT - 1].rstrip() + "…"
    return text


def safe_extension(name: str) -> str:
    """``".pdf"`` for ``"报告.PDF"``; ``""`` unless the extension is 1–10 ASCII letters/digits."""
    _stem, dot, ext = name.rpartition(".")
    return "." + ext.lower() if dot and _EXTENSION.fullmatch(ext) else ""


# ------------------------------------------------------------------ the store


def blob_path(root: Path, sha256: str) -> Path:
    """Where the content with this hash lives. Refuses anything but 64 hex digits."""
    if not _HEX64.fullmatch(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return root / sha256[:2] / sha256


def hash_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


@dataclass(frozen=True)
class _Stored:
    sha256: str
    size: int
    created: bool  # False: the same content was already stored


def _unreadable(label: str, exc: OSError) -> CoopError:
    return CoopError(MSG_UNREADABLE, name=label, reason=exc.strerror or type(exc).__name__)


def _store(root: Path, source: Path, label: str) -> _Stored:
    """Copy ``source`` into the store (see the module docstring). ``label`` is for messages."""
    limit = MAX_SIZE
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
        incoming = root / _TMP
        try:
            incoming.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=incoming, prefix="incoming-", suffix=".part")
        except OSError as exc:
            raise CoopError(MSG_STORE_FAILED, folder=str(root),
                            reason=exc.strerror or type(exc).__name__) from exc
        tmp = Path(tmp_name)
        try:
            digest, size = hashlib.sha256(), 0
            with os.fdopen(fd, "wb") as out:
                while True:
                    try:
                        chunk = src.read(_CHUNK)
                    except OSError as exc:
                        raise _unreadable(label, exc) from exc
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:  # the file grew while we read it
                        raise CoopError(MSG_TOO_LARGE, name=label, size=_mb(size), limit=_mb(limit))
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            target = blob_path(root, sha)
            target.parent.mkdir(exist_ok=True)
            if target.is_file():
                try:
                    intact = hash_file(target) == sha
                except OSError:
                    intact = False
                if intact:
                    tmp.unlink()
                    return _Stored(sha, size, created=False)
                os.chmod(target, stat.S_IREAD | stat.S_IWRITE)  # damaged: replace it
            os.chmod(tmp, stat.S_IREAD | stat.S_IRGRP | stat.S_IROTH)
            os.replace(tmp, target)
            _fsync_dir(target.parent)
            return _Stored(sha, size, created=True)
        except CoopError:
            tmp.unlink(missing_ok=True)
            raise
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise CoopError(MSG_STORE_FAILED, folder=str(root),
                            reason=exc.strerror or type(exc).__name__) from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def _discard(root: Path, sha256: str) -> None:
    """Remove a file stored by an ``add`` that then failed (nothing refers to it)."""
    path = blob_path(root, sha256)
    try:
        os.chmod(path, stat.S_IREAD | stat.S_IWRITE)
        path.unlink()
    except OSError:
        pass  # verify_all reports it as unreferenced


# ------------------------------------------------------------------ use cases


def _check_owner(session: Session, enterprise_id: int, application_id: int | None) -> None:
    records.get_row(session, Enterprise, enterprise_id)
    if application_id is not None:
        app = records.get_row(session, Application, application_id)
        if app.enterprise_id != enterprise_id:
            raise ValidationError.single("application_id", MSG_WRONG_ENTERPRISE)


def add(db: Database, source_path: str | os.PathLike[str], *, enterprise_id: int,
        application_id: int | None = None, kind: AttachmentKind | str = AttachmentKind.OTHER,
        expires_on: date | None = None, note: str | None = None,
        original_name: str | None = None) -> Outcome[AttachmentRead]:
    """Copy the file at ``source_path`` into the store and record it.

    ``original_name`` is the name to show (default: the source's own file name); either
    way it is sanitised by :func:`display_name`. Raises ValidationError/NotFoundError for
    bad metadata (checked before anything is copied), CoopError for a source that cannot
    be attached, ConflictError if the same content is already attached to the same
    enterprise and application.
    """
    source = Path(source_path)
    name = display_name(original_name if original_name is not None else os.fsdecode(source.name))
    parsed = records.parse_input(AttachmentCreate, {
        "enterprise_id": enterprise_id, "application_id": application_id, "kind": kind,
        "expires_on": expires_on, "note": note,
    })
    values = parsed.model_dump()
    values["note"] = (values["note"] or "").strip() or None
    root = db.attachments_dir
    stored: _Stored | None = None
    try:
        with db.session() as session:
            _check_owner(session, parsed.enterprise_id, parsed.application_id)
            stored = _store(root, source, name)
            clash = session.exec(select(Attachment).where(
                Attachment.enterprise_id == parsed.enterprise_id,
                Attachment.application_id == parsed.application_id,
                Attachment.sha256 == stored.sha256,
                col(Attachment.deleted_at).is_(None),
            )).first()
            if clash is not None:
                raise ConflictError(MSG_DUPLICATE, name=clash.original_name)
            values.update(original_name=name, sha256=stored.sha256, size=stored.size)
            row = Attachment(**values)
            session.add(row)
            session.flush()
            assert row.id is not None
            AuditWriter(session, db.actor).created(ENTITY, row.id, values)
            result = records.read(AttachmentRead, row)
    except BaseException:
        if stored is not None and stored.created:
            _discard(root, stored.sha256)
        raise
    return Outcome(result, Changes(ENTITY, (result.id,), tuple(values), "create",
                                   related=("enterprise",)))


def get(db: Database, attachment_id: int, *, deleted: bool = False) -> AttachmentRead:
    with db.session() as session:
        return records.read(AttachmentRead,
                            records.get_row(session, Attachment, attachment_id, deleted=deleted))


def _checked_path(root: Path, row: Attachment | AttachmentRead) -> Path:
    try:
        path = blob_path(root, row.sha256)
    except ValueError:
        raise AttachmentFileError(MSG_FILE_DAMAGED, name=row.original_name) from None
    if not path.is_file():
        raise AttachmentFileError(MSG_FILE_MISSING, name=row.original_name, folder=str(root))
    try:
        intact = hash_file(path) == row.sha256
    except OSError:
        intact = False
    if not intact:
        raise AttachmentFileError(MSG_FILE_DAMAGED, name=row.original_name)
    return path


def open_path(db: Database, attachment_id: int, *, deleted: bool = False) -> Path:
    """The stored file of an attachment, after checking its SHA-256.

    The path names the content (no extension): read it, or use :func:`copy_out` to get a
    copy the operating system can open by type. Raises :class:`AttachmentFileError` if the
    file is missing or damaged. ``deleted=True`` looks in the recycle bin.
    """
    row = get(db, attachment_id, deleted=deleted)
    return _checked_path(db.attachments_dir, row)


def copy_out(db: Database, attachment_id: int, folder: str | os.PathLike[str]) -> Path:
    """A verified copy in ``folder`` named ``attachment-<id>-<sha[:8]><.ext>``.

    For opening with the system's viewer: only a plain ASCII extension
    (:func:`safe_extension`) is taken from the display name, nothing else.
    """
    row = get(db, attachment_id)
    path = _checked_path(db.attachments_dir, row)
    target_dir = Path(folder)
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"attachment-{row.id}-{row.sha256[:8]}{safe_extension(row.original_name)}"
    fd, tmp_name = tempfile.mkstemp(dir=target_dir, prefix=".copy-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out, path.open("rb") as src:
            shutil.copyfileobj(src, out, _CHUNK)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target


def list_for(db: Database, enterprise_id: int | None = None, application_id: int | None = None,
             *, deleted: bool = False) -> list[AttachmentRead]:
    """Live attachments (or the recycle bin's) of an enterprise and/or an application.

    With ``enterprise_id`` alone, the enterprise's attachments including those attached to
    its applications; with neither, all of them.
    """
    stmt = select(Attachment)
    deleted_col = col(Attachment.deleted_at)
    stmt = stmt.where(deleted_col.is_not(None) if deleted else deleted_col.is_(None))
    if enterprise_id is not None:
        stmt = stmt.where(Attachment.enterprise_id == enterprise_id)
    if application_id is not None:
        stmt = stmt.where(Attachment.application_id == application_id)
    stmt = stmt.order_by(col(Attachment.kind), col(Attachment.created_at), col(Attachment.id))
    with db.session() as session:
        return [records.read(AttachmentRead, r) for r in session.exec(stmt).all()]


def update(db: Database, attachment_id: int, data: AttachmentUpdate | dict[str, Any]
           ) -> Outcome[AttachmentRead]:
    """Change metadata (kind, expiry, note, display name, application). Audited."""
    parsed = records.parse_input(AttachmentUpdate, data)
    wanted = parsed.model_dump(exclude_unset=True)
    if "original_name" in wanted:
        wanted["original_name"] = display_name(wanted["original_name"])
    if "note" in wanted:
        wanted["note"] = (wanted["note"] or "").strip() or None
    if "kind" in wanted and wanted["kind"] is None:
        wanted.pop("kind")
    with db.session() as session:
        row = records.get_row(session, Attachment, attachment_id)
        if "application_id" in wanted:
            _check_owner(session, row.enterprise_id, wanted["application_id"])
        changes = records.apply(row, wanted)
        if changes:
            session.add(row)
            AuditWriter(session, db.actor).updated(ENTITY, attachment_id, changes)
        result = records.read(AttachmentRead, row)
    return Outcome(result, Changes(ENTITY, (attachment_id,) if changes else (), tuple(changes)))


def delete(db: Database, ids: Iterable[int]) -> Outcome[list[int]]:
    """Put attachments in the recycle bin. Their files stay in the store."""
    with db.session() as session:
        done = records.soft_delete(session, AuditWriter(session, db.actor), Attachment, ids)
    return Outcome(done, Changes(ENTITY, tuple(done), action="delete"))


def restore(db: Database, ids: Iterable[int]) -> Outcome[list[int]]:
    """Bring attachments back from the recycle bin (refused while their enterprise or
    application is itself in the bin; nothing is restored then)."""
    ids = list(ids)
    with db.session() as session:
        for row_id in ids:
            row = records.get_row(session, Attachment, row_id, deleted=True)
            parents: list[Any] = [session.get(Enterprise, row.enterprise_id)]
            if row.application_id is not None:
                parents.append(session.get(Application, row.application_id))
            if any(p is None or p.deleted_at is not None for p in parents):
                raise ConflictError(MSG_PARENT_DELETED, name=row.original_name)
        done = records.restore(session, AuditWriter(session, db.actor), Attachment, ids)
    return Outcome(done, Changes(ENTITY, tuple(done), action="restore"))


def history(db: Database, attachment_id: int) -> list[Any]:
    from coop_desktop.services import audit

    with db.session() as session:
        return audit.history(session, ENTITY, attachment_id)


# ------------------------------------------------------------------ expiry and checks


def expiry_state(attachment: AttachmentRead, *, today: date | None = None,
                 warn_days: int = WARN_DAYS) -> ExpiryState | None:
    """None when the attachment has no expiry date."""
    if attachment.expires_on is None:
        return None
    today = today or date.today()
    if attachment.expires_on < today:
        return ExpiryState.EXPIRED
    if (attachment.expires_on - today).days <= warn_days:
        return ExpiryState.EXPIRING
    return ExpiryState.VALID


@dataclass(frozen=True)
class AttachmentSummary:
    """What an enterprise's (or application's) attachments look like at ``today``."""

    count: int
    total_size: int
    by_kind: dict[str, int]
    expired: tuple[AttachmentRead, ...]
    expiring: tuple[AttachmentRead, ...]

    @property
    def needs_attention(self) -> bool:
        return bool(self.expired or self.expiring)


def summary(db: Database, enterprise_id: int | None = None, application_id: int | None = None,
            *, today: date | None = None, warn_days: int = WARN_DAYS) -> AttachmentSummary:
    items = list_for(db, enterprise_id, application_id)
    states = [(a, expiry_state(a, today=today, warn_days=warn_days)) for a in items]
    return AttachmentSummary(
        count=len(items),
        total_size=sum(a.size for a in items),
        by_kind=dict(Counter(str(a.kind) for a in items)),
        expired=tuple(a for a, s in states if s is ExpiryState.EXPIRED),
        expiring=tuple(a for a, s in states if s is ExpiryState.EXPIRING),
    )


@dataclass
class VerifyReport:
    """The outcome of :func:`verify_all` (rows in the recycle bin are checked too)."""

    checked: int = 0
    ok: int = 0
    missing: list[AttachmentRead] = field(default_factory=list)
    damaged: list[AttachmentRead] = field(default_factory=list)
    #: Stored files no row refers to (left by a crash or an outside copy): reported only.
    unreferenced: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.missing or self.damaged)


def verify_all(db: Database) -> VerifyReport:
    """Re-hash every stored file once and compare it with every row that refers to it."""
    root = db.attachments_dir
    with db.session() as session:
        rows = [records.read(AttachmentRead, r) for r in
                session.exec(select(Attachment).order_by(col(Attachment.id))).all()]
    report = VerifyReport(checked=len(rows))
    state: dict[str, str] = {}
    for row in rows:
        if row.sha256 not in state:
            try:
                _checked_path(root, row)
                state[row.sha256] = "ok"
            except AttachmentFileError as exc:
                missing = exc.message.msgid == MSG_FILE_MISSING
                state[row.sha256] = "missing" if missing else "damaged"
        outcome = state[row.sha256]
        if outcome == "ok":
            report.ok += 1
        else:
            (report.missing if outcome == "missing" else report.damaged).append(row)
    if root.is_dir():
        known = set(state)
        for shard in sorted(root.iterdir()):
            if shard.name == _TMP or not shard.is_dir():
                continue
            report.unreferenced.extend(p.name for p in sorted(shard.iterdir())
                                       if p.name not in known)
    return report
