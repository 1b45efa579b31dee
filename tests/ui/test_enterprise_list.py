"""The enterprise list: lazy table model, search, filters, bulk actions, sorting, i18n, state.

The page is tested with a stand-in detail form that keeps the contract of
``ui.widgets.enterprise_form.EnterpriseForm`` (signals ``saved``/``dirty_changed``, ``load``,
``is_dirty``, ``save``, ``maybe_discard``, ``current_id``), so these tests do not depend on
the real form's fields. One test runs the page with the real form when it exists.
"""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, QSettings, Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from coop_desktop.db.repositories.enterprises import EnterpriseQuery
from coop_desktop.services import enterprises
from coop_desktop.services.catalog import titles, zone_links, zones
from coop_desktop.text import pinyin
from tests.ui.conftest import wait_tasks
from ui.main_window import MainWindow
from ui.models import enterprise_table
from ui.models.enterprise_table import COLUMN_KEYS, ID_ROLE, EnterpriseTableModel
from ui.pages.enterprises import EnterprisesPage

NAMES = [
    # name_zh, name_en, city, industry, employees, revenue (yuan), tags
    ("华为技术有限公司", "Huawei Technologies Co., Ltd.", "440300", "industry", 500, 30_000_000,
     ["出口"]),
    ("阿里巴巴网络技术有限公司", "Alibaba Network Technology", "330100", "software_it", 90, 8_000_000,
     []),
    ("中山精密机械有限公司", "Zhongshan Precision Machinery", "442000", "industry", 120, 50_000_000,
     ["出口", "专精特新"]),
    ("北京博锐软件有限公司", "Beijing Borui Software", "110100", "software_it", 40, 2_000_000,
     ["专精特新"]),
    ("深圳市长城电子有限公司", "Shenzhen Great Wall Electronics", "440300", "industry", 60,
     9_000_000, []),
    ("宁波海天塑机有限公司", "Ningbo Haitian Plastics", "330200", "industry", 280, 120_000_000,
     ["出口"]),
    ("重庆长安物流有限公司", "Chongqing Changan Logistics", "500100", "warehousing", 35, 4_000_000,
     []),
    ("苏州恒瑞医疗器械有限公司", "Suzhou Hengrui Medical", "320500", "industry", 75, 15_000_000,
     ["高新技术企业"]),
]


class StandInForm(QWidget):
    """The EnterpriseForm contract, without fields."""

    saved = Signal(int)
    dirty_changed = Signal(bool)

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current_id: int | None = None
        self.dirty = False
        self.answer = True  # what maybe_discard answers when dirty
        self.loads: list[int | None] = []
        self.new_name: str | None = None  # what save() writes
        QVBoxLayout(self).addWidget(QLabel("form"))

    def load(self, enterprise_id: int | None) -> None:
        self.current_id = enterprise_id
        self.loads.append(enterprise_id)
        self.dirty = False

    def is_dirty(self) -> bool:
        return self.dirty

    def maybe_discard(self) -> bool:
        if self.dirty and self.answer:
            self.dirty = False
        return not self.dirty

    def save(self) -> None:
        db, enterprise_id, name = self.ctx.db, self.current_id, self.new_name
        assert enterprise_id is not None and name is not None

        def done(outcome: Any) -> None:
            self.dirty = False
            self.saved.emit(outcome.value.id)

        self.ctx.mutate(lambda: enterprises.update(db, enterprise_id, {"name_zh": name}),
                        on_success=done)


@pytest.fixture
def owner(qtbot) -> QWidget:
    """A parent for a bare model: Qt deletes it on the GUI thread when the test ends (a model
    left to Python's garbage collector could be freed on a worker thread)."""
    holder = QWidget()
    qtbot.addWidget(holder)
    return holder


def make_page(ctx: Any) -> EnterprisesPage:
    return EnterprisesPage(ctx, form_factory=StandInForm)


