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
    # not wider than its entries need (with the page icon beside each title)
    assert sidebar.width() <= 160 + sidebar.iconSize().width() + 6

    bar = win.show_page("enterprises").filters  # (shown: laid out at its width)
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
    titles.create(db, {"enterprise_id": firm.id, "tier": "srdi", "level": "provincial",
                       "granted_on": date(2023, 7, 26), "batch": "江苏2023年第二批"})
    titles.create(db, {"enterprise_id": firm.id, "tier": "little_giant", "level": "national",
                       "granted_on": date(2025, 7, 26), "expires_on": date(2028, 7, 26),
                       "batch": "江苏2025年第一批"})
    zone = next(z for z in zones.list(db) if z.source_key == "cn-eu-nanjing")
    zone_links.create(db, {"enterprise_id": firm.id, "zone_id": zone.id, "status": "admitted",
                           "status_since": date(2025, 9, 1), "applied_on": date(2025, 6, 17),
                           "admitted_on": date(2025, 9, 1)})
    win = window(language)
    page = win.show_page("enterprises")
    page.form.load(firm.id)
    wait_tasks(qtbot, ctx)
    for panel in (page.form.titles, page.form.links):
        page.form.tabs.setCurrentWidget(panel)
        qtbot.waitUntil(lambda p=panel: p.table.isVisible() and p.model.rowCount() >= 1)
        header = panel.table.horizontalHeader()
        assert header.length() <= panel.table.viewport().width(), panel.spec.columns[0].header


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_window_fits_a_1024_pixel_screen(qtbot, ctx, db, new_uscc, window, language):
    """Every page, the enterprise form and the application editor included, lets the window
    shrink to 1024×700 (an older laptop, or half of a wide screen)."""
    from coop_desktop.services import applications

    firm = enterprises.create(db, {"name_zh": "苏州瑞丰精密机械有限公司", "uscc": new_uscc(),
                                   "name_en": "Suzhou Ruifeng Precision Machinery Co., Ltd."}).value
    app = applications.create(db, enterprise_id=firm.id, template_key="overseas_dossier",
                              country="DE").value
    win = window(language)
    page = win.show_page("enterprises")
    page.form.load(firm.id)
    editor_page = win.show_page("applications")
    qtbot.waitUntil(lambda: editor_page.model.rowCount() == 1)
    editor_page.open_application(app.id)
    qtbot.waitUntil(lambda: editor_page.editor.app_id == app.id and not ctx.runner.busy)
    win.resize(1024, 700)
    qtbot.waitUntil(lambda: win.width() == 1024)
    assert win.minimumSizeHint().width() <= 1024
    for p in win.pages:
        assert p.minimumSizeHint().width() <= win.stack.width(), p.key
    assert page.filters.columns >= 3
