"""Export, preview and print the bilingual dossier PDF of an application.

Three entry points, each for a caller that knows ``ctx`` and ``app_id``:

* :func:`export_pdf` (this module) — a dialog (layout with a one-line description, print
  style 公文 / 现代 — official / modern — remembered in the settings, cover on a short
  document, PDF/A, the current text or a submitted revision, the suggested file name
  ``申请单位-文书类型-日期.pdf``). The document is built on the database lane; when it still
  has open errors (unfilled placeholders, 【待填写】 gaps, empty required sections) a question
  names them and asks before going on. Then the save dialog; the PDF is rendered on the I/O
  lane (``ctx.runner``, progress dialog after half a second), written atomically
  (``services.documents.write_atomically``), and a result message gives the page count,
  lists the glyph warnings (field and language named) and offers "Open", "Open folder" and
  "Close".
* :func:`~ui.widgets.pdf_preview.preview_pdf` — :class:`PdfPreviewDialog`: the pages in a
  ``QPdfView``, a layout and a style switch, zoom, "Print…" and "Export PDF…".
* :func:`~ui.widgets.pdf_print.print_pdf` — ``QPrintDialog``, then every page rendered at the
  printer's resolution and drawn on the ``QPrinter``.

Each returns a small controller object whose signals tell when the dialog is up and when
the work is done (the tests wait on them). Rendering never runs on the GUI thread.

The preview and the printout live in :mod:`ui.widgets.pdf_preview` and
:mod:`ui.widgets.pdf_print`, what they share in :mod:`ui.widgets.pdf_jobs`; their names are
importable from here too, and the functions tests replace are looked up here at call time
(``ask_save_path``, ``ask_export_anyway``, ``open_url``, ``exec_print_dialog``,
``export_pdf``, ``preview_pdf``, ``print_pdf``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QMessageBox, QRadioButton, QVBoxLayout, QWidget,
)

from coop_desktop.documents.pdf import LAYOUTS
from coop_desktop.i18n.catalog import N_, Translator
from coop_desktop.i18n.formatting import format_date
from coop_desktop.services import applications, documents
from coop_desktop.services.document_errors import MSG_MORE, OpenError
from coop_desktop.services.documents import ExportChoices, ExportResult, Prepared
from ui.context import AppContext
from ui.widgets.pdf_jobs import (  # noqa: F401 - the shared names, importable from here
    ACTIVE as _ACTIVE,
)
from ui.widgets.pdf_jobs import (
    HAVE_QTPDF, MSG_LOAD_FAILED, MSG_NO_QTPDF, keep, prepare_job, release, render_job,
    render_prepared, style_for, warnings_text,
)
from ui.widgets.pdf_jobs import no_qtpdf as _no_qtpdf  # noqa: F401 - ui.widgets.list_print
from ui.widgets.pdf_preview import PdfPreview, PdfPreviewDialog, preview_pdf
from ui.widgets.pdf_print import (
    MAX_PRINT_DPI, PdfPrint, exec_print_dialog, print_document, print_pdf,
)

__all__ = [
    "HAVE_QTPDF", "MAX_PRINT_DPI", "MSG_LOAD_FAILED", "MSG_NO_QTPDF", "PdfExport",
    "PdfExportDialog", "PdfPreview", "PdfPreviewDialog", "PdfPrint", "ask_export_anyway",
    "ask_save_path", "exec_print_dialog", "export_pdf", "open_url", "preview_pdf",
    "print_document", "print_pdf", "render_job", "run_action", "show_result", "warnings_text",
]

SETTINGS_FOLDER = "pdfExport/folder"
SETTINGS_LAYOUT = "pdfExport/layout"
SETTINGS_PDFA = "pdfExport/pdfa"
SETTINGS_COVER = "pdfExport/cover"
#: Open errors listed in the question before "and N more".
ERRORS_SHOWN = 12

MSG_OPEN_ERRORS = N_("This document still has open errors. Export it anyway?")


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


def open_errors_text(tr: Translator, errors: Sequence[OpenError],
                     shown: int = ERRORS_SHOWN) -> str:
    """The open errors, one per line, the first ``shown`` of them, then "and N more"."""
    lines = [f"• {e.text(tr)}" for e in errors[:shown]]
    if len(errors) > shown:
        lines.append(tr.gettext(MSG_MORE).format(count=len(errors) - shown))
    return "\n".join(lines)


def ask_export_anyway(parent: QWidget | None, tr: Translator, errors: Sequence[OpenError],
                      answer: Callable[[bool], None]) -> QMessageBox:
    """Ask whether to export a document that still has open errors, naming them; calls
    ``answer(True)`` for "Export anyway", ``answer(False)`` otherwise (not blocking: the box
    is window-modal and opened). A function so tests can replace it."""
    box = QMessageBox(parent)
    box.setObjectName("pdfOpenErrors")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(tr.gettext("Export PDF"))
    box.setText(tr.gettext(MSG_OPEN_ERRORS))
    box.setInformativeText(open_errors_text(tr, errors))
    go = box.addButton(tr.gettext("Export anyway"), QMessageBox.ButtonRole.AcceptRole)
    go.setObjectName("exportAnyway")
    cancel = box.addButton(tr.gettext("Cancel"), QMessageBox.ButtonRole.RejectRole)
    cancel.setObjectName("cancel")
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    done: list[bool] = []

    def finished(*_: Any) -> None:
        if not done:
            done.append(True)
            answer(box.clickedButton() is go)

    box.finished.connect(finished)
    box.open()
    return box


# ------------------------------------------------------------------ helpers
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


def _note() -> QLabel:
    note = QLabel()
    note.setWordWrap(True)
    note.setStyleSheet("color: palette(placeholder-text); margin-left: 22px;")
    return note


def remember_style(ctx: AppContext, layout: str, style: str) -> None:
    """Keep the style chosen for the next export, preview and printout (the settings file):
    a style other than the layout's default is remembered, the default one clears it, so
    that an English-only export stays modern until another style is chosen."""
    settings = ctx.settings
    wanted = "" if style == documents.default_style(layout) else style
    if getattr(settings, "pdf_style", "") == wanted:
        return
    settings.pdf_style = wanted
    try:
        settings.save()
    except OSError:  # not remembered; the export itself goes on
        pass


# ------------------------------------------------------------------ the export dialog
class PdfExportDialog(QDialog):
    """Layout, print style, cover, PDF/A, revision and file name (see the module
    docstring)."""

    def __init__(self, ctx: AppContext, choices: ExportChoices, parent: QWidget | None = None,
                 *, revision: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.choices = choices
        self.setObjectName("pdfExportDialog")
        self.setMinimumWidth(560)
        self._name_edited = False
        self._style_chosen = bool(getattr(ctx.settings, "pdf_style", ""))

        self.layout_box = QGroupBox()
        self.layout_group = QButtonGroup(self)
        box = QVBoxLayout(self.layout_box)
        self.layout_buttons: dict[str, QRadioButton] = {}
        self.layout_notes: dict[str, QLabel] = {}
        for index, key in enumerate(LAYOUTS):
            button = QRadioButton()
            button.setObjectName(f"layout_{key}")
            note = _note()
            note.setObjectName(f"layoutNote_{key}")
            self.layout_group.addButton(button, index)
            box.addWidget(button)
            box.addWidget(note)
            self.layout_buttons[key] = button
            self.layout_notes[key] = note
        saved = QSettings().value(SETTINGS_LAYOUT, "parallel", str)
        self.layout_buttons.get(saved, self.layout_buttons["parallel"]).setChecked(True)

        self.style_box = QGroupBox()
        self.style_box.setObjectName("styleBox")
        self.style_group = QButtonGroup(self)
        box = QVBoxLayout(self.style_box)
        self.style_buttons: dict[str, QRadioButton] = {}
        self.style_notes: dict[str, QLabel] = {}
        for index, key in enumerate(documents.STYLES):
            button = QRadioButton()
            button.setObjectName(f"style_{key}")
            note = _note()
            note.setObjectName(f"styleNote_{key}")
            self.style_group.addButton(button, index)
            box.addWidget(button)
            box.addWidget(note)
            self.style_buttons[key] = button
            self.style_notes[key] = note
        self.style_buttons[style_for(ctx, self.layout)].setChecked(True)
        self.style_group.idClicked.connect(self._style_clicked)

        self.cover_check = QCheckBox()
        self.cover_check.setObjectName("cover")
        self.cover_check.setChecked(QSettings().value(SETTINGS_COVER, False, bool))
        self.cover_note = _note()
        self.pdfa_check = QCheckBox()
        self.pdfa_check.setObjectName("pdfa")
        self.pdfa_check.setChecked(QSettings().value(SETTINGS_PDFA, False, bool))
        self.pdfa_note = _note()

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
        grid.addWidget(self.style_box)
        for check, note in ((self.cover_check, self.cover_note),
                            (self.pdfa_check, self.pdfa_note)):
            pair = QVBoxLayout()
            pair.setSpacing(2)
            pair.addWidget(check)
            pair.addWidget(note)
            grid.addLayout(pair)
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

        self.layout_group.idToggled.connect(self._layout_toggled)
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
        self.style_box.setTitle(tr.gettext("Print style"))
        for key in documents.STYLES:
            self.style_buttons[key].setText(tr.gettext(documents.STYLE_LABELS[key]))
            self.style_notes[key].setText(tr.gettext(documents.STYLE_DESCRIPTIONS[key]))
        self.cover_check.setText(tr.gettext("Cover and contents even for a short document"))
        self.cover_note.setText(tr.gettext("A document whose text fits on two pages is "
                                           "printed without them unless this is ticked."))
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

    def _style_clicked(self, _id: int) -> None:
        self._style_chosen = True

    def _layout_toggled(self, _id: int, checked: bool) -> None:
        if not checked:
            return
        if not self._style_chosen:  # the layout's default until a style is chosen
            self.style_buttons[documents.default_style(self.layout)].setChecked(True)
        self._suggest()

    def _suggest(self) -> None:
        if not self._name_edited:
            self.name_edit.setText(self.choices.filename(self.layout, self.revision,
                                                         self.ctx.lang.language, self.ctx.tr))
            self.name_edit.setCursorPosition(0)  # who it is for: the start of the name
        self.name_edit.setToolTip(self.name_edit.text())

    @property
    def layout(self) -> str:
        return LAYOUTS[max(0, self.layout_group.checkedId())]

    @property
    def style(self) -> str:
        return documents.STYLES[max(0, self.style_group.checkedId())]

    @property
    def revision(self) -> int | None:
        return self.revision_combo.currentData()

    @property
    def pdfa(self) -> bool:
        return self.pdfa_check.isChecked()

    @property
    def force_cover(self) -> bool | None:
        return True if self.cover_check.isChecked() else None

    @property
    def file_name(self) -> str:
        name = self.name_edit.text().strip() or self.choices.filename(
            self.layout, self.revision, self.ctx.lang.language, self.ctx.tr)
        return name if name.lower().endswith(".pdf") else name + ".pdf"


class PdfExport(QObject):
    """One run of :func:`export_pdf`; its signals carry the dialog, the question about open
    errors, the result, the message."""

    dialogShown = Signal(object)  # PdfExportDialog
    questionShown = Signal(object)  # the QMessageBox naming the open errors
    exported = Signal(object)  # ExportResult
    resultShown = Signal(object)  # QMessageBox
    failed = Signal(object)  # the exception

    def __init__(self, ctx: AppContext, app_id: int, parent: QWidget | None,
                 revision: int | None) -> None:
        super().__init__(parent)
        self.ctx, self.app_id, self.parent_widget = ctx, app_id, parent
        self.initial_revision = revision
        self.dialog: PdfExportDialog | None = None
        self.question: QMessageBox | None = None
        self.result: ExportResult | None = None
        self.message: QMessageBox | None = None
        self._chosen_options: dict[str, Any] = {}

    def start(self) -> None:
        self.ctx.runner.run(lambda: documents.export_choices(self.ctx.db, self.app_id),
                            on_success=self._show_dialog, on_failure=self._failed,
                            parent=self.parent_widget)

    def _show_dialog(self, choices: ExportChoices) -> None:
        self.dialog = PdfExportDialog(self.ctx, choices, self.parent_widget,
                                      revision=self.initial_revision)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.accepted.connect(self._chosen)
        self.dialog.rejected.connect(lambda: release(self))
        self.dialog.open()
        self.dialogShown.emit(self.dialog)

    def _chosen(self) -> None:
        dialog = self.dialog
        assert dialog is not None
        options = {"layout": dialog.layout, "pdfa": dialog.pdfa, "revision": dialog.revision,
                   "style": dialog.style, "force_cover": dialog.force_cover,
                   "file_name": dialog.file_name}
        self._chosen_options = options
        settings = QSettings()
        settings.setValue(SETTINGS_LAYOUT, options["layout"])
        settings.setValue(SETTINGS_PDFA, options["pdfa"])
        settings.setValue(SETTINGS_COVER, options["force_cover"] is True)
        remember_style(self.ctx, options["layout"], options["style"])
        prepare_job(self.ctx, self.app_id, options["revision"], self._built,
                    self.parent_widget, self.ctx.tr.gettext("Making the PDF…"), self._failed)

    def _built(self, prepared: Prepared) -> None:
        errors = prepared.open_errors(self._chosen_options["layout"])
        if not errors:
            self._save(prepared)
            return
        def answered(go: bool) -> None:
            if go:
                self._save(prepared)
            else:
                release(self)

        self.question = ask_export_anyway(self.parent_widget, self.ctx.tr, errors, answered)
        self.questionShown.emit(self.question)

    def _save(self, prepared: Prepared) -> None:
        o = self._chosen_options
        tr = self.ctx.tr
        path = ask_save_path(self.parent_widget, tr.gettext("Save the PDF as"),
                             str(_folder() / o["file_name"]))
        if not path:
            release(self)
            return
        target = Path(path)
        QSettings().setValue(SETTINGS_FOLDER, str(target.parent))
        render_prepared(self.ctx, prepared, o["revision"], o["layout"], o["pdfa"], target,
                        self._done, self.parent_widget, tr.gettext("Making the PDF…"),
                        self._failed, style=o["style"], force_cover=o["force_cover"])

    def _failed(self, exc: BaseException) -> None:
        from ui.tasks import Cancelled, show_error

        release(self)
        self.failed.emit(exc)
        if not isinstance(exc, Cancelled):
            show_error(self.parent_widget, self.ctx.tr, exc)

    def _done(self, result: ExportResult) -> None:
        release(self)
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
    keep(job)
    job.start()
    return job


def run_action(action: str, ctx: AppContext, app_id: int, parent: QWidget | None = None
               ) -> QObject:
    """File ▸ Print preview / Export PDF / Print: ``action`` is "preview", "export" or
    "print"; returns the controller of :func:`preview_pdf`, :func:`export_pdf` or
    :func:`print_pdf`."""
    entry = {"preview": preview_pdf, "export": export_pdf, "print": print_pdf}[action]
    return entry(ctx, app_id, parent)
