"""Check and repair: every kind of finding produced for real, repaired, and a second run
clean. The damage is done with raw SQL (foreign keys off where needed) or to the files."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import time
from pathlib import Path

import pytest
from sqlmodel import select

from coop_desktop.db import open_read_only
from coop_desktop.errors import DatabaseDamagedError, ReadOnlyDatabaseError
from coop_desktop.i18n.catalog import translator
from coop_desktop.models import AuditEntry
from coop_desktop.services import (
    attachment_store,
    attachments,
    enterprises,
    maintenance,
    maintenance_db,
    open_database,
)
from coop_desktop.services.maintenance_report import Severity

ZH = translator("zh_CN")


@pytest.fixture
def ent(db, new_uscc):
    return enterprises.create(db, {"name_zh": "星河精密机械有限公司", "name_en": "Xinghe Precision",
                                   "uscc": new_uscc()}).value


@pytest.fixture
def source(tmp_path):
    def make(content: bytes, name: str = "licence.pdf") -> Path:
        folder = tmp_path / "incoming"
        folder.mkdir(exist_ok=True)
        path = folder / name
        path.write_bytes(content)
        return path

    return make


def raw(db) -> sqlite3.Connection:
    """A plain connection on the test database, foreign keys off (as another tool would)."""
    conn = sqlite3.connect(db.path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    return conn


def kinds(report) -> dict[str, int]:
    return {f.kind: f.count for f in report.findings}


def finding(report, kind):
    [found] = [f for f in report.findings if f.kind == kind]
    return found


def repair(db, tmp_path):
    return maintenance.repair(db, backup_dir=tmp_path / "backups")


def assert_repaired_and_idempotent(db, tmp_path, report):
    assert report.complete and report.after.clean, [f.render() for f in report.after.findings]
    assert report.backup is not None and report.backup.is_file()
    again = repair(db, tmp_path)
    assert again.before.clean and not again.changes and again.backup is None


def test_a_sound_database_is_clean_and_progress_runs_to_the_end(db, ent, source):
    attachments.add(db, source(b"licence"), enterprise_id=ent.id)
    steps: list[tuple[int, int]] = []
    report = maintenance.check(db, progress=lambda done, total: steps.append((done, total)))
    assert report.clean and report.findings == []
    assert set(report.steps) == {"integrity", "foreign_keys", "search_index", "orphans",
                                 "attachments"}
    dones = [d for d, _t in steps]
    assert dones == sorted(dones) and steps[0] == (0, 1000) and steps[-1] == (1000, 1000)
    assert report.to_dict()["clean"] is True
    nothing = repair(db, Path(db.path).parent)
    assert nothing.before.clean and nothing.backup is None and nothing.changes == []


def test_row_missing_from_the_search_index_is_found_and_rebuilt(db, ent, tmp_path):
    with raw(db) as conn:
        conn.execute("INSERT INTO enterprise_fts_short(enterprise_fts_short, rowid, search_tokens)"
                     " SELECT 'delete', id, search_tokens FROM enterprise WHERE id = ?", (ent.id,))
    report = maintenance.check(db)
    fts = finding(report, "fts_out_of_step")
    assert fts.repairable and fts.severity is Severity.PROBLEM
    assert fts.subject == ("enterprise_fts_short",) and fts.params["missing"] == 1
    assert "enterprise_fts_short" in fts.render() and "1 not indexed" in fts.render()
    assert fts.render(ZH) != fts.render()
    steps: list[int] = []
    fixed = maintenance.repair(db, backup_dir=tmp_path / "backups",
                               progress=lambda done, total: steps.append(done))
    assert steps == sorted(steps), steps
    assert steps[-1] == 1000
    assert [c.kind for c in fixed.changes] == ["fts_out_of_step"]
    assert "Rebuilt the search index enterprise_fts_short" in fixed.changes[0].render()
    assert_repaired_and_idempotent(db, tmp_path, fixed)


def test_ghost_row_and_stale_text_in_the_search_index(db, ent, tmp_path):
    with raw(db) as conn:
        conn.execute("INSERT INTO enterprise_fts(rowid, name_zh) VALUES (99999, '幽灵公司')")
    fts = finding(maintenance.check(db), "fts_out_of_step")
    assert fts.subject == ("enterprise_fts",) and fts.params["extra"] == 1
    repair(db, tmp_path)
    # The same rows, other text: only the full comparison can see it.
    with raw(db) as conn:
        conn.execute("DROP TRIGGER enterprise_fts_au")
        conn.execute("UPDATE enterprise SET name_zh = '星河精密仪器有限公司' WHERE id = ?", (ent.id,))
        conn.execute(maintenance_db.FTS_TRIGGERS["enterprise_fts_au"])
    report = maintenance.check(db)
    stale = [f for f in report.findings if f.kind == "fts_out_of_step"]
    assert [f.subject for f in stale] == [("enterprise_fts",)]
    assert stale[0].msgid == maintenance.F_FTS_TEXT and stale[0].count == 1
    assert not enterprises.search(db, "精密仪器")
    fixed = repair(db, tmp_path)
    assert [h.id for h in enterprises.search(db, "精密仪器")] == [ent.id]
    assert_repaired_and_idempotent(db, tmp_path, fixed)


def test_missing_search_triggers_are_recreated(db, ent, tmp_path, new_uscc):
    with raw(db) as conn:
        conn.execute("DROP TRIGGER enterprise_fts_ai")
        conn.execute("DROP TRIGGER enterprise_fts_au")
    late = enterprises.create(db, {"name_zh": "后来科技有限公司", "uscc": new_uscc()}).value
    report = maintenance.check(db)
    assert finding(report, "fts_triggers_missing").count == 2
    assert finding(report, "fts_triggers_missing").subject == ("enterprise_fts_ai",
                                                               "enterprise_fts_au")
    assert "fts_out_of_step" in kinds(report)
    fixed = repair(db, tmp_path)
    assert {c.kind for c in fixed.changes} == {"fts_triggers_missing", "fts_out_of_step"}
    assert [h.id for h in enterprises.search(db, "后来科技")] == [late.id]
    enterprises.update(db, late.id, {"name_zh": "再后来科技有限公司"})
    assert [h.id for h in enterprises.search(db, "再后来")] == [late.id]  # triggers work again
    assert_repaired_and_idempotent(db, tmp_path, fixed)


def _break_index(path: Path, row_id: int) -> None:
    """Leave ``ix_enterprise_size_class`` with a stale entry: the index is declared on
    another column while one row's size_class changes, then declared back."""
    def swap(old: str, new: str) -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET sql = replace(sql, ?, ?) "
                     "WHERE name = 'ix_enterprise_size_class'", (old, new))
        conn.close()

    swap("(size_class)", "(industry)")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE enterprise SET size_class = 'zzz' WHERE id = ?", (row_id,))
    conn.close()
    swap("(industry)", "(size_class)")


