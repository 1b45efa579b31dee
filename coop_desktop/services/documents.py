"""The dossier PDF of an application: records → :class:`PdfDocument` → file.

:func:`build_document` is the adapter between the services and the pure renderer
(:mod:`coop_desktop.documents.pdf`, which imports no service). :func:`export_pdf` builds,
renders and writes the file atomically; the CLI (``coop-desktop pdf``) and the UI
(``ui/widgets/pdf_export.py``) both go through it.

What goes into the document
---------------------------
* **Text.** ``revision=None``: the current text of every section (``sections``), titled and
  typed from the template (``section_infos``: titles, and ``kind="declaration"`` for the
  signed statement, after which the PDF puts the seal block). ``revision=N``: the frozen
  snapshot of submitted revision N *as it was stored*: its sections, titles, kinds,
  application title, reference number, deadline, enterprise, zone, country names and
  officer — nothing else is read from the live records but the application's creation
  date and the attachments (below).
  (A snapshot frozen before section kinds were recorded takes the kind from its template.)
* **Attachments.** The application's own attachments *plus* the enterprise's general
  documents (those not attached to any application: business licence, audit reports… which
  go with every application); attachments of the enterprise's *other* applications are
  left out. For a frozen revision, the attachments that existed when it was frozen and were
  not in the recycle bin then (told by the order of the audit rows); their current name,
  type, expiry and application link are shown (the content, named by its SHA-256, cannot
  change). ``enterprise_documents=False`` lists only the application's own.
* **Names.** Zone and country in each language (a zone without an English name shows its
  Chinese one on the English side; an enterprise without an English name, its pinyin).
* **People and dates.** Organisation and officer from the settings (draft) or the snapshot
  (revision); created = the application's creation day, submitted = the day the revision
  was frozen (local time); generated on ``today``; ``coop_desktop.__version__``.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from coop_desktop import __version__, fileio
from coop_desktop.db import Database
from coop_desktop.documents.pdf import (
    LAYOUTS,
    GlyphWarning,
    PdfAttachment,
    PdfDocument,
    PdfSection,
    RenderReport,
    render_pdf,
)
from coop_desktop.documents.templates import TemplateError, get_template
from coop_desktop.errors import CoopError, NotFoundError
from coop_desktop.i18n.catalog import N_, translator
from coop_desktop.models import ATTACHMENT_KIND_LABELS, AttachmentRead
from coop_desktop.reference import countries
from coop_desktop.services import applications, attachments, enterprises
from coop_desktop.services.catalog import zones

if TYPE_CHECKING:
    from coop_desktop.i18n.catalog import Translator
    from coop_desktop.settings import AppSettings

__all__ = [
    "LAYOUTS",
    "LAYOUT_LABELS",
    "ExportChoices",
    "ExportResult",
    "build_document",
    "export_choices",
    "export_pdf",
    "filename_for",
    "render_to",
    "suggested_filename",
    "warning_text",
    "write_atomically",
]

#: Short names of the layouts (msgids), in :data:`LAYOUTS` order.
LAYOUT_LABELS: dict[str, str] = {
    "parallel": N_("Side by side"),
    "stacked": N_("Chinese, then English"),
    "zh": N_("Chinese only"),
    "en": N_("English only"),
}
#: One line on each layout (msgids).
LAYOUT_DESCRIPTIONS: dict[str, str] = {
    "parallel": N_("Chinese and English in two columns; each paragraph starts level with its "
                   "translation."),
    "stacked": N_("Each section in Chinese, followed by the same section in English."),
    "zh": N_("Only the Chinese text, for a Chinese authority."),
    "en": N_("Only the English text, for a foreign partner."),
}

MSG_BAD_LAYOUT = N_("Unknown layout “{layout}”; use one of: {layouts}.")
MSG_NO_FOLDER = N_("The folder {folder} does not exist.")
MSG_IS_FOLDER = N_("{path} is a folder; give a file name ending in .pdf.")
MSG_WRITE_FAILED = N_("The PDF could not be written to {path} ({reason}). Nothing was changed "
                      "there.")
MSG_RENDER_FAILED = N_("The PDF could not be made: {reason}")
MSG_GLYPHS_LANG = N_("{place} ({language}): no font for {chars}")
MSG_GLYPHS = N_("{place}: no font for {chars}")
MSG_SECTION = N_("Section “{title}”")
MSG_SECTION_TITLE = N_("Title of section “{title}”")
MSG_ATTACHMENT_NAME = N_("Attachment {number}: file name")
MSG_ATTACHMENT_KIND = N_("Attachment {number}: type")

_PLACES = {
    "title": N_("Document title"),
    "applicant": N_("Applicant"),
    "uscc": N_("Unified social credit code"),
    "zone": N_("Cooperation zone"),
    "country": N_("Target country"),
    "organisation": N_("Organisation"),
    "officer": N_("Officer"),
    "reference_no": N_("Reference number"),
}
_LANGUAGES = {"zh": N_("Chinese"), "en": N_("English")}
_ATTACHMENT_FIELD = re.compile(r"attachment\[(\d+)\]\.(name|kind)")


# ---------------------------------------------------------------------------- helpers
def _local_day(moment: datetime | str | None) -> date | None:
    """The local calendar day of a stored (UTC) moment."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().date()


