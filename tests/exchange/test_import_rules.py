"""What an import does with each row: the form's rules, matching by USCC, only the mapped
columns, empty cells, conflicts, repeats, the recycle bin, contacts and zones, one batch
after a backup, progress and Cancel."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coop_desktop.errors import CoopError
from coop_desktop.exchange import importer
from coop_desktop.exchange.import_write import BATCH_ENTITY
from coop_desktop.exchange.mapping import auto_map
from coop_desktop.services import enterprises
from coop_desktop.services.backups import BackupError
from coop_desktop.services.catalog import contacts, zone_links, zones
from tests.exchange.import_kit import snapshot, uscc, write_csv, write_xlsx

HEAD = ["企业名称", "统一社会信用代码", "注册资本（万元）", "从业人员", "网址", "标签"]


@pytest.fixture(autouse=True)
def _backups_here(monkeypatch, tmp_path):
    """Backups of the test database go to the test's folder."""
    from coop_desktop.services import backups

    real = backups.take_backup

    def into_tmp(db, reason="manual", backup_dir=None, **kw):
        return real(db, reason=reason, backup_dir=tmp_path / "backups", **kw)

    monkeypatch.setattr(backups, "take_backup", into_tmp)


@pytest.fixture
def existing(db):
    return enterprises.create(db, {
        "name_zh": "已有机械有限公司", "uscc": uscc(1), "registered_capital_fen": 100_000_000,
        "employees": 50, "website": "www.old.example.com", "tags": ["老客户"],
        "description_zh": "不在文件里的字段"}).value


def test_only_mapped_columns_change_and_empty_cells_keep_their_values(db, tmp_path, existing):
    path = write_csv(tmp_path / "a.csv", [["统一社会信用代码", "从业人员", "网址"],
                                          [uscc(1), "80", ""]])
    report = importer.apply(db, path)
    assert (report.updated, report.created) == (1, 0)
    after = enterprises.get(db, existing.id)
    assert after.employees == 80
    assert after.website == "www.old.example.com"  # empty cell: left as it is
    assert after.description_zh == "不在文件里的字段" and after.tags == ["老客户"]  # unmapped
    assert after.registered_capital_fen == 100_000_000
    assert [(c.field, c.old, c.new, c.kept) for c in report.conflicts] == [
        ("employees", 50, 80, False)]


def test_empty_clears_option(db, tmp_path, existing):
    path = write_csv(tmp_path / "a.csv", [["统一社会信用代码", "企业名称", "网址", "标签"],
                                          [uscc(1), "", "", ""]])
    options = importer.ImportOptions(empty_clears=True)
    report = importer.apply(db, path, options=options)
    after = enterprises.get(db, existing.id)
    assert after.website is None and after.tags == []
    assert after.name_zh == "已有机械有限公司"  # the name is never cleared
    assert {c.field for c in report.conflicts} == {"website", "tags"}
    enterprises.update(db, existing.id, {"website": "www.back.example.com"})
    contacts_only = write_csv(tmp_path / "b.csv", [["统一社会信用代码", "网址", "联系人"],
                                                   [uscc(1), "", "张三"]])
    importer.apply(db, contacts_only, options=options)
    assert enterprises.get(db, existing.id).website == "www.back.example.com"  # not cleared


def test_conflicts_can_keep_the_database_values(db, tmp_path, existing):
    path = write_csv(tmp_path / "a.csv", [HEAD, ["新名字有限公司", uscc(1), "200", "60",
                                                 "www.new.example.com", "新标签"]])
    plan = importer.plan(db, path, options=importer.ImportOptions(conflicts="keep"))
    assert {c.field for c in plan.conflicts} == {
        "name_zh", "registered_capital_fen", "employees", "website", "tags"}
    assert all(c.kept for c in plan.conflicts)
    keep = frozenset({(uscc(1), "name_zh"), (uscc(1), "website")})
    report = importer.apply(db, path, options=importer.ImportOptions(keep=keep))
    after = enterprises.get(db, existing.id)
    assert after.name_zh == "已有机械有限公司" and after.website == "www.old.example.com"
    assert (after.registered_capital_fen, after.employees, after.tags) == (
        200_000_000, 60, ["新标签"])
    assert {c.field for c in report.conflicts if c.kept} == {"name_zh", "website"}


