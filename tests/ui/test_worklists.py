"""Worklists that sort by urgency: the application list opens on the open work, overdue
first, closed work behind a filter, one column per fact; the enterprise list shows each
enterprise's highest valid SRDI title and its expiry, keeps its columns by key, and its
detail form follows the filter (an enterprise the filter removed leaves the form, unless
it has unsaved edits: then it stays and the page says so)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from coop_desktop.models import ApplicationSummary
from coop_desktop.services import enterprises
from coop_desktop.services.catalog import titles
from tests.ui.conftest import wait_tasks
from tests.ui.fit_check import user_drag
from ui.models.application_tables import ApplicationTableModel
from ui.models.enterprise_table import COLUMN_KEYS, COLUMNS
from ui.models.row_table import ID_ROLE
from ui.pages.applications import ApplicationsPage
from ui.pages.enterprises import EnterprisesPage

TODAY = date.today()


# ---------------------------------------------------------------- applications
def _row(app_id: int, status: str, deadline: date | None, *, name: str = "示例") -> ApplicationSummary:
    open_ = status in ("draft", "ready")
    return ApplicationSummary(
        id=app_id, enterprise_id=1, enterprise_name_zh=f"{name}{app_id}有限公司",
        enterprise_name_en=None, template_key="overseas_dossier", title_zh=f"申请{app_id}",
        title_en=f"Application {app_id}", status=status, revision=1, deadline=deadline,
        days_left=(deadline - TODAY).days if deadline and open_ else None,
        updated_at=datetime(2026, 1, 1, 9, app_id), completeness_zh=0.5, completeness_en=0.5)


ROWS = [
    _row(1, "submitted", TODAY - timedelta(days=30)),
    _row(2, "draft", TODAY + timedelta(days=40)),
    _row(3, "accepted", TODAY + timedelta(days=2)),
    _row(4, "draft", None),
    _row(5, "ready", TODAY - timedelta(days=3)),  # overdue
    _row(6, "withdrawn", None),
    _row(7, "draft", TODAY + timedelta(days=5)),
    _row(8, "rejected", TODAY - timedelta(days=1)),
    _row(9, "draft", TODAY - timedelta(days=10)),  # overdue longest
]


@pytest.fixture
def applications_page(qtbot, ctx):
    page = ApplicationsPage(ctx, idle_ms=60, max_ms=300, check_delay_ms=20, tm_delay_ms=20)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    wait_tasks(qtbot, ctx)
    page._on_rows(list(ROWS))
    return page


def _shown(page) -> list[int]:
    return [page.proxy.index(r, 0).data(ID_ROLE) for r in range(page.proxy.rowCount())]


def test_the_list_opens_on_open_work_most_urgent_first(applications_page):
    page = applications_page
    assert page.status_filter.currentData() == "open"
    assert _shown(page) == [9, 5, 7, 2, 4]  # overdue first, then by deadline, none last
    assert page.count_label.text() == "5 of 9 applications"  # the rest are a choice away
    page.status_filter.setCurrentIndex(page.status_filter.findData("closed"))
    assert set(_shown(page)) == {1, 3, 6, 8}
    page.status_filter.setCurrentIndex(0)  # all: the open ones still come first
    assert _shown(page)[:5] == [9, 5, 7, 2, 4]
    assert set(_shown(page)[5:]) == {1, 3, 6, 8}


def test_no_column_repeats_another(applications_page, ctx):
    model = applications_page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Template" not in headers and len(set(headers)) == len(headers)
    titles_shown = {model.index(r, ApplicationTableModel.TITLE).data()
                    for r in range(model.rowCount())}
    assert "Application 2" in titles_shown
    tip = model.index(0, ApplicationTableModel.TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "Template: " in tip  # the template, where the title does not say it


def test_the_chosen_status_filter_is_kept(qtbot, ctx, applications_page):
    applications_page.status_filter.setCurrentIndex(0)  # all statuses
    state = applications_page.save_state()
    again = ApplicationsPage(ctx, idle_ms=60, max_ms=300, check_delay_ms=20, tm_delay_ms=20)
    qtbot.addWidget(again)
    assert again.status_filter.currentData() == "open"
    again.restore_state(state)
    assert again.status_filter.currentIndex() == 0
    again.restore_state({"status": "closed"})
    assert again.status_filter.currentData() == "closed"


# ---------------------------------------------------------------- enterprises
@pytest.fixture
def firms(db, new_uscc):
    def make(name, **extra):
        return enterprises.create(db, {"name_zh": name, "uscc": new_uscc(), **extra}).value.id

    soon = make("甲精工科技有限公司", province_code="320000")
    titles.create(db, {"enterprise_id": soon, "tier": "srdi", "level": "provincial",
                       "granted_on": TODAY - timedelta(days=1000),
                       "expires_on": TODAY + timedelta(days=30)})
    giant = make("乙智能装备有限公司", province_code="320000")
    titles.create(db, {"enterprise_id": giant, "tier": "srdi", "level": "provincial",
                       "granted_on": TODAY - timedelta(days=700)})
    titles.create(db, {"enterprise_id": giant, "tier": "little_giant", "level": "national",
                       "granted_on": TODAY - timedelta(days=300),
                       "expires_on": TODAY + timedelta(days=800)})
    plain = make("丙贸易有限公司", province_code="440000")
    return {"soon": soon, "giant": giant, "plain": plain}


@pytest.fixture
def enterprise_page(qtbot, ctx, firms):
    page = EnterprisesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    qtbot.waitUntil(lambda: not page.busy and not ctx.runner.busy, timeout=10_000)
    return page


def _cell(page, enterprise_id, key, role=Qt.ItemDataRole.DisplayRole):
    return page.model.index(page.model.row_of(enterprise_id), COLUMN_KEYS.index(key)).data(role)


def test_the_list_shows_the_highest_valid_title_and_its_expiry(qtbot, ctx, firms,
                                                              enterprise_page):
    page = enterprise_page
    assert _cell(page, firms["giant"], "srdi_tier") == "SRDI Little Giant"  # the full name
    assert _cell(page, firms["soon"], "srdi_tier") == "SRDI SME"
    assert _cell(page, firms["plain"], "srdi_tier") == ""
    expiry = TODAY + timedelta(days=30)
    assert str(expiry.year) in _cell(page, firms["soon"], "srdi_expires")
    assert _cell(page, firms["soon"], "srdi_expires", Qt.ItemDataRole.ForegroundRole) == \
        QColor("#b06000")  # within 90 days
    assert _cell(page, firms["giant"], "srdi_expires", Qt.ItemDataRole.ForegroundRole) is None
    assert "SRDI Little Giant, valid until" in _cell(page, firms["giant"], "srdi_tier",
                                                     Qt.ItemDataRole.ToolTipRole)
    header = page.table.horizontalHeader()
    for key in ("srdi_tier", "srdi_expires"):  # shown by default
        assert not header.isSectionHidden(COLUMN_KEYS.index(key))
    ctx.lang.set_language("zh_CN")
    assert _cell(page, firms["giant"], "srdi_tier") == "专精特新“小巨人”企业"
    assert "年" in _cell(page, firms["soon"], "srdi_expires")


def test_columns_are_kept_by_key_and_new_columns_find_their_place(qtbot, ctx,
                                                                  enterprise_page):
    page = enterprise_page
    header = page.table.horizontalHeader()
    uscc = COLUMN_KEYS.index("uscc")
    header.moveSection(header.visualIndex(uscc), 0)
    with user_drag(header):  # the user's width: kept over the fit
        header.resizeSection(uscc, 222)
    page.set_column_visible("srdi_expires", False)
    state = page.save_state()
    again = EnterprisesPage(ctx)
    qtbot.addWidget(again)
    again.restore_state(state)
    other = again.table.horizontalHeader()
    assert other.logicalIndex(0) == uscc and other.sectionSize(uscc) == 222
    assert other.isSectionHidden(COLUMN_KEYS.index("srdi_expires"))
    # a layout saved before the SRDI columns existed: they come right after the names
    old = "name_zh:300,uscc:170,place:150,industry:150,size_class:80,employees:80," \
          "revenue:130,tags:150,updated:110"
    third = EnterprisesPage(ctx)
    qtbot.addWidget(third)
    third.restore_state({"columns": old, "hidden": "name_en,tags"})
    order = [COLUMNS[third.table.horizontalHeader().logicalIndex(v)].key
             for v in range(len(COLUMNS))]
    assert order[:5] == ["name_zh", "name_en", "srdi_tier", "srdi_expires", "uscc"]
    assert third.table.horizontalHeader().sectionSize(0) == 300
    assert not third.table.horizontalHeader().isSectionHidden(COLUMN_KEYS.index("srdi_tier"))


def _show(qtbot, ctx, page, enterprise_id):
    page.table.selectRow(page.model.row_of(enterprise_id))
    qtbot.waitUntil(lambda: page.form.current_id == enterprise_id and page.form.record
                    is not None and not ctx.runner.busy, timeout=10_000)


def _filter(qtbot, ctx, page, province):
    page.filters.set_value("province_code", province)
    qtbot.waitUntil(lambda: not page.busy and not ctx.runner.busy, timeout=10_000)


def test_the_form_follows_the_filter(qtbot, ctx, firms, enterprise_page):
    page = enterprise_page
    _show(qtbot, ctx, page, firms["plain"])  # in Guangdong
    _filter(qtbot, ctx, page, "320000")  # Jiangsu: it is no longer listed
    assert page.model.row_of(firms["plain"]) < 0
    # the first enterprise the filter lists takes its place (not a blank new form)
    assert page.form.current_id == page.model.ids[0] and not page.off_list_note.isVisible()
    assert page.current_id() == page.model.ids[0]
    assert page.detail.currentWidget() is page.form
    _show(qtbot, ctx, page, firms["soon"])
    _filter(qtbot, ctx, page, None)  # all provinces: still listed, still shown
    assert page.form.current_id == firms["soon"]


def test_unsaved_edits_keep_the_enterprise_in_the_form_and_say_so(qtbot, ctx, firms,
                                                                 enterprise_page):
    page = enterprise_page
    _show(qtbot, ctx, page, firms["plain"])
    legal_rep = page.form.details.fields["legal_rep"]
    legal_rep.setText("王五")
    legal_rep.edited.emit()
    assert page.form.is_dirty()
    _filter(qtbot, ctx, page, "320000")
    assert page.form.current_id == firms["plain"] and page.form.is_dirty()
    assert page.off_list_note.isVisible()
    assert "丙贸易有限公司" in page.off_list_note.full_text()
    ctx.lang.set_language("zh_CN")
    assert "未保存" in page.off_list_note.full_text()
    page.form.revert()  # the edits gone: nothing left to keep it for
    assert not page.off_list_note.isVisible()
    _filter(qtbot, ctx, page, "440000")
    _filter(qtbot, ctx, page, "320000")
    assert page.form.current_id == page.model.ids[0] and not page.form.is_dirty()
