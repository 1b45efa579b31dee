"""Pages are built when first shown: the window opens with one page built, the others come
when asked for, with their saved state; the registry names each page as its class does."""

from __future__ import annotations

import importlib

from PySide6.QtWidgets import QLabel, QVBoxLayout

from coop_desktop.i18n.catalog import N_
from ui.main_window import MainWindow
from ui.pages.base import Page
from ui.pages.registry import PAGES, default_pages

BUILT: list[str] = []


class _Counting(Page):
    title_msgid = N_("Enterprises")
    key = "first"

    def __init__(self, ctx):
        super().__init__(ctx)
        BUILT.append(self.key)
        self.state: dict[str, object] = {}
        self.printable = False
        QVBoxLayout(self).addWidget(QLabel(self.key, self))

    def save_state(self):
        return {"width": "120", "built": self.key}

    def restore_state(self, state):
        self.state = dict(state)

    def can_print(self):
        return self.printable


class _Second(_Counting):
    title_msgid = N_("Events")
    key = "second"


class _Third(_Counting):
    title_msgid = N_("Recycle bin")
    key = "third"


def _window(qtbot, ctx):
    window = MainWindow(ctx, [_Counting, _Second, _Third])
    qtbot.addWidget(window)
    window.show()
    return window


def test_only_the_page_shown_is_built_and_the_sidebar_names_them_all(qtbot, ctx):
    BUILT.clear()
    window = _window(qtbot, ctx)
    assert BUILT == ["first"] and window.current_page().key == "first"
    assert [window.sidebar.item(i).text() for i in range(3)] == ["Enterprises", "Events",
                                                                 "Recycle bin"]
    assert window.page_keys == ["first", "second", "third"]
    assert [p.key for p in window.built_pages()] == ["first"]
    window.sidebar.setCurrentRow(2)
    assert BUILT == ["first", "third"] and window.current_page().key == "third"
    assert window.stack.currentWidget() is window.current_page() and window.stack.count() == 3
    second = window.page("second")  # asked for (not shown): built, the third stays current
    assert BUILT == ["first", "third", "second"] and window.current_page().key == "third"
    assert window.page("second") is second and BUILT.count("second") == 1
    assert [p.key for p in window.pages] == ["first", "second", "third"]
    ctx.lang.set_language("zh_CN")
    assert window.sidebar.item(1).text() == "活动"


def test_a_page_built_later_gets_its_saved_state_and_an_unbuilt_one_keeps_it(qtbot, ctx):
    window = _window(qtbot, ctx)
    window.page("third")
    window.show_page("second")
    window.save_settings()
    BUILT.clear()
    again = _window(qtbot, ctx)
    assert BUILT == ["second"]  # the page left open comes back, and only it is built
    assert again.current_page().state == {"width": "120", "built": "second"}
    again.sidebar.setCurrentRow(0)
    assert again.current_page().state == {"width": "120", "built": "first"}
    again.save_settings()  # the third page was not built this time: what it saved stays
    assert BUILT == ["second", "first"]
    third = _window(qtbot, ctx).page("third")
    assert third.state == {"width": "120", "built": "third"}


def test_the_page_left_open_is_kept_by_its_key_not_its_row(qtbot, ctx):
    from PySide6.QtCore import QSettings

    window = _window(qtbot, ctx)
    window.show_page("third")
    window.save_settings()
    # A new version adds a page in front (as the home page was): the rows move, the key stays.
    again = MainWindow(ctx, [_Counting, _Third, _Second])
    qtbot.addWidget(again)
    assert again.current_page().key == "third"
    # A row number kept by an older version is ignored (it may name another page now).
    QSettings().remove("mainWindow/pageKey")
    QSettings().setValue("mainWindow/page", 2)
    older = MainWindow(ctx, [_Counting, _Second, _Third])
    qtbot.addWidget(older)
    assert older.current_page().key == "first"
    older.save_settings()
    assert QSettings().value("mainWindow/page") is None
    assert QSettings().value("mainWindow/pageKey") == "first"


def test_print_actions_follow_the_page_built_on_switching(qtbot, ctx):
    window = _window(qtbot, ctx)
    seen = []
    window.page_actions_changed.connect(lambda: seen.append(window.current_page().key))
    assert not window.act_print.isEnabled()
    page = window.show_page("second")
    page.printable = True
    page.actions_changed.emit()
    assert window.act_print.isEnabled() and seen == ["second"]


def test_the_registry_names_each_page_as_its_class_does():
    assert default_pages() == list(PAGES)
    for entry in PAGES:
        cls = getattr(importlib.import_module(entry.module), entry.cls)
        assert issubclass(cls, Page)
        assert (cls.key, cls.title_msgid) == (entry.key, entry.title_msgid)
