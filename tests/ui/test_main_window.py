"""The main window shell: pages, standard shortcuts routed, settings kept, language switch."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout

from coop_desktop.i18n.catalog import N_
from ui import fonts
from ui.main_window import MainWindow
from ui.pages.base import Page


class _Dummy(Page):
    title_msgid = N_("Enterprises")
    key = "dummy"

    def __init__(self, ctx):
        super().__init__(ctx)
        self.calls = []
        self.label = QLabel(self)
        QVBoxLayout(self).addWidget(self.label)
        self.retranslate_ui()

    def retranslate_ui(self):
        self.label.setText(self.ctx.tr.gettext("Enterprises"))

    def new_record(self):
        self.calls.append("new")

    def refresh(self):
        self.calls.append("refresh")


def test_actions_route_to_current_page_and_language_switches(qtbot, ctx):
    window = MainWindow(ctx, [_Dummy])
    qtbot.addWidget(window)
    window.show()
    page = window.current_page()
    window.act_new.trigger()
    window.act_refresh.trigger()
    assert page.calls == ["new", "refresh"]
    assert window.act_new.shortcut().toString() == "Ctrl+N"
    assert window.sidebar.item(0).text() == "Enterprises"
    ctx.lang.set_language("zh_CN")
    assert window.sidebar.item(0).text() == "企业"
    assert page.label.text() == "企业"
    assert window.windowTitle() != "" and window.file_menu.title() != "&File"


def test_geometry_restored(qtbot, ctx):
    window = MainWindow(ctx, [_Dummy])
    qtbot.addWidget(window)
    window.show()
    window.resize(760, 560)
    window.splitter.setSizes([150, 610])
    qtbot.waitUntil(lambda: window.width() == 760)
    window.save_settings()
    again = MainWindow(ctx, [_Dummy])
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (760, 560)
    assert again.splitter.sizes()[0] == window.splitter.sizes()[0]


def test_bundled_cjk_font_is_registered(qapp):
    """Independent of system fonts: the bundled family itself covers Chinese."""
    from PySide6.QtGui import QFontDatabase

    families = fonts.register_bundled_fonts()
    assert "Noto Sans SC" in families
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems("Noto Sans SC")
    fonts.install(qapp)
    assert "Noto Sans SC" in qapp.font().families()
