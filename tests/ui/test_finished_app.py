"""A finished desktop app: icons (themable), the Edit, View and Help menus, the user guide,
the shortcut sheet, About, Enter in the enterprise search, and the first-run setup."""

from __future__ import annotations

import html.parser
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from coop_desktop import paths
from coop_desktop.services import enterprises
from coop_desktop.settings import AppSettings
from tests.ui.conftest import wait_tasks
from ui import icons
from ui.app import build_window
from ui.widgets import first_run, help_menus
from ui.widgets.help_about import AboutDialog
from ui.widgets.help_guide import GuideViewer, guide_file
from ui.widgets.help_shortcuts import ShortcutSheet, menu_rows


@pytest.fixture
def window(qtbot, ctx):
    w = build_window(ctx.db, ctx.settings, lang=ctx.lang)
    qtbot.addWidget(w)
    w.resize(1280, 760)
    w.show()
    wait_tasks(qtbot, w.ctx)  # (the window has its own task runner)
    yield w
    help_menus.apply_scale(1.0)
    w.ctx.runner.wait()


# ------------------------------------------------------------------ icons
def _ink(pix) -> QColor:
    """The average colour of a pixmap's drawn (non-transparent) pixels."""
    image = pix.toImage()
    r = g = b = n = 0
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if c.alpha() > 200:
                r, g, b, n = r + c.red(), g + c.green(), b + c.blue(), n + 1
    assert n, "nothing drawn"
    return QColor(r // n, g // n, b // n)


def test_every_icon_is_bundled_with_its_licence_and_draws(qapp):
    folder = paths.resource("icons")
    assert "ISC License" in (folder / "LICENSE").read_text(encoding="utf-8")
    for role in icons.ICONS:
        assert not icons.icon(role).pixmap(24, 24).isNull(), role
    app_pix = icons.app_icon().pixmap(64, 64)
    assert _ink(app_pix).red() > 60  # its own colours, not the palette's


def test_icons_follow_the_palette_text_colour_dark_mode(qapp):
    app = QApplication.instance()
    old = app.palette()
    try:
        target = QWidget()
        icons.bind(target, "save", setter=lambda t, i: t.setProperty("pix", i.pixmap(24, 24)))
        assert _ink(target.property("pix")).lightness() < 100  # light theme: dark strokes
        dark = QPalette(old)
        dark.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
        app.setPalette(dark)
        icons.refresh()
        assert _ink(target.property("pix")).lightness() > 180  # dark theme: light strokes
    finally:
        app.setPalette(old)
        icons.refresh()


def test_toolbar_menus_and_page_list_have_icons(window):
    for act in window.toolbar.actions():
        if not act.isSeparator():
            assert not act.icon().isNull(), act.objectName()
    for menu in (window.file_menu, window.edit_menu, window.view_menu, window.help_menu):
        for act in menu.actions():
            if not act.isSeparator():
                assert not act.icon().isNull(), act.objectName()
    assert all(not window.sidebar.item(i).icon().isNull() for i in range(window.sidebar.count()))
    assert window.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    # the sidebar makes room for the icon: no title is cut
    metrics = window.sidebar.fontMetrics()
    widest = max(metrics.horizontalAdvance(window.sidebar.item(i).text())
                 for i in range(window.sidebar.count()))
    assert window.sidebar_width() >= widest + window.sidebar.iconSize().width()
    assert not window.windowIcon().isNull()


# ------------------------------------------------------------------ Edit
def _menu_names(menu) -> list[str]:
    return [a.objectName() for a in menu.actions() if not a.isSeparator()]


def test_edit_menu_is_complete_with_standard_shortcuts(window):
    assert _menu_names(window.edit_menu)[:6] == [
        "actUndo", "actRedo", "actCut", "actCopy", "actPaste", "actSelectAll"]
    m = window.help_menus
    assert QKeySequence(QKeySequence.StandardKey.Copy) in m.act_copy.shortcuts()
    assert QKeySequence(QKeySequence.StandardKey.Paste) in m.act_paste.shortcuts()
    assert QKeySequence(QKeySequence.StandardKey.Redo) in m.act_redo.shortcuts()
    assert QKeySequence(QKeySequence.StandardKey.SelectAll) in m.act_select_all.shortcuts()


def test_edit_commands_act_on_the_focused_field(qtbot, window):
    field = QLineEdit(window)
    field.show()
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    field.insert("苏州瑞丰")  # as typed (undoable); keyClicks takes ASCII only
    m = window.help_menus
    m.act_select_all.trigger()
    assert field.selectedText() == "苏州瑞丰"
    m.act_cut.trigger()
    assert field.text() == "" and QGuiApplication.clipboard().text() == "苏州瑞丰"
    m.act_paste.trigger()
    m.act_paste.trigger()
    assert field.text() == "苏州瑞丰苏州瑞丰"
    window.act_undo.trigger()
    assert field.text() == "苏州瑞丰"
    m.act_redo.trigger()
    assert field.text() == "苏州瑞丰苏州瑞丰"
    field.setReadOnly(True)
    m.act_cut.trigger()  # a read-only field is only copied
    assert field.text() == "苏州瑞丰苏州瑞丰"


def test_undo_without_text_to_undo_is_the_apps_own(qtbot, window):
    calls = []
    window.undo = lambda: calls.append("app undo")  # type: ignore[method-assign]
    editor = QPlainTextEdit(window)
    editor.show()
    editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    window.act_undo.trigger()  # nothing typed here: the last saved change is undone
    assert calls == ["app undo"]


def test_copy_in_a_table_copies_the_selected_rows_as_tab_separated_text(qtbot, ctx, window,
                                                                        new_uscc):
    for name in ("苏州瑞丰精密机械有限公司", "深圳云帆科技有限公司"):
        enterprises.create(ctx.db, {"name_zh": name, "uscc": new_uscc()})
    page = window.show_page("enterprises")
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and not page.busy, timeout=10_000)
    page.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table)
    window.help_menus.act_select_all.trigger()
    window.help_menus.act_copy.trigger()
    lines = QGuiApplication.clipboard().text().splitlines()
    assert len(lines) == 2 and all("\t" in line for line in lines)
    assert {line.split("\t")[0] for line in lines} >= {"苏州瑞丰精密机械有限公司"} or any(
        "苏州瑞丰精密机械有限公司" in line for line in lines)