def _aware(moment: datetime | str) -> datetime:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _english_name(name_en: str | None, name_pinyin: str | None, name_zh: str) -> str:
    return (name_en or "").strip() or (name_pinyin or "").strip() or name_zh


def _template_kinds(template_key: str | None) -> dict[str, str]:
    if not template_key:
        return {}
    try:
        template = get_template(template_key)
    except TemplateError:
        return {}
    return {s.key: s.kind for s in template.sections}


def _kind_labels(kind: str) -> tuple[str, str]:
    msgid = ATTACHMENT_KIND_LABELS.get(kind)
    if msgid is None:
        return kind, kind
    return translator("zh_CN").gettext(msgid), msgid


def _pdf_attachment(a: AttachmentRead) -> PdfAttachment:
    kind_zh, kind_en = _kind_labels(str(getattr(a.kind, "value", a.kind)))
    return PdfAttachment(name=a.original_name, kind_zh=kind_zh, kind_en=kind_en,
                         sha256=a.sha256, size=a.size, expires_on=a.expires_on)


def _attachments(db: Database, app_id: int, enterprise_id: int, *, enterprise_documents: bool,
                 frozen: Any = None) -> tuple[PdfAttachment, ...]:
    """See the module docstring: the application's own, then the enterprise's general ones
    (each group in the store's order: by kind, then when added). ``frozen``: the revision
    (``ApplicationRevisionRead``) whose moment of freezing counts."""
    rows = attachments.list_for(db, enterprise_id)
    if frozen is not None:  # as it was when the revision was frozen
        rows = [*rows, *attachments.list_for(db, enterprise_id, deleted=True)]
        alive = _alive_when_frozen(db, rows, frozen)
        rows = sorted((a for a in rows if a.id in alive),
                      key=lambda a: (str(a.kind), _aware(a.created_at), a.id))
    own = [a for a in rows if a.application_id == app_id]
    general = [a for a in rows if a.application_id is None] if enterprise_documents else []
    return tuple(_pdf_attachment(a) for a in (*own, *general))


def _alive_when_frozen(db: Database, rows: list[AttachmentRead], frozen: Any) -> set[int]:
    """The ids of the attachments among ``rows`` that existed, out of the recycle bin, when
    ``frozen`` was written: told by the order of the audit rows (create / delete / restore
    before the revision's own create row), which is exact where timestamps (whole seconds)
    tie. Without audit rows, by timestamps."""
    from sqlmodel import col, func, select

    from coop_desktop.models import AuditEntry

    with db.read() as session:
        mark = session.exec(select(func.min(AuditEntry.id)).where(
            AuditEntry.entity == applications.REVISION_ENTITY,
            AuditEntry.entity_id == frozen.id)).one()
        if mark is None:
            moment = _aware(frozen.created_at)
            return {a.id for a in rows if _aware(a.created_at) <= moment
                    and (a.deleted_at is None or _aware(a.deleted_at) > moment)}
        ids = [a.id for a in rows]
        events = session.exec(select(AuditEntry.entity_id, AuditEntry.action).where(
            AuditEntry.entity == attachments.ENTITY, col(AuditEntry.entity_id).in_(ids),
            col(AuditEntry.action).in_(("create", "delete", "restore")),
            col(AuditEntry.id) < mark).order_by(col(AuditEntry.id))).all()
    state: dict[int, bool] = {}
    for entity_id, action in events:
        state[entity_id] = action != "delete"
    return {i for i, alive in state.items() if alive}


