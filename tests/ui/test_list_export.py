"""File ▸ Export list / Print preview of the list / Print the list, from the main window."""

from __future__ import annotations

import threading

import openpyxl
import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from coop_desktop.exchange import export as ex
from coop_desktop.services import enterprises
from coop_desktop.services.catalog import glossary
from tests.ui.conftest import wait_tasks
from tests.ui.test_enterprise_list import NAMES, StandInForm
from ui.main_window import MainWindow
from ui.models.enterprise_table import COLUMN_KEYS
from ui.pages.enterprises import EnterprisesPage
from ui.pages.glossary import GlossaryPage
from ui.pages.zones import ZonesPage
from ui.tasks import Cancelled
from ui.widgets import list_export, pdf_export


@pytest.fixture
def firms(db, new_uscc) -> dict[str, int]:
    out = {}
    for name_zh, name_en, city, industry, employees, revenue, tags in NAMES:
        out[name_zh] = enterprises.create(db, {
            "name_zh": name_zh, "name_en": name_en, "uscc": new_uscc(city), "city_code": city,
            "industry": industry, "employees": employees, "revenue_fen": revenue * 100,
            "tags": tags}).value.id
    return out


@pytest.fixture
def window(qtbot, ctx, firms):
    win = MainWindow(ctx, [lambda c: EnterprisesPage(c, form_factory=StandInForm), ZonesPage,
                           GlossaryPage])
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    page = win.current_page()
    qtbot.waitUntil(lambda: not page.busy and not ctx.runner.busy, timeout=10_000)
    return win


GUANGDONG = ["中山精密机械有限公司", "华为技术有限公司", "深圳市长城电子有限公司"]


@pytest.fixture
def guangdong(qtbot, ctx, window):
    page = window.current_page()
    page.filters.set_value("province_code", "440000")
    page.set_column_visible("industry", False)  # hidden columns are not exported
    page.table.horizontalHeader().setSortIndicator(COLUMN_KEYS.index("revenue"),
                                                  Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not page.busy and not ctx.runner.busy, timeout=10_000)
    assert page.model.count == len(GUANGDONG)
    return page


def test_export_through_the_menu_takes_the_filter_sort_and_visible_columns(
        qtbot, ctx, window, guangdong, tmp_path, monkeypatch):
    target = tmp_path / "out" / "粤企.xlsx"
    asked = []
    monkeypatch.setattr(list_export, "ask_save_path",
                        lambda parent, title, suggested, fmt: asked.append(fmt) or str(target))
    assert window.list_actions.export.isEnabled()
    window.list_actions.export.trigger()
    job = next(iter(list_export._ACTIVE))
    dialog = job.dialog
    assert dialog.isVisible() and "3" in dialog.summary.text()
    assert "Guangdong" in dialog.summary.text()
    dialog.header_buttons["zh"].setChecked(True)
    dialog.format_buttons["xlsx"].setChecked(True)
    with qtbot.waitSignal(job.exported, timeout=15_000):
        dialog.accept()
    assert asked == ["xlsx"]
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    # the visible columns in their order ("place" is two columns, the SRDI title and its
    # expiry are the titles column; the English UI shows the English name); not the hidden
    # industry
    assert rows[0] == ("企业名称", "英文名称", "专精特新称号", "统一社会信用代码", "省份", "城市", "企业规模",
                       "从业人员（人）", "营业收入（万元）", "更新时间")
    shown = [guangdong.model.index(r, 0).data() for r in range(guangdong.model.rowCount())]
    assert [r[0] for r in rows[1:]] == shown  # in the list's order (by revenue, descending)
    assert shown == ["中山精密机械有限公司", "华为技术有限公司", "深圳市长城电子有限公司"]
    assert target.stat().st_mode & 0o777 == 0o600


def test_every_field_can_be_chosen_and_csv_written(qtbot, ctx, window, guangdong, tmp_path):
    source = list_export.source_of(window.current_page())
    job = list_export.ListExport(ctx, source, window)
    target = tmp_path / "all.csv"
    with qtbot.waitSignal(job.exported, timeout=15_000):
        job.run(target, fmt="csv", headers="en", columns=None)
    text = target.read_bytes().decode("utf-8-sig")
    head = text.split("\r\n")[0].split(",")
    assert head[:3] == ["Company name", "English name", "USCC"] and "Industry" in head
    assert text.count("\r\n") == 1 + len(GUANGDONG)


