"""At the screenshot size (1280×800), in both languages, the texts the pages start with fit:
sidebar entries, the filters' "All …" entries and the record tables beside the list."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

from coop_desktop.services import enterprises
from coop_desktop.services.catalog import titles, zone_links, zones
from tests.ui.conftest import wait_tasks
from ui.main_window import MainWindow
from ui.pages.registry import default_pages


@pytest.fixture
def window(qtbot, ctx):
    def make(language: str) -> MainWindow:
        ctx.lang.set_language(language, notify=False)
        win = MainWindow(ctx, default_pages())
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
        wait_tasks(qtbot, ctx)
        return win

    return make


def _edit_field_width(combo) -> int:
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    return combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo).width()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_sidebar_and_filters_are_not_cut_off(qtbot, window, language):
    win = window(language)
    sidebar = win.sidebar
    metrics = sidebar.fontMetrics()
    for row in range(sidebar.count()):
        text = sidebar.item(row).text()
        assert metrics.horizontalAdvance(text) + 20 <= sidebar.viewport().width(), text
    assert sidebar.width() <= 160  # not wider than its entries need

    bar = win.page("enterprises").filters
    qtbot.waitUntil(lambda: bar.width() > 0)
    for combo in bar._combos:
        text = combo.itemText(0)
        assert combo.fontMetrics().horizontalAdvance(text) <= _edit_field_width(combo), text
    assert bar.clear_button.width() >= bar.clear_button.sizeHint().width()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_record_tables_beside_the_list_need_no_sideways_scrolling(qtbot, ctx, db, new_uscc,
                                                                 window, language):
    firm = enterprises.create(db, {"name_zh": "苏州瑞丰精密机械有限公司", "uscc": new_uscc(),
                                   "name_en": "Suzhou Ruifeng Precision Machinery Co., Ltd."}).value
    titles.create(db, {"enterprise_id": firm.id, "tier": "little_giant", "level": "provincial",
                       "granted_on": date(2025, 7, 26), "expires_on": date(2028, 7, 26),
                       "batch": "江苏2025年第一批"})
    zone = next(z for z in zones.list(db) if z.source_key == "cn-eu-nanjing")
    zone_links.create(db, {"enterprise_id": firm.id, "zone_id": zone.id, "status": "admitted",
                           "status_since": date(2025, 9, 1), "applied_on": date(2025, 6, 17),
                           "admitted_on": date(2025, 9, 1)})
    win = window(language)
    page = win.page("enterprises")
    page.form.load(firm.id)
    wait_tasks(qtbot, ctx)
    for panel in (page.form.titles, page.form.links):
        page.form.tabs.setCurrentWidget(panel)
        qtbot.waitUntil(lambda p=panel: p.table.isVisible() and p.model.rowCount() == 1)
        header = panel.table.horizontalHeader()
        assert header.length() <= panel.table.viewport().width(), panel.spec.columns[0].header
