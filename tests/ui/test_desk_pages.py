"""The events and zones pages as the reviewers saw them on a 1024×768 and a 1366×768 screen
(the window maximised: ``window_state.client_area``), in both languages: names get the room
their lists have, nothing scrolls sideways, countries are names (never ISO codes), amounts
read in 万元 in Chinese, and the zones page speaks to officers, not researchers."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication

from coop_desktop.services import enterprises, events
from coop_desktop.services.catalog import zones
from tests.ui.conftest import wait_tasks
from tests.ui.fit_check import fit_problems
from ui import window_state
from ui.main_window import MainWindow
from ui.widgets.column_fit import em
from ui.pages.registry import default_pages

SCREENS = {"1366x768": QSize(1366, 768), "1024x768": QSize(1024, 768)}
#: an ISO 3166 code shown to the user: "匈牙利 (HU)", "Germany (DE)", "DE, FR"
ISO_CODE = re.compile(r"\(([A-Z]{2})\)|\b[A-Z]{2}(, [A-Z]{2})+\b")


@pytest.fixture
def desk(db, new_uscc):
    """Three enterprises at an event abroad with their figures, as in the demo."""
    names = (("常州恒创精密传动科技有限公司", "Changzhou Hengchuang Precision Drive Co., Ltd."),
             ("东莞云优新材料科技股份有限公司", "Dongguan Yunyou New Materials Technology Co., Ltd."),
             ("诚美建筑装饰有限公司", "Chengmei Building Decoration Co., Ltd."))
    firms = [enterprises.create(db, {"name_zh": zh, "name_en": en, "uscc": new_uscc(),
                                     "industry": "industry"}).value.id for zh, en in names]
    zone = next(z for z in zones.list(db) if z.source_key == "cn-eu-nanjing")
    event = events.events.create(db, {
        "name_zh": "赴匈牙利经贸考察团暨中东欧中小企业合作对接会",
        "name_en": "Trade Delegation to Hungary and CEEC SME Matchmaking",
        "kind": "delegation", "starts_on": date(2027, 1, 25), "ends_on": date(2027, 1, 30),
        "place_zh": "布达佩斯", "place_en": "Budapest", "partner_country": "HU",
        "zone_id": zone.id}).value
    for n, firm in enumerate(firms):
        events.add_participant(db, {"event_id": event.id, "enterprise_id": firm,
                                    "contacts_made": 5, "agreements": n,
                                    "amount_fen": (2_800 + 1_300 * n) * 10_000 * 100,
                                    "outcome": "签订合作意向书，拟在匈牙利设立组装厂"})
    return event


@pytest.fixture
def window(qtbot, ctx):
    def make(language: str, screen: str) -> MainWindow:
        ctx.lang.set_language(language, notify=False)
        win = MainWindow(ctx, default_pages())
        qtbot.addWidget(win)
        win.show()
        size = window_state.client_area(SCREENS[screen])
        win.resize(size)
        qtbot.waitUntil(lambda: win.size() == size)
        return win
    return make


def _open(qtbot, ctx, win, key: str):
    page = win.show_page(key)
    wait_tasks(qtbot, ctx)
    page.table.selectRow(0)
    wait_tasks(qtbot, ctx)
    qtbot.wait(50)
    return page


def _focus(widget) -> None:
    """What the field does when it gets the focus (an offscreen dialog is never active)."""
    QApplication.sendEvent(widget, QFocusEvent(QEvent.Type.FocusIn,
                                               Qt.FocusReason.TabFocusReason))


def _not_cut(table, column: int) -> bool:
    """The column is as wide as its header and the cells in view need."""
    header = table.horizontalHeader()
    needed = header.sectionSizeHint(column)
    model = table.model()
    top = max(table.rowAt(0), 0)
    bottom = table.rowAt(table.viewport().height() - 1)
    bottom = model.rowCount() - 1 if bottom < 0 else bottom
    for row in range(top, bottom + 1):
        needed = max(needed, table.sizeHintForIndex(model.index(row, column)).width())
    return header.sectionSize(column) >= needed


# ---------------------------------------------------------------- events
@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_event_name_gets_the_room_and_no_column_is_cut(qtbot, ctx, desk, window, screen,
                                                          language):
    win = window(language, screen)
    page = _open(qtbot, ctx, win, "events")
    table = page.table
    header = table.horizontalHeader()
    for column in (1, 2, 3, 4):  # kind, dates, place, country: as wide as their texts
        assert _not_cut(table, column), (column, header.sectionSize(column))
    name = header.sectionSize(0)
    assert name >= 180, name  # was 37 px ("Tra…") at 1024
    assert name == max(header.sectionSize(c) for c in range(header.count()))
    # the participants: figures whole, nothing scrolls sideways
    parts = page.part_table
    assert page.participants.rowCount() == 3
    for column in (1, 2, 3):
        assert _not_cut(parts, column), column
    assert parts.horizontalScrollBar().maximum() == 0


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_countries_are_names_not_iso_codes(qtbot, ctx, desk, window, language):
    win = window(language, "1024x768")
    page = _open(qtbot, ctx, win, "events")
    shown = [page.proxy.index(r, 4).data() for r in range(page.proxy.rowCount())]
    combo = page.form.country
    shown += [combo.currentText()] + [combo.itemText(i) for i in range(combo.count())]
    assert [t for t in shown if ISO_CODE.search(t or "")] == []
    assert combo.currentText() == ("匈牙利" if language == "zh_CN" else "Hungary")
    assert page.form.country.code() == "HU"
    combo.setEditText("DE")  # a code typed still means its country
    assert page.form.country.code() == "DE"
    page.revert()


def test_amounts_read_in_wan_in_chinese(qtbot, ctx, desk, window):
    win = window("zh_CN", "1366x768")
    page = _open(qtbot, ctx, win, "events")
    header = page.participants.headerData(3, Qt.Orientation.Horizontal)
    cells = [page.participants.index(r, 3).data() for r in range(3)]
    assert header == "金额" and cells == ["2,800万元", "4,100万元", "5,400万元"]
    page.part_table.selectRow(0)
    dialog = page.edit_participant()
    qtbot.addWidget(dialog)
    assert dialog.amount.text() == "2,800万元"  # as the enterprise form shows money
    _focus(dialog.amount)
    assert dialog.amount.text() == "2,800万"  # edited in 万
    dialog.amount.selectAll()
    dialog.amount.insert("3100万")
    assert dialog.hint.text() == "≈ 3,100万元"
    assert dialog.values()["amount_fen"] == 3_100 * 10_000 * 100
    dialog.reject()


def test_amounts_read_in_yuan_or_millions_in_english(qtbot, ctx, desk, window):
    win = window("en", "1366x768")
    page = _open(qtbot, ctx, win, "events")
    assert page.participants.index(0, 3).data() == "CNY 28 million"
    page.part_table.selectRow(0)
    dialog = page.edit_participant()
    qtbot.addWidget(dialog)
    assert dialog.amount.text() == "CNY 28 million"
    _focus(dialog.amount)
    assert dialog.amount.text() == "28,000,000"
    dialog.reject()


# ---------------------------------------------------------------- zones
def _zone(qtbot, ctx, page, source_key: str):
    row = next(i for i, z in enumerate(page.model.rows) if z.source_key == source_key)
    page.table.setCurrentIndex(page.proxy.mapFromSource(page.model.index(row, 0)))
    wait_tasks(qtbot, ctx)
    qtbot.wait(50)
    return page.form.zone


@pytest.fixture
def linked(db, desk):
    """The Nanjing zone with the desk's three enterprises linked to it."""
    from coop_desktop.services.catalog import zone_links

    zone = next(z for z in zones.list(db) if z.source_key == "cn-eu-nanjing")
    for n, part in enumerate(events.participants(db, desk.id)):
        zone_links.create(db, {"enterprise_id": part.enterprise_id, "zone_id": zone.id,
                               "status": "admitted" if n else "applied",
                               "status_since": date(2025, 3 + n, 10),
                               "applied_on": date(2025, 3, 1), "notes": "园区推荐"})
    return zone


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_zone_and_enterprise_names_get_the_room(qtbot, ctx, linked, window, screen, language):
    win = window(language, screen)
    page = _open(qtbot, ctx, win, "zones")
    _zone(qtbot, ctx, page, "cn-eu-nanjing")
    table, header = page.table, page.table.horizontalHeader()
    for column in (3, 4, 5):  # batch, years: as wide as their texts
        assert _not_cut(table, column), column
    # the place as wide as the longest (in Chinese every one whole: 18 ems)
    longest = max(table.fontMetrics().horizontalAdvance(page.proxy.index(r, 2).data())
                  for r in range(page.proxy.rowCount()))
    assert header.sectionSize(2) >= min(longest, (18 if language == "zh_CN" else 13)
                                        * em(table))
    if language == "zh_CN":  # every Chinese zone name whole, even at 1024 px
        assert _not_cut(table, 0), header.sectionSize(0)
    else:  # "Sino-German (Taicang) SME Cooperation …" at least (it was "China-CEEC (Ca…")
        assert header.sectionSize(0) >= 280, header.sectionSize(0)
    links = page.links_table
    assert links.rowCount() == 3 and links.isVisible()
    for column in (1, 2):  # status and date whole
        assert _not_cut(links, column), column
    if language == "zh_CN" or screen == "1366x768":  # the enterprise names whole
        assert _not_cut(links, 0)
    else:  # "Dongguan Yunyou New Materials Technology Co., Ltd." beside a form at 1024 px
        assert links.horizontalHeader().sectionSize(0) >= 180
    assert links.horizontalScrollBar().maximum() == 0
    # applied / admitted on: in the status's tooltip
    assert (ctx.tr.gettext("Applied on {date}").split("{")[0]
            in links.item(0, 1).toolTip())