def test_damaged_index_is_rebuilt(db, ent, tmp_path):
    path = Path(db.path)
    db.close()
    _break_index(path, ent.id)
    db2, _ = open_database(path, actor="tester")
    try:
        report = maintenance.check(db2)
        index = finding(report, "index_damaged")
        assert index.subject == ("ix_enterprise_size_class",) and index.repairable
        assert "database_damaged" not in kinds(report)
        fixed = repair(db2, tmp_path)
        assert [c.kind for c in fixed.changes] == ["index_damaged"]
        assert_repaired_and_idempotent(db2, tmp_path, fixed)
    finally:
        db2.close()


def _application(db, enterprise_id: int) -> int:
    from coop_desktop.models import Application

    with db.session() as s:
        app = Application(title_zh="申请", title_en="Application", enterprise_id=enterprise_id,
                          template_key="t", template_version=1)
        s.add(app)
        s.flush()
        assert app.id is not None
        return app.id


def test_dangling_optional_reference_is_cleared_and_written_to_the_history(db, ent, source,
                                                                           tmp_path):
    a = attachments.add(db, source(b"app file"), enterprise_id=ent.id,
                        application_id=_application(db, ent.id)).value
    with raw(db) as conn:
        conn.execute("UPDATE attachment SET application_id = 4242 WHERE id = ?", (a.id,))
        conn.execute("INSERT INTO tm_unit (zh, en, key, origin, application_id, created_at) "
                     "VALUES ('你好', 'Hello', ?, 'application', 4343, '2026-01-01')", ("k" * 64,))
    report = maintenance.check(db)
    refs = {f.subject: f for f in report.findings if f.kind == "orphan_references"}
    assert set(refs) == {("attachment", "application_id", "application"),
                         ("tm_unit", "application_id", "application")}
    message = refs[("attachment", "application_id", "application")].render()
    assert message.startswith("Attachments: 1 records refer to a record of “Applications”")
    assert refs[("tm_unit", "application_id", "application")].render(ZH).startswith("翻译记忆")
    fixed = repair(db, tmp_path)
    assert sorted(c.count for c in fixed.changes if c.kind == "orphan_references") == [1, 1]
    assert attachments.get(db, a.id).application_id is None  # the record is kept
    with db.read() as s:
        entry = s.exec(select(AuditEntry).where(AuditEntry.entity == "attachment",
                                                AuditEntry.field == "application_id",
                                                AuditEntry.action == "update")).one()
    assert (entry.old_value, entry.new_value) == ("4242", None)
    assert_repaired_and_idempotent(db, tmp_path, fixed)


