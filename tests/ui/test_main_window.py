"""The bare main window opens on a database and speaks the chosen language."""

from __future__ import annotations

from coop_desktop.i18n.catalog import translator
from ui import fonts
from ui.main_window import MainWindow


def test_main_window_shows_database_summary(qtbot, db):
    window = MainWindow(db, translator("en"))
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "Coop Desktop"
    assert "Cooperation zones: 12" in window.summary.text()


def test_main_window_in_chinese(qtbot, db):
    window = MainWindow(db, translator("zh_CN"))
    qtbot.addWidget(window)
    assert "合作区" in window.summary.text()
    assert window.file_menu.title() != "&File"


def test_bundled_cjk_font_is_registered(qapp):
    """Independent of system fonts: the bundled family itself covers Chinese."""
    from PySide6.QtGui import QFontDatabase

    families = fonts.register_bundled_fonts()
    assert "Noto Sans SC" in families
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems("Noto Sans SC")
    fonts.install(qapp)
    assert "Noto Sans SC" in qapp.font().families()