def test_the_zone_list_note_speaks_to_officers(qtbot, ctx, window):
    for language, expected in (("zh_CN", "内置名单不完整，可自行添加合作区。"),
                               ("en", "The built-in list is incomplete; you can add zones.")):
        win = window(language, "1366x768")
        page = _open(qtbot, ctx, win, "zones")
        note = page.dataset_note
        assert note.isVisible() and note.full == expected
        for research in ("MIIT", "annex", "工信部", "附件", "2012", "Partial list", "名单不完整。"):
            assert research not in note.full + note.toolTip(), research
        win.close()


def test_zone_wording_is_plain_and_countries_are_names(qtbot, ctx, window):
    win = window("en", "1366x768")
    page = _open(qtbot, ctx, win, "zones")
    zone = _zone(qtbot, ctx, page, "cn-ceec-cangzhou")  # CZ, SK, PL, HR, MD
    form = page.form
    texts = [form.origin.text(), page.proxy.index(0, 3).data(),
             form.batch.currentText(), *[form.batch.itemText(i) for i in range(form.batch.count())]]
    assert [t for t in texts if re.search(r"Shipped|Legacy|reference data", t)] == []
    assert form.origin.text() == "Built-in zone"
    chips = [chip.label.text() for chip in form.partners._chips.values()]
    assert chips == ["Czechia", "Slovakia", "Poland", "Croatia", "Moldova"]
    assert form.partners.value() == list(zone.partner_countries)
    shown = [page.proxy.index(r, 1).data() for r in range(page.proxy.rowCount())]
    assert [t for t in shown + chips if ISO_CODE.search(t or "")] == []
    assert "ISO" not in form.partners.input.placeholderText()
    # a partner is typed as a name (or a code) and shown as its name; the EU as a group
    form.partners.input.setText("Germany")
    form.partners.input.returnPressed.emit()
    form.partners.input.setText("eu")
    form.partners.input.returnPressed.emit()
    assert form.partners.value()[-2:] == ["DE", "EU"]
    assert [c.label.text() for c in form.partners._chips.values()][-2:] == [
        "Germany", "European Union"]
    assert form.is_dirty()
    page.revert()


