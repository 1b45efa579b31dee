"""The enterprise page builds its detail form once the list has painted its first rows (or
at once when something asks the form for more than "nothing loaded, nothing unsaved")."""

from __future__ import annotations

import threading

from coop_desktop.services import enterprises
from tests.ui.test_enterprise_list import firms, loaded  # noqa: F401
from ui.models import enterprise_table
from ui.pages.enterprises import EnterprisesPage
from ui.widgets.deferred_form import DeferredForm
from ui.widgets.enterprise_form import EnterpriseForm


def test_the_form_is_built_after_the_first_rows_are_painted(qtbot, ctx, firms, monkeypatch):
    monkeypatch.setattr(enterprise_table, "FIRST_PAGE", 3)  # the rest comes later…
    release = threading.Event()
    real = enterprises.ids
    monkeypatch.setattr(enterprises, "ids", lambda db, query=None, *, stop=None: (
        release.wait(5), real(db, query, stop=stop))[1])  # …once released
    page = EnterprisesPage(ctx)
    qtbot.addWidget(page)
    holder = page.form
    assert isinstance(holder, DeferredForm) and not holder.built
    assert holder.current_id is None and not holder.is_dirty() and holder.maybe_discard()
    assert page.can_leave() and not holder.built  # asking those builds nothing
    page.resize(1280, 800)
    page.show()
    qtbot.waitUntil(lambda: holder.built, timeout=10_000)
    assert page.model.rowCount() == 3 and not page.model.complete  # the rows came first
    release.set()
    loaded(qtbot, ctx, page)
    assert page.model.rowCount() == 8
    form = holder.build()
    assert isinstance(form, EnterpriseForm) and form.isVisibleTo(page)
    page.table.selectRow(2)
    assert holder.current_id == page.model.ids[2] == form.current_id
    saved = []
    holder.saved.connect(saved.append)
    form.saved.emit(page.model.ids[2])  # the real form's signals come through the holder
    assert saved == [page.model.ids[2]]


def test_asking_for_the_form_builds_it_at_once(qtbot, ctx, firms):
    page = EnterprisesPage(ctx)
    qtbot.addWidget(page)
    assert not page.form.built
    tabs = page.form.tabs  # any attribute of the real form
    assert page.form.built and tabs is page.form.build().tabs
    loaded(qtbot, ctx, page)


def test_an_empty_list_still_gets_its_form(qtbot, ctx):
    page = EnterprisesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    loaded(qtbot, ctx, page)
    qtbot.waitUntil(lambda: page.form.built, timeout=10_000)
    assert page.model.rowCount() == 0
