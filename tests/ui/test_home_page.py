"""The home page (工作台): its figures load in the background, each card and bar opens the
filtered list it counts, changes reload it, and the Chinese UI shows no English."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from coop_desktop.services import applications, enterprises, srdi_titles
from coop_desktop.services.catalog import titles, zone_links, zones
from coop_desktop.services.outcome import Changes
from ui.main_window import MainWindow
from ui.pages.registry import PAGES
from ui.widgets.home_list import HomeListDialog

from tests.ui.conftest import wait_tasks

TODAY = date.today()
DAY = timedelta(days=1)


@pytest.fixture
def data(db, new_uscc):
    def firm(name, province):
        return enterprises.create(db, {"name_zh": name, "uscc": new_uscc(),
                                       "province_code": province}).value.id

    ids = {"soon": firm("苏州甲科技有限公司", "320000"), "late": firm("南京乙机械有限公司", "320000"),
           "other": firm("深圳丙电子有限公司", "440000")}
    titles.create(db, {"enterprise_id": ids["soon"], "tier": "innovative", "level": "provincial",
                       "granted_on": TODAY - 800 * DAY, "expires_on": TODAY + 30 * DAY})
    titles.create(db, {"enterprise_id": ids["late"], "tier": "innovative", "level": "provincial",
                       "granted_on": TODAY - 1200 * DAY, "expires_on": TODAY - 5 * DAY})
    titles.create(db, {"enterprise_id": ids["other"], "tier": "innovative", "level": "provincial",
                       "granted_on": TODAY - 100 * DAY})
    applications.create(db, enterprise_id=ids["other"], template_key="company_profile",
                        deadline=TODAY - 2 * DAY)
    zone = zones.list(db)[2]
    zone_links.create(db, {"enterprise_id": ids["other"], "zone_id": zone.id,
                           "status": "interested"})
    enterprises.update(db, ids["late"], {"target_countries": ["HU", "DE"]})
    enterprises.update(db, ids["other"], {"target_countries": ["DE"]})
    return ids


@pytest.fixture
def window(qtbot, ctx, data):
    wanted = ("home", "enterprises", "events", "applications")
    win = MainWindow(ctx, [p for p in PAGES if p.key in wanted])
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    home = win.current_page()
    assert home.key == "home"
    qtbot.waitUntil(lambda: home.summary is not None)
    wait_tasks(qtbot, ctx)
    return win


def _click(qtbot, widget, pos=None):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton,
                     pos=pos if pos is not None else widget.rect().center())


def test_the_cards_show_the_counts_and_open_the_filtered_list(qtbot, ctx, window, data):
    home = window.current_page()
    expiring = home.cards["expiring"]
    assert expiring.number.text() == "1"
    assert home.cards["expired"].number.text() == "1"
    assert home.cards["overdue"].number.text() == "1"
    _click(qtbot, expiring)
    page = window.current_page()
    assert page.key == "enterprises"
    qtbot.waitUntil(lambda: not page.busy and page.model.count is not None)
    assert page.filters.values() == {"expiring_within_days": srdi_titles.EXPIRY_WARNING_DAYS}
    assert page.model.count == 1
    assert page.model.row_of(data["soon"]) == 0


def test_a_bar_opens_the_list_of_its_province(qtbot, ctx, window, data):
    home = window.current_page()
    chart = home.province_chart
    home.scroll.ensureWidgetVisible(chart)
    assert [(r.label, r.value) for r in chart.rows] == [("Jiangsu", 2), ("Guangdong", 1)]
    _click(qtbot, chart, chart.row_rect(0).center())
    page = window.current_page()
    assert page.key == "enterprises"
    qtbot.waitUntil(lambda: not page.busy and page.model.count is not None)
    assert page.filters.values() == {"province_code": "320000"}
    assert page.model.count == 2
    # and from the keyboard: back home, Tab into the tier chart, Enter on its first bar
    window.show_page("home")
    home.tier_chart.setFocus()
    qtbot.keyClick(home.tier_chart, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not page.busy and page.model.count is not None)
    assert window.current_page() is page
    assert page.filters.values() == {"tier": "innovative"}
    assert page.model.count == 2  # the expired title does not count


def test_a_zone_or_a_country_opens_its_list_even_on_a_page_built_just_now(qtbot, ctx, window,
                                                                         data):
    home = window.current_page()
    zone = home.zone_chart.rows[0]
    assert zone.value == 1
    assert "enterprises" not in [p.key for p in window.built_pages()]
    home.zone_chart.activate_row(0)  # the enterprise page is built now, its zones still loading
    page = window.current_page()
    qtbot.waitUntil(lambda: page.filters.values().get("zone_id") == zone.key[2])
    qtbot.waitUntil(lambda: not page.busy and page.model.count is not None)
    assert page.filters.values() == {"zone_id": zone.key[2]}
    assert page.model.count == 1 and page.model.row_of(data["other"]) == 0
    window.show_page("home")
    assert [(r.label, r.value) for r in home.country_chart.rows] == [("Germany", 2),
                                                                     ("Hungary", 1)]
    home.country_chart.activate_row(1)
    qtbot.waitUntil(lambda: not page.busy and page.model.count is not None)
    assert page.filters.values() == {"target_country": "HU"}
    assert page.model.count == 1 and page.model.row_of(data["late"]) == 0


def test_overdue_applications_open_the_open_work(qtbot, ctx, window):
    home = window.current_page()
    _click(qtbot, home.cards["overdue"])
    page = window.current_page()
    assert page.key == "applications"
    assert page.status_filter.currentData() == "open"
    wait_tasks(qtbot, ctx)
    assert page.proxy.rowCount() == 1


def test_a_reminder_count_lists_its_enterprises_and_each_opens(qtbot, ctx, window, data):
    home = window.current_page()
    _click(qtbot, home.cards["expired"])
    dialog = home.findChild(HomeListDialog)
    assert dialog is not None and dialog.isVisible()
    wait_tasks(qtbot, ctx)
    assert dialog.model.rowCount() == 1
    assert dialog.model.rows[0].enterprise_id == data["late"]
    assert dialog.model.index(0, 3).data() == "overdue by 5 days"
    dialog.open_button.click()
    page = window.current_page()
    assert page.key == "enterprises"
    qtbot.waitUntil(lambda: page.form.current_id == data["late"])


def test_changes_reload_the_figures(qtbot, ctx, window, data):
    home = window.current_page()
    first = home.summary
    titles.create(ctx.db, {"enterprise_id": data["other"], "tier": "srdi", "level": "provincial",
                           "granted_on": TODAY - 10 * DAY, "expires_on": TODAY + 10 * DAY})
    ctx.hub.changed.emit(Changes("srdi_title", (1,)))
    assert home.busy  # debounced
    qtbot.waitUntil(lambda: home.summary is not first and not home.busy, timeout=5000)
    assert home.cards["expiring"].number.text() == "2"
    assert {r.label: r.value for r in home.tier_chart.rows}["SRDI SME"] == 1
    # hidden, a change only marks the page; showing it reads the figures again
    window.show_page("events")
    seen = home.summary
    ctx.hub.changed.emit(Changes("enterprise", ()))
    assert not home.busy
    window.show_page("home")
    qtbot.waitUntil(lambda: home.summary is not seen and not home.busy, timeout=5000)
    # shown again with nothing changed: nothing is queued ahead of the user's next step
    fresh = home.summary
    window.show_page("events")
    window.show_page("home")
    assert not home.busy and not ctx.runner.busy and home.summary is fresh


def test_the_chinese_page_has_no_english(qtbot, ctx, window):
    ctx.lang.set_language("zh_CN")
    home = window.current_page()
    latin = re.compile(r"[A-Za-z]")
    texts = [label.text() for label in home.findChildren(QLabel) if label.isVisible()]
    for chart in (home.tier_chart, home.province_chart, home.country_chart, home.zone_chart,
                  home.deadlines, home.upcoming, home.recent, home.programme_list):
        texts += [r.label for r in chart.rows] + [r.value_text for r in chart.rows]
        texts += [r.tooltip for r in chart.rows] + ([chart.empty_text] if not chart.rows else [])
    assert "工作台" in texts and any("天内到期的企业" in t for t in texts)
    assert [t for t in texts if latin.search(t)] == []
    assert window.sidebar.item(0).text() == "工作台"
    ctx.lang.set_language("en")
    assert home.heading.text() == "Home"


def test_the_cards_do_not_spill_out_at_1024(qtbot, ctx, window):
    window.resize(1024, 768)
    home = window.current_page()
    qtbot.waitUntil(lambda: home.width() < 1000)
    qtbot.wait(50)
    content = home.scroll.widget()
    for card in home.cards.values():
        box = card.geometry().translated(card.parentWidget().mapTo(content, QPoint(0, 0)))
        assert content.rect().contains(box), card.property("key")
        assert card.caption.width() >= card.caption.fontMetrics().horizontalAdvance("年度数据")
    assert content.width() <= home.scroll.viewport().width()


def test_the_bars_paint_into_any_painter_a_pdf_page_too(qapp, tmp_path):
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPdfWriter

    from ui.widgets.home_chart import BAR, Row, paint_bars

    rows = [Row("江苏省", 300, "300"), Row("广东省", 150, "150"), Row("无", 0, "0")]
    image = QImage(400, 90, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_bars(painter, image.rect(), rows, font=QFont(), text=QColor("black"),
               muted=QColor("gray"), row_height=30)
    painter.end()
    row_colours = [{image.pixelColor(x, 15 + 30 * i).name() for x in range(400)}
                   for i in range(3)]
    assert BAR.name() in row_colours[0] and BAR.name() in row_colours[1]
    assert BAR.name() not in row_colours[2]  # a zero has no bar
    longest = max(x for x in range(400) if image.pixelColor(x, 15).name() == BAR.name())
    half = max(x for x in range(400) if image.pixelColor(x, 45).name() == BAR.name())
    start = min(x for x in range(400) if image.pixelColor(x, 15).name() == BAR.name())
    assert abs((half - start) * 2 - (longest - start)) <= 3  # 150 is half of 300
    pdf = QPdfWriter(str(tmp_path / "chart.pdf"))
    painter = QPainter(pdf)
    paint_bars(painter, painter.viewport(), rows, font=QFont(), text=QColor("black"),
               muted=QColor("gray"), row_height=400)
    painter.end()
    assert (tmp_path / "chart.pdf").read_bytes().startswith(b"%PDF")