def _zone_names(db: Database, zone_id: int | None) -> tuple[str | None, str | None]:
    if zone_id is None:
        return None, None
    try:
        zone = zones.get(db, zone_id)
    except NotFoundError:
        found = zones.list(db, deleted=True, id=zone_id)
        if not found:
            return None, None
        zone = found[0]
    return zone.name_zh, zone.name_en or zone.name_zh


def _country_names(code: str | None) -> tuple[str | None, str | None]:
    if not code:
        return None, None
    try:
        return countries.country_name(code, "zh_CN"), countries.country_name(code, "en")
    except KeyError:
        return code, code


def _keywords(*values: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))


# ---------------------------------------------------------------------------- adapter
def build_document(db: Database, app_id: int, *, revision: int | None = None,
                   settings: AppSettings | None = None, today: date | None = None,
                   enterprise_documents: bool = True) -> PdfDocument:
    """The :class:`PdfDocument` of application ``app_id``: its current text, or submitted
    revision ``revision`` exactly as frozen (see the module docstring).

    Raises NotFoundError for an unknown application or revision. ``settings`` (default:
    the saved settings) gives the organisation and officer of a current-text document.
    """
    app = applications.get(db, app_id)
    generated = today or date.today()
    frozen = {r.number: r for r in applications.revisions(db, app_id)}
    if revision is not None:
        return _from_snapshot(db, app, revision, generated, enterprise_documents)

    from coop_desktop.settings import AppSettings

    settings = settings if settings is not None else AppSettings.load()
    enterprise = enterprises.get(db, app.enterprise_id)
    infos = {i.key: i for i in applications.section_infos(db, app_id)}
    sections = tuple(
        PdfSection(s.key, infos[s.key].title_zh, infos[s.key].title_en, s.zh, s.en,
                   kind="declaration" if infos[s.key].kind == "declaration" else "text")
        for s in applications.sections(db, app_id))
    zone_zh, zone_en = _zone_names(db, app.zone_id)
    country_zh, country_en = _country_names(app.country)
    # Once submitted, the current text is the frozen text of the current revision.
    current = frozen.get(app.revision)
    submitted = _local_day(current.created_at) if current is not None else None
    return PdfDocument(
        title_zh=app.title_zh, title_en=app.title_en,
        applicant_zh=enterprise.name_zh,
        applicant_en=_english_name(enterprise.name_en, enterprise.name_pinyin, enterprise.name_zh),
        uscc=enterprise.uscc, zone_zh=zone_zh, zone_en=zone_en,
        country_zh=country_zh, country_en=country_en,
        organisation_zh=settings.organisation_zh.strip() or None,
        organisation_en=settings.organisation_en.strip() or None,
        officer=settings.officer_name.strip() or None,
        reference_no=app.reference_no, status=str(getattr(app.status, "value", app.status)),
        revision=app.revision, created=_local_day(app.created_at), submitted=submitted,
        deadline=app.deadline, sections=sections,
        attachments=_attachments(db, app_id, app.enterprise_id,
                                 enterprise_documents=enterprise_documents),
        app_version=__version__, generated_on=generated,
        keywords=_keywords(app.reference_no, enterprise.uscc, zone_zh, zone_en, country_en),
    )


def _from_snapshot(db: Database, app: Any, number: int, generated: date,
                   enterprise_documents: bool) -> PdfDocument:
    snap = applications.snapshot(db, app.id, number)
    meta = snap.get("application") or {}
    ent = snap.get("enterprise") or {}
    zone = snap.get("zone") or {}
    country = snap.get("country") or {}
    officer = snap.get("officer") or {}
    kinds = _template_kinds((snap.get("template") or {}).get("key"))
    sections = tuple(
        PdfSection(s["key"], s.get("title_zh") or s["key"], s.get("title_en") or s["key"],
                   s.get("zh") or "", s.get("en") or "",
                   kind="declaration" if (s.get("kind") or kinds.get(s["key"])) == "declaration"
                   else "text")
        for s in snap.get("sections", []))
    frozen_at = _aware(snap["frozen_at"])
    row = next((r for r in applications.revisions(db, app.id) if r.number == number), None)
    name_zh = ent.get("name_zh") or ""
    zone_zh = zone.get("name_zh")
    zone_en = zone.get("name_en") or zone_zh
    return PdfDocument(
        title_zh=meta.get("title_zh") or "", title_en=meta.get("title_en") or "",
        applicant_zh=name_zh,
        applicant_en=_english_name(ent.get("name_en"), ent.get("name_pinyin"), name_zh),
        uscc=ent.get("uscc") or "", zone_zh=zone_zh, zone_en=zone_en,
        country_zh=country.get("name_zh"), country_en=country.get("name_en"),
        organisation_zh=(officer.get("organisation_zh") or "").strip() or None,
        organisation_en=(officer.get("organisation_en") or "").strip() or None,
        officer=(officer.get("name") or "").strip() or None,
        reference_no=meta.get("reference_no"), status=snap.get("status") or "submitted",
        revision=int(meta.get("revision") or number), created=_local_day(app.created_at),
        submitted=_local_day(frozen_at), deadline=_date(meta.get("deadline")),
        sections=sections,
        attachments=_attachments(db, app.id, app.enterprise_id,
                                 enterprise_documents=enterprise_documents, frozen=row),
        app_version=__version__, generated_on=generated,
        keywords=_keywords(meta.get("reference_no"), ent.get("uscc"), zone_zh, zone_en,
                           country.get("name_en")),
    )


