"""Export, preview and print the bilingual dossier PDF of an application.

Three entry points, each for a caller that knows ``ctx`` and ``app_id``:

* :func:`export_pdf` — a dialog (layout with a one-line description, PDF/A, the current text
  or a submitted revision, the suggested file name), then the save dialog; the document is
  built on the database lane and rendered on the I/O lane (``ctx.runner``, progress dialog
  after half a second), written atomically (``services.documents.write_atomically``), and a
  result message gives the page count, lists the glyph warnings (field and language named)
  and offers "Open", "Open folder" and "Close".
* :func:`preview_pdf` — :class:`PdfPreviewDialog`: the pages in a ``QPdfView`` (QtPdf, from
  the ``PySide6_Pdf`` wheel), a layout switch, zoom, "Print…" and "Export PDF…".
* :func:`print_pdf` — ``QPrintDialog``, then every page rendered by ``QPdfDocument.render``
  at the printer's resolution (at most :data:`MAX_PRINT_DPI`) and drawn on the ``QPrinter``.

Each returns a small controller object whose signals tell when the dialog is up and when
the work is done (the tests wait on them). Rendering never runs on the GUI thread; the
preview's and the printout's PDF lives in a private temporary folder, removed when done.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QObject, QPoint, QRect, QSettings, QSize, QStandardPaths, Qt, QUrl, Signal,
)
from PySide6.QtGui import QDesktopServices, QImage, QPainter
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QGroupBox,
    QApplication, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QProgressDialog, QPushButton,
    QRadioButton, QVBoxLayout, QWidget,
)

from coop_desktop.documents.pdf import LAYOUTS, PdfDocument
from coop_desktop.errors import CoopError
from coop_desktop.i18n.catalog import N_
from coop_desktop.i18n.formatting import format_date
from coop_desktop.services import applications, documents
from coop_desktop.services.documents import ExportChoices, ExportResult
from ui.context import AppContext

try:  # QtPdf is in the small PySide6_Pdf wheel (a dependency); degrade if it is missing.
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    HAVE_QTPDF = True
except ImportError:  # pragma: no cover - only without the PySide6_Pdf wheel
    HAVE_QTPDF = False

#: Pages are rasterised for printing at the printer's resolution, but at most this.
MAX_PRINT_DPI = 600
SETTINGS_FOLDER = "pdfExport/folder"
SETTINGS_LAYOUT = "pdfExport/layout"
SETTINGS_PDFA = "pdfExport/pdfa"

MSG_NO_QTPDF = N_("Print preview and printing need the Qt PDF module (the PySide6_Pdf "
                  "package), which is not installed. Export the PDF and open it in a PDF "
                  "viewer instead.")
MSG_LOAD_FAILED = N_("The PDF could not be opened for display.")


# ------------------------------------------------------------------ replaceable in tests
def ask_save_path(parent: QWidget | None, title: str, suggested: str) -> str:
    """The file to write ("" when cancelled); a function so tests can replace it."""
    path, _filter = QFileDialog.getSaveFileName(parent, title, suggested, "PDF (*.pdf)")
    if path and not path.lower().endswith(".pdf"):
        path += ".pdf"
    return path


def open_url(url: QUrl) -> bool:
    """Hand a file or folder to the system (a function so tests can replace it)."""
    return QDesktopServices.openUrl(url)


def exec_print_dialog(dialog: QDialog) -> bool:
    """Show the print dialog modally; True when the user chose to print (tests replace it)."""
    return dialog.exec() == QDialog.DialogCode.Accepted


# ------------------------------------------------------------------ helpers
#: The running export/preview/print jobs: a caller may drop what it was given (or pass no
#: parent), and a job must live until its dialog is closed or its work is done.
_ACTIVE: set[QObject] = set()


def _keep(job: QObject) -> None:
    _ACTIVE.add(job)


def _release(job: QObject) -> None:
    _ACTIVE.discard(job)


def _folder() -> Path:
    saved = QSettings().value(SETTINGS_FOLDER, "", str)
    if saved and Path(saved).is_dir():
        return Path(saved)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def _revision_text(ctx: AppContext, number: int, day: Any) -> str:
    tr = ctx.tr
    if day is None:
        return tr.gettext("Revision {number} (submitted)").format(number=number)
    return tr.gettext("Revision {number}, submitted on {date}").format(
        number=number, date=format_date(day, ctx.lang.language, "medium"))


def _render_job(ctx: AppContext, app_id: int, revision: int | None, layout: str, pdfa: bool,
                target: Path, on_done: Any, parent: QWidget | None, label: str,
                on_failure: Any = None) -> None:
    """Build on the DB lane, then render and write on the I/O lane; ``on_done(result)``."""
    settings = ctx.settings

    def build() -> PdfDocument:
        return documents.build_document(ctx.db, app_id, revision=revision, settings=settings)

    def built(doc: PdfDocument) -> None:
        def render() -> ExportResult:
            report = documents.render_to(doc, target, layout=layout, pdfa=pdfa)
            return ExportResult(target, report.pages, layout, pdfa, revision, doc,
                                tuple(report.warnings))

        ctx.runner.run(render, on_success=on_done, on_failure=on_failure, parent=parent,
                       label=label, lane="io")

    ctx.runner.run(build, on_success=built, on_failure=on_failure, parent=parent, label=label)


def warnings_text(ctx: AppContext, result: ExportResult) -> str:
    """The glyph warnings, one per line, in the UI language ("" when none)."""
    return "\n".join(f"• {line}" for line in result.warning_lines(ctx.tr))


# ------------------------------------------------------------------ the export dialog
class PdfExportDialog(QDialog):
    """Layout, PDF/A, revision and file name (see the module docstring)."""

    def __init__(self, ctx: AppContext, choices: ExportChoices, parent: QWidget | None = None,
                 *, revision: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.choices = choices
        self.setObjectName("pdfExportDialog")
        self.setMinimumWidth(520)
        self._name_edited = False

        self.layout_box = QGroupBox()
        self.layout_group = QButtonGroup(self)
        box = QVBoxLayout(self.layout_box)
        self.layout_buttons: dict[str, QRadioButton] = {}
        self.layout_notes: dict[str, QLabel] = {}
        for index, key in enumerate(LAYOUTS):
            button = QRadioButton()
            button.setObjectName(f"layout_{key}")
            note = QLabel()
            note.setWordWrap(True)
            note.setObjectName(f"layoutNote_{key}")
            note.setStyleSheet("color: palette(placeholder-text); margin-left: 22px;")
            self.layout_group.addButton(button, index)
            box.addWidget(button)
            box.addWidget(note)
            self.layout_buttons[key] = button
            self.layout_notes[key] = note
        saved = QSettings().value(SETTINGS_LAYOUT, "parallel", str)
        self.layout_buttons.get(saved, self.layout_buttons["parallel"]).setChecked(True)

        self.pdfa_check = QCheckBox()
        self.pdfa_check.setObjectName("pdfa")
        self.pdfa_check.setChecked(QSettings().value(SETTINGS_PDFA, False, bool))
        self.pdfa_note = QLabel()
        self.pdfa_note.setWordWrap(True)
        self.pdfa_note.setStyleSheet("color: palette(placeholder-text); margin-left: 22px;")

        self.revision_label = QLabel()
        self.revision_combo = QComboBox()
        self.revision_combo.setObjectName("revision")

        self.name_label = QLabel()
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("fileName")
        self.name_edit.textEdited.connect(self._edited)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        grid = QVBoxLayout(self)
        grid.addWidget(self.layout_box)
        pdfa = QVBoxLayout()
        pdfa.setSpacing(2)
        pdfa.addWidget(self.pdfa_check)
        pdfa.addWidget(self.pdfa_note)
        grid.addLayout(pdfa)
        row = QHBoxLayout()
        row.addWidget(self.revision_label)
        row.addWidget(self.revision_combo, 1)
        grid.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.name_label)
        row.addWidget(self.name_edit, 1)
        grid.addLayout(row)
        grid.addStretch(1)
        grid.addWidget(self.buttons)

        self.layout_group.idToggled.connect(lambda *_: self._suggest())
        self.revision_combo.currentIndexChanged.connect(lambda *_: self._suggest())
        self.retranslate_ui()
        if revision is not None:
            self.revision_combo.setCurrentIndex(max(0, self.revision_combo.findData(revision)))
        ctx.lang.changed.connect(self.retranslate_ui)

    def retranslate_ui(self) -> None:
        tr = self.ctx.tr
        self.setWindowTitle(tr.gettext("Export PDF"))
        self.layout_box.setTitle(tr.gettext("Layout"))
        for key in LAYOUTS:
            self.layout_buttons[key].setText(tr.gettext(documents.LAYOUT_LABELS[key]))
            self.layout_notes[key].setText(tr.gettext(documents.LAYOUT_DESCRIPTIONS[key]))
        self.pdfa_check.setText(tr.gettext("PDF/A-2b for long-term archiving"))
        self.pdfa_note.setText(tr.gettext("Adds the metadata and colour profile archives ask "
                                          "for; the pages look the same."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            tr.gettext("Export PDF…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            tr.gettext("Cancel"))
        self.revision_label.setText(tr.gettext("Text:"))
        self.name_label.setText(tr.gettext("File name:"))
        current = self.revision_combo.currentData()
        self.revision_combo.blockSignals(True)
        self.revision_combo.clear()
        c = self.choices
        status = applications.status_label(c.status, tr)
        self.revision_combo.addItem(tr.gettext("Current text (revision {number}, {status})")
                                    .format(number=c.revision, status=status), None)
        for number, day in reversed(c.revisions):
            self.revision_combo.addItem(_revision_text(self.ctx, number, day), number)
        self.revision_combo.setCurrentIndex(max(0, self.revision_combo.findData(current)))
        self.revision_combo.blockSignals(False)
        self._suggest()

    def _edited(self, _text: str) -> None:
        self._name_edited = True

    def _suggest(self) -> None:
        if not self._name_edited:
            self.name_edit.setText(self.choices.filename(self.layout, self.revision,
                                                         self.ctx.lang.language))

    @property
    def layout(self) -> str:
        return LAYOUTS[max(0, self.layout_group.checkedId())]

    @property
    def revision(self) -> int | None:
        return self.revision_combo.currentData()

    @property
    def pdfa(self) -> bool:
        return self.pdfa_check.isChecked()

    @property
    def file_name(self) -> str:
        name = self.name_edit.text().strip() or self.choices.filename(
            self.layout, self.revision, self.ctx.lang.language)
        return name if name.lower().endswith(".pdf") else name + ".pdf"


class PdfExport(QObject):
    """One run of :func:`export_pdf`; its signals carry the dialog, the result, the message."""

    dialogShown = Signal(object)  # PdfExportDialog
    exported = Signal(object)  # ExportResult
    resultShown = Signal(object)  # QMessageBox
    failed = Signal(object)  # the exception

    def __init__(self, ctx: AppContext, app_id: int, parent: QWidget | None,
                 revision: int | None) -> None:
        super().__init__(parent)
        self.ctx, self.app_id, self.parent_widget = ctx, app_id, parent
        self.initial_revision = revision
        self.dialog: PdfExportDialog | None = None
        self.result: ExportResult | None = None
        self.message: QMessageBox | None = None

    def start(self) -> None:
        self.ctx.runner.run(lambda: documents.export_choices(self.ctx.db, self.app_id),
                            on_success=self._show_dialog, on_failure=self._failed,
                            parent=self.parent_widget)

    def _show_dialog(self, choices: ExportChoices) -> None:
        self.dialog = PdfExportDialog(self.ctx, choices, self.parent_widget,
                                      revision=self.initial_revision)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.accepted.connect(self._chosen)
        self.dialog.rejected.connect(lambda: _release(self))
        self.dialog.open()
        self.dialogShown.emit(self.dialog)

    def _chosen(self) -> None:
        dialog = self.dialog
        assert dialog is not None
        layout, pdfa, revision = dialog.layout, dialog.pdfa, dialog.revision
        settings = QSettings()
        settings.setValue(SETTINGS_LAYOUT, layout)
        settings.setValue(SETTINGS_PDFA, pdfa)
        tr = self.ctx.tr
        path = ask_save_path(self.parent_widget, tr.gettext("Save the PDF as"),
                             str(_folder() / dialog.file_name))
        if not path:
            _release(self)
            return
        target = Path(path)
        settings.setValue(SETTINGS_FOLDER, str(target.parent))
        _render_job(self.ctx, self.app_id, revision, layout, pdfa, target, self._done,
                    self.parent_widget, tr.gettext("Making the PDF…"), self._failed)

    def _failed(self, exc: BaseException) -> None:
        from ui.tasks import Cancelled, show_error

        _release(self)
        self.failed.emit(exc)
        if not isinstance(exc, Cancelled):
            show_error(self.parent_widget, self.ctx.tr, exc)

    def _done(self, result: ExportResult) -> None:
        _release(self)
        self.result = result
        self.exported.emit(result)
        self.message = show_result(self.ctx, result, self.parent_widget)
        self.resultShown.emit(self.message)


def show_result(ctx: AppContext, result: ExportResult, parent: QWidget | None) -> QMessageBox:
    """The result message: file, page count, warnings; "Open", "Open folder", "Close"."""
    tr = ctx.tr
    box = QMessageBox(parent)
    box.setObjectName("pdfExportResult")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowTitle(tr.gettext("Export PDF"))
    box.setIcon(QMessageBox.Icon.Warning if result.warnings else QMessageBox.Icon.Information)
    text = tr.ngettext("Saved {name}: {count} page.", "Saved {name}: {count} pages.",
                       result.pages).format(name=result.path.name, count=result.pages)
    box.setText(text)
    info = [str(result.path.parent)]
    if result.warnings:
        info.append(tr.gettext("Some characters have no glyph in the bundled fonts and are "
                               "printed as “\ufffd”:"))
        info.append(warnings_text(ctx, result))
    box.setInformativeText("\n".join(info))
    open_button = box.addButton(tr.gettext("Open"), QMessageBox.ButtonRole.AcceptRole)
    open_button.setObjectName("openFile")
    folder_button = box.addButton(tr.gettext("Open folder"), QMessageBox.ButtonRole.ActionRole)
    folder_button.setObjectName("openFolder")
    close_button = box.addButton(tr.gettext("Close"), QMessageBox.ButtonRole.RejectRole)
    close_button.setObjectName("close")
    box.setDefaultButton(open_button)
    box.setEscapeButton(close_button)

    def clicked(button: Any) -> None:
        if button is open_button:
            open_url(QUrl.fromLocalFile(str(result.path)))
        elif button is folder_button:
            open_url(QUrl.fromLocalFile(str(result.path.parent)))

    box.buttonClicked.connect(clicked)
    box.open()
    return box


def export_pdf(ctx: AppContext, app_id: int, parent: QWidget | None = None, *,
               revision: int | None = None) -> PdfExport:
    """Ask how to export application ``app_id`` as PDF, where to, then write it (see the
    module docstring). ``revision`` preselects a submitted revision."""
    job = PdfExport(ctx, app_id, parent, revision)
    _keep(job)
    job.start()
    return job


# ------------------------------------------------------------------ preview
def _no_qtpdf(ctx: AppContext, parent: QWidget | None) -> None:
    from ui.tasks import show_error

    show_error(parent, ctx.tr, CoopError(MSG_NO_QTPDF))


class PdfPreviewDialog(QDialog):
    """The pages of the dossier in a ``QPdfView``, with layout, zoom, Print… and Export…."""

    rendered = Signal(object)  # ExportResult, after every (re-)render has been loaded

    def __init__(self, ctx: AppContext, app_id: int, parent: QWidget | None = None, *,
                 layout: str = "parallel", revision: int | None = None) -> None:
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
        self.fit_width.clicked.connect(
            lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.fit_page.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitInView))
        self.zoom_in.clicked.connect(lambda: self._zoom(1.25))
        self.zoom_out.clicked.connect(lambda: self._zoom(0.8))
        self.print_button.clicked.connect(self.print_document)
        self.export_button.clicked.connect(
            lambda: export_pdf(self.ctx, self.app_id, self, revision=self.revision))
        self.close_button.clicked.connect(self.close)
        self.finished.connect(lambda *_: self._cleanup())
        self.retranslate_ui()
        ctx.lang.changed.connect(self.retranslate_ui)

    @property
    def layout(self) -> str:
        return str(self.layout_combo.currentData())

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
        self.fit_width.setText(tr.gettext("Fit width"))
        self.fit_page.setText(tr.gettext("Whole page"))
        self.zoom_in.setToolTip(tr.gettext("Zoom in"))
        self.zoom_out.setToolTip(tr.gettext("Zoom out"))
        self.print_button.setText(tr.gettext("Print…"))
        self.export_button.setText(tr.gettext("Export PDF…"))
        self.close_button.setText(tr.gettext("Close"))
        self._show_counts()

    def _zoom(self, factor: float) -> None:
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
        _render_job(self.ctx, self.app_id, self.revision, self.layout, False, target,
                    self._loaded, self, self.ctx.tr.gettext("Making the PDF…"),
                    self._failed)

    def _failed(self, exc: BaseException) -> None:
        from ui.tasks import Cancelled, show_error

        self.busy = False
        if not isinstance(exc, Cancelled):
            show_error(self.parentWidget() if self.result is None else self, self.ctx.tr, exc)
        if self.result is None:  # the first render: there is nothing to preview
            self.done(QDialog.DialogCode.Rejected)
            self.deleteLater()

    def _loaded(self, result: ExportResult) -> None:
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

    def print_document(self) -> PdfPrint | None:
        if self.result is None:
            return None
        job = PdfPrint(self.ctx, self.app_id, self, layout=self.layout, revision=self.revision)
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
        _no_qtpdf(ctx, parent)
        return PdfPreview(None, parent)
    dialog = PdfPreviewDialog(ctx, app_id, parent, layout=layout, revision=revision)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    job = PdfPreview(dialog, parent)

    def first(_result: ExportResult) -> None:
        dialog.rendered.disconnect(first)
        dialog.show()
        job.shown.emit(dialog)

    dialog.rendered.connect(first)
    _keep(job)
    dialog.finished.connect(lambda *_: _release(job))
    dialog.refresh()
    return job


# ------------------------------------------------------------------ print
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
                 printer: Any = None) -> None:
        super().__init__(parent)
        self.ctx, self.app_id, self.parent_widget = ctx, app_id, parent
        self.layout, self.revision = layout, revision
        self.printer = printer
        self.pages = 0
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._pdf: Any = None

    def start(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="coop-desktop-print-")
        target = Path(self._tmp.name) / "print.pdf"
        _render_job(self.ctx, self.app_id, self.revision, self.layout, False, target,
                    self._rendered, self.parent_widget,
                    self.ctx.tr.gettext("Making the PDF…"), self._failed)

    def _failed(self, exc: BaseException) -> None:
        from ui.tasks import Cancelled, show_error

        self._finish()
        if not isinstance(exc, Cancelled):
            show_error(self.parent_widget, self.ctx.tr, exc)

    def _rendered(self, result: ExportResult) -> None:
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
        if not exec_print_dialog(dialog):
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
        _release(self)
        if self._pdf is not None:
            self._pdf.close()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def print_pdf(ctx: AppContext, app_id: int, parent: QWidget | None = None, *,
              layout: str = "parallel", revision: int | None = None,
              printer: Any = None) -> PdfPrint:
    """Print application ``app_id``: render its PDF in the background, then the print dialog.
    ``printer``: a prepared ``QPrinter`` (tests print to a PDF file with it)."""
    job = PdfPrint(ctx, app_id, parent, layout=layout, revision=revision, printer=printer)
    if not HAVE_QTPDF:  # pragma: no cover
        _no_qtpdf(ctx, parent)
        return job
    _keep(job)
    job.start()
    return job


def run_action(action: str, ctx: AppContext, app_id: int, parent: QWidget | None = None
               ) -> QObject:
    """File ▸ Print preview / Export PDF / Print: ``action`` is "preview", "export" or
    "print"; returns the controller of :func:`preview_pdf`, :func:`export_pdf` or
    :func:`print_pdf`."""
    entry = {"preview": preview_pdf, "export": export_pdf, "print": print_pdf}[action]
    return entry(ctx, app_id, parent)
