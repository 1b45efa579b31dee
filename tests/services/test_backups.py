"""Automatic verified backups: snapshot while writing, change detection, rotation with a fake
clock, attachments, listing (old versions' files too) and restore with its safety nets."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import stat
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from coop_desktop import fileio
from coop_desktop.db import backup as raw
from coop_desktop.db import sqlite as sqlite_impl
from coop_desktop.db.migrate import head_revision
from coop_desktop.i18n.catalog import translator
from coop_desktop.services import attachments, backups, enterprises, open_database
from coop_desktop.services.backup_rotation import Policy, keep_indices, local_naive, select
from coop_desktop.services.backups import BackupError

FIXTURE_DIR = Path(__file__).parent.parent / "fixtures" / "db_versions"
POSIX = os.name == "posix"


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@pytest.fixture
def bdir(tmp_path):
    return tmp_path / "backups"


@pytest.fixture
def add_enterprise(db, new_uscc):
    def add(name: str = "测试科技有限公司"):
        return enterprises.create(db, {"name_zh": name, "uscc": new_uscc()}).value
    return add


def _attach(db, tmp_path, enterprise_id, content: bytes, name: str = "licence.pdf"):
    src = tmp_path / "incoming" / name
    src.parent.mkdir(exist_ok=True)
    src.write_bytes(content)
    return attachments.add(db, src, enterprise_id=enterprise_id).value


def _rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _names(path: Path) -> set[str]:
    return {r[0] for r in _rows(path, "SELECT name_zh FROM enterprise")}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------ taking a backup


def test_backup_is_verified_private_and_described(db, tmp_path, bdir, add_enterprise):
    ent = add_enterprise()
    att = _attach(db, tmp_path, ent.id, b"%PDF licence " * 100)
    info = backups.take_backup(db, reason="manual", backup_dir=bdir)

    assert info.path.parent == raw.database_folder(bdir, db.path)
    assert info.path.parent.parent == bdir and info.path.name.endswith("-manual.sqlite")
    assert info.verified and info.reason == "manual" and not info.legacy
    assert info.schema_revision == head_revision() and info.app_version
    assert info.counts["enterprises"] == 1 and info.counts["attachments"] == 1
    assert info.size == info.path.stat().st_size > 0
    assert info.attachments == (att.sha256,) and info.attachments_copied == 1
    assert sqlite_impl.quick_check(info.path) == []
    assert _names(info.path) == {"测试科技有限公司"}
    stored = raw.blob_path(info.path.parent / raw.STORE, att.sha256)
    assert _sha(stored) == att.sha256
    side = json.loads(info.sidecar.read_text(encoding="utf-8"))
    assert side["reason"] == "manual" and side["verified"] is True
    assert side["counts"]["enterprises"] == 1 and side["attachments"] == [att.sha256]
    # Private: every file 0600, every folder we made 0700; no temporary file left.
    for p in [info.path.parent, *info.path.parent.rglob("*")]:
        assert fileio.is_private(p), p
    assert not list(info.path.parent.glob("*.tmp"))
    assert [b.path for b in backups.list_backups(db.path, backup_dir=bdir)] == [info.path]


def test_backup_while_another_thread_writes_is_a_consistent_snapshot(db, bdir):
    """Each transaction writes a batch of rows and bumps a counter: a backup holds every
    committed batch wholly or not at all, and the counter matches."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE probe (batch INTEGER, i INTEGER, pad BLOB)")
        conn.exec_driver_sql("CREATE TABLE probe_count (n INTEGER)")
        conn.exec_driver_sql("INSERT INTO probe_count VALUES (0)")
        conn.exec_driver_sql("CREATE TABLE ballast (b BLOB)")
        conn.exec_driver_sql(  # some bulk, so that a copy takes a while
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 6000) "
            "INSERT INTO ballast SELECT randomblob(2000) FROM n")
    stop = threading.Event()
    failures: list[BaseException] = []

    def writer() -> None:
        batch = 0
        try:
            while not stop.is_set():
                batch += 1
                with db.session() as session:
                    for i in range(20):
                        session.execute(text("INSERT INTO probe VALUES (:b, :i, randomblob(300))"),
                                        {"b": batch, "i": i})
                    session.execute(text("UPDATE probe_count SET n = n + 1"))
        except BaseException as exc:  # noqa: BLE001
            failures.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    taken = []
    try:
        while len(taken) < 5:
            taken.append(backups.take_backup(db, reason="auto", backup_dir=bdir, rotate=False))
    finally:
        stop.set()
        thread.join()
    assert not failures
    seen = []
    for info in taken:
        batches = _rows(info.path, "SELECT batch, count(*) FROM probe GROUP BY batch")
        (committed,), = _rows(info.path, "SELECT n FROM probe_count")
        assert all(n == 20 for _b, n in batches), batches
        assert sorted(b for b, _n in batches) == list(range(1, committed + 1))
        seen.append(committed)
    assert seen == sorted(seen) and seen[-1] > 0


