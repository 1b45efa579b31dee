"""SRDI on the enterprise page: the title dialog's rules, the title's life, yearly figures."""

from __future__ import annotations

from datetime import date

import pytest
import shiboken6
from PySide6.QtWidgets import QDialogButtonBox

from coop_desktop.services import catalog, enterprises, srdi_titles, srdi_years
from tests.ui.conftest import wait_tasks
from ui.widgets.enterprise_form import EnterpriseForm


@pytest.fixture
def form(qtbot, ctx):
    widget = EnterpriseForm(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


@pytest.fixture
def ent(ctx, new_uscc):
    return enterprises.create(ctx.db, {"name_zh": "常州精密传动有限公司", "uscc": new_uscc(),
                                       "industry": "industry"}).value


def _load(qtbot, ctx, form, enterprise_id):
    form.load(enterprise_id)
    wait_tasks(qtbot, ctx)


def _closed(dialog):
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def _save(qtbot, ctx, dialog):
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    wait_tasks(qtbot, ctx)


def test_title_dialog_sets_the_level_and_the_three_year_expiry(qtbot, ctx, form, ent):
    _load(qtbot, ctx, form, ent.id)
    form.titles.add_button.click()
    dialog = form.titles.dialog
    assert not dialog.fields["level"].isEnabled()  # follows from the tier
    dialog.fields["tier"].setCurrentIndex(dialog.fields["tier"].findData("single_champion"))
    assert dialog.fields["level"].value() == "national"
    dialog.fields["tier"].setCurrentIndex(dialog.fields["tier"].findData("little_giant"))
    granted = dialog.fields["granted_on"]
    granted.setFocus()
    granted.setText("2024-06-15")
    granted.edited.emit()
    assert dialog.fields["expires_on"].value() == date(2027, 6, 15)
    _save(qtbot, ctx, dialog)  # refused: no SRDI title yet
    assert dialog.isVisible()
    assert "SRDI SME" in dialog.errors["tier"].text()
    assert catalog.titles.list(ctx.db, enterprise_id=ent.id) == []


def test_title_life_recorded_from_the_titles_tab(qtbot, ctx, form, ent):
    title = catalog.titles.create(ctx.db, {"enterprise_id": ent.id, "tier": "srdi",
                                           "level": "provincial",
                                           "granted_on": date(2022, 9, 1)}).value
    _load(qtbot, ctx, form, ent.id)
    panel = form.titles
    assert not panel.review_button.isEnabled()  # nothing selected
    panel.table.selectRow(0)
    assert panel.review_button.isEnabled()
    panel.review_button.click()
    dialog = panel.dialog_life
    dialog.set_occurred_on(date(2025, 8, 20))
    _save(qtbot, ctx, dialog)  # refused: no result chosen
    assert dialog.isVisible() and dialog.errors["result"].text()
    dialog.result.setCurrentIndex(dialog.result.findData("passed"))
    _save(qtbot, ctx, dialog)
    assert _closed(dialog)
    assert catalog.titles.get(ctx.db, title.id).expires_on == date(2028, 8, 20)
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: panel.events_model.rowCount() == 1)
    assert panel.events_model.index(0, 1).data() == "Re-review"
    assert panel.events_model.index(0, 2).data() == "Passed"

    panel.revoke_button.click()
    dialog = panel.dialog_life
    _save(qtbot, ctx, dialog)  # refused: a revocation needs its reason
    assert dialog.isVisible() and dialog.errors["notes"].text()
    dialog.notes.setPlainText("发生较大质量事故")
    _save(qtbot, ctx, dialog)
    revoked = catalog.titles.get(ctx.db, title.id)
    assert (revoked.status, revoked.revocation_reason) == ("revoked", "发生较大质量事故")
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: panel.events_model.rowCount() == 2)
    assert not panel.revoke_button.isEnabled()


def test_yearly_figures_added_in_wan_and_shown(qtbot, ctx, form, ent):
    _load(qtbot, ctx, form, ent.id)
    form.tabs.setCurrentWidget(form.years)
    form.years.add_button.click()
    dialog = form.years.dialog
    assert dialog.fields["year"].value() == date.today().year - 1
    dialog.fields["operating_revenue_fen"].setText("1250万")
    dialog.fields["rd_expense_fen"].setText("62.5万")
    dialog.fields["employees"].setText("80")
    dialog.fields["rd_staff"].setText("90")  # more R&D staff than staff: refused
    dialog.fields["own_brand"].setCurrentIndex(dialog.fields["own_brand"].findData(True))
    dialog.fields["quality_items"].boxes["iso9001"].setChecked(True)
    _save(qtbot, ctx, dialog)
    assert dialog.isVisible() and dialog.errors["rd_staff"].text()
    dialog.fields["rd_staff"].setText("12")
    _save(qtbot, ctx, dialog)
    [row] = srdi_years.for_enterprise(ctx.db, ent.id)
    assert (row.operating_revenue_fen, row.rd_expense_fen, row.rd_staff) == (
        12_500_000_00, 625_000_00, 12)
    assert row.own_brand is True and row.management_certification is None
    assert row.quality_items == ["iso9001"]
    qtbot.waitUntil(lambda: form.years.model.rowCount() == 1)
    texts = [form.years.model.index(0, c).data() for c in range(form.years.model.columnCount())]
    assert texts[3] == "5.0%"  # R&D ratio