# ------------------------------------------------------------------ View
def test_view_switches_pages_with_ctrl_digits(qtbot, window):
    m = window.help_menus
    keys = [a.shortcuts()[0].toString() for a in m.page_actions[:9]]
    assert keys == [f"Ctrl+{i}" for i in range(1, len(keys) + 1)]
    last = len(window.page_keys) - 1
    m.page_actions[last].trigger()
    assert window.sidebar.currentRow() == last
    assert window.current_page().key == window.page_keys[last]
    assert m.page_actions[last].isChecked()
    m.page_actions[0].trigger()
    assert window.sidebar.currentRow() == 0


def test_a_widgets_own_ctrl_digit_wins_where_it_has_the_focus(qtbot, window):
    holder = QWidget(window.centralWidget())
    inside = QLineEdit(holder)
    own = QShortcut(QKeySequence("Ctrl+1"), holder)
    own.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    holder.show()
    inside.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is inside)
    m = window.help_menus
    assert not m.page_actions[0].isEnabled() and m.page_actions[1].isEnabled()
    window.sidebar.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.sidebar)
    assert m.page_actions[0].isEnabled()


def test_zoom_scales_the_font_and_is_remembered(window):
    app = QApplication.instance()
    base = help_menus.base_point_size(app)
    m = window.help_menus
    m.act_zoom_in.trigger()
    assert app.font().pointSizeF() == pytest.approx(base * 1.1, abs=0.1)
    assert float(QSettings().value(help_menus.SCALE_KEY)) == pytest.approx(1.1)
    assert help_menus.saved_scale() == pytest.approx(1.1)
    m.act_zoom_out.trigger()
    m.act_zoom_out.trigger()
    assert app.font().pointSizeF() == pytest.approx(base * 0.9, abs=0.1)
    m.act_zoom_reset.trigger()
    assert app.font().pointSizeF() == pytest.approx(base, abs=0.05)
    assert not m.act_zoom_reset.isEnabled()