def test_every_row_is_checked_with_the_form_rules(db, tmp_path):
    future = (date.today() + timedelta(days=30)).isoformat()
    rows = [["企业名称", "统一社会信用代码", "从业人员", "研发人员", "成立日期", "所属行业",
             "省份", "城市", "网址"],
            ["甲", uscc(2), "10", "20", "", "", "", "", ""],  # R&D staff > employees
            ["乙", uscc(3), "", "", future, "", "", "", ""],  # in the future
            ["丙", uscc(4), "", "", "", "造船", "", "", ""],  # not an industry
            ["丁", uscc(5), "", "", "", "", "浙江省", "深圳市", ""],  # city not in province
            ["戊", uscc(6), "", "", "", "", "", "", "javascript:alert(1)"],
            ["", uscc(7), "5", "", "", "", "", "", ""],  # no name for a new enterprise
            ["己" * 201, uscc(8), "", "", "", "", "", "", ""]]
    report = importer.plan(db, write_csv(tmp_path / "a.csv", rows))
    assert report.created == 0 and report.rejected == 7
    got = {p.row: (p.column, p.field) for p in report.problems}
    assert got == {2: ("研发人员", "rd_staff"), 3: ("成立日期", "established_on"),
                   4: ("所属行业", "industry"), 5: ("城市", "city_code"),
                   6: ("网址", "website"), 7: ("企业名称", "name_zh"),
                   8: ("企业名称", "name_zh")}
    texts = {p.row: p.render() for p in report.problems}
    assert "R&D staff cannot exceed the number of employees." in texts[2]
    assert "is not one of the industries" in texts[4]
    assert "深圳市 is not in the chosen province." in texts[5]
    assert texts[7].endswith("This field is required.")
    assert "at most 200 characters" in texts[8]


def test_rows_repeating_a_uscc_are_conflicts_not_duplicates(db, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["企业名称", "统一社会信用代码"], ["甲", uscc(2)],
                                          ["甲二", " " + uscc(2).lower()]])
    report = importer.apply(db, path)
    assert (report.created, report.rejected) == (1, 1)
    assert report.problems[0].row == 3 and "row 2" in report.problems[0].render()
    assert enterprises.count(db) == 1


def test_an_enterprise_in_the_recycle_bin_is_reported_not_brought_back(db, tmp_path, existing):
    enterprises.delete(db, [existing.id])
    path = write_csv(tmp_path / "a.csv", [["企业名称", "统一社会信用代码"], ["又来了", uscc(1)]])
    report = importer.apply(db, path)
    assert report.rejected == 1 and "recycle bin" in report.problems[0].render()
    assert enterprises.get(db, existing.id, deleted=True).name_zh == "已有机械有限公司"


def test_contacts_and_zone_links_as_parts_of_a_row(db, tmp_path, existing):
    zone = zones.list(db)[0]
    rows = [["统一社会信用代码", "企业名称", "联系人", "职务", "电话", "邮箱", "合作区"],
            [uscc(9), "新企业有限公司", "张三", "经理", "13800138000", "z@x.example.cn",
             zone.name_zh],
            [uscc(9), "", "李四", "", "0755-1234567", "", zone.name_en],  # more for row 2
            [uscc(1), "", "王五", "总经理", "", "", ""],  # a contacts-only row
            [uscc(10), "", "赵六", "", "", "", ""],  # unknown USCC, nothing to create with
            [uscc(1), "", "王五", "", "", "", ""],  # the same contact again
            [uscc(1), "", "", "", "123", "", ""],  # contact details without a name
            [uscc(1), "", "", "", "", "", "没有这个合作区"]]
    report = importer.apply(db, write_csv(tmp_path / "a.csv", rows))
    assert (report.created, report.updated, report.rejected) == (1, 2, 4)
    assert (report.contacts_created, report.links_created) == (3, 1)
    new = enterprises.get_by_uscc(db, uscc(9))
    assert sorted(c.name for c in contacts.list(db, enterprise_id=new.id)) == ["张三", "李四"]
    assert [link.zone_id for link in zone_links.list(db, enterprise_id=new.id)] == [zone.id]
    assert [c.name for c in contacts.list(db, enterprise_id=existing.id)] == ["王五"]
    reasons = {p.row: p.render() for p in report.problems}
    assert "no enterprise details" in reasons[5]
    assert "Repeats the contact “王五” of row 4" in reasons[6]
    assert "contact's name is missing" in reasons[7]
    assert "No cooperation zone is called “没有这个合作区”" in reasons[8]


