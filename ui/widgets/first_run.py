"""The first-run setup: officer name, organisation, language, backup folder, and how to start
(an empty database, a demo database to look around in, or an import of a spreadsheet).

It appears once — when there is no settings file yet and no database was named on the
command line or in ``$COOP_DESKTOP_DB`` (``needed``) — and never again unless asked for
(Help ▸ Run the setup again…, which offers the same fields for the open window, without the
start choice). Whether it was done is ``AppSettings.first_run_done``; a settings file written
before this setup existed counts as done, and so does Skip.

The demo goes into a database of its own (``demo.sqlite`` in the user's data folder) opened
for this session only: invented enterprises never mix with the officer's records, and the
next start opens the real (default) database.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton, QVBoxLayout, QWidget,
)

from coop_desktop import paths
from coop_desktop.services.storage import default_actor
from coop_desktop.settings import AppSettings
from ui import icons

START_EMPTY, START_DEMO, START_IMPORT = "empty", "demo", "import"
LANGUAGES = (("zh_CN", "中文"), ("en", "English"))
#: How many enterprises the demo database gets.
DEMO_ENTERPRISES = 300


def needed(settings: AppSettings, given_db: Path | None) -> bool:
    """Whether ``ui.app.main`` shows the setup: a first start, with no database named."""
    if settings.first_run_done or settings.database_unknown or settings.load_problem:
        return False
    if given_db is not None or os.environ.get(paths.DB_ENV_VAR):
        return False
    return not AppSettings.file().exists()


def demo_path() -> Path:
    return paths.user_data_dir() / "demo.sqlite"


class FirstRunDialog(QDialog):
    """The setup; ``lang`` is the application's ``UiLanguage`` (switched live here)."""

    def __init__(self, settings: AppSettings, lang: Any, *, offer_start: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.lang = lang
        self.offer_start = offer_start
        self.choice: str | None = None
        self.setObjectName("firstRunDialog")
        self.setWindowIcon(icons.app_icon())
        self.logo = QLabel()
        self.logo.setPixmap(icons.app_icon().pixmap(56, 56))
        self.heading = QLabel()
        self.heading.setObjectName("firstRunHeading")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.intro = QLabel()
        self.intro.setWordWrap(True)

        self.officer = QLineEdit(settings.officer_name)
        self.officer.setObjectName("firstRunOfficer")
        self.officer.setMaxLength(100)
        self.org_zh = QLineEdit(settings.organisation_zh)
        self.org_en = QLineEdit(settings.organisation_en)
        self.language = QComboBox()
        self.language.setObjectName("firstRunLanguage")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(lang.language)))
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.backup = QLineEdit(settings.backup_dir)
        self.backup.setObjectName("firstRunBackup")
        self.backup.setPlaceholderText(str(paths.default_backup_dir()))
        self.backup_button = QPushButton()
        self.backup_button.clicked.connect(self._choose_backup)
        backup_row = QHBoxLayout()
        backup_row.addWidget(self.backup, 1)
        backup_row.addWidget(self.backup_button)
        self.labels = [QLabel() for _ in range(5)]
        form = QFormLayout()
        for label, field in zip(self.labels, (self.officer, self.org_zh, self.org_en,
                                              self.language, backup_row), strict=True):
            form.addRow(label, field)
        self.backup_note = QLabel()
        self.backup_note.setWordWrap(True)
        self.backup_note.setForegroundRole(self.backup_note.foregroundRole())
        form.addRow("", self.backup_note)

        self.start_box = QGroupBox()
        self.start_box.setObjectName("firstRunStart")
        self.start_group = QButtonGroup(self)
        self.start_buttons: dict[str, QRadioButton] = {}
        start_layout = QVBoxLayout(self.start_box)
        for key in (START_EMPTY, START_DEMO, START_IMPORT):
            button = QRadioButton()
            button.setObjectName(f"firstRunStart_{key}")
            self.start_group.addButton(button)
            self.start_buttons[key] = button
            start_layout.addWidget(button)
        self.start_buttons[START_EMPTY].setChecked(True)
        self.start_note = QLabel()
        self.start_note.setWordWrap(True)
        start_layout.addWidget(self.start_note)
        self.start_box.setVisible(offer_start)

        self.error = QLabel()
        self.error.setObjectName("firstRunError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("firstRunOk")
        self.skip_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.skip_button.setObjectName("firstRunSkip")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.logo)
        heads = QVBoxLayout()
        heads.addWidget(self.heading)
        heads.addWidget(self.intro)
        top.addLayout(heads, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.start_box)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        lang.changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self.resize(620, self.sizeHint().height())

    @classmethod
    def again(cls, window: Any) -> FirstRunDialog:
        """Help ▸ Run the setup again: the same fields for the open window (no start choice);
        saving applies them at once (the audit actor, the language, the backup folder)."""
        dialog = cls(window.ctx.settings, window.ctx.lang, offer_start=False, parent=window)
        dialog.window_ = window
        return dialog

    # ------------------------------------------------------------------ texts
    def retranslate_ui(self) -> None:
        _ = self.lang.tr.gettext
        self.setWindowTitle(_("Welcome to Coop Desktop"))
        self.heading.setText(_("Welcome to Coop Desktop"))
        self.intro.setText(_("A few details before you start. You can change all of them later "
                             "in Settings, or run this setup again from the Help menu."))
        texts = (_("Your name:"), _("Organisation (Chinese):"), _("Organisation (English):"),
                 _("Language:"), _("Backup folder:"))
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.officer.setPlaceholderText(_("recorded as the author of every change"))
        self.org_zh.setPlaceholderText(_("e.g. 常州市工业和信息化局"))
        self.org_en.setPlaceholderText(_("e.g. Changzhou Bureau of Industry and IT"))
        self.backup_button.setText(_("Choose…"))
        self.backup_note.setText(_("Backups are made automatically while you work. A folder on "
                                   "another drive (a USB disk) also protects against a broken "
                                   "laptop. Empty: the default folder shown."))
        self.start_box.setTitle(_("How do you want to start?"))
        self.start_buttons[START_EMPTY].setText(_("With an empty database, to enter my own records"))
        self.start_buttons[START_DEMO].setText(_("With demo data, to look around first"))
        self.start_buttons[START_IMPORT].setText(_("By importing enterprises from a spreadsheet "
                                                   "(Excel or CSV)"))
        self.start_note.setText(_("The demo data is a separate database of invented "
                                  "enterprises, opened this time only; your own database opens "
                                  "at the next start."))
        self.ok_button.setText(_("Start") if self.offer_start else _("Save"))
        self.skip_button.setText(_("Skip") if self.offer_start else _("Cancel"))

    def _language_chosen(self, _index: int) -> None:
        code = self.language.currentData()
        if code and code != self.lang.language:
            self.lang.set_language(code)

    def _choose_backup(self) -> None:
        _ = self.lang.tr.gettext
        start = self.backup.text().strip() or str(paths.default_backup_dir())
        folder = QFileDialog.getExistingDirectory(self, _("Choose the backup folder"), start)
        if folder:
            self.backup.setText(folder)

    # ------------------------------------------------------------------ saving
    def start_choice(self) -> str:
        if not self.offer_start:
            return START_EMPTY
        return next(k for k, b in self.start_buttons.items() if b.isChecked())

    def _backup_problem(self, text: str) -> str:
        _ = self.lang.tr.gettext
        if not text:
            return ""
        folder = Path(text).expanduser()
        if folder.exists() and not folder.is_dir():
            return _("{path} is a file, not a folder. Choose a folder for the backups."
                     ).format(path=folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".coop-write-test-"):
                pass
        except OSError as exc:
            return _("Backups cannot be written to {path} ({reason}). Choose a folder you can "
                     "write to.").format(path=folder, reason=exc.strerror or exc)
        return ""

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    def accept(self) -> None:
        _ = self.lang.tr.gettext
        backup = self.backup.text().strip()
        problem = self._backup_problem(backup)
        if problem:
            self._fail(problem)
            self.backup.setFocus()
            return
        s = self.settings
        s.officer_name = " ".join(self.officer.text().split())
        s.organisation_zh = self.org_zh.text().strip()
        s.organisation_en = self.org_en.text().strip()
        s.language = self.language.currentData() or s.language
        s.backup_dir = str(Path(backup).expanduser()) if backup else ""
        s.first_run_done = 1
        try:
            s.save()
        except OSError as exc:
            self._fail(_("The settings could not be saved: {reason}").format(
                reason=exc.strerror or exc))
            return
        self.choice = self.start_choice()
        window = getattr(self, "window_", None)
        if window is not None:  # run again on an open window: apply at once
            window.ctx.db.actor = s.actor() or default_actor()
            scheduler = getattr(window, "backups", None)
            if scheduler is not None and hasattr(scheduler, "apply_settings"):
                scheduler.apply_settings()
        super().accept()

    def reject(self) -> None:
        """Skip: the setup does not come back by itself (Help ▸ Run the setup again)."""
        if self.offer_start and not self.settings.first_run_done:
            self.settings.first_run_done = 1
            try:
                self.settings.save()
            except OSError:
                pass  # it will be offered again at the next start: no harm
        self.choice = None
        super().reject()


