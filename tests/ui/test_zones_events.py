"""Cooperation zones and events screens: real widgets on a real (temporary) database."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt

from coop_desktop.i18n.catalog import translator
from coop_desktop.services import enterprises, events, reference
from coop_desktop.services.catalog import interactions, zones
from tests.ui.conftest import wait_tasks
from ui.main_window import MainWindow
from ui.pages.events import EventsPage
from ui.pages.zones import ZonesPage

TAICANG = "中德（太仓）中小企业合作区"


@pytest.fixture
def zones_page(qtbot, ctx):
    page = ZonesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    wait_tasks(qtbot, ctx)
    return page


@pytest.fixture
def events_page(qtbot, ctx):
    page = EventsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    wait_tasks(qtbot, ctx)
    return page


@pytest.fixture
def firm(db, new_uscc):
    return enterprises.create(db, {"name_zh": "苏州瑞丰精密机械有限公司", "uscc": new_uscc(),
                                   "name_en": "Suzhou Ruifeng Precision Machinery Co., Ltd."}).value


def _select_zone(qtbot, ctx, page, name_zh):
    row = next(i for i, z in enumerate(page.model.rows) if z.name_zh == name_zh)
    index = page.proxy.mapFromSource(page.model.index(row, 0))
    page.table.setCurrentIndex(index)
    wait_tasks(qtbot, ctx)
    assert page.form.zone is not None and page.form.zone.name_zh == name_zh
    return page.form.zone


def _event(db, **extra):
    data = {"name_zh": "中德中小企业对接会", "name_en": "Sino-German SME Matchmaking",
            "kind": "matchmaking", "starts_on": date(2026, 5, 12), "partner_country": "DE"}
    return events.events.create(db, data | extra).value


# ------------------------------------------------------------------ zones
def test_shipped_zones_are_listed_with_their_confidence(zones_page):
    page = zones_page
    assert page.model.rowCount() == 13
    names = {z.name_zh for z in page.model.rows}
    assert TAICANG in names and "中瑞（士）中小企业合作区" in names
    assert page.count_label.text() == "13 zones"
    shown = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    # English UI: English first (Taicang's name is not confirmed: a small mark)
    assert "Sino-German (Taicang) SME Cooperation Zone (unverified)" in shown
    batches = {page.proxy.index(r, 3).data(Qt.ItemDataRole.ToolTipRole)
               for r in range(page.proxy.rowCount())}
    assert batches == {"Approved 2012–2024", "2025 list"}
    assert page.form.zone is not None  # the first zone is shown
    assert page.form.origin.text() == "Built-in zone"


def _shown_texts(widget) -> str:
    """Every text a user can read on ``widget``: labels, editors, tooltips."""
    from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

    out = []
    for child in widget.findChildren(QWidget):
        if not child.isVisibleTo(widget):
            continue
        if isinstance(child, (QLabel, QLineEdit)):
            out.append(child.text())
        elif isinstance(child, QPlainTextEdit):
            out.append(child.toPlainText())
        out.append(child.toolTip())
    return "\n".join(out)


def test_zone_sources_are_documents_and_publications_without_research_labels(
        qtbot, ctx, db, zones_page):
    page, form = zones_page, zones_page.form
    changsha = next(z for z in zones.list(db) if z.source_key == "bri-changsha")
    _select_zone(qtbot, ctx, page, changsha.name_zh)
    assert form.approval_document.text() == "工信部企业函〔2022〕246号"
    assert "工信部企业函〔2022〕246号" in form.source.toPlainText()
    assert not form.unverified.isVisibleTo(form)  # confirmed: no mark
    assert form.basis.text() == "Approval document: 工信部企业函〔2022〕246号"
    cangzhou = next(z for z in zones.list(db) if z.source_key == "cn-ceec-cangzhou")
    _select_zone(qtbot, ctx, page, cangzhou.name_zh)
    assert form.approved_on.value() == date(2018, 2, 14)
    assert form.approved_on.text() == "Feb 14, 2018"  # dated in the UI language
    assert form.basis.text() == "Approved on Feb 14, 2018"
    _select_zone(qtbot, ctx, page, TAICANG)  # no document: the publications with dates
    assert form.basis.text().startswith("Sources: 新华网，2015年5月16日")
    for language in ("en", "zh_CN"):
        ctx.lang.set_language(language)
        for zone in zones.list(db):
            _select_zone(qtbot, ctx, page, zone.name_zh)
            shown = _shown_texts(form)
            # the shipped research label, in either language, is nowhere on the form
            assert zone.confidence not in shown
            assert reference.confidence_note(zone, "zh_CN") not in shown
            assert "Confidence" not in shown and "可信度" not in shown
            assert form.unverified.isVisibleTo(form) == (
                not zone.confidence.startswith("confirmed"))


def test_unverified_entries_carry_a_small_mark_in_the_form_and_the_list(qtbot, ctx, db,
                                                                       zones_page):
    page, form = zones_page, zones_page.form
    _select_zone(qtbot, ctx, page, TAICANG)  # "zone confirmed; name unverified"
    assert form.unverified.isVisibleTo(form) and form.unverified.text() == "To be verified"
    assert "official document" in form.unverified.toolTip()
    row = page.proxy.mapFromSource(page.model.index(page.model.row_of(form.zone.id), 0))
    assert row.data() == "Sino-German (Taicang) SME Cooperation Zone (unverified)"
    assert "official document" in row.data(Qt.ItemDataRole.ToolTipRole)
    ctx.lang.set_language("zh_CN")
    assert form.unverified.text() == "待核实"
    row = page.proxy.mapFromSource(page.model.index(page.model.row_of(form.zone.id), 0))
    assert row.data() == f"{TAICANG}（待核实）"
    jieyang = "中德（揭阳）中小企业合作区"  # "confirmed; approval date not found": no mark
    _select_zone(qtbot, ctx, page, jieyang)
    assert not form.unverified.isVisibleTo(form)
    jrow = page.proxy.mapFromSource(page.model.index(page.model.row_of(form.zone.id), 0))
    assert jrow.data() == jieyang


def test_saving_a_zone_keeps_its_stored_confidence_label_and_saves_the_document(
        qtbot, ctx, db, zones_page):
    page, form = zones_page, zones_page.form
    taicang = next(z for z in zones.list(db) if z.name_zh == TAICANG)
    _select_zone(qtbot, ctx, page, TAICANG)
    ctx.lang.set_language("zh_CN")
    assert not form.is_dirty()
    form.approval_document.setText("工信部企函〔2013〕100号")
    form.approved_on.setFocus()
    form.approved_on.setText("2013-06-18")
    form.notes.setFocus()
    assert form.is_dirty()
    page.save()
    wait_tasks(qtbot, ctx)
    saved = zones.get(db, taicang.id)
    assert (saved.approval_document, saved.approved_on) == ("工信部企函〔2013〕100号",
                                                            date(2013, 6, 18))
    assert saved.confidence == taicang.confidence  # neither shown nor changed
    assert not form.is_dirty()
    form.approved_on.setFocus()
    form.approved_on.setText("2013-13-45")
    form.notes.setFocus()
    page.save()
    wait_tasks(qtbot, ctx)
    assert zones.get(db, taicang.id).approved_on == date(2013, 6, 18)
    from ui.widgets.date_field import MSG_DATE

    assert form.errors.text("approved_on") == ctx.tr.gettext(MSG_DATE)
    assert "2016年5月20日" in form.errors.text("approved_on")  # the message in Chinese


def test_models_pass_the_model_tester(qtmodeltester, qtbot, ctx, db, firm, zones_page):
    qtmodeltester.check(zones_page.model)
    qtmodeltester.check(zones_page.proxy)
    ev = _event(db, zone_id=zones.list(db)[0].id, ends_on=date(2026, 5, 14))
    _event(db, name_zh="出口合规培训", kind="training", starts_on=date(2026, 1, 15))
    events.add_participant(db, {"event_id": ev.id, "enterprise_id": firm.id, "amount_fen": 125})
    page = EventsPage(ctx)
    qtbot.addWidget(page)
    wait_tasks(qtbot, ctx)
    assert page.model.rowCount() == 2 and page.participants.rowCount() == 1
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    qtmodeltester.check(page.participants)


def test_zone_filter_matches_either_language(zones_page):
    page = zones_page
    page.filter.setText("taicang")
    assert page.proxy.rowCount() == 1
    assert page.count_label.text() == "1 of 13 zones"
    page.filter.setText("太仓")
    assert page.proxy.rowCount() == 1
    page.filter.setText("Jiangsu")  # Taicang, Lianyungang, Kunshan, Changzhou, Nanjing
    assert page.proxy.rowCount() == 5
    page.filter.setText("DE")
    assert page.proxy.rowCount() >= 7
    page.filter.clear()
    assert page.proxy.rowCount() == 13


def test_zone_edit_and_save_marks_user_edited_and_survives_reference_updates(
        qtbot, ctx, db, zones_page):
    page = zones_page
    zone = _select_zone(qtbot, ctx, page, TAICANG)
    assert not zone.user_edited and zone.recognised_year is None
    page.form.recognised.setText("2015")
    page.form.notes.setPlainText("年份经省厅确认")
    assert page.form.is_dirty() and page.revert_button.isEnabled()
    page.save()
    wait_tasks(qtbot, ctx)
    saved = zones.get(db, zone.id)
    assert saved.user_edited and saved.recognised_year == 2015
    assert saved.notes == "年份经省厅确认"
    assert not page.form.is_dirty()
    assert "edited by you" in page.form.origin.text()
    reference.sync(db, force=True)  # a newer shipped version leaves the edited zone alone
    assert zones.get(db, zone.id).recognised_year == 2015
    page.refresh()
    wait_tasks(qtbot, ctx)
    assert page.form.recognised.text() == "2015"


def test_invalid_zone_shows_messages_and_writes_nothing(qtbot, ctx, db, zones_page):
    page = zones_page
    zone = _select_zone(qtbot, ctx, page, TAICANG)
    page.form.recognised.setText("15")
    page.form.partners.set_value(["DE"])
    page.form.partners.input.setText("Atlantis")  # typed, not a country of the list
    page.save()
    wait_tasks(qtbot, ctx)
    assert page.form.errors.text("recognised_year") == "Enter a year such as 2025."
    assert "Atlantis" in page.form.errors.text("partner_countries")
    page.form.recognised.setText("")
    page.form.partners.input.clear()
    page.form.website.setText("not a web address")  # only the service checks this one
    page.save()
    wait_tasks(qtbot, ctx)
    assert "not a valid web address" in page.form.errors.text("website")
    assert page.form.errors.text("recognised_year") == ""
    assert zones.get(db, zone.id) == zone  # nothing written
    assert page.form.is_dirty()


def test_new_zone(qtbot, ctx, db, zones_page):
    page = zones_page
    page.new_record()
    assert page.form.zone is None and page.current_id is None
    page.form.name_zh.setText("中日（测试）中小企业合作区")
    page.form.name_en.setText("Sino-Japanese (Test) SME Cooperation Zone")
    page.form.partners.input.setText("JP")
    page.form.partners.input.returnPressed.emit()  # a code typed: its country
    page.form.recognised.setText("2025")
    page.form.batch.setCurrentIndex(page.form.batch.findData("2025"))
    page.save()
    wait_tasks(qtbot, ctx)
    assert page.model.rowCount() == 14
    made = zones.get(db, page.current_id)
    assert made.partner_countries == ["JP"] and made.source_key is None and made.batch == "2025"
    assert page.form.origin.text() == "Added by you"
    assert [c.label.text() for c in page.form.partners._chips.values()] == ["Japan"]


def test_zone_delete_and_undo(qtbot, ctx, db):
    window = MainWindow(ctx, [ZonesPage])
    qtbot.addWidget(window)
    window.show()
    wait_tasks(qtbot, ctx)
    page = window.current_page()
    zone = _select_zone(qtbot, ctx, page, TAICANG)
    window.act_delete.trigger()
    wait_tasks(qtbot, ctx)
    assert page.model.rowCount() == 12 and len(zones.list(db)) == 12
    assert [z.id for z in zones.list(db, deleted=True)] == [zone.id]
    assert page.current_id != zone.id and page.form.zone is not None  # a neighbour is shown
    assert "recycle bin" in window.statusBar().currentMessage()
    assert window.undo_button.isVisibleTo(window)
    window.undo()
    wait_tasks(qtbot, ctx)
    assert page.model.rowCount() == 13 and len(zones.list(db)) == 13


def test_switching_away_from_unsaved_edits_asks(qtbot, ctx, zones_page, monkeypatch):
    page = zones_page
    zone = _select_zone(qtbot, ctx, page, TAICANG)
    page.form.notes.setPlainText("draft")
    asked = []
    monkeypatch.setattr("ui.pages.record_page.confirm_discard",
                        lambda *a: asked.append(True) or False)
    page.table.setCurrentIndex(page.proxy.index(0, 0))
    qtbot.wait(10)  # the selection goes back to the edited zone
    assert asked and page.current_id == zone.id
    assert page.proxy.mapToSource(page.table.currentIndex()).row() == page.model.row_of(zone.id)
    assert page.form.notes.toPlainText() == "draft"
    assert page.can_leave() is False


# ------------------------------------------------------------------ events
def test_invalid_event_shows_messages_and_writes_nothing(qtbot, ctx, db, events_page):
    page = events_page
    page.new_record()
    form = page.form
    form.name_en.setText("Matchmaking without a Chinese name")
    form.starts_on.setDate(QDate(2026, 5, 12))
    form.has_end.setChecked(True)
    form.ends_on.setDate(QDate(2026, 5, 1))
    form.country.setEditText("Atlantis")
    page.save()
    wait_tasks(qtbot, ctx)
    assert form.errors.text("name_zh") == "This field is required."
    assert form.errors.text("ends_on") == \
        "The end date May 1, 2026 is before the start date May 12, 2026."  # dates as listed
    assert form.errors.text("partner_country") == "Choose a value from the list."
    assert events.events.list(db) == []
    assert page.model.rowCount() == 0


def test_events_newest_first_and_filtered(qtbot, ctx, db, events_page):
    _event(db, name_zh="旧活动", name_en="Old event", starts_on=date(2024, 3, 1))
    _event(db, name_zh="培训会", name_en="Training day", kind="training", starts_on=date(2026, 1, 1))
    _event(db, name_zh="新活动", name_en="New event", starts_on=date(2026, 9, 1),
           ends_on=date(2026, 9, 3))
    events_page.refresh()
    wait_tasks(qtbot, ctx)
    page = events_page
    shown = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert shown == ["New event", "Training day", "Old event"]
    assert page.proxy.index(0, 2).data() == "Sep 1, 2026 – Sep 3, 2026"
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("training"))
    assert page.proxy.rowCount() == 1
    page.kind_filter.setCurrentIndex(0)
    page.filter.setText("旧")
    assert [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())] == ["Old event"]


def test_event_create_add_participant_writes_the_interaction_log(qtbot, ctx, db, firm,
                                                                 events_page):
    page = events_page
    zone = zones.list(db)[0]
    page.new_record()
    form = page.form
    form.name_zh.setText("中德中小企业对接会（太仓）")
    form.name_en.setText("Sino-German SME Matchmaking (Taicang)")
    form.kind.setCurrentIndex(form.kind.findData("matchmaking"))
    form.starts_on.setDate(QDate(2026, 5, 12))
    form.country.setCurrentIndex(form.country.findData("DE"))
    form.zone.setCurrentIndex(form.zone.findData(zone.id))
    page.save()
    wait_tasks(qtbot, ctx)
    [ev] = events.events.list(db)
    assert (ev.partner_country, ev.zone_id, ev.kind) == ("DE", zone.id, "matchmaking")
    assert page.current_id == ev.id and page.model.rowCount() == 1
    assert page.add_part_button.isEnabled()

    dialog = page.add_participant()  # a child of the page; deletes itself when closed
    dialog.search.setText("瑞丰精密")
    qtbot.waitUntil(lambda: dialog.results.count() == 1
                    and dialog.results.item(0).data(Qt.ItemDataRole.UserRole) == firm.id)
    dialog.results.setCurrentRow(0)
    dialog.contacts_made.setText("4")
    dialog.agreements.setText("1")
    dialog.amount.setText("125万")
    dialog.outcome.setPlainText("签署合作意向书")
    with qtbot.waitSignal(dialog.accepted):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    wait_tasks(qtbot, ctx)
    assert page.participants.rowCount() == 1
    cells = [page.participants.index(0, c).data() for c in range(5)]
    assert cells == ["Suzhou Ruifeng Precision Machinery Co., Ltd.", "4", "1",
                     "CNY 1.25 million", "签署合作意向书"]
    [entry] = interactions.list(db, enterprise_id=firm.id)
    assert entry.kind == "matchmaking" and entry.occurred_on == date(2026, 5, 12)
    assert "中德中小企业对接会（太仓）" in entry.notes and entry.outcome == "签署合作意向书"

    # The same enterprise again: the service's message appears in the dialog.
    again = page.add_participant()
    again.picker.enterprise_id = firm.id
    again.submit()
    wait_tasks(qtbot, ctx)
    assert "already a participant" in again.errors.text("enterprise_id")
    assert again.isVisible()
    again.reject()

    # Edit the outcome: the interaction log follows.
    page.part_table.selectRow(0)
    edit = page.edit_participant()
    assert edit.amount.text() == "CNY 1.25 million"  # as the app writes amounts
    assert edit.amount.value() == 125_000_000
    edit.outcome.setPlainText("签署合同")
    edit.submit()
    wait_tasks(qtbot, ctx)
    assert interactions.list(db, enterprise_id=firm.id)[0].outcome == "签署合同"
    assert page.participants.index(0, 4).data() == "签署合同"


def test_remove_participant_and_undo(qtbot, ctx, db, firm, events_page):
    ev = _event(db)
    events.add_participant(db, {"event_id": ev.id, "enterprise_id": firm.id, "outcome": "ok"})
    page = events_page
    page.refresh()
    wait_tasks(qtbot, ctx)
    assert page.participants.rowCount() == 1
    page.part_table.selectRow(0)
    page.remove_participants()
    wait_tasks(qtbot, ctx)
    assert page.participants.rowCount() == 0
    assert interactions.list(db, enterprise_id=firm.id) == []
    assert ctx.undo_last()
    wait_tasks(qtbot, ctx)
    assert page.participants.rowCount() == 1
    assert len(interactions.list(db, enterprise_id=firm.id)) == 1


def test_event_delete_and_undo(qtbot, ctx, db, events_page):
    ev = _event(db)
    events_page.refresh()
    wait_tasks(qtbot, ctx)
    events_page.delete_selected()
    wait_tasks(qtbot, ctx)
    assert events.events.list(db) == [] and events_page.model.rowCount() == 0
    assert ctx.undo_last()
    wait_tasks(qtbot, ctx)
    assert [e.id for e in events.events.list(db)] == [ev.id]
    assert events_page.model.rowCount() == 1 and events_page.current_id == ev.id


# ------------------------------------------------------------------ language
def test_language_switch_retranslates(qtbot, ctx, db, zones_page, events_page):
    _event(db, kind="training")
    events_page.refresh()
    wait_tasks(qtbot, ctx)
    zh = translator("zh_CN")
    ctx.lang.set_language("zh_CN")
    wait_tasks(qtbot, ctx)
    for page in (zones_page, events_page):
        model = page.model
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(model.COLUMNS))]
        assert headers == [zh.gettext(m) for m in model.COLUMNS]
        assert headers != list(model.COLUMNS)  # at least one is translated already
    # Strings whose Chinese is settled in the catalog:
    assert zones_page.form.labels["contacts"].text() == "联系人"
    assert events_page.proxy.index(0, 1).data() == "培训"
    assert events_page.form.kind.currentText() == "培训"
    assert zones_page.form.batch.itemText(zones_page.form.batch.findData("legacy")) == \
        "原有合作区（2012—2024年）"
    assert "中德（揭阳）中小企业合作区" in [zones_page.proxy.index(r, 0).data()
                                   for r in range(zones_page.proxy.rowCount())]  # Chinese first
    assert events_page.proxy.index(0, 0).data() == "中德中小企业对接会"
    assert events_page.form.country.currentText().startswith("德国")
    assert not events_page.form.is_dirty() and not zones_page.form.is_dirty()
    ctx.lang.set_language("en")
    assert zones_page.model.headerData(1, Qt.Orientation.Horizontal) == "Partner countries"
    assert events_page.proxy.index(0, 1).data() == "Training"
