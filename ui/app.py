"""Composition root: QApplication, fonts, language, database, task runner, main window."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from coop_desktop import paths
from coop_desktop.cli import system_language
from coop_desktop.db import Database
from coop_desktop.errors import CoopError
from coop_desktop.services import open_database
from coop_desktop.settings import AppSettings
from ui import fonts, qt_workarounds
from ui.context import AppContext, ChangeHub
from ui.i18n import UiLanguage
from ui.main_window import MainWindow, PageFactory
from ui.tasks import TaskRunner


def application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv)
    app.setApplicationName("Coop Desktop")
    app.setOrganizationName("CoopDesktop")
    fonts.install(app)
    qt_workarounds.install()  # e.g. PySide6 6.12's emit() losing references to True
    return app


class GuiThreadGc(QObject):
    """Python's cyclic garbage collector, run only on the GUI thread (as Anki does).

    An automatic collection runs on whichever thread happens to allocate; when that is the
    database worker and the garbage holds Qt objects of the GUI thread, their destructors run
    on the wrong thread and the process can crash. So automatic collection is off, the
    objects alive after start-up are frozen (no point scanning them again: that scan was a
    35–110 ms stall at 150k records), and a timer collects the young generations often and
    everything now and then, on this thread.
    """

    def __init__(self, parent: QObject, *, interval_ms: int = 5_000, full_every: int = 12) -> None:
        super().__init__(parent)
        self._ticks = 0
        self._full_every = full_every
        gc.collect()
        gc.freeze()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(interval_ms)

    def collect(self) -> None:
        self._ticks += 1
        gc.collect(2 if self._ticks % self._full_every == 0 else 1)


def build_window(db: Database, settings: AppSettings, *, language: str | None = None,
                 pages: list[PageFactory] | None = None) -> MainWindow:
    """The main window on an open database (used by ``main`` and by the tests)."""
    app = application()
    lang = UiLanguage(app, language or settings.language or system_language())
    runner = TaskRunner(lambda: lang.tr, app)
    ctx = AppContext(db=db, runner=runner, lang=lang, settings=settings, hub=ChangeHub(app))
    if pages is None:
        from ui.pages.registry import default_pages

        pages = default_pages()
    return MainWindow(ctx, pages)


def main(*, db_path: Path | None = None, language: str | None = None) -> int:
    app = application()
    settings = AppSettings.load()
    lang = UiLanguage(app, language or settings.language or system_language())
    path = db_path or (Path(settings.db_path) if settings.db_path else paths.default_db_path())
    try:
        db, _report = open_database(
            path,
            backup_dir=Path(settings.backup_dir) if settings.backup_dir else None,
            actor=settings.actor(),
        )
    except CoopError as exc:
        QMessageBox.critical(None, lang.gettext("Coop Desktop"), exc.render(lang.tr))
        return 2
    window = build_window(db, settings, language=lang.language)
    window.show()
    GuiThreadGc(app)
    try:
        return app.exec()
    finally:
        db.close()