# ---------------------------------------------------------------------------- messages
def warning_text(warning: GlyphWarning, doc: PdfDocument, tr: Translator) -> str:
    """One glyph warning in the reader's language, naming the field (the section by its
    title) and the language: "Section “Company Profile” (Chinese): no font for U+E000"."""
    zh = tr.language.startswith("zh")
    field = warning.field
    titles = {s.key: (s.title_zh if zh else s.title_en) for s in doc.sections}
    place: str
    if field.startswith("section:"):
        key = field.removeprefix("section:")
        msgid = MSG_SECTION
        if key.endswith(".title"):
            key, msgid = key.removesuffix(".title"), MSG_SECTION_TITLE
        place = tr.gettext(msgid).format(title=titles.get(key, key))
    elif (m := _ATTACHMENT_FIELD.fullmatch(field)) is not None:
        msgid = MSG_ATTACHMENT_NAME if m.group(2) == "name" else MSG_ATTACHMENT_KIND
        place = tr.gettext(msgid).format(number=m.group(1))
    elif field in _PLACES:
        place = tr.gettext(_PLACES[field])
    else:
        place = field
    chars = ", ".join(warning.codepoints)
    if warning.language in _LANGUAGES:
        return tr.gettext(MSG_GLYPHS_LANG).format(
            place=place, language=tr.gettext(_LANGUAGES[warning.language]), chars=chars)
    return tr.gettext(MSG_GLYPHS).format(place=place, chars=chars)


def layout_label(layout: str, tr: Translator) -> str:
    return tr.gettext(LAYOUT_LABELS[layout]) if layout in LAYOUT_LABELS else layout


# ---------------------------------------------------------------------------- files
_UNSAFE = re.compile(r"[^\w.\-]+")