def test_backup_refuses_a_damaged_database_and_leaves_nothing(tmp_path, bdir, db):
    db.close()
    damaged = tmp_path / "damaged.sqlite"
    shutil.copy(db.path, damaged)
    size = damaged.stat().st_size
    with damaged.open("r+b") as fh:  # flip bytes in the middle of the file
        fh.seek(size // 2)
        fh.write(b"\xff" * 4096)
    with pytest.raises(BackupError) as info:
        backups.take_backup(damaged, backup_dir=bdir)
    assert "integrity check" in str(info.value)
    assert "完整性检查" in info.value.render(translator("zh_CN"))
    folder = raw.database_folder(bdir, damaged)
    assert not list(folder.glob("*.sqlite*")) and not list(folder.glob(".backup-*"))


def test_backup_folder_that_cannot_be_used_gives_a_message(db, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(BackupError) as info:
        backups.take_backup(db, backup_dir=blocker)
    assert "backup folder" in str(info.value)


def test_two_databases_sharing_a_backup_folder_are_kept_apart(tmp_path, bdir, _fresh_database_file):
    one, two = tmp_path / "a" / "coop.sqlite", tmp_path / "b" / "coop.sqlite"
    for p in (one, two):
        p.parent.mkdir()
        shutil.copy(_fresh_database_file, p)
    clock = FakeClock(datetime(2025, 3, 1, 9, 0))
    first_of_two = backups.take_backup(two, backup_dir=bdir, now=clock)
    for _ in range(15):  # rotation of one's backups, on the same day
        clock.advance(minutes=30)
        backups.take_backup(one, backup_dir=bdir, now=clock)
    assert raw.database_folder(bdir, one) != raw.database_folder(bdir, two)
    assert len(backups.list_backups(one, backup_dir=bdir)) == 10
    assert [b.path for b in backups.list_backups(two, backup_dir=bdir)] == [first_of_two.path]


def test_concurrent_backups_of_one_database_get_their_own_files(db, bdir):
    results: list = []
    threads = [threading.Thread(target=lambda: results.append(
        backups.take_backup(db, backup_dir=bdir, rotate=False))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({r.path for r in results}) == 3
    assert all(r.path.exists() and r.sidecar.exists() for r in results)


# ------------------------------------------------------------------ when one is due


def test_backup_due_only_after_a_change(db, bdir, add_enterprise):
    assert backups.needs_backup(db, backup_dir=bdir)  # none yet
    first = backups.backup_if_changed(db, backup_dir=bdir)
    assert first is not None and first.reason == "auto"
    assert not backups.needs_backup(db, backup_dir=bdir)
    with db.read() as session:  # reading changes nothing
        session.execute(text("SELECT count(*) FROM enterprise")).scalar_one()
    assert backups.backup_if_changed(db, backup_dir=bdir) is None
    add_enterprise()
    assert backups.needs_backup(db, backup_dir=bdir)
    second = backups.backup_if_changed(db, backup_dir=bdir)
    assert second is not None and second.counts["enterprises"] == 1
    assert backups.backup_if_changed(db, backup_dir=bdir) is None
    # Closing checkpoints the WAL into the file: one more backup ("quit" after closing),
    # and then nothing is due at the next start.
    db.close()
    assert backups.backup_if_changed(db.path, reason="quit", backup_dir=bdir) is not None
    assert not backups.needs_backup(db.path, backup_dir=bdir)


# ------------------------------------------------------------------ rotation


def _office_year(start: datetime) -> list[datetime]:
    """A year of an officer's backups: every 30 minutes from 8:30 to 18:00 on weekdays,
    holidays in August."""
    stamps = []
    day = start
    for _ in range(366):
        if day.weekday() < 5 and day.month != 8:
            t = day.replace(hour=8, minute=30)
            while t.hour < 18:
                stamps.append(t)
                t += timedelta(minutes=30)
        day += timedelta(days=1)
    return stamps


def test_rotation_policy_over_a_simulated_year():
    stamps = _office_year(datetime(2024, 1, 1))
    kept: list[datetime] = []
    for now in stamps:  # a backup, then a rotation, every 30 minutes, for a year
        kept.append(now)
        keep = keep_indices(kept, now)
        kept = [s for i, s in enumerate(kept) if i in keep]
    now = stamps[-1]
    # Applying it after every backup keeps exactly what applying it once would keep.
    once = keep_indices(stamps, now)
    assert kept == [s for i, s in enumerate(stamps) if i in once]
    assert len(kept) <= 10 + 7 + 4 + 12
    assert kept[-10:] == stamps[-10:]  # the newest 10
    days = {s.date() for s in stamps if (now.date() - s.date()).days < 7}
    for d in days:  # the newest of each of the last 7 days
        assert max(s for s in stamps if s.date() == d) in kept
    for weeks_back in range(4):  # the newest of each of the last 4 weeks
        monday = now.date() - timedelta(days=now.weekday(), weeks=weeks_back)
        week = [s for s in stamps if monday <= s.date() < monday + timedelta(days=7)]
        assert max(week) in kept
    months = {(s.year, s.month) for s in stamps if (now.year * 12 + now.month)
              - (s.year * 12 + s.month) < 12}
    assert len(months) == 11  # no backups in August
    for ym in months:  # the newest of each of the last 12 months
        assert max(s for s in stamps if (s.year, s.month) == ym) in kept
    # Nothing older than 12 months survives.
    assert min(kept) >= datetime(now.year - 1, now.month, 1) + timedelta(days=31)


def test_risky_backups_do_not_push_out_regular_history_and_live_as_long():
    now = datetime(2025, 6, 30, 17, 0)
    base = datetime(2025, 6, 30, 8, 0)
    infos = []
    for i in range(12):  # a regular backup every 30 minutes
        infos.append(raw.BackupInfo(Path(f"r{i}"), base + timedelta(minutes=30 * i), "auto", 1))
    for i in range(25):  # a burst of bulk deletions late in the day
        infos.append(raw.BackupInfo(Path(f"k{i}"), base + timedelta(hours=8, seconds=i),
                                    "before-bulk-delete", 1))
    kept, _dropped = select(infos, now)
    names = {i.path.name for i in kept}
    assert {f"r{i}" for i in range(2, 12)} <= names  # the 10 newest regular ones survive
    # Whatever the regular policy would keep of the merged history, risky ones included,
    # is kept (a before-* backup lives at least as long as a regular one would).
    merged = keep_indices([i.created for i in infos], now)
    assert {infos[i].path.name for i in merged} <= names


def test_rotation_on_disk_with_a_fake_clock(db, tmp_path, bdir, add_enterprise):
    ent = add_enterprise()
    att = _attach(db, tmp_path, ent.id, b"old scan " * 500)
    clock = FakeClock(datetime(2024, 1, 3, 10, 0))
    first = backups.take_backup(db, reason="auto", backup_dir=bdir, now=clock)
    store = first.path.parent / raw.STORE
    assert raw.blob_path(store, att.sha256).exists()
    # The attachment is purged for good: later backups do not refer to its file.
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM attachment")
    taken = [first]
    for _ in range(45):  # every 9 days for more than a year, each followed by rotation
        clock.advance(days=9, minutes=17)
        add_enterprise(f"企业{len(taken)}科技有限公司")
        taken.append(backups.take_backup(db, reason="auto", backup_dir=bdir, now=clock))
    on_disk = [b.path for b in backups.list_backups(db.path, backup_dir=bdir)]
    keep = keep_indices([t.created for t in taken], clock.now)
    expected = [t.path for i, t in enumerate(taken) if i in keep]
    assert sorted(on_disk) == sorted(expected)
    assert first.path not in on_disk and not first.sidecar.exists()
    # No remaining backup needs the purged attachment's file: it is gone from the store.
    assert not raw.blob_path(store, att.sha256).exists()
    assert len(on_disk) < len(taken)


def test_rotation_keeps_attachment_files_that_a_remaining_backup_needs(db, tmp_path, bdir,
                                                                        add_enterprise):
    ent = add_enterprise()
    att = _attach(db, tmp_path, ent.id, b"kept scan " * 100)
    clock = FakeClock(datetime(2025, 1, 1, 9, 0))
    for _ in range(14):
        clock.advance(minutes=30)
        backups.take_backup(db, backup_dir=bdir, now=clock)
    folder = raw.database_folder(bdir, db.path)
    assert len(raw.backup_files(folder)) == 10
    assert raw.blob_path(folder / raw.STORE, att.sha256).exists()


def test_rotation_cleans_what_a_killed_backup_left(db, bdir):
    info = backups.take_backup(db, backup_dir=bdir)
    folder = info.path.parent
    (folder / ".backup-abc.tmp").write_bytes(b"half a copy")
    orphan = folder / "coop-20200101-000000-auto.sqlite.json"
    orphan.write_text("{}")
    (folder / raw.STORE / raw.STORE_TMP).mkdir(parents=True)
    (folder / raw.STORE / raw.STORE_TMP / ".x.part").write_bytes(b"part")
    backups.rotate(db.path, backup_dir=bdir)
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == sorted(
        [".lock", info.path.name, info.sidecar.name])
    assert not list((folder / raw.STORE / raw.STORE_TMP).iterdir())


def test_local_time_is_used_for_days():
    aware = datetime(2025, 1, 1, 12, 0).astimezone()
    assert local_naive(aware) == datetime(2025, 1, 1, 12, 0)
    assert keep_indices([], datetime(2025, 1, 1)) == set()
    assert keep_indices([datetime(2030, 1, 1)] * 12, datetime(2025, 1, 1), Policy(last=1)) == set(
        range(12))  # dated in the future (clock changed): kept


# ------------------------------------------------------------------ attachments


def test_attachments_are_copied_incrementally(db, tmp_path, bdir, add_enterprise):
    ent = add_enterprise()
    a = _attach(db, tmp_path, ent.id, b"first file " * 100, "a.pdf")
    one = backups.take_backup(db, backup_dir=bdir)
    stored_a = raw.blob_path(one.path.parent / raw.STORE, a.sha256)
    before = stored_a.stat()
    two = backups.take_backup(db, backup_dir=bdir)
    assert (one.attachments_copied, two.attachments_copied) == (1, 0)
    assert stored_a.stat().st_mtime_ns == before.st_mtime_ns  # not copied again
    b = _attach(db, tmp_path, ent.id, b"second file " * 100, "b.pdf")
    three = backups.take_backup(db, backup_dir=bdir)
    assert three.attachments_copied == 1 and set(three.attachments) == {a.sha256, b.sha256}
    assert _sha(raw.blob_path(three.path.parent / raw.STORE, b.sha256)) == b.sha256


def test_a_renamed_copy_is_backed_up_with_the_files_of_its_original(db, tmp_path, bdir,
                                                                    add_enterprise):
    ent = add_enterprise()
    a = _attach(db, tmp_path, ent.id, b"kept by the original " * 100, "a.pdf")
    copy = db.path.with_name("coop-copy.sqlite")
    assert sqlite_impl.checkpoint(db.engine)  # everything in the file itself, then copy it
    shutil.copy(db.path, copy)  # the user copied the file; its store stays with the original
    assert not (copy.parent / "coop-copy.attachments").exists()
    info = backups.take_backup(copy, backup_dir=bdir)
    assert info.attachments_missing == () and info.attachments_copied == 1
    assert _sha(raw.blob_path(info.path.parent / raw.STORE, a.sha256)) == a.sha256


def test_a_damaged_attachment_file_is_not_copied_but_reported(db, tmp_path, bdir, add_enterprise):
    ent = add_enterprise()
    a = _attach(db, tmp_path, ent.id, b"will be damaged " * 100)
    stored = raw.blob_path(db.attachments_dir, a.sha256)
    os.chmod(stored, 0o600)
    stored.write_bytes(b"changed behind our back")
    info = backups.take_backup(db, backup_dir=bdir)
    assert info.attachments_missing == (a.sha256,) and info.attachments_copied == 0
    assert not raw.blob_path(info.path.parent / raw.STORE, a.sha256).exists()
    assert not list((info.path.parent / raw.STORE / raw.STORE_TMP).iterdir())


# ------------------------------------------------------------------ listing


def test_list_newest_first_with_old_versions_pre_upgrade_copies(db, tmp_path, bdir):
    clock = FakeClock(datetime(2025, 5, 1, 9, 0))
    older = backups.take_backup(db, reason="manual", backup_dir=bdir, now=clock)
    clock.advance(hours=1)
    newer = backups.take_backup(db, reason="before-import", backup_dir=bdir, now=clock)
    # A copy an older version made before upgrading (no sidecar), and a damaged one.
    legacy = bdir / "coop.before-upgrade-0001-20240101-120000.sqlite"
    shutil.copy(FIXTURE_DIR / "v0001.sqlite", legacy)
    broken = tmp_path / "backups" / "coop.before-upgrade-0005-20230101-120000.sqlite"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x01" * 5000)
    # Another database's legacy copy is not listed.
    shutil.copy(FIXTURE_DIR / "v0001.sqlite", bdir / "other.before-upgrade-0001-20240101-120000.sqlite")
    listed = backups.list_backups(db.path, backup_dir=bdir)
    assert [b.path for b in listed] == [newer.path, older.path, legacy, broken]
    old = listed[2]
    assert old.legacy and not old.verified and old.reason == "before-upgrade"
    assert old.schema_revision == "0001" and old.counts["enterprises"] == 2
    assert old.created == datetime(2024, 1, 1, 12, 0).astimezone()
    assert listed[3].problem is not None and listed[3].legacy
    assert listed[0].verified and listed[0].risky and not listed[1].risky
    tr = translator("zh_CN")
    assert tr.gettext(backups.REASON_LABELS[listed[0].reason]) != listed[0].reason
    assert "企业" in backups.describe_counts(old.counts, tr)


# ------------------------------------------------------------------ restore


def _reopen(path: Path):
    database, _ = open_database(path)
    return database


def test_restore_saves_the_current_file_aside_and_brings_the_backup_back(
        db, tmp_path, bdir, add_enterprise):
    add_enterprise("甲科技有限公司")
    backup = backups.take_backup(db, backup_dir=bdir)
    add_enterprise("乙科技有限公司")
    db.close()
    stale = db.path.with_name(".coop.sqlite.restore-killed.tmp")  # left by a killed restore
    stale.write_bytes(b"half a copy")
    report = backups.restore_backup(backup.path, db.path, backup_dir=bdir)
    assert not stale.exists()
    assert _names(db.path) == {"甲科技有限公司"}
    assert report.saved_verified and report.saved_aside is not None
    assert _names(report.saved_aside) == {"甲科技有限公司", "乙科技有限公司"}
    listed = {b.path: b for b in backups.list_backups(db.path, backup_dir=bdir)}
    assert listed[report.saved_aside].reason == "before-restore"
    assert fileio.is_private(db.path)
    assert not sqlite_impl.wal_path(db.path).exists()
    database = _reopen(db.path)  # opens as the app would, and takes writes
    try:
        assert database.verify() and enterprises.count(database) == 1
    finally:
        database.close()


def test_a_stale_wal_of_the_old_file_does_not_corrupt_the_restore(db, tmp_path, bdir,
                                                                   add_enterprise):
    add_enterprise("甲科技有限公司")
    backup = backups.take_backup(db, backup_dir=bdir)
    # The app "crashes" with committed rows still only in its -wal.
    crashed = tmp_path / "crashed" / "coop.sqlite"
    crashed.parent.mkdir()
    assert sqlite_impl.checkpoint(db.engine)
    for i in range(30):
        add_enterprise(f"未检查点企业{i}科技有限公司")
    shutil.copy(db.path, crashed)
    shutil.copy(sqlite_impl.wal_path(db.path), sqlite_impl.wal_path(crashed))
    assert sqlite_impl.wal_path(crashed).stat().st_size > 100_000
    report = backups.restore_backup(backup.path, crashed, backup_dir=bdir)
    assert not sqlite_impl.wal_path(crashed).exists()
    assert raw.full_check(crashed) == [] and _names(crashed) == {"甲科技有限公司"}
    # The rows that were only in the -wal are in the before-restore backup.
    assert len(_names(report.saved_aside)) == 31
    database = _reopen(crashed)
    try:
        assert database.verify() and enterprises.count(database) == 1
    finally:
        database.close()


def test_restore_is_undone_when_the_result_fails_its_checks(db, bdir, add_enterprise,
                                                             monkeypatch):
    add_enterprise("甲科技有限公司")
    backup = backups.take_backup(db, backup_dir=bdir)
    add_enterprise("乙科技有限公司")
    db.close()
    real_check = raw.full_check

    def check(path, **kw):  # the copy checks out; the file in place does not
        return ["row 7 missing from index"] if Path(path) == db.path else real_check(path, **kw)

    monkeypatch.setattr(raw, "full_check", check)
    with pytest.raises(BackupError) as info:
        backups.restore_backup(backup.path, db.path, backup_dir=bdir)
    assert "undone" in str(info.value) and "撤销" in info.value.render(translator("zh_CN"))
    assert _names(db.path) == {"甲科技有限公司", "乙科技有限公司"}
    assert real_check(db.path) == []
    assert not list(db.path.parent.glob(".*.tmp"))


def test_a_restore_that_cannot_be_undone_says_where_the_previous_file_is(
        db, bdir, add_enterprise, monkeypatch):
    from coop_desktop.services import backup_restore

    add_enterprise("甲科技有限公司")
    backup = backups.take_backup(db, backup_dir=bdir)
    add_enterprise("乙科技有限公司")
    db.close()
    real_check, real_put = raw.full_check, backup_restore._put_in_place

    def put(source, target, *, move):
        if not move:  # putting the saved file back: the disk is full now
            raise OSError(28, "No space left on device")
        return real_put(source, target, move=move)

    monkeypatch.setattr(raw, "full_check", lambda path, **kw: ["bad"] if Path(path) == db.path
                        else real_check(path, **kw))
    monkeypatch.setattr(backup_restore, "_put_in_place", put)
    with pytest.raises(BackupError) as info:
        backups.restore_backup(backup.path, db.path, backup_dir=bdir)
    saved = [b for b in backups.list_backups(db.path, backup_dir=bdir)
             if b.reason == "before-restore"]
    assert len(saved) == 1 and str(saved[0].path) in str(info.value)
    assert "No space left" in str(info.value)
    assert _names(saved[0].path) == {"甲科技有限公司", "乙科技有限公司"}


def test_a_damaged_backup_is_refused_and_nothing_changes(db, tmp_path, bdir, add_enterprise):
    add_enterprise()
    backup = backups.take_backup(db, backup_dir=bdir)
    db.close()
    bad = tmp_path / "bad-copy.sqlite"
    shutil.copy(backup.path, bad)
    with bad.open("r+b") as fh:
        fh.seek(bad.stat().st_size // 2)
        fh.write(b"\x00\xff" * 2048)
    before = _sha(db.path)
    with pytest.raises(BackupError) as info:
        backups.restore_backup(bad, db.path, backup_dir=bdir)
    assert "Nothing was changed" in str(info.value)
    assert _sha(db.path) == before
    assert [b.reason for b in backups.list_backups(db.path, backup_dir=bdir)] == ["manual"]
    assert not list(db.path.parent.glob(".*.tmp"))


def test_a_backup_from_a_newer_version_is_refused(db, tmp_path, bdir):
    backup = backups.take_backup(db, backup_dir=bdir)
    db.close()
    newer = tmp_path / "newer.sqlite"
    shutil.copy(backup.path, newer)
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("UPDATE alembic_version SET version_num = 'f00d9999'")
    conn.commit()
    conn.close()
    with pytest.raises(BackupError, match="newer version"):
        backups.restore_backup(newer, db.path, backup_dir=bdir)


def test_restore_over_a_damaged_database_keeps_its_raw_bytes(db, tmp_path, bdir, add_enterprise):
    add_enterprise("甲科技有限公司")
    backup = backups.take_backup(db, backup_dir=bdir)
    db.close()
    with db.path.open("r+b") as fh:
        fh.seek(db.path.stat().st_size // 2)
        fh.write(b"\xff" * 4096)
    damaged_bytes = db.path.read_bytes()
    clock = FakeClock(datetime(2025, 7, 1, 10, 0))
    report = backups.restore_backup(backup.path, db.path, backup_dir=bdir, now=clock)
    assert not report.saved_verified
    assert report.saved_aside == db.path.with_name("coop.sqlite.damaged-20250701-100000")
    assert report.saved_aside.read_bytes() == damaged_bytes and fileio.is_private(report.saved_aside)
    assert _names(db.path) == {"甲科技有限公司"} and raw.full_check(db.path) == []


def test_restore_refuses_while_another_program_has_the_file_open(db, bdir):
    backup = backups.take_backup(db, backup_dir=bdir)
    before = _names(db.path)
    with pytest.raises(BackupError) as info:  # ``db`` (the app) still has connections open
        backups.restore_backup(backup.path, db.path, backup_dir=bdir)
    assert "still in use" in str(info.value)
    assert _names(db.path) == before and raw.full_check(db.path) == []
    assert enterprises.count(db) == 0  # the app's connection works on


def test_restore_brings_back_missing_attachment_files(db, tmp_path, bdir, add_enterprise):
    ent = add_enterprise()
    a = _attach(db, tmp_path, ent.id, b"scan of the licence " * 200)
    backup = backups.take_backup(db, backup_dir=bdir)
    db.close()
    for p in sorted(db.attachments_dir.rglob("*"), reverse=True):  # the store is lost
        os.chmod(p, 0o700)
        p.rmdir() if p.is_dir() else p.unlink()
    report = backups.restore_backup(backup.path, db.path, backup_dir=bdir)
    assert report.attachments_copied == 1 and report.attachments_missing == ()
    restored = raw.blob_path(db.attachments_dir, a.sha256)
    assert _sha(restored) == a.sha256
    if POSIX:
        assert stat.S_IMODE(restored.stat().st_mode) == 0o400
    database = _reopen(db.path)
    try:
        assert attachments.open_path(database, a.id).read_bytes() == b"scan of the licence " * 200
    finally:
        database.close()


def test_preserve_damaged_keeps_raw_bytes_and_wal_privately(db, tmp_path):
    path = db.path
    assert sqlite_impl.checkpoint(db.engine)
    enterprises.create(db, {"name_zh": "日志中的企业科技有限公司", "uscc": "91440300MA5DC5QX2F"})
    wal = sqlite_impl.wal_path(path)
    assert wal.stat().st_size > 0
    kept = backups.preserve_damaged(path, now=lambda: datetime(2025, 2, 3, 4, 5, 6))
    assert kept.name == "coop.sqlite.damaged-20250203-040506"
    assert kept.read_bytes() == path.read_bytes()
    assert sqlite_impl.wal_path(kept).read_bytes() == wal.read_bytes()
    assert fileio.is_private(kept) and fileio.is_private(sqlite_impl.wal_path(kept))
    again = backups.preserve_damaged(path, now=lambda: datetime(2025, 2, 3, 4, 5, 6))
    assert again != kept and again.exists()
