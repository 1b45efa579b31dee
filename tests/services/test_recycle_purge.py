"""Purging from the recycle bin: what goes with a record, what the audit trail keeps, and
that the personal data is gone from the database file itself."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from coop_desktop.i18n.catalog import translator
from coop_desktop.models import ApplicationStatus as S
from coop_desktop.services import applications as apps
from coop_desktop.services import attachments, enterprises, events, recycle_bin
from coop_desktop.services import srdi_titles, srdi_years
from coop_desktop.services.catalog import (
    contacts, glossary, interactions, titles, zone_links, zones,
)
from coop_desktop.services.recycle_purge import PurgeRefusedError, plan, purge
from coop_desktop.settings import AppSettings

#: Personal data that must leave no trace (ASCII and Chinese, as stored).
NAME, PHONE, EMAIL = "欧阳娜娜", "13912345678", "nana.ouyang@example.cn"
REP = "司马相如"
FIRM = "苏州瑞丰精密机械有限公司"
OFFICER = AppSettings(officer_name="王主任", organisation_zh="示例市工信局")


@pytest.fixture
def firm(db, new_uscc):
    return enterprises.create(db, {
        "name_zh": FIRM, "name_en": "Suzhou Ruifeng Precision Machinery Co., Ltd.",
        "uscc": new_uscc(), "legal_rep": REP, "city_code": "320500",
        "tags": ["purge-me"]}).value


def _full_enterprise(db, firm, tmp_path):
    """The enterprise with one of everything that can belong to it."""
    contact = contacts.create(db, {"enterprise_id": firm.id, "name": NAME, "phone": PHONE,
                                   "email": EMAIL, "role": "总经理"}).value
    contacts.update(db, contact.id, {"phone": "13900000000"})  # an audited old value
    contacts.update(db, contact.id, {"phone": PHONE})
    note = interactions.create(db, {"enterprise_id": firm.id, "occurred_on": date(2025, 3, 2),
                                    "kind": "visit", "notes": f"与{NAME}面谈"}).value
    title = titles.create(db, {"enterprise_id": firm.id, "tier": "srdi", "level": "provincial",
                               "granted_on": date(2024, 6, 1),
                               "expires_on": date(2027, 6, 1)}).value
    review = srdi_titles.record_event(db, title.id, "annual_update", date(2025, 4, 1),
                                      notes=f"{NAME}报送").value
    year = srdi_years.years.create(db, {"enterprise_id": firm.id, "year": 2024,
                                        "employees": 120}).value
    zone = zones.list(db)[0]
    link = zone_links.create(db, {"enterprise_id": firm.id, "zone_id": zone.id}).value
    app = apps.create(db, enterprise_id=firm.id, template_key="zone_application",
                      zone_id=zone.id, country="DE", settings=OFFICER,
                      today=date(2026, 1, 5)).value
    first = apps.sections(db, app.id)[0]
    apps.update_section(db, app.id, first.key, zh=f"联系人：{NAME}，电话{PHONE}。",
                        en=f"Contact: {NAME}, phone {PHONE}.")
    found = apps.open_errors(apps.check(db, app.id))
    apps.ignore_issues(db, app.id, [(s.key, i.key) for s, i in found], "已与联系人核对")
    apps.set_status(db, app.id, S.READY)
    apps.set_status(db, app.id, S.SUBMITTED, settings=OFFICER)  # frozen revision + memory
    source = tmp_path / "营业执照.txt"
    source.write_text(f"营业执照 {NAME} {PHONE}", encoding="utf-8")
    doc = attachments.add(db, source, enterprise_id=firm.id, application_id=app.id).value
    return {"contact": contact, "interaction": note, "srdi_title": title,
            "srdi_title_event": review, "enterprise_year": year, "zone_link": link,
            "application": app, "attachment": doc, "zone": zone}


def _count(db, sql, **params):
    with db.read() as session:
        return session.exec(text(sql).bindparams(**params)).one()[0]


def _raw_bytes(db) -> bytes:
    """The database file and its log as they are on disk, after the database is closed."""
    db.close()
    data = db.path.read_bytes()
    wal = db.path.with_name(db.path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_plan_names_everything_that_goes_with_an_enterprise(db, firm, tmp_path):
    parts = _full_enterprise(db, firm, tmp_path)
    contacts.delete(db, [parts["contact"].id])  # one child already in the bin itself
    enterprises.delete(db, [firm.id])

    found = plan(db, [("enterprise", firm.id)])

    assert [i.key for i in found.items] == [("enterprise", firm.id)]
    assert found.refusals == ()
    assert found.extra == {"contact": 1, "interaction": 1, "srdi_title": 1,
                           "srdi_title_event": 1, "enterprise_year": 1, "zone_link": 1,
                           "application": 1, "attachment": 1}
    assert found.records["application_revision"] and found.records["application_section"]
    assert found.records["qa_ignore"] and found.records["tm_unit"]
    zh = translator("zh_CN")
    assert found.describe(zh)[:2] == ["1 名联系人", "1 条服务记录"]
    assert found.describe(translator("en"))[:2] == ["1 contact", "1 interaction"]
    # planning wrote nothing
    assert _count(db, "SELECT count(*) FROM contact WHERE enterprise_id = :e", e=firm.id) == 1


def test_purge_removes_the_records_and_their_audit_values_and_keeps_who_when_which(
        db, firm, tmp_path, new_uscc):
    parts = _full_enterprise(db, firm, tmp_path)
    keep = contacts.create(db, {"enterprise_id": enterprises.create(db, {
        "name_zh": "深圳云帆科技有限公司", "uscc": new_uscc()}).value.id,
        "name": "李伟", "phone": "13811112222"}).value
    enterprises.delete(db, [firm.id])
    store_file = attachments.locate(db, parts["attachment"]).path
    assert store_file.exists()

    result = purge(db, recycle_bin.items(db))

    assert result.purged["enterprise"] == (firm.id,)
    assert result.purged["contact"] == (parts["contact"].id,)
    assert result.files_removed == 1 and not store_file.exists()
    assert {c.kind for c in result.changes} >= {"enterprise", "contact", "application"}
    assert all(c.action == "delete" for c in result.changes)
    for table, row in parts.items():
        if table == "zone":
            continue  # the zone is not the enterprise's: it stays
        assert _count(db, f"SELECT count(*) FROM {table} WHERE id = :i", i=row.id) == 0, table
    for table in ("application_section", "application_revision", "qa_ignore", "tm_unit"):
        assert _count(db, f"SELECT count(*) FROM {table} WHERE application_id = :a",
                      a=parts["application"].id) == 0, table
    assert _count(db, "SELECT count(*) FROM zone WHERE id = :z", z=parts["zone"].id) == 1
    # the other enterprise's contact and the frozen-revision guard are untouched
    assert _count(db, "SELECT count(*) FROM contact WHERE id = :i", i=keep.id) == 1
    assert _count(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                  " AND name = 'application_revision_no_delete'") == 1
    # the audit trail: only "purged" rows for the purged records, no values at all
    with db.read() as session:
        rows = session.exec(text(
            "SELECT entity, entity_id, action, actor, field, old_value, new_value, at"
            " FROM audit_log WHERE entity IN ('enterprise', 'contact', 'application',"
            " 'application_section', 'application_revision', 'attachment', 'interaction')"
            " AND entity_id IN (:e, :c, :a, :d, :n)").bindparams(
            e=firm.id, c=parts["contact"].id, a=parts["application"].id,
            d=parts["attachment"].id, n=parts["interaction"].id)).all()
    purged = {(r[0], r[1]) for r in rows}
    assert ("enterprise", firm.id) in purged and ("contact", parts["contact"].id) in purged
    mine = [r for r in rows if (r[0], r[1]) in {("enterprise", firm.id),
                                                ("contact", parts["contact"].id)}]
    assert {r[2] for r in mine} == {"purge"} and len(mine) == 2
    assert all(r[3] == "tester" and r[4] is None and r[5] is None and r[6] is None
               and r[7] is not None for r in mine)
    assert _count(db, "SELECT count(*) FROM audit_log WHERE old_value LIKE :p OR new_value"
                  " LIKE :p", p=f"%{PHONE}%") == 0
    assert recycle_bin.items(db) == []


def test_the_purged_data_is_gone_from_the_database_file(db, firm, tmp_path):
    _full_enterprise(db, firm, tmp_path)
    with db.session() as session:  # as on builds where it is off by default
        session.connection().exec_driver_sql("PRAGMA secure_delete = 0")
    enterprises.delete(db, [firm.id])
    before = db.path.read_bytes() + db.path.with_name(db.path.name + "-wal").read_bytes()
    assert PHONE.encode() in before and NAME.encode() in before  # the search can find them

    result = purge(db, [("enterprise", firm.id)])
    raw = _raw_bytes(db)

    assert result.compacted and result.log_emptied
    for secret in (NAME, PHONE, EMAIL, REP, FIRM, "Ruifeng", "purge-me"):
        assert secret.encode() not in raw, secret


def test_purging_a_contact_keeps_its_enterprise_and_removes_only_its_own_audit(db, firm):
    contact = contacts.create(db, {"enterprise_id": firm.id, "name": NAME, "phone": PHONE}).value
    contacts.delete(db, [contact.id])

    result = purge(db, [("contact", contact.id)])

    assert result.purged == {"contact": (contact.id,)}
    assert enterprises.get(db, firm.id).legal_rep == REP
    assert {r.action for r in enterprises.history(db, firm.id)} == {"create"}
    assert [(r.action, r.field, r.old_value, r.new_value)
            for r in contacts.history(db, contact.id)] == [("purge", None, None, None)]


def test_only_records_in_the_bin_are_purged(db, firm):
    contact = contacts.create(db, {"enterprise_id": firm.id, "name": NAME}).value
    assert purge(db, [("contact", contact.id), ("enterprise", firm.id)]).purged == {}
    assert contacts.get(db, contact.id).name == NAME
    with pytest.raises(ValueError):
        plan(db, [("audit_log", 1)])


def test_event_goes_with_its_participations_and_their_recycled_log_entries(db, firm):
    zone = zones.list(db)[0]
    ev = events.events.create(db, {"name_zh": "中德对接会", "kind": "matchmaking",
                                   "starts_on": date(2026, 5, 12), "zone_id": zone.id}).value
    part = events.add_participant(db, {"event_id": ev.id, "enterprise_id": firm.id}).value
    events.remove_participants(db, [part.id])
    events.events.delete(db, [ev.id])

    found = plan(db, [("event", ev.id)])
    assert found.records["event_participation"] == (part.id,)
    assert found.records["interaction"] == (part.interaction_id,)
    purge(db, [("event", ev.id)])
    assert _count(db, "SELECT count(*) FROM interaction WHERE id = :i",
                  i=part.interaction_id) == 0
    assert enterprises.get(db, firm.id).name_zh == FIRM


def test_shipped_reference_rows_and_zones_in_use_are_refused_and_nothing_goes(db, firm):
    shipped = zones.list(db)[0]
    own = zones.create(db, {"name_zh": "自建合作区"}).value
    used = zones.create(db, {"name_zh": "在用合作区"}).value
    events.events.create(db, {"name_zh": "对接会", "kind": "matchmaking",
                              "starts_on": date(2026, 5, 12), "zone_id": used.id})
    term = glossary.create(db, {"zh": "出海", "en": "going global"}).value
    contact = contacts.create(db, {"enterprise_id": firm.id, "name": NAME}).value
    zones.delete(db, [shipped.id, own.id, used.id])
    glossary.delete(db, [term.id])
    contacts.delete(db, [contact.id])

    with pytest.raises(PurgeRefusedError) as info:
        purge(db, recycle_bin.items(db))
    messages = info.value.render(translator("zh_CN"))
    assert "在用合作区" in messages and shipped.name_zh in messages
    assert "自建合作区" not in messages
    assert len(recycle_bin.items(db)) == 5  # nothing went
    assert purge(db, [("zone", own.id), ("glossary_term", term.id),
                      ("contact", contact.id)]).purged.keys() == {
        "zone", "glossary_term", "contact"}


def test_the_integrity_check_does_not_take_purged_records_for_lost_ones(db, firm):
    import sqlite3

    from coop_desktop.services import maintenance_db

    contact = contacts.create(db, {"enterprise_id": firm.id, "name": NAME}).value
    contacts.delete(db, [contact.id])
    purge(db, [("contact", contact.id)])
    conn = sqlite3.connect(db.path)
    try:
        assert maintenance_db.audit_orphans(conn).records == 0
        conn.execute("INSERT INTO audit_log (op_id, at, actor, action, entity, entity_id)"
                     " VALUES ('x', '2026-01-01', 't', 'update', 'contact', 999999)")
        assert maintenance_db.audit_orphans(conn).records == 1  # a real loss still counts
    finally:
        conn.close()