@pytest.fixture
def firms(db, new_uscc) -> dict[str, int]:
    out = {}
    for name_zh, name_en, city, industry, employees, revenue, tags in NAMES:
        e = enterprises.create(db, {
            "name_zh": name_zh, "name_en": name_en, "uscc": new_uscc(city), "city_code": city,
            "industry": industry, "employees": employees, "revenue_fen": revenue * 100,
            "tags": tags,
        }).value
        out[name_zh] = e.id
    return out


def loaded(qtbot, ctx, page_or_model) -> None:
    """Wait until every query, reload and pending debounce has been delivered."""
    qtbot.waitUntil(lambda: not page_or_model.busy and not ctx.runner.busy, timeout=10_000)


def names(model: EnterpriseTableModel) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


@pytest.fixture
def page(qtbot, ctx, firms):
    p = make_page(ctx)
    qtbot.addWidget(p)
    p.resize(1280, 800)
    p.show()
    loaded(qtbot, ctx, p)
    return p


# ------------------------------------------------------------------ the model
def test_model_passes_qtmodeltester_through_progressive_loading(qtbot, ctx, firms, qtmodeltester,
                                                                monkeypatch, owner):
    monkeypatch.setattr(enterprise_table, "FIRST_PAGE", 3)  # first page, then the rest appended
    monkeypatch.setattr(enterprise_table, "BLOCK", 2)
    model = EnterpriseTableModel(ctx, owner)
    qtmodeltester.check(model)  # the tester stays attached and checks every later signal
    with qtbot.waitSignal(model.rowsInserted, timeout=10_000) as inserted:
        model.set_query(EnterpriseQuery())
    assert inserted.args[1:] == [3, len(NAMES) - 1]  # the last row is inclusive
    loaded(qtbot, ctx, model)
    assert model.rowCount() == model.count == len(NAMES)
    qtmodeltester.check(model)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    loaded(qtbot, ctx, model)
    model.set_query(EnterpriseQuery(text="hwjs"))
    loaded(qtbot, ctx, model)
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    index = model.index(0, COLUMN_KEYS.index("employees"))
    assert index.data() == "500"
    assert index.data(Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)
    assert model.index(0, 0).data(ID_ROLE) == firms["华为技术有限公司"]
    assert model.index(0, COLUMN_KEYS.index("place")).data() == "Shenzhen, Guangdong"
    assert model.index(0, COLUMN_KEYS.index("revenue")).data() == "CNY 30 million"
    assert model.index(0, COLUMN_KEYS.index("size_class")).data() == "Medium"
    assert "Huawei" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_rows_are_read_lazily_in_blocks(qtbot, ctx, firms, monkeypatch, owner):
    monkeypatch.setattr(enterprise_table, "FIRST_PAGE", 2)
    monkeypatch.setattr(enterprise_table, "BLOCK", 2)
    asked: list[list[int]] = []
    real = enterprises.summaries
    monkeypatch.setattr(enterprises, "summaries",
                        lambda db, ids: asked.append(ids) or real(db, ids))
    model = EnterpriseTableModel(ctx, owner)
    model.set_query(EnterpriseQuery())
    loaded(qtbot, ctx, model)
    assert model.rowCount() == len(NAMES) and asked == []  # ids only; first page came along
    model.index(5, 0).data()
    assert asked == [list(model.ids[4:6])]  # one block around the row, nothing else
    model.index(4, 1).data()
    assert len(asked) == 1


def test_a_newer_query_supersedes_an_older_one(qtbot, ctx, firms, owner):
    model = EnterpriseTableModel(ctx, owner)
    shown: list[str] = []
    model.modelReset.connect(lambda: shown.append(model.query.text))
    model.set_query(EnterpriseQuery(text="深圳"))
    model.set_query(EnterpriseQuery(text="宁波"))
    loaded(qtbot, ctx, model)
    assert shown == ["宁波"]  # the older result was never shown
    assert names(model) == ["宁波海天塑机有限公司"]


