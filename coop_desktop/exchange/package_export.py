"""Writing a dossier package: read the records (:func:`prepare_export`, one read
transaction, on the database lane), then write the zip (:func:`write_iter`, file work only).

The package is written through ``fileio.atomic_writer``: a private (0600) temporary file
beside the target, fsynced and renamed into place, so the target is either the complete
package or untouched, also when the export is cancelled (closing the generator) or fails.
Attachment files are read from the store where an intact copy is found
(``attachments.locate``: the SHA-256 is checked first) and hashed again on their way into
the zip; a file that changed meanwhile stops the export.

The PDF is rendered at export time (``services.documents``: the last frozen revision when the
current one is frozen, else the current text; side by side), so the package holds the
document as the sender's computer prints it, with the sender's officer and organisation.
If it cannot be rendered, the package is written without it and the result says why.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from coop_desktop import __version__, fileio
from coop_desktop.db import Database
from coop_desktop.errors import CoopError, Message
from coop_desktop.exchange import package_format as fmt
from coop_desktop.exchange.package_dossier import (
    DOSSIER_FORMAT,
    ENTERPRISE_FIELDS,
    TITLE_FIELDS,
    ZONE_FIELDS,
    field_times,
)
from coop_desktop.exchange.package_format import Member
from coop_desktop.i18n.catalog import N_
from coop_desktop.models import (
    Application,
    ApplicationRevision,
    ApplicationSection,
    Attachment,
    AttachmentRead,
    AuditAction,
    AuditEntry,
    Enterprise,
    EnterpriseRead,
    QaIgnore,
    SrdiTitle,
    SrdiTitleRead,
    Zone,
    ZoneRead,
)
from coop_desktop.services import records

if TYPE_CHECKING:
    from coop_desktop.documents.pdf import PdfDocument
    from coop_desktop.settings import AppSettings

#: Audit fields (no schema change) that record where an imported application came from:
#: the package's id, and the application's identity across laptops (its origin).
PACKAGE_FIELD = "package_id"
ORIGIN_FIELD = "package_origin"
#: A zip's timestamps (members carry no personal date; the manifest has the real time).
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
#: Progress units given to rendering the PDF (its size is not known before).
PDF_UNITS = 4 * fmt.MiB
LAYOUT = "parallel"

MSG_IS_FOLDER = N_("{path} is a folder; give a file name ending in .coopdossier.")
MSG_NO_FOLDER = N_("The folder {folder} does not exist.")
MSG_WRITE_FAILED = N_("The dossier package could not be written to {path} ({reason}). Nothing "
                      "was changed there.")
MSG_FILE_CHANGED = N_("The file of the attachment “{name}” changed while the package was being "
                      "written. Nothing was written; try again.")


def _json(model: Any) -> Any:
    return model.model_dump(mode="json")


def application_origin(session: Session, app: Application) -> str:
    """The application's identity across laptops: the origin it was imported with, else
    ``<op_id>-<id>`` of the audit row that recorded its creation here (a random op id),
    else a digest of its creation time, id and template."""
    imported = session.exec(select(AuditEntry.new_value).where(
        AuditEntry.entity == "application", AuditEntry.entity_id == app.id,
        AuditEntry.field == ORIGIN_FIELD).order_by(col(AuditEntry.id))).first()
    if imported:
        return imported
    created = session.exec(select(AuditEntry.op_id).where(
        AuditEntry.entity == "application", AuditEntry.entity_id == app.id,
        AuditEntry.action == AuditAction.CREATE.value).order_by(col(AuditEntry.id))).first()
    if created:
        return f"{created}-{app.id}"
    seed = f"{app.created_at.isoformat()}|{app.id}|{app.template_key}"
    return "local-" + hashlib.sha256(seed.encode()).hexdigest()[:32]


@dataclass
class Prepared:
    """Everything read from the database for one package (see :func:`prepare_export`)."""

    app_id: int
    dossier: dict[str, Any]
    #: ``(row, verified path in a store)`` per attachment file, in dossier order.
    files: list[tuple[AttachmentRead, Path]]
    made_by: dict[str, str]
    schema_revision: str
    document: PdfDocument | None = None
    pdf_revision: int | None = None
    suggested_name: str = "dossier" + fmt.SUFFIX
    package_id: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    package_id: str
    size: int
    attachments: int
    pdf_pages: int | None
    #: Why there is no PDF in the package (None when there is one).
    pdf_problem: Message | None = None


def _attachment_rows(session: Session, app: Application) -> list[Attachment]:
    """The application's own attachments, then the enterprise's general documents (live)."""
    rows = session.exec(select(Attachment).where(
        Attachment.enterprise_id == app.enterprise_id, col(Attachment.deleted_at).is_(None))
        .order_by(col(Attachment.kind), col(Attachment.created_at), col(Attachment.id))).all()
    own = [a for a in rows if a.application_id == app.id]
    general = [a for a in rows if a.application_id is None]
    return [*own, *general]


def _dossier(session: Session, app: Application) -> tuple[dict[str, Any], list[Attachment]]:
    enterprise = records.get_row(session, Enterprise, app.enterprise_id)
    ent = records.read(EnterpriseRead, enterprise)
    sections = session.exec(select(ApplicationSection).where(
        ApplicationSection.application_id == app.id)
        .order_by(col(ApplicationSection.position))).all()
    revisions = session.exec(select(ApplicationRevision).where(
        ApplicationRevision.application_id == app.id)
        .order_by(col(ApplicationRevision.number))).all()
    ignores = session.exec(select(QaIgnore).where(QaIgnore.application_id == app.id)
                           .order_by(col(QaIgnore.id))).all()
    titles = session.exec(select(SrdiTitle).where(
        SrdiTitle.enterprise_id == app.enterprise_id, col(SrdiTitle.deleted_at).is_(None))
        .order_by(col(SrdiTitle.id))).all()
    zone = session.get(Zone, app.zone_id) if app.zone_id is not None else None
    files = _attachment_rows(session, app)
    ent_json = _json(ent)
    times = field_times(session, enterprise.id, ENTERPRISE_FIELDS,  # type: ignore[arg-type]
                        enterprise.created_at)
    zone_json = None
    if zone is not None:
        z = _json(records.read(ZoneRead, zone))
        zone_json = {"values": {k: z[k] for k in ZONE_FIELDS}, "source_key": zone.source_key,
                     "source_version": zone.source_version, "user_edited": zone.user_edited}
    dossier = {
        "format": DOSSIER_FORMAT,
        "application": {
            "origin": application_origin(session, app), "source_id": app.id,
            "title_zh": app.title_zh, "title_en": app.title_en, "country": app.country,
            "reference_no": app.reference_no,
            "deadline": app.deadline.isoformat() if app.deadline else None,
            "template_key": app.template_key, "template_version": app.template_version,
            "status": str(getattr(app.status, "value", app.status)), "revision": app.revision,
            "created_at": _iso(app.created_at), "updated_at": _iso(app.updated_at)},
        "sections": [{"key": s.key, "position": s.position, "zh": s.zh, "en": s.en,
                      "updated_at": _iso(s.updated_at)} for s in sections],
        "revisions": [{"number": r.number, "status": str(getattr(r.status, "value", r.status)),
                       "created_at": _iso(r.created_at), "actor": r.actor,
                       "snapshot": r.snapshot} for r in revisions],
        "qa_ignores": [{"section_key": i.section_key, "issue_key": i.issue_key,
                        "reason": i.reason, "actor": i.actor,
                        "created_at": _iso(i.created_at)} for i in ignores],
        "enterprise": {k: ent_json[k] for k in ENTERPRISE_FIELDS},
        "enterprise_updated_at": _iso(enterprise.updated_at),
        "enterprise_changed_at": {k: _iso(v) for k, v in times.items()},
        "titles": [{k: _json(records.read(SrdiTitleRead, t))[k] for k in TITLE_FIELDS}
                   for t in titles],
        "zone": zone_json,
        "attachments": [{"sha256": a.sha256, "size": a.size, "original_name": a.original_name,
                         "kind": str(getattr(a.kind, "value", a.kind)),
                         "expires_on": a.expires_on.isoformat() if a.expires_on else None,
                         "note": a.note, "created_at": _iso(a.created_at),
                         "application": a.application_id is not None} for a in files],
        "pdf": None,
    }
    return dossier, files


def _iso(moment: Any) -> str:
    from coop_desktop.exchange.package_dossier import aware

    return aware(moment).isoformat()


def _filename(session: Session, app: Application) -> str:
    from coop_desktop.services import documents

    enterprise = session.get(Enterprise, app.enterprise_id)
    name = documents.filename_for(
        reference_no=app.reference_no, app_id=app.id,
        applicant=enterprise.name_zh if enterprise is not None else "", revision=app.revision,
        layout="")
    return name[: -len(".pdf")] + fmt.SUFFIX


def suggested_filename(db: Database, app_id: int) -> str:
    """``<reference or id>-<enterprise>[-r<n>].coopdossier`` (safe characters only)."""
    with db.read() as session:
        return _filename(session, records.get_row(session, Application, app_id))


def prepare_export(db: Database, app_id: int, *, settings: AppSettings | None = None,
                   include_pdf: bool = True, today: date | None = None) -> Prepared:
    """Read what the package of application ``app_id`` holds (one read transaction; the
    PDF document is built, not rendered). Raises NotFoundError for an application that
    does not exist or is in the recycle bin, AttachmentFileError when a file has no intact
    copy in any store."""
    from coop_desktop.db.migrate import current_revision
    from coop_desktop.services import attachments, documents
    from coop_desktop.settings import AppSettings

    settings = settings if settings is not None else AppSettings.load()
    with db.read() as session:
        app = records.get_row(session, Application, app_id)
        dossier, rows = _dossier(session, app)
        frozen = {n for n in session.exec(select(ApplicationRevision.number).where(
            ApplicationRevision.application_id == app_id)).all()}
        name = _filename(session, app)
    schema = current_revision(db.engine) or ""
    files: list[tuple[AttachmentRead, Path]] = []
    seen: set[str] = set()
    for row in rows:
        read = records.read(AttachmentRead, row)
        if read.sha256 in seen:
            continue
        location = attachments.locate(db, read)
        if location.path is None:
            raise attachments.file_error(db, read, location)
        seen.add(read.sha256)
        files.append((read, location.path))
    prepared = Prepared(
        app_id=app_id, dossier=dossier, files=files, schema_revision=schema,
        made_by={"actor": db.actor, "officer": settings.officer_name.strip(),
                 "organisation_zh": settings.organisation_zh.strip(),
                 "organisation_en": settings.organisation_en.strip()},
        suggested_name=name)
    if include_pdf:
        revision = app.revision if app.revision in frozen else None
        prepared.document = documents.build_document(db, app_id, revision=revision,
                                                     settings=settings, today=today)
        prepared.pdf_revision = revision
    return prepared


def _check_target(target: Path) -> None:
    if target.is_dir():
        raise CoopError(MSG_IS_FOLDER, path=str(target))
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise CoopError(MSG_NO_FOLDER, folder=str(folder))


def _info(name: str, *, compress: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.create_system = 3
    info.external_attr = 0o100600 << 16  # a plain file, rw for its owner
    return info


def _copy_in(zf: zipfile.ZipFile, name: str, src: IO[bytes], *, compress: bool
             ) -> Generator[int, None, Member]:
    """Stream ``src`` into member ``name``; yields bytes written so far."""
    digest, size = hashlib.sha256(), 0
    with zf.open(_info(name, compress=compress), "w") as out:
        while chunk := src.read(fmt.CHUNK):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
            yield size
    return Member(name, size, digest.hexdigest())


def _render(prepared: Prepared) -> tuple[IO[bytes] | None, int | None, Message | None]:
    """The PDF in an anonymous temporary file (rewound), its page count, or why not."""
    if prepared.document is None:
        return None, None, None
    from coop_desktop.documents.pdf import render_pdf

    tmp = tempfile.TemporaryFile()  # noqa: SIM115 - returned open; 0600, gone when closed
    try:
        report = render_pdf(prepared.document, tmp, layout=LAYOUT)
    except CoopError as exc:
        tmp.close()
        return None, None, exc.message
    except Exception as exc:  # noqa: BLE001 - a renderer bug must not stop the package
        tmp.close()
        return None, None, Message(N_("The PDF could not be made: {reason}"),
                                   {"reason": f"{type(exc).__name__}: {exc}"[:300]})
    tmp.seek(0)
    return tmp, report.pages, None


def write_iter(prepared: Prepared, target: str | os.PathLike[str]
               ) -> Generator[tuple[int, int], None, ExportResult]:
    """Write the package atomically; yields ``(done, total)``; closing the generator
    cancels (nothing is left behind). Returns :class:`ExportResult`."""
    target = Path(target)
    _check_target(target)
    dossier = dict(prepared.dossier)
    total = sum(row.size for row, _p in prepared.files) + PDF_UNITS + fmt.MiB
    done = 0
    yield done, total
    pdf, pages, problem = _render(prepared)
    done += PDF_UNITS
    yield done, total
    if pdf is not None:
        dossier["pdf"] = {"layout": LAYOUT, "revision": prepared.pdf_revision, "pages": pages}
    members: list[Member] = []
    try:
        with fileio.atomic_writer(target, "wb") as fh, zipfile.ZipFile(fh, "w") as zf:
            data = fmt.dumps(dossier)
            members.append((yield from _drain(_copy_in(zf, fmt.DOSSIER, io.BytesIO(data),
                                                       compress=True), done, total)))
            for row, path in prepared.files:
                with open(path, "rb") as src:
                    member = yield from _drain(
                        _copy_in(zf, fmt.ATTACHMENTS + row.sha256, src, compress=False),
                        done, total)
                if member.sha256 != row.sha256 or member.size != row.size:
                    raise CoopError(MSG_FILE_CHANGED, name=row.original_name)
                members.append(member)
                done += row.size
                yield done, total
            if pdf is not None:
                members.append((yield from _drain(_copy_in(zf, fmt.PDF, pdf, compress=True),
                                                  done, total)))
            manifest = fmt.manifest_json(
                package_id=prepared.package_id, created_at=_now_iso(), app_version=__version__,
                schema_revision=prepared.schema_revision, made_by=prepared.made_by,
                files=members)
            zf.writestr(_info(fmt.MANIFEST, compress=True), manifest)
    except OSError as exc:
        raise CoopError(MSG_WRITE_FAILED, path=str(target),
                        reason=exc.strerror or type(exc).__name__) from exc
    finally:
        if pdf is not None:
            pdf.close()
    yield total, total
    return ExportResult(target, prepared.package_id, target.stat().st_size, len(prepared.files),
                        pages, problem)


def _drain(gen: Generator[int, None, Member], base: int, total: int
           ) -> Generator[tuple[int, int], None, Member]:
    """Relay a member copy's progress (bytes of that member) as ``(base + n, total)``."""
    try:
        while True:
            got = next(gen)
            yield min(base + got, total), total
    except StopIteration as stop:
        return stop.value


