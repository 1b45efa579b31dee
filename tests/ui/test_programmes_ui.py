"""SME programmes in the UI: the enterprise form's cluster and pilot-city fields (a round trip
through real widgets), the pilot-city proposal, the list's filters and the zones page note."""

from __future__ import annotations

import pytest
from sqlmodel import select

from coop_desktop.models import PilotCity, SmeCluster, utcnow
from coop_desktop.services import enterprises, reference
from tests.ui.conftest import wait_tasks
from ui.pages.enterprises import EnterprisesPage
from ui.pages.zones import ZonesPage
from ui.widgets.enterprise_form import EnterpriseForm


@pytest.fixture
def ids(db):
    with db.read() as session:
        return {r.source_key: r.id for table in (SmeCluster, PilotCity)
                for r in session.exec(select(table))}


@pytest.fixture
def form(qtbot, ctx):
    widget = EnterpriseForm(ctx)
    qtbot.addWidget(widget)
    widget.resize(700, 800)
    widget.show()
    wait_tasks(qtbot, ctx)  # the options arrive from the DB lane
    return widget


def _pick(combo, value):
    """Choose an entry as a user does (the editor emits ``edited``)."""
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def _bin(db, table, row_id):
    with db.session() as session:
        row = session.get(table, row_id)
        row.deleted_at = utcnow()
        session.add(row)


def test_picking_a_pilot_city_proposes_it_and_both_links_are_saved(qtbot, ctx, form, ids,
                                                                   new_uscc):
    f, box = form.details.fields, form.details.pilot_suggestion
    f["name_zh"].setText("深圳市前海数智科技有限公司")
    f["uscc"].setText(new_uscc())
    _pick(f["province_code"], "440000")
    assert box.isHidden()  # a province is not a city
    _pick(f["city_code"], "440300")
    assert box.isVisible() and "Shenzhen is a digital-transformation pilot city" in box.label.text()
    assert f["pilot_city_id"].value() is None  # proposed, not changed
    box.button.click()
    assert f["pilot_city_id"].value() == ids["pc-shenzhen"] and box.isHidden()
    assert f["pilot_city_id"].currentText() == "Shenzhen"
    _pick(f["cluster_id"], ids["cl-2022-fj-jimei-robots"])
    assert form.is_dirty()
    with qtbot.waitSignal(form.saved, timeout=5000) as saved:
        form.save()
    wait_tasks(qtbot, ctx)
    stored = enterprises.get(ctx.db, saved.args[0])
    assert (stored.pilot_city_id, stored.cluster_id) == (ids["pc-shenzhen"],
                                                        ids["cl-2022-fj-jimei-robots"])

    form.load(None)
    form.load(stored.id)
    wait_tasks(qtbot, ctx)
    assert f["cluster_id"].value() == ids["cl-2022-fj-jimei-robots"] and not form.is_dirty()
    ctx.lang.set_language("zh_CN")
    assert f["pilot_city_id"].currentText() == "深圳市"
    assert f["cluster_id"].currentText() == "厦门市集美区工业机器人产业集群"
    suzhou = f["pilot_city_id"].findData(ids["pc-suzhou"])
    assert f["pilot_city_id"].itemText(suzhou) == "苏州市（待核实）"  # "probable" in the data
    assert "不完整" in form.details.programme_note.text()
    assert "名单不完整" in form.details.programme_note.toolTip()  # the datasets' own notes


def test_a_district_pilot_is_offered_only_where_the_address_allows(qtbot, form, ids):
    f, box = form.details.fields, form.details.pilot_suggestion
    _pick(f["province_code"], "310000")  # a municipality: its city is chosen with it
    assert f["city_code"].value() == "310100"
    assert box.isVisible() and "link it if the enterprise is located there" in box.label.text()
    f["address_zh"].setText("上海市闵行区莘庄工业区")
    assert box.isHidden()
    f["address_zh"].setText("上海市浦东新区张江路88号")
    assert box.isVisible() and "Pudong" in box.label.text()
    _pick(f["pilot_city_id"], ids["pc-shanghai-pudong"])  # chosen by hand: nothing to offer
    assert box.isHidden()


def test_opening_a_record_in_a_pilot_city_proposes_nothing(qtbot, ctx, form, new_uscc):
    firm = enterprises.create(ctx.db, {"name_zh": "深圳市瑞丰精密制造有限公司", "uscc": new_uscc(),
                                       "province_code": "440000", "city_code": "440300"}).value
    _pick(form.details.fields["province_code"], "440000")
    _pick(form.details.fields["city_code"], "440300")  # a proposal for the blank form…
    assert form.details.pilot_suggestion.isVisible()
    form.load(firm.id)  # (same city: the proposal must not stay for this record)
    wait_tasks(qtbot, ctx)
    assert form.details.pilot_suggestion.isHidden()  # …is not carried to the record