def test_row_whose_required_parent_is_gone_is_reported_and_kept(db, ent, tmp_path):
    with raw(db) as conn:
        conn.execute("INSERT INTO contact (name, enterprise_id, languages, created_at, updated_at)"
                     " VALUES ('王五', 777, '', '2026-01-01', '2026-01-01')")
    report = maintenance.check(db)
    rows = finding(report, "orphan_rows")
    assert rows.severity is Severity.DAMAGE and not rows.repairable
    assert rows.subject == ("contact", "enterprise_id", "enterprise")
    assert "restore a backup" in rows.render()
    result = repair(db, tmp_path)  # nothing repairable: no backup, no change
    assert result.backup is None and not result.changes and not result.complete
    with raw(db) as conn:
        assert conn.execute("SELECT count(*) FROM contact WHERE name = '王五'").fetchone()[0] == 1


def test_history_of_records_that_vanished(db, ent):
    with raw(db) as conn:
        conn.execute("INSERT INTO audit_log (op_id, at, actor, action, entity, entity_id) "
                     "VALUES ('x', '2026-01-01', 'someone', 'update', 'enterprise', 31337)")
        # An accepted finding withdrawn for good leaves its history: not an orphan.
        conn.execute("INSERT INTO audit_log (op_id, at, actor, action, entity, entity_id) "
                     "VALUES ('y', '2026-01-01', 'someone', 'delete', 'qa_ignore', 5)")
    found = finding(maintenance.check(db), "audit_orphans")
    assert found.count == 1 and found.details == ("enterprise #31337",)
    assert not found.repairable and found.severity is Severity.DAMAGE


def test_attachment_on_another_enterprises_application(db, ent, new_uscc, source):
    other = enterprises.create(db, {"name_zh": "另一家公司", "uscc": new_uscc()}).value
    a = attachments.add(db, source(b"x"), enterprise_id=ent.id).value
    app_id = _application(db, other.id)
    with raw(db) as conn:
        conn.execute("UPDATE attachment SET application_id = ? WHERE id = ?", (app_id, a.id))
    found = finding(maintenance.check(db), "attachment_wrong_application")
    assert found.count == 1 and found.details == (f"#{a.id} licence.pdf",)
    assert not found.repairable


def test_missing_and_damaged_files(db, ent, source, tmp_path):
    gone = attachments.add(db, source(b"gone", "gone.pdf"), enterprise_id=ent.id).value
    bad = attachments.add(db, source(b"bad", "bad.pdf"), enterprise_id=ent.id).value
    attachment_store.blob_path(db.attachments_dir, gone.sha256).unlink()
    damaged = attachment_store.blob_path(db.attachments_dir, bad.sha256)
    os.chmod(damaged, 0o600)
    damaged.write_bytes(b"BAD")
    report = maintenance.check(db)
    missing = finding(report, "attachment_missing")
    assert missing.count == 1 and str(db.attachments_dir) in missing.render()
    assert gone.sha256 in missing.details[0]
    assert finding(report, "attachment_damaged").count == 1
    assert not report.repairable and not report.clean
    # Attaching the same file again repairs the damaged copy; the check is then clean.
    with pytest.raises(attachments.StoredCopyRepaired):
        attachments.add(db, source(b"bad", "bad.pdf"), enterprise_id=ent.id)
    with pytest.raises(attachments.StoredCopyRepaired):
        attachments.add(db, source(b"gone", "gone.pdf"), enterprise_id=ent.id)
    assert maintenance.check(db).clean


