"""Settings: who the officer is, the UI language, where the data and backups live.

OK validates, saves ``ctx.settings`` atomically (``AppSettings.save``) and applies what can
be applied at once: the language (the open window re-translates) and the officer name (the
audit actor of the next change). A different data file is used from the next start.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from coop_desktop import paths
from coop_desktop.services.storage import default_actor
from coop_desktop.i18n.catalog import N_, normalize_language
from ui.context import AppContext

#: Each language is offered in its own name (an endonym), whatever the current UI language,
#: so someone who cannot read the current one still finds theirs. Deliberately untranslated.
LANGUAGE_NAMES = (("zh_CN", "中文"), ("en", "English"))
#: The same languages named in the UI language (中文 / 英文, Chinese / English), for text.
LANGUAGE_IN_UI = {"zh_CN": N_("Chinese"), "en": N_("English")}


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("settingsDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(620)
        s = ctx.settings

        self.officer_edit = QLineEdit(s.officer_name)
        self.officer_edit.setObjectName("officerName")
        self.officer_edit.setMaxLength(100)  # the audit trail's actor column
        self.org_zh_edit = QLineEdit(s.organisation_zh)
        self.org_zh_edit.setObjectName("organisationZh")
        self.org_en_edit = QLineEdit(s.organisation_en)
        self.org_en_edit.setObjectName("organisationEn")
        self.people_note = self._note()
        self.people_box = QGroupBox()
        people = QFormLayout(self.people_box)
        self.officer_label = QLabel()
        self.org_zh_label = QLabel()
        self.org_en_label = QLabel()
        people.addRow(self.officer_label, self.officer_edit)
        people.addRow(self.org_zh_label, self.org_zh_edit)
        people.addRow(self.org_en_label, self.org_en_edit)
        people.addRow("", self.people_note)

        self.language_combo = QComboBox()
        self.language_combo.setObjectName("language")
        for code, name in LANGUAGE_NAMES:
            self.language_combo.addItem(name, code)
        # The language in use, not the saved one: started with --lang zh_CN, the window speaks
        # Chinese whatever the settings file says, and the dialog must say so.
        self._shown_language = normalize_language(ctx.lang.language)
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(self._shown_language)))
        self.language_label = QLabel()
        self.language_note = self._note()
        self.language_note.setObjectName("languageNote")
        self.language_box = QGroupBox()
        lang_form = QFormLayout(self.language_box)
        lang_form.addRow(self.language_label, self.language_combo)
        lang_form.addRow("", self.language_note)

        self._db_chosen: str | None = None  # set when the user picks another data file
        self.db_edit = QLineEdit(s.db_path or str(ctx.db.path or paths.default_db_path()))
        self.db_edit.setObjectName("dbPath")
        self.db_edit.setReadOnly(True)
        self.db_button = QPushButton()
        self.db_note = self._note()
        self.backup_edit = QLineEdit(s.backup_dir)
        self.backup_edit.setObjectName("backupDir")
        self.backup_edit.setPlaceholderText(str(paths.default_backup_dir()))
        self.backup_edit.setClearButtonEnabled(True)
        self.backup_button = QPushButton()
        self.backup_note = self._note()
        self.interval_spin = QSpinBox()
        self.interval_spin.setObjectName("backupInterval")
        self.interval_spin.setRange(0, 24 * 60)
        self.interval_spin.setSingleStep(5)
        self.interval_spin.setValue(int(s.backup_interval_min))
        self.interval_label = QLabel()
        self.error_label = QLabel()
        self.error_label.setObjectName("settingsError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setVisible(False)
        self.data_box = QGroupBox()
        data = QFormLayout(self.data_box)
        self.db_label = QLabel()
        self.backup_label = QLabel()
        data.addRow(self.db_label, self._row(self.db_edit, self.db_button))
        data.addRow("", self.db_note)
        data.addRow(self.backup_label, self._row(self.backup_edit, self.backup_button))
        data.addRow("", self.backup_note)
        data.addRow(self.interval_label, self.interval_spin)
        data.addRow(self.error_label)
        for form in (people, lang_form, data):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.people_box)
        layout.addWidget(self.language_box)
        layout.addWidget(self.data_box)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.db_button.clicked.connect(self._choose_db_file)
        self.backup_button.clicked.connect(self._choose_backup_dir)
        self.backup_edit.textEdited.connect(lambda _text: self._show_error(""))
        ctx.lang.changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Tall enough for every wrapped note at the dialog's width: a dialog is sized from
        its size hint, which takes a narrower width, and the notes lost their last line
        (the backup note did once the language note showed, in Chinese)."""
        super().showEvent(event)
        need = self.heightForWidth(self.width())
        if need > self.height():
            self.resize(self.width(), need)

    @staticmethod
    def _note() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        return label

    @staticmethod
    def _row(edit: QLineEdit, button: QPushButton) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        row.addWidget(button)
        return box

    def retranslate_ui(self) -> None:
        _ = self.ctx.tr.gettext
        self.setWindowTitle(_("Settings"))
        self.people_box.setTitle(_("Officer and organisation"))
        self.officer_label.setText(_("Your &name:"))
        self.org_zh_label.setText(_("Organisation (&Chinese):"))
        self.org_en_label.setText(_("Organisation (&English):"))
        self.org_zh_edit.setPlaceholderText(_("e.g. 某市商务局"))
        self.org_en_edit.setPlaceholderText(_("e.g. Municipal Bureau of Commerce"))
        self.people_note.setText(_("Printed on the documents you produce. Your name is also "
                                   "recorded as the author of the changes you make."))
        self.language_box.setTitle(_("Language"))
        self.language_label.setText(_("&Interface language:"))
        saved = normalize_language(self.ctx.settings.language) if self.ctx.settings.language else ""
        if saved and saved != self._shown_language:
            # as an officer says it, the languages named in the UI language (英文, not
            # English; no command-line option names)
            self.language_note.setText(_(
                "The interface is in {language} for this session (chosen when the app was "
                "started). From the next start, the language saved here applies: "
                "{saved}.").format(language=_(LANGUAGE_IN_UI[self._shown_language]),
                                   saved=_(LANGUAGE_IN_UI[saved])))
        self.language_note.setVisible(bool(saved and saved != self._shown_language))
        self.data_box.setTitle(_("Data"))
        self.db_label.setText(_("Data &file:"))
        self.db_button.setText(_("Choose…"))
        self.db_note.setText(self._db_note())
        self.backup_label.setText(_("&Backup folder:"))
        self.backup_button.setText(_("Choose…"))
        self.backup_note.setText(_("Safety copies of the data file are kept here (another "
                                   "drive or a USB stick is safest). Leave it empty to use the "
                                   "folder shown."))
        self.interval_label.setText(_("Back up &every:"))
        self.interval_spin.setSuffix(_(" minutes"))
        self.interval_spin.setSpecialValueText(_("Only on quitting"))
        for label, edit in ((self.officer_label, self.officer_edit),
                            (self.org_zh_label, self.org_zh_edit),
                            (self.org_en_label, self.org_en_edit),
                            (self.language_label, self.language_combo),
                            (self.db_label, self.db_edit), (self.backup_label, self.backup_edit),
                            (self.interval_label, self.interval_spin)):
            label.setBuddy(edit)
        self._align_labels()

    def _align_labels(self) -> None:
        """One label column width in all three boxes, so the fields line up."""
        labels = (self.officer_label, self.org_zh_label, self.org_en_label, self.language_label,
                  self.db_label, self.backup_label, self.interval_label)
        for label in labels:
            label.setMinimumWidth(0)
        width = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(width)

    def _db_note(self) -> str:
        _ = self.ctx.tr.gettext
        chosen = self.db_edit.text().strip()
        in_use = str(self.ctx.db.path) if self.ctx.db.path else ""
        if chosen and in_use and Path(chosen) != Path(in_use):
            return _("The data file in use is {path}. The file chosen above is used from the "
                     "next start of Coop Desktop.").format(path=in_use)
        return _("Choosing another file takes effect at the next start of Coop Desktop.")

    # ------------------------------------------------------------------ pickers
    def _choose_db_file(self) -> None:
        _ = self.ctx.tr.gettext
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Data file"), self.db_edit.text(), _("Coop Desktop data (*.sqlite)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.set_db_path(path)

    def set_db_path(self, path: str) -> None:
        self._db_chosen = path
        self.db_edit.setText(path)
        self.db_note.setText(self._db_note())

    def _choose_backup_dir(self) -> None:
        start = self.backup_edit.text().strip() or str(paths.default_backup_dir())
        folder = QFileDialog.getExistingDirectory(self, self.ctx.tr.gettext("Backup folder"),
                                                  start)
        if folder:
            self.backup_edit.setText(folder)
            self._show_error("")

    # ------------------------------------------------------------------ validation
    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def _backup_problem(self, text: str) -> str:
        """'' when backups can be written to ``text`` (created if missing), else why not.

        A real test write, not ``os.access``: that lies on Windows and network shares.
        """
        _ = self.ctx.tr.gettext
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

    def accept(self) -> None:
        _ = self.ctx.tr.gettext
        backup = self.backup_edit.text().strip()
        problem = self._backup_problem(backup)
        if problem:
            self._show_error(problem)
            self.backup_edit.setFocus()
            return
        s = self.ctx.settings
        before = (s.officer_name, s.organisation_zh, s.organisation_en, s.language, s.db_path,
                  s.backup_dir, s.backup_interval_min)
        language = self.language_combo.currentData()
        s.officer_name = self.officer_edit.text().strip()
        s.organisation_zh = self.org_zh_edit.text().strip()
        s.organisation_en = self.org_en_edit.text().strip()
        if language != self._shown_language:  # chosen here; otherwise the saved one stays
            s.language = language
        if self._db_chosen:  # otherwise keep "" (the default location) as it is
            s.db_path = self._db_chosen
        s.backup_dir = str(Path(backup).expanduser()) if backup else ""
        s.backup_interval_min = self.interval_spin.value()
        try:
            s.save()
        except OSError as exc:
            (s.officer_name, s.organisation_zh, s.organisation_en, s.language, s.db_path,
             s.backup_dir, s.backup_interval_min) = before
            self._show_error(_("The settings could not be saved: {reason}").format(
                reason=exc.strerror or exc))
            return
        self.ctx.db.actor = s.actor() or default_actor()
        scheduler = getattr(self.parent(), "backups", None)
        if scheduler is not None and hasattr(scheduler, "apply_settings"):
            scheduler.apply_settings()
        super().accept()
        if language != self.ctx.lang.language:
            self.ctx.lang.set_language(language)
