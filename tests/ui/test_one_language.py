"""One language at a time: Qt's own strings follow the app's language, one word for undo,
Settings shows the language in use, and no page or dialog shows text of the other language
(apart from proper names and data)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import (
    QApplication, QDialogButtonBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget,
)

from coop_desktop.settings import AppSettings
from ui.app import application
from ui.i18n import QT_WORDINGS, SHARED_WITH_APP, UiLanguage, qt_translations_dir, qt_wordings
from ui.widgets.settings_dialog import SettingsDialog

OK, CANCEL = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel


def _menu_texts(widget: QWidget) -> list[str]:
    """A text widget's context menu as Qt builds it on a right click (built afresh each time)."""
    menu = widget.createStandardContextMenu()
    try:
        return [a.text().split("\t")[0] for a in menu.actions() if not a.isSeparator()]
    finally:
        menu.deleteLater()


def _buttons(box: QDialogButtonBox) -> tuple[str, str]:
    return box.button(OK).text(), box.button(CANCEL).text()


def test_qt_strings_follow_a_live_switch_both_ways(qtbot, ctx):
    ctx.lang.set_language("zh_CN")
    box = QDialogButtonBox(OK | CANCEL)
    line, text = QLineEdit("x"), QPlainTextEdit("x")
    for w in (box, line, text):
        qtbot.addWidget(w)
    assert _buttons(box) == ("确定", "取消")
    assert _menu_texts(line)[:6] == ["撤销(&U)", "重做(&R)", "剪切(&T)", "复制(&C)", "粘贴(&P)", "删除"]
    assert _menu_texts(text)[0] == "撤销(&U)"

    ctx.lang.set_language("en")
    QApplication.processEvents()  # the LanguageChange events a translator switch posts
    assert _buttons(box) == ("OK", "Cancel")  # the same, already built, button box
    assert _menu_texts(line)[:3] == ["&Undo", "&Redo", "Cu&t"]
    assert _menu_texts(text)[0] == "&Undo"

    ctx.lang.set_language("zh_CN")
    QApplication.processEvents()
    assert _buttons(box) == ("确定", "取消")


def test_a_second_language_object_leaves_no_translator_behind(qtbot, ctx):
    """``ui.app.main`` made one language object and the window another: switching the
    window's left the first one's Qt catalog installed, and 确定/取消 stayed Chinese."""
    first = UiLanguage(application(), "zh_CN")
    ctx.lang.set_language("zh_CN", notify=False)
    box = QDialogButtonBox(OK | CANCEL)
    qtbot.addWidget(box)
    ctx.lang.set_language("en")
    QApplication.processEvents()
    assert _buttons(box) == ("OK", "Cancel")
    assert first.language == "zh_CN"  # its gettext side is its own; Qt's side is shared


def test_no_qt_menu_says_撤消_and_each_shared_word_is_the_apps(qtbot, ctx):
    ctx.lang.set_language("zh_CN")
    widgets = [QLineEdit("x"), QPlainTextEdit("x"), QSpinBox()]
    for w in widgets:
        qtbot.addWidget(w)
    menus = [_menu_texts(w if not isinstance(w, QSpinBox) else w.findChild(QLineEdit))
             for w in widgets]
    assert all(menus) and not any("撤消" in t for texts in menus for t in texts)
    table = qt_wordings("zh_CN")
    assert table[("QLineEdit", "&Undo")] == ctx.tr.gettext("&Undo") == "撤销(&U)"
    for context, sources in SHARED_WITH_APP.items():
        for source in sources:
            if ctx.tr.gettext(source) != source:  # the app has the word: Qt's menus use it
                assert QApplication.translate(context, source) == ctx.tr.gettext(source)


def test_qt_still_has_every_string_the_app_rewords():
    """Each (context, source text) the app answers must be one Qt's catalog knows: if Qt
    renamed a context, the override would silently stop applying."""
    qt = QTranslator()
    assert qt.load("qtbase_zh_CN", qt_translations_dir())
    keys = {(c, s) for c, sources in SHARED_WITH_APP.items() for s in sources}
    keys |= set(QT_WORDINGS["zh_CN"])
    for context, source in sorted(keys):
        assert qt.translate(context, source), (context, source)
    assert "撤消" in qt.translate("QLineEdit", "&Undo")  # why the override exists
    assert "撤消" in qt.translate("QUndoStack", "Undo %1")


def test_english_installs_no_qt_catalog(ctx):
    ctx.lang.set_language("en")
    assert qt_wordings("en") == {}
    assert QApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert QApplication.translate("QLineEdit", "&Undo") == "&Undo"


# ---------------------------------------------------------------- Settings
@pytest.mark.parametrize(("saved", "in_use"), [("en", "zh_CN"), ("zh_CN", "en"), ("", "zh_CN")])
def test_settings_show_the_language_in_use(qtbot, ctx, saved, in_use):
    """Started with ``--lang zh_CN`` while the settings say English, the dialog says 中文
    (and why), and OK without touching the language keeps the saved one."""
    ctx.settings.language = saved
    ctx.lang.set_language(in_use)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.language_combo.currentData() == in_use
    assert dialog.language_combo.currentText() == {"zh_CN": "中文", "en": "English"}[in_use]
    assert dialog.language_note.isVisible() is bool(saved and saved != in_use)
    if saved and saved != in_use:
        assert "--lang" in dialog.language_note.text()
        assert dialog.language_combo.currentText() in dialog.language_note.text()

    dialog.officer_edit.setText("张明")
    dialog.buttons.button(OK).click()
    stored = AppSettings.load()
    assert stored.officer_name == "张明" and stored.language == saved
    assert ctx.lang.language == in_use


def test_settings_save_a_language_chosen_there(qtbot, ctx):
    ctx.settings.language = "en"
    ctx.lang.set_language("zh_CN")  # --lang zh_CN
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    dialog.buttons.button(OK).click()
    assert AppSettings.load().language == "en" and ctx.lang.language == "en"