# ------------------------------------------------------------------ Help
class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        a = dict(attrs)
        if tag == "img":
            self.images.append(a["src"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if a.get("id"):
            self.ids.add(a["id"])


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_guide_ships_in_both_languages_with_its_pictures_and_covers_the_daily_tasks(
        language):
    path = guide_file(language)
    assert path.parent.name == language
    page = path.read_text(encoding="utf-8")
    found = _Links()
    found.feed(page)
    assert len(found.images) >= 4
    for src in found.images:
        assert (path.parent / src).resolve().is_file(), src
        assert f"/{language}/" in src.replace("\\", "/")  # pictures of this language's UI
    for href in found.links:
        assert not href.startswith(("http:", "https:")), href  # offline
        if href.startswith("#"):
            assert href[1:] in found.ids, href
    for anchor in ("find-enterprise", "application", "print-export", "backup", "purge",
                   "shortcuts"):
        assert anchor in found.ids, anchor


def test_help_opens_the_guide_in_the_ui_language_and_finds_text(qtbot, ctx, window):
    viewer = window.help_menus.show_guide()
    assert isinstance(viewer, GuideViewer)
    assert viewer.browser.source().toLocalFile().endswith("en/index.html")
    assert "Find and edit an enterprise" in viewer.browser.toPlainText()
    assert viewer.find_text("backup")
    assert not viewer.find_text("zzqqxx-not-in-the-guide")
    ctx.lang.set_language("zh_CN")
    assert viewer.browser.source().toLocalFile().endswith("zh_CN/index.html")
    assert "查找和编辑企业" in viewer.browser.toPlainText()
    assert window.help_menus.show_guide() is viewer  # one viewer, brought forward
    viewer.show_anchor("backup")
    assert viewer.browser.source().fragment() == "backup"
    assert window.help_menus.act_guide.shortcuts()  # F1


def test_the_shortcut_sheet_lists_the_menus_shortcuts_in_the_ui_language(qtbot, ctx, window):
    sheet = window.help_menus.show_shortcuts()
    assert isinstance(sheet, ShortcutSheet)
    rows = {(sheet.table.item(r, 1).text(), sheet.table.item(r, 2).text())
            for r in range(sheet.table.rowCount())}
    save_keys = QKeySequence(QKeySequence.StandardKey.Save).toString(
        QKeySequence.SequenceFormat.NativeText)
    assert ("Save", save_keys) in rows
    assert any(cmd == "Open the first match of the search" for cmd, _k in rows)
    assert len(menu_rows(window)) >= 15
    ctx.lang.set_language("zh_CN")
    commands = {sheet.table.item(r, 1).text() for r in range(sheet.table.rowCount())}
    assert "保存" in commands and "Save" not in commands
    sheet.filter.setText("保存")
    shown = [r for r in range(sheet.table.rowCount()) if not sheet.table.isRowHidden(r)]
    assert shown and all("保存" in sheet.table.item(r, 1).text() for r in shown)


def test_about_names_the_product_in_both_languages_with_versions_and_licences(qtbot, ctx,
                                                                             window):
    about = window.help_menus.show_about()
    assert isinstance(about, AboutDialog)
    text = about.title.text()
    assert "Coop Desktop" in text and "中外中小企业合作助手" in text and "SQLite" in text
    names = [about.table.item(r, 0).text() for r in range(about.table.rowCount())]
    assert "Noto Sans SC" in names and "Lucide icons" in names
    assert any(n.lower() == "sqlalchemy" for n in names) and any("PySide6" in n for n in names)
    noto = names.index("Noto Sans SC")
    about.table.selectRow(noto)
    assert "SIL OPEN FONT LICENSE" in about.licence.toPlainText().upper()
    lucide = names.index("Lucide icons")
    about.table.selectRow(lucide)
    assert "ISC License" in about.licence.toPlainText()
    assert all(about.table.item(r, 1).text() for r in range(about.table.rowCount()))


def test_window_title_is_the_product_name_in_the_ui_language(ctx, window):
    assert window.windowTitle() == "Coop Desktop"
    ctx.lang.set_language("zh_CN")
    assert window.windowTitle() == "中外中小企业合作助手"


# ------------------------------------------------------------------ Enter in the search
def test_enter_in_the_enterprise_search_opens_the_first_match(qtbot, ctx, window, new_uscc):
    ids = {}
    for name in ("苏州瑞丰精密机械有限公司", "深圳云帆科技有限公司", "苏州恒瑞医疗器械有限公司"):
        ids[name] = enterprises.create(ctx.db, {"name_zh": name, "uscc": new_uscc()}).value.id
    page = window.show_page("enterprises")
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3 and not page.busy, timeout=10_000)
    page.focus_search()
    page.search.insert("云帆")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    # (the list opened on its first row, which is this one too: wait for the search)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.busy, timeout=10_000)
    qtbot.waitUntil(lambda: page.current_id() == ids["深圳云帆科技有限公司"], timeout=10_000)
    assert page.search.hasFocus()  # to refine the search
    page.search.clear()
    page.search.insert("没有这家企业")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not page.busy and page.model.rowCount() == 0, timeout=10_000)
    assert page._open_first is False


