"""Composition root: QApplication, fonts, translator, database, main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from coop_desktop import paths
from coop_desktop.cli import system_language
from coop_desktop.errors import CoopError
from coop_desktop.i18n.catalog import translator
from coop_desktop.services import open_database
from coop_desktop.settings import AppSettings
from ui import fonts
from ui.main_window import MainWindow


def main(*, db_path: Path | None = None, language: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Coop Desktop")
    app.setOrganizationName("CoopDesktop")
    settings = AppSettings.load()
    tr = translator(language or settings.language or system_language())
    fonts.install(app)  # type: ignore[arg-type]
    path = db_path or (Path(settings.db_path) if settings.db_path else paths.default_db_path())
    try:
        db, _report = open_database(
            path,
            backup_dir=Path(settings.backup_dir) if settings.backup_dir else None,
            actor=settings.actor(),
        )
    except CoopError as exc:
        QMessageBox.critical(None, tr.gettext("Coop Desktop"), exc.render(tr))
        return 2
    window = MainWindow(db, tr)
    window.show()
    try:
        return app.exec()
    finally:
        db.close()
