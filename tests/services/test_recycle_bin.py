"""The recycle bin: every kind listed with its parent, restores audited, parents first."""

from __future__ import annotations

from datetime import date

import pytest

from coop_desktop.i18n.catalog import translator
from coop_desktop.services import enterprises, events, recycle_bin
from coop_desktop.services.catalog import (
    contacts, glossary, interactions, titles, zone_links, zones,
)
from coop_desktop.services.recycle_bin import RestoreRefusedError


@pytest.fixture
def firm(db, new_uscc):
    return enterprises.create(db, {"name_zh": "苏州瑞丰精密机械有限公司",
                                   "name_en": "Suzhou Ruifeng Precision Machinery Co., Ltd.",
                                   "uscc": new_uscc()}).value


@pytest.fixture
def zone(db):
    return zones.list(db)[0]


def _event(db, zone_id):
    return events.events.create(db, {
        "name_zh": "中德中小企业对接会", "name_en": "Sino-German SME Matchmaking",
        "kind": "matchmaking", "starts_on": date(2026, 5, 12), "zone_id": zone_id}).value


def _keys(items):
    return {i.key for i in items}


def test_lists_every_kind_with_labels_and_parent(db, firm, zone, new_uscc):
    other = enterprises.create(db, {"name_zh": "深圳云帆科技有限公司", "uscc": new_uscc()}).value
    title = titles.create(db, {"enterprise_id": firm.id, "tier": "srdi", "level": "provincial",
                               "batch": "第五批"}).value
    contact = contacts.create(db, {"enterprise_id": firm.id, "name": "李伟",
                                   "role": "海外业务经理"}).value
    note = interactions.create(db, {"enterprise_id": firm.id, "occurred_on": date(2025, 3, 2),
                                    "kind": "visit"}).value
    link = zone_links.create(db, {"enterprise_id": firm.id, "zone_id": zone.id}).value
    ev = _event(db, zone.id)
    part = events.add_participant(db, {"event_id": ev.id, "enterprise_id": other.id}).value
    term = glossary.create(db, {"zh": "出海", "en": "going global"}).value
    spare_zone = zones.list(db)[1]
    live_contact = contacts.create(db, {"enterprise_id": firm.id, "name": "王芳"}).value

    titles.delete(db, [title.id])
    contacts.delete(db, [contact.id])
    interactions.delete(db, [note.id])
    zone_links.delete(db, [link.id])
    events.remove_participants(db, [part.id])
    glossary.delete(db, [term.id])
    zones.delete(db, [spare_zone.id])
    events.events.delete(db, [ev.id])
    enterprises.delete(db, [other.id])

    found = {i.key: i for i in recycle_bin.items(db)}
    assert set(found) == {
        ("srdi_title", title.id), ("contact", contact.id), ("interaction", note.id),
        ("interaction", part.interaction_id), ("zone_link", link.id),
        ("event_participation", part.id), ("glossary_term", term.id), ("zone", spare_zone.id),
        ("event", ev.id), ("enterprise", other.id),
    }
    assert ("contact", live_contact.id) not in found
    assert all(i.deleted_at is not None for i in found.values())

    t = found[("srdi_title", title.id)]
    assert t.label.en == "SRDI SME (Provincial, 第五批)"
    assert t.label.zh == "专精特新中小企业（省级，第五批）"
    assert t.parent.zh == "苏州瑞丰精密机械有限公司"
    assert t.parent.pick("en") == "Suzhou Ruifeng Precision Machinery Co., Ltd."
    assert not t.parent_in_bin
    assert found[("contact", contact.id)].label.zh == "李伟（海外业务经理）"
    assert found[("interaction", note.id)].label.en == "Visit (Mar 2, 2025)"
    assert found[("interaction", note.id)].label.zh == "走访（2025年3月2日）"
    assert found[("zone_link", link.id)].label.zh == zone.name_zh
    assert found[("event_participation", part.id)].label.en == "Sino-German SME Matchmaking"
    assert found[("event_participation", part.id)].parent_in_bin  # "other" is in the bin
    assert found[("glossary_term", term.id)].label.en == "出海 — going global"
    e = found[("enterprise", other.id)]
    assert e.parent is None
    assert e.label.en == e.label.zh == "深圳云帆科技有限公司"  # it has no English name
    assert e.kind_msgid == "Enterprise"


