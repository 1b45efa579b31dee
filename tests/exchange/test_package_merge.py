"""Importing a package whose enterprise is already here: merged by USCC field by field, the
user chooses per field, and an edit made here later than the package's is never
overwritten silently."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlmodel import select

from coop_desktop.errors import ConflictError, CoopError
from coop_desktop.exchange import package as pk
from coop_desktop.models import AuditEntry
from coop_desktop.services import attachment_store, backups, enterprises
from coop_desktop.services.catalog import titles
from package_kit import OFFICER, counts, make_dossier, other_database


@pytest.fixture
def package_file(db, tmp_path, new_uscc):
    (tmp_path / "src").mkdir()
    made = make_dossier(db, tmp_path / "src", new_uscc())
    return pk.export_package(db, made.app_id, tmp_path / "p.coopdossier", settings=OFFICER,
                             include_pdf=False).path


@pytest.fixture
def laptop_b(tmp_path, _fresh_database_file):
    database = other_database(tmp_path / "laptop-b", _fresh_database_file)
    yield database
    database.close()


def _set_changed(db, enterprise_id, field, when):
    """Pretend the field was last changed here at ``when`` (the audit trail says so)."""
    with db.session() as session:
        session.execute(text("UPDATE audit_log SET at = :at WHERE entity = 'enterprise' AND "
                             "entity_id = :id AND field = :field"),
                        {"at": when, "id": enterprise_id, "field": field})


@pytest.fixture
def local(laptop_b, package_file):
    """Laptop B has the same enterprise (same USCC), with two fields of its own: its English
    name was typed long ago (older than the package), its head count last week (after the
    package was made, in this test's clock: the year 2099). It has no SRDI title."""
    theirs = pk.inspect_package(package_file).dossier.enterprise
    values = {k: theirs[k] for k in ("name_zh", "uscc", "legal_rep", "city_code",
                                     "revenue_fen", "tags")}
    values.update(name_en="Example Precision (old name)", employees=95,
                  established_on=date(2012, 5, 3))
    firm = enterprises.create(laptop_b, values).value
    _set_changed(laptop_b, firm.id, "name_en", "2020-01-01 00:00:00")
    _set_changed(laptop_b, firm.id, "employees", "2099-01-01 00:00:00")
    return firm


def test_differences_are_listed_with_who_changed_last(laptop_b, package_file, local):
    plan = pk.plan_import(laptop_b, pk.inspect_package(package_file))
    assert plan.enterprise.action == "merge" and plan.enterprise.local_id == local.id
    diffs = {d.field: d for d in plan.differences}
    assert set(diffs) == {"name_en", "employees", pk.TITLES}
    assert (diffs["name_en"].mine, diffs["name_en"].theirs) == (
        "Example Precision (old name)", "Shenzhen Example Precision Co., Ltd.")
    assert not diffs["name_en"].local_newer and diffs["name_en"].suggested == pk.THEIRS
    assert (diffs["employees"].mine, diffs["employees"].theirs) == (95, 120)
    assert diffs["employees"].local_newer and diffs["employees"].suggested == pk.MINE
    assert diffs[pk.TITLES].mine == [] and len(diffs[pk.TITLES].theirs) == 1
    assert plan.default_choices() == {"name_en": "theirs", "employees": "mine",
                                      pk.TITLES: "theirs"}


def test_per_field_choices_are_applied_and_audited(laptop_b, package_file, local):
    plan = pk.plan_import(laptop_b, pk.inspect_package(package_file))
    result = pk.apply_import(laptop_b, plan, {"name_en": "theirs", "employees": "mine",
                                              pk.TITLES: "theirs"})
    after = enterprises.get(laptop_b, local.id)
    assert after.name_en == "Shenzhen Example Precision Co., Ltd." and after.employees == 95
    assert result.enterprise_id == local.id and not result.enterprise_created
    assert result.fields_taken == ("name_en",) and result.titles_added == 1
    assert [t.batch for t in titles.list(laptop_b, enterprise_id=local.id)] == ["2023-1"]
    with laptop_b.read() as session:
        rows = session.exec(select(AuditEntry).where(AuditEntry.op_id == result.op_id,
                                                     AuditEntry.entity == "enterprise")).all()
    assert [(r.field, r.old_value, r.new_value) for r in rows] == [
        ("name_en", "Example Precision (old name)", "Shenzhen Example Precision Co., Ltd.")]


def test_the_suggested_choices_keep_a_newer_local_edit(laptop_b, package_file, local):
    plan = pk.plan_import(laptop_b, pk.inspect_package(package_file))
    pk.apply_import(laptop_b, plan, plan.default_choices())
    assert enterprises.get(laptop_b, local.id).employees == 95  # changed here later: kept


def test_mine_for_everything_changes_nothing_of_the_enterprise(laptop_b, package_file, local):
    before = enterprises.get(laptop_b, local.id)
    plan = pk.plan_import(laptop_b, pk.inspect_package(package_file))
    result = pk.apply_import(laptop_b, plan, plan.choices_for_all("mine"))
    assert enterprises.get(laptop_b, local.id) == before
    assert result.fields_taken == () and result.titles_added == 0
    assert titles.list(laptop_b, enterprise_id=local.id) == []


def test_no_choice_no_import(laptop_b, package_file, local):
    plan = pk.plan_import(laptop_b, pk.inspect_package(package_file))
    before = counts(laptop_b)
    with pytest.raises(CoopError, match="Choose which value to keep") as caught:
        pk.apply_import(laptop_b, plan, {"name_en": "theirs"})
    assert "employees" in str(caught.value)
    assert counts(laptop_b) == before
    assert backups.list_backups(laptop_b.path) == []  # refused before the backup


def test_an_edit_here_after_the_package_was_checked_stops_the_import(laptop_b, package_file,
                                                                       local):
    plan = pk.plan_import(laptop_b, pk.inspect_package(package_file))
    enterprises.update(laptop_b, local.id, {"name_en": "Renamed here meanwhile"})
    before = counts(laptop_b)
    with pytest.raises(ConflictError, match="changed on this computer after the package"):
        pk.apply_import(laptop_b, plan, {"name_en": "theirs", "employees": "mine",
                                         pk.TITLES: "theirs"})
    assert enterprises.get(laptop_b, local.id).name_en == "Renamed here meanwhile"
    assert counts(laptop_b) == before
    # the files it had copied into the store were taken out again
    assert list(attachment_store.stored_files(laptop_b.attachments_dir)) == []

    # a field kept as "mine" may change meanwhile: that is no conflict
    plan = pk.plan_import(laptop_b, pk.inspect_package(package_file))
    enterprises.update(laptop_b, local.id, {"employees": 99})
    pk.apply_import(laptop_b, plan, plan.choices_for_all("mine"))
    assert enterprises.get(laptop_b, local.id).employees == 99


def test_an_enterprise_in_the_recycle_bin_is_not_merged(laptop_b, package_file, local):
    enterprises.delete(laptop_b, [local.id])
    with pytest.raises(CoopError, match="recycle bin"):
        pk.plan_import(laptop_b, pk.inspect_package(package_file))


def test_the_same_enterprise_has_no_differences(db, package_file, laptop_b):
    package = pk.inspect_package(package_file)
    pk.apply_import(laptop_b, pk.plan_import(laptop_b, package), {})
    plan = pk.plan_import(laptop_b, package)
    assert plan.enterprise.action == "merge" and plan.differences == ()


def test_a_field_never_filled_here_takes_the_package_value_but_a_cleared_one_stays(
        laptop_b, package_file):
    theirs = pk.inspect_package(package_file).dossier.enterprise
    firm = enterprises.create(laptop_b, {
        "name_zh": theirs["name_zh"], "uscc": theirs["uscc"], "name_en": theirs["name_en"],
        "city_code": "440300", "revenue_fen": theirs["revenue_fen"], "employees": 120,
        "established_on": date(2012, 5, 3), "tags": ["旧标签"]}).value  # no legal_rep
    enterprises.update(laptop_b, firm.id, {"tags": []})  # cleared here, on purpose
    _set_changed(laptop_b, firm.id, "tags", "2099-01-01 00:00:00")
    plan = pk.plan_import(laptop_b, pk.inspect_package(package_file))
    diffs = {d.field: d for d in plan.differences}
    assert diffs["legal_rep"].mine is None and diffs["legal_rep"].suggested == pk.THEIRS
    assert diffs["tags"].mine == [] and diffs["tags"].suggested == pk.MINE