def test_an_empty_linked_enterprises_panel_is_one_quiet_line(qtbot, ctx, window):
    win = window("zh_CN", "1024x768")
    page = _open(qtbot, ctx, win, "zones")
    _zone(qtbot, ctx, page, "cn-ceec-cangzhou")  # nobody linked
    empty = page.links_empty
    assert empty.isVisible() and not page.links_table.isVisible()
    assert empty.text() == "尚无企业关联到该合作区。"
    assert empty.mapTo(page.links_box, empty.rect().topLeft()).y() <= 40  # at the top
    form_width, panel_width = page.details_splitter.sizes()
    assert panel_width <= page.EMPTY_PANEL_WIDTH < form_width  # the form has the room
    assert not [p for p in fit_problems(win) if page.links_box.isAncestorOf(p.widget)]


def test_the_linked_enterprises_get_their_room_back(qtbot, ctx, linked, window):
    win = window("zh_CN", "1024x768")
    page = _open(qtbot, ctx, win, "zones")
    _zone(qtbot, ctx, page, "cn-eu-nanjing")
    with_links = page.details_splitter.sizes()[1]
    _zone(qtbot, ctx, page, "cn-ceec-cangzhou")  # nobody linked: one quiet line
    assert page.details_splitter.sizes()[1] <= page.EMPTY_PANEL_WIDTH
    _zone(qtbot, ctx, page, "cn-eu-nanjing")
    assert page.details_splitter.sizes()[1] == with_links > page.EMPTY_PANEL_WIDTH