# ------------------------------------------------------------------ the page
def test_search_filters_as_you_type(qtbot, ctx, page, firms):
    assert page.model.rowCount() == len(NAMES)
    assert page.count_label.text() == "8 enterprises"
    qtbot.keyClicks(page.search, "hwjs")
    assert page.model.rowCount() == len(NAMES)  # debounced: nothing yet
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5_000)
    loaded(qtbot, ctx, page)
    assert names(page.model) == ["华为技术有限公司"]
    assert page.count_label.text() == "1 enterprise"
    uscc = enterprises.get(ctx.db, firms["宁波海天塑机有限公司"]).uscc
    page.search.setText(uscc[2:12])  # part of a USCC
    qtbot.waitUntil(lambda: page.model.query.text == uscc[2:12], timeout=5_000)
    loaded(qtbot, ctx, page)
    assert names(page.model) == ["宁波海天塑机有限公司"]
    page.search.clear()
    qtbot.keyClicks(page.search, "Shenzhen")
    qtbot.waitUntil(lambda: page.model.count == 2, timeout=5_000)
    page.search.setText("专精特新")
    qtbot.waitUntil(lambda: page.model.count == 2 and page.model.query.text == "专精特新",
                    timeout=5_000)
    page.search.setText("no such firm")
    qtbot.waitUntil(lambda: page.model.count == 0, timeout=5_000)
    loaded(qtbot, ctx, page)
    assert page.empty_label.isVisibleTo(page) and not page.table.isVisibleTo(page)


def test_filter_combination(qtbot, ctx, page, firms):
    page.filters.set_value("province_code", "440000")
    page.filters.set_value("industry", "industry")
    qtbot.waitUntil(lambda: page.model.query.industry == "industry", timeout=5_000)
    loaded(qtbot, ctx, page)
    assert {page.model.index(r, 0).data() for r in range(page.model.rowCount())} == {
        "华为技术有限公司", "中山精密机械有限公司", "深圳市长城电子有限公司"}
    page.filters.set_value("tags", ("出口",))
    qtbot.waitUntil(lambda: page.model.query.tags == ("出口",), timeout=5_000)
    loaded(qtbot, ctx, page)
    assert names(page.model) == ["华为技术有限公司", "中山精密机械有限公司"]
    page.filters.set_value("size_class", "small")
    loaded(qtbot, ctx, page)
    expected = enterprises.ids(ctx.db, EnterpriseQuery(
        province_code="440000", industry="industry", tags=("出口",), size_class="small"))
    assert list(page.model.ids) == expected
    assert page.filters.clear_button.isEnabled()
    page.filters.clear_button.click()
    loaded(qtbot, ctx, page)
    assert page.model.count == len(NAMES) and not page.filters.clear_button.isEnabled()


def test_title_zone_and_country_filters(qtbot, ctx, firms):
    today = date.today()
    titles.create(ctx.db, {"enterprise_id": firms["北京博锐软件有限公司"], "tier": "srdi",
                           "granted_on": today - timedelta(days=1000),
                           "expires_on": today + timedelta(days=20)})
    titles.create(ctx.db, {"enterprise_id": firms["宁波海天塑机有限公司"], "tier": "srdi",
                           "granted_on": today - timedelta(days=100),
                           "expires_on": today + timedelta(days=900)})
    zone = zones.list(ctx.db)[0]
    zone_links.create(ctx.db, {"enterprise_id": firms["华为技术有限公司"], "zone_id": zone.id,
                               "status": "applied"})
    enterprises.update(ctx.db, firms["宁波海天塑机有限公司"], {"target_countries": ["DE", "FR"]})
    page = make_page(ctx)
    qtbot.addWidget(page)
    loaded(qtbot, ctx, page)
    bar = page.filters

    def shown(**values: Any) -> list[str]:
        bar.clear()
        for name, value in values.items():
            bar.set_value(name, value)
        loaded(qtbot, ctx, page)
        return names(page.model)

    assert shown(tier="srdi") == ["北京博锐软件有限公司", "宁波海天塑机有限公司"]
    assert shown(tier="srdi", expiring_within_days=30) == ["北京博锐软件有限公司"]
    assert shown(zone_id=zone.id) == ["华为技术有限公司"]
    assert shown(zone_id=zone.id, link_status="admitted") == []
    assert shown(link_status="applied") == ["华为技术有限公司"]
    assert shown(target_country="DE") == ["宁波海天塑机有限公司"]
    assert bar.country.currentText() == "Germany"
    # a title added elsewhere comes through the hub: the filtered list follows
    assert shown(tier="srdi", expiring_within_days=30) == ["北京博锐软件有限公司"]
    ctx.mutate(lambda: titles.create(ctx.db, {
        "enterprise_id": firms["华为技术有限公司"], "tier": "srdi",
        "granted_on": today - timedelta(days=10), "expires_on": today + timedelta(days=10)}))
    wait_tasks(qtbot, ctx)
    loaded(qtbot, ctx, page)
    assert names(page.model) == ["北京博锐软件有限公司", "华为技术有限公司"]


