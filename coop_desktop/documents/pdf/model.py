"""What a bilingual PDF shows: plain, frozen data, independent of the database and of Qt.

A later adapter (``build_document(db, app_id)``) fills these from the read models
(``ApplicationRead``, ``section_infos``, ``AttachmentRead``...); the renderer
(:func:`coop_desktop.documents.pdf.render.render_pdf`) is a pure function of them.

Every text field is user or database text: it is escaped by the renderer, never taken as
markup. In ``zh``/``en`` a newline starts a new paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

__all__ = ["EmptyRule", "PdfAttachment", "PdfDocument", "PdfSection", "SectionKind"]

SectionKind = Literal["text", "declaration"]
EmptyRule = Literal["omit", "none"]


@dataclass(frozen=True)
class PdfSection:
    """One section, both languages. ``kind="declaration"``: the signed statement, followed
    by the seal / signature / date block (at most one per document; the last one wins).

    ``level``: 1 = a main heading (一、), 2 = a sub-heading (（一）) under the last level-1.
    ``empty``: what to print when both texts are empty (blank or whitespace): ``"omit"``
    leaves the section (and its TOC entry and bookmark) out, ``"none"`` prints it with
    "无" / "None". A section keyed ``"cover"`` is never printed as a body section (the
    renderer prints the real cover from the document fields).
    """

    key: str
    title_zh: str
    title_en: str
    zh: str
    en: str
    kind: SectionKind = "text"
    level: int = 1
    empty: EmptyRule = "omit"

    @property
    def is_declaration(self) -> bool:
        return self.kind == "declaration"


@dataclass(frozen=True)
class PdfAttachment:
    """One row of the annex list. ``title_zh``/``title_en``: the title the user gave (printed;
    when both are empty the renderer falls back to the kind, never to the file name).
    ``pages``: the attachment's page count when known (PDFs), else ``None`` (the size is
    printed instead). ``name`` (the file name) and ``sha256`` are not printed in the body;
    they stay for the dossier manifest. ``size`` in bytes, ``sha256`` as 64 hex digits."""

    name: str
    kind_zh: str
    kind_en: str
    sha256: str
    size: int
    expires_on: date | None = None
    title_zh: str = ""
    title_en: str = ""
    pages: int | None = None


@dataclass(frozen=True)
class PdfDocument:
    """A whole dossier. Dates are printed in each language's own format (zh ``2026年3月15日``,
    en ``15 March 2026``).

    Printed on the cover: applicant, USCC, zone and country, ``contact_name`` /
    ``contact_phone``, ``application_date`` (the date of the application: the submission date
    of a submitted revision, else the export date; ``None``: the date line is left blank to
    be filled in by hand) and ``reference_no``. ``draft=True`` puts a diagonal 草稿 / DRAFT
    watermark on every page. ``status``, ``revision``, ``created``, ``submitted``,
    ``deadline``, ``officer``, ``app_version`` and ``generated_on`` are internal: kept for
    metadata and callers, never printed on the page (the PDF metadata keeps the producer).
    """

    title_zh: str
    title_en: str
    applicant_zh: str
    applicant_en: str
    uscc: str
    zone_zh: str | None = None
    zone_en: str | None = None
    country_zh: str | None = None
    country_en: str | None = None
    organisation_zh: str | None = None
    organisation_en: str | None = None
    officer: str | None = None
    reference_no: str | None = None
    status: str = "draft"
    revision: int = 1
    created: date | None = None
    submitted: date | None = None
    deadline: date | None = None
    sections: tuple[PdfSection, ...] = ()
    attachments: tuple[PdfAttachment, ...] = ()
    app_version: str = ""
    generated_on: date = date(2000, 1, 1)
    keywords: tuple[str, ...] = ()
    contact_name: str | None = None
    contact_phone: str | None = None
    application_date: date | None = None
    draft: bool = False

    @property
    def declaration(self) -> PdfSection | None:
        found = [s for s in self.sections if s.is_declaration]
        return found[-1] if found else None
