"""Dossier packages in the app: **Export dossier package…** (the application editor's PDF
menu, the application list's context menu) and File ▸ **Import dossier package…**.

* :func:`export_package` — the save dialog (a suggested name), then the package is read on
  the database lane (``prepare_export``) and written on the I/O lane (``write_iter``:
  progress, Cancel leaves nothing behind); a message gives the file, its size and
  attachment count (and why there is no PDF, if there is none), with "Open folder".
* :func:`import_package` — the open dialog, then :class:`PackageImportDialog`: the package
  is checked completely on the I/O lane (progress, Cancel) before anything else; the
  dialog shows the result of the check (the bad file named when it failed), who made the
  package and when, the application, the enterprise — and when it is already here, a
  table with, per differing field, the value on this computer, the one in the package,
  where it changed last and a choice (by default the local value when it was changed here
  later) — the zone, the attachments, an earlier copy (then "import again as a separate
  application" must be ticked) and warnings. **Import** runs ``apply_iter`` on the
  database lane (backup first, progress); the list and the editor refresh through the
  ``ChangeHub``.

The file dialogs are module functions so that tests can replace them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QGroupBox,
    QHeaderView, QLabel, QMessageBox, QPushButton, QScrollArea, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from coop_desktop import controls
from coop_desktop.errors import ConflictError, CoopError
from coop_desktop.exchange import package as pk
from coop_desktop.exchange import package_text as text
from coop_desktop.services.outcome import Changes
from ui.context import AppContext

SETTINGS_FOLDER = "dossierPackage/folder"
OK_STYLE = "color: #0d652d; font-weight: 600;"
BAD_STYLE = "color: #b3261e; font-weight: 600;"
NOTE_STYLE = ("QLabel { background: #fef7e0; color: #5c3c00; border: 1px solid #f4d27a; "
              "border-radius: 4px; padding: 4px 8px; }")


# ------------------------------------------------------------------ replaceable in tests
def ask_save_path(parent: QWidget | None, title: str, suggested: str, filter_text: str) -> str:
    """The package file to write ("" when cancelled)."""
    path, _f = QFileDialog.getSaveFileName(parent, title, suggested, filter_text)
    if path and not path.lower().endswith(pk.SUFFIX):
        path += pk.SUFFIX
    return path


def ask_open_path(parent: QWidget | None, title: str, folder: str, filter_text: str) -> str:
    """The package file to import ("" when cancelled)."""
    path, _f = QFileDialog.getOpenFileName(parent, title, folder, filter_text)
    return path


def open_url(url: QUrl) -> bool:
    return QDesktopServices.openUrl(url)


def _folder() -> Path:
    saved = QSettings().value(SETTINGS_FOLDER, "", str)
    if saved and Path(saved).is_dir():
        return Path(saved)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def _filter(ctx: AppContext) -> str:
    return ctx.tr.gettext("Dossier package ({pattern})").format(pattern="*" + pk.SUFFIX)


def _mb(n: int, ctx: AppContext) -> str:
    from ui.widgets.backups_dialog import size_text

    return size_text(n, ctx.tr)


#: Running exports and open import dialogs: kept alive until they are done.
_ACTIVE: set[QObject] = set()


# ------------------------------------------------------------------ export
class PackageExport(QObject):
    """Controller of one export (see :func:`export_package`)."""

    exported = Signal(object)  # ExportResult
    resultShown = Signal(object)  # QMessageBox
    failed = Signal(object)

    def __init__(self, ctx: AppContext, app_id: int, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx, self.app_id, self.parent_widget = ctx, app_id, parent
        self.target: Path | None = None
        self.result: Any = None

    def start(self) -> None:
        db = self.ctx.db
        self.ctx.runner.run(lambda: pk.suggested_filename(db, self.app_id),
                            on_success=self._ask, on_failure=self._failed,
                            parent=self.parent_widget)

    def _ask(self, name: str) -> None:
        tr = self.ctx.tr
        path = ask_save_path(self.parent_widget, tr.gettext("Save the dossier package as"),
                             str(_folder() / name), _filter(self.ctx))
        if not path:
            _ACTIVE.discard(self)
            return
        self.target = Path(path)
        QSettings().setValue(SETTINGS_FOLDER, str(self.target.parent))
        db, settings = self.ctx.db, self.ctx.settings
        self.ctx.runner.run(lambda: pk.prepare_export(db, self.app_id, settings=settings),
                            on_success=self._write, on_failure=self._failed,
                            parent=self.parent_widget,
                            label=tr.gettext("Reading the application…"))

    def _write(self, prepared: pk.Prepared) -> None:
        target = self.target
        self.ctx.runner.run(lambda: pk.write_iter(prepared, target), on_success=self._done,
                            on_failure=self._failed, parent=self.parent_widget,
                            label=self.ctx.tr.gettext("Writing the dossier package…"),
                            lane="io")

    def _failed(self, exc: BaseException) -> None:
        from ui.tasks import Cancelled, show_error

        _ACTIVE.discard(self)
        self.failed.emit(exc)
        if not isinstance(exc, Cancelled):
            show_error(self.parent_widget, self.ctx.tr, exc)

    def _done(self, result: Any) -> None:
        _ACTIVE.discard(self)
        self.result = result
        self.exported.emit(result)
        tr = self.ctx.tr
        box = QMessageBox(self.parent_widget)
        box.setObjectName("packageExportResult")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowTitle(tr.gettext("Export dossier package"))
        box.setIcon(QMessageBox.Icon.Information if result.pdf_problem is None
                    else QMessageBox.Icon.Warning)
        box.setText(tr.ngettext("Saved {name}: {size}, {count} attachment.",
                                "Saved {name}: {size}, {count} attachments.",
                                result.attachments).format(
            name=result.path.name, size=_mb(result.size, self.ctx), count=result.attachments))
        info = [str(result.path.parent)]
        if result.pdf_problem is not None:
            info.append(tr.gettext("The package holds no PDF: {reason}").format(
                reason=result.pdf_problem.render(tr)))
        box.setInformativeText("\n".join(info))
        folder = box.addButton(tr.gettext("Open folder"), QMessageBox.ButtonRole.ActionRole)
        folder.setObjectName("openFolder")
        close = box.addButton(tr.gettext("Close"), QMessageBox.ButtonRole.RejectRole)
        box.setEscapeButton(close)
        box.buttonClicked.connect(lambda b: open_url(QUrl.fromLocalFile(
            str(result.path.parent))) if b is folder else None)
        box.open()
        self.resultShown.emit(box)


def export_package(ctx: AppContext, app_id: int, parent: QWidget | None = None
                   ) -> PackageExport:
    """Ask where, then write the dossier package of application ``app_id``."""
    job = PackageExport(ctx, app_id, parent)
    _ACTIVE.add(job)
    job.start()
    return job


# ------------------------------------------------------------------ import
class PackageImportDialog(QDialog):
    """What a package holds and what importing it does (see the module docstring)."""

    checked = Signal(object)  # the ImportPlan, or the exception that refused the package
    imported = Signal(object)  # ImportResult

    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.path = ctx, Path(path)
        self.plan: pk.ImportPlan | None = None
        self.error: BaseException | None = None
        self.result: Any = None
        self.combos: dict[str, QComboBox] = {}
        _ = ctx.tr.gettext
        self.setObjectName("packageImportDialog")
        self.setWindowTitle(_("Import dossier package"))
        self.setSizeGripEnabled(True)
        self.resize(940, 640)
        self.file_label = QLabel()
        self.file_label.setObjectName("packageFile")
        self.file_label.setWordWrap(True)
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.made_label = QLabel()
        self.made_label.setObjectName("packageMadeBy")
        self.made_label.setWordWrap(True)
        self.verdict = QLabel(_("Checking every file of the package…"))
        self.verdict.setObjectName("packageVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.body)
        self.as_copy = QCheckBox(_("Import it again as a separate application"))
        self.as_copy.setObjectName("asCopy")
        self.as_copy.hide()
        self.as_copy.toggled.connect(self._update_buttons)
        self.buttons = QDialogButtonBox()
        self.pdf_button = QPushButton(_("Save the PDF…"))
        self.pdf_button.setObjectName("savePdf")
        self.pdf_button.setToolTip(_("Save the PDF from the package, to look at it before "
                                     "importing"))
        self.pdf_button.hide()
        self.pdf_button.clicked.connect(self.save_pdf)
        self.import_button = QPushButton(_("Import"))
        self.import_button.setObjectName("importPackage")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.pdf_button.hide()  # the box shows the buttons it is given: shown once there is one
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.file_label, self.made_label, self.verdict):
            layout.addWidget(w)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.as_copy)
        layout.addWidget(self.buttons)
        self.file_label.setText(_("Package: {name}").format(name=self.path.name))
        self.finished.connect(lambda _r: _ACTIVE.discard(self))

    # ---------------------------------------------------------------- checking
    def start(self) -> None:
        """Check the package (I/O lane), then plan the import (database lane)."""
        path = self.path
        self.ctx.runner.run(lambda: pk.inspect_iter(path), on_success=self._inspected,
                            on_failure=self._refused, parent=self, lane="io",
                            label=self.ctx.tr.gettext("Checking the package…"))

    def _inspected(self, package: pk.Package) -> None:
        db = self.ctx.db
        self.ctx.runner.run(lambda: pk.plan_import(db, package), on_success=self.show_plan,
                            on_failure=self._refused, parent=self)

    def _refused(self, exc: BaseException) -> None:
        from ui.tasks import Cancelled

        if isinstance(exc, Cancelled):
            self.reject()
            return
        tr = self.ctx.tr
        self.error = exc
        self.verdict.setStyleSheet(BAD_STYLE)
        if isinstance(exc, CoopError):
            message = exc.render(tr)
        else:
            message = tr.gettext("Something went wrong. Nothing was saved by this action.")
        self.verdict.setText("✖ " + tr.gettext("The package cannot be imported.") + "\n"
                             + controls.visible(message))
        self.import_button.hide()
        self.pdf_button.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr.gettext("Close"))
        self.checked.emit(exc)

    def show_plan(self, plan: pk.ImportPlan) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        self.plan = plan
        package = plan.package
        self.made_label.setText(_("Made by {who} on {when} with Coop Desktop {version}").format(
            who=text.made_by_text(package, tr), when=text.when_text(package.created_at, tr),
            version=package.manifest.app_version))
        self.verdict.setStyleSheet(OK_STYLE)
        self.verdict.setText("✔ " + tr.ngettext(
            "Checked: {count} file, every SHA-256 checksum matches the manifest.",
            "Checked: {count} files, every SHA-256 checksum matches the manifest.",
            package.files).format(count=package.files))
        self.body_layout.addWidget(self._application_box(plan))
        self.body_layout.addWidget(self._enterprise_box(plan))
        self.body_layout.addWidget(self._files_box(plan))
        for warning in plan.warnings:
            self.body_layout.addWidget(self._note(warning.render(tr)))
        if plan.earlier:
            lines = []
            for e in plan.earlier:
                title = controls.visible(e.title_zh if tr.language.startswith("zh")
                                         else e.title_en)
                if e.imported_at is None:
                    lines.append(_("Application {id} “{title}” on this computer is the one "
                                   "this package was made from.").format(id=e.app_id,
                                                                         title=title))
                else:
                    lines.append(_("Application {id} “{title}” was imported on {when}.")
                                 .format(id=e.app_id, title=title,
                                         when=text.when_text(e.imported_at, tr)))
            note = self._note(_("This application is already on this computer:") + "\n"
                              + "\n".join(lines))
            note.setObjectName("earlierCopy")
            self.body_layout.addWidget(note)
            self.as_copy.show()
        self.body_layout.addStretch(1)
        self.pdf_button.setVisible(package.has_pdf)
        self._update_buttons()
        self.checked.emit(plan)

    def _note(self, message: str) -> QLabel:
        label = QLabel(message)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setStyleSheet(NOTE_STYLE)
        return label

    def _lines(self, title: str, lines: list[str]) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        label = QLabel("\n".join(lines))
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(label)
        return box

    def _application_box(self, plan: pk.ImportPlan) -> QGroupBox:
        tr = self.ctx.tr
        _ = tr.gettext
        a, d = plan.application, plan.package.dossier
        v = controls.visible
        lines = [v(a["title_zh"]), v(a["title_en"]),
                 _("{status}, revision {revision}").format(
                     status=text.status_text(plan, tr), revision=a["revision"]),
                 tr.ngettext("{count} section", "{count} sections", len(d.sections)).format(
                     count=len(d.sections)) + " · " + tr.ngettext(
                     "{count} frozen revision", "{count} frozen revisions",
                     len(d.revisions)).format(count=len(d.revisions))]
        zone = plan.zone
        zone_text = {"match": _("Zone: {name} (found on this computer)"),
                     "create": _("Zone: {name} (will be added)"),
                     "deleted": _("Zone: {name} (in the recycle bin on this computer)")}
        if zone.action in zone_text:
            lines.append(zone_text[zone.action].format(name=v(zone.name_zh or "")))
        box = self._lines(_("Application"), lines)
        box.setObjectName("applicationBox")
        return box

    def _enterprise_box(self, plan: pk.ImportPlan) -> QGroupBox:
        tr = self.ctx.tr
        _ = tr.gettext
        ep = plan.enterprise
        name = controls.visible(ep.name_zh)
        box = QGroupBox(_("Enterprise"))
        box.setObjectName("enterpriseBox")
        layout = QVBoxLayout(box)
        if ep.action == "create":
            state = _("{name} (USCC {uscc}) is not on this computer yet: it will be created.")
        elif not ep.differences:
            state = _("{name} (USCC {uscc}) is on this computer, the same as in the package.")
        else:
            state = tr.ngettext(
                "{name} (USCC {uscc}) is on this computer; {count} field differs. Choose for "
                "each which value to keep. Where it was changed here later, this computer's "
                "value is kept unless you choose otherwise.",
                "{name} (USCC {uscc}) is on this computer; {count} fields differ. Choose for "
                "each which value to keep. Where it was changed here later, this computer's "
                "value is kept unless you choose otherwise.", len(ep.differences))
        label = QLabel(state.format(name=name, uscc=ep.uscc, count=len(ep.differences)))
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(label)
        if ep.differences:
            layout.addWidget(self._differences(plan))
        return box

    def _differences(self, plan: pk.ImportPlan) -> QTableWidget:
        tr = self.ctx.tr
        _ = tr.gettext
        diffs = plan.differences
        table = QTableWidget(len(diffs), 5)
        table.setObjectName("differences")
        table.setHorizontalHeaderLabels([_("Field"), _("On this computer"), _("In the package"),
                                         _("Changed last"), _("Keep")])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setWordWrap(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        for row, d in enumerate(diffs):
            mine, theirs = (text.value_text(d.field, d.mine, tr),
                            text.value_text(d.field, d.theirs, tr))
            if d.field == pk.TITLES:
                when = _("titles are only added")
            elif d.local_newer:
                when = _("here, {when}").format(when=text.when_text(d.mine_changed, tr))
            else:
                when = _("in the package, {when}").format(
                    when=text.when_text(d.theirs_changed, tr))
            for column, value in enumerate((text.field_label(d.field, tr), mine, theirs, when)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if column == 1 and d.local_newer:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                table.setItem(row, column, item)
            combo = QComboBox()
            combo.setObjectName(f"keep_{d.field}")
            if d.field == pk.TITLES:
                combo.addItem(_("Add the package's"), pk.THEIRS)
                combo.addItem(_("Keep as they are"), pk.MINE)
            else:
                combo.addItem(_("This computer's"), pk.MINE)
                combo.addItem(_("The package's"), pk.THEIRS)
            combo.setCurrentIndex(combo.findData(d.suggested))
            table.setCellWidget(row, 4, combo)
            self.combos[d.field] = combo
        table.resizeRowsToContents()
        height = table.horizontalHeader().height() + 4 + sum(
            table.rowHeight(r) for r in range(table.rowCount()))
        table.setMinimumHeight(min(height, 320))
        return table

    def _files_box(self, plan: pk.ImportPlan) -> QGroupBox:
        tr = self.ctx.tr
        _ = tr.gettext
        lines = []
        for a in plan.attachments:
            line = _("{name} ({size}), already attached here") if a.skip else \
                _("{name} ({size})")
            lines.append(line.format(name=controls.visible(a.name), size=_mb(a.size, self.ctx)))
        count = sum(1 for a in plan.attachments if not a.skip)
        title = tr.ngettext("Attachments: {count} file", "Attachments: {count} files",
                            count).format(count=count)
        box = self._lines(title, lines or [_("None")])
        box.setObjectName("attachmentsBox")
        return box

    def choices(self) -> dict[str, str]:
        return {name: combo.currentData() for name, combo in self.combos.items()}

    def _update_buttons(self) -> None:
        ready = self.plan is not None and (not self.plan.earlier or self.as_copy.isChecked())
        self.import_button.setEnabled(ready)

    # ---------------------------------------------------------------- actions
    def save_pdf(self) -> None:
        if self.plan is None:
            return
        tr = self.ctx.tr
        package = self.plan.package
        path = ask_save_path_pdf(self, tr.gettext("Save the PDF as"),
                                 str(_folder() / (self.path.stem + ".pdf")))
        if not path:
            return

        def done(target: Path) -> None:
            open_url(QUrl.fromLocalFile(str(target)))

        self.ctx.runner.run(lambda: pk.extract_pdf(package, Path(path)), on_success=done,
                            parent=self, lane="io")

    def start_import(self) -> None:
        if self.plan is None or not self.import_button.isEnabled():
            return
        from coop_desktop.services import backups

        plan, choices, as_copy = self.plan, self.choices(), self.as_copy.isChecked()
        db, folder = self.ctx.db, backups.backup_folder(self.ctx.settings)
        self.import_button.setEnabled(False)
        self.ctx.runner.run(
            lambda: pk.apply_iter(db, plan, choices, as_copy=as_copy, backup_dir=folder),
            on_success=self._imported, on_failure=self._import_failed, parent=self,
            label=self.ctx.tr.gettext("Importing the dossier package…"))

    def _import_failed(self, exc: BaseException) -> None:
        from ui.tasks import Cancelled, show_error

        self._update_buttons()
        if not isinstance(exc, Cancelled):
            show_error(self, self.ctx.tr, exc)
        if isinstance(exc, ConflictError) and self.plan is not None:
            self.replan()  # changed here meanwhile: show the differences as they are now

    def replan(self) -> None:
        """Plan the import again (the records here changed since the dialog showed them)."""
        assert self.plan is not None
        package = self.plan.package
        self.plan = None
        self.combos.clear()
        self.as_copy.setChecked(False)
        self.as_copy.hide()
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self._update_buttons()
        self._inspected(package)

    def _imported(self, result: Any) -> None:
        self.result = result
        hub = self.ctx.hub
        hub.changed.emit(result.changes)
        hub.changed.emit(Changes("enterprise", (result.enterprise_id,),
                                 action="create" if result.enterprise_created else "update"))
        self.imported.emit(result)
        self.accept()


def ask_save_path_pdf(parent: QWidget | None, title: str, suggested: str) -> str:
    path, _f = QFileDialog.getSaveFileName(parent, title, suggested, "PDF (*.pdf)")
    if path and not path.lower().endswith(".pdf"):
        path += ".pdf"
    return path


def import_package(ctx: AppContext, parent: QWidget | None = None, *,
                   path: str | Path | None = None) -> PackageImportDialog | None:
    """Ask for a package (unless ``path``), open the dialog and start checking it."""
    if path is None:
        path = ask_open_path(parent, ctx.tr.gettext("Import dossier package"), str(_folder()),
                             _filter(ctx))
        if not path:
            return None
        QSettings().setValue(SETTINGS_FOLDER, str(Path(path).parent))
    dialog = PackageImportDialog(ctx, Path(path), parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _ACTIVE.add(dialog)
    dialog.open()
    dialog.start()
    return dialog