def _select(page, rows: list[int]) -> None:
    selection = page.table.selectionModel()
    selection.clear()
    for row in rows:
        selection.select(page.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)


def test_bulk_delete_and_undo(qtbot, ctx, firms):
    window = MainWindow(ctx, [make_page])
    qtbot.addWidget(window)
    window.show()
    page = window.current_page()
    assert isinstance(page, EnterprisesPage)
    loaded(qtbot, ctx, page)
    _select(page, [1, 2, 3])
    page.table.selectionModel().setCurrentIndex(page.model.index(2, 0),
                                                QItemSelectionModel.SelectionFlag.NoUpdate)
    doomed = page.selected_ids()
    assert len(doomed) == 3 and page.delete_button.isEnabled()
    window.act_delete.trigger()
    qtbot.waitUntil(lambda: page.model.count == len(NAMES) - 3, timeout=5_000)
    loaded(qtbot, ctx, page)
    assert not set(doomed) & set(page.model.ids)
    assert enterprises.count(ctx.db, EnterpriseQuery(deleted=True)) == 3
    # the row that took the place of the deleted ones is current and shown in the form
    assert page.current_id() == page.model.id_at(1) == page.form.current_id
    assert "3 enterprises moved to the recycle bin." in window.statusBar().currentMessage()
    assert window.undo_button.isVisibleTo(window)
    window.undo_button.click()
    qtbot.waitUntil(lambda: page.model.count == len(NAMES), timeout=5_000)
    loaded(qtbot, ctx, page)
    assert set(doomed) <= set(page.model.ids)
    assert enterprises.count(ctx.db, EnterpriseQuery(deleted=True)) == 0


def test_bulk_tag_add_and_remove_with_undo(qtbot, ctx, page, monkeypatch):
    _select(page, [0, 1])
    chosen = page.selected_ids()
    monkeypatch.setattr(page, "_ask_tag", lambda **kw: "重点联系")
    page.add_tag_action.trigger()  # (the Tags button's menu)
    wait_tasks(qtbot, ctx)
    loaded(qtbot, ctx, page)
    assert all("重点联系" in s.tags for s in enterprises.summaries(ctx.db, chosen))
    assert set(page.selected_ids()) == set(chosen)  # the reload kept the selection
    column = COLUMN_KEYS.index("tags")
    assert "重点联系" in page.model.index(page.model.row_of(chosen[0]), column).data()
    monkeypatch.setattr(page, "_ask_tag", lambda **kw: "出口")
    page.remove_tag_action.trigger()
    wait_tasks(qtbot, ctx)
    assert not any("出口" in s.tags for s in enterprises.summaries(ctx.db, chosen))
    ctx.undo_last()  # brings 出口 back where it was
    wait_tasks(qtbot, ctx)
    huawei = enterprises.get(ctx.db, page.model.ids[page.model.row_of(chosen[0])])
    assert "重点联系" in huawei.tags


