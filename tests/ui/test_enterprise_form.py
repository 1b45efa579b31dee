"""The enterprise form, driven through real widgets on a real (temporary) database."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from coop_desktop.models import SrdiTitleRead, TitleStatus
from coop_desktop.services import catalog, enterprises
from tests.ui.conftest import wait_tasks
from ui.widgets.enterprise_form import EnterpriseForm
from ui.widgets.related_tables import title_validity

BAD_USCC = "91440300MA5EXAMPL1"  # right length, wrong check character


@pytest.fixture
def form(qtbot, ctx):
    widget = EnterpriseForm(ctx)
    qtbot.addWidget(widget)
    widget.resize(700, 800)
    widget.show()
    return widget


def _type(qtbot, editor, text):
    """Type into a line edit; non-Latin text arrives as an input method would commit it."""
    editor.setFocus()
    editor.selectAll()
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:
        editor.insert(text)


def _existing(ctx, new_uscc, **extra):
    values = {"name_zh": "深圳市瑞丰精密制造有限公司", "uscc": new_uscc(), **extra}
    return enterprises.create(ctx.db, values).value


def _load(qtbot, ctx, form, enterprise_id):
    form.load(enterprise_id)
    wait_tasks(qtbot, ctx)
    assert form.current_id == enterprise_id and form.record is not None


def test_invalid_uscc_is_shown_next_to_the_field_and_nothing_is_written(qtbot, ctx, form):
    fields, errors = form.details.fields, form.details.errors
    before = enterprises.count(ctx.db)
    _type(qtbot, fields["name_zh"], "广州云帆软件有限公司")
    _type(qtbot, fields["uscc"], BAD_USCC)
    # as you type: the message appears by itself after the pause
    qtbot.waitUntil(lambda: errors["uscc"].isVisible(), timeout=3000)
    assert "should be" in errors["uscc"].text()  # names the expected check character
    with qtbot.assertNotEmitted(form.saved, wait=200):
        form.save()
        wait_tasks(qtbot, ctx)
    assert enterprises.count(ctx.db) == before
    assert form.summary.isVisible()
    assert "Unified social credit code" in form.summary.text()
    assert form.current_id is None and form.is_dirty()


def test_valid_create_emits_saved_with_the_new_id(qtbot, ctx, form, new_uscc):
    fields = form.details.fields
    code = new_uscc()
    _type(qtbot, fields["name_zh"], "杭州启明新材料有限公司")
    _type(qtbot, fields["name_en"], "Hangzhou Qiming New Materials Co., Ltd.")
    _type(qtbot, fields["uscc"], code.lower())
    fields["legal_form"].set_value("limited_liability")
    fields["province_code"].setCurrentIndex(fields["province_code"].findData("330000"))
    fields["city_code"].setCurrentIndex(fields["city_code"].findData("330100"))
    _type(qtbot, fields["established_on"], "2016-05-20")
    fields["export_markets"].add_code("DE")
    with qtbot.waitSignal(form.saved, timeout=5000) as blocker:
        form.save()
    new_id = blocker.args[0]
    record = enterprises.get(ctx.db, new_id)
    assert record.uscc == code and record.name_en.startswith("Hangzhou")
    assert record.city_code == "330100" and record.established_on == date(2016, 5, 20)
    assert record.export_markets == ["DE"]
    wait_tasks(qtbot, ctx)
    assert form.current_id == new_id and not form.is_dirty()
    assert form.titles.add_button.isEnabled()


def test_duplicate_uscc_names_the_existing_enterprise(qtbot, ctx, form, new_uscc):
    other = _existing(ctx, new_uscc)
    _type(qtbot, form.details.fields["name_zh"], "另一家公司")
    _type(qtbot, form.details.fields["uscc"], other.uscc)
    form.save()
    wait_tasks(qtbot, ctx)
    qtbot.waitUntil(lambda: form.details.errors["uscc"].isVisible())
    assert other.name_zh in form.details.errors["uscc"].text()
    assert enterprises.count(ctx.db) == 1


def test_edit_and_save_updates_the_history_and_records_an_undo(qtbot, qtmodeltester, ctx, form,
                                                               new_uscc):
    record = _existing(ctx, new_uscc, legal_rep="王建国")
    _load(qtbot, ctx, form, record.id)
    assert form.details.fields["legal_rep"].text() == "王建国"
    _type(qtbot, form.details.fields["legal_rep"], "李晓梅")
    assert form.is_dirty()
    with qtbot.waitSignal(form.saved, timeout=5000):
        form.save()
    wait_tasks(qtbot, ctx)
    assert enterprises.get(ctx.db, record.id).legal_rep == "李晓梅"
    qtmodeltester.check(form.history.model)
    rows = form.history.rows_text()
    assert any(r[2] == "Legal representative" and r[3] == "王建国 → 李晓梅" for r in rows)
    assert ctx.undo_stack, "an update records an undo entry"
    ctx.undo_last()
    wait_tasks(qtbot, ctx)
    assert enterprises.get(ctx.db, record.id).legal_rep == "王建国"
    qtbot.waitUntil(lambda: form.details.fields["legal_rep"].text() == "王建国")


def test_typing_back_to_the_original_is_not_dirty(qtbot, ctx, form, new_uscc):
    record = _existing(ctx, new_uscc, employees=120)
    _load(qtbot, ctx, form, record.id)
    seen = []
    form.dirty_changed.connect(seen.append)
    employees = form.details.fields["employees"]
    _type(qtbot, employees, "121")
    assert form.is_dirty()
    _type(qtbot, employees, "１２０")  # full-width digits mean the same number
    assert not form.is_dirty()
    assert seen == [True, False]


def test_size_class_updates_live(qtbot, ctx, form):
    fields, value = form.details.fields, form.details.size_value
    assert value.text() == "Unknown"
    fields["industry"].setCurrentIndex(fields["industry"].findData("industry"))
    _type(qtbot, fields["employees"], "50")
    assert value.text() == "Unknown"  # small vs micro needs the revenue
    assert "operating revenue" in form.details.size_hint.text()
    _type(qtbot, fields["revenue_fen"], "3000万")
    assert value.text() == "Small"
    _type(qtbot, fields["employees"], "500")
    _type(qtbot, fields["revenue_fen"], "5亿")
    assert value.text() == "Medium"


def test_money_field_accepts_wan_and_shows_it_formatted(qtbot, ctx, form, new_uscc):
    record = _existing(ctx, new_uscc)
    _load(qtbot, ctx, form, record.id)
    revenue = form.details.fields["revenue_fen"]
    _type(qtbot, revenue, "125万")
    assert revenue.value() == 125_000_000  # fen
    assert "1,250,000" in form.details.hints["revenue_fen"].text() or \
        "1.25" in form.details.hints["revenue_fen"].text()
    form.details.fields["employees"].setFocus()
    qtbot.waitUntil(lambda: not revenue.hasFocus())
    assert revenue.text() == "CNY 1.25 million"  # the app's one money format
    with qtbot.waitSignal(form.saved, timeout=5000):
        form.save()
    assert enterprises.get(ctx.db, record.id).revenue_fen == 125_000_000


def test_percent_and_future_date_are_checked_as_you_type(qtbot, ctx, form):
    fields, errors = form.details.fields, form.details.errors
    _type(qtbot, fields["main_business_share"], "120")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    _type(qtbot, fields["established_on"], tomorrow)
    qtbot.waitUntil(lambda: errors["established_on"].isVisible(), timeout=3000)
    assert errors["main_business_share"].text() == "Enter a percentage from 0 to 100."
    assert "future" in errors["established_on"].text()
    assert not errors["uscc"].isVisible()  # untouched fields are not nagged before Save


@pytest.mark.parametrize("answer", ["Save", "Discard", "Cancel"])
def test_maybe_discard(qtbot, ctx, form, new_uscc, monkeypatch, answer):
    record = _existing(ctx, new_uscc, legal_rep="王建国")
    _load(qtbot, ctx, form, record.id)
    _type(qtbot, form.details.fields["legal_rep"], "赵敏")
    asked = []

    def fake_exec(box):
        asked.append(box.text())
        return getattr(QMessageBox.StandardButton, answer)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    result = form.maybe_discard()
    wait_tasks(qtbot, ctx)
    assert asked and record.name_zh in asked[0]
    saved = enterprises.get(ctx.db, record.id).legal_rep
    if answer == "Save":
        assert result is True and saved == "赵敏" and not form.is_dirty()
    elif answer == "Discard":
        assert result is True and saved == "王建国" and not form.is_dirty()
        assert form.details.fields["legal_rep"].text() == "王建国"
    else:
        assert result is False and saved == "王建国" and form.is_dirty()


def test_maybe_discard_without_changes_does_not_ask(qtbot, ctx, form, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail("asked"))
    assert form.maybe_discard() is True


def _submit(qtbot, ctx, dialog):
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    wait_tasks(qtbot, ctx)


def test_titles_and_contacts_added_through_the_form(qtbot, qtmodeltester, ctx, form, new_uscc):
    record = _existing(ctx, new_uscc)
    catalog.titles.create(ctx.db, {"enterprise_id": record.id, "tier": "srdi",
                                   "level": "provincial", "granted_on": date(2021, 7, 1)})
    _load(qtbot, ctx, form, record.id)
    form.tabs.setCurrentWidget(form.titles)
    form.titles.add_button.click()
    dialog = form.titles.dialog
    dialog.fields["tier"].set_value("little_giant")
    dialog.fields["level"].set_value("national")
    expires = date.today() + timedelta(days=42)
    _type(qtbot, dialog.fields["granted_on"], "2023-07-01")
    _type(qtbot, dialog.fields["expires_on"], expires.isoformat())
    _submit(qtbot, ctx, dialog)
    titles = catalog.titles.list(ctx.db, enterprise_id=record.id)
    assert [(t.tier, t.level, t.expires_on) for t in titles if t.tier != "srdi"] == [
        ("little_giant", "national", expires)]
    qtbot.waitUntil(lambda: form.titles.model.rowCount() == 2)
    giant_row = next(i for i, t in enumerate(form.titles.model.rows) if t.tier == "little_giant")
    validity = form.titles.model.index(giant_row, len(form.titles.spec.columns) - 1)
    assert validity.data() == "Expires in 42 days"
    assert validity.data(Qt.ItemDataRole.BackgroundRole) is not None  # highlighted
    qtmodeltester.check(form.titles.model)

    form.contacts.add_button.click()
    dialog = form.contacts.dialog
    _type(qtbot, dialog.fields["email"], "not-an-address")
    _submit(qtbot, ctx, dialog)  # refused: name missing, e-mail wrong
    assert dialog.isVisible() and dialog.errors["name"].isVisible()
    assert dialog.errors["email"].isVisible()
    assert catalog.contacts.list(ctx.db, enterprise_id=record.id) == []
    _type(qtbot, dialog.fields["name"], "陈静")
    _type(qtbot, dialog.fields["email"], "chen.jing@example.cn")
    _type(qtbot, dialog.fields["languages"], "中文，English")
    _submit(qtbot, ctx, dialog)
    contacts = catalog.contacts.list(ctx.db, enterprise_id=record.id)
    assert [(c.name, c.email, c.languages) for c in contacts] == [
        ("陈静", "chen.jing@example.cn", ["zh", "en"])]  # names typed, codes stored
    qtbot.waitUntil(lambda: form.contacts.model.rowCount() == 1)


def test_title_validity_texts():
    from coop_desktop.i18n.catalog import english

    today = date(2026, 3, 1)

    def title(**kw):
        base = {"id": 1, "enterprise_id": 1, "tier": "srdi", "created_at": "2026-01-01T00:00:00",
                "updated_at": "2026-01-01T00:00:00"}
        return SrdiTitleRead.model_validate({**base, **kw})

    tr = english()
    assert title_validity(title(expires_on=date(2026, 4, 12)), tr, today) == (
        "Expires in 42 days", "soon")
    assert title_validity(title(expires_on=date(2026, 2, 1)), tr, today)[1] == "expired"
    assert title_validity(title(status=TitleStatus.REVOKED), tr, today) == ("Revoked", "inactive")
    assert title_validity(title(expires_on=date(2029, 1, 1)), tr, today)[1] == "ok"


def test_new_form_cannot_add_related_records(qtbot, ctx, form):
    assert not form.titles.add_button.isEnabled()
    assert not form.contacts.add_button.isEnabled()


def test_switching_language_retranslates(qtbot, ctx, form, new_uscc):
    record = _existing(ctx, new_uscc, industry="industry", employees=50,
                       revenue_fen=30_000_000 * 100)
    _load(qtbot, ctx, form, record.id)
    assert form.tabs.tabText(4) == "Contacts"
    assert form.details.size_value.text() == "Small"
    ctx.lang.set_language("zh_CN")
    # Translations that are certain to be in the merged catalog already:
    assert form.tabs.tabText(1) == "资质"  # short: all tabs in view (the tooltip is whole)
    assert form.tabs.tabToolTip(1) == ctx.tr.gettext("SRDI titles") == "专精特新资质"
    assert form.tabs.tabText(2) == "年度数据"
    assert form.tabs.tabText(4) == "联系人"
    assert [b.text() for b in form.tab_strip.buttons] == [
        form.tabs.tabText(i) for i in range(form.tabs.count())]
    assert form.details.size_value.text() == "小型"  # from the size rules, not the catalog
    assert form.details.fields["legal_form"].itemText(0) == "—"
    assert form.details.fields["industry"].currentText() == "工业"
    revenue = form.details.fields["revenue_fen"]
    assert revenue.text() == "3,000万元"  # re-formatted for Chinese, in 万元
    assert not form.is_dirty()
    # Labels of this form (need the lead's merge of locales/pending/enterprise_form.json):
    assert form.details.row_labels["legal_rep"].text() == ctx.tr.gettext("Legal representative")


def test_amount_and_share_round_trip(qtbot, ctx, form, new_uscc):
    record = _existing(ctx, new_uscc, main_business_share=Decimal("65.5"),
                       registered_capital_fen=500_000_000)
    _load(qtbot, ctx, form, record.id)
    share = form.details.fields["main_business_share"]
    assert share.text() == "65.5%" and share.value() == Decimal("65.50")
    _type(qtbot, share, "65.555")
    qtbot.waitUntil(lambda: form.details.errors["main_business_share"].isVisible(), timeout=3000)
    _type(qtbot, share, "65.50")
    assert not form.is_dirty()


class _FormPage:
    """A page holding only the form, inside a real main window (its shortcuts are live)."""

    @staticmethod
    def window(qtbot, ctx):
        from PySide6.QtWidgets import QVBoxLayout

        from ui.main_window import MainWindow
        from ui.pages.base import Page

        class FormPage(Page):
            key = "formPage"

            def __init__(self, ctx):
                super().__init__(ctx)
                self.deleted = 0
                self.form = EnterpriseForm(ctx)
                QVBoxLayout(self).addWidget(self.form)

            def delete_selected(self):
                self.deleted += 1

        window = MainWindow(ctx, [FormPage])
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        return window


def test_delete_key_in_the_form_does_not_delete_the_enterprise(qtbot, ctx):
    window = _FormPage.window(qtbot, ctx)
    page = window.current_page()
    combo = page.form.details.fields["legal_form"]
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    qtbot.keyClick(combo, Qt.Key.Key_Delete)
    assert page.deleted == 0
    window.sidebar.setFocus()
    qtbot.waitUntil(window.sidebar.hasFocus)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Delete)
    assert page.deleted == 1  # elsewhere the window's Delete still works


def test_ctrl_z_in_a_field_is_the_fields_own_undo(qtbot, ctx, new_uscc):
    record = _existing(ctx, new_uscc, legal_rep="王建国")
    enterprises.update(ctx.db, record.id, {"name_en": "Ruifeng"})
    window = _FormPage.window(qtbot, ctx)
    form = window.current_page().form
    _load(qtbot, ctx, form, record.id)
    undo_calls = []
    from ui.context import UndoEntry

    ctx.undo_stack.append(UndoEntry("sentinel", lambda: undo_calls.append(1)))
    field = form.details.fields["legal_rep"]
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.end(False)
    qtbot.keyClicks(field, "X")
    assert field.text() == "王建国X" and form.is_dirty()
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == "王建国" and not form.is_dirty()
    wait_tasks(qtbot, ctx)
    assert undo_calls == [] and len(ctx.undo_stack) == 1  # the app's undo did not run


def test_event_participation_shows_in_interactions_read_only(qtbot, ctx, form, new_uscc):
    from coop_desktop.services import events

    record = _existing(ctx, new_uscc)
    catalog.interactions.create(ctx.db, {"enterprise_id": record.id, "kind": "visit",
                                         "occurred_on": date(2025, 1, 5), "notes": "走访"})
    event = events.events.create(ctx.db, {"name_zh": "中欧中小企业对接会",
                                          "kind": "matchmaking",
                                          "starts_on": date(2025, 3, 1)}).value
    events.add_participant(ctx.db, {"event_id": event.id, "enterprise_id": record.id})
    _load(qtbot, ctx, form, record.id)
    panel = form.interactions
    assert panel.model.rowCount() == 2
    newest = panel.model.rows[0]
    assert newest.occurred_on == date(2025, 3, 1)  # newest first
    source = panel.model.index(0, len(panel.spec.columns) - 1).data()
    assert source == "Event: 中欧中小企业对接会"
    panel.table.selectRow(0)
    assert not panel.edit_button.isEnabled() and not panel.delete_button.isEnabled()
    assert "Events page" in panel.note.text()
    panel.table.clearSelection()
    panel.table.selectRow(1)
    assert panel.edit_button.isEnabled()


def test_zone_link_added_through_the_form(qtbot, ctx, form, new_uscc):
    record = _existing(ctx, new_uscc)
    _load(qtbot, ctx, form, record.id)
    zone = catalog.zones.list(ctx.db)[0]
    form.links.add_button.click()
    dialog = form.links.dialog
    dialog.fields["zone_id"].set_value(zone.id)
    dialog.fields["status"].set_value("applied")
    _type(qtbot, dialog.fields["applied_on"], "2025-06-01")
    _type(qtbot, dialog.fields["admitted_on"], "2025-05-01")  # before applying: refused
    _submit(qtbot, ctx, dialog)
    assert dialog.errors["admitted_on"].isVisible()
    _type(qtbot, dialog.fields["admitted_on"], "2025-07-01")
    _submit(qtbot, ctx, dialog)
    links = catalog.zone_links.list(ctx.db, enterprise_id=record.id)
    assert [(x.zone_id, x.status, x.admitted_on) for x in links] == [
        (zone.id, "applied", date(2025, 7, 1))]
    qtbot.waitUntil(lambda: form.links.model.rowCount() == 1)


def test_narrow_pane_puts_labels_above_fields(qtbot, ctx, form):
    assert not form.details.sections[0].compact
    form.resize(460, 800)
    qtbot.waitUntil(lambda: form.details.sections[0].compact)
    form.resize(760, 800)
    qtbot.waitUntil(lambda: not form.details.sections[0].compact)


def test_dates_are_nullable_and_can_be_picked(qtbot, ctx, form, new_uscc):
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QCalendarWidget

    record = _existing(ctx, new_uscc, established_on=date(2012, 6, 18))
    _load(qtbot, ctx, form, record.id)
    field = form.details.fields["established_on"]
    assert field.text() == "Jun 18, 2012"
    field.show_calendar()
    calendar = field.popup.findChild(QCalendarWidget)
    assert calendar.selectedDate() == QDate(2012, 6, 18)
    assert calendar.maximumDate() == QDate.currentDate()  # no future founding dates
    calendar.clicked.emit(QDate(2013, 1, 2))
    assert field.value() == date(2013, 1, 2) and form.is_dirty()
    field.clear()  # empty means "not known", not a made-up date
    assert field.value() is None
    with qtbot.waitSignal(form.saved, timeout=5000):
        form.save()
    assert enterprises.get(ctx.db, record.id).established_on is None


def test_delete_and_enter_in_a_record_table_act_on_that_table(qtbot, ctx, new_uscc,
                                                              monkeypatch):
    """Delete in the contacts table moves the contact (not the enterprise) to the recycle
    bin; Enter opens the contact for editing."""
    from coop_desktop.services.catalog import contacts

    record = _existing(ctx, new_uscc)
    contact = contacts.create(ctx.db, {"enterprise_id": record.id, "name": "李伟"}).value
    window = _FormPage.window(qtbot, ctx)
    page = window.current_page()
    form = page.form
    _load(qtbot, ctx, form, record.id)
    panel = form.contacts
    form.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    opened, asked = [], []
    monkeypatch.setattr(panel, "edit_selected", lambda: opened.append(True))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text())
                        or QMessageBox.StandardButton.Yes)
    panel.table.selectRow(0)
    panel.table.setFocus()
    qtbot.waitUntil(panel.table.hasFocus)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert opened == [True]
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    wait_tasks(qtbot, ctx)
    assert page.deleted == 0 and len(asked) == 1  # the window's Delete did not fire
    assert contacts.list(ctx.db, enterprise_id=record.id) == []
    assert enterprises.get(ctx.db, record.id).id == record.id


def test_a_refusal_that_names_its_field_names_it_once(qtbot, ctx, form, new_uscc):
    from coop_desktop.limits import max_chars

    fields = form.details.fields
    _type(qtbot, fields["name_zh"], "深圳市超长简介测试有限公司")
    _type(qtbot, fields["uscc"], new_uscc())
    fields["description_zh"].setPlainText("很" * (max_chars("enterprise", "description_zh") + 1))
    form.save()
    qtbot.waitUntil(lambda: form.summary.isVisible(), timeout=5000)
    text = form.summary.text()
    assert "too long" in text
    from ui.widgets.enterprise_validation import FIELD_LABELS

    label = FIELD_LABELS["description_zh"]
    assert text.count(label) == 1, text
