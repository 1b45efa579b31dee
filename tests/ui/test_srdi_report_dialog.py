"""Who qualifies (SRDI)…: opened from the menus on the Enterprises page's list, runs in the
background, counts and rows, filters, opening an enterprise, Cancel, exports, both languages."""

from __future__ import annotations

import threading

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from coop_desktop.rules.srdi_results import CANNOT_TELL, FAIL, OUTCOMES, PASS, TIERS
from coop_desktop.services import srdi_report
from tests.services.test_srdi_report import firms  # noqa: F401 - the fixture
from tests.ui.conftest import wait_tasks
from tests.ui.test_enterprise_list import StandInForm
from ui.main_window import MainWindow
from ui.pages.enterprises import EnterprisesPage
from ui.pages.zones import ZonesPage
from ui.tasks import Cancelled
from ui.widgets import srdi_report_dialog
from ui.widgets.srdi_report_dialog import SrdiReportDialog

GUANGDONG = 5  # the fixture's enterprises in 440000 (one more is in Jiangsu)


@pytest.fixture
def window(qtbot, ctx, firms):  # noqa: F811 - the imported fixture
    win = MainWindow(ctx, [lambda c: EnterprisesPage(c, form_factory=StandInForm), ZonesPage])
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    page = win.page("enterprises")
    qtbot.waitUntil(lambda: not page.busy and not ctx.runner.busy, timeout=10_000)
    page.filters.set_value("province_code", "440000")
    qtbot.waitUntil(lambda: not page.busy and page.model.count == GUANGDONG, timeout=10_000)
    return win


def _open(qtbot, window, action) -> SrdiReportDialog:
    before = set(srdi_report_dialog._ACTIVE)
    action.trigger()
    dialog = next(iter(srdi_report_dialog._ACTIVE - before))
    with qtbot.waitSignal(dialog.reported, timeout=20_000):
        pass
    return dialog


def test_the_menus_open_it_on_the_list_shown_and_it_counts_every_outcome(
        qtbot, ctx, window, firms):  # noqa: F811
    window.show_page("zones")  # from another page, the Tools entry still takes the list
    action = window.list_actions.srdi
    assert action in window.tools_menu.actions() and action in window.file_menu.actions()
    assert action.isEnabled()
    dialog = _open(qtbot, window, action)
    report = dialog.report
    assert report.total == GUANGDONG and "Guangdong" in dialog.summary.text()
    assert {r.province_code for r in report.rows} == {"440000"}
    for tier in TIERS:
        values = [int(dialog.count_buttons[(tier, o)].text().replace(",", "")) for o in OUTCOMES]
        assert sum(values) == GUANGDONG
        assert values == [report.counts[tier][o] for o in OUTCOMES]
    assert {s.outcome for r in report.rows for s in r.tiers} == {PASS, FAIL, CANNOT_TELL}
    assert dialog.model.rowCount() == GUANGDONG
    assert dialog.xlsx_button.isEnabled() and dialog.pdf_button.isEnabled()
    dialog.close()


def test_a_count_filters_the_table_and_a_double_click_opens_the_enterprise(
        qtbot, ctx, window, firms):  # noqa: F811
    dialog = _open(qtbot, window, window.list_actions.srdi)
    srdi_fail = dialog.report.counts["srdi"][FAIL]
    assert srdi_fail > 0
    dialog.count_buttons[("srdi", FAIL)].click()
    assert dialog.tier_filter.currentData() == "srdi"
    assert dialog.outcome_filter.currentData() == FAIL
    assert dialog.model.rowCount() == srdi_fail
    rows = [dialog.model.row_at(i) for i in range(dialog.model.rowCount())]
    assert all(r.outcome("srdi") == FAIL for r in rows)
    # the last column says what is short for the chosen tier
    last = dialog.model.columnCount() - 1
    short = dialog.model.index(0, last).data()
    assert short and short == dialog.text.short(rows[0].tier("srdi"))
    dialog.outcome_filter.setCurrentIndex(0)  # any result
    assert dialog.model.rowCount() == GUANGDONG
    weak = next(i for i in range(dialog.model.rowCount())
                if dialog.model.row_at(i).name_zh == "弱企贸易有限公司")
    index = dialog.model.index(weak, 0)
    dialog.table.setCurrentIndex(index)
    assert "弱企贸易有限公司" in dialog.detail.toPlainText()
    assert "SRDI SME" in dialog.detail.toPlainText()
    dialog.table.doubleClicked.emit(index)
    page = window.page("enterprises")
    assert window.current_page() is page
    assert page.form.current_id == firms["弱企贸易有限公司"]
    assert page.current_id() == firms["弱企贸易有限公司"]
    dialog.close()


def test_sorting_by_a_tier_puts_the_qualified_first(qtbot, ctx, window, firms):  # noqa: F811
    dialog = _open(qtbot, window, window.list_actions.srdi)
    column = 4 + TIERS.index("innovative")
    dialog.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    outcomes = [dialog.model.row_at(i).outcome("innovative")
                for i in range(dialog.model.rowCount())]
    order = [PASS, CANNOT_TELL, FAIL]
    assert outcomes == sorted(outcomes, key=order.index)
    dialog.close()


