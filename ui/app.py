"""Composition root: QApplication, fonts, language, database, task runner, main window.

The only module of the UI that opens a database (:func:`open_file`; import-linter contracts
in ``pyproject.toml``): every screen gets the open ``Database`` through ``AppContext``.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from coop_desktop.cli import system_language
from coop_desktop.services import Database, open_database, open_read_only
from coop_desktop.settings import AppSettings
from ui import fonts, qt_workarounds, startup
from ui.context import AppContext, ChangeHub
from ui.i18n import UiLanguage
from ui.main_window import MainWindow, PageFactory
from ui.single_instance import InstanceServer
from ui.widgets import first_run
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

    The launcher turns automatic collection off before the first import (``ui.launcher``);
    the collection that precedes the freeze (~0.1 s) waits ``settle_ms``, until the first
    window has painted its rows.
    """

    def __init__(self, parent: QObject, *, interval_ms: int = 5_000, full_every: int = 12,
                 settle_ms: int = 1_000) -> None:
        super().__init__(parent)
        self._ticks = 0
        self._full_every = full_every
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        QTimer.singleShot(settle_ms, self, self._settle)

    def _settle(self) -> None:
        gc.collect()
        gc.freeze()
        self._timer.start()

    def collect(self) -> None:
        self._ticks += 1
        gc.collect(2 if self._ticks % self._full_every == 0 else 1)


def open_file(path: Path, settings: AppSettings, *, read_only: bool = False) -> Database:
    """Open the database ``path`` for work (created or upgraded as needed, backed up before
    an upgrade; the full integrity check starts once the window is up) or ``read_only`` (a
    file the user cannot write, the rescue view of a damaged one). Raises ``CoopError``."""
    if read_only:
        return open_read_only(path, actor=settings.actor())
    db, _report = open_database(
        path, backup_dir=Path(settings.backup_dir) if settings.backup_dir else None,
        actor=settings.actor(), verify="deferred")  # started once the window is up
    return db


def build_window(db: Database, settings: AppSettings, *, language: str | None = None,
                 pages: list[PageFactory] | None = None,
                 lang: UiLanguage | None = None) -> MainWindow:
    """The main window on an open database (used by ``main`` and by the tests).

    ``lang``: the application's language object, when there is one already (``main``): a
    second one would leave the first one's Qt translators installed behind a switch."""
    app = application()
    if lang is None:
        lang = UiLanguage(app, language or settings.language or system_language())
    runner = TaskRunner(lambda: lang.tr, app)
    ctx = AppContext(db=db, runner=runner, lang=lang, settings=settings, hub=ChangeHub(app))
    if pages is None:
        from ui.pages.registry import default_pages

        pages = default_pages()
    return MainWindow(ctx, pages)


def main(*, db_path: Path | None = None, language: str | None = None) -> int:
    """Run the app: choose and claim the database, then one window after another.

    A window can ask, when it closes, for work that needs the database closed — restoring
    a backup, moving the file to a safe folder (``MainWindow.after_close``); it is done
    between two windows, and the next window opens on the result.
    """
    app = application()
    settings = AppSettings.load()
    lang = UiLanguage(app, language or settings.language or system_language())
    start: str | None = None  # the first-run setup's start choice (empty, demo, import)
    if first_run.needed(settings, db_path):
        start = first_run.run_first(settings, lang)
        db_path = first_run.database_for(start, db_path)
    path = startup.choose_database(settings, db_path, lang.tr)
    if path is None:
        return 0
    lock = startup.claim(path, lang.tr)
    if lock is None:
        return 0  # the window that has this database was brought forward
    server = InstanceServer(path, app)
    collector: GuiThreadGc | None = None
    try:
        while True:
            db = startup.open_with_recovery(path, settings, lang.tr, opener=open_file)
            if db is None:
                return 2
            window = build_window(db, settings, lang=lang)
            server.raise_requested.connect(window.bring_to_front)
            window.show_for_screen()  # maximised on a laptop screen the first time
            startup.after_show(window)
            if start is not None:
                first_run.after_show(window, start)  # fill the demo, or open the import
                start = None
            collector = collector or GuiThreadGc(app)
            try:
                code = app.exec()
            finally:
                window.backups.stop()
                window.ctx.runner.shutdown()  # work under way ends before the file closes
                db.close()
            server.raise_requested.disconnect(window.bring_to_front)
            if not db.read_only and not db.damaged:
                startup.backup_on_quit(path, window.ctx.settings, lang.tr)
            action = window.after_close
            window.deleteLater()
            if action is None:
                return code
            new_path = startup.run_between_windows(action, path, lang.tr)
            if new_path != path:
                lock, path, server = startup.move_claim(lock, server, new_path, lang.tr, app)
    finally:
        server.close()
        lock.release()
