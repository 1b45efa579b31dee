"""The dossier PDF of an application: records → :class:`PdfDocument` → file.

:func:`build_document` is the adapter between the services and the pure renderer
(:mod:`coop_desktop.documents.pdf`, which imports no service). :func:`export_pdf` builds,
checks (:mod:`~coop_desktop.services.document_errors`), renders and writes the file
atomically; the CLI (``coop-desktop pdf``) and the UI (``ui/widgets/pdf_export.py``) both go
through it.

What goes into the document
---------------------------
* **Text.** ``revision=None``: the current text of every section (``sections``), titled and
  typed from the template (``section_infos``: titles, ``kind="declaration"`` for the signed
  statement, after which the PDF puts the seal block, the ``level`` of its heading and what
  to print when it is ``empty``). ``revision=N``: the frozen snapshot of submitted revision N
  *as it was stored*: its sections, titles, kinds, application title, reference number,
  deadline, enterprise, zone, country names and officer (levels and empty rules, which
  snapshots do not keep, from the template) — nothing else is read from the live records
  but the application's creation date, the enterprise's contact person and the attachments.
  Sections the template has retired (the old "封面 / Cover" section) are kept in the
  documents made from it but never printed: the renderer prints the real cover.
* **Annexes.** See :mod:`coop_desktop.services.document_attachments` (which files, their
  titles, page counts). When files are attached, they are the one annex list: the template's
  starter list of annexes (``kind = "annexes"``), if still as the template wrote it, is left
  out; a list the user wrote themselves is printed.
* **Names.** Zone and country in each language (a zone without an English name shows its
  Chinese one on the English side; an enterprise without an English name, its pinyin).
* **People and dates.** Contact person and phone: the enterprise's primary contact (the
  first on its contact list that has a phone number, else the first). The date of the
  application (``application_date``, printed): the day the revision was submitted for a
  submitted revision (also the current text of a submitted application), else the export
  day ``today`` — never the creation or last-change date. ``draft``: the application is a
  draft (the print gets a 草稿 / DRAFT watermark). Organisation and officer from the settings
  (current text) or the snapshot (revision); they and the status, revision and creation
  date stay internal (metadata), the renderer does not print them.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from coop_desktop import __version__, fileio
from coop_desktop.db import Database
from coop_desktop.documents.pdf import (
    LAYOUTS,
    GlyphWarning,
    PdfDocument,
    PdfSection,
    RenderReport,
    render_pdf,
)
from coop_desktop.documents.templates import Template, TemplateError, get_template
from coop_desktop.errors import CoopError, NotFoundError
from coop_desktop.i18n.catalog import N_
from coop_desktop.reference import countries
from coop_desktop.services import applications, enterprises
from coop_desktop.services.catalog import zones
from coop_desktop.services.document_attachments import dossier_attachments
from coop_desktop.services.document_errors import OpenError, OpenErrorsError, find_open_errors
from coop_desktop.services.document_names import filename_for, pdf_filename
from coop_desktop.services.placeholder_context import primary_contact

if TYPE_CHECKING:
    from coop_desktop.i18n.catalog import Translator
    from coop_desktop.settings import AppSettings

__all__ = [
    "LAYOUTS",
    "LAYOUT_LABELS",
    "STYLES",
    "STYLE_LABELS",
    "ExportChoices",
    "ExportResult",
    "OpenErrorsError",
    "Prepared",
    "build_document",
    "default_style",
    "export_choices",
    "export_pdf",
    "filename_for",
    "prepare",
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
#: The print styles, the default first.
STYLES: tuple[str, ...] = ("official", "modern")
#: Short names of the print styles (msgids).
STYLE_LABELS: dict[str, str] = {
    "official": N_("Official"),
    "modern": N_("Modern"),
}
#: One line on each print style (msgids).
STYLE_DESCRIPTIONS: dict[str, str] = {
    "official": N_("The layout Chinese government reviewers expect: Song typeface, headings "
                   "numbered the Chinese way, page numbers in the official form."),
    "modern": N_("A plain report look: sans-serif type, numbered headings."),
}

MSG_BAD_LAYOUT = N_("Unknown layout “{layout}”; use one of: {layouts}.")
MSG_BAD_STYLE = N_("Unknown print style “{style}”; use one of: {styles}.")
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


def default_style(layout: str) -> str:
    """The print style a layout gets unless one is chosen: official (GB/T 9704 conventions)
    for everything with Chinese in it, modern for English only."""
    return "modern" if layout == "en" else "official"


def chosen_style(layout: str, saved: str | None) -> str:
    """``saved`` (the style last chosen, from the settings) if it is a style, else the
    layout's default."""
    return saved if saved in STYLES else default_style(layout)


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


