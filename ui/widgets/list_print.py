"""File ▸ Print list… and Print preview of the list: the list on screen as a clean table.

The PDF is made on the I/O lane by :func:`coop_desktop.exchange.export_pdf.render_listing`
(A4 landscape, fonts embedded, page numbers, the filter in the header) into a private
temporary folder that is removed when the dialog closes or the printout is done.
:func:`preview_list` shows it in :class:`ListPreviewDialog` (QtPdf, with "Print…");
:func:`print_list` goes straight to the print dialog. Pages reach the printer as images at
its resolution (:func:`ui.widgets.pdf_export.print_document`, shared with the dossier), on
landscape paper.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication, QDialog, QHBoxLayout, QLabel, QProgressDialog, QPushButton, QVBoxLayout,
    QWidget,
)

from coop_desktop.errors import CoopError
from coop_desktop.exchange import export as ex
from coop_desktop.exchange.export_pdf import PrintReport, render_listing
from ui.context import AppContext
from ui.widgets import pdf_export
from ui.widgets.list_export import ListSource

_ACTIVE: set[QObject] = set()


def _render(ctx: AppContext, source: ListSource, target: Path, on_done: Any, on_failure: Any,
            parent: QWidget | None) -> None:
    """Make the printout's PDF at ``target`` in the background; ``on_done(PrintReport)``."""
    db, tr = ctx.db, ctx.tr

    def job() -> Any:
        listing = ex.listing_for(db, source.kind, query=source.query, ids=source.ids,
                                 columns=source.visible, language=tr.language)
        return render_listing(listing, target, tr, filters=source.filters, sort=source.sort)

    ctx.runner.run(job, on_success=on_done, on_failure=on_failure, parent=parent,
                   label=tr.gettext("Preparing the printout…"), lane="io")


def _landscape_printer(printer: Any) -> Any:
    from PySide6.QtGui import QPageLayout
    from PySide6.QtPrintSupport import QPrinter

    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    return printer


class ListPreviewDialog(QDialog):
    """The printout's pages in a ``QPdfView``, with zoom, "Print…" and "Close"."""

    def __init__(self, ctx: AppContext, source: ListSource, parent: QWidget | None = None
                 ) -> None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        super().__init__(parent)
        self.ctx, self.source = ctx, source
        self.setObjectName("listPreviewDialog")
        self.resize(1100, 760)
        self._tmp = tempfile.TemporaryDirectory(prefix="coop-desktop-list-")
        self.report: PrintReport | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.fit_width, self.fit_page = QPushButton(), QPushButton()
        self.pages_label = QLabel(objectName="pagesLabel")
        self.print_button = QPushButton(objectName="printButton")
        self.print_button.setEnabled(False)
        self.close_button = QPushButton()
        bar = QHBoxLayout()
        bar.addWidget(self.fit_width)
        bar.addWidget(self.fit_page)
        bar.addSpacing(12)
        bar.addWidget(self.pages_label)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.fit_width.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.fit_page.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitInView))
        self.print_button.clicked.connect(self.print_document)
        self.close_button.clicked.connect(self.close)
        self.finished.connect(lambda *_: self._cleanup())
        self.retranslate_ui()
        ctx.lang.changed.connect(self.retranslate_ui)

    @property
    def path(self) -> Path:
        return Path(self._tmp.name) / "list.pdf"

    def retranslate_ui(self) -> None:
        tr = self.ctx.tr
        self.setWindowTitle(tr.gettext("Print preview of the list"))
        self.fit_width.setText(tr.gettext("Fit width"))
        self.fit_page.setText(tr.gettext("Whole page"))
        self.print_button.setText(tr.gettext("Print…"))
        self.close_button.setText(tr.gettext("Close"))
        if self.report is None:
            self.pages_label.setText(tr.gettext("Preparing the printout…"))
        else:
            pages = tr.ngettext("{count} page", "{count} pages", self.report.pages).format(
                count=self.report.pages)
            rows = tr.ngettext("{count} row", "{count} rows", self.report.rows).format(
                count=f"{self.report.rows:,}")
            self.pages_label.setText(f"{pages} · {rows}")

    def load(self, report: PrintReport) -> bool:
        from PySide6.QtPdf import QPdfDocument

        self.document.close()
        if self.document.load(str(self.path)) != QPdfDocument.Error.None_:
            return False
        self.report = report
        self.print_button.setEnabled(True)
        self.retranslate_ui()
        return True

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def print_document(self, printer: Any = None) -> int:
        """Ask for the printer, then print the pages shown; the number of pages printed."""
        return print_loaded(self.ctx, self.document, self, printer)

    def _cleanup(self) -> None:
        self.document.close()
        self._tmp.cleanup()


