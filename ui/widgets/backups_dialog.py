"""File ▸ Backups…: the verified backups of this database, and putting one back.

The list shows each backup's date, why it was taken, its size, what it holds (record
counts) and whether it was verified. **Back up now** takes one on a worker thread;
**Restore…** asks for confirmation and hands the chosen file to ``restore_requested``:
the main window closes the database, restores it (the current file is first saved as a
backup of its own, so a restore can itself be undone) and opens the result. The same
dialog, without "Back up now", lets the user pick a backup for a damaged database before
any window exists (``pick_only``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from coop_desktop.services import storage
from coop_desktop.services.storage import BackupInfo
from coop_desktop.i18n.catalog import Translator
from coop_desktop.i18n.formatting import format_datetime, format_number
from coop_desktop.services import backups


def describe(info: BackupInfo, tr: Translator) -> str:
    """One line for messages: date, why, what it holds."""
    return tr.gettext("{date} ({reason}): {counts}").format(
        date=format_datetime(info.created, tr),
        reason=tr.gettext(backups.REASON_LABELS.get(info.reason, info.reason)),
        counts=backups.describe_counts(info.counts, tr) or "—")


def size_text(n: int, tr: Translator) -> str:
    """``5.6 MB`` / ``840 KB`` in the user's number format."""
    if n >= 1024 * 1024:
        mb = (Decimal(n) / (1024 * 1024)).quantize(Decimal("0.1"))
        return tr.gettext("{size} MB").format(size=format_number(mb, tr))
    return tr.gettext("{size} KB").format(size=format_number(max(1, round(n / 1024)), tr))


class BackupsDialog(QDialog):
    restore_requested = Signal(object)  # Path of the backup file

    def __init__(self, tr: Translator, db_path: Path, *, backup_dir: Path,
                 interval_min: int = 30,
                 back_up: Callable[[Callable[[], None]], None] | None = None,
                 pick_only: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = tr.gettext
        self.tr, self.db_path, self.backup_dir = tr, Path(db_path), Path(backup_dir)
        self.folder = storage.backup_folder_of(self.db_path, self.backup_dir)
        self._back_up = back_up
        self.setObjectName("backupsDialog")
        self.setWindowTitle(_("Backups"))
        self.infos: list[BackupInfo] = []
        layout = QVBoxLayout(self)
        if interval_min:
            text = _("Coop Desktop backs up this database automatically when it has changed "
                     "(every {minutes} minutes while you work, when you quit, and before risky "
                     "operations) and checks every copy. Backups are kept in {folder}.")
        else:
            text = _("Automatic backups while you work are turned off (Settings); Coop Desktop "
                     "still backs up when you quit and before risky operations. Backups are "
                     "kept in {folder}.")
        self.intro = QLabel(text.format(minutes=interval_min, folder=self.folder))
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("backupsTable")
        self.table.setHorizontalHeaderLabels([_("Date"), _("Why"), _("Size"), _("Records"),
                                              _("Checked")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col in (0, 1, 2, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel(_("There are no backups of this database yet."))
        layout.addWidget(self.empty_label)
        row = QHBoxLayout()
        self.backup_button = QPushButton(_("Back up now"))
        self.backup_button.setObjectName("backUpNow")
        self.backup_button.clicked.connect(self.back_up_now)
        self.backup_button.setVisible(not pick_only and back_up is not None)
        self.restore_button = QPushButton(_("Restore…"))
        self.restore_button.setObjectName("restoreBackup")
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button = QPushButton(_("Open the folder"))
        self.folder_button.clicked.connect(self._open_folder)
        for button in (self.backup_button, self.restore_button, self.folder_button):
            row.addWidget(button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.resize(860, 440)
        self.reload()

    # ------------------------------------------------------------------ list
    def reload(self) -> None:
        tr = self.tr
        try:
            self.infos = backups.list_backups(self.db_path, backup_dir=self.backup_dir)
        except OSError:
            self.infos = []
        self.table.setRowCount(len(self.infos))
        for r, info in enumerate(self.infos):
            checked = (tr.gettext("Verified") if info.verified
                       else tr.gettext("Unreadable") if info.problem else tr.gettext("Not verified"))
            cells = (format_datetime(info.created, tr),
                     tr.gettext(backups.REASON_LABELS.get(info.reason, info.reason)),
                     size_text(info.size, tr), backups.describe_counts(info.counts, tr) or "—", checked)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                self.table.setItem(r, c, item)
        self.empty_label.setVisible(not self.infos)
        if self.infos:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.infos[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        info = self.selected()
        self.restore_button.setEnabled(info is not None and info.problem is None)

    # ------------------------------------------------------------------ actions
    def back_up_now(self) -> None:
        if self._back_up is None:
            return
        self.backup_button.setEnabled(False)

        def done() -> None:
            self.backup_button.setEnabled(True)
            self.reload()

        self._back_up(done)

    def restore_selected(self) -> QMessageBox | None:
        info = self.selected()
        if info is None or info.problem is not None:
            return None
        _ = self.tr.gettext
        box = QMessageBox(QMessageBox.Icon.Question, _("Restore a backup"),
                          _("Replace the database with the backup of {backup}?").format(
                              backup=describe(info, self.tr)),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("confirmRestore")
        box.setInformativeText(_("The current database is first saved as a backup of its own, "
                                 "so this restore can be undone the same way."))
        yes = box.addButton(_("Restore"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)

        def chosen(_result: int) -> None:
            if box.clickedButton() is yes:
                self.restore_requested.emit(info.path)
                self.accept()

        box.finished.connect(chosen)
        box.open()
        return box

    def _open_folder(self) -> None:
        folder = self.infos[0].path.parent if self.infos else self.backup_dir
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
