"""The files kept with an enterprise (and optionally one of its applications).

Embedding contract (the enterprise and application editors use it)::

    panel = AttachmentsPanel(ctx, parent)
    panel.set_target(enterprise_id, application_id)   # None, None: nothing to show
    panel.set_read_only(True)                          # e.g. a submitted application

With an application, the panel lists and adds that application's attachments; with only an
enterprise, all of the enterprise's (those of its applications included).

Files come in through **Add…** or by **dropping** them from the file manager onto the
panel; either way the same small dialog asks for each file's type (guessed from its name),
expiry and note, so nothing is stored with a wrong type by accident. Copying into the store
(hashing included) runs on the database lane with a progress dialog for big files; the
files that could not be attached are listed afterwards with the reason. **Open** copies the
verified file to a temporary folder and hands it to the system's viewer; a missing or
changed file is refused with the service's explanation. Delete puts attachments in the
recycle bin, with Undo in the status bar. The names shown are the sanitised names the files
had (``attachments.display_name``): never a path.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QByteArray, QEvent, QItemSelectionModel, QObject, QSortFilterProxyModel, Qt, QUrl,
)
from PySide6.QtGui import (
    QAction, QDesktopServices, QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent,
    QGuiApplication,
)
from PySide6.QtWidgets import (
    QAbstractItemView, QFileDialog, QFrame, QHBoxLayout, QHeaderView, QLabel, QMenu, QMessageBox,
    QPushButton, QStackedWidget, QTableView, QVBoxLayout, QWidget,
)

from coop_desktop.errors import CoopError
from coop_desktop.models import AttachmentRead
from coop_desktop.services import attachments
from coop_desktop.services.outcome import Changes, Outcome
from ui.context import AppContext, UndoEntry
from ui.models.attachment_table import COL_NAME, AttachmentTableModel, format_size
from ui.models.row_table import SORT_ROLE
from ui.tasks import Cancelled, show_error
from ui.widgets.attachment_dialog import AttachmentDialog, PendingFile
from ui.widgets.bilingual_fields import notify, show_failure
from ui.widgets.table_keys import handle_table_keys

#: Besides attachments themselves, a parent deleted or restored changes what is listed.
_PARENT_KINDS = frozenset({"enterprise", "application"})
DROP_STYLE = "QFrame#attachmentsFrame[dropping=\"true\"] { border: 2px dashed #1a73e8; }"
_open_folder: Path | None = None


def choose_files(parent: QWidget, title: str) -> list[str]:
    """Files to attach ([] when cancelled); a function so tests can replace it."""
    return QFileDialog.getOpenFileNames(parent, title, str(Path.home()))[0]


def open_url(url: QUrl) -> bool:
    """Hand a file to the system's viewer (a function so tests can replace it)."""
    return QDesktopServices.openUrl(url)


def open_folder() -> Path:
    """A private temporary folder for the copies opened in other programs (one per run)."""
    global _open_folder
    if _open_folder is None or not _open_folder.is_dir():
        _open_folder = Path(tempfile.mkdtemp(prefix="coop-desktop-open-"))
        # Removed at exit (a viewer that still holds a file open on Windows: left behind).
        atexit.register(shutil.rmtree, _open_folder, ignore_errors=True)
    return _open_folder


def local_files(urls: list[QUrl]) -> list[Path]:
    return [Path(u.toLocalFile()) for u in urls if u.isLocalFile() and u.toLocalFile()]