def _template(key: str | None) -> Template | None:
    if not key:
        return None
    try:
        return get_template(key)
    except TemplateError:
        return None


def _spec(template: Template | None, key: str) -> Any:
    if template is None:
        return None
    try:
        return template.section(key)
    except KeyError:
        return None


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


def _contact(db: Database, enterprise_id: int) -> tuple[str | None, str | None]:
    """``(name, phone)`` of the enterprise's primary contact (``placeholder_context.
    primary_contact``: the first with a phone number, else the first)."""
    chosen = primary_contact(db, enterprise_id)
    if chosen is None:
        return None, None
    return (chosen.name or "").strip() or None, (chosen.phone or "").strip() or None


def _flat(text: str) -> str:
    return " ".join(text.split())


def _starter_annexes(spec: Any, zh: str, en: str) -> bool:
    """The template's list of annexes, as the template wrote it (see the module docstring)."""
    return (spec is not None and spec.kind == "annexes" and _flat(zh) == _flat(spec.zh)
            and _flat(en) == _flat(spec.en))


def _pdf_section(key: str, title_zh: str, title_en: str, zh: str, en: str, kind: str | None,
                 spec: Any) -> PdfSection:
    return PdfSection(key, title_zh, title_en, zh, en,
                      kind="declaration" if kind == "declaration" else "text",
                      level=spec.level if spec is not None else 1,
                      empty=spec.empty if spec is not None else "omit")


# ---------------------------------------------------------------------------- adapter
@dataclass(frozen=True)
class Prepared:
    """A built document and what its checks need: the keys of its required sections."""

    document: PdfDocument
    required: frozenset[str] = frozenset()

    def open_errors(self, layout: str = "parallel") -> tuple[OpenError, ...]:
        """What would print unfinished in ``layout`` (:mod:`~.document_errors`)."""
        return find_open_errors(self.document.sections, self.required, layout=layout)


def build_document(db: Database, app_id: int, *, revision: int | None = None,
                   settings: AppSettings | None = None, today: date | None = None,
                   enterprise_documents: bool = True) -> PdfDocument:
    """The :class:`PdfDocument` of application ``app_id``: its current text, or submitted
    revision ``revision`` exactly as frozen (see the module docstring).

    Raises NotFoundError for an unknown application or revision. ``settings`` (default:
    the saved settings) gives the organisation and officer of a current-text document.
    """
    return prepare(db, app_id, revision=revision, settings=settings, today=today,
                   enterprise_documents=enterprise_documents).document


def prepare(db: Database, app_id: int, *, revision: int | None = None,
            settings: AppSettings | None = None, today: date | None = None,
            enterprise_documents: bool = True) -> Prepared:
    """:func:`build_document`, with the required sections for :meth:`Prepared.open_errors`."""
    app = applications.get(db, app_id)
    generated = today or date.today()
    frozen = {r.number: r for r in applications.revisions(db, app_id)}
    if revision is not None:
        return _from_snapshot(db, app, revision, generated, enterprise_documents)

    from coop_desktop.settings import AppSettings

    settings = settings if settings is not None else AppSettings.load()
    enterprise = enterprises.get(db, app.enterprise_id)
    infos = {i.key: i for i in applications.section_infos(db, app_id)}
    template = _template(app.template_key)
    attached = dossier_attachments(db, app_id, app.enterprise_id,
                                   enterprise_documents=enterprise_documents)
    sections = []
    for s in applications.sections(db, app_id):
        info, spec = infos[s.key], _spec(template, s.key)
        if not info.printed or (attached and _starter_annexes(spec, s.zh, s.en)):
            continue
        sections.append(_pdf_section(s.key, info.title_zh, info.title_en, s.zh, s.en,
                                     info.kind, spec))
    zone_zh, zone_en = _zone_names(db, app.zone_id)
    country_zh, country_en = _country_names(app.country)
    # Once submitted, the current text is the frozen text of the current revision.
    current = frozen.get(app.revision)
    submitted = _local_day(current.created_at) if current is not None else None
    contact_name, contact_phone = _contact(db, app.enterprise_id)
    status = str(getattr(app.status, "value", app.status))
    doc = PdfDocument(
        title_zh=app.title_zh, title_en=app.title_en,
        applicant_zh=enterprise.name_zh,
        applicant_en=_english_name(enterprise.name_en, enterprise.name_pinyin, enterprise.name_zh),
        uscc=enterprise.uscc, zone_zh=zone_zh, zone_en=zone_en,
        country_zh=country_zh, country_en=country_en,
        organisation_zh=settings.organisation_zh.strip() or None,
        organisation_en=settings.organisation_en.strip() or None,
        officer=settings.officer_name.strip() or None,
        reference_no=app.reference_no, status=status,
        revision=app.revision, created=_local_day(app.created_at), submitted=submitted,
        deadline=app.deadline, sections=tuple(sections), attachments=attached,
        app_version=__version__, generated_on=generated,
        keywords=_keywords(app.reference_no, enterprise.uscc, zone_zh, zone_en, country_en),
        contact_name=contact_name, contact_phone=contact_phone,
        application_date=submitted or generated, draft=status == "draft",
    )
    required = frozenset(k for k, i in infos.items() if i.required and i.printed)
    return Prepared(doc, required)