def test_sorting_by_chinese_name_follows_pinyin(qtbot, ctx, page):
    header = page.table.horizontalHeader()
    shown = names(page.model)
    assert shown == sorted(shown, key=pinyin)  # default order: Chinese name, by pinyin
    assert shown[0] == "阿里巴巴网络技术有限公司"
    x = header.sectionViewportPosition(0) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    qtbot.waitUntil(lambda: page.model.query.descending, timeout=5_000)
    loaded(qtbot, ctx, page)
    assert names(page.model) == sorted(shown, key=pinyin, reverse=True)
    employees = COLUMN_KEYS.index("employees")
    page.model.sort(employees, Qt.SortOrder.AscendingOrder)
    loaded(qtbot, ctx, page)
    column = [int(page.model.index(r, employees).data()) for r in range(page.model.rowCount())]
    assert column == sorted(column)
    place = COLUMN_KEYS.index("place")  # not sortable: the indicator stays where it was
    header.setSortIndicator(place, Qt.SortOrder.AscendingOrder)
    assert header.sortIndicatorSection() == employees and page.model.query.sort == "employees"


def test_count_and_cells_follow_the_language(qtbot, ctx, page):
    assert page.count_label.text() == "8 enterprises"
    size = COLUMN_KEYS.index("size_class")
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Chinese name"
    ctx.lang.set_language("zh_CN")
    tr = ctx.tr
    assert page.count_label.text() == tr.ngettext("{count} enterprise", "{count} enterprises",
                                                  8).format(count="8")
    assert page.count_label.text() == "8 家企业"
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "中文名称"
    cells = {page.model.index(r, size).data() for r in range(page.model.rowCount())}
    assert cells <= {"中型", "小型", "微型", "大型", ""} and "中型" in cells
    assert page.filters.province.itemText(1) == "北京市"
    huawei = page.model.row_of(page.model.ids[0])
    assert "年" in page.model.index(huawei, COLUMN_KEYS.index("updated")).data()
    place = {page.model.index(r, COLUMN_KEYS.index("place")).data()
             for r in range(page.model.rowCount())}
    assert "广东省深圳市" in place and "重庆市" in place  # a municipality is named once
    ctx.lang.set_language("en")
    assert page.count_label.text() == "8 enterprises"


def test_selection_and_scroll_survive_a_change(qtbot, ctx, page, firms):
    _select(page, [2, 4])
    kept = page.selected_ids()
    page.table.selectionModel().setCurrentIndex(page.model.index(4, 0),
                                                QItemSelectionModel.SelectionFlag.NoUpdate)
    other = next(i for i in page.model.ids if i not in kept)
    ctx.mutate(lambda: enterprises.update(ctx.db, other, {"employees": 77}))
    wait_tasks(qtbot, ctx)
    loaded(qtbot, ctx, page)
    assert page.selected_ids() == kept and page.current_id() == kept[1]
    # a rename moves a row: the selection follows the ids, not the row numbers
    ctx.mutate(lambda: enterprises.update(ctx.db, kept[0], {"name_zh": "阿尔法科技有限公司"}))
    wait_tasks(qtbot, ctx)
    loaded(qtbot, ctx, page)
    qtbot.waitUntil(lambda: page.model.index(0, 0).data() == "阿尔法科技有限公司", timeout=5_000)
    assert set(page.selected_ids()) == set(kept)