class AttachmentsPanel(QWidget):
    """See the module docstring."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentsPanel")
        self.ctx = ctx
        self.enterprise_id: int | None = None
        self.application_id: int | None = None
        self.read_only = False
        self.dialog: AttachmentDialog | None = None
        self._seq = 0
        self._wanted: int | None = None
        self.model = AttachmentTableModel(ctx.tr, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView(objectName="attachmentsTable")
        self.table.setModel(self.proxy)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # (unsorted at first: the service's order, by type)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # keep the extension
        self.table.verticalHeader().hide()
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.installEventFilter(self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.empty = QLabel(objectName="attachmentsEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #5f6368;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.frame = QFrame(objectName="attachmentsFrame")
        self.frame.setStyleSheet(DROP_STYLE)
        QVBoxLayout(self.frame).addWidget(self.stack)
        self.frame.layout().setContentsMargins(0, 0, 0, 0)

        self.add_button = QPushButton(objectName="attachmentAdd")
        self.open_button = QPushButton(objectName="attachmentOpen")
        self.edit_button = QPushButton(objectName="attachmentEdit")
        self.delete_button = QPushButton(objectName="attachmentDelete")
        self.add_button.clicked.connect(self.add)
        self.open_button.clicked.connect(self.open_selected)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.summary = QLabel(objectName="attachmentsSummary")
        self.summary.setStyleSheet("color: #5f6368;")
        self.copy_sha_action = QAction(self)
        self.copy_sha_action.triggered.connect(self.copy_checksum)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.frame, 1)
        self.setAcceptDrops(True)

        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        ctx.lang.changed.connect(self.retranslate_ui)
        ctx.hub.changed.connect(self._on_changes)
        self.retranslate_ui()

    # ------------------------------------------------------------------ contract
    def set_target(self, enterprise_id: int | None, application_id: int | None) -> None:
        """Show the attachments of this enterprise (and application); None: nothing."""
        if enterprise_id is None:
            application_id = None
        changed = (enterprise_id, application_id) != (self.enterprise_id, self.application_id)
        self.enterprise_id, self.application_id = enterprise_id, application_id
        if changed:
            self.model.set_rows([])
        self.reload()

    def set_read_only(self, read_only: bool) -> None:
        """Only list and open (no adding, editing, deleting or dropping)."""
        self.read_only = read_only
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setVisible(not read_only)
        self._update_buttons()

    # ------------------------------------------------------------------ i18n
    def retranslate_ui(self) -> None:
        _ = self.ctx.tr.gettext
        self.add_button.setText(_("Add…"))
        self.add_button.setToolTip(_("Attach files (you can also drop them here)"))
        self.open_button.setText(_("Open"))
        self.open_button.setToolTip(_("Check the file and open a copy with its program"))
        self.edit_button.setText(_("Edit…"))
        self.delete_button.setText(_("Delete"))
        self.copy_sha_action.setText(_("Copy SHA-256 checksum"))
        self.model.set_translator(self.ctx.tr)
        self._fit_columns()
        self._update_buttons()

    def _fit_columns(self) -> None:
        header = self.table.horizontalHeader()
        for column in range(1, self.model.columnCount()):
            self.table.resizeColumnToContents(column)
            width = max(header.sectionSize(column),
                        header.fontMetrics().horizontalAdvance(
                            str(self.model.headerData(column, Qt.Orientation.Horizontal))) + 28)
            header.resizeSection(column, min(width + 8, 220))

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        self._seq += 1
        seq, db = self._seq, self.ctx.db
        enterprise_id, application_id = self.enterprise_id, self.application_id
        if enterprise_id is None:
            self._show([])
            return

        def fetch() -> tuple[int, list[AttachmentRead]]:
            return seq, attachments.list_for(db, enterprise_id, application_id)

        def shown(result: tuple[int, list[AttachmentRead]]) -> None:
            if result[0] == self._seq:
                self._show(result[1])

        self.ctx.runner.run(fetch, on_success=shown, parent=self)

    def _show(self, rows: list[AttachmentRead]) -> None:
        keep = self._wanted or next((a.id for a in self.selected()), None)
        self._wanted = None
        self.model.set_rows(rows)
        if keep is not None and (row := self.model.row_of(keep)) >= 0:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        self._fit_columns()
        self._update_buttons()

    def _on_changes(self, changes: object) -> None:
        if not isinstance(changes, Changes) or self.enterprise_id is None:
            return
        if changes.kind == "attachment" or (changes.kind in _PARENT_KINDS
                                            and changes.action in ("delete", "restore")):
            self.reload()

    # ------------------------------------------------------------------ state
    def selected(self) -> list[AttachmentRead]:
        rows = sorted({self.proxy.mapToSource(i).row()
                       for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r] for r in rows if r < len(self.model.rows)]

    def can_add(self) -> bool:
        return self.enterprise_id is not None and not self.read_only

    def _update_buttons(self) -> None:
        tr = self.ctx.tr
        _ = tr.gettext
        picked = self.selected()
        self.add_button.setEnabled(self.can_add())
        self.open_button.setEnabled(len(picked) == 1)
        self.edit_button.setEnabled(len(picked) == 1 and not self.read_only)
        self.delete_button.setEnabled(bool(picked) and not self.read_only)
        rows = self.model.rows
        if self.read_only:
            self.empty.setText(_("No files are attached."))
        elif self.enterprise_id is None:
            self.empty.setText(_("Save the enterprise first; then files can be attached here."))
        else:
            self.empty.setText(_("No files are attached yet.\nDrop files here or use Add…"))
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        total = sum(a.size for a in rows)
        self.summary.setText(tr.ngettext("{count} file, {size}", "{count} files, {size}",
                                         len(rows)).format(count=len(rows),
                                                           size=format_size(total, tr))
                             if rows else "")

    # ------------------------------------------------------------------ adding
    def add(self) -> AttachmentDialog | None:
        if not self.can_add():
            return None
        paths = choose_files(self, self.ctx.tr.gettext("Attach files"))
        return self.add_files([Path(p) for p in paths]) if paths else None

    def add_files(self, paths: list[Path]) -> AttachmentDialog | None:
        """Ask for the files' type, expiry and note (the dialog is returned), then attach."""
        if not self.can_add() or not paths:
            return None
        dialog = AttachmentDialog(self.ctx, self, files=paths)
        dialog.submitted.connect(lambda files: (dialog.accept(), self._attach(files)))
        return self._open(dialog)

    def _attach(self, files: list[PendingFile]) -> None:
        tr, db = self.ctx.tr, self.ctx.db
        enterprise_id, application_id = self.enterprise_id, self.application_id
        assert enterprise_id is not None
        added: list[int] = []
        failed: list[tuple[str, BaseException]] = []
        repaired: list[tuple[str, Any]] = []  # re-attached: the damaged stored copy was mended
        n = len(files)

        def job() -> Any:
            for i, f in enumerate(files):
                yield i, n
                try:
                    out = attachments.add(db, f.path, enterprise_id=enterprise_id,
                                          application_id=application_id, kind=f.kind,
                                          expires_on=f.expires_on, note=f.note)
                except attachments.StoredCopyRepaired as exc:
                    repaired.append((f.name, exc))
                except CoopError as exc:
                    failed.append((f.name, exc))
                else:
                    added.append(out.value.id)
            yield n, n
            return Outcome(list(added), Changes("attachment", tuple(added), action="create",
                                                related=("enterprise",)))

        label = tr.ngettext("Attach {count} file", "Attach {count} files", n).format(count=n)
        undo = UndoEntry(label, lambda: attachments.delete(db, list(added)))

        def done(_outcome: Any) -> None:
            if not added and self.ctx.undo_stack and self.ctx.undo_stack[-1] is undo:
                self.ctx.undo_stack.pop()
            self._wanted = added[-1] if added else None
            if repaired:  # good news, not a failure: say so and show the record it mended
                attachment = getattr(repaired[-1][1], "attachment", None)
                self._wanted = getattr(attachment, "id", self._wanted)
                notify(self, "  ".join(exc.render(tr) for _name, exc in repaired))
                self.ctx.hub.changed.emit(Changes("attachment", (), related=("enterprise",)))
            self._report(len(added), failed)

        def stopped(exc: BaseException) -> None:
            if added:  # cancelled between two files: keep (and announce) what was attached
                self.ctx.undo_stack.append(undo)
                self.ctx.hub.changed.emit(Changes("attachment", tuple(added), action="create",
                                                  related=("enterprise",)))
            if not isinstance(exc, Cancelled):
                show_error(self, tr, exc)
            self._report(len(added), failed)

        self.ctx.mutate(job, parent=self, undo=undo, on_success=done, on_failure=stopped,
                        label=tr.ngettext("Attaching {count} file…", "Attaching {count} files…",
                                          n).format(count=n))

    def _report(self, added: int, failed: list[tuple[str, BaseException]]) -> None:
        tr = self.ctx.tr
        if added:
            notify(self, tr.ngettext("{count} file attached.", "{count} files attached.",
                                     added).format(count=added), undoable=True)
        if not failed:
            return
        lines = [tr.ngettext("{count} file was not attached:", "{count} files were not attached:",
                             len(failed)).format(count=len(failed))]
        for name, exc in failed:
            reason = exc.render(tr) if isinstance(exc, CoopError) else str(exc)
            lines.append(f"• {name}: {reason}")
        box = QMessageBox(QMessageBox.Icon.Warning, tr.gettext("Attach files"), "\n".join(lines),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("attachFailures")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # ------------------------------------------------------------------ drag and drop
    def _accepts(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        mime = event.mimeData()
        return self.can_add() and mime.hasUrls() and bool(local_files(mime.urls()))

    def _set_dropping(self, on: bool) -> None:
        self.frame.setProperty("dropping", on)
        self.frame.style().unpolish(self.frame)
        self.frame.style().polish(self.frame)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self._accepts(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self._set_dropping(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        if self._accepts(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802 - Qt override
        self._set_dropping(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        self._set_dropping(False)
        if not self._accepts(event):
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        paths = local_files(event.mimeData().urls())
        files = [p for p in paths if p.is_file()]
        skipped = [p for p in paths if not p.is_file()]
        if skipped:
            names = ", ".join(attachments.display_name(p.name) for p in skipped)
            notify(self, self.ctx.tr.gettext("Only files can be attached; skipped: {names}")
                   .format(names=names))
        if files:
            self.add_files(files)

    # ------------------------------------------------------------------ open, edit, delete
    def open_selected(self) -> None:
        picked = self.selected()
        if len(picked) != 1:
            return
        att, db, folder = picked[0], self.ctx.db, open_folder()
        tr = self.ctx.tr

        def opened(path: Path) -> None:
            if not open_url(QUrl.fromLocalFile(str(path))):
                notify(self, tr.gettext("No program is set up to open “{name}”.").format(
                    name=att.original_name))

        self.ctx.runner.run(lambda: attachments.copy_out(db, att.id, folder), on_success=opened,
                            parent=self, label=tr.gettext("Checking and opening “{name}”…")
                            .format(name=att.original_name))

    def edit_selected(self) -> AttachmentDialog | None:
        picked = self.selected()
        if len(picked) != 1 or self.read_only:
            return None
        att, db = picked[0], self.ctx.db
        dialog = AttachmentDialog(self.ctx, self, attachment=att)
        before = {"original_name": att.original_name, "kind": att.kind,
                  "expires_on": att.expires_on, "note": att.note}

        def submit(values: dict[str, Any]) -> None:
            def saved(_outcome: Any) -> None:
                dialog.accept()
                notify(self, self.ctx.tr.gettext("Attachment saved."), undoable=True)

            undo = UndoEntry(self.ctx.tr.gettext("Edit attachment"),
                             lambda: attachments.update(db, att.id, before))
            self.ctx.mutate(lambda: attachments.update(db, att.id, values), parent=dialog,
                            undo=undo, on_success=saved,
                            on_failure=lambda exc: show_failure(dialog, self.ctx.tr, exc, dialog))

        dialog.submitted.connect(submit)
        return self._open(dialog)

    def _open(self, dialog: AttachmentDialog) -> AttachmentDialog:
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def delete_selected(self) -> None:
        picked = self.selected()
        if not picked or self.read_only:
            return
        tr, db, ids, n = self.ctx.tr, self.ctx.db, [a.id for a in picked], len(picked)
        label = tr.ngettext("Delete {count} attachment", "Delete {count} attachments",
                            n).format(count=n)
        self.ctx.mutate(lambda: attachments.delete(db, ids), parent=self,
                        undo=UndoEntry(label, lambda: attachments.restore(db, ids)),
                        on_success=lambda _o: notify(self, tr.ngettext(
                            "{count} attachment moved to the recycle bin.",
                            "{count} attachments moved to the recycle bin.", n).format(count=n),
                            undoable=True))

    def copy_checksum(self) -> None:
        picked = self.selected()
        if picked:
            QGuiApplication.clipboard().setText("\n".join(a.sha256 for a in picked))

    # ------------------------------------------------------------------ keys and menu
    def _context_menu(self, pos: Any) -> None:
        _ = self.ctx.tr.gettext
        picked = self.selected()
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        open_action = menu.addAction(_("Open"), self.open_selected)
        open_action.setEnabled(len(picked) == 1)
        if not self.read_only:
            menu.addAction(_("Edit…"), self.edit_selected).setEnabled(len(picked) == 1)
            menu.addAction(_("Delete"), self.delete_selected).setEnabled(bool(picked))
        menu.addSeparator()
        menu.addAction(self.copy_sha_action)
        self.copy_sha_action.setEnabled(bool(picked))
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Delete and Enter act on this table, not on the window's shortcuts."""
        if watched is self.table and handle_table_keys(event, delete=self.delete_selected,
                                                      open_=self.open_selected):
            return True
        return super().eventFilter(watched, event)

    def save_state(self) -> QByteArray:
        """The column widths and order (for the embedding page's QSettings)."""
        return self.table.horizontalHeader().saveState()

    def restore_state(self, state: object) -> None:
        if isinstance(state, QByteArray):
            self.table.horizontalHeader().restoreState(state)