def _from_snapshot(db: Database, app: Any, number: int, generated: date,
                   enterprise_documents: bool) -> Prepared:
    snap = applications.snapshot(db, app.id, number)
    meta = snap.get("application") or {}
    ent = snap.get("enterprise") or {}
    zone = snap.get("zone") or {}
    country = snap.get("country") or {}
    officer = snap.get("officer") or {}
    template = _template((snap.get("template") or {}).get("key"))
    row = next((r for r in applications.revisions(db, app.id) if r.number == number), None)
    attached = dossier_attachments(db, app.id, app.enterprise_id,
                                   enterprise_documents=enterprise_documents, frozen=row)
    sections, required = [], set()
    for s in snap.get("sections", []):
        spec = _spec(template, s["key"])
        zh, en = s.get("zh") or "", s.get("en") or ""
        if (spec is not None and not spec.printed) or (
                attached and _starter_annexes(spec, zh, en)):
            continue
        kind = s.get("kind") or (spec.kind if spec is not None else None)
        sections.append(_pdf_section(s["key"], s.get("title_zh") or s["key"],
                                     s.get("title_en") or s["key"], zh, en, kind, spec))
        if s.get("required", spec.required if spec is not None else True):
            required.add(s["key"])
    frozen_at = _aware(snap["frozen_at"])
    name_zh = ent.get("name_zh") or ""
    zone_zh = zone.get("name_zh")
    zone_en = zone.get("name_en") or zone_zh
    contact_name, contact_phone = _contact(db, app.enterprise_id)
    doc = PdfDocument(
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
        sections=tuple(sections), attachments=attached,
        app_version=__version__, generated_on=generated,
        keywords=_keywords(meta.get("reference_no"), ent.get("uscc"), zone_zh, zone_en,
                           country.get("name_en")),
        contact_name=contact_name, contact_phone=contact_phone,
        application_date=_local_day(frozen_at), draft=False,
    )
    return Prepared(doc, frozenset(required))


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
def suggested_filename(doc: PdfDocument, layout: str, *, language: str = "en",
                       tr: Translator | None = None) -> str:
    """The file name suggested for ``doc`` exported in ``layout``, for a UI in ``language``
    (:func:`~coop_desktop.services.document_names.pdf_filename`): ``申请单位-文书类型-
    日期.pdf``, dated as printed."""
    return pdf_filename(applicant_zh=doc.applicant_zh, applicant_en=doc.applicant_en,
                        title_zh=doc.title_zh, title_en=doc.title_en,
                        day=doc.application_date or doc.generated_on, layout=layout,
                        language=language, tr=tr)


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
    title_zh: str = ""
    title_en: str = ""
    #: The day the choices were read (the date of a document not submitted).
    today: date = field(default_factory=date.today)

    def day(self, revision: int | None) -> date:
        """The date the document prints: the day ``revision`` (or, for the current text,
        the current revision) was submitted, else today."""
        frozen = dict(self.revisions)
        return frozen.get(revision if revision is not None else self.revision) or self.today

    def filename(self, layout: str, revision: int | None, language: str,
                 tr: Translator | None = None) -> str:
        return pdf_filename(applicant_zh=self.applicant_zh, applicant_en=self.applicant_en,
                            title_zh=self.title_zh, title_en=self.title_en,
                            day=self.day(revision), layout=layout, language=language, tr=tr)