def test_reminder_and_life_texts_in_chinese(qtbot, ctx, form, ent):
    title = catalog.titles.create(ctx.db, {"enterprise_id": ent.id, "tier": "innovative",
                                           "level": "provincial",
                                           "granted_on": date(2024, 1, 5)}).value
    srdi_titles.record_event(ctx.db, title.id, "annual_update", date(2025, 4, 2))
    ctx.lang.set_language("zh_CN")
    _load(qtbot, ctx, form, ent.id)
    form.titles.table.selectRow(0)
    qtbot.waitUntil(lambda: form.titles.events_model.rowCount() == 1)
    assert form.titles.events_model.index(0, 1).data() == "年度数据更新"
    assert form.titles.review_button.text() == "复核…"


def _figures(ctx, ent, year, **extra):
    from coop_desktop.services.srdi_years import years

    wan = 10_000 * 100
    values = {"enterprise_id": ent.id, "year": year, "operating_revenue_fen": 8_000 * wan,
              "main_business_revenue_fen": 7_200 * wan, "rd_expense_fen": 480 * wan,
              "employees": 120, "rd_staff": 30, "total_assets_fen": 9_000 * wan,
              "total_liabilities_fen": 4_000 * wan, "net_profit_fen": 700 * wan,
              "class1_ip": 3, "class1_ip_self_developed": 2, "class1_ip_high_value": 0,
              "class2_ip": 6, "years_in_segment": 6,
              "leading_product_in_strategic_emerging_industry": True,
              "valid_honours": ["high_tech_enterprise"], **extra}
    years.create(ctx.db, values)


def test_assessment_tab_shows_each_tier_with_its_reasons(qtbot, ctx, form, ent):
    from coop_desktop.services import srdi_assess

    _figures(ctx, ent, 2024, operating_revenue_fen=7_000 * 10_000 * 100,
             main_business_revenue_fen=6_500 * 10_000 * 100)
    _figures(ctx, ent, 2025)
    expected = srdi_assess.assess_enterprise(ctx.db, ent.id, version="2022").assessment
    _load(qtbot, ctx, form, ent.id)
    panel = form.assessment
    assert panel.result is None  # computed only when the tab is shown
    panel.version.setCurrentIndex(panel.version.findData("2022"))
    form.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.result is not None and panel.result.version == "2022")
    wait_tasks(qtbot, ctx)
    assert panel.result.year_used == 2025
    assert "2025" in panel.basis.text()
    tree = panel.tree
    assert tree.topLevelItemCount() == 3
    labels = {"pass": "Qualifies", "fail": "Does not qualify", "cannot_tell": "Cannot tell"}
    for i, tier in enumerate(("innovative", "srdi", "little_giant")):
        item = tree.topLevelItem(i)
        assert item.data(0, 0x0100) == tier
        assert labels[expected.tiers[tier].outcome] in item.text(1)
        assert labels[expected.tiers[tier].outcome] in panel.summary.text()
    # The innovative SME passes directly (a valid High-Tech Enterprise honour).
    assert expected.innovative.outcome == "pass"
    # A failed or undecided tier says what is short or missing.
    undecided = next(t for t in ("srdi", "little_giant") if expected.tiers[t].outcome != "pass")
    item = tree.topLevelItem(("innovative", "srdi", "little_giant").index(undecided))
    texts = [item.child(j).text(0) for j in range(item.childCount())]
    assert texts[0] in ("What is short", "What is missing")

    ctx.lang.set_language("zh_CN")
    assert "符合" in panel.summary.text() or "无法判断" in panel.summary.text()
    assert panel.tree.topLevelItem(0).text(0) == "创新型中小企业"


def test_assessment_without_figures_says_what_to_record(qtbot, ctx, form, ent):
    _load(qtbot, ctx, form, ent.id)
    form.tabs.setCurrentWidget(form.assessment)
    qtbot.waitUntil(lambda: form.assessment.result is not None)
    assert "Yearly figures" in form.assessment.basis.text()
    outcomes = {t.outcome for t in form.assessment.result.assessment.tiers.values()}
    assert outcomes <= {"cannot_tell", "fail"}


def test_titles_tab_lists_the_dated_reminders(qtbot, ctx, form, ent):
    from datetime import timedelta

    granted = date.today() - timedelta(days=3 * 365 - 30)  # expires within 90 days
    title = catalog.titles.create(ctx.db, {"enterprise_id": ent.id, "tier": "innovative",
                                           "level": "provincial", "granted_on": granted}).value
    srdi_titles.record_event(ctx.db, title.id, "major_change", date.today() - timedelta(days=100),
                             "更名")
    _load(qtbot, ctx, form, ent.id)
    text = form.titles.reminders.text()
    assert not form.titles.reminders.isHidden()
    assert "The title expires: prepare the re-review — by" in text
    assert "Report the major change — overdue since" in text  # 3 months have passed
