"""The officer's desk, as the screenshot review found it: lists whose columns fit what they
show at 1024 px and zoomed in (names given the room, short columns sized to their texts, a
user's widths kept), every enterprise tab in view, the detail pane that follows the list
(the first row, or "no enterprise matches"), the English name shown in the English UI, and
home rows that shorten the company before the title, with honest card words."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from coop_desktop.services import applications, enterprises, home
from coop_desktop.services.catalog import contacts, interactions, titles
from tests.ui.conftest import wait_tasks
from tests.ui.fit_check import fit_problems, user_drag
from ui import window_state
from ui.main_window import MainWindow
from ui.models.application_tables import ApplicationTableModel
from ui.models.enterprise_table import COLUMN_KEYS
from ui.pages.registry import PAGES, default_pages
from ui.widgets.column_fit import em
from ui.widgets.help_menus import apply_scale
from ui.widgets.home_chart import Row, row_text

TODAY = date.today()
DAY = timedelta(days=1)
NARROW = window_state.client_area(QSize(1024, 768))
#: A name column gets at least this many ems, or all of its text (the fit's cap).
NAME_CAP = 12
LONG_NAME = "山东佳泰精密机械股份有限公司"


@pytest.fixture
def firms(db, new_uscc):
    ids = []
    for i, (name, en) in enumerate(((LONG_NAME, "Shandong Jiatai Precision Machinery Co., Ltd."),
                                    ("荆州泽丰医疗器械有限公司", "Jingzhou Zefeng Medical Devices Co., Ltd."),
                                    ("苏州瑞丰智能装备有限公司", None))):
        firm = enterprises.create(db, {"name_zh": name, "name_en": en, "uscc": new_uscc(),
                                       "province_code": "370000" if i == 0 else "320000",
                                       "industry": "industry"}).value.id
        ids.append(firm)
    titles.create(db, {"enterprise_id": ids[0], "tier": "srdi",
                       "level": "provincial", "granted_on": TODAY - 300 * DAY})
    contacts.create(db, {"enterprise_id": ids[0], "name": "李娜", "role": "总经理",
                         "phone": "0512-66881234", "email": "li.na@example.cn",
                         "languages": ["zh", "en", "de"]})
    interactions.create(db, {"enterprise_id": ids[0], "kind": "visit",
                             "occurred_on": TODAY - 10 * DAY,
                             "notes": "走访了解出口合规与海外仓建设情况，企业希望参加对接会",
                             "outcome": "列入重点联系企业"})
    applications.create(db, enterprise_id=ids[0], template_key="zone_application",
                        deadline=TODAY + 12 * DAY)
    return ids


def _window(qtbot, ctx, language):
    ctx.lang.set_language(language, notify=False)
    win = MainWindow(ctx, default_pages())
    qtbot.addWidget(win)
    win.show()
    win.resize(NARROW)
    qtbot.waitUntil(lambda: win.size() == NARROW, timeout=2000)
    return win


def _text_width(view, text):
    return view.fontMetrics().horizontalAdvance(text)


def _wait_list(qtbot, ctx, page):
    wait_tasks(qtbot, ctx)
    qtbot.waitUntil(lambda: not page.busy and page.model.rowCount() > 0, timeout=10_000)
    qtbot.wait(30)  # (the fit runs once the event loop is idle)


# ---------------------------------------------------------------- columns
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_at_1024_names_get_the_room_and_short_columns_their_texts(qtbot, ctx, firms, language):
    win = _window(qtbot, ctx, language)
    page = win.show_page("applications")
    wait_tasks(qtbot, ctx)
    qtbot.wait(30)
    table, model = page.table, page.proxy
    header = table.horizontalHeader()
    row = next(r for r in range(model.rowCount()) if LONG_NAME in str(model.index(r, 0).data())
               or "Shandong" in str(model.index(r, 0).data()))
    name = model.index(row, 0).data()
    # the enterprise column shows the name whole (up to the cap), not "山东佳泰精密机械股份…"
    assert header.sectionSize(0) >= min(_text_width(table, name), NAME_CAP * em(table))
    for column in (ApplicationTableModel.STATUS, ApplicationTableModel.DEADLINE,
                   ApplicationTableModel.DONE, ApplicationTableModel.UPDATED):
        text = model.index(row, column).data()
        assert header.sectionSize(column) >= _text_width(table, text), (column, text)
        assert header.sectionSize(column) >= header.sectionSizeHint(column)  # its title
        # and no wider than it needs: the room goes to the names
        needed = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        assert header.sectionSize(column) <= needed + 16, (column, header.sectionSize(column))

    page = win.show_page("enterprises")
    _wait_list(qtbot, ctx, page)
    table, header = page.table, page.table.horizontalHeader()
    row = page.model.row_of(firms[0])
    for key in ("name_zh", "uscc", "srdi_tier", "srdi_expires", "updated"):
        column = COLUMN_KEYS.index(key)
        text = page.model.index(row, column).data()
        assert header.sectionSize(column) >= min(_text_width(table, text), 20 * em(table)), key
        assert header.sectionSize(column) >= header.sectionSizeHint(column), key  # its title
    # the English name is a column of the English UI by default (not of the Chinese one)
    assert header.isSectionHidden(COLUMN_KEYS.index("name_en")) == (language == "zh_CN")

    page = win.show_page("glossary")
    wait_tasks(qtbot, ctx)
    qtbot.wait(30)
    header = page.table.horizontalHeader()
    # every column in view, the origin whole: nothing off the right edge
    assert sum(header.sectionSize(c) for c in range(header.count())) <= \
        page.table.viewport().width()
    assert header.sectionSize(3) >= header.sectionSizeHint(3)


def test_zoomed_in_the_columns_grow_with_the_text(qtbot, ctx, firms):
    win = _window(qtbot, ctx, "zh_CN")
    page = win.show_page("applications")
    wait_tasks(qtbot, ctx)
    qtbot.wait(30)
    header = page.table.horizontalHeader()
    deadline = ApplicationTableModel.DEADLINE
    before = header.sectionSize(deadline)
    app = QApplication.instance()
    base = QFont(app.font())
    try:
        apply_scale(1.4)
        qtbot.wait(50)
        text = page.proxy.index(0, deadline).data()  # 「…・还有 12 天」, whole
        assert header.sectionSize(deadline) >= _text_width(page.table, text) > before
        assert header.sectionSize(ApplicationTableModel.DONE) >= \
            header.sectionSizeHint(ApplicationTableModel.DONE)  # 「完成度（中 / 英）」
    finally:
        app.setFont(base)


def test_a_column_the_user_sized_keeps_its_width(qtbot, ctx, firms):
    win = _window(qtbot, ctx, "en")
    page = win.show_page("enterprises")
    _wait_list(qtbot, ctx, page)
    header = page.table.horizontalHeader()
    uscc = COLUMN_KEYS.index("uscc")
    with user_drag(header):
        header.resizeSection(uscc, 321)
    assert not page.columns.auto
    win.resize(1300, 700)  # a wider window, a language switch: still the user's width
    ctx.lang.set_language("zh_CN")
    qtbot.wait(50)
    assert header.sectionSize(uscc) == 321
    state = page.save_state()
    assert state["fitted"] == 0
    page.columns.reset()  # "Reset columns": fitted again
    qtbot.wait(30)
    assert page.columns.auto and header.sectionSize(uscc) != 321
    page.restore_state(state)  # the saved user's layout wins over the fit
    qtbot.wait(50)
    assert header.sectionSize(uscc) == 321 and not page.columns.auto


def test_a_layout_saved_before_the_fit_follows_the_language_unless_chosen(qtbot, ctx):
    from ui.pages.enterprises import EnterprisesPage

    ctx.lang.set_language("en", notify=False)
    page = EnterprisesPage(ctx)
    qtbot.addWidget(page)
    old = ("name_zh:230,name_en:240,srdi_tier:110,srdi_expires:105,uscc:165,place:150,"
           "industry:150,size_class:80,employees:80,revenue:130,tags:150,updated:300")
    page.restore_state({"columns": old, "hidden": "name_en,tags"})  # the old defaults
    header = page.table.horizontalHeader()
    assert not header.isSectionHidden(COLUMN_KEYS.index("name_en")) and page.columns.auto
    ctx.lang.set_language("zh_CN")
    assert header.isSectionHidden(COLUMN_KEYS.index("name_en"))
    chosen = EnterprisesPage(ctx)
    qtbot.addWidget(chosen)
    chosen.restore_state({"columns": old.replace("name_zh:230", "name_zh:300"),
                          "hidden": "tags,uscc"})  # the user's: kept as they were
    header = chosen.table.horizontalHeader()
    assert header.isSectionHidden(COLUMN_KEYS.index("uscc"))
    assert not header.isSectionHidden(COLUMN_KEYS.index("name_en"))
    assert header.sectionSize(0) == 300 and not chosen.columns.auto


# ---------------------------------------------------------------- the enterprise form
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_every_enterprise_tab_is_in_view_at_1024(qtbot, ctx, firms, language):
    win = _window(qtbot, ctx, language)
    page = win.show_page("enterprises")
    _wait_list(qtbot, ctx, page)
    page.table.selectRow(page.model.row_of(firms[0]))
    wait_tasks(qtbot, ctx)
    form = page.form
    assert form.tabs.tabBar().isHidden()  # no bar that scrolls its tabs behind arrows
    pane = form.tab_strip.rect()
    for button in form.tab_strip.buttons:
        assert button.isVisible() and pane.contains(button.geometry()), button.text()
        assert button.width() >= button.sizeHint().width()
    for key in ("contacts", "interactions", "years", "assessment"):
        form.show_tab(key)
        wait_tasks(qtbot, ctx)
        qtbot.wait(50)
        assert form.tab_strip.buttons[form.tabs.currentIndex()].isChecked()
        assert not fit_problems(win), [str(p) for p in fit_problems(win)]
    # the contacts' languages whole in Chinese (「中文、英语、德语」, was 「中文、英」); in
    # English the e-mail and role give first; nothing scrolls sideways
    form.show_tab("contacts")
    qtbot.wait(50)
    table = form.contacts.table
    languages = form.contacts.model.index(0, 4).data()
    if language == "zh_CN":
        assert table.columnWidth(4) >= _text_width(table, languages)
    assert sum(table.columnWidth(c) for c in range(5)) <= table.viewport().width()
    assert form.contacts.model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole) == languages


def test_the_name_and_code_never_leave_the_dot_alone(qtbot, ctx, firms):
    win = _window(qtbot, ctx, "en")
    page = win.show_page("enterprises")
    _wait_list(qtbot, ctx, page)
    page.table.selectRow(page.model.row_of(firms[1]))
    wait_tasks(qtbot, ctx)
    form = page.form
    record = enterprises.get(ctx.db, firms[1])
    # narrow: the name and the code do not fit on one line: the code goes below, no dot
    form.resize(300, form.height())
    assert form.subtitle.text() == f"{record.name_en}\n{record.uscc}"
    form.resize(1600, form.height())  # wide: one line, the dot held between no-break spaces
    assert form.subtitle.text() == f"{record.name_en}\u00a0·\u00a0{record.uscc}"


# ---------------------------------------------------------------- the pane follows the list
def test_a_card_opens_the_list_on_its_first_row_and_an_empty_list_says_so(qtbot, ctx, firms):
    win = _window(qtbot, ctx, "zh_CN")
    page = win.show_page("enterprises")
    _wait_list(qtbot, ctx, page)
    page.filters.set_value("province_code", "320000")
    qtbot.waitUntil(lambda: not page.busy and not ctx.runner.busy, timeout=10_000)
    first = page.model.ids[0]
    assert page.form.current_id == first and page.current_id() == first  # not a blank form
    assert page.detail.currentWidget() is page.form
    assert page.form.record is None or page.form.record.id == first
    page.filters.set_value("province_code", "110000")  # nothing there
    qtbot.waitUntil(lambda: not page.busy and not ctx.runner.busy, timeout=10_000)
    assert page.model.rowCount() == 0
    assert page.detail.currentWidget() is page.no_match
    assert page.no_match_title.text() == "没有符合条件的企业"
    assert not page.form.save_button.isVisible()  # no "New enterprise" form with Save
    page.new_record()  # the user asks for a blank form: it shows and stays
    assert page.detail.currentWidget() is page.form and page.form.current_id is None
    page.filters.set_value("province_code", "320000")
    qtbot.waitUntil(lambda: not page.busy and not ctx.runner.busy, timeout=10_000)
    assert page.form.current_id is None


# ---------------------------------------------------------------- home
def test_a_home_row_shortens_the_company_before_the_title():
    metrics = QFontMetrics(QFont())
    row = Row("中外中小企业合作区入区申请书", lead="山东佳泰精密机械股份有限公司")
    whole = row_text(row, metrics, 10_000)
    assert whole == "山东佳泰精密机械股份有限公司 · 中外中小企业合作区入区申请书"
    room = metrics.horizontalAdvance("山东佳泰精 · 中外中小企业合作区入区申请书")
    text = row_text(row, metrics, room)
    assert text.endswith(" · 中外中小企业合作区入区申请书") and text.startswith("山东")
    assert "…" in text and metrics.horizontalAdvance(text) <= room
    tiny = row_text(row, metrics, metrics.horizontalAdvance("山东佳…"))
    assert tiny.startswith("山东") and metrics.horizontalAdvance(tiny) <= \
        metrics.horizontalAdvance("山东佳泰精密") + metrics.horizontalAdvance(" · …")


def test_the_yearly_update_card_says_overdue_after_30_april(qtbot, ctx, db, new_uscc):
    firm = enterprises.create(db, {"name_zh": "苏州甲科技有限公司", "uscc": new_uscc()}).value.id
    titles.create(db, {"enterprise_id": firm, "tier": "srdi", "level": "provincial",
                       "granted_on": date(TODAY.year - 1, 3, 1)})
    win = MainWindow(ctx, [p for p in PAGES if p.key == "home"])
    qtbot.addWidget(win)
    win.show()
    page = win.current_page()
    qtbot.waitUntil(lambda: page.summary is not None)
    card = page.cards["annual_update"]
    for day, caption, note in (
            (date(TODAY.year, 3, 1), "Yearly data updates due", "Enterprises to update by"),
            (date(TODAY.year, 12, 6), "Yearly data updates overdue",
             "This year's update was due by")):
        page.summary = home.summary(db, today=day, parallel=False)
        page._show()
        assert card.number.text() == "1"
        assert card.caption.text() == caption and card.note.text().startswith(note)
        assert str(TODAY.year) in card.note.text()  # 30 April of this year
    ctx.lang.set_language("zh_CN")
    assert card.caption.text() == "年度数据更新已逾期"
    assert page.cards["expiring"].caption.text().endswith("天内到期的企业")  # enterprises


def test_the_deadlines_list_shows_the_overdue_first(qtbot, ctx, db, new_uscc):
    firm = enterprises.create(db, {"name_zh": LONG_NAME, "uscc": new_uscc()}).value.id
    for days in (5, -3, 20):
        applications.create(db, enterprise_id=firm, template_key="company_profile",
                            deadline=TODAY + days * DAY)
    win = MainWindow(ctx, [p for p in PAGES if p.key == "home"])
    qtbot.addWidget(win)
    win.show()
    page = win.current_page()
    qtbot.waitUntil(lambda: page.summary is not None)
    rows = page.deadlines.rows
    assert [r.value_text for r in rows][0] == "overdue by 3 days"
    assert all(r.lead == LONG_NAME and r.label for r in rows)  # the title is the label
    assert page.deadlines_panel.title.text() == "Application deadlines"


# ---------------------------------------------------------------- dates
@pytest.mark.parametrize(("language", "placeholder", "typed"), [
    ("zh_CN", "例如 2016年5月20日", ("2016年4月2日", "2016-04-02")),
    ("en", "e.g. May 20, 2016", ("Apr 2, 2016", "2016-04-02"))])
def test_a_date_field_shows_and_reads_the_format_it_displays(qtbot, ctx, language, placeholder,
                                                            typed):
    from ui.widgets.enterprise_form import EnterpriseForm

    ctx.lang.set_language(language, notify=False)
    form = EnterpriseForm(ctx)
    qtbot.addWidget(form)
    field = form.details.fields["established_on"]
    assert field.placeholderText() == placeholder  # not 「例如 2016-05-20」 / YYYY-MM-DD
    for text in typed:  # as shown, or ISO
        field.setText(text)
        assert field.value() == date(2016, 4, 2), text
    field.set_value(date(2016, 4, 2))
    field.refresh()
    assert field.text() in ("2016年4月2日", "Apr 2, 2016")  # shown as the placeholder says


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_zoomed_in_the_window_still_fits_a_1024_screen(qtbot, ctx, firms, language):
    """At 140 % (View ▸ Zoom) the enterprise page, its form on any tab, still lets the window
    shrink to a 1024 px screen (the form's status line wraps; the assessment tab scrolls
    down as a whole)."""
    app = QApplication.instance()
    base = QFont(app.font())
    win = _window(qtbot, ctx, language)
    page = win.show_page("enterprises")
    _wait_list(qtbot, ctx, page)
    page.table.selectRow(page.model.row_of(firms[0]))
    wait_tasks(qtbot, ctx)
    try:
        apply_scale(1.4)
        for key in ("details", "assessment", "contacts", "interactions"):
            page.form.show_tab(key)
            wait_tasks(qtbot, ctx)
            qtbot.wait(30)
            hint = win.minimumSizeHint()
            assert hint.width() <= NARROW.width() and hint.height() <= NARROW.height(), (key, hint)
    finally:
        app.setFont(base)