def export_choices(db: Database, app_id: int, *, today: date | None = None) -> ExportChoices:
    app = applications.get(db, app_id)
    ent = enterprises.get(db, app.enterprise_id)
    return ExportChoices(
        app_id=app_id, reference_no=app.reference_no,
        status=str(getattr(app.status, "value", app.status)), revision=app.revision,
        applicant_zh=ent.name_zh,
        applicant_en=_english_name(ent.name_en, ent.name_pinyin, ent.name_zh),
        revisions=tuple((r.number, _local_day(r.created_at))
                        for r in applications.revisions(db, app_id)),
        title_zh=app.title_zh, title_en=app.title_en, today=today or date.today())


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
    """What :func:`export_pdf` wrote: the file, its page count and the glyph warnings;
    ``open_errors``: what printed unfinished (exported with ``force``)."""

    path: Path
    pages: int
    layout: str
    pdfa: bool
    revision: int | None
    document: PdfDocument
    warnings: tuple[GlyphWarning, ...] = ()
    style: str = "official"
    open_errors: tuple[OpenError, ...] = ()

    def warning_lines(self, tr: Translator) -> list[str]:
        return [warning_text(w, self.document, tr) for w in self.warnings]


def check_style(style: str) -> None:
    if style not in STYLES:
        raise CoopError(MSG_BAD_STYLE, style=style, styles=", ".join(STYLES))


def render_to(doc: PdfDocument, target: str | os.PathLike[str], *, layout: str = "parallel",
              pdfa: bool = False, style: str | None = None,
              force_cover: bool | None = None) -> RenderReport:
    """Render ``doc`` and write it atomically to ``target`` (see :func:`write_atomically`).
    ``style``: "official" or "modern" (default: :func:`default_style` of the layout);
    ``force_cover``: True prints the cover and contents even on a short document."""
    if layout not in LAYOUTS:
        raise CoopError(MSG_BAD_LAYOUT, layout=layout, layouts=", ".join(LAYOUTS))
    style = style or default_style(layout)
    check_style(style)
    def write(out: BinaryIO) -> RenderReport:
        try:
            return render_pdf(doc, out, layout=layout, style=style,  # type: ignore[arg-type]
                              pdfa=pdfa, force_cover=force_cover)
        except (CoopError, OSError):
            raise
        except Exception as exc:  # a renderer bug: one clear line, nothing written
            raise CoopError(MSG_RENDER_FAILED, reason=f"{type(exc).__name__}: {exc}") from exc

    return write_atomically(target, write)


def export_pdf(db: Database, app_id: int, target: str | os.PathLike[str], *,
               layout: str = "parallel", pdfa: bool = False, revision: int | None = None,
               settings: AppSettings | None = None, today: date | None = None,
               enterprise_documents: bool = True, style: str | None = None,
               force_cover: bool | None = None, force: bool = False) -> ExportResult:
    """Build (:func:`prepare`), check, render and atomically write the dossier PDF.

    A document with open errors (unfilled placeholders, 【待填写】 gaps, empty required
    sections; see :mod:`~coop_desktop.services.document_errors`) is refused with
    :class:`OpenErrorsError` naming them, and nothing is written, unless ``force``.
    """
    if layout not in LAYOUTS:
        raise CoopError(MSG_BAD_LAYOUT, layout=layout, layouts=", ".join(LAYOUTS))
    style = style or default_style(layout)
    check_style(style)
    prepared = prepare(db, app_id, revision=revision, settings=settings, today=today,
                       enterprise_documents=enterprise_documents)
    errors = prepared.open_errors(layout)
    if errors and not force:
        raise OpenErrorsError(errors)
    report = render_to(prepared.document, target, layout=layout, pdfa=pdfa, style=style,
                       force_cover=force_cover)
    return ExportResult(Path(target), report.pages, layout, pdfa, revision, prepared.document,
                        tuple(report.warnings), style, errors)
