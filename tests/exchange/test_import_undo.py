"""Undoing a whole import batch from the audit trail."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import text

from coop_desktop.errors import CoopError
from coop_desktop.exchange import importer, undo
from coop_desktop.services import enterprises
from coop_desktop.services.catalog import contacts, interactions, zone_links, zones
from tests.exchange.import_kit import uscc, write_csv


@pytest.fixture(autouse=True)
def _no_backup(monkeypatch):
    monkeypatch.setattr("coop_desktop.services.backups.take_backup",
                        lambda *a, **kw: type("Info", (), {"path": None})())


def _live(db, table: str) -> list[tuple]:
    with db.read() as session:
        return [tuple(r) for r in session.connection().execute(text(
            f"SELECT * FROM {table} WHERE deleted_at IS NULL ORDER BY id"))]


def _state(db) -> dict[str, list[tuple]]:
    """The live records, without the bookkeeping that an undo rightly changes."""
    out = {}
    for table in ("enterprise", "contact", "zone_link"):
        cols = _columns(db, table)
        keep = [i for i, c in enumerate(cols) if c not in ("updated_at",)]
        out[table] = [tuple(r[i] for i in keep) for r in _live(db, table)]
    return out


def _columns(db, table: str) -> list[str]:
    with db.read() as session:
        return [r[1] for r in session.connection().execute(text(f"PRAGMA table_info({table})"))]


@pytest.fixture
def setup(db, tmp_path):
    """An existing enterprise with a contact, and a file that updates it, adds a contact and
    a zone link to it, and creates two enterprises (one with a contact and a zone)."""
    old = enterprises.create(db, {
        "name_zh": "已有机械有限公司", "uscc": uscc(1), "employees": 50,
        "registered_capital_fen": 100_000_000, "main_business_share": Decimal("70.5"),
        "export_markets": ["DE"], "established_on": "2010-01-02", "industry": "industry",
        "revenue_fen": 5_000_000_000, "legal_form": "joint_stock", "city_code": "440300"}).value
    contacts.create(db, {"enterprise_id": old.id, "name": "王五", "phone": "0755-1111111"})
    zone = zones.list(db)[0]
    rows = [["统一社会信用代码", "企业名称", "从业人员", "主营业务收入占比", "出口市场", "成立日期",
             "企业类型", "城市", "联系人", "电话", "合作区"],
            [uscc(1), "", "80", "66", "US, JP", "2011-03-04", "有限责任公司", "广州", "王五",
             "0755-2222222", zone.name_zh],
            [uscc(1), "", "", "", "", "", "", "", "李四", "13800138000", ""],
            [uscc(2), "新企业甲有限公司", "10", "", "", "", "", "", "赵六", "", zone.name_zh],
            [uscc(3), "新企业乙有限公司", "", "", "", "", "", "", "", "", ""]]
    before = _state(db)
    report = importer.apply(db, write_csv(tmp_path / "a.csv", rows))
    assert (report.created, report.updated, report.rejected) == (2, 2, 0)
    return old, before, report


def test_undo_restores_updated_fields_and_bins_created_records(db, setup):
    old, before, report = setup
    changed = enterprises.get(db, old.id)
    assert (changed.employees, changed.export_markets, changed.city_code) == (80, ["US", "JP"],
                                                                              "440100")
    result = undo.undo(db, report.batch_id)
    after = _state(db)
    for table, rows in before.items():
        cols = [c for c in _columns(db, table) if c != "updated_at"]
        for a, b in zip(rows, after[table], strict=True):
            assert dict(zip(cols, b, strict=True)) == dict(zip(cols, a, strict=True))
    assert after == before
    assert (result.enterprises_removed, result.contacts_removed, result.links_removed) == (2, 2, 2)
    assert result.records_restored == 2  # the enterprise and 王五's telephone
    back = enterprises.get(db, old.id)
    assert (back.employees, back.main_business_share, back.export_markets) == (
        50, Decimal("70.50"), ["DE"])
    assert (str(back.established_on), back.legal_form, back.city_code, back.city_zh) == (
        "2010-01-02", "joint_stock", "440300", "深圳市")
    assert back.name_pinyin == enterprises.get(db, old.id).name_pinyin
    assert enterprises.get_by_uscc(db, uscc(2)) is None  # in the recycle bin, not gone
    assert enterprises.get(db, enterprises.ids(db)[0]).uscc == uscc(1)
    [info] = undo.batches(db)
    assert info.undone and info.file == "a.csv" and (info.created, info.updated) == (2, 2)


def test_undo_twice_and_an_unknown_batch_are_refused(db, setup):
    _old, _before, report = setup
    undo.undo(db, report.batch_id)
    with pytest.raises(CoopError) as err:
        undo.undo(db, report.batch_id)
    assert "has already been undone" in str(err.value)
    with pytest.raises(CoopError) as err:
        undo.undo(db, "0" * 32)
    assert "no import with the batch number" in str(err.value)


def test_undo_refuses_when_records_changed_after_the_import(db, setup):
    old, _before, report = setup
    enterprises.update(db, old.id, {"website": "www.later.example.com"})
    new = enterprises.get_by_uscc(db, uscc(3))
    interactions.create(db, {"enterprise_id": new.id, "occurred_on": "2024-05-01",
                             "kind": "visit"})
    state = _state(db)
    with pytest.raises(undo.UndoRefused) as err:
        undo.undo(db, report.batch_id)
    assert {c.name for c in err.value.changed} == {"已有机械有限公司", "新企业乙有限公司"}
    assert "2 enterprises of the import" in str(err.value)
    assert _state(db) == state  # nothing undone
    result = undo.undo(db, report.batch_id, skip_changed=True)
    assert {s.enterprise_id for s in result.skipped} == {old.id, new.id}
    assert result.enterprises_removed == 1  # 新企业甲; the other two left as they are
    assert enterprises.get(db, old.id).employees == 80
    assert enterprises.get_by_uscc(db, uscc(3)) is not None
    assert enterprises.get_by_uscc(db, uscc(2)) is None


def test_cancelling_an_undo_changes_nothing(db, setup):
    _old, _before, report = setup
    state = _state(db)
    run = undo.undo_iter(db, report.batch_id)
    assert next(run) == (0, 3)
    run.close()
    assert _state(db) == state
    assert not undo.batches(db)[0].undone


def test_the_links_of_an_undone_import_are_gone_from_the_enterprise(db, setup):
    old, _before, report = setup
    assert len(zone_links.list(db, enterprise_id=old.id)) == 1
    undo.undo(db, report.batch_id)
    assert zone_links.list(db, enterprise_id=old.id) == []
    assert [c.name for c in contacts.list(db, enterprise_id=old.id)] == ["王五"]
    assert contacts.list(db, enterprise_id=old.id)[0].phone == "0755-1111111"


@pytest.mark.parametrize("field,value", [
    ("name_zh", "甲"), ("employees", 12), ("main_business_share", Decimal("65.50")),
    ("export_markets", ["DE", "US"]), ("tags", []), ("established_on", "2015-03-12"),
    ("legal_form", "partnership"), ("registered_capital_currency", "USD"), ("website", None),
])
def test_audit_text_reads_back_into_the_field_type(field, value):
    from datetime import date

    from coop_desktop.models import EnterpriseCreate
    from coop_desktop.services.audit import to_text

    if field == "established_on":
        value = date.fromisoformat(value)
    back = undo.from_text(EnterpriseCreate, field, to_text(value))
    assert back == value and isinstance(back, type(value))
