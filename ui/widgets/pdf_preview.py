"""The print preview of the dossier PDF (:func:`preview_pdf`): the pages in a ``QPdfView``
(QtPdf, from the ``PySide6_Pdf`` wheel), a layout and a print-style switch, zoom, "Print…"
and "Export PDF…".

The preview's PDF lives in a private temporary folder, removed when the dialog closes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from coop_desktop.documents.pdf import LAYOUTS
from coop_desktop.errors import CoopError
from coop_desktop.services import documents
from coop_desktop.services.documents import ExportResult
from ui.context import AppContext
from ui.widgets.pdf_jobs import (
    HAVE_QTPDF, MSG_LOAD_FAILED, keep, no_qtpdf, release, render_job, style_for, warnings_text,
)
from ui.widgets.pdf_print import PdfPrint


class PdfPreviewDialog(QDialog):
    """The pages of the dossier in a ``QPdfView``, with layout, style, zoom, Print… and
    Export…."""

    rendered = Signal(object)  # ExportResult, after every (re-)render has been loaded

    def __init__(self, ctx: AppContext, app_id: int, parent: QWidget | None = None, *,
                 layout: str = "parallel", revision: int | None = None,
                 style: str | None = None) -> None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        super().__init__(parent)
        self.ctx, self.app_id, self.revision = ctx, app_id, revision
        self.setObjectName("pdfPreviewDialog")
        self.resize(900, 1000)
        self._tmp = tempfile.TemporaryDirectory(prefix="coop-desktop-preview-")
        self._serial = 0
        self.result: ExportResult | None = None
        self.busy = False

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)

        self.layout_label = QLabel()
        self.layout_combo = QComboBox()
        self.layout_combo.setObjectName("previewLayout")
        for key in LAYOUTS:
            self.layout_combo.addItem(key, key)
        self.layout_combo.setCurrentIndex(max(0, self.layout_combo.findData(layout)))
        self.style_label = QLabel()
        self.style_combo = QComboBox()
        self.style_combo.setObjectName("previewStyle")
        for key in documents.STYLES:
            self.style_combo.addItem(key, key)
        self.style_combo.setCurrentIndex(
            max(0, self.style_combo.findData(style or style_for(ctx, layout))))
        self.fit_width = QPushButton()
        self.fit_page = QPushButton()
        self.zoom_in = QPushButton("+")
        self.zoom_out = QPushButton("−")
        self.pages_label = QLabel()
        self.pages_label.setObjectName("pagesLabel")
        self.print_button = QPushButton()
        self.print_button.setObjectName("printButton")
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportButton")
        self.close_button = QPushButton()
        self.warning_label = QLabel()
        self.warning_label.setObjectName("warningLabel")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #a15c00;")
        self.warning_label.hide()

        for button in (self.zoom_in, self.zoom_out):
            button.setFixedWidth(button.fontMetrics().horizontalAdvance("+") * 4 + 16)
        bar = QHBoxLayout()
        bar.addWidget(self.layout_label)
        bar.addWidget(self.layout_combo)
        bar.addWidget(self.style_label)
        bar.addWidget(self.style_combo)
        bar.addSpacing(12)
        for button in (self.fit_width, self.fit_page, self.zoom_out, self.zoom_in):
            bar.addWidget(button)
        bar.addSpacing(12)
        bar.addWidget(self.pages_label)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.export_button)
        bar.addWidget(self.close_button)
        outer = QVBoxLayout(self)
        outer.addLayout(bar)
        outer.addWidget(self.warning_label)
        outer.addWidget(self.view, 1)

        self.layout_combo.currentIndexChanged.connect(lambda *_: self.refresh())
        self.style_combo.currentIndexChanged.connect(lambda *_: self.refresh())
        self.fit_width.clicked.connect(
            lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.fit_page.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitInView))
        self.zoom_in.clicked.connect(lambda: self._zoom(1.25))
        self.zoom_out.clicked.connect(lambda: self._zoom(0.8))
        self.print_button.clicked.connect(self.print_document)
        self.export_button.clicked.connect(self._export)
        self.close_button.clicked.connect(self.close)
        self.finished.connect(lambda *_: self._cleanup())
        self.retranslate_ui()
        ctx.lang.changed.connect(self.retranslate_ui)

    @property
    def layout(self) -> str:
        return str(self.layout_combo.currentData())

    @property
    def style(self) -> str:
        return str(self.style_combo.currentData())

    def retranslate_ui(self) -> None:
        tr = self.ctx.tr
        title = tr.gettext("Print preview")
        if self.revision is not None:
            title += " — " + tr.gettext("Revision {number}").format(number=self.revision)
        self.setWindowTitle(title)
        self.layout_label.setText(tr.gettext("Layout:"))
        for index, key in enumerate(LAYOUTS):
            self.layout_combo.setItemText(index, tr.gettext(documents.LAYOUT_LABELS[key]))
            self.layout_combo.setItemData(index, tr.gettext(documents.LAYOUT_DESCRIPTIONS[key]),
                                          Qt.ItemDataRole.ToolTipRole)
        self.style_label.setText(tr.gettext("Print style:"))
        for index, key in enumerate(documents.STYLES):
            self.style_combo.setItemText(index, tr.gettext(documents.STYLE_LABELS[key]))
            self.style_combo.setItemData(index, tr.gettext(documents.STYLE_DESCRIPTIONS[key]),
                                         Qt.ItemDataRole.ToolTipRole)
        self.fit_width.setText(tr.gettext("Fit width"))
        self.fit_page.setText(tr.gettext("Whole page"))
        self.zoom_in.setToolTip(tr.gettext("Zoom in"))
        self.zoom_out.setToolTip(tr.gettext("Zoom out"))
        self.print_button.setText(tr.gettext("Print…"))
        self.export_button.setText(tr.gettext("Export PDF…"))
        self.close_button.setText(tr.gettext("Close"))
        self._show_counts()

    def _zoom(self, factor: float) -> None:
        from PySide6.QtPdfWidgets import QPdfView

        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.2, min(5.0, self.view.zoomFactor() * factor)))

    def _show_counts(self) -> None:
        tr = self.ctx.tr
        r = self.result
        if r is None:
            self.pages_label.setText(tr.gettext("Making the PDF…"))
            return
        self.pages_label.setText(tr.ngettext("{count} page", "{count} pages", r.pages)
                                 .format(count=r.pages))
        if r.warnings:
            self.warning_label.setText(
                tr.gettext("Some characters have no glyph in the bundled fonts and are "
                           "printed as “\ufffd”:") + "\n" + warnings_text(self.ctx, r))
        self.warning_label.setVisible(bool(r.warnings))

    def refresh(self) -> None:
        """(Re-)render the PDF in the background and show it."""
        self._serial += 1
        target = Path(self._tmp.name) / f"preview-{self._serial}.pdf"
        self.busy = True
        self.print_button.setEnabled(False)
        render_job(self.ctx, self.app_id, self.revision, self.layout, False, target,
                   self._loaded, self, self.ctx.tr.gettext("Making the PDF…"), self._failed,
                   style=self.style)

    def _failed(self, exc: BaseException) -> None:
        from ui.tasks import Cancelled, show_error

        self.busy = False
        if not isinstance(exc, Cancelled):
            show_error(self.parentWidget() if self.result is None else self, self.ctx.tr, exc)
        if self.result is None:  # the first render: there is nothing to preview
            self.done(QDialog.DialogCode.Rejected)
            self.deleteLater()

    def _loaded(self, result: ExportResult) -> None:
        from PySide6.QtPdf import QPdfDocument

        if not Path(self._tmp.name).is_dir():  # closed while rendering
            return
        self.document.close()
        error = self.document.load(str(result.path))
        self.busy = False
        if error != QPdfDocument.Error.None_:
            from ui.tasks import show_error

            show_error(self, self.ctx.tr, CoopError(MSG_LOAD_FAILED))
            return
        self.result = result
        self.print_button.setEnabled(True)
        self._show_counts()
        self.rendered.emit(result)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def _export(self) -> QObject:
        from ui.widgets import pdf_export  # the name tests replace

        return pdf_export.export_pdf(self.ctx, self.app_id, self, revision=self.revision)

    def print_document(self) -> PdfPrint | None:
        if self.result is None:
            return None
        job = PdfPrint(self.ctx, self.app_id, self, layout=self.layout, revision=self.revision,
                       style=self.style)
        job.print_loaded(self.document)
        return job

    def _cleanup(self) -> None:
        self.document.close()
        self._tmp.cleanup()


class PdfPreview(QObject):
    """One run of :func:`preview_pdf`: ``shown(dialog)`` once the first render is loaded."""

    shown = Signal(object)

    def __init__(self, dialog: PdfPreviewDialog | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.dialog = dialog


def preview_pdf(ctx: AppContext, app_id: int, parent: QWidget | None = None, *,
                layout: str = "parallel", revision: int | None = None) -> PdfPreview:
    """Show the print preview of application ``app_id`` (the current text, or ``revision``)."""
    if not HAVE_QTPDF:  # pragma: no cover
        no_qtpdf(ctx, parent)
        return PdfPreview(None, parent)
    dialog = PdfPreviewDialog(ctx, app_id, parent, layout=layout, revision=revision)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    job = PdfPreview(dialog, parent)

    def first(_result: ExportResult) -> None:
        dialog.rendered.disconnect(first)
        dialog.show()
        job.shown.emit(dialog)

    dialog.rendered.connect(first)
    keep(job)
    dialog.finished.connect(lambda *_: release(job))
    dialog.refresh()
    return job