# ------------------------------------------------------------------ first run
def test_first_run_is_needed_only_on_a_first_start_without_a_named_database(tmp_path,
                                                                           monkeypatch):
    fresh = AppSettings.load()
    assert not AppSettings.file().exists() and not fresh.first_run_done
    assert first_run.needed(fresh, None)
    assert not first_run.needed(fresh, tmp_path / "x.sqlite")  # --db: a test, a bench, a user
    monkeypatch.setenv(paths.DB_ENV_VAR, str(tmp_path / "y.sqlite"))
    assert not first_run.needed(fresh, None)
    monkeypatch.delenv(paths.DB_ENV_VAR)
    # a settings file from before the setup existed: set up already
    AppSettings.file().parent.mkdir(parents=True, exist_ok=True)
    AppSettings.file().write_text(json.dumps({"officer_name": "李明"}), encoding="utf-8")
    old = AppSettings.load()
    assert old.first_run_done == 1 and not first_run.needed(old, None)


def test_first_run_saves_the_details_and_never_comes_back(qtbot, ctx, tmp_path):
    settings = AppSettings()
    dialog = first_run.FirstRunDialog(settings, ctx.lang)
    qtbot.addWidget(dialog)
    assert dialog.start_box.isVisibleTo(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    assert ctx.lang.language == "zh_CN" and dialog.heading.text() == "欢迎使用中外中小企业合作助手"
    dialog.officer.setText("  王  芳 ")
    dialog.org_zh.setText("常州市工业和信息化局")
    dialog.backup.setText(str(tmp_path / "backups"))
    dialog.start_buttons[first_run.START_DEMO].setChecked(True)
    dialog.ok_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.choice == first_run.START_DEMO
    saved = AppSettings.load()
    assert (saved.officer_name, saved.organisation_zh, saved.language, saved.first_run_done) == (
        "王 芳", "常州市工业和信息化局", "zh_CN", 1)
    assert saved.backup_dir == str(tmp_path / "backups") and (tmp_path / "backups").is_dir()
    assert not first_run.needed(saved, None)
    assert first_run.database_for(first_run.START_DEMO, None) == first_run.demo_path()
    assert first_run.database_for(first_run.START_EMPTY, None) is None


def test_skipping_the_setup_also_marks_it_done_and_a_bad_backup_folder_is_refused(qtbot, ctx,
                                                                                  tmp_path):
    settings = AppSettings()
    dialog = first_run.FirstRunDialog(settings, ctx.lang)
    qtbot.addWidget(dialog)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    dialog.backup.setText(str(blocker))
    dialog.ok_button.click()
    assert dialog.isVisible() is False or dialog.result() != dialog.DialogCode.Accepted
    assert dialog.error.isVisibleTo(dialog) and "not a folder" in dialog.error.text()
    dialog.skip_button.click()
    assert dialog.choice is None and AppSettings.load().first_run_done == 1


def test_run_the_setup_again_from_help_applies_to_the_open_window(qtbot, ctx, window, new_uscc):
    dialog = window.help_menus.run_setup()
    assert not dialog.start_box.isVisibleTo(dialog)  # the database is open already
    dialog.officer.setText("张明")
    dialog.ok_button.click()
    assert ctx.settings.officer_name == "张明" and ctx.db.actor == "张明"
    firm = enterprises.create(ctx.db, {"name_zh": "苏州瑞丰精密机械有限公司",
                                       "uscc": new_uscc()}).value
    assert enterprises.history(ctx.db, firm.id)[0].actor == "张明"


def test_the_demo_start_fills_its_own_database_once(qtbot, ctx, window, monkeypatch):
    monkeypatch.setattr(first_run, "DEMO_ENTERPRISES", 12)
    first_run.after_show(window, first_run.START_DEMO)
    wait_tasks(qtbot, window.ctx, timeout=60_000)
    assert enterprises.count(ctx.db) == 12
    assert "demo" in window.statusBar().currentMessage()
    first_run.fill_demo(window)  # not again into a database that has enterprises
    wait_tasks(qtbot, window.ctx, timeout=60_000)
    assert enterprises.count(ctx.db) == 12


def test_the_app_icon_and_name_are_set_on_the_window(window):
    assert Path(paths.resource("icons", "app.svg")).is_file()
    assert not window.windowIcon().isNull()