def test_files_found_in_another_store_are_adopted(db, ent, source, tmp_path):
    a = attachments.add(db, source(b"travels"), enterprise_id=ent.id).value
    primary = db.attachments_dir
    shutil.copytree(primary, tmp_path / "old-name.attachments")
    attachment_store.blob_path(primary, a.sha256).unlink()
    report = maintenance.check(db)
    found = finding(report, "attachment_elsewhere")
    assert found.repairable and "old-name.attachments" in found.details[0]
    assert attachments.open_path(db, a.id).read_bytes() == b"travels"  # opens from there
    fixed = repair(db, tmp_path)
    assert [c.kind for c in fixed.changes] == ["attachment_elsewhere"]
    assert attachments.open_path(db, a.id) == attachment_store.blob_path(primary, a.sha256)
    assert_repaired_and_idempotent(db, tmp_path, fixed)


def test_stray_partial_files_and_an_open_store_are_cleaned(db, ent, source, tmp_path):
    attachments.add(db, source(b"one"), enterprise_id=ent.id)
    incoming = db.attachments_dir / "tmp"
    stray = incoming / "incoming-killed.part"
    stray.write_bytes(b"x" * 4096)
    old = time.time() - attachment_store.STRAY_AGE_S - 5
    os.utime(stray, (old, old))
    fresh = incoming / "incoming-live.part"  # being written right now
    fresh.write_bytes(b"y")
    os.chmod(db.attachments_dir, 0o755)
    report = maintenance.check(db)
    partial = finding(report, "attachment_partial_files")
    assert partial.count == 1 and partial.details == ("incoming-killed.part",)
    if os.name == "posix":
        assert finding(report, "attachment_store_not_private").count >= 1
    fixed = repair(db, tmp_path)
    assert not stray.exists() and fresh.exists()
    assert "attachment_partial_files" in {c.kind for c in fixed.changes}
    if os.name == "posix":
        assert stat.S_IMODE(db.attachments_dir.stat().st_mode) == 0o700
    assert_repaired_and_idempotent(db, tmp_path, fixed)


def test_one_failing_repair_is_undone_alone(db, ent, source, tmp_path, monkeypatch):
    a = attachments.add(db, source(b"x"), enterprise_id=ent.id,
                        application_id=_application(db, ent.id)).value
    with raw(db) as conn:
        conn.execute("UPDATE attachment SET application_id = 4242 WHERE id = ?", (a.id,))
        conn.execute("INSERT INTO enterprise_fts(rowid, name_zh) VALUES (99999, '幽灵公司')")

    def broken(conn, table):
        conn.execute("INSERT INTO enterprise_fts(enterprise_fts) VALUES ('delete-all')")
        raise sqlite3.OperationalError("disk I/O error")
        yield 0.0

    monkeypatch.setattr(maintenance_db, "rebuild_fts", broken)
    result = repair(db, tmp_path)
    assert [f.kind for f in result.failed] == ["fts_out_of_step"]
    assert result.failed[0].details[-1] == "disk I/O error"
    assert [c.kind for c in result.changes] == ["orphan_references"]  # committed
    assert attachments.get(db, a.id).application_id is None
    after = kinds(result.after)
    assert after == {"fts_out_of_step": 1}  # the index as it was: the delete-all rolled back
    assert finding(result.after, "fts_out_of_step").params["extra"] == 1


def _flip_bytes_in_a_table_page(path: Path) -> None:
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'glossary_term'"
                        ).fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xa5" * page_size)


def test_a_damaged_file_is_checked_read_only_and_not_repaired(db, tmp_path):
    path = Path(db.path)
    db.close()
    _flip_bytes_in_a_table_page(path)
    before = path.read_bytes()
    with pytest.raises(DatabaseDamagedError):
        open_database(path)
    rescue = open_read_only(path)
    try:
        report = maintenance.check(rescue)
        damaged = finding(report, "database_damaged")
        assert damaged.severity is Severity.DAMAGE and not damaged.repairable
        assert report.damaged and report.findings[0] is damaged
        assert "restore the newest sound backup" in damaged.render()
        with pytest.raises(ReadOnlyDatabaseError):
            repair(rescue, tmp_path)
    finally:
        rescue.close()
    assert path.read_bytes() == before


