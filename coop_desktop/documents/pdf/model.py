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

__all__ = ["PdfAttachment", "PdfDocument", "PdfSection", "SectionKind"]

SectionKind = Literal["text", "declaration"]


@dataclass(frozen=True)
class PdfSection:
    """One section, both languages. ``kind="declaration"``: the signed statement, followed
    by the seal / signature / date block (at most one per document; the last one wins)."""

    key: str
    title_zh: str
    title_en: str
    zh: str
    en: str
    kind: SectionKind = "text"

    @property
    def is_declaration(self) -> bool:
        return self.kind == "declaration"


@dataclass(frozen=True)
class PdfAttachment:
    """One row of the attachments list; ``size`` in bytes, ``sha256`` as 64 hex digits."""

    name: str
    kind_zh: str
    kind_en: str
    sha256: str
    size: int
    expires_on: date | None = None


@dataclass(frozen=True)
class PdfDocument:
    """A whole dossier. ``status`` is an ``ApplicationStatus`` value (``"draft"``...); a value
    the renderer does not know is printed as given. Dates are printed in each language's
    own format (zh ``2026年3月15日``, en ``15 March 2026``)."""

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

    @property
    def declaration(self) -> PdfSection | None:
        found = [s for s in self.sections if s.is_declaration]
        return found[-1] if found else None