def test_an_existing_contact_is_updated_by_name(db, tmp_path, existing):
    contacts.create(db, {"enterprise_id": existing.id, "name": "王五", "phone": "0755-1111111",
                         "role": "经理"})
    path = write_csv(tmp_path / "a.csv", [["统一社会信用代码", "联系人", "电话", "职务"],
                                          [uscc(1), " 王五 ", "0755-2222222", ""]])
    report = importer.apply(db, path)
    [contact] = contacts.list(db, enterprise_id=existing.id)
    assert (contact.phone, contact.role) == ("0755-2222222", "经理")
    assert report.contacts_updated == 1 and report.contacts_created == 0
    assert [(c.field, c.old, c.new) for c in report.conflicts] == [
        ("contact_phone", "0755-1111111", "0755-2222222")]


def test_money_units_from_header_cell_or_mapping(db, tmp_path):
    rows = [["企业名称", "统一社会信用代码", "注册资本", "营业收入（亿元）", "资产总额"],
            ["甲", uscc(2), "500万", "1.5", "3,000,000元"],
            ["乙", uscc(3), "800", "0.2", "12"]]
    path = write_csv(tmp_path / "a.csv", rows)
    plan = importer.plan(db, path)
    assert [w.params["column"] for w in plan.warnings] == ["注册资本", "资产总额"]
    mapping = auto_map(plan.headers)
    mapping.set_unit(4, "ten_thousand")
    importer.apply(db, path, mapping)
    first, second = enterprises.get_by_uscc(db, uscc(2)), enterprises.get_by_uscc(db, uscc(3))
    assert first.registered_capital_fen == 500 * 1_000_000  # 万 in the cell
    assert second.registered_capital_fen == 800 * 100  # no unit anywhere: yuan
    assert first.revenue_fen == 150_000_000 * 100  # 1.5 亿元 from the header
    assert first.total_assets_fen == 3_000_000 * 100  # 元 in the cell beats the mapping
    assert second.total_assets_fen == 12 * 1_000_000  # the mapping's 万元


def test_hostile_cells(db, tmp_path):
    rows = [["企业名称", "统一社会信用代码", "企业简介", "英文名称", "标签"],
            ["甲", uscc(2), "=cmd|' /C calc'!A0\n\u202e第二行", "'=SUM(A1)", "@x, +y"],
            ["乙", uscc(3), "x" * 40_000, "", ""],
            ["丙\x00", uscc(4), "", "", ""]]
    report = importer.apply(db, write_csv(tmp_path / "a.csv", rows))
    first = enterprises.get_by_uscc(db, uscc(2))
    assert first.description_zh == "=cmd|' /C calc'!A0\n\u202e第二行"  # prose keeps it, as text
    assert first.name_en == "=SUM(A1)"  # the CSV formula guard taken off again
    assert first.tags == ["@x", "+y"]
    reasons = {p.row: p.render() for p in report.problems}
    assert "The cell has 40,000 characters; at most 32,767 can be read." in reasons[3]
    assert "control character" in reasons[4]
    assert report.created == 1


def test_dry_run_changes_nothing(db, tmp_path, existing):
    path = write_xlsx(tmp_path / "a.xlsx", [HEAD, ["新", uscc(2), 1, 2, None, None],
                                            ["改", uscc(1), 9, 9, None, None]])
    before = snapshot(db)
    report = importer.plan(db, path)
    assert (report.created, report.updated, report.batch_id, report.backup) == (1, 1, None, None)
    assert snapshot(db) == before