def _damage_a_middle_page(path: Path) -> None:
    """Overwrite a leaf page of ``audit_log`` that is neither its first nor its last: the
    check on opening (first and last rows) does not see it, the full check does."""
    conn = sqlite3.connect(path)
    pages = [r[0] for r in conn.execute(
        "SELECT pageno FROM dbstat WHERE name = 'audit_log' AND pagetype = 'leaf' "
        "ORDER BY path")]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    assert len(pages) >= 3
    with open(path, "r+b") as fh:
        fh.seek((pages[len(pages) // 2] - 1) * page_size + 8)
        fh.write(b"\xa5" * 64)


def test_repair_refuses_a_damaged_file_it_could_open(db, tmp_path):
    path = Path(db.path)
    db.close()
    _damage_a_middle_page(path)
    opened, _ = open_database(path, actor="tester")
    try:
        before = path.read_bytes()
        result = repair(opened, tmp_path)
        assert result.refused is not None and result.backup is None and not result.changes
        assert result.before.damaged and not finding(result.before, "database_damaged").repairable
        assert "cannot be repaired in place" in result.refused.render()
        assert path.read_bytes() == before
    finally:
        opened.close()


def test_a_sound_file_wrongly_marked_damaged_checks_clean(db):
    db.mark_damaged("database is locked")  # a mistaken verdict: the full check decides
    assert maintenance.check(db).clean


def test_closing_the_check_midway_leaves_nothing_behind(db, ent):
    gen = maintenance.check_iter(db)
    next(gen)
    next(gen)
    gen.close()
    assert maintenance.check(db).clean  # the checker's temporary database is gone


def test_fts_declarations_are_read_from_the_schema():
    table = maintenance_db.parse_fts(
        "t", "CREATE VIRTUAL TABLE t USING fts5(a, \"b c\" UNINDEXED, content='x''y', "
             "content_rowid=id, tokenize = 'unicode61 remove_diacritics 0', prefix='2 3')")
    assert table is not None
    assert table.columns == ("a", '"b c" UNINDEXED') and table.content == "x'y"
    assert table.content_rowid == "id"
    assert table.options == ("tokenize = 'unicode61 remove_diacritics 0'", "prefix='2 3'")
    assert maintenance_db.parse_fts("t", "CREATE VIRTUAL TABLE t USING fts5(a, b)") is None
    assert set(maintenance_db.FTS_TRIGGERS) == {"enterprise_fts_ai", "enterprise_fts_ad",
                                                "enterprise_fts_au"}


def test_every_message_is_translated():
    for name in dir(maintenance):
        if name[:2] in ("F_", "C_", "R_"):
            msgid = getattr(maintenance, name)
            assert ZH.gettext(msgid) != msgid, name
    for label in maintenance.TABLE_LABELS.values():
        assert ZH.gettext(label) != label, label


def test_repair_starts_from_the_report_shown(db, ent, tmp_path):
    with raw(db) as conn:
        conn.execute("INSERT INTO enterprise_fts(rowid, name_zh) VALUES (99999, '幽灵公司')")
    shown = maintenance.check(db)
    fixed = maintenance.repair(db, backup_dir=tmp_path / "backups", report=shown)
    assert fixed.before is shown and [c.kind for c in fixed.changes] == ["fts_out_of_step"]
    assert fixed.after.clean


def test_cancelling_a_repair_rolls_the_database_back(db, ent, tmp_path, monkeypatch):
    with raw(db) as conn:
        conn.execute("INSERT INTO enterprise_fts(rowid, name_zh) VALUES (99999, '幽灵公司')")
    inside: list[bool] = []

    def slow(conn, table):
        conn.execute("INSERT INTO enterprise_fts(enterprise_fts) VALUES ('delete-all')")
        inside.append(True)
        while True:
            yield 0.5

    monkeypatch.setattr(maintenance_db, "rebuild_fts", slow)
    gen = maintenance.repair_iter(db, backup_dir=tmp_path / "backups")
    while not inside:
        next(gen)
    gen.close()
    monkeypatch.undo()
    found = finding(maintenance.check(db), "fts_out_of_step")
    assert found.params == {"count": 1, "index": "enterprise_fts", "missing": 0, "extra": 1}