# ------------------------------------------------------------------ used by ui.app.main
def run_first(settings: AppSettings, lang: Any) -> str | None:
    """Show the setup (modal) before the first window; the start choice, or None (skipped)."""
    dialog = FirstRunDialog(settings, lang)
    dialog.exec()
    return dialog.choice


def database_for(choice: str | None, given: Path | None) -> Path | None:
    """The database to open for the start ``choice`` (the demo's own file), else ``given``."""
    return demo_path() if choice == START_DEMO else given


def after_show(window: Any, choice: str | None) -> None:
    """What the start choice asks for once the window is up: fill the demo database (when
    it is empty), or open the import dialog."""
    if choice == START_IMPORT:
        window.import_enterprises()
    elif choice == START_DEMO:
        fill_demo(window)


def fill_demo(window: Any) -> None:
    from coop_desktop import demo
    from coop_desktop.services import enterprises

    ctx = window.ctx
    db = ctx.db

    def work() -> int:
        if enterprises.count(db):
            return 0
        return demo.generate(db, enterprises=DEMO_ENTERPRISES).enterprises

    def done(count: int) -> None:
        built = window.built_pages
        for page in built() if callable(built) else built:
            page.refresh()
        window.notify(ctx.tr.gettext("This is the demo database ({count} invented "
                                     "enterprises). Your own database opens at the next "
                                     "start.").format(count=count or DEMO_ENTERPRISES),
                      msecs=60_000)

    ctx.runner.run(work, on_success=done, parent=window,
                   label=ctx.tr.gettext("Creating the demo data…"))
