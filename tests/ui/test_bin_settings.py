"""The recycle bin page and the settings dialog, driven through their public widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton

from coop_desktop.services import enterprises, recycle_bin
from coop_desktop.services.catalog import contacts
from coop_desktop.settings import AppSettings
from tests.ui.conftest import wait_tasks
from ui.pages.recycle_bin import ITEM_ROLE, RecycleBinPage
from ui.widgets.settings_dialog import SettingsDialog


def _firm(db, uscc, name="苏州瑞丰精密机械有限公司",
          en="Suzhou Ruifeng Precision Machinery Co., Ltd."):
    return enterprises.create(db, {"name_zh": name, "name_en": en, "uscc": uscc}).value


@pytest.fixture
def page(qtbot, ctx):
    widget = RecycleBinPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    return widget


def _load(qtbot, ctx, page):
    page.refresh()
    wait_tasks(qtbot, ctx)


def test_bin_lists_deleted_enterprise_and_contact_and_restores_them(qtbot, qtmodeltester, ctx, page,
                                                                      new_uscc):
    gone = _firm(ctx.db, new_uscc(), name="深圳云帆科技有限公司", en="Shenzhen Yunfan Technology")
    kept = _firm(ctx.db, new_uscc())
    contact = contacts.create(ctx.db, {"enterprise_id": kept.id, "name": "李伟"}).value
    enterprises.delete(ctx.db, [gone.id])
    contacts.delete(ctx.db, [contact.id])
    _load(qtbot, ctx, page)

    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    rows = {page.proxy.index(r, 1).data(): page.proxy.index(r, 2).data()
            for r in range(page.proxy.rowCount())}
    assert rows == {"Shenzhen Yunfan Technology": "",
                    "李伟": "Suzhou Ruifeng Precision Machinery Co., Ltd."}
    assert page.proxy.index(0, 3).data()  # deleted when, formatted
    assert not page.restore_button.isEnabled()

    page.kind_combo.setCurrentIndex(page.kind_combo.findData("contact"))
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, 0).data() == ctx.tr.gettext("Contact")
    page.kind_combo.setCurrentIndex(0)
    assert page.proxy.rowCount() == 2

    page.delete_selected()  # the Delete key does nothing in the bin
    page.table.selectAll()
    assert page.restore_button.isEnabled()
    emitted = []
    ctx.hub.changed.connect(emitted.append)
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    wait_tasks(qtbot, ctx)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)

    assert enterprises.get(ctx.db, gone.id).deleted_at is None
    assert [c.id for c in contacts.list(ctx.db, enterprise_id=kept.id)] == [contact.id]
    assert {(c.kind, c.action) for c in emitted} == {("enterprise", "restore"),
                                                     ("contact", "restore")}
    assert page.last_message == "Restored 2 records."
    assert page.count_label.text() == "The recycle bin is empty."


def test_bin_refreshes_when_something_is_deleted_elsewhere(qtbot, ctx, page, new_uscc):
    firm = _firm(ctx.db, new_uscc())
    _load(qtbot, ctx, page)
    assert page.model.rowCount() == 0
    ctx.mutate(lambda: enterprises.delete(ctx.db, [firm.id]))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.proxy.index(0, 0).data(ITEM_ROLE).key == ("enterprise", firm.id)


def test_child_of_binned_enterprise_is_refused_with_its_name(qtbot, ctx, page, new_uscc):
    firm = _firm(ctx.db, new_uscc())
    contact = contacts.create(ctx.db, {"enterprise_id": firm.id, "name": "李伟"}).value
    contacts.delete(ctx.db, [contact.id])
    enterprises.delete(ctx.db, [firm.id])
    _load(qtbot, ctx, page)
    row = next(r for r in range(page.proxy.rowCount())
               if page.proxy.index(r, 0).data(ITEM_ROLE).kind == "contact")
    assert "(in the recycle bin)" in page.proxy.index(row, 2).data()
    page.table.selectRow(row)

    page.restore_selected()
    wait_tasks(qtbot, ctx)

    box = page.findChild(QMessageBox, "errorDialog")
    assert box is not None and "Suzhou Ruifeng Precision Machinery Co., Ltd." in box.text()
    box.close()
    assert contacts.list(ctx.db, enterprise_id=firm.id) == []
    assert page.restore_button.isEnabled()


def test_settings_switch_language_live_and_set_the_audit_actor(qtbot, ctx, page, new_uscc):
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.officer_edit.setText(" 张明 ")
    dialog.org_zh_edit.setText("苏州市商务局")
    dialog.org_en_edit.setText("Suzhou Municipal Bureau of Commerce")
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("zh_CN"))
    assert page.heading.text() == "Recycle bin"

    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    assert ctx.lang.language == "zh_CN"
    assert page.heading.text() == "回收站" == ctx.tr.gettext("Recycle bin")
    assert page.restore_button.text() == ctx.tr.gettext("Restore")
    assert page.model.headerData(1, Qt.Orientation.Horizontal) == ctx.tr.gettext("Name")
    saved = AppSettings.load()
    assert AppSettings.file().is_file()
    assert (saved.officer_name, saved.organisation_zh, saved.organisation_en, saved.language) == (
        "张明", "苏州市商务局", "Suzhou Municipal Bureau of Commerce", "zh_CN")
    assert saved.db_path == ""  # no other data file chosen: the default stays the default
    assert ctx.db.actor == "张明"
    firm = _firm(ctx.db, new_uscc())
    assert enterprises.history(ctx.db, firm.id)[0].actor == "张明"


def test_settings_buttons_come_from_qt_catalog_in_chinese(qtbot, ctx):
    ctx.lang.set_language("zh_CN")
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).text() in ("确定", "确定(&O)")
    assert dialog.windowTitle() == ctx.tr.gettext("Settings")
    assert dialog.language_combo.currentText() == "中文"


def test_unwritable_backup_folder_is_refused(qtbot, ctx, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    for bad in (blocker, blocker / "backups"):
        dialog.backup_edit.setText(str(bad))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert dialog.isVisible()
        assert dialog.error_label.isVisible() and str(bad) in dialog.error_label.text()
    assert not AppSettings.file().exists()

    good = tmp_path / "backups"
    dialog.backup_edit.setText(str(good))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible()
    assert AppSettings.load().backup_dir == str(good) and good.is_dir()
    assert list(good.iterdir()) == []  # the write test leaves nothing behind


def test_cancel_changes_nothing_and_a_chosen_data_file_waits_for_next_start(qtbot, ctx, tmp_path):
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.officer_edit.setText("张明")
    dialog.reject()
    assert ctx.settings.officer_name == "" and not AppSettings.file().exists()

    again = SettingsDialog(ctx)
    qtbot.addWidget(again)
    again.set_db_path(str(tmp_path / "other.sqlite"))
    assert str(ctx.db.path) in again.db_note.text() and "next start" in again.db_note.text()
    again.accept()
    assert AppSettings.load().db_path == str(tmp_path / "other.sqlite")
    assert ctx.db.path != Path(tmp_path / "other.sqlite")  # still the file in use


def test_delete_for_good_names_what_goes_and_cancel_keeps_everything(qtbot, ctx, page, new_uscc):
    firm = _firm(ctx.db, new_uscc())
    contacts.create(ctx.db, {"enterprise_id": firm.id, "name": "欧阳娜娜",
                             "phone": "13912345678"})
    enterprises.delete(ctx.db, [firm.id])
    ctx.undo_stack.append(object())  # an undo of the delete, which a purge makes void
    _load(qtbot, ctx, page)
    page.delete_selected()  # the Delete key still does nothing
    assert page.model.rowCount() == 1 and not page.purge_button.isEnabled()
    page.table.selectAll()
    assert page.purge_button.isEnabled()

    qtbot.mouseClick(page.purge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.purge_box is not None)
    box = page.purge_box
    assert "Suzhou Ruifeng Precision Machinery Co., Ltd." in box.text()
    assert "1 contact" in box.text() and "cannot be undone" in box.informativeText()
    assert box.defaultButton() is box.escapeButton()  # Enter does not erase anything
    box.reject()
    wait_tasks(qtbot, ctx)
    assert enterprises.get(ctx.db, firm.id, deleted=True).name_zh == "苏州瑞丰精密机械有限公司"

    qtbot.mouseClick(page.purge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.purge_box is not None)
    emitted = []
    ctx.hub.changed.connect(emitted.append)
    page.purge_box.findChild(QPushButton, "purgeConfirmButton").click()
    wait_tasks(qtbot, ctx)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)

    assert page.last_message == "Deleted 2 records for good."
    assert {(c.kind, c.action) for c in emitted} == {("enterprise", "delete"),
                                                     ("contact", "delete")}
    assert ctx.undo_stack == []
    with pytest.raises(Exception):
        enterprises.get(ctx.db, firm.id, deleted=True)


def test_delete_for_good_refusal_is_shown_and_nothing_goes(qtbot, ctx, page):
    from coop_desktop.services.catalog import zones

    shipped = zones.list(ctx.db)[0]
    zones.delete(ctx.db, [shipped.id])
    _load(qtbot, ctx, page)
    page.table.selectAll()
    page.purge_selected()
    wait_tasks(qtbot, ctx)
    box = page.findChild(QMessageBox, "errorDialog")
    assert box is not None and "shipped reference data" in box.text()
    box.close()
    assert page.purge_box is None
    assert [i.key for i in recycle_bin.items(ctx.db)] == [("zone", shipped.id)]