def _safe_part(text: str, limit: int = 60) -> str:
    """Letters and digits of any script, ``.``, ``_`` and ``-``; the rest becomes ``-``."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    text = _UNSAFE.sub("-", text).strip("-._")
    text = re.sub(r"-{2,}", "-", text)
    return text[:limit].rstrip("-._")


def filename_for(*, reference_no: str | None, app_id: int | None, applicant: str,
                 revision: int, layout: str) -> str:
    """``<reference or id>-<enterprise>-<layout>.pdf`` with only safe characters (letters
    and digits of any script, ``.``, ``_``, ``-``); a revision n > 1 adds ``-r<n>``."""
    first = _safe_part(reference_no or "") or (str(app_id) if app_id is not None else "")
    parts = [p for p in (first, _safe_part(applicant, 40),
                         f"r{revision}" if revision > 1 else "", _safe_part(layout)) if p]
    return "-".join(parts or ["dossier"]) + ".pdf"


def suggested_filename(doc: PdfDocument, layout: str, *, app_id: int | None = None,
                       language: str = "en") -> str:
    """:func:`filename_for` a document (the enterprise's name in the UI ``language``)."""
    name = doc.applicant_zh if language.startswith("zh") else doc.applicant_en
    return filename_for(reference_no=doc.reference_no, app_id=app_id,
                        applicant=name or doc.applicant_zh, revision=doc.revision, layout=layout)


@dataclass(frozen=True)
class ExportChoices:
    """What an export dialog offers for one application (read before it opens)."""

    app_id: int
    reference_no: str | None
    status: str
    revision: int
    applicant_zh: str
    applicant_en: str
    #: ``(number, day frozen)`` of the submitted revisions, oldest first.
    revisions: tuple[tuple[int, date | None], ...] = ()

    def filename(self, layout: str, revision: int | None, language: str) -> str:
        name = self.applicant_zh if language.startswith("zh") else self.applicant_en
        return filename_for(reference_no=self.reference_no, app_id=self.app_id,
                            applicant=name or self.applicant_zh,
                            revision=revision or self.revision, layout=layout)


def export_choices(db: Database, app_id: int) -> ExportChoices:
    app = applications.get(db, app_id)
    ent = enterprises.get(db, app.enterprise_id)
    return ExportChoices(
        app_id=app_id, reference_no=app.reference_no,
        status=str(getattr(app.status, "value", app.status)), revision=app.revision,
        applicant_zh=ent.name_zh,
        applicant_en=_english_name(ent.name_en, ent.name_pinyin, ent.name_zh),
        revisions=tuple((r.number, _local_day(r.created_at))
                        for r in applications.revisions(db, app_id)))


def write_atomically(target: str | os.PathLike[str],
                     write: Callable[[BinaryIO], Any]) -> Any:
    """Call ``write(stream)`` on a temporary file in the target's folder, then move it over
    ``target`` with ``os.replace``: a failure leaves no half file and never clobbers an
    existing good one. Returns what ``write`` returned.

    The file is readable by the user only (0600, as ``mkstemp`` makes it): a dossier holds
    personal data (names, phone numbers); sharing it is the user's decision, not a default.
    """
    path = Path(target)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise CoopError(MSG_IS_FOLDER, path=str(path))
    if not folder.is_dir():
        raise CoopError(MSG_NO_FOLDER, folder=str(folder))
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name[:40]}.", suffix=".part")
    except OSError as exc:
        raise CoopError(MSG_WRITE_FAILED, path=str(path), reason=exc.strerror or exc) from exc
    try:
        with os.fdopen(fd, "wb") as out:
            result = write(out)
            out.flush()
            os.fsync(out.fileno())
        fileio.make_private(Path(tmp_name))
        os.replace(tmp_name, path)
        fileio.fsync_dir(folder)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise CoopError(MSG_WRITE_FAILED, path=str(path), reason=exc.strerror or exc) from exc
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return result


@dataclass(frozen=True)
class ExportResult:
    """What :func:`export_pdf` wrote: the file, its page count and the glyph warnings."""

    path: Path
    pages: int
    layout: str
    pdfa: bool
    revision: int | None
    document: PdfDocument
    warnings: tuple[GlyphWarning, ...] = ()

    def warning_lines(self, tr: Translator) -> list[str]:
        return [warning_text(w, self.document, tr) for w in self.warnings]


def render_to(doc: PdfDocument, target: str | os.PathLike[str], *, layout: str = "parallel",
              pdfa: bool = False) -> RenderReport:
    """Render ``doc`` and write it atomically to ``target`` (see :func:`write_atomically`)."""
    if layout not in LAYOUTS:
        raise CoopError(MSG_BAD_LAYOUT, layout=layout, layouts=", ".join(LAYOUTS))

    def write(out: BinaryIO) -> RenderReport:
        try:
            return render_pdf(doc, out, layout=layout, pdfa=pdfa)  # type: ignore[arg-type]
        except (CoopError, OSError):
            raise
        except Exception as exc:  # a renderer bug: one clear line, nothing written
            raise CoopError(MSG_RENDER_FAILED, reason=f"{type(exc).__name__}: {exc}") from exc

    return write_atomically(target, write)


def export_pdf(db: Database, app_id: int, target: str | os.PathLike[str], *,
               layout: str = "parallel", pdfa: bool = False, revision: int | None = None,
               settings: AppSettings | None = None, today: date | None = None,
               enterprise_documents: bool = True) -> ExportResult:
    """Build (:func:`build_document`), render and atomically write the dossier PDF."""
    if layout not in LAYOUTS:
        raise CoopError(MSG_BAD_LAYOUT, layout=layout, layouts=", ".join(LAYOUTS))
    doc = build_document(db, app_id, revision=revision, settings=settings, today=today,
                         enterprise_documents=enterprise_documents)
    report = render_to(doc, target, layout=layout, pdfa=pdfa)
    return ExportResult(Path(target), report.pages, layout, pdfa, revision, doc,
                        tuple(report.warnings))
