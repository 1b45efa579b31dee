"""Attachments: files kept with an enterprise (and optionally one of its applications).

Storage design (the store itself: ``services.attachment_store``)
---------------------------------------------------------------
* **Where.** ``db.attachments_dir`` (see :class:`coop_desktop.db.Database`): by default
  ``<db folder>/<db stem>.attachments/`` beside the database file. That is the *primary*
  store: every new file is written there. Folders are 0700, stored files 0400 (owner only,
  read-only).
* **Content-addressed.** A file is stored once as ``<root>/<sha[:2]>/<sha256>`` (lower-case
  hex), whatever it was called and however many rows refer to it: identical content is
  stored once. **No path is ever built from a user's file name**: the name the file had is
  kept in ``Attachment.original_name`` as display metadata only, after
  :func:`display_name` sanitised it. Only the hash (checked to be 64 hex digits) names a
  stored file.
* **Found wherever it is.** Because any store holding the right bytes is as good as the
  primary one, a file missing or damaged there is looked for in the other stores beside
  the database and in the backup folder (``attachment_store.candidate_stores``), its
  SHA-256 checked before it is used. So a renamed copy of a database, or a backup opened
  from the backup folder, finds its files. When a file is found nowhere, the message
  names the folder and the file name where it is expected. Reading never writes;
  ``maintenance.repair`` copies files found elsewhere into the primary store.
* **Safe copy.** The source is read once in chunks, hashed and counted while it is written
  to a locked part file in ``<root>/tmp/`` (same file system), which is fsynced and then
  moved into place with ``os.replace``; the folder is fsynced too. If the target already
  exists and its content checks out, the new copy is dropped (dedupe); if it exists but is
  damaged, the fresh copy replaces it. A source that cannot be read, is not a regular file
  or is larger than :data:`MAX_SIZE` raises a clear error and leaves nothing behind (no
  row, no file). Part files left by a copy that was killed are removed the first time the
  store is written to by a process (:func:`open_store`) and by ``maintenance.repair``.
* **Re-attaching repairs.** Adding a file that is already attached to the same record
  is refused as a duplicate, but when the stored copy of that attachment was missing or
  damaged the fresh copy takes its place first: :class:`StoredCopyRepaired` (a
  ``ConflictError``) says so.
* **Integrity.** :func:`open_path` re-hashes the stored file and raises
  :class:`AttachmentFileError` if no intact copy is found; :func:`verify_all` (or
  :func:`verify_iter`, with progress) checks every file once and lists files found only
  outside the primary store, stray part files, unreferenced files and files others could
  read. ``maintenance.check`` reports all of it.
* **Soft delete.** Deleting an attachment puts the row in the recycle bin; the file is
  never removed (restoring must work, and other rows may share it). Nothing here deletes
  stored files; an unreferenced file is only reported by :func:`verify_all`.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Generator, Iterable
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
from coop_desktop.services import attachment_store as store
from coop_desktop.services import records
from coop_desktop.services.attachment_store import (  # noqa: F401 - part of this module's API
    MSG_NOT_A_FILE,
    MSG_SOURCE_MISSING,
    MSG_STORE_FAILED,
    MSG_TOO_LARGE,
    MSG_UNREADABLE,
    PartialFile,
    blob_path,
    hash_file,
)
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

_CHUNK = store.CHUNK
_EXTENSION = re.compile(r"[A-Za-z0-9]{1,10}")
# Direction overrides and marks let a name like "report\u202efdp.exe" display as
# "reportexe.pdf"; they have no place in a file name.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_DROPPED_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})

MSG_DUPLICATE = N_("This file is already attached here as “{name}”.")
MSG_REPAIRED_DAMAGED = N_("This file is already attached here as “{name}”. Its stored copy had "
                          "been damaged and was replaced with this file, so the attachment opens "
                          "again.")
MSG_REPAIRED_MISSING = N_("This file is already attached here as “{name}”. Its stored copy was "
                          "missing and has been restored from this file, so the attachment opens "
                          "again.")
MSG_WRONG_ENTERPRISE = N_("This application belongs to another enterprise.")
MSG_FILE_MISSING = N_("The file of the attachment “{name}” is missing. It belongs in the "
                      "attachment folder {folder} as {file}; the other attachment folders beside "
                      "the database and the backup folder were searched too. Restore the folder "
                      "from a backup, or attach the file again.")
MSG_FILE_DAMAGED = N_("The file of the attachment “{name}” has been changed or damaged since it "
                      "was added: its SHA-256 checksum no longer matches, and no intact copy was "
                      "found in the other attachment folders or the backup folder. Restore the "
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


class StoredCopyRepaired(ConflictError):
    """The file is already attached to this record (nothing new was recorded), but its
    stored copy was missing or damaged and the file just given took its place.

    ``attachment`` is the existing attachment, which opens again now.
    """

    def __init__(self, msgid: str, attachment: AttachmentRead) -> None:
        super().__init__(msgid, name=attachment.original_name)
        self.attachment = attachment


def stores(db: Database) -> list[Path]:
    """The stores searched for a file, primary first (``attachment_store.candidate_stores``)."""
    return store.candidate_stores(db.attachments_dir, db.path)


def open_store(db: Database) -> list[PartialFile]:
    """Get the primary store ready for writing: created private (0700) if needed, and the
    part files left by killed copies removed (see ``attachment_store`` for how a live
    copy's file is told apart). Cheap after the first call in a process; ``add`` calls it.
    Returns the part files removed. Nothing is done for a read-only database.
    """
    if db.read_only:
        return []
    return store.prepare_store(db.attachments_dir)


def _referenced(db: Database, sha256: str) -> bool:
    """Does any row (live or in the recycle bin) refer to this content? True when unsure."""
    try:
        with db.read() as session:
            return session.exec(select(Attachment.id).where(
                Attachment.sha256 == sha256).limit(1)).first() is not None
    except Exception:  # noqa: BLE001 - keep the file rather than guess
        return True


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
    enterprise and application — :class:`StoredCopyRepaired` when, in that case, the
    stored copy was missing or damaged and has been replaced by this file.
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
    stored: store.Stored | None = None
    try:
        with db.session() as session:
            _check_owner(session, parsed.enterprise_id, parsed.application_id)
            open_store(db)
            stored = store.store_file(root, source, name, limit=MAX_SIZE)
            clash = session.exec(select(Attachment).where(
                Attachment.enterprise_id == parsed.enterprise_id,
                Attachment.application_id == parsed.application_id,
                Attachment.sha256 == stored.sha256,
                col(Attachment.deleted_at).is_(None),
            )).first()
            if clash is not None:
                if stored.previous == "damaged":
                    raise StoredCopyRepaired(MSG_REPAIRED_DAMAGED,
                                             records.read(AttachmentRead, clash))
                if stored.previous == "none":
                    raise StoredCopyRepaired(MSG_REPAIRED_MISSING,
                                             records.read(AttachmentRead, clash))
                raise ConflictError(MSG_DUPLICATE, name=clash.original_name)
            values.update(original_name=name, sha256=stored.sha256, size=stored.size)
            row = Attachment(**values)
            session.add(row)
            session.flush()
            assert row.id is not None
            AuditWriter(session, db.actor).created(ENTITY, row.id, values)
            result = records.read(AttachmentRead, row)
    except BaseException:
        # A file written now is removed again unless a row needs it (it repaired the
        # missing or damaged copy of an attachment already recorded).
        if stored is not None and stored.created and not _referenced(db, stored.sha256):
            store.discard(root, stored.sha256)
        raise
    return Outcome(result, Changes(ENTITY, (result.id,), tuple(values), "create",
                                   related=("enterprise",)))


def get(db: Database, attachment_id: int, *, deleted: bool = False) -> AttachmentRead:
    with db.read() as session:
        return records.read(AttachmentRead,
                            records.get_row(session, Attachment, attachment_id, deleted=deleted))


def file_error(db: Database, row: Attachment | AttachmentRead,
               location: store.Location) -> AttachmentFileError:
    """The error for an attachment whose file has no intact copy anywhere."""
    if location.primary == "missing":
        try:
            where = str(blob_path(Path(row.sha256[:2]), row.sha256))
        except ValueError:
            where = row.sha256
        return AttachmentFileError(MSG_FILE_MISSING, name=row.original_name,
                                   folder=str(db.attachments_dir), file=where)
    return AttachmentFileError(MSG_FILE_DAMAGED, name=row.original_name)


def locate(db: Database, row: Attachment | AttachmentRead) -> store.Location:
    """Where an intact copy of the attachment's file is (see ``attachment_store.locate``)."""
    return store.locate(row.sha256, db.attachments_dir, lambda: stores(db))


def _checked_path(db: Database, row: Attachment | AttachmentRead) -> Path:
    location = locate(db, row)
    if location.path is None:
        raise file_error(db, row, location)
    return location.path


def open_path(db: Database, attachment_id: int, *, deleted: bool = False) -> Path:
    """An intact copy of the file of an attachment, after checking its SHA-256.

    Usually the one in the primary store; when that is missing or damaged, a copy found in
    another store (see the module docstring). The path names the content (no extension):
    read it, or use :func:`copy_out` to get a copy the operating system can open by type.
    Raises :class:`AttachmentFileError` if no intact copy is found. ``deleted=True`` looks
    in the recycle bin.
    """
    row = get(db, attachment_id, deleted=deleted)
    return _checked_path(db, row)


def copy_out(db: Database, attachment_id: int, folder: str | os.PathLike[str]) -> Path:
    """A verified copy in ``folder`` named ``attachment-<id>-<sha[:8]><.ext>``.

    For opening with the system's viewer: only a plain ASCII extension
    (:func:`safe_extension`) is taken from the display name, nothing else.
    """
    row = get(db, attachment_id)
    path = _checked_path(db, row)
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
    with db.read() as session:
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

    with db.read() as session:
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
    """The outcome of :func:`verify_all` (rows in the recycle bin are checked too).

    Each list holds every row concerned (several rows may share one file).
    """

    checked: int = 0
    #: Rows whose file is intact in the primary store.
    ok: int = 0
    #: No copy in the primary store, and no intact copy anywhere else.
    missing: list[AttachmentRead] = field(default_factory=list)
    #: The primary copy is damaged (or the recorded hash is not one), and no intact copy
    #: was found anywhere else.
    damaged: list[AttachmentRead] = field(default_factory=list)
    #: The primary copy is missing or damaged, but an intact copy is in another store
    #: (the path): the attachment opens; ``maintenance.repair`` copies it back.
    elsewhere: list[tuple[AttachmentRead, Path]] = field(default_factory=list)
    #: Stored files no row refers to (left by a crash or an outside copy): reported only.
    unreferenced: list[str] = field(default_factory=list)
    #: Part files left by copies that were killed (removable; see ``attachment_store``).
    partial: list[PartialFile] = field(default_factory=list)
    #: Folders and files of the primary store that others than the owner may read.
    not_private: list[Path] = field(default_factory=list)
    #: The stores that were searched, primary first (only the primary one when every
    #: file was found there).
    stores: list[Path] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """Every attachment opens (perhaps from another store)."""
        return not (self.missing or self.damaged)


#: Progress units of one file: its size, but at least this (opening and listing cost too).
_FILE_UNIT = 64 * 1024


def verify_iter(db: Database) -> Generator[tuple[int, int], None, VerifyReport]:
    """Re-hash every referenced file once; yields ``(done, total)`` in bytes, returns the
    :class:`VerifyReport`. Reads only: nothing is written, moved or removed."""
    root = db.attachments_dir
    with db.read() as session:
        rows = [records.read(AttachmentRead, r) for r in
                session.exec(select(Attachment).order_by(col(Attachment.id))).all()]
    groups: dict[str, list[AttachmentRead]] = {}
    for row in rows:
        groups.setdefault(row.sha256, []).append(row)
    units = {sha: max(group[0].size, _FILE_UNIT) for sha, group in groups.items()}
    total = sum(units.values()) + _FILE_UNIT
    report = VerifyReport(checked=len(rows), stores=[root])
    others: list[Path] | None = None

    def other_stores() -> list[Path]:
        nonlocal others
        if others is None:
            others = stores(db)
            report.stores = list(others)
        return others

    done = 0
    yield done, total
    for sha, group in groups.items():
        where = store.locate(sha, root, other_stores)
        if where.primary == "ok":
            report.ok += len(group)
        elif where.path is not None:
            report.elsewhere.extend((row, where.path) for row in group)
        elif where.primary == "missing":
            report.missing.extend(group)
        else:
            report.damaged.extend(group)
        done += units[sha]
        yield done, total
    report.unreferenced = [p.name for p in store.stored_files(root) if p.name not in groups]
    report.partial = store.stray_partial_files(root)
    report.not_private = store.not_private(root)
    yield total, total
    return report


def verify_all(db: Database, progress: Callable[[int, int], None] | None = None
               ) -> VerifyReport:
    """:func:`verify_iter` run to the end (``progress(done, total)`` per step)."""
    it = verify_iter(db)
    while True:
        try:
            done, total = next(it)
        except StopIteration as stop:
            return stop.value
        if progress is not None:
            progress(done, total)