def test_restore_is_audited_and_reports_changes_per_kind(db, firm, zone):
    contact = contacts.create(db, {"enterprise_id": firm.id, "name": "李伟"}).value
    ev = _event(db, zone.id)
    contacts.delete(db, [contact.id])
    events.events.delete(db, [ev.id])
    bin_items = recycle_bin.items(db)

    result = recycle_bin.restore(db, bin_items)

    assert _keys(result.restored) == {("contact", contact.id), ("event", ev.id)}
    assert {(c.kind, c.ids, c.action) for c in result.changes} == {
        ("contact", (contact.id,), "restore"), ("event", (ev.id,), "restore")}
    assert recycle_bin.items(db) == []
    assert [c.id for c in contacts.list(db, enterprise_id=firm.id)] == [contact.id]
    assert contacts.history(db, contact.id)[0].action == "restore"
    assert events.events.history(db, ev.id)[0].action == "restore"
    # Restoring again is harmless: what is no longer in the bin is skipped.
    assert recycle_bin.restore(db, bin_items).restored == ()


def test_child_of_binned_enterprise_is_refused_and_nothing_restored(db, firm, zone):
    contact = contacts.create(db, {"enterprise_id": firm.id, "name": "李伟"}).value
    contacts.delete(db, [contact.id])
    enterprises.delete(db, [firm.id])
    glossary_term = glossary.create(db, {"zh": "出海", "en": "going global"}).value
    glossary.delete(db, [glossary_term.id])

    with pytest.raises(RestoreRefusedError) as info:
        recycle_bin.restore(db, [("contact", contact.id), ("glossary_term", glossary_term.id)])

    refusal = info.value.refusals[0]
    assert refusal.item.key == ("contact", contact.id)
    english = info.value.render(translator("en"))
    assert "Suzhou Ruifeng Precision Machinery Co., Ltd." in english and "李伟" in english
    assert "(Contact)" in english and str(info.value) == english
    chinese = info.value.render(translator("zh_CN"))
    assert "苏州瑞丰精密机械有限公司" in chinese and "Suzhou" not in chinese
    # all or nothing: the glossary term stayed in the bin too
    assert len(recycle_bin.items(db)) == 3


def test_child_restored_together_with_its_enterprise(db, firm):
    title = titles.create(db, {"enterprise_id": firm.id, "tier": "innovative"}).value
    titles.delete(db, [title.id])
    enterprises.delete(db, [firm.id])

    result = recycle_bin.restore(db, [("srdi_title", title.id), ("enterprise", firm.id)])

    assert [i.kind for i in result.restored] == ["enterprise", "srdi_title"]  # parent first
    assert enterprises.get(db, firm.id).deleted_at is None
    assert [t.id for t in titles.list(db, enterprise_id=firm.id)] == [title.id]


def test_participation_needs_its_event_and_brings_back_its_interaction(db, firm, zone):
    ev = _event(db, zone.id)
    part = events.add_participant(db, {"event_id": ev.id, "enterprise_id": firm.id}).value
    events.remove_participants(db, [part.id])
    events.events.delete(db, [ev.id])

    with pytest.raises(RestoreRefusedError) as info:
        recycle_bin.restore(db, [("event_participation", part.id)])
    assert "Sino-German SME Matchmaking" in info.value.render(translator("en"))

    result = recycle_bin.restore(db, [("event_participation", part.id), ("event", ev.id)])

    assert {c.kind for c in result.changes} == {"event", "event_participation"}
    assert [p.id for p in events.participants(db, ev.id)] == [part.id]
    assert [i.id for i in interactions.list(db, enterprise_id=firm.id)] == [part.interaction_id]
    assert interactions.history(db, part.interaction_id)[0].action == "restore"
    assert recycle_bin.items(db) == []


