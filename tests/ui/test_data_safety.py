"""Data safety in the window: edit conflicts asked, unsaved text kept and offered back, one
window per database, damage handled, backups listed and restored, risky folders named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from coop_desktop.errors import DatabaseBusyError, StorageError
from coop_desktop.services import applications, backups, enterprises, recovery
from coop_desktop.services.catalog import zones
from coop_desktop.settings import AppSettings
from tests.ui.conftest import wait_tasks
from ui.main_window import MainWindow
from ui.pages.applications import ApplicationsPage
from ui.single_instance import InstanceServer, ask_first_to_raise
from ui.widgets.application_editor import ApplicationEditor

FAST = {"idle_ms": 60, "max_ms": 300, "check_delay_ms": 20, "tm_delay_ms": 20}
OFFICER = AppSettings(officer_name="李明", organisation_zh="深圳市中小企业服务局")


@pytest.fixture
def app_id(db, new_uscc):
    firm = enterprises.create(db, {"name_zh": "深圳市安全测试科技有限公司", "uscc": new_uscc(),
                                   "name_en": "Shenzhen Safety Test Technology Co., Ltd."}).value
    zone = zones.list(db, source_key="cn-de-taicang")[0]
    return applications.create(db, enterprise_id=firm.id, template_key="zone_application",
                               zone_id=zone.id, country="DE", settings=OFFICER,
                               deadline=date(2031, 1, 1)).value.id


@pytest.fixture
def editor(qtbot, ctx, app_id):
    ctx.settings = OFFICER
    widget = ApplicationEditor(ctx, **FAST)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    widget.open(app_id)
    qtbot.waitUntil(lambda: widget.data is not None and not ctx.runner.busy and not widget.busy,
                    timeout=10_000)
    return widget


def _type(qtbot, editor, key, side, text):
    field = editor.row(key).editor(side)
    field.setPlainText(text)
    qtbot.waitUntil(lambda: not editor.autosave.busy or editor.autosave.held, timeout=10_000)


def _db_text(db, app_id, key, side):
    section = next(s for s in applications.sections(db, app_id) if s.key == key)
    return getattr(section, side)


@pytest.mark.parametrize("choice", ["keepMine", "useTheirs"])
def test_a_section_changed_elsewhere_is_asked_not_overwritten(qtbot, ctx, editor, app_id,
                                                               choice, tmp_path, monkeypatch):
    monkeypatch.setattr(recovery, "folder_for", lambda db_path, root=None: tmp_path / "rec")
    key = next(iter(editor.rows))
    base = editor.row(key).texts()[0]
    # Another program (or the command line) saves this section meanwhile.
    applications.save_draft(ctx.db, app_id, key, zh="另一处保存的文字", base_zh=base)
    editor.row(key).editor("zh").setPlainText("我在窗口里写的文字")
    qtbot.waitUntil(lambda: editor.conflict_dialog is not None, timeout=10_000)
    dialog = editor.conflict_dialog
    assert dialog.mine_view.toPlainText() == "我在窗口里写的文字"
    assert dialog.theirs_view.toPlainText() == "另一处保存的文字"
    assert _db_text(ctx.db, app_id, key, "zh") == "另一处保存的文字"  # nothing overwritten
    dialog.findChild(type(dialog.keep_mine), choice).click()
    qtbot.waitUntil(lambda: editor.conflict_dialog is None and not editor.busy, timeout=10_000)
    wait_tasks(qtbot, ctx)
    if choice == "keepMine":
        assert _db_text(ctx.db, app_id, key, "zh") == "我在窗口里写的文字"
    else:
        assert editor.row(key).texts()[0] == "另一处保存的文字"
        assert _db_text(ctx.db, app_id, key, "zh") == "另一处保存的文字"
        kept = recovery.pending(ctx.db.path, kind=recovery.SET_ASIDE)
        assert len(kept) == 1 and kept[0].sections[key] == {"zh": "我在窗口里写的文字"}


def test_a_failed_save_keeps_the_text_in_the_editor_and_saves_it_later(qtbot, ctx, editor,
                                                                      app_id, monkeypatch):
    key = next(iter(editor.rows))
    real = applications.save_draft
    calls = {"n": 0}

    def full_disk(*args, **kwargs):
        calls["n"] += 1
        raise StorageError("The disk is full, so the change could not be saved.")

    monkeypatch.setattr(applications, "save_draft", full_disk)
    monkeypatch.setattr("ui.widgets.application_editor.show_error", lambda *a, **k: None)
    editor.row(key).editor("en").setPlainText("Text typed while the disk was full")
    qtbot.waitUntil(lambda: calls["n"] > 0 and not editor.autosave.pending, timeout=10_000)
    assert editor.row(key).texts()[1] == "Text typed while the disk was full"
    assert editor.header.saved.text() == "Not saved"
    assert _db_text(ctx.db, app_id, key, "en") != "Text typed while the disk was full"
    monkeypatch.setattr(applications, "save_draft", real)
    editor.flush()
    qtbot.waitUntil(lambda: not editor.busy, timeout=10_000)
    assert _db_text(ctx.db, app_id, key, "en") == "Text typed while the disk was full"


@pytest.fixture
def window(qtbot, ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(recovery, "folder_for", lambda db_path, root=None: tmp_path / "rec")
    ctx.settings = AppSettings(officer_name="李明", backup_dir=str(tmp_path / "backups"))
    win = MainWindow(ctx, [lambda c: ApplicationsPage(c, **FAST)])
    qtbot.addWidget(win)
    win.show()
    return win


def test_closing_while_the_database_stays_locked_keeps_the_text_and_offers_it_next_time(
        qtbot, ctx, window, app_id, monkeypatch):
    from ui import startup

    page = window.page("applications")
    page.open_application(app_id)
    editor = page.editor
    qtbot.waitUntil(lambda: editor.data is not None and not ctx.runner.busy, timeout=10_000)
    key = next(iter(editor.rows))

    def locked(*args, **kwargs):
        raise DatabaseBusyError("The database is in use by another program.")

    monkeypatch.setattr(applications, "save_draft", locked)
    monkeypatch.setattr("ui.widgets.application_editor.show_error", lambda *a, **k: None)
    editor.row(key).editor("zh").setPlainText("关窗前来不及保存的文字")
    assert not window.close()  # the notice comes first
    notice = window.findChild(QMessageBox, "unsavedKeptDialog")
    assert notice is not None and notice.isVisible()
    kept = recovery.pending(ctx.db.path)
    assert len(kept) == 1 and kept[0].sections[key]["zh"] == "关窗前来不及保存的文字"
    notice.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
    monkeypatch.undo()
    monkeypatch.setattr(recovery, "folder_for",
                        lambda db_path, root=None: Path(kept[0].path).parent)
    # Next start: offered back, and put back into the application.
    box = startup.offer_recovered_text(ctx, window)
    assert box is not None and box.objectName() == "recoveredTextDialog"
    box.findChild(type(box.buttons()[0]), "restoreRecovered").click()
    wait_tasks(qtbot, ctx)
    assert _db_text(ctx.db, app_id, key, "zh") == "关窗前来不及保存的文字"
    assert recovery.pending(ctx.db.path) == []


def test_a_second_start_raises_the_first_window(qtbot, qapp, tmp_path):
    path = tmp_path / "coop.sqlite"
    server = InstanceServer(path, qapp)
    try:
        assert server.listening
        with qtbot.waitSignal(server.raise_requested, timeout=5_000):
            assert ask_first_to_raise(path)
    finally:
        server.close()
        server.deleteLater()
    assert not ask_first_to_raise(tmp_path / "other.sqlite", timeout_ms=300)


def test_damage_found_while_working_is_handled_once_and_nothing_is_written(
        qtbot, ctx, window, new_uscc):
    answers: list[str] = []

    def click_read_only():
        dialog = QApplication.activeModalWidget()
        answers.append(dialog.objectName())
        dialog.findChild(type(dialog.buttons["read_only"]), "damaged_read_only").click()

    QTimer.singleShot(200, click_read_only)
    ctx.db.mark_damaged("row 12 missing from index ix_enterprise_uscc")
    window.on_damage(ctx.db.damage)
    assert answers == ["damagedDialog"]
    assert window.read_only_label.isVisible()
    assert list(ctx.db.path.parent.glob("*.damaged-*"))  # a raw copy was kept aside
    window.on_damage("again")  # asked once only
    assert answers == ["damagedDialog"]
    from coop_desktop.errors import DatabaseDamagedError

    with pytest.raises(DatabaseDamagedError):
        enterprises.create(ctx.db, {"name_zh": "不应写入的企业有限公司", "uscc": new_uscc()})


def test_backups_dialog_backs_up_and_restore_reopens(qtbot, ctx, window, new_uscc):
    enterprises.create(ctx.db, {"name_zh": "深圳市备份对话框测试有限公司", "uscc": new_uscc()})
    dialog = window.open_backups()
    assert dialog.table.rowCount() == 0 and dialog.empty_label.isVisible()
    dialog.backup_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=20_000)
    assert "1" in dialog.table.item(0, 3).text()  # one enterprise in it
    assert dialog.table.item(0, 4).text() == "Verified"
    box = dialog.restore_selected()
    yes = next(b for b in box.buttons() if b.text() == "Restore")
    yes.click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert window.after_close is not None


def test_a_database_in_a_sync_folder_is_named_with_a_way_out(qtbot, ctx, window, monkeypatch):
    from coop_desktop import locations
    from ui import startup

    monkeypatch.setattr(locations, "risk_of", lambda path, **kw: locations.Risk(
        locations.CLOUD, "OneDrive", "/home/li/OneDrive"))
    box = startup.warn_if_risky_location(window)
    assert box is not None and "OneDrive" in box.text()
    assert box.findChild(type(box.buttons()[0]), "moveDatabase") is not None
    box.close()


@pytest.mark.parametrize("choice", ["saveMine", "loadTheirs"])
def test_an_enterprise_field_changed_elsewhere_is_asked(qtbot, ctx, new_uscc, choice):
    from ui.widgets.enterprise_form import EnterpriseForm

    firm = enterprises.create(ctx.db, {"name_zh": "深圳市表单冲突测试有限公司", "uscc": new_uscc(),
                                       "employees": 80, "website": "https://a.example.cn"}).value
    form = EnterpriseForm(ctx)
    qtbot.addWidget(form)
    form.show()
    form.load(firm.id)
    wait_tasks(qtbot, ctx)
    enterprises.update(ctx.db, firm.id, {"employees": 95, "website": "https://b.example.cn"})
    employees = form.details.fields["employees"]
    employees.setFocus()
    employees.selectAll()
    employees.insert("120")
    form.save()
    qtbot.waitUntil(lambda: form.conflict_box is not None and form.conflict_box.isVisible(),
                    timeout=10_000)
    box = form.conflict_box
    assert "Employees" in box.informativeText() and "120" in box.informativeText()
    assert enterprises.get(ctx.db, firm.id).employees == 95  # nothing overwritten yet
    box.findChild(type(box.buttons()[0]), choice).click()
    wait_tasks(qtbot, ctx)
    stored = enterprises.get(ctx.db, firm.id)
    assert stored.website == "https://b.example.cn"  # the other change survives either way
    if choice == "saveMine":
        assert stored.employees == 120
    else:
        assert stored.employees == 95
        qtbot.waitUntil(lambda: employees.text().replace(",", "") == "95", timeout=5_000)


def test_check_and_repair_from_the_tools_menu(qtbot, ctx, window, new_uscc):
    from sqlalchemy import text

    enterprises.create(ctx.db, {"name_zh": "深圳市检查菜单测试有限公司", "uscc": new_uscc()})
    dialog = window.open_check()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30_000)
    assert dialog.report.clean and not dialog.repair_button.isVisible()
    dialog.close()
    # Break the full-text index behind the search (as a crash in an old version could).
    with ctx.db.session() as session:
        session.execute(text("INSERT INTO enterprise_fts(enterprise_fts) VALUES ('delete-all')"))
    dialog = window.open_check()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30_000)
    assert not dialog.report.clean and dialog.repair_button.isVisible()
    dialog.repair_button.click()
    qtbot.waitUntil(lambda: dialog.repair_report is not None, timeout=60_000)
    assert dialog.repair_report.complete
    assert dialog.repair_report.backup is not None and dialog.repair_report.backup.exists()
    assert "Repaired" in dialog.summary.text()


def test_backup_sizes_read_as_people_write_them():
    from coop_desktop.i18n.catalog import translator
    from ui.widgets.backups_dialog import size_text

    en, zh = translator("en"), translator("zh_CN")
    assert size_text(5_872_025, en) == "5.6 MB"
    assert size_text(640_778_240, en) == "611.1 MB"
    assert size_text(860_000, en) == "840 KB"
    assert size_text(100, en) == "1 KB"
    assert "MB" in size_text(5_872_025, zh)


def test_a_file_damaged_at_start_is_kept_aside_and_the_newest_backup_restored(
        qtbot, qapp, tmp_path, new_uscc):
    from coop_desktop.errors import DatabaseDamagedError
    from coop_desktop.i18n.catalog import translator
    from coop_desktop.services import open_database
    from ui import startup

    path = tmp_path / "coop.sqlite"
    settings = AppSettings(officer_name="李明", backup_dir=str(tmp_path / "backups"))
    db, _ = open_database(path)
    enterprises.create(db, {"name_zh": "深圳市启动恢复测试有限公司", "uscc": new_uscc()})
    backups.take_backup(db, reason="manual", backup_dir=tmp_path / "backups")
    enterprises.create(db, {"name_zh": "深圳市备份之后的企业有限公司", "uscc": new_uscc()})
    db.close()
    data = bytearray(path.read_bytes())
    data[100] = 0x00  # page 1 (the schema's root) no longer says what kind of page it is
    path.write_bytes(bytes(data))
    damaged = bytes(data)
    with pytest.raises(DatabaseDamagedError):
        open_database(path)
    seen: list[str] = []

    def answer():
        dialog = QApplication.activeModalWidget()
        seen.append(dialog.objectName())
        assert "Technical details" in [b.text() for b in dialog.findChildren(type(
            dialog.buttons["quit"]))]
        dialog.buttons["restore"].click()

    def acknowledge():  # the "restored" message, whenever it comes up
        box = QApplication.activeModalWidget()
        if box is not None and box.objectName() == "restoredDialog":
            seen.append(box.objectName())
            box.accept()
            poll.stop()

    poll = QTimer()
    poll.timeout.connect(acknowledge)
    poll.start(100)
    QTimer.singleShot(300, answer)
    restored = startup.open_with_recovery(path, settings, translator("en"))
    poll.stop()
    try:
        assert seen == ["damagedDialog", "restoredDialog"]
        assert restored is not None and not restored.read_only
        assert enterprises.count(restored) == 1  # as in the backup
        kept = list(tmp_path.glob("coop.sqlite.damaged-*"))
        assert len(kept) == 1 and kept[0].read_bytes() == damaged  # the damaged bytes are kept
    finally:
        if restored is not None:
            restored.close()


def test_a_file_the_user_cannot_write_opens_read_only_with_a_word(qtbot, qapp, tmp_path,
                                                                   monkeypatch, new_uscc):
    import os

    from coop_desktop.errors import ReadOnlyDatabaseError
    from coop_desktop.i18n.catalog import translator
    from coop_desktop.services import open_database
    from ui import startup

    path = tmp_path / "coop.sqlite"
    db, _ = open_database(path)
    enterprises.create(db, {"name_zh": "深圳市只读打开测试有限公司", "uscc": new_uscc()})
    db.close()
    # (the tests run as root, for whom every file is writable: ask as a user would)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK and Path(p) in (
        path, tmp_path) else real_access(p, mode))
    seen: list[str] = []

    def acknowledge():
        box = QApplication.activeModalWidget()
        if box is not None:
            seen.append(box.objectName())
            box.accept()

    QTimer.singleShot(200, acknowledge)
    opened = startup.open_with_recovery(path, AppSettings(), translator("en"))
    try:
        assert seen == ["openedReadOnlyDialog"]
        assert opened is not None and opened.read_only
        assert enterprises.count(opened) == 1
        with pytest.raises(ReadOnlyDatabaseError):
            enterprises.create(opened, {"name_zh": "不应写入有限公司", "uscc": new_uscc()})
    finally:
        opened.close()
