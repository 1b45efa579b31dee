"""Bilingual (Chinese/English) PDF dossiers with reportlab: a pure renderer, no Qt.

``render_pdf(doc, out, layout=..., style=...)`` turns a :class:`PdfDocument` into a PDF and returns a
:class:`RenderReport` (page count, table of contents, glyph warnings).
"""

from __future__ import annotations

from coop_desktop.documents.pdf.escape import GlyphWarning
from coop_desktop.documents.pdf.model import PdfAttachment, PdfDocument, PdfSection
from coop_desktop.documents.pdf.render import LAYOUTS, STYLE_NAMES, RenderReport, render_pdf

__all__ = [
    "LAYOUTS",
    "GlyphWarning",
    "PdfAttachment",
    "PdfDocument",
    "PdfSection",
    "RenderReport",
    "STYLE_NAMES",
    "render_pdf",
]