def print_loaded(ctx: AppContext, pdf: Any, parent: QWidget | None, printer: Any = None) -> int:
    """The print dialog (landscape paper), then the pages of the loaded ``pdf``."""
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog

    from ui.tasks import show_error

    tr = ctx.tr
    printer = _landscape_printer(printer)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr.gettext("Print"))
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setMinMax(1, max(1, pdf.pageCount()))
    dialog.setFromTo(1, max(1, pdf.pageCount()))
    if not pdf_export.exec_print_dialog(dialog):
        return 0
    first, last = printer.fromPage(), printer.toPage()
    if first == 0:
        first, last = 1, 0
    bar = QProgressDialog(tr.gettext("Printing…"), tr.gettext("Cancel"), 0, 0, parent)
    bar.setWindowModality(Qt.WindowModality.WindowModal)
    bar.setMinimumDuration(500)

    def step(done: int, total: int) -> bool:
        bar.setMaximum(total)
        bar.setValue(done)
        QApplication.processEvents()
        return not bar.wasCanceled()

    try:
        return pdf_export.print_document(pdf, printer, first=first, last=last, progress=step)
    except CoopError as exc:
        show_error(parent, tr, exc)
        return 0
    finally:
        bar.close()
        bar.deleteLater()


class ListPrint(QObject):
    """One run of :func:`preview_list` or :func:`print_list`: ``shown(dialog)`` when the
    preview is up, ``printed(pages)`` when pages went to the printer, ``failed(exc)``."""

    shown = Signal(object)
    printed = Signal(int)
    failed = Signal(object)

    def __init__(self, ctx: AppContext, source: ListSource, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx, self.source, self.parent_widget = ctx, source, parent
        self.dialog: ListPreviewDialog | None = None
        self.report: PrintReport | None = None

    def _failed(self, exc: BaseException) -> None:
        from ui.tasks import Cancelled, show_error

        _ACTIVE.discard(self)
        if self.dialog is not None:
            self.dialog.done(QDialog.DialogCode.Rejected)
            self.dialog.deleteLater()
            self.dialog = None
        self.failed.emit(exc)
        if not isinstance(exc, Cancelled):
            show_error(self.parent_widget, self.ctx.tr, exc)

    def preview(self) -> None:
        _ACTIVE.add(self)
        dialog = self.dialog = ListPreviewDialog(self.ctx, self.source, self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda *_: _ACTIVE.discard(self))

        def rendered(report: PrintReport) -> None:
            if self.dialog is None or not dialog.path.exists():
                return  # closed meanwhile
            if not dialog.load(report):
                self._failed(CoopError(pdf_export.MSG_LOAD_FAILED))
                return
            self.report = report
            dialog.show()
            self.shown.emit(dialog)

        _render(self.ctx, self.source, dialog.path, rendered, self._failed, self.parent_widget)

    def print(self, printer: Any = None) -> None:
        from PySide6.QtPdf import QPdfDocument

        _ACTIVE.add(self)
        tmp = tempfile.TemporaryDirectory(prefix="coop-desktop-list-print-")
        target = Path(tmp.name) / "list.pdf"

        def rendered(report: PrintReport) -> None:
            self.report = report
            pdf = QPdfDocument(self)
            try:
                if pdf.load(str(target)) != QPdfDocument.Error.None_:
                    self._failed(CoopError(pdf_export.MSG_LOAD_FAILED))
                    return
                pages = print_loaded(self.ctx, pdf, self.parent_widget, printer)
                self.printed.emit(pages)
            finally:
                pdf.close()
                tmp.cleanup()
                _ACTIVE.discard(self)

        def failed(exc: BaseException) -> None:
            tmp.cleanup()
            self._failed(exc)

        _render(self.ctx, self.source, target, rendered, failed, self.parent_widget)


def preview_list(ctx: AppContext, source: ListSource, parent: QWidget | None = None) -> ListPrint:
    job = ListPrint(ctx, source, parent)
    if not pdf_export.HAVE_QTPDF:  # pragma: no cover - only without the PySide6_Pdf wheel
        pdf_export._no_qtpdf(ctx, parent)
        return job
    job.preview()
    return job


def print_list(ctx: AppContext, source: ListSource, parent: QWidget | None = None, *,
               printer: Any = None) -> ListPrint:
    """Print ``source``: make the PDF in the background, then the print dialog. ``printer``:
    a prepared ``QPrinter`` (tests print to a PDF file with it)."""
    job = ListPrint(ctx, source, parent)
    if not pdf_export.HAVE_QTPDF:  # pragma: no cover
        pdf_export._no_qtpdf(ctx, parent)
        return job
    job.print(printer)
    return job


__all__ = ["ListPreviewDialog", "ListPrint", "preview_list", "print_list", "print_loaded"]
