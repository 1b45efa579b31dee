"""One format on screen: the enterprise form, the enterprise list and the documents write an
amount alike (590万元 / CNY 5.9 million), money is typed either way, and dates read the same
in a form and in the list beside it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt

from coop_desktop.services.placeholder_context import build_context
from coop_desktop.i18n.formatting import format_date, format_datetime
from coop_desktop.services import enterprises, events
from coop_desktop.settings import AppSettings
from tests.ui.conftest import wait_tasks
from ui.models.enterprise_table import COLUMN_KEYS
from ui.pages.enterprises import EnterprisesPage
from ui.pages.events import EventsPage

FEN = 590_000_000  # 590万元


@pytest.fixture
def firm(db, new_uscc):
    return enterprises.create(db, {"name_zh": "苏州瑞丰精密机械有限公司", "uscc": new_uscc(),
                                   "registered_capital_fen": FEN, "revenue_fen": FEN,
                                   "established_on": date(2012, 6, 18)}).value


@pytest.fixture
def page(qtbot, ctx, firm):
    widget = EnterprisesPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 740)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1 and not ctx.runner.busy)
    widget.form.load(firm.id)
    wait_tasks(qtbot, ctx)
    return widget


@pytest.mark.parametrize(("language", "shown", "document"), [
    ("zh_CN", "590万元", "人民币590万元"), ("en", "CNY 5.9 million", "RMB 5.9 million")])
def test_form_list_and_document_write_an_amount_alike(qtbot, ctx, db, firm, page, language,
                                                      shown, document):
    ctx.lang.set_language(language)
    capital = page.form.details.fields["registered_capital_fen"]
    revenue = page.form.details.fields["revenue_fen"]
    assert capital.text() == revenue.text() == shown  # the form, not ¥5,900,000.00
    cell = page.model.index(0, COLUMN_KEYS.index("revenue"))
    assert cell.data() == shown and cell.data(Qt.ItemDataRole.ToolTipRole) == shown
    context = build_context(db, enterprise_id=firm.id, settings=AppSettings())
    side = "zh" if language == "zh_CN" else "en"
    assert context.value("enterprise.registered_capital", side) == document
    assert page.form.details.hints["revenue_fen"].text() == ""  # no "≈ 590万元" beside 590万元


def test_money_is_typed_either_way_and_edited_in_wan(qtbot, ctx, page):
    ctx.lang.set_language("zh_CN")
    capital = page.form.details.fields["registered_capital_fen"]
    for typed in ("590万", "590万元", "5,900,000", "5900000", "¥5,900,000.00", "5.9 million"):
        capital.setFocus()
        qtbot.waitUntil(capital.hasFocus)
        assert capital.text() == "590万"  # edited in 万 where that is exact
        capital.selectAll()
        capital.insert(typed)
        assert capital.value() == FEN, typed
        page.form.details.fields["employees"].setFocus()
        qtbot.waitUntil(lambda: not capital.hasFocus())
        assert capital.text() == "590万元"


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_dates_read_the_same_in_a_form_and_its_list(qtbot, ctx, db, page, firm, language):
    ctx.lang.set_language(language)
    founded = page.form.details.fields["established_on"]
    assert founded.text() == format_date(date(2012, 6, 18), language)
    record = enterprises.get(db, firm.id)
    assert page.form.status.text().endswith(format_datetime(record.updated_at, language))
    updated = page.model.index(0, COLUMN_KEYS.index("updated"))
    assert updated.data(Qt.ItemDataRole.ToolTipRole) == format_datetime(record.updated_at,
                                                                          language)

    event = events.events.create(db, {"name_zh": "中德中小企业对接会", "kind": "matchmaking",
                                      "starts_on": date(2027, 1, 25),
                                      "ends_on": date(2027, 1, 26)}).value
    events_page = EventsPage(ctx)
    qtbot.addWidget(events_page)
    events_page.show()
    qtbot.waitUntil(lambda: events_page.model.rowCount() == 1 and not ctx.runner.busy)
    events_page.table.selectRow(0)
    wait_tasks(qtbot, ctx)
    form = events_page.form
    assert form.loaded is not None and form.loaded.id == event.id
    listed = events_page.model.index(0, 2).data()
    assert form.starts_on.text() in listed and form.ends_on.text() in listed
    assert form.starts_on.text() == format_date(date(2027, 1, 25), language)
    other = "en" if language == "zh_CN" else "zh_CN"
    ctx.lang.set_language(other)  # the date editors follow a switch
    assert form.starts_on.text() == format_date(date(2027, 1, 25), other)
    assert form.starts_on.date() == QDate(2027, 1, 25)