def test_cancel_shows_nothing_and_changes_nothing(qtbot, ctx, window, monkeypatch):
    real = srdi_report.run_iter
    go_on = threading.Event()

    def slow(*args, **kw):
        kw["chunk"] = 1
        job = real(*args, **kw)
        yield next(job)
        go_on.wait(10)
        yield from job

    monkeypatch.setattr(srdi_report, "run_iter", slow)
    dialog = srdi_report_dialog.open_report(ctx, window)
    with qtbot.waitSignal(dialog.failed, timeout=10_000) as failed:
        dialog.cancel.set()
        go_on.set()
    assert isinstance(failed.args[0], Cancelled)
    wait_tasks(qtbot, ctx)
    assert dialog.report is None and dialog.model.rowCount() == 0
    assert "Nothing was changed" in dialog.summary.text()
    assert not dialog.xlsx_button.isEnabled()
    monkeypatch.setattr(srdi_report, "run_iter", real)
    with qtbot.waitSignal(dialog.reported, timeout=20_000):
        dialog.run_button.click()  # and it can start over
    assert dialog.report.total == GUANGDONG
    dialog.close()


def test_another_version_runs_again(qtbot, ctx, window):
    dialog = _open(qtbot, window, window.list_actions.srdi)
    other = "2026" if dialog.report.version == "2022" else "2022"
    with qtbot.waitSignal(dialog.reported, timeout=20_000):
        dialog.version.setCurrentIndex(dialog.version.findData(other))
        dialog.version.activated.emit(dialog.version.currentIndex())
    assert dialog.report.version == other
    assert other in dialog.report.document
    dialog.close()


def test_exports_through_the_buttons(qtbot, ctx, window, tmp_path, monkeypatch):
    dialog = _open(qtbot, window, window.list_actions.srdi)
    asked = []

    def ask(parent, title, suggested, pattern):
        asked.append(suggested)
        return str(tmp_path / ("out.xlsx" if "xlsx" in pattern else "out.pdf"))

    monkeypatch.setattr(srdi_report_dialog, "ask_save_path", ask)
    with qtbot.waitSignal(dialog.exported, timeout=20_000) as done:
        dialog.xlsx_button.click()
    assert done.args[0].rows == GUANGDONG
    assert asked[0].endswith(f"srdi-assessment-{dialog.report.version}-"
                             f"{dialog.report.today:%Y%m%d}.xlsx")
    book = openpyxl.load_workbook(tmp_path / "out.xlsx", read_only=True)
    listed = [r for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert sorted(r[0] for r in listed) == sorted(r.name_zh for r in dialog.report.rows)
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        dialog.pdf_button.click()
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    for box in dialog.findChildren(QMessageBox):
        box.close()
    dialog.close()


def test_chinese_and_the_window_size(qtbot, ctx, window):
    dialog = _open(qtbot, window, window.list_actions.srdi)
    ctx.lang.set_language("zh_CN")
    assert dialog.windowTitle() == "专精特新资质评估"
    assert dialog.count_heads[0].text() == "符合"
    assert dialog.model.headerData(4, Qt.Orientation.Horizontal) == "创新型"
    assert "广东" in dialog.summary.text()
    assert window.list_actions.srdi.text() == "专精特新资质评估…"
    # fits a 1366×768 screen
    assert dialog.width() <= 1366 and dialog.height() <= 740
    assert dialog.minimumSizeHint().width() <= 1366 and dialog.minimumSizeHint().height() <= 740
    dialog.close()


def test_an_enterprise_outside_the_list_shown_opens_in_the_form(qtbot, ctx, window, firms):  # noqa: F811
    from coop_desktop.db.repositories.enterprises import EnterpriseQuery

    dialog = srdi_report_dialog.open_report(ctx, window, query=EnterpriseQuery())
    with qtbot.waitSignal(dialog.reported, timeout=20_000):
        pass
    assert dialog.report.total == GUANGDONG + 1
    row = next(i for i in range(dialog.model.rowCount())
               if dialog.model.row_at(i).name_zh == "苏州外省精密有限公司")
    dialog.table.doubleClicked.emit(dialog.model.index(row, 0))
    page = window.page("enterprises")
    assert page.model.row_of(firms["苏州外省精密有限公司"]) < 0  # not in the Guangdong list
    assert page.form.current_id == firms["苏州外省精密有限公司"]
    dialog.close()


def test_closing_during_a_run_stops_it_and_then_closes(qtbot, ctx, window, monkeypatch):
    real = srdi_report.run_iter
    go_on = threading.Event()

    def slow(*args, **kw):
        kw["chunk"] = 1
        job = real(*args, **kw)
        yield next(job)
        go_on.wait(10)
        yield from job

    monkeypatch.setattr(srdi_report, "run_iter", slow)
    dialog = srdi_report_dialog.open_report(ctx, window)
    dialog.close()
    assert dialog.isVisible() and dialog.close_pending  # waits for the run to stop
    with qtbot.waitSignal(dialog.destroyed, timeout=10_000):  # closed, then deleted
        go_on.set()
    wait_tasks(qtbot, ctx)
    assert dialog.closed and dialog.report is None
    assert dialog not in srdi_report_dialog._ACTIVE