def test_scroll_position_survives_a_reload_of_a_long_list(qtbot, ctx, monkeypatch):
    from coop_desktop import demo

    demo.generate(ctx.db, enterprises=150, seed=5)
    monkeypatch.setattr(enterprise_table, "FIRST_PAGE", 40)  # two steps: first page, then the rest
    page = make_page(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    loaded(qtbot, ctx, page)
    assert page.model.rowCount() == 150
    assert len(page.model._cache) < 150  # rows are read as they are painted, not all at once
    page.table.scrollTo(page.model.index(100, 0), page.table.ScrollHint.PositionAtTop)
    top = page.table.indexAt(QPoint(1, 1)).row()
    top_id = page.model.id_at(top)
    assert top > 50
    first = page.model.id_at(0)
    ctx.mutate(lambda: enterprises.update(ctx.db, first, {"name_zh": "中关村测试有限公司"}))
    wait_tasks(qtbot, ctx)
    loaded(qtbot, ctx, page)
    assert page.model.id_at(0) != first  # the renamed row moved down: the model was reset
    assert page.model.id_at(page.table.indexAt(QPoint(1, 1)).row()) == top_id


def test_form_follows_the_current_row(qtbot, ctx, page, firms):
    form = page.form
    page.table.selectRow(3)
    assert form.current_id == page.model.ids[3]
    form.dirty, form.answer = True, False  # unsaved edits, the user cancels
    page.table.selectRow(5)
    assert form.current_id == page.model.ids[3] and page.current_id() == page.model.ids[3]
    form.answer = True
    page.table.selectRow(5)
    assert form.current_id == page.model.ids[5]
    # after the form saves, the list reloads and selects the saved row (a rename moves it)
    saved_id = form.current_id
    form.new_name = "爱普生精工有限公司"
    page.save()
    wait_tasks(qtbot, ctx)
    loaded(qtbot, ctx, page)
    qtbot.waitUntil(lambda: page.current_id() == saved_id, timeout=5_000)
    assert page.model.index(page.model.row_of(saved_id), 0).data() == "爱普生精工有限公司"
    assert page.selected_ids() == [saved_id]
    page.new_record()
    assert form.current_id is None and form.loads[-1] is None and not page.selected_ids()
    assert page.can_leave()
    form.dirty, form.answer = True, False
    assert not page.can_leave()


def test_columns_and_sort_are_remembered(qtbot, ctx, page):
    page.set_column_visible("tags", True)
    page.set_column_visible("uscc", False)
    page.model.sort(COLUMN_KEYS.index("updated"), Qt.SortOrder.DescendingOrder)
    loaded(qtbot, ctx, page)
    settings = QSettings()
    settings.setValue("pages/enterprises", page.save_state())
    settings.sync()
    state = QSettings().value("pages/enterprises")
    again = make_page(ctx)
    qtbot.addWidget(again)
    again.restore_state(state)
    loaded(qtbot, ctx, again)
    assert "uscc" in again.hidden_columns() and "tags" not in again.hidden_columns()
    assert (again.model.query.sort, again.model.query.descending) == ("updated_at", True)
    header = again.table.horizontalHeader()
    assert header.sortIndicatorSection() == COLUMN_KEYS.index("updated")
    again.set_column_visible("uscc", True)
    for key in COLUMN_KEYS:  # the last visible column cannot be hidden
        again.set_column_visible(key, False)
    assert len(again.hidden_columns()) == len(COLUMN_KEYS) - 1


@pytest.mark.skipif(importlib.util.find_spec("ui.widgets.enterprise_form") is None,
                    reason="ui/widgets/enterprise_form.py is not written yet")
def test_page_with_the_real_form(qtbot, ctx, firms):
    page = EnterprisesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    loaded(qtbot, ctx, page)
    page.table.selectRow(0)
    wait_tasks(qtbot, ctx)
    assert page.form.current_id == page.model.ids[0]
    page.new_record()
    wait_tasks(qtbot, ctx)
    assert page.form.current_id is None


def test_a_bulk_delete_is_preceded_by_a_verified_backup(qtbot, ctx, firms, monkeypatch, tmp_path):
    from coop_desktop.services import backups
    from ui.pages import enterprises as enterprises_page

    monkeypatch.setattr(enterprises_page, "BULK_DELETE_BACKUP", 3)
    ctx.settings.backup_dir = str(tmp_path / "backups")
    window = MainWindow(ctx, [make_page])
    qtbot.addWidget(window)
    window.show()
    page = window.current_page()
    loaded(qtbot, ctx, page)
    _select(page, [0, 1])  # below the threshold: no backup
    window.act_delete.trigger()
    qtbot.waitUntil(lambda: page.model.count == len(NAMES) - 2, timeout=10_000)
    loaded(qtbot, ctx, page)
    assert backups.list_backups(ctx.db.path, backup_dir=tmp_path / "backups") == []
    _select(page, [0, 1, 2])
    window.act_delete.trigger()
    qtbot.waitUntil(lambda: page.model.count == len(NAMES) - 5, timeout=20_000)
    loaded(qtbot, ctx, page)
    taken = backups.list_backups(ctx.db.path, backup_dir=tmp_path / "backups")
    assert [b.reason for b in taken] == ["before-bulk-delete"]
    assert taken[0].verified and taken[0].counts["enterprises"] == len(NAMES) - 2