def test_a_cluster_in_the_recycle_bin_is_named_and_refused_only_when_chosen(
        qtbot, ctx, form, ids, new_uscc):
    robots, fuzhou = ids["cl-2022-fj-jimei-robots"], ids["cl-2022-fj-mawei-storage"]
    firm = enterprises.create(ctx.db, {"name_zh": "厦门集美智造有限公司", "uscc": new_uscc(),
                                       "cluster_id": robots}).value
    _bin(ctx.db, SmeCluster, robots)
    form.programmes.load()
    form.load(firm.id)
    wait_tasks(qtbot, ctx)
    cluster = form.details.fields["cluster_id"]
    assert cluster.currentText() == ("Jimei District (Xiamen) Industrial Robot Cluster "
                                     "(in the recycle bin)")
    form.details.fields["employees"].setText("88")
    form.details.fields["employees"].edited.emit()
    with qtbot.waitSignal(form.saved, timeout=5000):
        form.save()  # the old link is not the user's change: saved
    wait_tasks(qtbot, ctx)
    assert enterprises.get(ctx.db, firm.id).employees == 88

    _pick(cluster, fuzhou)  # chosen here, binned elsewhere before the save
    _bin(ctx.db, SmeCluster, fuzhou)
    with qtbot.assertNotEmitted(form.saved, wait=300):
        form.save()
        wait_tasks(qtbot, ctx)
    error = form.details.errors["cluster_id"]
    assert error.isVisible() and "is in the recycle bin" in error.text()
    assert enterprises.get(ctx.db, firm.id).cluster_id == robots


@pytest.fixture
def page(qtbot, ctx, ids, new_uscc):
    for name, pilot, cluster in (("深圳甲科技有限公司", "pc-shenzhen", None),
                                 ("苏州乙材料有限公司", "pc-suzhou", "cl-2022-js-changshu-fluorine"),
                                 ("北京丙软件有限公司", None, None)):
        enterprises.create(ctx.db, {"name_zh": name, "uscc": new_uscc(),
                                    "pilot_city_id": ids.get(pilot),
                                    "cluster_id": ids.get(cluster)})
    widget = EnterprisesPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    wait_tasks(qtbot, ctx)
    return widget


def _listed(qtbot, ctx, page):
    wait_tasks(qtbot, ctx)
    qtbot.waitUntil(lambda: not page.busy)
    return sorted(page.model.summary(r).name_zh for r in range(page.model.rowCount()))


def test_the_filter_bar_filters_by_any_none_and_one_programme(qtbot, ctx, page, ids):
    bar = page.filters
    bar.set_value("in_pilot_city", True)
    assert bar.values() == {"in_pilot_city": True}
    assert _listed(qtbot, ctx, page) == ["深圳甲科技有限公司", "苏州乙材料有限公司"]
    bar.set_value("in_pilot_city", False)
    assert _listed(qtbot, ctx, page) == ["北京丙软件有限公司"]
    bar.clear()
    bar.set_value("cluster_id", ids["cl-2022-js-changshu-fluorine"])
    assert bar.values() == {"cluster_id": ids["cl-2022-js-changshu-fluorine"]}
    assert _listed(qtbot, ctx, page) == ["苏州乙材料有限公司"]
    bar.set_value("pilot_city_id", ids["pc-shenzhen"])
    assert _listed(qtbot, ctx, page) == []
    assert dict(page.list_source().filters) == {
        "SME industrial cluster": "Changshu Electronic Fluorine Materials Cluster",
        "Digital-transformation pilot city": "Shenzhen"}
    assert bar.pilot.itemText(1) == "In any pilot city"
    assert bar.pilot.itemText(bar.pilot.findData(ids["pc-suzhou"])) == "Suzhou (unverified)"


def test_the_zones_page_says_the_list_is_partial_in_one_small_line(qtbot, ctx):
    """The shipped list's research note (which lists were found, what is missing) stays in
    the reference data; officers read that the list is incomplete and that they can add
    zones."""
    page = ZonesPage(ctx)
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    wait_tasks(qtbot, ctx)
    note, shipped = page.dataset_note, reference.dataset_note("zones")
    assert not shipped.complete and note.isVisible()
    assert note.text() == "The built-in list is incomplete; you can add zones."
    assert shipped.note_en not in note.toolTip()
    assert note.font().pointSizeF() < page.table.font().pointSizeF()
    assert note.height() < 2 * note.fontMetrics().height()  # one line
    ctx.lang.set_language("zh_CN")
    assert note.text() == "内置名单不完整，可自行添加合作区。"
    assert shipped.note_zh not in note.toolTip()


def test_the_history_names_the_cluster_and_pilot_city_of_a_change(qtbot, ctx, form, ids,
                                                                  new_uscc):
    firm = enterprises.create(ctx.db, {"name_zh": "深圳市数智科技有限公司", "uscc": new_uscc(),
                                       "pilot_city_id": ids["pc-shenzhen"]}).value
    enterprises.update(ctx.db, firm.id, {"pilot_city_id": ids["pc-dongguan"]})
    form.load(firm.id)
    wait_tasks(qtbot, ctx)
    changes = [row[3] for row in form.history.rows_text() if row[2] ==
               "Digital-transformation pilot city"]
    assert changes == ["Shenzhen → Dongguan", "Shenzhen"]
