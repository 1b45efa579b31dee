"""Importing a checked dossier package: :func:`apply_iter` / :func:`apply_import`.

Order of work (each step stops the import, with nothing changed, if it fails):

1. the choices are complete (every difference of the plan has "mine" or "theirs") and an
   earlier copy of the application is imported again only with ``as_copy=True``;
2. the package file is the one that was checked (same size and modification time);
3. a verified backup of the database (``backups.take_backup(reason="before-import")``);
4. the attachment files are copied from the package into the content-addressed store,
   streamed and hashed on the way: only bytes whose SHA-256 is the verified one are moved
   into place, under that hash (the entry's name is never used as a path); a file already
   stored intact is not copied again;
5. one write transaction: the enterprise created or the chosen fields changed (checked
   against the plan's local values with ``records.merge_edit``: a field changed here after
   the package was checked stops the import), the missing SRDI titles added when chosen,
   the zone created if needed, the application with its sections, frozen revisions,
   ignored findings and attachments created, and the audit trail written — all under one
   ``op_id``, with two more audit rows on the new application naming the package
   (``package_id``) and the application's identity (``package_origin``), which is how a
   later import recognises it (no schema change).

Cancelling (closing the generator) is possible until step 5 starts; files copied into the
store by a cancelled or failed import are removed again unless a record refers to them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import zipfile
import zlib
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from coop_desktop import fileio
from coop_desktop.db import Database
from coop_desktop.errors import ConflictError, CoopError, EditConflict, ReadOnlyDatabaseError
from coop_desktop.exchange import package_format as fmt
from coop_desktop.exchange.package_dossier import ENTERPRISE_FIELDS, stored
from coop_desktop.exchange.package_export import ORIGIN_FIELD, PACKAGE_FIELD, run
from coop_desktop.exchange.package_format import FileStamp, PackageError
from coop_desktop.exchange.package_plan import THEIRS, TITLES, ImportPlan, _same, _title_key
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import (
    Application,
    ApplicationRevision,
    ApplicationSection,
    Attachment,
    Enterprise,
    QaIgnore,
    SrdiTitle,
    Zone,
)
from coop_desktop.services import attachment_store as store
from coop_desktop.services import enterprise_checks as checks
from coop_desktop.services import records
from coop_desktop.services.audit import AuditWriter
from coop_desktop.services.outcome import Changes

MSG_CHOICES = N_("Choose which value to keep for every field that differs between this "
                 "computer and the package ({fields}). Nothing was imported.")
MSG_EARLIER = N_("This application is already on this computer (application {ids}). Nothing "
                 "was imported; import it again only as a separate copy.")
MSG_CHANGED_HERE = N_("{name} was changed on this computer after the package was checked. "
                      "Nothing was imported: open the package again to see the differences.")
MSG_STORE_FAILED = N_("The attachment files could not be saved in the attachment folder "
                      "{folder} ({reason}). Nothing was imported.")

#: Progress units of the backup and of the transaction (the files count their bytes).
STEP_UNITS = 8 * fmt.MiB


@dataclass(frozen=True)
class ImportResult:
    application_id: int
    enterprise_id: int
    enterprise_created: bool
    #: Enterprise fields changed to the package's value.
    fields_taken: tuple[str, ...]
    titles_added: int
    zone_id: int | None
    zone_created: bool
    attachments_added: int
    files_copied: int
    backup: Path | None
    op_id: str
    changes: Changes = field(default_factory=lambda: Changes("application"))


def _check_choices(plan: ImportPlan, choices: dict[str, str], as_copy: bool) -> None:
    missing = [d.field for d in plan.differences
               if choices.get(d.field) not in ("mine", "theirs")]
    if missing:
        raise CoopError(MSG_CHOICES, fields=", ".join(missing))
    if plan.earlier and not as_copy:
        raise ConflictError(MSG_EARLIER, ids=", ".join(str(e.app_id) for e in plan.earlier))


def _copy_member(root: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, sha256: str,
                 size: int) -> Generator[int, None, bool]:
    """Put one attachment's bytes into the store under its verified hash; yields bytes
    copied; returns True when a file was written (False: an intact copy was there)."""
    target = store.blob_path(root, sha256)  # refuses anything but 64 hex digits
    if target.exists() and store.is_intact(target, sha256):
        return False
    name = info.orig_filename
    with store.part_file(root, "import-") as (out, tmp):
        digest, count = hashlib.sha256(), 0
        with zf.open(info) as src:
            while chunk := _read(src, name):
                count += len(chunk)
                if count > size:
                    raise PackageError(fmt.MSG_SIZE, member=name, name=name, size=count,
                                       expected=size)
                digest.update(chunk)
                out.write(chunk)
                yield count
        if count != size or digest.hexdigest() != sha256:
            raise PackageError(fmt.MSG_HASH, member=name, name=name)
        out.flush()
        os.fsync(out.fileno())
        out.close()  # before the rename: Windows cannot rename an open file
        fileio.private_dir(target.parent)
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(target, 0o600)  # a damaged read-only copy: let it be replaced
        os.chmod(tmp, store.BLOB_MODE)
        os.replace(tmp, target)
        fileio.fsync_dir(target.parent)
    return True


def _read(src: Any, name: str) -> bytes:
    try:
        return src.read(fmt.CHUNK)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise PackageError(fmt.MSG_DAMAGED, member=name, name=name,
                           reason=fmt.damage_reason(exc)) from None


def _copy_files(db: Database, plan: ImportPlan, created: list[str], base: int, total: int
                ) -> Generator[tuple[int, int], None, int]:
    """Step 4; appends the hashes of files written to ``created``; returns bytes done."""
    wanted: dict[str, int] = {}
    for a in plan.attachments:
        if not a.skip:
            wanted.setdefault(a.sha256, a.size)
    if not wanted:
        return base
    root = db.attachments_dir
    zf, raw, stamp = fmt.open_zip(plan.package.path)
    try:
        if stamp != plan.package.stamp:
            raise PackageError(fmt.MSG_CHANGED, name=plan.package.path.name)
        store.prepare_store(root)
        done = base
        for sha, size in wanted.items():
            info = zf.getinfo(fmt.ATTACHMENTS + sha)
            copy = _copy_member(root, zf, info, sha, size)
            try:
                while True:
                    got = next(copy)
                    yield done + got, total
            except StopIteration as stop:
                if stop.value:
                    created.append(sha)
            done += size
            yield done, total
        return done
    except OSError as exc:
        raise CoopError(MSG_STORE_FAILED, folder=str(root),
                        reason=exc.strerror or type(exc).__name__) from exc
    finally:
        fmt.close_zip(zf, raw)


def _referenced(session: Session, sha256: str) -> bool:
    return session.exec(select(Attachment.id).where(Attachment.sha256 == sha256)
                        .limit(1)).first() is not None


def _discard(db: Database, created: list[str]) -> None:
    """Remove files this import wrote that no record refers to (a failed import)."""
    if not created:
        return
    try:
        with db.read() as session:
            orphans = [s for s in created if not _referenced(session, s)]
    except Exception:  # noqa: BLE001 - unsure: keep the files (only an unused copy)
        return
    for sha in orphans:
        store.discard(db.attachments_dir, sha)


# ------------------------------------------------------------------ the transaction


def _changed_here(name: str) -> ConflictError:
    return ConflictError(MSG_CHANGED_HERE, name=name)


def _enterprise(session: Session, audit: AuditWriter, plan: ImportPlan, choices: dict[str, str],
                today: date) -> tuple[int, bool, tuple[str, ...]]:
    ep = plan.enterprise
    if ep.action == "create":
        from coop_desktop.db.repositories import enterprises as repo

        if repo.find_by_uscc(session, ep.uscc) is not None:
            raise _changed_here(ep.name_zh)
        values = ep.values
        row = Enterprise(**values, **checks.derive(values))
        session.add(row)
        _flush(session, ep.name_zh)
        assert row.id is not None
        audit.created("enterprise", row.id, {k: values.get(k) for k in ENTERPRISE_FIELDS})
        return row.id, True, ()
    assert ep.local_id is not None and ep.base is not None
    row = session.get(Enterprise, ep.local_id)
    if row is None or row.deleted_at is not None:
        raise _changed_here(ep.name_zh)
    current = {k: getattr(row, k) for k in ENTERPRISE_FIELDS}
    wanted = {d.field: d.theirs for d in ep.differences
              if d.field != TITLES and choices.get(d.field) == THEIRS}
    base = {k: ep.base[k] for k in wanted}
    try:
        wanted = records.merge_edit(current, wanted, base)
    except EditConflict:
        raise _changed_here(ep.name_zh) from None
    for name in wanted:  # a field that differed is changed here since: not silently
        if not _same(current[name], ep.base[name]):
            raise _changed_here(ep.name_zh)
    if "city_code" in wanted and wanted["city_code"] != current["city_code"]:
        current["city_zh"] = current["city_en"] = None  # re-derived from the new code
    merged = checks.check({**current, **wanted}, today=today)
    changes = records.apply(row, {k: merged.get(k) for k in ENTERPRISE_FIELDS})
    derived = records.apply(row, checks.derive(merged))
    if changes:
        session.add(row)
        _flush(session, ep.name_zh)
        audit.updated("enterprise", ep.local_id, {
            **changes, **{k: x for k, x in derived.items() if k == "size_class"}})
    return ep.local_id, False, tuple(wanted)


def _flush(session: Session, name: str) -> None:
    try:
        session.flush()
    except IntegrityError as exc:  # another writer created the same USCC meanwhile
        raise _changed_here(name) from exc


def _titles(session: Session, audit: AuditWriter, plan: ImportPlan, enterprise_id: int,
            choices: dict[str, str]) -> int:
    ep = plan.enterprise
    if ep.action == "merge" and choices.get(TITLES) != THEIRS:
        return 0
    have = {_title_key(t) for t in session.exec(
        select(SrdiTitle).where(SrdiTitle.enterprise_id == enterprise_id)).all()}
    added = 0
    for values in ep.titles_new:
        if _title_key(values) in have:
            continue
        row = SrdiTitle(**values, enterprise_id=enterprise_id)
        session.add(row)
        session.flush()
        assert row.id is not None
        audit.created("srdi_title", row.id, {"enterprise_id": enterprise_id, **values})
        added += 1
    return added


def _zone(session: Session, audit: AuditWriter, plan: ImportPlan) -> tuple[int | None, bool]:
    zp = plan.zone
    if zp.action in ("none", "deleted"):
        return None, False
    if zp.action == "match":
        row = session.get(Zone, zp.local_id)
        if row is None or row.deleted_at is not None:
            raise _changed_here(zp.name_zh or "")
        return row.id, False
    if zp.source_key:
        clash = session.exec(select(Zone).where(Zone.source_key == zp.source_key)).first()
        if clash is not None:
            raise _changed_here(zp.name_zh or "")
    row = Zone(**zp.values, source_key=zp.source_key, source_version=zp.source_version,
               user_edited=zp.user_edited)
    session.add(row)
    session.flush()
    assert row.id is not None
    audit.created("zone", row.id, zp.values)
    return row.id, True


def _application(session: Session, audit: AuditWriter, plan: ImportPlan, enterprise_id: int,
                 zone_id: int | None) -> int:
    from coop_desktop.services.application_common import (
        ENTITY,
        IGNORE_ENTITY,
        REVISION_ENTITY,
        SECTION_ENTITY,
    )

    a, d = plan.application, plan.package.dossier
    meta = {k: a[k] for k in ("title_zh", "title_en", "country", "reference_no", "deadline",
                              "template_key", "template_version", "status", "revision")}
    app = Application(enterprise_id=enterprise_id, zone_id=zone_id, **meta,
                      created_at=stored(a["created_at"]), updated_at=stored(a["updated_at"]))
    session.add(app)
    session.flush()
    assert app.id is not None
    audit.created(ENTITY, app.id, {"enterprise_id": enterprise_id, "zone_id": zone_id, **meta,
                                   PACKAGE_FIELD: plan.package.package_id,
                                   ORIGIN_FIELD: a["origin"]})
    for s in d.sections:
        section = ApplicationSection(application_id=app.id, key=s.key, position=s.position,
                                     zh=s.zh, en=s.en, updated_at=stored(s.updated_at))
        session.add(section)
        session.flush()
        audit.created(SECTION_ENTITY, section.id, {"key": s.key})  # type: ignore[arg-type]
    for r in d.revisions:
        revision = ApplicationRevision(application_id=app.id, number=r.number, status=r.status,
                                       created_at=stored(r.created_at), actor=r.actor,
                                       snapshot=r.snapshot)
        session.add(revision)
        session.flush()
        audit.created(REVISION_ENTITY, revision.id, {"number": r.number})  # type: ignore[arg-type]
    for i in d.qa_ignores:
        ignore = QaIgnore(application_id=app.id, section_key=i.section_key,
                          issue_key=i.issue_key, reason=i.reason, actor=i.actor,
                          created_at=stored(i.created_at))
        session.add(ignore)
        session.flush()
        audit.created(IGNORE_ENTITY, ignore.id, {  # type: ignore[arg-type]
            "application_id": app.id, "section_key": i.section_key, "issue_key": i.issue_key,
            "reason": i.reason})
    return app.id


def _attachment_rows(session: Session, audit: AuditWriter, plan: ImportPlan,
                     enterprise_id: int, app_id: int) -> int:
    general = set(session.exec(select(Attachment.sha256).where(
        Attachment.enterprise_id == enterprise_id, col(Attachment.application_id).is_(None),
        col(Attachment.deleted_at).is_(None))).all())
    added = 0
    for a in plan.attachments:
        if not a.application and a.sha256 in general:
            continue
        values = {"enterprise_id": enterprise_id,
                  "application_id": app_id if a.application else None,
                  "original_name": a.name, "sha256": a.sha256, "size": a.size, "kind": a.kind,
                  "expires_on": a.expires_on, "note": a.note}
        row = Attachment(**values, created_at=stored(a.created_at))
        session.add(row)
        session.flush()
        assert row.id is not None
        audit.created("attachment", row.id, values)
        added += 1
        if not a.application:
            general.add(a.sha256)
    return added


# ------------------------------------------------------------------ the import


def apply_iter(db: Database, plan: ImportPlan, choices: dict[str, str] | None = None, *,
               as_copy: bool = False, backup_dir: Path | str | None = None,
               today: date | None = None) -> Generator[tuple[int, int], None, ImportResult]:
    """Import ``plan``'s package (see the module docstring); yields ``(done, total)``;
    returns :class:`ImportResult`. ``choices`` maps every difference (enterprise field
    names and ``TITLES``) to "mine" or "theirs". ``backup_dir``: where the backup goes
    (default: the backup folder of the settings)."""
    from coop_desktop.services import backups

    choices = dict(choices or {})
    _check_choices(plan, choices, as_copy)
    if db.read_only or db.damaged:  # refused before the backup and the files
        from coop_desktop.db import MSG_READ_ONLY

        raise ReadOnlyDatabaseError(MSG_READ_ONLY, path=str(db.path or ""))
    if FileStamp.of(plan.package.path) != plan.package.stamp:
        raise PackageError(fmt.MSG_CHANGED, name=plan.package.path.name)
    today = today or date.today()
    files = sum({a.sha256: a.size for a in plan.attachments if not a.skip}.values())
    total = files + 2 * STEP_UNITS
    yield 0, total
    backup = None
    if db.path is not None:
        backup = backups.take_backup(db, reason="before-import", backup_dir=backup_dir).path
    yield STEP_UNITS, total
    created: list[str] = []
    try:
        yield from _copy_files(db, plan, created, STEP_UNITS, total)
        # From here on there is no yield: the transaction cannot be cancelled half-way.
        with db.session() as session:
            audit = AuditWriter(session, db.actor)
            enterprise_id, new_enterprise, taken = _enterprise(session, audit, plan, choices,
                                                               today)
            titles = _titles(session, audit, plan, enterprise_id, choices)
            zone_id, new_zone = _zone(session, audit, plan)
            app_id = _application(session, audit, plan, enterprise_id, zone_id)
            added = _attachment_rows(session, audit, plan, enterprise_id, app_id)
            op_id = audit.op_id
    except BaseException:
        _discard(db, created)
        raise
    related = ("enterprise", "application_section", "attachment", "srdi_title", "zone")
    return ImportResult(app_id, enterprise_id, new_enterprise, taken, titles, zone_id, new_zone,
                        added, len(created), backup, op_id,
                        Changes("application", (app_id,), action="create", related=related))


def apply_import(db: Database, plan: ImportPlan, choices: dict[str, str] | None = None, *,
                 progress: Callable[[int, int], Any] | None = None,
                 cancelled: Callable[[], bool] | None = None, **options: Any) -> ImportResult:
    """:func:`apply_iter` run to the end (``options``: as_copy, backup_dir, today)."""
    return run(apply_iter(db, plan, choices, **options), progress, cancelled)
