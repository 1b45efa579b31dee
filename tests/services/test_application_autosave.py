"""The editor's autosave: ``applications.save_draft`` commits every call but keeps the audit
trail readable by coalescing one person's continuous edits of a section side."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, select

from coop_desktop.db import Database
from coop_desktop.errors import ValidationError
from coop_desktop.models import AuditEntry, utcnow
from coop_desktop.services import applications as apps
from coop_desktop.services import enterprises


@pytest.fixture
def app(db, new_uscc):
    firm = enterprises.create(db, {"name_zh": "深圳市示例精密机械有限公司", "uscc": new_uscc(),
                                   "name_en": "Shenzhen Example Precision Machinery Co., Ltd."}).value
    return apps.create(db, enterprise_id=firm.id, template_key="zone_application").value


def _rows(db, section_id, field=None):
    with db.session() as session:
        stmt = select(AuditEntry).where(AuditEntry.entity == apps.SECTION_ENTITY,
                                        AuditEntry.entity_id == section_id,
                                        AuditEntry.action == "update")
        if field:
            stmt = stmt.where(AuditEntry.field == field)
        return list(session.exec(stmt.order_by(col(AuditEntry.id))).all())


def _section(db, app_id, key="company_profile"):
    return next(s for s in apps.sections(db, app_id) if s.key == key)


def test_continuous_typing_leaves_one_row_per_side_with_the_first_old_value(db, app):
    before = _section(db, app.id)
    for text in ("一", "一二", "一二三"):
        apps.save_draft(db, app.id, "company_profile", zh=text)
    apps.save_draft(db, app.id, "company_profile", en="One two three")
    after = _section(db, app.id)
    assert (after.zh, after.en) == ("一二三", "One two three")
    zh_rows, en_rows = _rows(db, after.id, "zh"), _rows(db, after.id, "en")
    assert [(r.old_value, r.new_value) for r in zh_rows] == [(before.zh, "一二三")]
    assert [(r.old_value, r.new_value) for r in en_rows] == [(before.en, "One two three")]


def test_unchanged_text_writes_nothing(db, app):
    current = _section(db, app.id)
    out = apps.save_draft(db, app.id, "company_profile", zh=current.zh, en=current.en)
    assert out.changes.ids == () and _rows(db, current.id) == []


def test_a_new_row_after_the_window(db, app):
    apps.save_draft(db, app.id, "company_profile", zh="第一段")
    later = utcnow() + timedelta(minutes=11)
    apps.save_draft(db, app.id, "company_profile", zh="第二段", now=later)
    rows = _rows(db, _section(db, app.id).id, "zh")
    assert [(r.old_value, r.new_value) for r in rows][1:] == [("第一段", "第二段")]
    assert len(rows) == 2


def test_another_actor_or_a_plain_update_in_between_starts_a_new_row(db, app):
    apps.save_draft(db, app.id, "company_profile", zh="甲写的")
    other = Database(db.engine, path=db.path, actor="colleague")
    apps.save_draft(other, app.id, "company_profile", zh="乙改的")
    apps.save_draft(db, app.id, "company_profile", zh="甲又改")
    rows = _rows(db, _section(db, app.id).id, "zh")
    assert [(r.actor, r.old_value, r.new_value) for r in rows][1:] == [
        ("colleague", "甲写的", "乙改的"), ("tester", "乙改的", "甲又改")]


def test_other_sections_and_fields_are_not_merged(db, app):
    apps.save_draft(db, app.id, "company_profile", zh="公司")
    apps.save_draft(db, app.id, "technology", zh="技术")
    assert len(_rows(db, _section(db, app.id).id)) == 1
    assert len(_rows(db, _section(db, app.id, "technology").id)) == 1


def test_every_call_is_committed_and_the_same_rules_apply(db, app):
    apps.save_draft(db, app.id, "company_profile", zh="已保存\r\n第二行")
    assert _section(db, app.id).zh == "已保存\n第二行"  # normalised like update_section
    with pytest.raises(ValidationError):
        apps.save_draft(db, app.id, "no_such_section", zh="x")
    for key, issues in ((s.key, s) for s in apps.check(db, app.id)):
        for issue in issues.open_errors:
            apps.ignore_issue(db, app.id, key, issue.key, "test")
    apps.set_status(db, app.id, "ready")
    with pytest.raises(ValidationError):  # only a draft is editable
        apps.save_draft(db, app.id, "company_profile", zh="改不了")
    assert _section(db, app.id).zh == "已保存\n第二行"