def test_cancel_stops_the_export_and_leaves_no_file(qtbot, ctx, window, guangdong, tmp_path,
                                                    monkeypatch):
    gate = threading.Event()
    real = ex.export

    def held(*args, **kw):
        job = real(*args, **kw)
        try:
            first = next(job)  # the file is being written now
            gate.wait(10)
            yield first
            yield from job
        finally:
            job.close()

    monkeypatch.setattr(list_export.ex, "export", held)
    source = list_export.source_of(window.current_page())
    run = list_export.ListExport(ctx, source, window)
    out = tmp_path / "out"
    out.mkdir()
    with qtbot.waitSignal(run.failed, timeout=15_000) as failed:
        run.run(out / "list.csv", fmt="csv", headers="zh", columns=None)
        run.cancel.set()  # the progress dialog's Cancel
        gate.set()
    assert isinstance(failed.args[0], Cancelled)
    assert list(out.iterdir()) == []
    assert "no file was written" in window.statusBar().currentMessage()


def test_print_preview_shows_the_filtered_rows(qtbot, ctx, window, guangdong):
    job = window.list_actions.preview_list()
    with qtbot.waitSignal(job.shown, timeout=30_000):
        pass
    dialog = job.dialog
    assert dialog.report.rows == len(GUANGDONG) and dialog.page_count == dialog.report.pages >= 1
    text = "".join(p.extract_text() for p in pypdf.PdfReader(dialog.path).pages)
    for name in GUANGDONG:  # (a long name may wrap in its cell)
        assert name in text.replace("\n", "")
    assert "阿里巴巴" not in text
    assert "Province: Guangdong" in text and "Page 1 of 1" in text
    assert "Sorted by: Revenue, descending" in text
    assert "3 rows" in dialog.pages_label.text()
    path = dialog.path
    dialog.close()
    qtbot.waitUntil(lambda: not path.exists())  # the temporary PDF goes with the dialog


def test_print_the_list_to_a_pdf_printer(qtbot, ctx, window, guangdong, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_export, "exec_print_dialog", lambda dialog: True)
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    job = window.list_actions.print_list(printer=printer)
    with qtbot.waitSignal(job.printed, timeout=30_000) as printed:
        pass
    assert printed.args == [1]
    page = pypdf.PdfReader(out).pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape paper


def test_a_list_too_long_to_print_says_so(qtbot, ctx, window, monkeypatch):
    from coop_desktop.exchange import export_pdf

    monkeypatch.setattr(export_pdf, "MAX_ROWS", 3)
    shown = []
    import ui.tasks

    monkeypatch.setattr(ui.tasks, "show_error", lambda parent, tr, exc, details="":
                        shown.append(exc.render(tr)))
    job = window.list_actions.preview_list()
    with qtbot.waitSignal(job.failed, timeout=15_000):
        pass
    assert shown and "at most 3 can be printed" in shown[0]
    assert job.dialog is None


def test_zones_export_the_rows_their_filter_shows(qtbot, ctx, window, tmp_path):
    window.show_page("zones")
    page = window.current_page()
    wait_tasks(qtbot, ctx)
    total = page.model.rowCount()
    page.filter.setText("德")
    shown = page.proxy.rowCount()
    assert 0 < shown < total
    source = list_export.source_of(page)
    assert source.kind == "zones" and len(source.ids) == shown
    assert source.filters[0][1] == "德"
    job = list_export.ListExport(ctx, source, window)
    with qtbot.waitSignal(job.exported, timeout=15_000):
        job.run(tmp_path / "zones.xlsx", fmt="xlsx", headers="both", columns=None)
    assert job.result.rows == shown


def test_the_actions_follow_the_page(qtbot, ctx, window, db):
    glossary.create(db, {"zh": "合作区", "en": "cooperation zone"})
    acts = window.list_actions
    assert acts.export.isEnabled() and acts.print.isEnabled()
    window.show_page("glossary")  # has its own CSV export of terms
    assert not acts.export.isEnabled() and not acts.preview.isEnabled()
    window.show_page("zones")
    assert acts.export.isEnabled()
    ctx.lang.set_language("zh_CN")
    assert acts.export.text().startswith("导出列表")
