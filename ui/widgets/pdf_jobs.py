"""What the dossier's export, preview and print share: the background render, the running
jobs, the QtPdf check and a few messages (see :mod:`ui.widgets.pdf_export`).

The document is built on the database lane and rendered and written on the I/O lane
(``ctx.runner``), never on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from coop_desktop.documents.pdf import PdfDocument
from coop_desktop.errors import CoopError
from coop_desktop.i18n.catalog import N_
from coop_desktop.services import documents
from coop_desktop.services.documents import ExportResult, Prepared
from ui.context import AppContext

try:  # QtPdf is in the small PySide6_Pdf wheel (a dependency); degrade if it is missing.
    from PySide6.QtPdf import QPdfDocument  # noqa: F401 - re-exported for the views
    from PySide6.QtPdfWidgets import QPdfView  # noqa: F401

    HAVE_QTPDF = True
except ImportError:  # pragma: no cover - only without the PySide6_Pdf wheel
    HAVE_QTPDF = False

MSG_NO_QTPDF = N_("Print preview and printing need the Qt PDF module (the PySide6_Pdf "
                  "package), which is not installed. Export the PDF and open it in a PDF "
                  "viewer instead.")
MSG_LOAD_FAILED = N_("The PDF could not be opened for display.")

#: The running export/preview/print jobs: a caller may drop what it was given (or pass no
#: parent), and a job must live until its dialog is closed or its work is done.
ACTIVE: set[QObject] = set()


def keep(job: QObject) -> None:
    ACTIVE.add(job)


def release(job: QObject) -> None:
    ACTIVE.discard(job)


def no_qtpdf(ctx: AppContext, parent: QWidget | None) -> None:
    from ui.tasks import show_error

    show_error(parent, ctx.tr, CoopError(MSG_NO_QTPDF))


def style_for(ctx: AppContext, layout: str) -> str:
    """The print style an export, preview or printout in ``layout`` uses unless one is
    chosen: the one last chosen (the settings), else the layout's default."""
    return documents.chosen_style(layout, getattr(ctx.settings, "pdf_style", ""))


def prepare_job(ctx: AppContext, app_id: int, revision: int | None,
                on_done: Callable[[Prepared], None], parent: QWidget | None, label: str,
                on_failure: Any = None) -> None:
    """Build the document (and what its checks need) on the DB lane; ``on_done(prepared)``."""
    settings = ctx.settings

    def build() -> Prepared:
        return documents.prepare(ctx.db, app_id, revision=revision, settings=settings)

    ctx.runner.run(build, on_success=on_done, on_failure=on_failure, parent=parent,
                   label=label)


def render_prepared(ctx: AppContext, prepared: Prepared, revision: int | None, layout: str,
                    pdfa: bool, target: Path, on_done: Any, parent: QWidget | None, label: str,
                    on_failure: Any = None, *, style: str | None = None,
                    force_cover: bool | None = None) -> None:
    """Render and write a built document on the I/O lane; ``on_done(ExportResult)``."""
    doc: PdfDocument = prepared.document
    style = style or style_for(ctx, layout)
    errors = prepared.open_errors(layout)

    def render() -> ExportResult:
        report = documents.render_to(doc, target, layout=layout, pdfa=pdfa, style=style,
                                     force_cover=force_cover)
        return ExportResult(target, report.pages, layout, pdfa, revision, doc,
                            tuple(report.warnings), style, errors)

    ctx.runner.run(render, on_success=on_done, on_failure=on_failure, parent=parent,
                   label=label, lane="io")


def render_job(ctx: AppContext, app_id: int, revision: int | None, layout: str, pdfa: bool,
               target: Path, on_done: Any, parent: QWidget | None, label: str,
               on_failure: Any = None, *, style: str | None = None,
               force_cover: bool | None = None) -> None:
    """Build on the DB lane, then render and write on the I/O lane; ``on_done(result)``."""

    def built(prepared: Prepared) -> None:
        render_prepared(ctx, prepared, revision, layout, pdfa, target, on_done, parent, label,
                        on_failure, style=style, force_cover=force_cover)

    prepare_job(ctx, app_id, revision, built, parent, label, on_failure)


def warnings_text(ctx: AppContext, result: ExportResult) -> str:
    """The glyph warnings, one per line, in the UI language ("" when none)."""
    return "\n".join(f"• {line}" for line in result.warning_lines(ctx.tr))