def test_zone_link_recorded_again_is_not_duplicated(db, firm, zone):
    old = zone_links.create(db, {"enterprise_id": firm.id, "zone_id": zone.id}).value
    zone_links.delete(db, [old.id])
    zone_links.create(db, {"enterprise_id": firm.id, "zone_id": zone.id})

    with pytest.raises(RestoreRefusedError) as info:
        recycle_bin.restore(db, [("zone_link", old.id)])

    assert zone.name_zh in info.value.render(translator("zh_CN"))
    assert len(zone_links.list(db, enterprise_id=firm.id)) == 1


def test_two_recycled_links_of_one_pair_do_not_both_come_back(db, firm, zone):
    first = zone_links.create(db, {"enterprise_id": firm.id, "zone_id": zone.id}).value
    zone_links.delete(db, [first.id])
    second = zone_links.create(db, {"enterprise_id": firm.id, "zone_id": zone.id}).value
    zone_links.delete(db, [second.id])

    with pytest.raises(RestoreRefusedError):
        recycle_bin.restore(db, [("zone_link", first.id), ("zone_link", second.id)])
    recycle_bin.restore(db, [("zone_link", second.id)])

    assert [link.id for link in zone_links.list(db, enterprise_id=firm.id)] == [second.id]


def test_no_way_to_empty_the_bin_and_unknown_kinds_rejected(db):
    # Only a purge of chosen records, confirmed by the user (test_recycle_purge.py).
    assert not any(hasattr(recycle_bin, name) for name in ("empty", "empty_bin"))
    with pytest.raises(ValueError):
        recycle_bin.restore(db, [("audit_log", 1)])


def test_every_kind_has_translated_labels():
    zh = translator("zh_CN")
    for _table, _singular, plural in recycle_bin.KINDS.values():
        assert zh.gettext(plural) != plural


def test_deleted_attachment_is_listed_and_comes_back_with_its_application(db, firm, tmp_path):
    """An attachment deleted last week is not lost when the session's undo is gone."""
    from coop_desktop.services import applications, attachments

    app = applications.create(db, enterprise_id=firm.id, template_key="zone_application").value
    source = tmp_path / "营业执照 <scan>.pdf"
    source.write_bytes(b"%PDF-1.4 licence")
    added = attachments.add(db, source, enterprise_id=firm.id, application_id=app.id,
                            kind="licence").value
    attachments.delete(db, [added.id])
    [item] = [i for i in recycle_bin.items(db) if i.kind == "attachment"]
    assert item.id == added.id and item.enterprise_id == firm.id
    assert item.label.en == f"{added.original_name} (Business licence)"
    assert item.label.zh == f"{added.original_name}（营业执照）"
    assert item.parent.en == "Suzhou Ruifeng Precision Machinery Co., Ltd."

    # Its application in the bin too: refused alone (nothing restored), fine together.
    applications.delete(db, [app.id])
    with pytest.raises(RestoreRefusedError) as info:
        recycle_bin.restore(db, [item])
    assert "also in the recycle bin" in info.value.render(translator("en"))
    assert attachments.list_for(db, firm.id) == []
    result = recycle_bin.restore(db, [item, ("application", app.id)])
    assert [i.kind for i in result.restored] == ["application", "attachment"]
    [back] = attachments.list_for(db, firm.id, app.id)
    assert back.id == added.id and attachments.open_path(db, back.id).read_bytes() == \
        b"%PDF-1.4 licence"
    assert not [i for i in recycle_bin.items(db) if i.kind == "attachment"]
