"""Applications: drafting from a template, editing, QA ignores, workflow, revisions, diff."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlmodel import func, select

from coop_desktop.errors import NotFoundError, ValidationError
from coop_desktop.i18n.catalog import translator
from coop_desktop.models import (
    Application,
    ApplicationRevision,
    ApplicationSection,
    ApplicationStatus,
    AuditEntry,
    QaIgnore,
)
from coop_desktop.services import applications as apps
from coop_desktop.services import enterprises, recycle_bin
from coop_desktop.services.catalog import titles, zones
from coop_desktop.settings import AppSettings

S = ApplicationStatus
TODAY = date(2026, 3, 15)
OFFICER = AppSettings(officer_name="李明", organisation_zh="深圳市中小企业服务局",
                      organisation_en="Shenzhen SME Service Bureau")


def _zone_id(db, key="cn-de-taicang") -> int:
    return zones.list(db, source_key=key)[0].id


def _enterprise(db, uscc, **extra):
    data = {
        "name_zh": "深圳市示例精密机械有限公司", "name_en": "Shenzhen Example Precision Machinery Co., Ltd.",
        "uscc": uscc, "legal_form": "limited_liability", "legal_rep": "张三",
        "registered_capital_fen": 500_000_000, "established_on": date(2015, 3, 5),
        "city_code": "440300", "address_zh": "深圳市南山区示例路1号",
        "address_en": "No. 1 Example Road, Nanshan District, Shenzhen", "industry": "industry",
        "employees": 320, "revenue_fen": 12_000_000_000, "total_assets_fen": 8_000_000_000,
        "rd_expense_fen": 600_000_000, "rd_staff": 45, "main_business_share": "92.5",
        "business_scope_zh": "精密机械零部件的研发、生产和销售",
        "business_scope_en": "R&D, manufacture and sale of precision machine parts",
        "description_zh": "公司专注于精密机械零部件。", "description_en": "The Company makes precision parts.",
        "export_markets": ["DE", "FR"],
    } | extra
    return enterprises.create(db, data).value


def _new(db, enterprise_id, **extra):
    kwargs = {"template_key": "zone_application", "zone_id": _zone_id(db), "country": "DE",
              "settings": OFFICER, "today": TODAY} | extra
    return apps.create(db, enterprise_id=enterprise_id, **kwargs).value


@pytest.fixture
def firm(db, new_uscc):
    e = _enterprise(db, new_uscc())
    titles.create(db, {"enterprise_id": e.id, "tier": "srdi", "level": "provincial",
                       "granted_on": date(2024, 6, 1), "expires_on": date(2027, 6, 1)})
    return e


@pytest.fixture
def app(db, firm):
    return _new(db, firm.id)


def _texts(db, app_id) -> dict[str, tuple[str, str]]:
    return {s.key: (s.zh, s.en) for s in apps.sections(db, app_id)}


def _audit_count(db) -> int:
    with db.session() as s:
        return s.exec(select(func.count()).select_from(AuditEntry)).one()


def _ignore_all_errors(db, app_id, reason="Checked with the officer; accepted as is."):
    found = apps.open_errors(apps.check(db, app_id))
    apps.ignore_issues(db, app_id, [(s.key, i.key) for s, i in found], reason)


def _submit(db, app_id):
    _ignore_all_errors(db, app_id)
    apps.set_status(db, app_id, S.READY)
    return apps.set_status(db, app_id, S.SUBMITTED, settings=OFFICER).value


# ------------------------------------------------------------------ creating
def test_create_fills_placeholders_from_the_records(db, firm, app):
    assert (app.status, app.revision, app.template_key) == (S.DRAFT, 1, "zone_application")
    assert app.template_version >= 1 and app.country == "DE"
    assert app.title_zh == "中外中小企业合作区入区申请书" and app.title_en.startswith("Application")
    texts = _texts(db, app.id)
    # No "cover" section: the printed cover is made from the application's details.
    assert list(texts)[0] == "company_profile" and "declaration" in texts
    assert "cover" not in texts
    profile_zh, profile_en = texts["company_profile"]
    assert "深圳市示例精密机械有限公司（以下简称“本企业”）" in profile_zh
    assert f"统一社会信用代码为{firm.uscc}" in profile_zh
    assert "Shenzhen Example Precision Machinery Co., Ltd. (the “Company”)" in profile_en
    assert "人民币500万元" in profile_zh and "RMB 5 million" in profile_en
    assert "省级专精特新中小企业" in profile_zh
    reasons_zh, reasons_en = texts["reasons"]
    assert "中德（太仓）中小企业合作区" in reasons_zh
    assert "{{" not in profile_zh + profile_en
    # Gaps the officer must write stay marked.
    assert "【待填写" in texts["main_business"][0]
    assert "[to be completed" in texts["main_business"][1]


def test_missing_record_values_stay_as_placeholders(db, new_uscc):
    bare = enterprises.create(db, {"name_zh": "某某科技有限公司", "uscc": new_uscc()}).value
    a = _new(db, bare.id, zone_id=None, country=None)
    zh, en = _texts(db, a.id)["company_profile"]
    assert "{{enterprise.legal_representative}}" in zh
    assert "{{zone.name_zh}}" in _texts(db, a.id)["reasons"][0]
    assert "{{enterprise.name}} (the" in en  # no fallback to the other language
    assert apps.completeness(db, a.id).done_zh < apps.completeness(db, a.id).total


def test_create_writes_the_audit_trail(db, app):
    rows = apps.history(db, app.id)
    assert {(r.entity, r.action) for r in rows} == {("application", "create"),
                                                    ("application_section", "create")}
    fields = {r.field: r.new_value for r in rows if r.entity == "application"}
    assert fields["template_key"] == "zone_application" and fields["country"] == "DE"
    assert all(r.actor == "tester" for r in rows)


def test_create_refusals_write_nothing(db, firm):
    with pytest.raises(ValidationError) as info:
        _new(db, firm.id, template_key="no_such_template")
    assert info.value.for_field("template_key")
    assert "no_such_template" in info.value.render(translator("zh_CN"))
    with pytest.raises(ValidationError) as info:
        _new(db, firm.id, country="XX", title_zh="  ")
    assert {e.field for e in info.value.errors} == {"country", "title_zh"}
    with pytest.raises(NotFoundError):
        _new(db, firm.id, zone_id=9999)
    with pytest.raises(NotFoundError):
        _new(db, 9999)
    enterprises.delete(db, [firm.id])
    with pytest.raises(NotFoundError):
        _new(db, firm.id)
    with db.session() as s:
        assert s.exec(select(func.count()).select_from(Application)).one() == 0
        assert s.exec(select(func.count()).select_from(ApplicationSection)).one() == 0


# ------------------------------------------------------------------ editing
def test_update_section_audits_old_and_new(db, app):
    before = _texts(db, app.id)["reasons"]
    out = apps.update_section(db, app.id, "reasons", zh="新的申请理由。\r\n第二段。")
    assert out.changes.ids == (out.value.id,) and out.changes.fields == ("zh",)
    zh, en = _texts(db, app.id)["reasons"]
    assert zh == "新的申请理由。\n第二段。" and en == before[1]
    rows = [r for r in apps.history(db, app.id) if r.action == "update"]
    assert [(r.entity, r.field, r.old_value, r.new_value) for r in rows] == [
        ("application_section", "zh", before[0], "新的申请理由。\n第二段。")]
    assert apps.get(db, app.id).updated_at >= app.updated_at
    # The same text again changes nothing and writes no audit row.
    count = _audit_count(db)
    assert apps.update_section(db, app.id, "reasons", zh="新的申请理由。\n第二段。").changes.empty
    assert _audit_count(db) == count
    with pytest.raises(ValidationError, match="no section"):
        apps.update_section(db, app.id, "nope", zh="x")


def test_refill_fills_only_placeholders_still_in_the_text(db, new_uscc):
    e = enterprises.create(db, {"name_zh": "某某科技有限公司", "uscc": new_uscc()}).value
    a = _new(db, e.id)
    zh, _en = _texts(db, a.id)["company_profile"]
    typed = zh.replace("（以下简称“本企业”）", "（简称“本企业”）") + "\n联系电话：0755-12345678"
    apps.update_section(db, a.id, "company_profile", zh=typed)
    enterprises.update(db, e.id, {"legal_rep": "王五", "name_zh": "某某新名称科技有限公司",
                                  "name_en": "Moumou Technology Co., Ltd.",
                                  "description_zh": "专注于精密零件。",
                                  "description_en": "It makes precision parts."})
    out = apps.refill_placeholders(db, a.id, "company_profile", settings=OFFICER,
                                   today=TODAY).value
    assert out.changed == ("company_profile",)
    zh, en = _texts(db, a.id)["company_profile"]
    assert "法定代表人为王五" in zh and "legal representative is Wang Wu" in en
    assert zh.startswith("某某科技有限公司（简称“本企业”）")  # already filled: kept, not renamed
    assert zh.endswith("联系电话：0755-12345678")
    assert en.startswith("Moumou Technology Co., Ltd. (the “Company”)")
    assert _texts(db, a.id)["main_business"][0].startswith("{{enterprise.description}}")
    assert "enterprise.established_on" in out.unresolved["company_profile"]
    # All sections: the others get the new values too; then there is nothing left to do.
    out = apps.refill_placeholders(db, a.id, settings=OFFICER, today=TODAY).value
    assert "main_business" in out.changed and "company_profile" not in out.changed
    assert apps.refill_placeholders(db, a.id, settings=OFFICER, today=TODAY).value.changed == ()


def test_update_meta_rules(db, app):
    out = apps.update_meta(db, app.id, {"deadline": "2026-04-30", "reference_no": " SZ-17 "})
    assert (out.value.deadline, out.value.reference_no) == (date(2026, 4, 30), "SZ-17")
    assert set(out.changes.fields) == {"deadline", "reference_no"}
    with pytest.raises(ValidationError):
        apps.update_meta(db, app.id, {"country": "ZZ"})
    _submit(db, app.id)
    apps.update_meta(db, app.id, {"reference_no": "SZ-2026-0017"})  # bookkeeping: allowed
    with pytest.raises(ValidationError, match="submitted"):
        apps.update_meta(db, app.id, {"title_en": "Another title"})


# ------------------------------------------------------------------ QA and workflow
def test_ready_is_refused_while_an_error_is_open(db, app):
    results = apps.check(db, app.id)
    assert [r.key for r in results] == list(_texts(db, app.id))
    open_errors = apps.open_errors(results)
    assert open_errors, "starter text with gaps must have open errors"
    with pytest.raises(apps.OpenIssuesError) as info:
        apps.set_status(db, app.id, S.READY)
    assert len(info.value.errors) == len(open_errors)
    section, item = open_errors[0]
    assert info.value.errors[0].field == section.key
    en, zh = info.value.render(), info.value.render(translator("zh_CN"))
    assert section.section.title_en in en and section.section.title_zh in zh
    assert apps.get(db, app.id).status == S.DRAFT


def test_ready_after_every_error_is_ignored_with_a_reason(db, app):
    _ignore_all_errors(db, app.id)
    results = apps.check(db, app.id)
    assert apps.open_errors(results) == []
    ignored = [i for s in results for i in s.issues if i.ignored]
    assert ignored and all(i.ignore.reason.startswith("Checked") for i in ignored)
    assert apps.set_status(db, app.id, S.READY).value.status == S.READY
    assert apps.set_status(db, app.id, S.DRAFT).value.status == S.DRAFT


def test_ignore_needs_a_reason_and_a_reported_finding(db, app):
    section, item = apps.open_errors(apps.check(db, app.id))[0]
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as info:
            apps.ignore_issue(db, app.id, section.key, item.key, reason)
        assert info.value.for_field("reason")
    with pytest.raises(ValidationError, match="no finding"):
        apps.ignore_issue(db, app.id, section.key, "not-a-finding", "because")
    assert apps.ignores(db, app.id) == []
    first = apps.ignore_issue(db, app.id, section.key, item.key, "reason one").value
    again = apps.ignore_issue(db, app.id, section.key, item.key, "reason two").value
    assert again.id == first.id and again.reason == "reason two"
    assert apps.unignore(db, app.id, section.key, item.key).value == [first.id]
    assert apps.unignore(db, app.id, section.key, item.key).value == []
    assert apps.ignores(db, app.id) == []
    entries = [(r.entity, r.action, r.field) for r in apps.history(db, app.id)
               if r.entity == "qa_ignore"]
    assert ("qa_ignore", "delete", None) in entries and ("qa_ignore", "update", "reason") in entries


def test_submitted_is_read_only_and_a_refusal_writes_nothing(db, app):
    _submit(db, app.id)
    before, count = _texts(db, app.id), _audit_count(db)
    with pytest.raises(ValidationError) as info:
        apps.update_section(db, app.id, "reasons", zh="改动")
    assert "new revision" in str(info.value)
    assert "新修订" in info.value.render(translator("zh_CN"))
    for attempt in (lambda: apps.refill_placeholders(db, app.id, settings=OFFICER),
                    lambda: apps.ignore_issue(db, app.id, "cover", "x", "because"),
                    lambda: apps.unignore(db, app.id, "cover", "x")):
        with pytest.raises(ValidationError):
            attempt()
    assert _texts(db, app.id) == before and _audit_count(db) == count


def test_submission_freezes_a_snapshot_of_text_and_records(db, firm, app):
    submitted = _submit(db, app.id)
    assert submitted.status == S.SUBMITTED
    [rev] = apps.revisions(db, app.id)
    assert (rev.number, rev.status, rev.actor) == (1, S.SUBMITTED, "tester")
    snap = apps.snapshot(db, app.id, 1)
    assert snap["format"] == apps.SNAPSHOT_FORMAT and snap["status"] == "submitted"
    assert [s["key"] for s in snap["sections"]] == list(_texts(db, app.id))
    assert snap["sections"][0]["zh"] == _texts(db, app.id)["company_profile"][0]
    assert snap["enterprise"]["uscc"] == firm.uscc and snap["enterprise"]["legal_rep"] == "张三"
    assert snap["titles"][0]["tier"] == "srdi"
    assert snap["zone"]["source_key"] == "cn-de-taicang"
    assert snap["country"] == {"code": "DE", "name_zh": "德国", "name_en": "Germany"}
    assert snap["officer"]["name"] == "李明"
    assert snap["template"]["key"] == "zone_application"
    assert snap["qa_ignores"] and all(i["reason"] for i in snap["qa_ignores"])


def test_new_revision_keeps_the_frozen_snapshot_byte_identical(db, firm, app):
    _submit(db, app.id)
    frozen = apps.revisions(db, app.id)[0].snapshot
    out = apps.new_revision(db, app.id).value
    assert (out.status, out.revision) == (S.DRAFT, 2)
    apps.update_section(db, app.id, "zone_plan", en="The Company plans a larger site.")
    enterprises.update(db, firm.id, {"legal_rep": "赵六"})
    _submit(db, app.id)
    revs = apps.revisions(db, app.id)
    assert [r.number for r in revs] == [1, 2]
    assert revs[0].snapshot.encode() == frozen.encode()
    assert apps.snapshot(db, app.id, 2)["enterprise"]["legal_rep"] == "赵六"
    assert apps.snapshot(db, app.id, 1)["enterprise"]["legal_rep"] == "张三"


def test_frozen_revisions_cannot_be_changed_even_in_sql(db, app):
    _submit(db, app.id)
    for statement in ("UPDATE application_revision SET snapshot = '{}'",
                      "DELETE FROM application_revision"):
        with pytest.raises(Exception, match="frozen application revision"):
            with db.session() as s:
                s.exec(text(statement))
    with db.session() as s:
        assert s.exec(select(func.count()).select_from(ApplicationRevision)).one() == 1


@pytest.mark.parametrize(("path", "refused"), [
    ((), S.SUBMITTED),
    ((), S.ACCEPTED),
    ((S.READY,), S.ACCEPTED),
    ((S.READY, S.SUBMITTED), S.DRAFT),
    ((S.READY, S.SUBMITTED), S.READY),
    ((S.READY, S.SUBMITTED, S.ACCEPTED), S.REJECTED),
    ((S.READY, S.SUBMITTED, S.REJECTED), S.SUBMITTED),
    ((S.WITHDRAWN,), S.DRAFT),
])
def test_illegal_transitions_are_refused(db, app, path, refused):
    _ignore_all_errors(db, app.id)
    for step in path:
        apps.set_status(db, app.id, step, settings=OFFICER)
    count = _audit_count(db)
    with pytest.raises(ValidationError) as info:
        apps.set_status(db, app.id, refused)
    assert info.value.for_field("status")
    assert any("\u4e00" <= c <= "\u9fff" for c in info.value.render(translator("zh_CN")))
    assert _audit_count(db) == count


def test_legal_transitions_and_their_messages(db, app):
    assert apps.set_status(db, app.id, S.DRAFT).changes.empty  # already there: no-op
    with pytest.raises(ValidationError, match="Choose a value"):
        apps.set_status(db, app.id, "lost")
    with pytest.raises(ValidationError, match="new revision"):
        apps.new_revision(db, app.id)
    _submit(db, app.id)
    assert apps.set_status(db, app.id, S.REJECTED).value.status == S.REJECTED
    with pytest.raises(ValidationError, match="start a new revision"):
        apps.set_status(db, app.id, S.SUBMITTED)
    assert apps.new_revision(db, app.id).value.revision == 2
    assert apps.set_status(db, app.id, S.WITHDRAWN).value.status == S.WITHDRAWN
    with pytest.raises(ValidationError) as info:
        apps.set_status(db, app.id, S.DRAFT)
    assert "cannot change its status" in str(info.value)
    assert "已撤回" in apps.status_label(S.WITHDRAWN, translator("zh_CN"))


# ------------------------------------------------------------------ diff, deadline, lists
def test_diff_between_revisions_per_section_and_language(db, app):
    _submit(db, app.id)
    apps.new_revision(db, app.id)
    zh, en = _texts(db, app.id)["annexes"]
    apps.update_section(db, app.id, "annexes", zh=zh.replace("近2年", "近3年"),
                        en=en.replace("last 2 years", "last three years"))
    current = apps.diff(db, app.id, 1)  # against the working text
    changed = [d for d in current if d.changed]
    assert [d.key for d in changed] == ["annexes"]
    ops = [op for op in changed[0].zh if op.tag != "equal"]
    assert [(op.tag, op.a, op.b) for op in ops] == [("replace", "2", "3")]
    ops = [op for op in changed[0].en if op.tag != "equal"]
    assert [(op.tag, op.a, op.b) for op in ops] == [("replace", "2", "three")]
    assert changed[0].title("zh_CN") == "附件"
    _submit(db, app.id)
    assert [d.key for d in apps.diff(db, app.id, 1, 2) if d.changed] == ["annexes"]
    assert not any(d.changed for d in apps.diff(db, app.id, 2, 2))
    with pytest.raises(NotFoundError):
        apps.diff(db, app.id, 1, 7)


def test_diff_text_keeps_words_whole_and_chinese_per_character():
    ops = apps.diff_text("investment of RMB 12 million", "investment of RMB 15.5 million")
    assert [(o.tag, o.a, o.b) for o in ops if o.tag != "equal"] == [("replace", "12", "15.5")]
    ops = apps.diff_text("计划总投资人民币1,200万元", "计划总投资人民币1,500万元")
    assert [(o.tag, o.a, o.b) for o in ops if o.tag != "equal"] == [("replace", "1,200", "1,500")]
    assert "".join(o.a for o in ops) == "计划总投资人民币1,200万元"


def test_days_left():
    assert apps.days_left(None, TODAY) is None
    assert apps.days_left(date(2026, 3, 20), TODAY) == 5
    assert apps.days_left(TODAY, TODAY) == 0
    assert apps.days_left(date(2026, 3, 1), TODAY) == -14


def test_the_list_counts_down_only_while_the_application_is_open(db, app):
    apps.update_meta(db, app.id, {"deadline": date(2026, 3, 10)})
    assert apps.list_applications(db, today=TODAY)[0].days_left == -5  # overdue
    _submit(db, app.id)
    [row] = apps.list_applications(db, today=TODAY)
    assert (row.deadline, row.days_left) == (date(2026, 3, 10), None)


def test_completeness_counts_required_sections_without_gaps(db, app):
    start = apps.completeness(db, app.id)
    infos = apps.section_infos(db, app.id)
    assert start.total == sum(i.required for i in infos) and start.total < len(infos)
    assert 0 < start.done_zh < start.total
    for info in infos:
        apps.update_section(db, app.id, info.key, zh="已完成的内容。",
                            en="" if info.key == "company_profile" else "Done.")
    done = apps.completeness(db, app.id)
    assert (done.done_zh, done.done_en) == (done.total, done.total - 1)
    assert done.zh == 1.0 and done.en == pytest.approx((done.total - 1) / done.total)
    assert apps.section_done("text {{enterprise.name}}") is False
    assert apps.section_done("投资【待填写：金额】") is False
    assert apps.section_done("风险：【待填写】。") is False  # a gap without a label
    assert apps.section_done("Risk: [to be completed: amount].") is False
    assert apps.section_done("Risk: [to be completed]. Mitigation: none.") is False
    assert apps.section_done("The work [to be completed in 2027] is planned.") is True
    assert apps.section_done("  \n ") is False


def test_list_summaries_filters_and_recycle_bin(db, firm, app, new_uscc):
    other = _new(db, _enterprise(db, new_uscc(), name_zh="另一家公司").id, zone_id=None)
    apps.update_meta(db, app.id, {"deadline": date(2026, 3, 20)})
    rows = apps.list_applications(db, today=TODAY)
    assert [r.id for r in rows] == [app.id, other.id]  # a deadline first
    first = rows[0]
    assert (first.enterprise_name_zh, first.status, first.days_left) == (firm.name_zh, S.DRAFT, 5)
    assert 0 < first.completeness_zh < 1
    assert [r.id for r in apps.list_applications(db, enterprise_id=firm.id)] == [app.id]
    assert apps.list_applications(db, status=S.READY) == []
    assert len(apps.list_applications(db, status=[S.DRAFT, S.READY])) == 2

    apps.delete(db, [app.id])
    assert [r.id for r in apps.list_applications(db)] == [other.id]
    assert {r.id for r in apps.list_applications(db, include_deleted=True)} == {app.id, other.id}
    with pytest.raises(NotFoundError):
        apps.get(db, app.id)
    [item] = [i for i in recycle_bin.items(db) if i.kind == "application"]
    assert item.parent.zh == firm.name_zh and "草稿" in item.label.zh
    recycle_bin.restore(db, [item])
    assert apps.get(db, app.id).deleted_at is None
    assert [r.action for r in apps.history(db, app.id)][:2] == ["restore", "delete"]


def test_an_application_whose_enterprise_is_in_the_bin_is_restored_with_it(db, firm, app):
    apps.delete(db, [app.id])
    enterprises.delete(db, [firm.id])
    with pytest.raises(recycle_bin.RestoreRefusedError):
        recycle_bin.restore(db, [("application", app.id)])
    recycle_bin.restore(db, [("application", app.id), ("enterprise", firm.id)])
    assert apps.get(db, app.id).id == app.id


def test_glossary_terms_are_the_live_glossary_rows(db):
    with db.session() as s:
        terms = apps.glossary_terms(s)
        live = s.exec(text("SELECT count(DISTINCT zh) FROM glossary_term WHERE deleted_at IS NULL")).one()[0]
        rows = set(s.exec(text("SELECT DISTINCT zh FROM glossary_term "
                               "WHERE deleted_at IS NULL")).scalars())
    # One entry per Chinese term, other renderings as variants; a standard term of the
    # shipped glossary as texts write it: 工业和信息化部（工信部） is two terms, 注册资本 /
    # 实缴资本 too, with the renderings known to be wrong (an error there too).
    by_zh = {t.zh: t for t in terms}
    assert len(by_zh) == len(terms) and all(t.zh and t.en for t in terms)
    assert len(terms) > live
    assert {"工业和信息化部", "工信部", "注册资本", "实缴资本"} <= set(by_zh)
    assert "工业和信息化部（工信部）" not in by_zh and "注册资本 / 实缴资本" not in by_zh
    assert "MIIT" in by_zh["工信部"].variants
    assert by_zh["实缴资本"].en == "paid-in capital" and by_zh["实缴资本"].strict
    assert any(w.startswith("authorized capital") for w in by_zh["实缴资本"].wrong)
    assert "营业收入" in by_zh and not by_zh["营业收入"].wrong  # general vocabulary, as written
    assert {t for t in rows if "/" not in t and "（" not in t} <= set(by_zh)


def test_ignores_are_kept_per_application(db, app, firm):
    other = _new(db, firm.id)
    section, item = apps.open_errors(apps.check(db, app.id))[0]
    apps.ignore_issue(db, app.id, section.key, item.key, "only here")
    assert apps.ignores(db, other.id) == []
    with db.session() as s:
        assert s.exec(select(func.count()).select_from(QaIgnore)).one() == 1


def test_submitting_stores_the_sections_in_the_translation_memory(db, app):
    from coop_desktop.services import tm

    assert tm.count(db) == 0
    _submit(db, app.id)
    pairs = [(x.zh, x.en) for x in apps.sections(db, app.id) if x.zh.strip() and x.en.strip()]
    assert pairs and tm.count(db) >= len(pairs)
    zh, en = pairs[0]
    best = tm.matches(db, zh, limit=1)[0]
    assert (best.score, best.zh, best.en) == (100, zh, en)
