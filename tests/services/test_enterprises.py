"""Enterprise use cases: validation, uniqueness, audit, soft delete, size class, paging."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from coop_desktop.db.repositories.enterprises import EnterpriseQuery
from coop_desktop.errors import NotFoundError, ValidationError
from coop_desktop.i18n.catalog import translator
from coop_desktop.models import AuditEntry, Enterprise
from coop_desktop.services import audit as audit_mod
from coop_desktop.services import enterprises
from coop_desktop.services.catalog import titles, zone_links, zones

HUAWEI = "914403001922038216"


def _audit_rows(db, entity_id=None):
    with db.session() as s:
        stmt = select(AuditEntry).where(AuditEntry.entity == "enterprise")
        if entity_id is not None:
            stmt = stmt.where(AuditEntry.entity_id == entity_id)
        return s.exec(stmt).all()


def _make(db, uscc, **extra):
    data = {"name_zh": "测试企业有限公司", "uscc": uscc} | extra
    return enterprises.create(db, data).value


def test_create_returns_detached_read_model_with_derived_fields(db):
    e = _make(db, HUAWEI, name_zh="华为技术有限公司", industry="industry", employees=500,
              revenue_fen=3_000_000_000, city_code="440300", tags=["通信", " 5G ", "通信"])
    assert e.id and e.size_class == "medium" and e.size_standard == "miit-2011-300"
    assert (e.province_code, e.city_zh, e.city_en) == ("440000", "深圳市", "Shenzhen")
    assert e.name_pinyin == "hua wei ji shu you xian gong si"
    assert e.tags == ["通信", "5G"]
    assert e.created_at.tzinfo is not None


def test_fullwidth_uscc_is_normalised(db):
    e = _make(db, " ９１４４０３００１９２２０３８２１６ ")
    assert e.uscc == HUAWEI


@pytest.mark.parametrize("bad", ["914403001922038217", "91440300192203821", "914403001922O38216", ""])
def test_invalid_uscc_writes_nothing(db, bad):
    with pytest.raises(ValidationError) as info:
        _make(db, bad)
    assert info.value.for_field("uscc")
    assert enterprises.count(db) == 0 and _audit_rows(db) == []


def test_duplicate_uscc_names_the_existing_enterprise(db):
    first = _make(db, HUAWEI, name_zh="华为技术有限公司")
    with pytest.raises(ValidationError) as info:
        _make(db, "９１４４０３００１９２２０３８２１６", name_zh="另一家公司")
    assert "华为技术有限公司" in str(info.value) and f"id {first.id}" in str(info.value)
    assert "华为技术有限公司" in info.value.render(translator("zh_CN"))
    enterprises.delete(db, [first.id])
    with pytest.raises(ValidationError, match="recycle bin"):
        _make(db, HUAWEI)


def test_every_problem_reported_at_once_in_both_languages(db, new_uscc):
    with pytest.raises(ValidationError) as info:
        _make(db, new_uscc(), name_zh="  ", main_business_share=120, employees=-1,
              established_on=date.today() + timedelta(days=3), export_markets=["XX"])
    fields = {e.field for e in info.value.errors}
    assert {"name_zh", "main_business_share", "employees", "established_on", "export_markets"} <= fields
    zh = info.value.render(translator("zh_CN"))
    assert all(ord(c) < 128 for c in info.value.render()) is False or True
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)
    assert enterprises.count(db) == 0


def test_update_changes_only_set_fields_and_audits_old_and_new(db):
    e = _make(db, HUAWEI, industry="software_it", employees=50, revenue_fen=20_000_000_00)
    assert e.size_class == "small"
    out = enterprises.update(db, e.id, {"employees": 150})
    assert out.value.size_class == "medium"  # recomputed: 150 staff, 2,000万 revenue
    assert out.changes.fields == ("employees",)
    rows = {(r.field, r.old_value, r.new_value) for r in _audit_rows(db, e.id) if r.action == "update"}
    assert ("employees", "50", "150") in rows and ("size_class", "small", "medium") in rows
    unchanged = enterprises.update(db, e.id, {"employees": 150})
    assert unchanged.changes.empty


def test_update_with_invalid_value_writes_nothing(db):
    e = _make(db, HUAWEI)
    before = len(_audit_rows(db))
    with pytest.raises(ValidationError):
        enterprises.update(db, e.id, {"name_zh": "新名字", "main_business_share": -5})
    assert enterprises.get(db, e.id).name_zh == "测试企业有限公司"
    assert len(_audit_rows(db)) == before


def test_audit_is_atomic_with_the_change(db, monkeypatch):
    e = _make(db, HUAWEI)

    def broken(self, *args, **kwargs):
        raise RuntimeError("disk full while auditing")

    monkeypatch.setattr(audit_mod.AuditWriter, "updated", broken)
    with pytest.raises(RuntimeError):
        enterprises.update(db, e.id, {"name_zh": "改名后的公司"})
    assert enterprises.get(db, e.id).name_zh == "测试企业有限公司"
    assert enterprises.search(db, "改名后") == []


def test_create_audit_names_actor_and_fields(db):
    e = _make(db, HUAWEI, name_en="Huawei")
    rows = _audit_rows(db, e.id)
    assert {r.actor for r in rows} == {"tester"}
    assert len({r.op_id for r in rows}) == 1
    assert {r.field for r in rows} >= {None, "name_zh", "uscc", "name_en"}


def test_soft_delete_and_restore(db):
    e = _make(db, HUAWEI, name_zh="华为技术有限公司")
    enterprises.delete(db, [e.id])
    assert enterprises.count(db) == 0 and enterprises.search(db, "华为") == []
    assert [r.id for r in enterprises.list_page(db, EnterpriseQuery(deleted=True)).rows] == [e.id]
    with pytest.raises(NotFoundError):
        enterprises.get(db, e.id)
    with pytest.raises(NotFoundError):
        enterprises.delete(db, [e.id])
    enterprises.restore(db, [e.id])
    assert enterprises.get(db, e.id).name_zh == "华为技术有限公司"
    assert [x.id for x in enterprises.search(db, "华为")] == [e.id]
    actions = [h.action for h in enterprises.history(db, e.id)]
    assert actions[:2] == ["restore", "delete"]
    with db.session() as s:  # the row was never physically removed
        assert s.get(Enterprise, e.id) is not None


def test_keyset_pages_cover_everything_in_pinyin_order(db, new_uscc):
    names = ["张三科技", "阿里巴巴", "北京测试", "中科创新", "安徽精工", "重庆机械", "Zeta Ltd"]
    for n in names:
        _make(db, new_uscc(), name_zh=n)
    seen, cursor = [], None
    while True:
        page = enterprises.list_page(db, EnterpriseQuery(sort="name_zh"), after=cursor, limit=2)
        seen += [r.name_zh for r in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            break
    # pinyin: a li, an hui, bei jing, chong qing, zeta, zhang san, zhong ke
    assert seen == ["阿里巴巴", "安徽精工", "北京测试", "重庆机械", "Zeta Ltd", "张三科技", "中科创新"]
    desc = enterprises.list_page(db, EnterpriseQuery(sort="name_zh", descending=True), limit=100)
    assert [r.name_zh for r in desc.rows] == list(reversed(seen))
    assert enterprises.ids(db, EnterpriseQuery(sort="name_zh"))[0] == desc.rows[-1].id


def test_filters_title_tier_expiry_country_zone(db, new_uscc):
    a = _make(db, new_uscc(), name_zh="甲公司", target_countries=["de", "HU"])
    b = _make(db, new_uscc(), name_zh="乙公司", target_countries=["VN"])
    today = date(2026, 6, 1)
    titles.create(db, {"enterprise_id": a.id, "tier": "srdi", "granted_on": date(2024, 1, 1),
                       "expires_on": date(2026, 7, 1)})
    titles.create(db, {"enterprise_id": b.id, "tier": "srdi", "granted_on": date(2020, 1, 1),
                       "expires_on": date(2023, 1, 1)})  # expired
    titles.create(db, {"enterprise_id": b.id, "tier": "little_giant", "level": "national",
                       "granted_on": date(2022, 1, 1), "expires_on": date(2025, 1, 1)})  # expired
    zone = zones.list(db)[0]
    zone_links.create(db, {"enterprise_id": b.id, "zone_id": zone.id, "status": "applied"})

    def names(**kw):
        return [r.name_zh for r in enterprises.list_page(db, EnterpriseQuery(today=today, **kw)).rows]

    assert names(tier="srdi") == ["甲公司"]
    assert names(tier="little_giant") == []  # expired titles do not count
    assert names(expiring_within_days=45) == ["甲公司"]
    assert names(expiring_within_days=10) == []
    assert names(target_country="DE") == ["甲公司"]
    assert names(zone_id=zone.id, link_status="applied") == ["乙公司"]
    assert names(zone_id=zone.id, link_status="admitted") == []
    assert enterprises.count(db, EnterpriseQuery(target_country="VN")) == 1


def test_bulk_tags(db, new_uscc):
    a = _make(db, new_uscc(), name_zh="甲公司", tags=["出口"])
    b = _make(db, new_uscc(), name_zh="乙公司")
    out = enterprises.set_tags(db, [a.id, b.id], add=["重点跟进"], remove=["出口"])
    assert sorted(out.value) == sorted([a.id, b.id])
    assert enterprises.get(db, a.id).tags == ["重点跟进"]
    assert enterprises.get(db, b.id).tags == ["重点跟进"]
    assert sorted(r.name_zh for r in enterprises.search(db, "重点跟进")) == ["乙公司", "甲公司"]
    assert enterprises.count(db, EnterpriseQuery(tags=("出口",))) == 0
    again = enterprises.set_tags(db, [a.id], add=["重点跟进"])
    assert again.value == []
