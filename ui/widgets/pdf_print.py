"""Print the dossier PDF: ``QPrintDialog``, then every page rendered by
``QPdfDocument.render`` at the printer's resolution (at most :data:`MAX_PRINT_DPI`) and drawn
on the ``QPrinter`` (:func:`print_pdf`; also used by the preview and the list printout).

The printout's PDF lives in a private temporary folder, removed when done.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog, QWidget

from coop_desktop.errors import CoopError
from coop_desktop.i18n.catalog import N_
from coop_desktop.services.documents import ExportResult
from ui.context import AppContext
from ui.widgets.pdf_jobs import HAVE_QTPDF, MSG_LOAD_FAILED, keep, no_qtpdf, release, render_job

#: Pages are rasterised for printing at the printer's resolution, but at most this.
MAX_PRINT_DPI = 600


def exec_print_dialog(dialog: QDialog) -> bool:
    """Show the print dialog modally; True when the user chose to print (tests replace it,
    as ``ui.widgets.pdf_export.exec_print_dialog``)."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def _exec_print_dialog(dialog: QDialog) -> bool:
    from ui.widgets import pdf_export  # the name tests (and the list printout) replace

    return bool(pdf_export.exec_print_dialog(dialog))


def print_document(pdf: Any, printer: Any, *, first: int = 1, last: int = 0,
                   max_dpi: int = MAX_PRINT_DPI,
                   progress: Callable[[int, int], bool] | None = None) -> int:
    """Draw pages ``first``..``last`` (1-based; 0 = the last page) of the loaded
    ``QPdfDocument`` on ``printer``, each rendered at the printer's resolution (at most
    ``max_dpi``) and scaled to the paper, centred. ``progress(done, total)`` is called
    before each page; returning False stops (the pages so far are printed). Returns the
    number of pages printed."""
    count = pdf.pageCount()
    last = count if last <= 0 else min(last, count)
    first = max(1, first)
    if count == 0 or first > last:
        return 0
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise CoopError(N_("The printer could not be started."))
    printed = 0
    try:
        dpi = min(printer.resolution(), max_dpi)
        for number in range(first, last + 1):
            if progress is not None and not progress(printed, last - first + 1):
                break
            if printed:
                printer.newPage()
            page = pdf.pagePointSize(number - 1)  # points: 1/72 inch
            size = QSize(max(1, round(page.width() / 72 * dpi)),
                         max(1, round(page.height() / 72 * dpi)))
            image = pdf.render(number - 1, size)
            if image.format() != QImage.Format.Format_ARGB32_Premultiplied:
                image = image.convertToFormat(QImage.Format.Format_RGB32)
            area = painter.viewport()
            scaled = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            origin = QPoint(area.x() + (area.width() - scaled.width()) // 2,
                            area.y() + (area.height() - scaled.height()) // 2)
            painter.drawImage(QRect(origin, scaled), image)
            printed += 1
    finally:
        painter.end()
    return printed


class PdfPrint(QObject):
    """One run of :func:`print_pdf`: ``printed(pages)`` when the pages went to the printer."""

    printed = Signal(int)

    def __init__(self, ctx: AppContext, app_id: int, parent: QWidget | None, *,
                 layout: str = "parallel", revision: int | None = None,
                 printer: Any = None, style: str | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.app_id, self.parent_widget = ctx, app_id, parent
        self.layout, self.revision, self.style = layout, revision, style
        self.printer = printer
        self.pages = 0
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._pdf: Any = None

    def start(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="coop-desktop-print-")
        target = Path(self._tmp.name) / "print.pdf"
        render_job(self.ctx, self.app_id, self.revision, self.layout, False, target,
                   self._rendered, self.parent_widget, self.ctx.tr.gettext("Making the PDF…"),
                   self._failed, style=self.style)

    def _failed(self, exc: BaseException) -> None:
        from ui.tasks import Cancelled, show_error

        self._finish()
        if not isinstance(exc, Cancelled):
            show_error(self.parent_widget, self.ctx.tr, exc)

    def _rendered(self, result: ExportResult) -> None:
        from PySide6.QtPdf import QPdfDocument

        self._pdf = QPdfDocument(self)
        if self._pdf.load(str(result.path)) != QPdfDocument.Error.None_:
            self._failed(CoopError(MSG_LOAD_FAILED))
            return
        self.print_loaded(self._pdf)
        self._finish()

    def print_loaded(self, pdf: Any) -> int:
        """Ask for the printer (``QPrintDialog``), then print the pages of ``pdf``."""
        from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter

        from ui.tasks import show_error

        printer = self.printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer = printer
        dialog = QPrintDialog(printer, self.parent_widget)
        dialog.setWindowTitle(self.ctx.tr.gettext("Print"))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setMinMax(1, max(1, pdf.pageCount()))
        dialog.setFromTo(1, max(1, pdf.pageCount()))
        if not _exec_print_dialog(dialog):
            return 0
        first, last = printer.fromPage(), printer.toPage()
        if first == 0:
            first, last = 1, 0
        bar = QProgressDialog(self.ctx.tr.gettext("Printing…"), self.ctx.tr.gettext("Cancel"),
                              0, 0, self.parent_widget)
        bar.setWindowModality(Qt.WindowModality.WindowModal)
        bar.setMinimumDuration(500)

        def step(done: int, total: int) -> bool:
            bar.setMaximum(total)
            bar.setValue(done)
            QApplication.processEvents()
            return not bar.wasCanceled()

        try:
            self.pages = print_document(pdf, printer, first=first, last=last, progress=step)
        except CoopError as exc:
            show_error(self.parent_widget, self.ctx.tr, exc)
            return 0
        finally:
            bar.close()
            bar.deleteLater()
        self.printed.emit(self.pages)
        return self.pages

    def _finish(self) -> None:
        release(self)
        if self._pdf is not None:
            self._pdf.close()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def print_pdf(ctx: AppContext, app_id: int, parent: QWidget | None = None, *,
              layout: str = "parallel", revision: int | None = None,
              printer: Any = None, style: str | None = None) -> PdfPrint:
    """Print application ``app_id``: render its PDF in the background, then the print dialog.
    ``printer``: a prepared ``QPrinter`` (tests print to a PDF file with it); ``style``: the
    print style (default: the one last chosen, else the layout's)."""
    job = PdfPrint(ctx, app_id, parent, layout=layout, revision=revision, printer=printer,
                   style=style)
    if not HAVE_QTPDF:  # pragma: no cover
        no_qtpdf(ctx, parent)
        return job
    keep(job)
    job.start()
    return job