def test_a_failed_backup_means_no_import(db, tmp_path, monkeypatch):
    from coop_desktop.services import backups

    def broken(*a, **kw):
        raise BackupError("The backup could not be written ({reason}).", reason="disk full")

    monkeypatch.setattr(backups, "take_backup", broken)
    before = snapshot(db)
    with pytest.raises(BackupError):
        importer.apply(db, write_csv(tmp_path / "a.csv", [HEAD[:2], ["甲", uscc(2)]]))
    assert snapshot(db) == before


def test_one_batch_one_op_id_after_a_verified_backup(db, tmp_path, existing):
    path = write_csv(tmp_path / "a.csv", [HEAD[:4], ["甲", uscc(2), "1", "3"],
                                          ["改", uscc(1), "", "70"]])
    report = importer.apply(db, path)
    assert report.backup is not None and report.backup.is_file()
    assert "before-import" in report.backup.name
    from sqlmodel import select

    from coop_desktop.models import AuditEntry
    with db.read() as session:
        rows = session.exec(select(AuditEntry).where(AuditEntry.op_id == report.batch_id)).all()
    assert {r.entity for r in rows} == {"enterprise", BATCH_ENTITY}
    assert {(r.action, r.field) for r in rows if r.entity_id == existing.id} == {
        ("update", "name_zh"), ("update", "employees")}
    created = enterprises.get_by_uscc(db, uscc(2))
    assert [(h.action, h.field, h.op_id) for h in enterprises.history(db, created.id)] == [
        ("create", None, report.batch_id)]  # one row per created record
    from coop_desktop import demo
    assert demo.has_user_records(db)  # imported records are people's data, not demo data
    history = enterprises.history(db, existing.id)
    assert history[0].op_id == report.batch_id and history[0].old_value in ("50", "已有机械有限公司")


def test_cancelling_changes_nothing(db, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "CHUNK", 10)
    rows = [HEAD[:2]] + [[f"企业{n}", uscc(100 + n)] for n in range(45)]
    path = write_csv(tmp_path / "a.csv", rows)
    before = snapshot(db)
    run = importer.apply_iter(db, path)
    steps = [next(run) for _ in range(4)]  # start, after the backup, two chunks written
    run.close()
    assert snapshot(db) == before
    assert all(0 <= done <= total for done, total in steps)
    assert enterprises.count(db) == 0


def test_progress_ends_after_the_commit(db, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "CHUNK", 10)
    rows = [HEAD[:2]] + [[f"企业{n}", uscc(100 + n)] for n in range(25)]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    seen = []
    report = importer.apply(db, path, progress=lambda d, t: seen.append((d, t)))
    assert report.created == 25
    assert seen[-1][0] == seen[-1][1] and all(d < t for d, t in seen[:-1])
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)


def test_a_changed_file_is_refused_after_its_dry_run(db, tmp_path):
    path = write_csv(tmp_path / "a.csv", [HEAD[:2], ["甲", uscc(2)]])
    plan = importer.plan(db, path)
    write_csv(path, [HEAD[:2], ["甲", uscc(2)], ["乙", uscc(3)]])
    with pytest.raises(CoopError) as err:
        importer.apply(db, path, expected=plan.fingerprint)
    assert "has changed since it was checked" in str(err.value)


def test_a_mapping_without_the_uscc_is_refused(db, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["企业名称", "备注"], ["甲", "x"]])
    with pytest.raises(CoopError) as err:
        importer.plan(db, path)
    assert "No column is mapped to the unified social credit code" in str(err.value)


def test_a_read_only_database_is_refused_before_the_backup(db, tmp_path, monkeypatch):
    from coop_desktop.errors import ReadOnlyDatabaseError
    from coop_desktop.services import backups

    taken = []
    monkeypatch.setattr(backups, "take_backup", lambda *a, **kw: taken.append(1))
    monkeypatch.setattr(db, "read_only", True)
    with pytest.raises(ReadOnlyDatabaseError):
        importer.apply(db, write_csv(tmp_path / "a.csv", [HEAD[:2], ["甲", uscc(2)]]))
    assert taken == []