def _now_iso() -> str:
    from coop_desktop.models import utcnow

    return utcnow().isoformat()


def export_iter(db: Database, app_id: int, target: str | os.PathLike[str], **options: Any
                ) -> Generator[tuple[int, int], None, ExportResult]:
    """:func:`prepare_export` then :func:`write_iter` (``options``: settings, include_pdf,
    today)."""
    _check_target(Path(target))
    prepared = prepare_export(db, app_id, **options)
    return (yield from write_iter(prepared, target))


def run(gen: Generator[tuple[int, int], None, Any],
        progress: Callable[[int, int], Any] | None = None,
        cancelled: Callable[[], bool] | None = None) -> Any:
    """Drive a progress generator to its end; ``progress(done, total)`` per step;
    ``cancelled()`` true stops it (the generator is closed, cleaning up) and raises
    :class:`Cancelled`. Returns the generator's result."""
    while True:
        try:
            done, total = next(gen)
        except StopIteration as stop:
            return stop.value
        if progress is not None:
            progress(done, total)
        if cancelled is not None and cancelled():
            gen.close()
            raise Cancelled()


class Cancelled(CoopError):
    def __init__(self) -> None:
        super().__init__(N_("Cancelled. Nothing was changed."))


def export_package(db: Database, app_id: int, target: str | os.PathLike[str], *,
                   progress: Callable[[int, int], Any] | None = None,
                   cancelled: Callable[[], bool] | None = None, **options: Any) -> ExportResult:
    """Write the dossier package of application ``app_id`` to ``target`` (see
    :func:`export_iter`); ``progress``/``cancelled`` as in :func:`run`."""
    return run(export_iter(db, app_id, target, **options), progress, cancelled)
