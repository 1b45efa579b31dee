"""The window fits the office screens: it sizes itself to the screen the first time, keeps
what the user made of it, and on 1366×768, 1280×720 and 1024×768 screens no page (nor the
enterprise form's tabs, nor the application editor) has a control outside the window or a
text cut off, in either language (``tests/ui/fit_check.py`` says what counts).

The walk uses the window's inside maximised on each screen (``window_state.client_area``:
the taskbar and title bar taken off, 1366×697, 1280×649, 1024×697): the height the officer
really has, stricter than the screen's 768 (more room never cuts more).
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QRect, QSettings, QSize
from PySide6.QtWidgets import QComboBox

from coop_desktop.services import applications, enterprises
from coop_desktop.services.catalog import contacts, titles, zone_links, zones
from tests.ui.conftest import wait_tasks
from tests.ui.fit_check import fit_problems
from ui import window_state
from ui.main_window import MainWindow
from ui.pages.registry import default_pages

SCREENS = (QSize(1366, 768), *window_state.SMALLEST_SCREENS)


# ---------------------------------------------------------------- sizing to the screen
@pytest.mark.parametrize(("screen", "maximised"), [
    (QRect(0, 0, 1366, 728), True), (QRect(0, 0, 1280, 680), True),
    (QRect(0, 0, 1024, 728), True), (QRect(0, 0, 1600, 860), True),
    (QRect(0, 0, 1920, 1040), False), (QRect(1920, 0, 2560, 1400), False)])
def test_the_first_window_is_sized_to_the_screen(screen, maximised):
    placement = window_state.first_placement(screen)
    assert placement.maximised == maximised
    assert screen.contains(placement.geometry)  # also its normal size, once un-maximised
    assert placement.geometry.center() == screen.center() or \
        abs(placement.geometry.center().x() - screen.center().x()) <= 1
    if not maximised:
        assert placement.geometry.size() == window_state.PREFERRED


def test_a_saved_geometry_is_brought_inside_a_smaller_screen():
    laptop = QRect(0, 0, 1366, 728)
    fitted = window_state.fit_into(QRect(1500, 200, 1800, 1000), laptop)
    assert laptop.contains(fitted) and fitted.size() == QSize(1366, 728)
    assert window_state.fit_into(QRect(10, 20, 800, 600), laptop) == QRect(10, 20, 800, 600)


def test_first_start_maximises_on_a_laptop_then_restores_what_was_left(qtbot, ctx):
    win = MainWindow(ctx, default_pages())
    qtbot.addWidget(win)
    win.show_for_screen(QRect(0, 0, 1366, 728))
    qtbot.waitUntil(win.isVisible)
    assert win.isMaximized()
    assert QRect(0, 0, 1366, 728).contains(win.normalGeometry())
    win.showNormal()
    # narrower than the offscreen screen (800 px), which a restored window is kept on
    win.setGeometry(QRect(40, 60, 700, 650))
    qtbot.wait(20)
    win.close()
    assert QSettings().value("mainWindow/geometry") is not None

    again = MainWindow(ctx, default_pages())
    qtbot.addWidget(again)
    again.show_for_screen(QRect(0, 0, 1366, 728))
    qtbot.waitUntil(again.isVisible)
    assert not again.isMaximized()  # as it was left
    assert again.height() == 650 and again.pos() == win.pos()
    again.close()
    # the same geometry on a smaller screen stays on it
    third = MainWindow(ctx, default_pages())
    qtbot.addWidget(third)
    third.show_for_screen(QRect(0, 0, 1024, 728))
    qtbot.waitUntil(third.isVisible)
    assert QRect(0, 0, 1024, 728).contains(third.geometry())


@pytest.mark.parametrize("screen", SCREENS)
def test_the_window_can_shrink_to_each_screen(qtbot, ctx, screen):
    win = MainWindow(ctx, default_pages())
    qtbot.addWidget(win)
    for page in win.pages:
        win.show_page(page.key)
    inside = window_state.client_area(screen)
    hint = win.minimumSizeHint()
    assert hint.width() <= inside.width() and hint.height() <= inside.height(), hint


# ---------------------------------------------------------------- nothing lost, nothing cut
@pytest.fixture
def records(db, new_uscc):
    firm = enterprises.create(db, {
        "name_zh": "苏州瑞丰精密机械股份有限公司", "uscc": new_uscc("320500"),
        "name_en": "Suzhou Ruifeng Precision Machinery Manufacturing Co., Ltd.",
        "legal_rep": "王建国", "industry": "industry", "employees": 186,
        "revenue_fen": 23_800 * 10_000 * 100, "province_code": "320000",
        "city_code": "320500"}).value
    titles.create(db, {"enterprise_id": firm.id, "tier": "srdi", "level": "provincial",
                       "granted_on": date(2024, 7, 26), "batch": "江苏2024年第二批"})
    titles.create(db, {"enterprise_id": firm.id, "tier": "little_giant", "level": "national",
                       "granted_on": date(2025, 7, 26), "batch": "第七批"})
    contacts.create(db, {"enterprise_id": firm.id, "name": "李娜", "role": "总经理",
                         "phone": "0512-66881234", "email": "li.na@example.cn"})
    zone = next(z for z in zones.list(db) if z.source_key == "cn-eu-nanjing")
    zone_links.create(db, {"enterprise_id": firm.id, "zone_id": zone.id, "status": "applied",
                           "status_since": date(2025, 9, 1), "applied_on": date(2025, 9, 1)})
    app = applications.create(db, enterprise_id=firm.id, template_key="overseas_dossier",
                              country="DE", deadline=date(2027, 3, 31)).value
    return firm.id, app.id


def _longest_entry(combo: QComboBox) -> None:
    """Choose the entry whose text is widest (a filter must show any choice whole)."""
    metrics = combo.fontMetrics()
    widest = max(range(combo.count()), key=lambda i: metrics.horizontalAdvance(combo.itemText(i)))
    combo.setCurrentIndex(widest)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_no_page_loses_a_control_or_cuts_a_text(qtbot, ctx, records, language):
    firm_id, app_id = records
    ctx.lang.set_language(language, notify=False)
    win = MainWindow(ctx, default_pages())
    qtbot.addWidget(win)
    win.show()
    found: list[str] = []

    def check(where: str) -> None:
        qtbot.wait(50)  # let posted layout requests run
        found.extend(f"{where}: {p}" for p in fit_problems(win))

    for screen in SCREENS:
        size = window_state.client_area(screen)
        win.resize(size)
        qtbot.waitUntil(lambda s=size: win.size() == s, timeout=2000)
        name = f"{size.width()}×{size.height()} {language}"
        for page in win.pages:
            win.show_page(page.key)
            wait_tasks(qtbot, ctx)
            if page.key == "enterprises":
                bar = page.filters
                for combo in (bar.size_class, bar.tier, bar.expiring, bar.link_status):
                    _longest_entry(combo)
                wait_tasks(qtbot, ctx)
                qtbot.waitUntil(lambda p=page: not p.busy)
                bar.clear()
                qtbot.waitUntil(lambda p=page: not p.busy and p.model.rowCount() > 0)
                page.form.load(firm_id)
                wait_tasks(qtbot, ctx)
                for index in range(page.form.tabs.count()):
                    page.form.tabs.setCurrentIndex(index)
                    wait_tasks(qtbot, ctx)
                    check(f"{name} enterprises, tab {page.form.tabs.tabText(index)}")
                page.form.tabs.setCurrentIndex(0)
                for combo in (bar.size_class, bar.tier, bar.expiring, bar.link_status):
                    _longest_entry(combo)
                wait_tasks(qtbot, ctx)
                check(f"{name} enterprises, longest filter entries")
                bar.clear()
            elif page.key == "applications":
                wait_tasks(qtbot, ctx)
                check(f"{name} applications")
                page.open_application(app_id)
                qtbot.waitUntil(lambda p=page: p.editor.app_id == app_id and not ctx.runner.busy)
                for index in range(page.editor.side.count()):
                    page.editor.side.setCurrentIndex(index)
                    wait_tasks(qtbot, ctx)
                    check(f"{name} application editor, {page.editor.side.tabText(index)}")
                page.show_list()
            else:
                check(f"{name} {page.key}")
    assert not found, "\n".join(found)
