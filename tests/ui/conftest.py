"""UI fixtures: a real AppContext on a temp database, offscreen."""

from __future__ import annotations

import gc

import pytest

from coop_desktop.settings import AppSettings
from ui.app import application
from ui.context import AppContext, ChangeHub
from ui.i18n import UiLanguage
from ui.tasks import TaskRunner


@pytest.fixture(autouse=True)
def _gc_on_the_gui_thread():
    """Collect garbage only here, on the GUI thread, as the app does (``ui.app.GuiThreadGc``).

    An automatic collection may start on the DB worker thread and destroy Qt objects that
    belong to the GUI thread, which crashes intermittently.

    What is alive before the test is then frozen, as the app freezes what is alive after
    start-up: the two collections scan only what the test made (the objects they can free),
    not the whole heap every earlier test left behind. Without the freeze those scans took
    2-4 s per test late in a full run (more than half of CI's time).
    """
    gc.collect()
    gc.freeze()
    gc.disable()
    yield
    gc.enable()
    gc.collect()


@pytest.fixture
def ctx(qapp, db, tmp_path, monkeypatch):
    """An application context on the test database (English UI)."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    app = application()
    lang = UiLanguage(app, "en")
    runner = TaskRunner(lambda: lang.tr, app)
    context = AppContext(db=db, runner=runner, lang=lang, settings=AppSettings(), hub=ChangeHub())
    yield context
    runner.wait()
    lang.set_language("en", notify=False)


def wait_tasks(qtbot, ctx, timeout=10_000):
    """Wait until the DB lane is idle and its results have been delivered."""
    qtbot.waitUntil(lambda: not ctx.runner.busy, timeout=timeout)
