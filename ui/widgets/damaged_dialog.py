"""What the officer sees when the database file turns out to be damaged.

Shown at start (the file failed its check on opening) or while working (the background
check, or SQLite itself, found damage). By then nothing more is written to the file and a
raw copy of it has been kept aside (``<name>.damaged-<date>``). The choices:

* **Restore the newest backup** — named with its date and what it holds;
* **Choose another backup…** — the backups list;
* **Open read-only** — look at (and copy out) whatever can still be read;
* **Quit**.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from coop_desktop.services.storage import BackupInfo
from coop_desktop.i18n.catalog import Translator
from coop_desktop.i18n.formatting import format_datetime
from ui.widgets.backups_dialog import describe

RESTORE_NEWEST, CHOOSE, READ_ONLY, QUIT = "restore", "choose", "read_only", "quit"


class DamagedDialog(QDialog):
    def __init__(self, tr: Translator, *, path: Path, reason: str, kept: Path | None,
                 newest: BackupInfo | None, running: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _ = tr.gettext
        self.setObjectName("damagedDialog")
        self.setWindowTitle(_("The database is damaged"))
        self.choice = QUIT
        layout = QVBoxLayout(self)
        parts = [_("Coop Desktop found damage in the database file {path}.").format(path=path),
                 _("Nothing more will be written to it.")]
        if kept is not None:
            parts.append(_("A copy of the damaged file was kept as {file}.").format(file=kept))
        if newest is not None:
            parts.append(_("The newest backup is from {backup}. Changes made after it are not "
                           "in it; you can copy them out of the damaged file with the read-only "
                           "view first.").format(backup=describe(newest, tr)))
        else:
            parts.append(_("No backup of this database was found. Open it read-only to rescue "
                           "what can still be read."))
        text = QLabel("\n\n".join(parts))
        text.setWordWrap(True)
        text.setObjectName("damagedText")
        layout.addWidget(text)
        # SQLite's own words are for whoever helps the officer, not for the officer: shown
        # only on request.
        self.details = QPlainTextEdit(reason)
        self.details.setReadOnly(True)
        self.details.setObjectName("damageDetails")
        self.details.setMaximumHeight(70)
        self.details.setVisible(False)
        self.details_button = QPushButton(_("Technical details"))
        self.details_button.setFlat(True)
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self.details.setVisible)
        if reason:
            layout.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(self.details)
        self.buttons: dict[str, QPushButton] = {}
        options = []
        if newest is not None:
            options.append((RESTORE_NEWEST, _("Restore the backup of {date}").format(
                date=format_datetime(newest.created, tr))))
        options += [(CHOOSE, _("Choose another backup…")),
                    (READ_ONLY, _("Keep working read-only") if running else _("Open read-only")),
                    (QUIT, _("Quit"))]
        for key, label in options:
            button = QPushButton(label)
            button.setObjectName(f"damaged_{key}")
            button.clicked.connect(lambda _c=False, k=key: self._choose(k))
            layout.addWidget(button)
            self.buttons[key] = button
        first = self.buttons.get(RESTORE_NEWEST) or self.buttons[READ_ONLY]
        first.setDefault(True)
        self.setMinimumWidth(560)

    def _choose(self, key: str) -> None:
        self.choice = key
        self.accept()

    def reject(self) -> None:
        self.choice = QUIT
        super().reject()
