"""File ▸ Import enterprises…: preview with the encoding corrected, columns mapped from the
headers, the dry run's problems and conflicts, the import after a backup, undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from coop_desktop.exchange import mapping as mapping_mod
from coop_desktop.services import backups, enterprises
from coop_desktop.settings import AppSettings
from coop_desktop.validation import uscc_check_char
from tests.ui.conftest import wait_tasks
from ui.main_window import MainWindow
from ui.widgets.import_dialog import CHECK, COLUMNS, DONE, FILE


def _uscc(n: int) -> str:
    body = f"91440300MA5D{n:05d}"
    return body + uscc_check_char(body)


@pytest.fixture
def sheet(tmp_path) -> Path:
    rows = [
        "企业名称,统一社会信用代码,从业人员,注册资本（万元）",
        f"深圳市导入一号科技有限公司,{_uscc(1)},120,500",
        f"深圳市导入二号𠮷祥有限公司,{_uscc(2)},80,1200",
        f"深圳市导入三号有限公司,{_uscc(3)[:-1]}0,50,100",  # a wrong check character
        f"深圳市已有企业有限公司,{_uscc(4)},300,800",
    ]
    path = tmp_path / "区县报送名单.csv"
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("gb18030"))
    return path


@pytest.fixture
def window(qtbot, ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(mapping_mod, "_store", lambda folder=None: tmp_path / "mappings.json")
    ctx.settings = AppSettings(officer_name="李明", backup_dir=str(tmp_path / "backups"))
    win = MainWindow(ctx, [])
    qtbot.addWidget(win)
    win.show()
    return win


def test_import_a_gb18030_csv_with_a_bad_row_and_a_conflict_then_undo(qtbot, ctx, window, sheet,
                                                                       tmp_path):
    existing = enterprises.create(ctx.db, {"name_zh": "深圳市已有企业有限公司", "uscc": _uscc(4),
                                           "employees": 250}).value
    dialog = window.import_enterprises(sheet)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert dialog.pages.currentIndex() == FILE
    assert dialog.encoding_combo.currentData() == "gb18030"
    assert dialog.preview_table.item(1, 0).text() == "深圳市导入二号𠮷祥有限公司"
    dialog.next_button.click()
    assert dialog.pages.currentIndex() == COLUMNS
    targets = [c.target for c in dialog.mapping.columns]
    assert targets == ["name_zh", "uscc", "employees", "registered_capital_fen"]
    assert dialog.mapping.columns[3].unit == "ten_thousand"  # from the header: （万元）
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20_000)
    assert dialog.pages.currentIndex() == CHECK
    report = dialog.report
    assert (report.created, report.updated, report.rejected) == (2, 1, 1)
    assert "row 4" in dialog.problems_view.toPlainText().lower() or "第 4 行" in \
        dialog.problems_view.toPlainText()
    assert dialog.conflicts_table.rowCount() >= 1  # employees 250 -> 300
    assert enterprises.count(ctx.db) == 1  # the dry run wrote nothing
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
    wait_tasks(qtbot, ctx)
    assert dialog.pages.currentIndex() == DONE
    assert enterprises.count(ctx.db) == 3
    assert enterprises.get(ctx.db, existing.id).employees == 300
    made = backups.list_backups(ctx.db.path, backup_dir=tmp_path / "backups")
    assert [b.reason for b in made] == ["before-import"] and made[0].counts["enterprises"] == 1
    second = enterprises.get_by_uscc(ctx.db, _uscc(1))
    assert second.registered_capital_fen == 500 * 1_000_000  # 500 万元
    # The whole batch is undone from the window's Undo.
    assert ctx.undo_stack, "the import offers an undo"
    window.undo()
    wait_tasks(qtbot, ctx)
    assert enterprises.count(ctx.db) == 1
    assert enterprises.get(ctx.db, existing.id).employees == 250


def test_kept_values_and_a_cancelled_check_change_nothing(qtbot, ctx, window, sheet):
    existing = enterprises.create(ctx.db, {"name_zh": "深圳市已有企业有限公司", "uscc": _uscc(4),
                                           "employees": 250}).value
    dialog = window.import_enterprises(sheet)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    dialog.next_button.click()
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20_000)
    from PySide6.QtCore import Qt

    for r in range(dialog.conflicts_table.rowCount()):  # keep every current value
        dialog.conflicts_table.item(r, 0).setCheckState(Qt.CheckState.Checked)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
    assert enterprises.get(ctx.db, existing.id).employees == 250


def test_an_import_is_undone_later_from_the_list_of_imports(qtbot, ctx, window, sheet,
                                                           monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from coop_desktop.exchange import importer

    report = importer.apply(ctx.db, sheet, backup=False)
    assert report.created == 3
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Yes)
    dialog = window.open_imports()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert dialog.table.item(0, 1).text() == sheet.name
    assert dialog.table.item(0, 4).text() == "In effect"
    # One record was changed after the import: asked, then the rest is undone.
    first = enterprises.get_by_uscc(ctx.db, _uscc(1))
    enterprises.update(ctx.db, first.id, {"employees": 999})
    asked: list[str] = []
    monkeypatch.setattr(type(dialog), "_ask_partial",
                        lambda self, exc: (asked.append(exc.render(ctx.tr)),
                                           self.undo_selected(skip_changed=True)))
    dialog.undo_selected()
    qtbot.waitUntil(lambda: dialog.last_report is not None, timeout=10_000)
    wait_tasks(qtbot, ctx)
    assert asked and "changed after" in asked[0]
    assert enterprises.count(ctx.db) == 1  # the changed one stays; the other two went
    assert enterprises.get(ctx.db, first.id).employees == 999
    qtbot.waitUntil(lambda: dialog.table.item(0, 4).text() == "Undone", timeout=10_000)


def test_rows_imported_with_a_warning_are_listed_as_worth_a_look(qtbot, ctx, window, tmp_path):
    path = tmp_path / "零号.csv"
    path.write_text("企业名称,统一社会信用代码\n深圳市零号科技有限公司,000000000000000000\n",
                    encoding="utf-8")
    dialog = window.import_enterprises(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    dialog.next_button.click()
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20_000)
    assert (dialog.report.created, dialog.report.rejected) == (1, 0)
    assert dialog.report.warnings
    assert dialog.problems_label.text() == "Imported, but worth a look:"
    assert dialog.problems_view.toPlainText().startswith("⚠ ")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
    wait_tasks(qtbot, ctx)
    assert "⚠ " in dialog.done_details.toPlainText()
    assert enterprises.count(ctx.db) == 1
